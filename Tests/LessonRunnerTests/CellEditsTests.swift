@testable import LessonRunner
import LessonModel
import Testing

@Suite("Cell edits: new code in the Markdown, every other byte kept")
struct CellEditsTests {
  /// A lesson with front matter, options, prose and two cells.
  static let source = """
    ---
    title: Edits
    ---

    # Edits

    Prose *stays*.

    ```swift
    //| caption: First
    let a = 1
    print(a)
    ```

    More prose.

    ```swift
    let b = 2
    ```

    """

  @Test func replacesOnlyTheEditedCell() throws {
    let lesson = LessonParser.parse(source: Self.source, path: "l.md")
    let edited = try CellEdits([0: "let a = 10\n\nprint(a * 2)"]).apply(to: lesson)
    #expect(edited == Self.source.replacingOccurrences(of: "let a = 1\nprint(a)\n", with: "let a = 10\n\nprint(a * 2)\n"))
    let reparsed = LessonParser.parse(source: edited, path: "l.md")
    #expect(reparsed.cells.map(\.code) == ["let a = 10\n\nprint(a * 2)\n", "let b = 2\n"])
    #expect(reparsed.cells[0].options.caption == "First")
  }

  /// A CRLF file stays CRLF, new lines included, and the file's last line
  /// keeps its (missing) ending.
  @Test func keepsLineEndings() throws {
    let crlf = Self.source.replacingOccurrences(of: "\n", with: "\r\n") + "Last line"
    let lesson = LessonParser.parse(source: crlf, path: "l.md")
    let edited = try CellEdits([1: "let b = 3\r\nlet c = 4\n"]).apply(to: lesson)
    #expect(edited == crlf.replacingOccurrences(of: "let b = 2\r\n", with: "let b = 3\r\nlet c = 4\r\n"))
    #expect(edited.utf8.filter { $0 == 10 }.count == edited.utf8.filter { $0 == 13 }.count)
  }

  /// Cells in a block quote and in a list keep their prefix on every line;
  /// a blank line in a quote gets a bare `>`.
  @Test func keepsQuoteAndListPrefixes() throws {
    let source = "# Q\n\n> ```swift\n> let a = 1\n> ```\n\n- item\n\n  ```swift\n  let b = 2\n  ```\n"
    let lesson = LessonParser.parse(source: source, path: "l.md")
    let edited = try CellEdits([0: "let a = 5\n\nprint(a)\n", 1: "let b = 6\n"]).apply(to: lesson)
    #expect(edited == "# Q\n\n> ```swift\n> let a = 5\n>\n> print(a)\n> ```\n\n- item\n\n  ```swift\n  let b = 6\n  ```\n")
  }

  /// An empty cell takes new lines; emptying a cell removes its lines.
  @Test func emptyCells() throws {
    let source = "# E\n\n```swift\n```\n\n```swift\nlet x = 1\n```\n"
    let lesson = LessonParser.parse(source: source, path: "l.md")
    let edited = try CellEdits([0: "let y = 2", 1: ""]).apply(to: lesson)
    #expect(edited == "# E\n\n```swift\nlet y = 2\n```\n\n```swift\n```\n")
  }

  /// Code that would close the fence or become an option is refused, with
  /// the reason.
  @Test func refusesEditsThatChangeTheMarkdown() {
    let lesson = LessonParser.parse(source: Self.source, path: "l.md")
    #expect(throws: CellEditError.self) { try CellEdits([1: "let b = 2\n```\nprose\n```swift\n"]).apply(to: lesson) }
    do {
      _ = try CellEdits([1: "//| echo: false\nlet b = 2\n"]).apply(to: lesson)
      Issue.record("an option line was accepted as code")
    } catch {
      #expect(error.cell == 1 && error.message.contains("//|"))
    }
    #expect(throws: CellEditError.self) { try CellEdits([5: "x"]).apply(to: lesson) }
  }

  /// An unclosed fence cannot be edited in place.
  @Test func unclosedFenceIsNotPlaceable() {
    let lesson = LessonParser.parse(source: "# U\n\n```swift\nlet a = 1\n", path: "l.md")
    #expect(CellEdits.uneditableCells(of: lesson)[0]?.contains("no closing fence") == true)
    #expect(throws: CellEditError.self) { try CellEdits([0: "let a = 2\n"]).apply(to: lesson) }
  }

  /// With editable regions, the lines outside them must stay; a region may
  /// grow or shrink.
  @Test func regionsKeepTheirFixedLines() {
    let original = "func f() -> Int {\n  return 0\n}\nexpect(f() == 1, \"f\")\n"
    let regions = [1..<2]
    #expect(CellEdits.keepsFixedLines(of: original, outside: regions, in: "func f() -> Int {\n  let x = 1\n  return x\n}\nexpect(f() == 1, \"f\")\n"))
    #expect(CellEdits.keepsFixedLines(of: original, outside: regions, in: "func f() -> Int {\n}\nexpect(f() == 1, \"f\")\n"))
    #expect(!CellEdits.keepsFixedLines(of: original, outside: regions, in: "func f() -> Int {\n  return 1\n}\n"))
    #expect(!CellEdits.keepsFixedLines(of: original, outside: regions, in: "func g() -> Int {\n  return 1\n}\nexpect(f() == 1, \"f\")\n"))
    #expect(CellEdits.keepsFixedLines(of: "a\nb\nc\nd\ne\n", outside: [1..<2, 3..<4], in: "a\nX\nY\nc\ne\n"))
    #expect(!CellEdits.keepsFixedLines(of: "a\nb\nc\nd\ne\n", outside: [1..<2, 3..<4], in: "a\nX\nd\ne\n"))
    #expect(!CellEdits.keepsFixedLines(of: original, outside: [], in: original + "x\n"))
    let lesson = LessonParser.parse(source: "# R\n\n```swift\n" + original + "```\n", path: "l.md")
    #expect(throws: CellEditError.self) {
      try CellEdits([0: "func f() -> Int { 1 }\n"]).apply(to: lesson, regions: { _ in regions })
    }
  }
}
