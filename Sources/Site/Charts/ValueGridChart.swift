import CellProtocol
import Markup

/// Values on a grid of labelled cells (a hyperparameter grid): rows top to
/// bottom, columns left to right, each cell (`grid-cell`) filled with its
/// value's colour on a sequential scale (`ColorRamp`), explained by a
/// colour bar above the grid.
///
/// The row labels sit left of the grid like tick labels (the grid moves
/// right to make room for long ones) and the column labels under it, every
/// k-th one when they would overlap (see `BarChart.labelledIndices`); the
/// axis labels name what the rows and columns vary. With `showValues`, each
/// cell that is large enough shows its value (`cell-value`), in black or
/// white, whichever contrasts more with the cell. A cell whose value is not
/// finite (or missing) is left blank, and a `chart-note` counts them.
struct ValueGridChart: ChartDrawing {
  /// The gap between neighbouring cells.
  static let gap = 2.0
  /// The least height of a row.
  static let minimumRowHeight = 18.0

  let rows: [String]
  let columns: [String]
  let values: [[Double]]
  let showValues: Bool
  let ramp: ColorRamp
  var shared = AxisDomain()
  var isNarrow = false

  init(rows: [String], columns: [String], values: [[Double]], colorScale: ColorScale, showValues: Bool) {
    self.rows = rows
    self.columns = columns
    self.values = values
    self.showValues = showValues
    ramp = ColorRamp(colorScale, values: values.joined().filter(\.isFinite))
  }

  /// The value of a cell; NaN where `values` has none.
  func value(_ row: Int, _ column: Int) -> Double {
    row < values.count && column < values[row].count ? values[row][column] : .nan
  }

  /// Every cell's value, row by row.
  private var cells: [Double] {
    rows.indices.flatMap { row in columns.indices.map { value(row, $0) } }
  }

  var kind: String { "value-grid" }

  var legend: [LegendEntry] { [] }

  var colorRamp: ColorRamp? { ramp }

  var hasData: Bool { cells.contains(where: \.isFinite) }

  /// No axis has a range: rows and columns are labels.
  var extent: AxisDomain { AxisDomain() }

  func height(preferred: Double) -> Double {
    max(preferred, Double(rows.count) * Self.minimumRowHeight + 150)
  }

  var notes: [String] {
    let all = cells, blank = all.filter { !$0.isFinite }.count
    let outside = all.filter { $0.isFinite && ($0 < ramp.lower || $0 > ramp.upper) }.count
    return [
      blank > 0 ? NumberFormat.leftOut(blank, of: all.count, "cells", fate: "left blank") + "." : nil,
      outside > 0
        ? NumberFormat.part(outside, of: all.count, "values") + " outside the colour scale's "
          + HistogramChart.range(lower: ramp.lower, upper: ramp.upper) + " and take the colour of its nearer end." : nil,
    ].compactMap { $0 }
  }

  var summary: String {
    var text = "Grid of \(rows.count) rows by \(columns.count) columns, coloured by " + (ramp.label ?? "value")
      + " on a scale from " + NumberFormat.compact(ramp.lower) + " to " + NumberFormat.compact(ramp.upper)
    let finite = rows.indices.flatMap { row in columns.indices.map { (row, $0, value(row, $0)) } }.filter { $0.2.isFinite }
    if let best = finite.max(by: { $0.2 < $1.2 }), let worst = finite.min(by: { $0.2 < $1.2 }) {
      text += "; highest " + NumberFormat.compact(best.2) + " at " + rows[best.0] + ", " + columns[best.1]
        + "; lowest " + NumberFormat.compact(worst.2) + " at " + rows[worst.0] + ", " + columns[worst.1]
    }
    text += "."
    // Small grids list every value, row by row.
    guard rows.count * columns.count <= 100 else { return text }
    for row in rows.indices {
      text += " " + rows[row] + ": " + columns.indices.map { label(value(row, $0)) }.joined(separator: ", ") + "."
    }
    return text
  }

  /// The labels of all cells, in one style (see `NumberFormat.tickLabels`):
  /// three significant digits of the largest magnitude.
  private var labels: [String] {
    let all = cells
    let largest = all.filter(\.isFinite).map(abs).max() ?? 0
    let step = largest > 0 ? NumberFormat.powerOfTen(NumberFormat.exponent(of: largest) - 2) : 1
    return zip(all, NumberFormat.tickLabels(all, step: step)).map { $0.isFinite ? $1 : "–" }
  }

  /// A cell's value as its label reads.
  private func label(_ value: Double) -> String {
    value.isFinite ? NumberFormat.compact(value) : "not finite"
  }

  /// The plot moved right to leave room for the row labels beyond what the
  /// frame leaves for tick labels (at most a third of it).
  func area(in plot: Rect) -> Rect {
    let widest = Double(rows.map(\.count).max() ?? 0) * Axes.labelCharacterWidth
    let extra = min(max(widest + Axes.tickLength + 3 - 44, 0), plot.width / 3)
    return Rect(x: plot.x + extra, y: plot.y, width: plot.width - extra, height: plot.height)
  }

  func draw(in available: Rect, id: String) -> [Node] {
    let plot = area(in: available)
    guard !rows.isEmpty, !columns.isEmpty else { return [] }
    let cellWidth = plot.width / Double(columns.count), cellHeight = plot.height / Double(rows.count)
    let labels = labels
    var cells = [Node](), texts = [Node]()
    for row in rows.indices {
      for column in columns.indices {
        let value = value(row, column)
        guard value.isFinite else { continue }
        let rect = Rect(
          x: plot.x + Double(column) * cellWidth + Self.gap / 2, y: plot.y + Double(row) * cellHeight + Self.gap / 2,
          width: cellWidth - Self.gap, height: cellHeight - Self.gap)
        cells.append(
          SVG.element("rect", [
            "class": "grid-cell", "x": NumberFormat.coordinate(rect.x), "y": NumberFormat.coordinate(rect.y),
            "width": NumberFormat.coordinate(max(rect.width, 0.1)), "height": NumberFormat.coordinate(max(rect.height, 0.1)),
            "fill": ramp.color(value),
          ]))
        let text = labels[row * columns.count + column]
        if showValues && Double(text.count) * Axes.labelCharacterWidth + 4 <= rect.width && rect.height >= 13 {
          texts.append(
            SVG.text(
              text, x: rect.midX, y: rect.midY + 4, cssClass: "cell-value", anchor: "middle",
              style: "fill: " + ramp.textColor(on: value)))
        }
      }
    }
    let shown = BarChart.labelledIndices(columns, band: cellWidth)
    let xAxis = Axis(
      positions: shown.map { plot.x + (Double($0) + 0.5) * cellWidth }, labels: shown.map { columns[$0] })
    let yAxis = Axis(positions: rows.indices.map { plot.y + (Double($0) + 0.5) * cellHeight }, labels: rows)
    var nodes = [SVG.group("grid-cells", cells)]
    if !texts.isEmpty { nodes.append(SVG.group("cell-values", texts)) }
    return nodes + Axes.frame(x: xAxis, y: yAxis, in: plot)
  }
}
