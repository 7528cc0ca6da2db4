import CellProtocol
import Foundation
import LessonModel
import LessonRunner
import Testing

@testable import Site

/// The HTML of a lesson whose cells all passed, rendered with `config`.
private func page(_ markdown: String, config: CourseConfig = CourseConfig()) -> String {
  let lesson = LessonParser.parse(source: markdown, path: "lessons/01-test.md")
  let result = LessonResult(
    path: lesson.path, cells: lesson.cells.map { CellResult(index: $0.index, status: .passed) }, diagnostics: [])
  return BodyRenderer(charts: ChartRenderer(), math: testMath, config: config).render(lesson, result: result).html
}

@Suite("How cells show their code: folding and expect lines")
struct CellDisplayTests {
  @Test func expectStatementsThatFillTheirLinesAreRemoved() {
    let code = """
      let x = 1
      expect(x == 1, "one")
      for i in 0..<2 {
        expect(i < 2,
               "small")   // a comment after it
      }
      let y = x; expect(y == 1, "shares its line")
      myexpect(x)
      """
    let (shown, removed) = ExpectStatements.removing(from: code)
    #expect(removed == 2)
    #expect(shown == """
      let x = 1
      for i in 0..<2 {
      }
      let y = x; expect(y == 1, "shares its line")
      myexpect(x)
      """)
    #expect(ExpectStatements.removing(from: "let z = 2\n") == ("let z = 2\n", 0))
  }

  @Test func echoExpectFalseHidesThemAndSaysWhere() {
    let markdown = "```swift\n//| echo-expect: false\nlet a = 2\nexpect(a == 2, \"two\")\n```\n"
    let html = page(markdown)
    #expect(!html.contains("expect("), "the expect statement is not in the code: \(html)")
    #expect(html.contains("Swift · 1 expect line shown as claims below"))
    #expect(page("```swift\nlet a = 2\nexpect(a == 2, \"two\")\n```\n").contains("expect"))
  }

  @Test func codeFoldUsesADisclosure() {
    let folded = page("```swift\n//| code-fold: true\nlet a = 2\n```\n")
    #expect(folded.contains(#"<details class="cell-code cell-code-fold"><summary class="cell-label">Swift code</summary>"#))
    let open = page("```swift\n//| code-fold: show\nlet a = 2\n```\n")
    #expect(open.contains(#"<details class="cell-code cell-code-fold" open="">"#))
    let shown = page("```swift\nlet a = 2\n```\n")
    #expect(shown.contains(#"<div class="cell-code"><div class="cell-label">Swift</div>"#))
    #expect(!shown.contains("<details"))
  }

  @Test func defaultsComeFromTheCellThenTheLessonThenTheCourse() {
    var config = CourseConfig()
    config.codeFold = .folded
    config.echoExpect = false
    let cell = "```swift\nlet a = 2\nexpect(a == 2, \"two\")\n```\n"
    // The course's defaults.
    let byCourse = page(cell, config: config)
    #expect(byCourse.contains("<details class=\"cell-code cell-code-fold\"><summary"))
    #expect(!byCourse.contains("expect("))
    // The lesson's front matter overrides the course.
    let byLesson = page("---\ncode-fold: false\necho-expect: true\n---\n" + cell, config: config)
    #expect(!byLesson.contains("<details"))
    #expect(byLesson.contains("expect"))
    // The cell's options override both.
    let byCell = page("---\ncode-fold: false\n---\n```swift\n//| code-fold: show\n//| echo-expect: true\nlet a = 2\nexpect(a == 2, \"two\")\n```\n", config: config)
    #expect(byCell.contains("open=\"\""))
    #expect(byCell.contains("expect"))
  }

  @Test func badValuesAreErrorsAtTheirLines() {
    let lesson = LessonParser.parse(
      source: "---\ncode-fold: sometimes\n---\n```swift\n//| code-fold: maybe\nlet a = 1\n```\n", path: "x.md")
    let messages = lesson.diagnostics.filter { $0.severity == .error }.map { "\($0.line): \($0.message)" }
    #expect(messages.contains("2: front matter 'code-fold' must be true, false or show"))
    #expect(messages.contains { $0.hasPrefix("5: ") && $0.contains("'code-fold' takes 'true', 'false' or 'show', got 'maybe'") })
  }

  @Test func codeIsOneBlockPerLineWithItsIndentation() {
    let html = CodeLines.html(#"let x = 1\#n    <span class="tok-comment">/* a\#nb */</span> y\#nz"#)
    #expect(html == #"<span class="code-line" style="--indent: 0">let x = 1\#n</span>"#
      + #"<span class="code-line" style="--indent: 4">    <span class="tok-comment">/* a</span>\#n</span>"#
      + #"<span class="code-line" style="--indent: 0"><span class="tok-comment">b */</span> y\#n</span>"#
      + #"<span class="code-line" style="--indent: 0">z</span>"#)
    // The text is unchanged: copying the code copies it as written.
    let text = html.replacing(/<[^>]+>/, with: "")
    #expect(text == "let x = 1\n    /* a\nb */ y\nz")
  }
}
