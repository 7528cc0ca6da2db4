import LessonModel
import Synchronization

/// The rendered bodies of a site's lessons, kept between builds by a
/// long-running command (`lessons serve`), so that a rebuild renders only
/// the lessons whose text or results changed: a prose edit to one lesson
/// re-renders one page body, not the course.
///
/// A body is reused when the lesson's Markdown, cells, headings and title
/// and its result are all equal to those it was rendered from.
///
/// ```swift
/// var builder = SiteBuilder(theme: try Theme(), courseTitle: "Course")
/// builder.renderCache = RenderCache()   // keep it across rebuilds
/// ```
public final class RenderCache: Sendable {
  private struct Entry {
    var body: String
    var cells: [Cell]
    var headings: [Heading]
    var title: String
    var result: LessonResult?
    var rendered: RenderedBody
  }

  private let entries = Mutex<[String: Entry]>([:])

  /// An empty cache.
  public init() {}

  /// The body of `lesson` with `result`: the kept one when nothing it
  /// depends on changed, else `render()`'s, kept for next time.
  func body(for lesson: Lesson, result: LessonResult?, render: () -> RenderedBody) -> RenderedBody {
    let kept = entries.withLock { $0[lesson.path] }
    if let kept, kept.body == lesson.body, kept.cells == lesson.cells, kept.headings == lesson.headings,
      kept.title == lesson.title, kept.result == result
    {
      return kept.rendered
    }
    let rendered = render()
    let entry = Entry(
      body: lesson.body, cells: lesson.cells, headings: lesson.headings, title: lesson.title, result: result,
      rendered: rendered)
    entries.withLock { $0[lesson.path] = entry }
    return rendered
  }
}
