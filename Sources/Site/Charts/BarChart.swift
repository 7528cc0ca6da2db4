import CellProtocol

/// Grouped bars: one group per category, one bar per series, from zero.
struct BarChart: ChartDrawing {
  /// The share of a category's band left empty between groups.
  static let groupPadding = 0.2

  let categories: [String]
  let series: [BarSeries]

  var kind: String { "bar" }

  var legend: [LegendEntry] {
    series.enumerated().map { LegendEntry(name: $1.name, cssClass: Palette.series($0)) }
  }

  /// The finite values, which set the y range.
  private var values: [Double] {
    series.flatMap { $0.values.prefix(categories.count) }.filter(\.isFinite)
  }

  var hasData: Bool { !categories.isEmpty && !values.isEmpty }

  var summary: String {
    var sentences = ["Bar chart of \(series.count) series over \(categories.count) categories."]
    for series in series {
      let pairs = zip(categories, series.values).map { $0 + " " + NumberFormat.compact($1) }
      sentences.append(series.name + ": " + pairs.joined(separator: ", ") + ".")
    }
    return sentences.joined(separator: " ")
  }

  func draw(in plot: Rect, id: String) -> [Node] {
    let yTicks = Ticks.linear(covering: min(0, values.min() ?? 0), max(0, values.max() ?? 1))
    let y = Scale(yTicks, start: plot.maxY, end: plot.y)
    let yAxis = Axis(yTicks, scale: y)
    let band = plot.width / Double(categories.count)
    let barWidth = band * (1 - Self.groupPadding) / Double(max(series.count, 1))
    let groups = series.enumerated().map { index, series in
      let bars = series.values.prefix(categories.count).enumerated().compactMap { category, value -> Node? in
        guard value.isFinite else { return nil }
        let left = plot.x + Double(category) * band + band * Self.groupPadding / 2 + Double(index) * barWidth
        let top = min(y(value), y(0)), bottom = max(y(value), y(0))
        return SVG.rect(Rect(x: left, y: top, width: barWidth, height: bottom - top), cssClass: "bar")
      }
      return SVG.group("series \(Palette.series(index))", bars)
    }
    let xAxis = Axis(
      positions: categories.indices.map { plot.x + (Double($0) + 0.5) * band }, labels: categories)
    var nodes = [Axes.grid(x: nil, y: yAxis, in: plot), SVG.group("bars", groups)]
    if yTicks.lower < 0 {
      var zero = PathData()
      zero.addSegment(from: Point(x: plot.x, y: y(0)), to: Point(x: plot.maxX, y: y(0)))
      nodes.append(SVG.path(zero, cssClass: "baseline"))
    }
    return nodes + Axes.frame(x: xAxis, y: yAxis, in: plot)
  }
}
