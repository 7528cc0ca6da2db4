import CellProtocol
import Foundation

/// A chart as a few lines of text for `lessons run`: the title and caption,
/// then one line per series with a sparkline and the numbers an author
/// checks first (first and last value, minimum, maximum), so a terminal run
/// answers "did the loss go down?" without opening the page.
///
/// ```text
/// chart: Loss per epoch (log y) — Training and validation loss per epoch.
///   x: epoch · y: cross-entropy
///   train       █▆▄▃▂▂▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁  1.09 → 0.0402  (min 0.0402 at 59, max 1.09 at 0)
/// ```
enum TerminalChart {
  /// The sparkline's width in characters.
  static let width = 24
  private static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// The lines that describe `chart`, indented under a `chart:` line.
  static func render(_ chart: Chart, caption: String?) -> String {
    var head = "chart: " + (chart.title ?? untitled(chart.kind))
    let logY: Bool
    switch chart.kind {
    case .line(_, let log), .scatter(_, _, _, _, let log): logY = log
    default: logY = false
    }
    let scales = [chart.logX ? "log x" : nil, logY ? "log y" : nil].compactMap { $0 }
    if !scales.isEmpty { head += " (" + scales.joined(separator: ", ") + ")" }
    if let caption { head += " — " + caption }
    var lines = [head]
    let axes = [chart.xLabel.map { "x: " + $0 }, chart.yLabel.map { "y: " + $0 }].compactMap { $0 }
    if !axes.isEmpty { lines.append("  " + axes.joined(separator: " · ")) }
    lines += body(chart.kind).map { "  " + $0 }
    lines += chart.marks.map { "  mark: " + describe($0) }
    lines += chart.notes.map { "  note: " + $0 }
    return lines.joined(separator: "\n")
  }

  /// What an untitled chart is called: "slider over epoch" for a slider,
  /// else "untitled".
  private static func untitled(_ kind: Chart.Kind) -> String {
    if case .slider(let parameter, _, _, _) = kind { return "slider over " + parameter }
    return "untitled"
  }

  /// The lines for one kind of chart, unindented.
  private static func body(_ kind: Chart.Kind) -> [String] {
    switch kind {
    case .line(let series, let logY):
      let width = series.map(\.name.count).max() ?? 0
      return series.map { lineSummary($0, logY: logY, nameWidth: width) }
    case .histogram(let series):
      let width = series.map(\.name.count).max() ?? 0
      return series.map { histogramSummary($0, nameWidth: width) }
    case .histogramGrid(let rows, let columns, let cells):
      let width = (rows.map(\.count).max() ?? 0) + (columns.map(\.count).max() ?? 0) + 3
      return zip(rows, cells).flatMap { row, cells in
        zip(columns, cells).map { column, cell in
          var named = cell
          named.name = "\(row) · \(column)"
          return histogramSummary(named, nameWidth: width)
        }
      }
    case .bar(let categories, let series, _):
      let width = series.map(\.name.count).max() ?? 0
      return series.map { bar in
        pad(bar.name, width) + "  " + zip(categories, bar.values).map { "\($0) \(number($1))" }.joined(separator: ", ")
      }
    case .scatter(let points, let classNames, let lines, let colorScale, let logY):
      let width = lines.map(\.name.count).max() ?? 0
      let coloured = colorScale.map { [valueSummary(points, label: $0.label)] } ?? scatterSummary(points, classNames: classNames)
      return coloured + lines.map { lineSummary($0, logY: logY, nameWidth: width) }
    case .heatmap(let grid, let points, let classNames):
      return [regionSummary(grid, classNames: classNames)] + scatterSummary(points, classNames: classNames)
    case .contour(let grid, _, let path):
      var lines = [gridSummary(grid)]
      if let first = path.first, let last = path.last {
        lines.append("path of \(path.count) points from \(pair(first.x, first.y)) to \(pair(last.x, last.y))")
      }
      return lines
    case .valueGrid(let rows, let columns, let values, let colorScale, _):
      let width = rows.map(\.count).max() ?? 0
      return [(colorScale.label ?? "value") + " by row, for columns " + columns.joined(separator: ", ") + ":"]
        + zip(rows, values).map { row, values in
          "  " + pad(row, width) + "  " + values.map { $0.isFinite ? number($0) : "–" }.joined(separator: "  ")
        }
    case .variants(let parameter, let labels, let charts, _):
      return zip(labels, charts).flatMap { label, chart in
        ["\(parameter) = \(label):"] + body(chart.kind).map { "  " + $0 }
      }
    case .slider(let parameter, let labels, let charts, _):
      // The frames the page prints: the first, the middle and the last.
      let shown = Array(Set([0, (charts.count - 1) / 2, charts.count - 1])).filter { $0 >= 0 }.sorted()
      return ["the first, middle and last of \(charts.count) frames:"]
        + shown.flatMap { index in
          ["\(parameter) = \(index < labels.count ? labels[index] : "\(index + 1)"):"]
            + body(charts[index].kind).map { "  " + $0 }
        }
    case .network(let layers, let dropped):
      var lines = ["layers " + layers.map(String.init).joined(separator: " → ")]
      for (index, mask) in dropped.enumerated() where mask.contains(true) && index < layers.count {
        let units = mask.indices.filter { mask[$0] }.map { String($0 + 1) }
        let name = index == 0 ? "input" : index == layers.count - 1 ? "output" : "hidden layer \(index)"
        lines.append("\(name): \(units.count) of \(layers[index]) dropped (units " + units.joined(separator: ", ") + ")")
      }
      return lines
    }
  }

