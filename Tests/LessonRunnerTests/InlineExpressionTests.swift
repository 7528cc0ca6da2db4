import CellProtocol
import Foundation
import LessonModel
import Testing

@testable import LessonRunner

/// A lesson with inline expressions before, between and after its cells.
private let source = """
  # Inline values

  Before any cell: `{swift} 1 + 1`.

  ```swift
  let accuracy: Float = 0.9731
  ```

  Accuracy: `{swift} accuracy * 100` %, and ``{swift}   format(accuracy)``; plain `code` stays.

  ```swift
  let name = "spiral"
  ```

  - On `{swift} name`.
  """

@Suite("Inline expressions in prose")
struct InlineExpressionTests {
  @Test func theParserFindsEachExpressionItsColumnAndTheCellBeforeIt() {
    let lesson = LessonParser.parse(source: source, path: "inline.md")
    #expect(lesson.diagnostics.isEmpty)
    let found = lesson.inlineExpressions
    #expect(found.map(\.code) == ["1 + 1", "accuracy * 100", "format(accuracy)", "name"])
    #expect(found.map(\.line) == [3, 9, 9, 15])
    // Columns are where each expression starts (bytes, 1-based).
    #expect(found.map(\.column) == [27, 20, 55, 15])
    #expect(found.map(\.spanColumn) == [19, 12, 45, 7])
    #expect(found.map(\.afterCell) == [nil, 0, 0, 1])
  }

  @Test func malformedExpressionsAreErrorsAtTheirSpans() {
    let lesson = LessonParser.parse(
      source: "Text: `{swift}`, `{swift}x`, split: `{swift} a +\nb`.\n\nReserved: `{swift} __lessons_inline0`.\n", path: "bad.md")
    #expect(lesson.inlineExpressions.isEmpty)
    #expect(lesson.diagnostics.dropLast().map { "\($0.line):\($0.column ?? 0): \($0.message)" } == [
      "1:38: an inline expression must fit on one line; shorten it or compute it in a cell",
    ])
    #expect(lesson.diagnostics.last.map { "\($0.line):\($0.column ?? 0): \($0.message)" }
      == "4:12: names starting with '__lessons_' are reserved for the lesson runner")
  }

  @Test func eachExpressionRunsAfterTheCellBeforeIt() {
    let lesson = LessonParser.parse(source: source, path: "inline.md")
    let program = ProgramGenerator(lessonPath: "inline.md").program(for: lesson.cells, inline: lesson.inlineExpressions).source
    let lines = program.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let first = lines.firstIndex(of: "let __lessons_inline0 = 1 + 1")!
    #expect(first < lines.firstIndex(of: "__lessons_startCell(0)")!)
    #expect(lines[first - 1] == #"#sourceLocation(file: "inline.md", line: 3)"#)
    let accuracy = lines.firstIndex(of: "let __lessons_inline1 = accuracy * 100")!
    #expect(accuracy > lines.firstIndex(of: "__lessons_finishCell(0)")! && accuracy < lines.firstIndex(of: "__lessons_startCell(1)")!)
    #expect(lines[accuracy + 2] == "__lessons_inlineValue(1, __lessons_inline1)")
  }

  @Test func aValueThatNeverArrivedFailsALessonThatOtherwisePassed() {
    let lesson = LessonParser.parse(source: source, path: "inline.md")
    let events: [RuntimeEvent] = [
      .inlineValue(index: 0, text: "2"),
      .cellStarted(cell: 0, outputOffset: 0), .cellFinished(cell: 0, outputOffset: 0, seconds: 0),
      .inlineValue(index: 1, text: "97.31"), .inlineValue(index: 2, text: String(repeating: "x", count: 201)),
      .cellStarted(cell: 1, outputOffset: 0), .cellFinished(cell: 1, outputOffset: 0, seconds: 0),
    ]
    let result = ExecutionInterpreter(lesson: lesson, confirmed: [:], textLimit: 1000).interpret(
      Execution(events: events, output: Data(), termination: .exited(0), seconds: 0))
    #expect(result.inlineValues == [0: "2", 1: "97.31", 2: String(repeating: "x", count: 201)])
    #expect(result.diagnostics.map { "\($0.line):\($0.column ?? 0)" } == ["9:55", "15:15"])
    #expect(result.diagnostics[0].message.hasPrefix("this inline expression's value is 201 characters long"))
    #expect(result.diagnostics[1].message == "this inline expression was never evaluated")
  }

  @Test func valuesAreComputedAndErrorsPointIntoTheProse() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let runner = Runner(toolchain: try Toolchain.locate())
    let good = await runner.run(LessonParser.parse(source: source, path: "inline.md"), lessonDirectory: folder)
    #expect(good.passed, "\(good.diagnostics)")
    #expect(good.inlineValues == [0: "2", 1: "97.31", 2: "0.9731", 3: "spiral"])

    // A misspelled name and a type error, each at its own column; the cell before them still runs.
    let broken = source.replacingOccurrences(of: "`{swift} name`", with: "`{swift} nmae` and `{swift} accuracy + name`")
    let result = await runner.run(LessonParser.parse(source: broken, path: "inline.md"), lessonDirectory: folder)
    #expect(!result.passed)
    #expect(result.diagnostics.filter { $0.severity == .error }.map { "\($0.line):\($0.column ?? 0): \($0.message)" } == [
      "15:15: cannot find 'nmae' in scope",
      "15:43: binary operator '+' cannot be applied to operands of type 'Float' and 'String'",
    ])
    #expect(result.cells.map(\.status) == [.passed, .passed])
    #expect(result.inlineValues == [0: "2", 1: "97.31", 2: "0.9731"])

    // A cell that does not compile: the cells before it run with their
    // values, and the values after it are not reported as never evaluated.
    let brokenCell = source.replacingOccurrences(of: "let name = \"spiral\"", with: "let name: Int = \"spiral\"")
    let partial = await runner.run(LessonParser.parse(source: brokenCell, path: "inline.md"), lessonDirectory: folder)
    #expect(partial.cells.map(\.status) == [.passed, .failed])
    #expect(partial.inlineValues == [0: "2", 1: "97.31", 2: "0.9731"])
    #expect(partial.diagnostics.filter { $0.severity == .error }.map(\.line) == [12], "\(partial.diagnostics)")
  }
}
