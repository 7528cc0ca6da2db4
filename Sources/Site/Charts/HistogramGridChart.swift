import CellProtocol
import Markup

/// Small multiples of histograms: row labels on the left, column labels on
/// top, one shared x range.
///
/// Every cell has tick marks on its baseline; the bottom row labels them,
/// always including the range's two ends (so a −4…4 grid reads "-4 0 4",
/// not just "0"). The gap between cells grows to fit the end labels of
/// neighbouring cells side by side.
///
/// Each cell scales y to its own highest bin (no y ticks): the cells
/// compare shapes, and a spike in one cell (dead units at zero) does not
/// flatten the rest. Each cell's `<title>` gives its total and highest bin.
/// Rows take the series colours in turn. Values outside the range, and NaN
/// values, are in no bin: a cell with some says how many in its top right
/// corner (`panel-note`), and a `chart-note` above the grid gives the
/// total. Cells whose bins cannot be drawn (a range that is not finite)
/// keep only their baseline, and a note counts them. Laid out for a narrow
/// column, a grid with more columns than rows is transposed, so the long
/// side runs down the page; each cell keeps its row's colour.
struct HistogramGridChart: ChartDrawing {
  /// The height of the column-label band and of the tick-label band.
  static let bandHeight = 18.0
  /// The smallest horizontal space between cells.
  static let cellGap = 28.0
  /// The height a row needs to stay legible.
  static let minimumRowHeight = 64.0
  /// The height of the strip above the bars for a cell's note.
  static let noteHeight = 12.0

  let rows: [String]
  let columns: [String]
  /// `cells[row][column]`, trimmed to `rows × columns`.
  let cells: [[HistogramSeries]]
  var shared = AxisDomain()
  var isNarrow = false

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

  /// Each cell scales its own counts; the axes are not shared.
  var extent: AxisDomain { AxisDomain() }

  /// Whether the grid is drawn transposed: narrow, with more columns than rows.
  private var isTransposed: Bool { isNarrow && columns.count > rows.count }

  /// The row labels, column labels and cells as drawn, each cell with the
  /// row of the data (its colour).
  private var shown: (rows: [String], columns: [String], cells: [[(histogram: HistogramSeries, row: Int)]]) {
    let original = cells.enumerated().map { row, cells in cells.map { ($0, row) } }
    guard isTransposed else { return (rows, columns, original) }
    let transposed = columns.indices.map { column in
      original.compactMap { column < $0.count ? $0[column] : nil }
    }
    return (columns, rows, transposed)
  }

  func height(preferred: Double) -> Double {
    max(preferred, Double(shown.rows.count) * Self.minimumRowHeight + 3 * Self.bandHeight + 40)
  }

  var summary: String {
    var sentences = [
      "Grid of histograms, \(rows.count) rows (" + rows.joined(separator: ", ") + ") by \(columns.count) columns ("
        + columns.joined(separator: ", ") + "), sharing the x range; each cell scaled to its highest bin."
    ]
    sentences += cells.joined().filter(HistogramChart.isDrawable).map { HistogramChart.summary($0) + "." }
    return sentences.joined(separator: " ")
  }

  /// The drawable cells.
  private var drawable: [HistogramSeries] { cells.joined().filter(HistogramChart.isDrawable) }

  var notes: [String] {
    var notes = [String]()
    let outside = drawable.reduce(0) { $0 + max($1.outside, 0) }
    if outside > 0, let first = drawable.first {
      let ranges = Set(drawable.map(HistogramChart.range))
      let range = ranges.count == 1 ? HistogramChart.range(first) : "the range"
      notes.append(
        HistogramChart.values(outside) + (outside == 1 ? " lies" : " lie") + " outside " + range
          + " and " + (outside == 1 ? "is" : "are") + " not drawn; each panel counts its own in its corner.")
    }
    let notANumber = drawable.reduce(0) { $0 + max($1.notANumber, 0) }
    if notANumber > 0 {
      notes.append(
        HistogramChart.values(notANumber) + (notANumber == 1 ? " is NaN and is" : " are NaN and are")
          + " not drawn; each panel counts its own in its corner.")
    }
    let all = cells.joined().count, undrawn = all - drawable.count
    if undrawn > 0 {
      notes.append(
        NumberFormat.part(undrawn, of: all, "panels") + " not drawn: no bins, or a range that is empty or not finite.")
    }
    return notes
  }

