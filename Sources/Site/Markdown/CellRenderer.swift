import CellProtocol
import LessonModel
import Markup

/// Renders one cell: its highlighted code (unless `echo: false`) and, under
/// it, its outputs (unless `output: false`): printed text, values, tables,
/// figures with captions, claims, and failures shown plainly.
///
/// Every string that comes from the lesson or from the cell's run is escaped.
struct CellRenderer {
  let charts: ChartRenderer
  /// Code and charts from earlier builds (`lessons serve`), or `nil`.
  var memo: RenderCache? = nil
  let lesson: Lesson
  let result: LessonResult?

  /// The cell's HTML; `figureNumber` counts figures across the page.
  func render(_ cell: Cell, figureNumber: inout Int) -> String {
    let outcome = result?.cells.first { $0.index == cell.index }
    let status = outcome?.status.rawValue ?? "not-run"
    let anchor = cell.options.id ?? "cell-\(cell.index + 1)"
    var children = [Node]()
    if cell.options.echo {
      var label = "Swift"
      if cell.isNoRun || !cell.options.eval { label += " · not run" }
      if cell.options.expectsError { label += " · expected to fail" }
      children.append(
        .element("div", ["class": "cell-code"], [
          .element("div", ["class": "cell-label"], [.text(label)]),
          .element("pre", [
            .element("code", ["class": "language-swift"], [.raw(memo?.highlighted(cell.code) ?? SwiftHighlighter.html(for: cell.code))])
          ]),
        ]))
    }
    if cell.options.output, let outcome, cell.runs {
      let outputs = outputNodes(cell, outcome, figureNumber: &figureNumber)
      if !outputs.isEmpty { children.append(.element("div", ["class": "cell-outputs"], outputs)) }
    }
    return Node.element(
      "section", ["class": "cell cell-\(status)", "id": anchor, "data-line": String(cell.firstCodeLine)], children
    ).render() + "\n"
  }

  /// Whether every cell is a number as LessonKit writes them (`12`,
  /// `-0.031`, `1.297e+04`, `48.3 %`, `nan`, `inf`), and there is one.
  static func isNumeric(_ cells: [String]) -> Bool {
    let number = /-?[0-9][0-9,]*(\.[0-9]+)?(e[+-][0-9]+)?(\u{A0}%)?|nan|-?inf/
    return !cells.isEmpty && cells.allSatisfy { $0.wholeMatch(of: number) != nil }
  }

  private func outputNodes(_ cell: Cell, _ outcome: CellResult, figureNumber: inout Int) -> [Node] {
    var nodes = [Node]()
    if !outcome.text.isEmpty {
      nodes.append(.element("pre", ["class": "output-text"], [.text(outcome.text)]))
    }
    let figureCount = outcome.displays.filter { if case .chart = $0 { return true } else { return false } }.count
    for item in outcome.displays {
      switch item {
      case .text(let text):
        nodes.append(.element("pre", ["class": "output-value"], [.text(text)]))
      case .table(let columns, let rows):
        // Columns of numbers align right, so their digits line up.
        let numeric = columns.indices.map { column in Self.isNumeric(rows.map { column < $0.count ? $0[column] : "" }) }
        let attributes = { (column: Int) in column < numeric.count && numeric[column] ? ["class": "num"] : [:] }
        nodes.append(.element("div", ["class": "table-wrap output-table"], [
          .element("table", [
            .element("thead", [.element("tr", columns.enumerated().map { .element("th", attributes($0), [.text($1)]) })]),
            .element("tbody", rows.map { row in
              .element("tr", row.enumerated().map { .element("td", attributes($0), [.text($1)]) })
            }),
          ])
        ]))
      case .chart(let chart, let caption):
        figureNumber += 1
        let id = "fig-\(figureNumber)"
        let text = caption ?? (figureCount == 1 ? cell.options.caption : nil)
        var figure: [Node] = [.raw(memo?.chart(chart, id: id, renderer: charts) ?? charts.render(chart, id: id))]
        figure.append(.element("figcaption", [
          .element("span", ["class": "figure-number"], [.text("Figure \(figureNumber)")]),
          .text(text.map { ". " + $0 } ?? ""),
        ]))
        nodes.append(.element("figure", ["class": "chart-figure", "id": id], figure))
      }
    }
    if figureCount != 1, let caption = cell.options.caption {
      nodes.append(.element("p", ["class": "cell-caption"], [.text(caption)]))
    }
    if !outcome.expectations.isEmpty {
      nodes.append(.element("ul", ["class": "claims"], outcome.expectations.map { claim in
        .element("li", ["class": claim.passed ? "claim claim-passed" : "claim claim-failed"], [
          .element("span", ["class": "claim-mark", "aria-label": claim.passed ? "holds" : "fails"], [.text(claim.passed ? "✓" : "✗")]),
          .text(" " + claim.message),
          claim.passed ? .group([]) : .element("span", ["class": "claim-line"], [.text(" (\(lesson.path):\(claim.line))")]),
        ])
      }))
    }
    if let how = outcome.expectedFailure {
      nodes.append(.element("div", ["class": "cell-note", "role": "note"], [.text("failed as expected: " + how)]))
    }
    if let failure = outcome.failure {
      nodes.append(.element("div", ["class": "cell-failure", "role": "alert"], [.text("This cell failed: " + failure)]))
    }
    if outcome.status == .notRun {
      nodes.append(.element("div", ["class": "cell-note"], [.text("Not run: an earlier cell stopped the lesson.")]))
    }
    return nodes
  }
}
