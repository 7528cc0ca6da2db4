import Foundation
import CellProtocol
import LessonModel
import Markup

/// Renders one cell: its highlighted code (unless `echo: false`; folded
/// under a toggle with `code-fold`, without its `expect` lines with
/// `echo-expect: false`) and, under it, its outputs (unless `output: false`):
/// printed text, values, tables, figures with captions, claims, and failures
/// shown plainly.
///
/// An exercise is a box headed "Exercise ID · N points". On the instructor's
/// site each solution region is folded under a "Solution" toggle (course
/// config `show-solutions: false` shows the students' placeholders
/// instead); in the student edition the code is shown as students have it.
/// Cells of checks are labelled "Checks for ID" ("Hidden checks for ID"),
/// and in the student edition failing ones say the exercise is not yet
/// solved.
///
/// Every string that comes from the lesson or from the cell's run is escaped.
struct CellRenderer {
  let charts: ChartRenderer
  /// Code and charts from earlier builds (`lessons serve`), or `nil`.
  var memo: RenderCache? = nil
  let lesson: Lesson
  let result: LessonResult?
  /// The course's settings (the defaults of `code-fold` and `echo-expect`).
  var config = CourseConfig()

  /// The number of each cell's first figure on the page, by cell index:
  /// figures are numbered in cell order, as ``render(_:figureNumber:)``
  /// numbers them.
  static func firstFigureNumbers(of lesson: Lesson, result: LessonResult?) -> [Int: Int] {
    var numbers = [Int: Int](), count = 0
    for cell in lesson.cells where cell.options.output && cell.runs {
      guard let outcome = result?.cells.first(where: { $0.index == cell.index }) else { continue }
      let charts = figureCount(outcome)
      if charts > 0 { numbers[cell.index] = count + 1 }
      count += charts
    }
    return numbers
  }

  /// The cell's HTML; `figureNumber` counts figures across the page.
  func render(_ cell: Cell, figureNumber: inout Int) -> String {
    let outcome = result?.cells.first { $0.index == cell.index }
    let status = outcome?.status.rawValue ?? "not-run"
    let anchor = cell.options.id ?? "cell-\(cell.index + 1)"
    let exercise = lesson.exercises.first { $0.cell == cell.index }
    var classes = "cell cell-\(status)"
    var children = [Node]()
    if let exercise {
      classes += " exercise"
      let points = "\(exercise.points) point\(exercise.points == 1 ? "" : "s")"
      children.append(.element("h4", ["class": "exercise-title"], [.text("Exercise \(exercise.id) · \(points)")]))
    }
    if cell.options.grades != nil { classes += " exercise-checks" }
    if cell.options.echo {
      children.append(codeNode(cell, exercise: exercise))
    }
    if cell.options.output, let outcome, cell.runs {
      var outputs = outputNodes(cell, outcome, figureNumber: &figureNumber)
      if let id = cell.options.grades, config.edition == .student, outcome.status != .passed {
        outputs.append(.element("div", ["class": "cell-note exercise-unsolved", "role": "note"], [
          .text("Not yet solved: these checks pass once exercise \(id) is written.")
        ]))
      }
      if !outputs.isEmpty { children.append(.element("div", ["class": "cell-outputs"], outputs)) }
    }
    return Node.element(
      "section", ["class": classes, "id": anchor, "data-line": String(cell.firstCodeLine)], children
    ).render() + "\n"
  }

  /// Whether solution regions are shown (under a toggle): on the
  /// instructor's site, unless the course config says otherwise.
  private var revealsSolutions: Bool { config.edition == .instructor && config.showSolutions }

  /// The cell's code as the page shows it: an exercise's with its
  /// placeholders when solutions are not shown on the instructor's site.
  private func displayedCode(_ cell: Cell, exercise: Exercise?) -> String {
    guard let exercise, config.edition == .instructor, !config.showSolutions else { return cell.code }
    return exercise.studentCode(cell.code)
  }

