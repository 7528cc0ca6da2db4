import CellProtocol
import LessonModel

/// The HTML of a lesson's cells as its page shows them: for each cell, the
/// `<section>` with its code, outputs, figures and claims that the lesson
/// page holds. `lessons notebook` sends these to the open page after a run,
/// which puts them in place of the old ones.
///
/// Figures are numbered and coloured as on the page: from the lesson's
/// first cell, with the colour slots of all the charts the result holds.
///
/// ```swift
/// let sections = CellSections.html(of: lesson, result: result)
/// sections[2]  // "<section class=\"cell cell-passed\" id=\"cell-3\" …"
/// ```
public enum CellSections {
  /// Each cell's section by cell index, for every cell of `lesson`.
  public static func html(
    of lesson: Lesson, result: LessonResult, config: CourseConfig = CourseConfig(), memo: RenderCache? = nil
  ) -> [Int: String] {
    Palette.$slotsByName.withValue(Palette.slots(for: BodyRenderer.charts(of: lesson, result: result))) {
      let renderer = CellRenderer(charts: .site, memo: memo, lesson: lesson, result: result, config: config)
      var figureNumber = 0
      var sections = [Int: String]()
      for cell in lesson.cells { sections[cell.index] = renderer.render(cell, figureNumber: &figureNumber) }
      return sections
    }
  }
}
