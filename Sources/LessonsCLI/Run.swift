import ArgumentParser
import CellProtocol
import Foundation
import LessonModel
import LessonRunner
import Site

/// `lessons run`: execute one lesson and print each cell's outputs, for
/// authors at a terminal; charts are summarized as text (``TerminalChart``),
/// and `--open` shows the rendered page.
struct Run: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run one lesson and print every cell's outputs in the terminal.",
    discussion: """
      Charts print as a sparkline and the first, last, smallest and largest value of each series. \
      With --open the lesson's page is also rendered (into the temporary folder, never into output/) \
      and opened in the browser.
      """)

  @Argument(help: "The lesson to run.")
  var path: String

  @Flag(help: "Also render the lesson's page and open it in the browser.")
  var open = false

  @OptionGroup var options: RunOptions

  func run() async throws {
    let course = try Course.load(paths: [path])
    guard let file = course.lessons.first else { throw CommandError("\(path) is not a lesson") }
    let math = options.makeMathRenderer()
    let result = try await runCourse(course, options, verbosity: .quiet, math: math)[0]
    for cell in file.lesson.cells {
      let outcome = result.cells[cell.index]
      print("── cell \(cell.index + 1) · line \(cell.fenceLine) · \(outcome.status.rawValue)"
        + (outcome.seconds > 0 ? String(format: " · %.2f s", outcome.seconds) : "") + " ──")
      if !outcome.text.isEmpty { print(outcome.text, terminator: outcome.text.hasSuffix("\n") ? "" : "\n") }
      // The cell's caption belongs to its only chart, else under all of them (as on the page).
      let charts = outcome.displays.filter { if case .chart = $0 { true } else { false } }.count
      for item in outcome.displays { print(render(item, cellCaption: charts == 1 ? cell.options.caption : nil)) }
      if charts > 1, let caption = cell.options.caption { print("caption: " + caption) }
      for claim in outcome.expectations {
        print("\(claim.passed ? "✓" : "✗") \(claim.message)")
      }
      if let how = outcome.expectedFailure { print("failed as expected: \(how)") }
      // Each problem once, under its cell, compiler-style.
      for diagnostic in result.diagnostics where diagnostic.cell == cell.index {
        printError(diagnostic.description)
      }
    }
    for expression in file.lesson.inlineExpressions {
      let value = result.inlineValues[expression.index] ?? "(not computed)"
      print("inline value, line \(expression.line): `{swift} \(expression.code)` → \(value)")
    }
    for diagnostic in result.diagnostics where diagnostic.cell == nil { printError(diagnostic.description) }
    print(summaryLine(of: result))
    if open { try openPage(course: course, result: result, math: math) }
    if !result.passed { throw ExitCode.failure }
  }

  /// Renders the lesson's page into a folder of the system's temporary
  /// directory (one per user; the site may not live inside the lessons
  /// folder) and opens it, or says where it is when there is no desktop to
  /// open it on.
  private func openPage(course: Course, result: LessonResult, math: MathRenderer) throws {
    var builder = try SiteOptions.parse([]).makeBuilder(for: course)
    builder.math = math
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-run-\(getuid())")
    try builder.build(course: course, results: [result], into: folder)
    let page = folder.appendingPathComponent(SitePaths.page(forLessonFile: path))
    if !Executables.open(page) { print("open \(page.absoluteString) in a browser") }
  }

  /// A terminal rendering of a rich output; a chart without a caption of
  /// its own takes `cellCaption`.
  private func render(_ item: DisplayItem, cellCaption: String?) -> String {
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
      return TerminalChart.render(chart, caption: caption ?? cellCaption)
    }
  }
}
