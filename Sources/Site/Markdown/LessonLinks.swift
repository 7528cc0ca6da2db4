import Foundation
import LessonMarkdown
import LessonModel

/// Broken links between lessons, found before the site is written: a link
/// to `other.md` that names no lesson file, or an anchor (`#momentum`,
/// `other.md#sec-warmup`) that the target page does not have. mdBook and
/// Jupyter Book check the same; here each is an error at the link's
/// `file.md:LINE:COL`, so a green check never ships a dead link.
enum LessonLinks {
  /// The ids a page of `lesson` has: its headings' anchors, its cells' and
  /// labelled equations' ids, and the ids the page generates itself.
  static func anchors(of lesson: Lesson) -> Set<String> {
    var ids = Set(lesson.headings.map(\.anchor))
    ids.formUnion(lesson.cells.compactMap(\.options.id))
    ids.formUnion(MathSpan.find(in: lesson).compactMap(\.label))
    return ids
  }

  /// The broken links of `lesson`. `siblings` are the loaded lessons by
  /// standardized file path. A link to a lesson file that exists but was not
  /// loaded (checking one lesson of a course) only needs the file to exist;
  /// its anchors are checked when the whole course is.
  static func diagnostics(for lesson: Lesson, siblings: [String: Lesson]) -> [Diagnostic] {
    let folder = URL(fileURLWithPath: lesson.path).deletingLastPathComponent()
    // The page's own anchors, found once and only when a link needs them.
    var found: Set<String>?
    func ownAnchors() -> Set<String> {
      if let found { return found }
      let anchors = anchors(of: lesson)
      found = anchors
      return anchors
    }
    return MarkdownDocument(lesson.body).allNodes().compactMap { node in
      guard node.kind == .link, let url = node.url, isLocal(url) else { return nil }
      let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
      let file = String(parts[0])
      // Decoded as a browser does (`#…-%CE%BB` finds the id `…-λ`).
      let fragment = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : nil
      let problem: String?
      if file.isEmpty {
        problem = fragment.flatMap { ownAnchors().contains($0) || PageIDs.isGenerated($0) ? nil : "this page has no anchor #\($0)" }
      } else if file.hasSuffix(".md") {
        let path = folder.appendingPathComponent(file).standardizedFileURL.path
        if let target = siblings[path] {
          problem = fragment.flatMap {
            anchors(of: target).contains($0) || PageIDs.isGenerated($0) ? nil : "\(file) has no anchor #\($0)"
          }
        } else if FileManager.default.fileExists(atPath: path) {
          problem = nil
        } else {
          problem = "there is no lesson file \(file) next to this lesson"
        }
      } else {
        problem = nil
      }
      return problem.map {
        Diagnostic(file: lesson.path, line: node.startLine, column: node.startColumn, message: "broken link to `\(url)`: \($0)")
      }
    }
  }

  /// Whether `url` points inside the course: no scheme, not site-absolute.
  private static func isLocal(_ url: String) -> Bool {
    !url.contains(":") && !url.hasPrefix("/")
  }
}