  /// The cell's code as shown: highlighted, maybe without its `expect`
  /// statements, maybe folded, an exercise's solutions under toggles.
  private func codeNode(_ cell: Cell, exercise: Exercise?) -> Node {
    let echoExpect = cell.options.echoExpect ?? lesson.frontMatter.echoExpect ?? config.echoExpect ?? true
    let shown = displayedCode(cell, exercise: exercise)
    let (code, hidden) = echoExpect
      ? (shown, 0) : memo?.removingExpects(from: shown) ?? ExpectStatements.removing(from: shown)
    var label = cell.options.grades.map { (cell.options.hidden ? "Hidden checks for " : "Checks for ") + $0 } ?? "Swift"
    if cell.options.hidden { label += " · not in the student edition" }
    if cell.isNoRun || !cell.options.eval { label += " · not run" }
    if cell.options.expectsError { label += " · expected to fail" }
    if hidden > 0 { label += " · \(hidden) expect line\(hidden == 1 ? "" : "s") shown as claims below" }
    let highlighted = memo?.highlighted(code) ?? CodeLines.html(SwiftHighlighter.html(for: code))
    let listing = exercise != nil && revealsSolutions ? solutionListing(code, highlighted: highlighted) : Self.pre(highlighted)
    let fold = cell.options.codeFold ?? lesson.frontMatter.codeFold ?? config.codeFold ?? .shown
    guard fold != .shown else {
      return .element("div", ["class": "cell-code"], [.element("div", ["class": "cell-label"], [.text(label)]), listing])
    }
    // A native disclosure: works without JavaScript, in print it is opened.
    return .element("details", ["class": "cell-code cell-code-fold"].merging(fold == .foldable ? ["open": ""] : [:]) { a, _ in a }, [
      .element("summary", ["class": "cell-label"], [.text(label.replacingOccurrences(of: "Swift", with: "Swift code", options: .anchored))]),
      listing,
    ])
  }

  /// Highlighted code lines in a `pre` block.
  private static func pre(_ highlighted: String) -> Node {
    .element("pre", [.element("code", ["class": "language-swift"], [.raw(highlighted)])])
  }

  /// An exercise's code with each solution region (its markers and
  /// placeholder lines left out) folded under a "Solution" toggle, a
  /// native disclosure that works from the keyboard and without
  /// JavaScript, and is opened for printing.
  private func solutionListing(_ code: String, highlighted: String) -> Node {
    let lines = CodeLines.lines(highlighted)
    let regions = SolutionMarkers.scan(code.split(separator: "\n", omittingEmptySubsequences: false), firstLine: 0).regions
    var nodes = [Node](), next = 0
    func starter(upTo end: Int) {
      let shown = lines[min(next, lines.count)..<min(max(end, next), lines.count)]
      if !shown.isEmpty { nodes.append(Self.pre(shown.joined())) }
    }
    for region in regions {
      starter(upTo: region.begin)
      let solution = lines[min(region.solution.lowerBound, lines.count)..<min(region.solution.upperBound, lines.count)]
      nodes.append(.element("details", ["class": "solution", "style": "--indent: \(region.indentation.count)"], [
        .element("summary", [.text("Solution · \(solution.count) line\(solution.count == 1 ? "" : "s")")]),
        Self.pre(solution.joined()),
      ]))
      next = region.end + 1
    }
    starter(upTo: lines.count)
    return .element("div", ["class": "exercise-code"], nodes)
  }

  /// Adds to `section` what a reader sees of `cell` besides prose: the
  /// names in its code (when shown), and its figures' captions and titles
  /// and its claims (when its outputs are shown).
  func addSearchTerms(of cell: Cell, to section: inout SearchSection) {
    if cell.options.echo {
      let code = displayedCode(cell, exercise: lesson.exercises.first { $0.cell == cell.index })
      section.code += (memo?.codeNames(code) ?? CodeNames.of(code)).filter { !section.code.contains($0) }
    }
    guard cell.options.output, cell.runs, let outcome = result?.cells.first(where: { $0.index == cell.index }) else { return }
    let figureCount = Self.figureCount(outcome)
    for case .chart(let chart, let caption) in outcome.displays {
      section.captions += [chart.title, Self.caption(caption, of: cell, figureCount: figureCount)]
        .compactMap { $0 }.filter { !$0.isEmpty }
    }
    if figureCount != 1, let caption = cell.options.caption { section.captions.append(caption) }
    section.claims += outcome.expectations.map(\.message)
  }

  /// How many figures (charts) a cell's outcome shows.
  private static func figureCount(_ outcome: CellResult) -> Int {
    outcome.displays.filter { if case .chart = $0 { return true } else { return false } }.count
  }

  /// A figure's caption: its own, or the cell's `caption` option when the
  /// figure is the cell's only one (otherwise that caption goes under all).
  private static func caption(_ own: String?, of cell: Cell, figureCount: Int) -> String? {
    own ?? (figureCount == 1 ? cell.options.caption : nil)
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
    let figureCount = Self.figureCount(outcome)
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
        let text = Self.caption(caption, of: cell, figureCount: figureCount)
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