  /// `name  ▇▅▃▂▁  first → last  (min … at x, max … at x)`.
  private static func lineSummary(_ series: Series, logY: Bool, nameWidth: Int) -> String {
    let finite = series.points.filter { $0.x.isFinite && $0.y.isFinite }
    guard let first = finite.first, let last = finite.last,
      let lowest = finite.min(by: { $0.y < $1.y }), let highest = finite.max(by: { $0.y < $1.y })
    else { return pad(series.name, nameWidth) + "  (no finite values)" }
    let total = series.downsampledFrom?.points ?? series.points.count
    let skipped = series.downsampledFrom?.nonFinite ?? (series.points.count - finite.count)
    let scale: (Double) -> Double? = { y in logY ? (y > 0 ? log10(y) : nil) : y }
    return pad(series.name, nameWidth) + "  " + sparkline(series.points.map { $0.y.isFinite ? scale($0.y) : nil })
      + "  \(number(first.y)) → \(number(last.y))"
      + "  (min \(number(lowest.y)) at \(number(lowest.x)), max \(number(highest.y)) at \(number(highest.x)); \(total) points"
      + (skipped > 0 ? ", \(skipped) not finite" : "") + ")"
  }

  /// `name  ▁▃▇▃▁  from lo to hi, n values (k outside)`.
  private static func histogramSummary(_ series: HistogramSeries, nameWidth: Int) -> String {
    let total = series.counts.reduce(0, +)
    var extra = [String]()
    if series.outside > 0 { extra.append("\(series.outside) outside") }
    if series.notANumber > 0 { extra.append("\(series.notANumber) NaN") }
    return pad(series.name, nameWidth) + "  " + sparkline(series.counts.map { Double($0) })
      + "  \(number(series.lowerBound)) to \(number(series.upperBound)), \(total) values"
      + (extra.isEmpty ? "" : " (" + extra.joined(separator: ", ") + ")")
  }

  /// Points coloured by a value: how many, and where the smallest and
  /// largest values are.
  private static func valueSummary(_ points: [ScatterPoint], label: String?) -> String {
    let valued = points.filter { $0.value?.isFinite == true }
    guard let low = valued.min(by: { $0.value! < $1.value! }), let high = valued.max(by: { $0.value! < $1.value! }) else {
      return "\(points.count) points without values"
    }
    return "\(points.count) points by \(label ?? "value"): lowest \(number(low.value!)) at \(pair(low.x, low.y)), highest \(number(high.value!)) at \(pair(high.x, high.y))"
  }

