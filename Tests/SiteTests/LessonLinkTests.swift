import Foundation
import LessonModel
import LessonRunner
import Testing

@testable import Site

@Suite struct LessonLinkTests {
  private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("links-\(UUID().uuidString)")

  private func lesson(_ name: String, _ source: String) -> Lesson {
    LessonParser.parse(source: source, path: folder.appendingPathComponent(name).path)
  }

  private func siblings(_ lessons: [Lesson]) -> [String: Lesson] {
    Dictionary(uniqueKeysWithValues: lessons.map { (URL(fileURLWithPath: $0.path).standardizedFileURL.path, $0) })
  }

  @Test func linksToMissingLessonsAndAnchorsAreErrorsAtTheirColumns() throws {
    let target = lesson("02-b.md", "# B\n\n## Max-norm constraints\n\n```swift\n//| id: fig-norms\nprint(1)\n```\n")
    let source = lesson(
      "01-a.md",
      """
      # A {#sec-a}

      See [B](02-b.md), [its section](02-b.md#max-norm-constraints), [figure](02-b.md#fig-norms),
      [here](#sec-a), [cell](#cell-1) and [the web](https://example.com/x.md#nothing).

      Broken: [gone](03-c.md), [bad anchor](02-b.md#max-norm), [local](#nowhere).

      """)
    let found = LessonLinks.diagnostics(for: source, siblings: siblings([source, target]))
    #expect(found.map { "\($0.line):\($0.column ?? 0)" } == ["6:9", "6:26", "6:58"])
    #expect(found.map(\.message) == [
      "broken link to `03-c.md`: there is no lesson file 03-c.md next to this lesson",
      "broken link to `02-b.md#max-norm`: 02-b.md has no anchor #max-norm",
      "broken link to `#nowhere`: this page has no anchor #nowhere",
    ])
    #expect(found.allSatisfy { $0.severity == .error })
  }

  @Test func fragmentsMatchAsABrowserDecodesThem() {
    let target = lesson("02-b.md", "# B\n\n## Sweeping λ\n")
    let source = lesson("01-a.md", "# A\n\n[raw](02-b.md#sweeping-λ), [encoded](02-b.md#sweeping-%CE%BB), [wrong](02-b.md#sweeping-%CE%BC).\n")
    let found = LessonLinks.diagnostics(for: source, siblings: siblings([source, target]))
    #expect(found.map(\.message) == ["broken link to `02-b.md#sweeping-%CE%BC`: 02-b.md has no anchor #sweeping-μ"])
  }

  @Test func aLessonThatExistsButIsNotLoadedOnlyNeedsToExist() throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "# B\n".write(to: folder.appendingPathComponent("02-b.md"), atomically: true, encoding: .utf8)
    let source = lesson("01-a.md", "# A\n\n[B](02-b.md#anything) and [C](03-c.md).\n")
    let found = LessonLinks.diagnostics(for: source, siblings: siblings([source]))
    #expect(found.map(\.message) == ["broken link to `03-c.md`: there is no lesson file 03-c.md next to this lesson"])
  }
}
