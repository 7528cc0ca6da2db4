import CellProtocol
import Markup

/// Grouped bars: one group per category, one bar per series, from zero (or,
/// on a log y scale, from the bottom of the axis, leaving out values ≤ 0
/// and counting them in the description).
///
/// When the categories' labels would overlap (64 layers on one axis), every
/// k-th one is labelled, always the first and the last. Values that are not
/// finite (and, on a log scale, values ≤ 0) get no bar; a `chart-note`
/// counts them per series, naming the first category left out.
struct BarChart: ChartDrawing {
  /// The share of a category's band left empty between groups.
  static let groupPadding = 0.2
  /// The smallest space between two category labels.
  static let labelSpacing = 6.0

  let categories: [String]
  let series: [BarSeries]
  let logY: Bool
  var shared = AxisDomain()
  var isNarrow = false

  init(categories: [String], series: [BarSeries], logY: Bool = false) {
    self.categories = categories
    self.series = series
    self.logY = logY
  }

  var kind: String { "bar" }

  var legend: [LegendEntry] {
    series.enumerated().map { LegendEntry(name: $1.name, cssClass: Palette.series($0, among: series.map(\.name))) }
  }

  /// Whether `value` can be drawn on this chart's scale.
  private func isDrawable(_ value: Double) -> Bool {
    value.isFinite && (!logY || value > 0)
  }

  /// The drawable values, which set the y range.
  private var values: [Double] {
    series.flatMap { $0.values.prefix(categories.count) }.filter(isDrawable)
  }

  var hasData: Bool { !categories.isEmpty && !values.isEmpty }

  /// Only the value axis has a range: categories are not numbers.
  var extent: AxisDomain { AxisDomain(y: Extent(values)) }

  var summary: String {
    var sentences = [
      "Bar chart of \(series.count) series over \(categories.count) categories" + (logY ? ", y on a log scale." : ".")
    ]
    for series in series {
      let pairs = zip(categories, series.values).map { $0 + " " + NumberFormat.compact($1) }
      var sentence = series.name + ": " + pairs.joined(separator: ", ")
      let dropped = series.values.prefix(categories.count).filter { $0.isFinite && !isDrawable($0) }.count
      if dropped > 0 { sentence += "; \(dropped) non-positive values left out on the log scale" }
      sentences.append(sentence + ".")
    }
    return sentences.joined(separator: " ")
  }

  var notes: [String] {
    var notes = [String]()
    for series in series {
      let values = Array(series.values.prefix(categories.count))
      if let first = values.firstIndex(where: { !$0.isFinite }) {
        let count = values.filter { !$0.isFinite }.count
        notes.append(
          NumberFormat.leftOut(count, of: values.count, "values", of: series.name, fate: "drawn as no bar")
            + "; the first, at " + categories[first] + ", is " + LineChart.symbol(values[first]) + ".")
      }
      let nonPositive = values.filter { $0.isFinite && !isDrawable($0) }.count
      if nonPositive > 0 {
        notes.append(
          NumberFormat.leftOut(
            nonPositive, of: values.count, "values", of: series.name, what: "≤ 0", fate: "drawn as no bar on the log scale")
            + ".")
      }
    }
    return notes
  }

  /// The indices of the categories to label when each has `band` pixels:
  /// all of them when they fit, else every k-th one (k as small as keeps
  /// the widest label clear of its neighbours) plus the last, dropping the
  /// labelled one before the last when it would crowd it.
  static func labelledIndices(_ labels: [String], band: Double) -> [Int] {
    guard !labels.isEmpty else { return [] }
    let widest = Double(labels.map(\.count).max() ?? 0) * Axes.labelCharacterWidth
    var stride = 1
    while Double(stride) * band < widest + labelSpacing && stride < labels.count { stride += 1 }
    var indices = Array(Swift.stride(from: 0, to: labels.count, by: stride))
    if indices.last != labels.count - 1 {
      if indices.count > 1, labels.count - 1 - indices[indices.count - 1] < stride { indices.removeLast() }
      indices.append(labels.count - 1)
    }
    return indices
  }

  func draw(in plot: Rect, id: String) -> [Node] {
    let range = domain.y ?? Extent(lower: 1, upper: 10)
    let yTicks = logY
      ? Ticks.logarithmic(covering: range.lower / 2, range.upper)
      : Ticks.linear(covering: min(0, range.lower), max(0, range.upper))
    let y = Scale(yTicks, start: plot.maxY, end: plot.y)
    // On a log scale the axis starts at least a factor 2 below the smallest
    // value (see above), so the shortest bar is still visible.
    let base = logY ? yTicks.lower : 0
    let yAxis = Axis(yTicks, scale: y)
    let band = plot.width / Double(categories.count)
    let barWidth = band * (1 - Self.groupPadding) / Double(max(series.count, 1))
    let groups = series.enumerated().map { index, series in
      let bars = series.values.prefix(categories.count).enumerated().compactMap { category, value -> Node? in
        guard isDrawable(value) else { return nil }
        let left = plot.x + Double(category) * band + band * Self.groupPadding / 2 + Double(index) * barWidth
        let top = min(y(value), y(base)), bottom = max(y(value), y(base))
        return SVG.rect(Rect(x: left, y: top, width: barWidth, height: bottom - top), cssClass: "bar")
      }
      return SVG.group("series \(Palette.series(index, among: self.series.map(\.name)))", bars)
    }
    let labelled = Self.labelledIndices(categories, band: band)
    let xAxis = Axis(
      positions: labelled.map { plot.x + (Double($0) + 0.5) * band }, labels: labelled.map { categories[$0] })
    var nodes = [Axes.grid(x: nil, y: yAxis, in: plot), SVG.group("bars", groups)]
    if !logY && yTicks.lower < 0 {
      var zero = PathData()
      zero.addSegment(from: Point(x: plot.x, y: y(0)), to: Point(x: plot.maxX, y: y(0)))
      nodes.append(SVG.path(zero, cssClass: "baseline"))
    }
    return nodes + Axes.frame(x: xAxis, y: yAxis, in: plot)
  }
}
