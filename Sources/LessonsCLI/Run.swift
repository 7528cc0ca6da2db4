import ArgumentParser
import CellProtocol
import Foundation
import LessonModel
import LessonRunner

/// `lessons run`: execute one lesson and print each cell's outputs, for
/// authors at a terminal.
struct Run: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run one lesson and print every cell's outputs in the terminal.")

  @Argument(help: "The lesson to run.")
  var path: String

  @OptionGroup var options: RunOptions

  func run() async throws {
    let course = try Course.load(paths: [path])
    guard let file = course.lessons.first else { throw CommandError("\(path) is not a lesson") }
    let result = await (try makeCourseRunner(options)).run(course)[0]
    for cell in file.lesson.cells {
      let outcome = result.cells[cell.index]
      print("── cell \(cell.index + 1) · line \(cell.firstCodeLine) · \(outcome.status.rawValue)"
        + (outcome.seconds > 0 ? String(format: " · %.2f s", outcome.seconds) : "") + " ──")
      if !outcome.text.isEmpty { print(outcome.text, terminator: outcome.text.hasSuffix("\n") ? "" : "\n") }
      for item in outcome.displays { print(render(item)) }
      for claim in outcome.expectations {
        print("\(claim.passed ? "✓" : "✗") \(claim.message)")
      }
      if let how = outcome.expectedFailure { print("failed as expected: \(how)") }
      // Each problem once, under its cell, compiler-style.
      for diagnostic in result.diagnostics where diagnostic.cell == cell.index {
        printError(diagnostic.description)
      }
    }
    for diagnostic in result.diagnostics where diagnostic.cell == nil { printError(diagnostic.description) }
    print(summaryLine(of: result))
    if !result.passed { throw ExitCode.failure }
  }

  /// A terminal rendering of a rich output.
  private func render(_ item: DisplayItem) -> String {
    switch item {
    case .text(let text):
      return text
    case .table(let columns, let rows):
      let widths = columns.indices.map { c in ([columns[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
      func line(_ cells: [String]) -> String {
        cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
          .joined(separator: "  ")
      }
      return ([line(columns), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")] + rows.map(line))
        .joined(separator: "\n")
    case .chart(let chart, let caption):
      // What the page notes under the chart (cut data, non-finite values).
      let notes = chart.notes.map { "\n  note: " + $0 }.joined()
      return "[chart: \(chart.title ?? "untitled")\(caption.map { " — \($0)" } ?? "")]" + notes
    }
  }
}
