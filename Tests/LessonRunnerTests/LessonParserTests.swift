import LessonModel
import LessonRunner
import Testing

@Suite("Lesson parsing: cells, options, front matter")
struct LessonParserTests {
  @Test func frontMatterAndCellsWithOptions() {
    let source = """
      ---
      title: Weight initialization
      summary: Why zeros fail.
      order: 3
      ---

      # Ignored heading

      ```swift
      //| id: setup
      //| caption: "Loss per step"
      //| echo: false
      let x = 1
      ```

      ```python
      not a cell
      ```

      ```swift norun
      print(x)
      ```
      """
    let lesson = LessonParser.parse(source: source, path: "lessons/03-init.md")
    #expect(lesson.diagnostics.isEmpty, "\(lesson.diagnostics)")
    #expect(lesson.frontMatter == FrontMatter(title: "Weight initialization", summary: "Why zeros fail.", order: 3))
    #expect(lesson.title == "Weight initialization")
    #expect(lesson.cells.count == 2)
    let first = lesson.cells[0]
    #expect(first.code == "let x = 1\n")
    #expect(first.options.id == "setup" && first.options.caption == "Loss per step" && !first.options.echo)
    #expect(first.fenceLine == 9 && first.firstCodeLine == 13)
    #expect(first.runs)
    #expect(!lesson.cells[1].runs && lesson.cells[1].isNoRun)
    // The front matter is blanked, not removed: line numbers still match the file.
    #expect(lesson.body.split(separator: "\n", omittingEmptySubsequences: false).count
      == source.split(separator: "\n", omittingEmptySubsequences: false).count)
  }

  @Test func badOptionsAreErrorsAtTheirLines() {
    let source = """
      # T

      ```swift
      //| ech: false
      //| timeout: soon
      //| error: maybe
      //| eval: no
      //| id: Bad Id
      //| nonsense
      x()
      ```
      """
    let messages = LessonParser.parse(source: source, path: "l.md").diagnostics.map(\.description)
    #expect(messages == [
      "l.md:4:1: error: unknown cell option 'ech'; did you mean 'echo'? (known: echo, output, eval, error, timeout, id, caption, code-fold, echo-expect, exercise, points, grades, hidden)",
      "l.md:5:1: error: option 'timeout' takes a positive number of seconds, got 'soon'",
      "l.md:6:1: error: option 'error' takes 'expected' or 'false', got 'maybe'",
      "l.md:7:1: error: option 'eval' takes 'true' or 'false', got 'no'",
      "l.md:8:1: error: option 'id' takes lowercase letters, digits and '-', got 'Bad Id'",
      "l.md:9:1: error: cell option line must read '//| key: value'",
    ])
  }

  @Test func cellsInListsAndTildeFencesAndUnclosedFences() {
    let source = """
      1. Step one:

         ~~~swift
         //| timeout: 5
         let a = 1
         ~~~

      ```swift cell
      let b = 2
      """
    let lesson = LessonParser.parse(source: source, path: "l.md")
    #expect(lesson.cells.map(\.code) == ["let a = 1\n", "let b = 2\n"])
    #expect(lesson.cells[0].options.timeout == 5 && lesson.cells[0].column == 4 && lesson.cells[0].firstCodeLine == 5)
    #expect(lesson.diagnostics.map(\.description) == [
      "l.md:8:1: error: unknown word 'cell' after 'swift' in the fence; cell options go in '//| key: value' lines, and 'norun' is the only flag",
      "l.md:8:1: error: this code fence is never closed, so the cell runs to the end of the file",
    ])
  }

  @Test func frontMatterProblems() {
    let bad = LessonParser.parse(source: "---\ntitle: [unclosed\n---\n# Real\n", path: "l.md")
    #expect(bad.diagnostics.count == 1 && bad.diagnostics[0].message.hasPrefix("front matter is not valid YAML"))
    #expect(bad.title == "Real")
    let unknown = LessonParser.parse(source: "---\ntitle: A\nauthor: B\norder: x\n---\n", path: "l.md")
    #expect(unknown.diagnostics.map(\.description) == [
      "l.md:3: warning: unknown front matter key 'author' (known: title, summary, order, section, optimize, code-fold, echo-expect)",
      "l.md:4: error: front matter 'order' must be an integer",
    ])
    #expect(LessonParser.parse(source: "no title here\n", path: "lessons/02-data.md").title == "02-data")
  }

  @Test func anOptionLineBelowTheCodeIsAWarning() {
    let lesson = LessonParser.parse(source: "```swift\n//| id: first\nlet a = 1\n//| caption: too late\n```\n", path: "w.md")
    #expect(lesson.cells[0].options.id == "first" && lesson.cells[0].options.caption == nil)
    #expect(lesson.diagnostics.map { "\($0.line) \($0.severity)" } == ["4 warning"])
    #expect(lesson.diagnostics.first?.message.contains("below the cell's code, so it is a comment") == true)
  }

  @Test func aMisspelledFrontMatterKeyGetsASuggestion() {
    let lesson = LessonParser.parse(source: "---\nsumary: S\n---\n# T\n", path: "s.md")
    #expect(lesson.diagnostics.first?.message.hasPrefix("unknown front matter key 'sumary'; did you mean 'summary'?") == true)
  }
}
