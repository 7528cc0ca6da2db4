import CellProtocol

/// Small multiples of histograms: row labels on the left, column labels on
/// top, one shared x range with ticks under the bottom row.
///
/// Each cell scales y to its own highest bin (no y ticks): the cells
/// compare shapes, and a spike in one cell (dead units at zero) does not
/// flatten the rest. Each cell's `<title>` gives its total and highest bin.
/// Rows take the series colours in turn.
struct HistogramGridChart: ChartDrawing {
  /// The height of the column-label band and of the tick-label band.
  static let bandHeight = 18.0
  /// The horizontal space between cells, enough for two tick labels.
  static let cellGap = 28.0
  /// The height a row needs to stay legible.
  static let minimumRowHeight = 64.0

  let rows: [String]
  let columns: [String]
  /// `cells[row][column]`, trimmed to `rows × columns`.
  let cells: [[HistogramSeries]]

  /// Keeps the cells that have a row and a column label.
  init(rows: [String], columns: [String], cells: [[HistogramSeries]]) {
    self.rows = rows
    self.columns = columns
    self.cells = cells.prefix(rows.count).map { Array($0.prefix(columns.count)) }
  }

  var kind: String { "histogram-grid" }

  var legend: [LegendEntry] { [] }

  var hasAxes: Bool { false }

  var hasData: Bool { cells.joined().contains(where: HistogramChart.isDrawable) }

  func height(preferred: Double) -> Double {
    max(preferred, Double(rows.count) * Self.minimumRowHeight + 3 * Self.bandHeight + 40)
  }

  var summary: String {
    var sentences = [
      "Grid of histograms, \(rows.count) rows (" + rows.joined(separator: ", ") + ") by \(columns.count) columns ("
        + columns.joined(separator: ", ") + "), sharing the x range; each cell scaled to its highest bin."
    ]
    sentences += cells.joined().filter(HistogramChart.isDrawable).map { HistogramChart.summary($0) + "." }
    return sentences.joined(separator: " ")
  }

  func draw(in plot: Rect, id: String) -> [Node] {
    let drawable = cells.joined().filter(HistogramChart.isDrawable)
    let xTicks = Ticks.linear(
      inside: drawable.map(\.lowerBound).min() ?? 0, drawable.map(\.upperBound).max() ?? 1, count: 3)
    let labelWidth = min(140, (rows.map { Double($0.count) }.max() ?? 0) * Frame.characterWidth + 10)
    let area = Rect(
      x: plot.x + labelWidth, y: plot.y + Self.bandHeight,
      width: plot.width - labelWidth, height: plot.height - 2 * Self.bandHeight)
    let cellWidth = area.width / Double(max(columns.count, 1))
    let cellHeight = area.height / Double(max(rows.count, 1))
    var nodes = [Node]()
    for (column, label) in columns.enumerated() {
      let center = area.x + (Double(column) + 0.5) * cellWidth
      nodes.append(SVG.text(label, x: center, y: plot.y + 12, cssClass: "column-label", anchor: "middle"))
    }
    for (row, label) in rows.enumerated() {
      let center = area.y + (Double(row) + 0.5) * cellHeight
      nodes.append(SVG.text(label, x: area.x - 8, y: center + 4, cssClass: "row-label", anchor: "end"))
      for (column, histogram) in (row < cells.count ? cells[row] : []).enumerated() {
        let cell = Rect(
          x: area.x + Double(column) * cellWidth + Self.cellGap / 2, y: area.y + Double(row) * cellHeight + 4,
          width: cellWidth - Self.cellGap, height: cellHeight - 8)
        let x = Scale(xTicks, start: cell.x, end: cell.maxX)
        nodes.append(Self.cell(histogram, in: cell, x: x, cssClass: Palette.series(row)))
        if row == rows.count - 1 {
          nodes.append(Axes.bottom(Axis(xTicks, scale: x), y: cell.maxY, left: cell.x, right: cell.maxX))
        }
      }
    }
    return [SVG.group("cells", nodes)]
  }

  /// One cell: a baseline and the bars, scaled to its highest bin.
  static func cell(_ histogram: HistogramSeries, in cell: Rect, x: Scale, cssClass: String) -> Node {
    var baseline = PathData()
    baseline.addSegment(from: Point(x: cell.x, y: cell.maxY), to: Point(x: cell.maxX, y: cell.maxY))
    var children = [
      SVG.element("title", [:], [.text(
        histogram.name + ": \(histogram.counts.reduce(0, +)) values, highest bin \(histogram.counts.max() ?? 0)")]),
      SVG.path(baseline, cssClass: "domain"),
    ]
    if HistogramChart.isDrawable(histogram) {
      let y = Scale(lower: 0, upper: Double(max(histogram.counts.max() ?? 1, 1)), start: cell.maxY, end: cell.y)
      children.append(HistogramChart.bars(histogram, x: x, y: y))
    }
    return SVG.group("cell series \(cssClass)", children)
  }
}
