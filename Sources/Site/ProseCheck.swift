import Foundation
import LessonModel

/// The problems in lessons' prose that only the site finds: TeX that does
/// not typeset (and KaTeX's strict-mode warnings), cross-references to ids
/// the page lacks, and links to lessons or anchors that do not exist. `lessons check`, `build` and `serve` add them to the
/// lessons' results, so they fail the lesson at their `file.md:LINE:COL`.
public enum ProseCheck {
  /// The problems of every lesson of `course`, by lesson path, sorted by
  /// line. All formulas are typeset in one Node.js run.
  ///
  /// - Throws: ``SiteError`` when Node.js or KaTeX is missing or fails.
  public static func diagnostics(for course: Course, math: MathRenderer) throws -> [String: [Diagnostic]] {
    let spans = course.lessons.map { MathSpan.find(in: $0.lesson) }
    try math.prepare(spans.joined().map(\.formula))
    let siblings = Dictionary(
      course.lessons.map { (URL(fileURLWithPath: $0.lesson.path).standardizedFileURL.path, $0.lesson) },
      uniquingKeysWith: { first, _ in first })
    var byPath = [String: [Diagnostic]]()
    for (file, lessonSpans) in zip(course.lessons, spans) {
      let found = try lessonSpans.flatMap { try math.diagnostics(for: $0, path: file.lesson.path) }
        + CrossReferences.diagnostics(for: file.lesson)
        + LessonLinks.diagnostics(for: file.lesson, siblings: siblings)
      if !found.isEmpty {
        byPath[file.lesson.path] = found.sorted { ($0.line, $0.column ?? 0) < ($1.line, $1.column ?? 0) }
      }
    }
    return byPath
  }
}