  /// The text in a cell's corner: "3 outside", "3 outside, 2 NaN"; nil when
  /// every value is in a bin.
  static func panelNote(_ histogram: HistogramSeries) -> String? {
    let parts = (histogram.outside > 0 ? ["\(histogram.outside) outside"] : [])
      + (histogram.notANumber > 0 ? ["\(histogram.notANumber) NaN"] : [])
    return parts.isEmpty ? nil : parts.joined(separator: ", ")
  }

  /// The shared x range: the widest of the cells' ranges.
  private var xRange: (lower: Double, upper: Double) {
    (drawable.map(\.lowerBound).min() ?? 0, drawable.map(\.upperBound).max() ?? 1)
  }

  /// The x ticks: both ends of `lower…upper`, with their exact values
  /// (three significant digits), and the nice ticks between them whose
  /// labels keep clear of the ends' labels on a cell `width` pixels wide;
  /// all in the style the ends' magnitude sets (see `NumberFormat.tickLabels`).
  static func ticks(_ lower: Double, _ upper: Double, width: Double) -> [(value: Double, label: String)] {
    let largest = max(abs(lower), abs(upper))
    let endLabels = Self.endLabels(lower, upper)
    let ends = [(lower, endLabels[0]), (upper, endLabels[1])]
    guard upper > lower, width > 0 else { return [ends[0]] }
    let count = min(max(Int(width / 45), 3), 6)
    // The ends are labelled already: a tick or two between them will do.
    var inner = Ticks.linear(inside: lower, upper, count: count, refining: false)
    inner.values = inner.values.filter { $0 > lower && $0 < upper }
    let innerLabels = NumberFormat.tickLabels(inner.values, step: inner.step, largest: largest)
    let pixel = { (value: Double) in (value - lower) / (upper - lower) * width }
    let halfWidth = { (label: String) in Double(label.count) * Axes.labelCharacterWidth / 2 }
    var kept = [ends[0]]
    for (value, label) in zip(inner.values, innerLabels) {
      let x = pixel(value), previous = kept[kept.count - 1]
      guard x - pixel(previous.0) >= halfWidth(label) + halfWidth(previous.1) + 6,
        width - x >= halfWidth(label) + halfWidth(ends[1].1) + 6
      else { continue }
      kept.append((value, label))
    }
    return kept + [ends[1]]
  }

  /// The labels of the ends of `lower…upper`: three significant digits of
  /// the larger magnitude, both in its style.
  static func endLabels(_ lower: Double, _ upper: Double) -> [String] {
    let largest = max(abs(lower), abs(upper))
    let step = largest > 0 && largest.isFinite ? NumberFormat.powerOfTen(NumberFormat.exponent(of: largest) - 2) : 1
    return NumberFormat.tickLabels([lower, upper], step: step)
  }

  /// The space between cells: enough for the upper end's label of one cell
  /// and the lower end's label of the next.
  private var gap: Double {
    let (lower, upper) = xRange
    let labels = Double(Self.endLabels(lower, upper).map(\.count).reduce(0, +))
    return max(Self.cellGap, labels * Axes.labelCharacterWidth / 2 + 8)
  }