  /// One line per class: how many points and where they lie.
  private static func scatterSummary(_ points: [ScatterPoint], classNames: [String]) -> [String] {
    let byLabel = Dictionary(grouping: points, by: \.label)
    let width = classNames.map(\.count).max() ?? 0
    return byLabel.keys.sorted().map { label in
      let group = byLabel[label]!
      let name = classNames.indices.contains(label) ? classNames[label] : "class \(label)"
      let xs = group.map(\.x), ys = group.map(\.y)
      return pad(name, width) + "  \(group.count) points, x \(range(xs)), y \(range(ys))"
    }
  }

  /// How much of a decision-region grid (class indices) each class takes.
  private static func regionSummary(_ grid: Grid, classNames: [String]) -> String {
    let counts = Dictionary(grouping: grid.values.filter(\.isFinite), by: { Int($0) }).mapValues(\.count)
    let shares = counts.keys.sorted().map { label in
      let name = classNames.indices.contains(label) ? classNames[label] : "class \(label)"
      return "\(name) \(Int((Double(counts[label]!) / Double(grid.values.count) * 100).rounded()))%"
    }
    return "decision regions over x \(number(grid.xMin))…\(number(grid.xMax)), y \(number(grid.yMin))…\(number(grid.yMax)) (\(grid.columns)×\(grid.rows) grid): "
      + shares.joined(separator: ", ")
  }

  /// The grid's extent and where its smallest and largest values are.
  private static func gridSummary(_ grid: Grid) -> String {
    func position(_ index: Int) -> String {
      let column = index % grid.columns, row = index / grid.columns
      let x = grid.xMin + (grid.xMax - grid.xMin) * Double(column) / Double(max(grid.columns - 1, 1))
      let y = grid.yMin + (grid.yMax - grid.yMin) * Double(row) / Double(max(grid.rows - 1, 1))
      return pair(x, y)
    }
    let finite = grid.values.indices.filter { grid.values[$0].isFinite }
    guard let low = finite.min(by: { grid.values[$0] < grid.values[$1] }),
      let high = finite.max(by: { grid.values[$0] < grid.values[$1] })
    else { return "\(grid.columns)×\(grid.rows) grid with no finite values" }
    return "\(grid.columns)×\(grid.rows) grid over x \(number(grid.xMin))…\(number(grid.xMax)), y \(number(grid.yMin))…\(number(grid.yMax));"
      + " min \(number(grid.values[low])) at \(position(low)), max \(number(grid.values[high])) at \(position(high))"
  }

  /// Eight-level bars for `values` averaged into at most ``width`` buckets;
  /// a bucket with no value is a space.
  static func sparkline(_ values: [Double?]) -> String {
    guard !values.isEmpty else { return "" }
    let buckets = min(width, values.count)
    let means: [Double?] = (0..<buckets).map { bucket in
      let slice = values[(bucket * values.count / buckets)..<((bucket + 1) * values.count / buckets)].compactMap { $0 }
      return slice.isEmpty ? nil : slice.reduce(0, +) / Double(slice.count)
    }
    let known = means.compactMap { $0 }
    guard let low = known.min(), let high = known.max() else { return String(repeating: " ", count: buckets) }
    return String(means.map { mean in
      guard let mean else { return " " }
      let level = high > low ? Int(((mean - low) / (high - low) * Double(bars.count - 1)).rounded()) : 0
      return bars[level]
    })
  }

  /// A reference line or annotated point in words.
  private static func describe(_ mark: Mark) -> String {
    switch mark {
    case .vertical(let x, let label): "x = \(number(x))" + (label.map { " (\($0))" } ?? "")
    case .horizontal(let y, let label): "y = \(number(y))" + (label.map { " (\($0))" } ?? "")
    case .point(let x, let y, let label): pair(x, y) + (label.map { " \($0)" } ?? "")
    }
  }

  /// Three significant digits, without trailing zeros or exponent noise.
  static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
    return String(format: "%.3g", value)
  }

  private static func pair(_ x: Double, _ y: Double) -> String { "(\(number(x)), \(number(y)))" }

  private static func range(_ values: [Double]) -> String {
    guard let low = values.min(), let high = values.max() else { return "–" }
    return "\(number(low))…\(number(high))"
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
  }
}