  func draw(in plot: Rect, id: String) -> [Node] {
    let (lower, upper) = xRange
    let (rows, columns, cells) = shown
    let labelWidth = min(140, (rows.map { Double($0.count) }.max() ?? 0) * Frame.characterWidth + 10)
    let area = Rect(
      x: plot.x + labelWidth, y: plot.y + Self.bandHeight,
      width: plot.width - labelWidth, height: plot.height - 2 * Self.bandHeight)
    let cellWidth = area.width / Double(max(columns.count, 1))
    let cellHeight = area.height / Double(max(rows.count, 1))
    let gap = min(gap, cellWidth / 2)
    let notes = drawable.contains { Self.panelNote($0) != nil }
    let ticks = Self.ticks(lower, upper, width: cellWidth - gap)
    var nodes = [Node]()
    for (column, label) in columns.enumerated() {
      let center = area.x + (Double(column) + 0.5) * cellWidth
      nodes.append(SVG.text(label, x: center, y: plot.y + 12, cssClass: "column-label", anchor: "middle"))
    }
    for (row, label) in rows.enumerated() {
      let center = area.y + (Double(row) + 0.5) * cellHeight
      nodes.append(SVG.text(label, x: area.x - 8, y: center + 4, cssClass: "row-label", anchor: "end"))
      for (column, cell) in (row < cells.count ? cells[row] : []).enumerated() {
        let strip = notes ? Self.noteHeight : 0
        let frame = Rect(
          x: area.x + Double(column) * cellWidth + gap / 2, y: area.y + Double(row) * cellHeight + 4 + strip,
          width: cellWidth - gap, height: cellHeight - 8 - strip)
        let x = Scale(lower: lower, upper: upper, start: frame.x, end: frame.maxX)
        let axis = Axis(positions: ticks.map { x($0.value) }, labels: ticks.map(\.label))
        let bottom = row == rows.count - 1
        nodes.append(
          Self.cell(cell.histogram, in: frame, x: x, ticks: bottom ? nil : axis, cssClass: Palette.series(cell.row, among: rows)))
        if bottom {
          nodes.append(Axes.bottom(axis, y: frame.maxY, left: frame.x, right: frame.maxX))
        }
      }
    }
    return [SVG.group("cells", nodes)]
  }

  /// One cell: a baseline with short tick marks at `ticks` (the bottom row
  /// gets a full axis instead), the bars scaled to its highest bin, and a
  /// note of the values outside the range, if any.
  static func cell(_ histogram: HistogramSeries, in cell: Rect, x: Scale, ticks: Axis?, cssClass: String) -> Node {
    var baseline = PathData(), marks = PathData()
    baseline.addSegment(from: Point(x: cell.x, y: cell.maxY), to: Point(x: cell.maxX, y: cell.maxY))
    for position in ticks?.positions ?? [] {
      marks.addSegment(from: Point(x: position, y: cell.maxY), to: Point(x: position, y: cell.maxY + 3))
    }
    var title = histogram.name + ": \(histogram.counts.reduce(0, +)) values, highest bin \(histogram.counts.max() ?? 0)"
    if histogram.outside > 0 {
      title += ", " + HistogramChart.values(histogram.outside) + " outside " + HistogramChart.range(histogram)
    }
    if histogram.notANumber > 0 { title += ", \(histogram.notANumber) NaN" }
    if !HistogramChart.isDrawable(histogram) { title += ", not drawn: " + HistogramChart.whyUndrawable(histogram) }
    var children = [SVG.element("title", [:], [.text(title)]), SVG.path(baseline, cssClass: "domain")]
    if ticks != nil { children.append(SVG.path(marks, cssClass: "tick")) }
    if HistogramChart.isDrawable(histogram) {
      let y = Scale(lower: 0, upper: Double(max(histogram.counts.max() ?? 1, 1)), start: cell.maxY, end: cell.y)
      children.append(HistogramChart.bars(histogram, x: x, y: y))
    }
    if let note = panelNote(histogram) {
      children.append(SVG.text(note, x: cell.maxX, y: cell.y - 3, cssClass: "panel-note", anchor: "end"))
    }
    return SVG.group("cell series \(cssClass)", children)
  }
}
