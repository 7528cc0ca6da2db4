import CellProtocol
import Markup

/// A grid of class predictions (decision regions) as light tints, with
/// the data points on top.
///
/// Each grid value covers a cell of the rectangle (values are sampled at
/// cell centres). With class names the values are class labels, drawn as
/// `heat class-k`; without, they are scalars quantised into
/// `heat level-0`…`level-7`, one `<path>` each: runs of equal cells in a
/// row become one rectangle of it, merged with the same run in the rows
/// above (see `regions(x:y:)`). The axes span the grid exactly; points outside are clipped.
/// With `equalAxes`, one unit is as long on x as on y (see `EqualAxes`).
/// Non-finite grid values leave their cells blank and non-finite points
/// are left out; a `chart-note` counts each. A grid without finite bounds,
/// or with fewer values than cells, is no data.
struct HeatmapChart: ChartDrawing {
  /// The number of tint levels for scalar grids.
  static let levels = 8

  let grid: Grid
  /// The finite points.
  let points: [ScatterPoint]
  /// How many points were skipped for NaN or infinity.
  let skipped: Int
  let classNames: [String]
  /// Whether both axes share one scale.
  let equalAxes: Bool
  var shared = AxisDomain()
  var isNarrow = false

  /// Keeps the finite points.
  init(grid: Grid, points: [ScatterPoint], classNames: [String], equalAxes: Bool = false) {
    self.grid = grid
    self.points = points.filter { $0.x.isFinite && $0.y.isFinite }
    skipped = points.count - self.points.count
    self.classNames = classNames
    self.equalAxes = equalAxes
  }

  var kind: String { "heatmap" }

  var legend: [LegendEntry] { ScatterChart.legend(classNames) }

  var hasData: Bool {
    grid.rows > 0 && grid.columns > 0 && Self.hasFiniteBounds(grid) && grid.values.count == grid.rows * grid.columns
      && grid.values.contains(where: \.isFinite)
  }

  /// Whether `grid` spans a proper, finite rectangle.
  static func hasFiniteBounds(_ grid: Grid) -> Bool {
    grid.xMax > grid.xMin && grid.yMax > grid.yMin && (grid.xMax - grid.xMin).isFinite && (grid.yMax - grid.yMin).isFinite
  }

  var notes: [String] {
    [Self.blankNote(grid), ScatterChart.skippedNote(skipped, of: points.count + skipped)].compactMap { $0 }
  }

  /// "12 of 6,400 grid values are not finite and are left blank."; nil
  /// when all are finite.
  static func blankNote(_ grid: Grid) -> String? {
    let blank = grid.values.filter { !$0.isFinite }.count
    guard blank > 0 else { return nil }
    return NumberFormat.leftOut(blank, of: grid.values.count, "grid values", fate: "left blank") + "."
  }

  var summary: String {
    var text = "Heat map of a \(grid.columns) by \(grid.rows) grid over x "
      + Extent(lower: grid.xMin, upper: grid.xMax).summary + ", y " + Extent(lower: grid.yMin, upper: grid.yMax).summary
    if classNames.isEmpty, let values = Extent(grid.values.filter(\.isFinite)) {
      text += ", values " + values.summary
    }
    return text + ", with \(points.count) points" + ScatterChart.summary(points, classNames: classNames, skipped: skipped)
      + (equalAxes ? " Both axes share one scale." : "")
  }

  var extent: AxisDomain { grid.extent }

  func area(in plot: Rect) -> Rect {
    domain.area(in: plot, equalAxes: equalAxes)
  }

  /// The classes of the cells, computed once for both layouts.
  let classesOfCells = Memo<[String?]>()

  /// The CSS class of each grid value, row by row; nil for non-finite values.
  var cellClasses: [String?] { classesOfCells.value(computeCellClasses) }

  /// See `cellClasses`.
  private func computeCellClasses() -> [String?] {
    if !classNames.isEmpty {
      return grid.values.map { $0.isFinite ? Palette.dataClass(Int(min(max($0, -1e9), 1e9).rounded())) : nil }
    }
    let values = Extent(grid.values.filter(\.isFinite)) ?? Extent(lower: 0, upper: 1)
    // Halved, so that a span from −10^308 to 10^308 stays finite.
    let span = values.upper > values.lower ? values.upper / 2 - values.lower / 2 : 1
    return grid.values.map { value in
      guard value.isFinite else { return nil }
      return "level-\(min(Int((value / 2 - values.lower / 2) / span * Double(Self.levels)), Self.levels - 1))"
    }
  }

  func draw(in available: Rect, id: String) -> [Node] {
    let plot = area(in: available)
    let axes = GridAxes(domain, in: plot, equalAxes: equalAxes)
    let (x, y, xAxis, yAxis) = (axes.x, axes.y, axes.xAxis, axes.yAxis)
    let clip = id + "-clip"
    return [
      SVG.clipPath(id: clip, plot),
      SVG.group("heat-cells", regions(x: x, y: y)),
      Axes.grid(x: xAxis, y: yAxis, in: plot),
      ScatterChart.points(points, x: x, y: y, attributes: ["clip-path": "url(#\(clip))"]),
    ] + Axes.frame(x: xAxis, y: yAxis, in: plot)
  }

  /// A run of equal cells: columns `start..<end` of one class.
  private struct Run: Hashable {
    var start: Int, end: Int, cssClass: String
  }

  /// One `<path class="heat …">` per class or tint level, a rectangle per
  /// run of equal cells in a row, and runs that repeat in the rows above
  /// merged into one taller rectangle: `M left,top h width v height h −width z`
  /// per rectangle, a few bytes where a `<rect>` would take eighty, so a
  /// slider of decision boundaries stays light.
  func regions(x: Scale, y: Scale) -> [Node] {
    let classes = cellClasses
    let cellWidth = (grid.xMax - grid.xMin) / Double(grid.columns)
    let cellHeight = (grid.yMax - grid.yMin) / Double(grid.rows)
    // Rectangles as (run, first row, end row), merged up the rows.
    var rectangles = [(run: Run, first: Int, end: Int)]()
    var open = [Run: Int]()
    for row in 0...grid.rows {
      var runs = [Run]()
      var start = 0
      while row < grid.rows && start < grid.columns {
        let cssClass = classes[row * grid.columns + start]
        var end = start + 1
        while end < grid.columns && classes[row * grid.columns + end] == cssClass { end += 1 }
        if let cssClass { runs.append(Run(start: start, end: end, cssClass: cssClass)) }
        start = end
      }
      var next = [Run: Int]()
      for run in runs { next[run] = open[run] ?? row }
      for (run, first) in open where next[run] == nil { rectangles.append((run, first, row)) }
      open = next
    }
    rectangles.sort { ($0.first, $0.run.start) < ($1.first, $1.run.start) }
    var paths = [String: PathData](), order = [String]()
    for (run, first, end) in rectangles {
      let left = SVG.rounded(x(grid.xMin + Double(run.start) * cellWidth))
      let right = SVG.rounded(x(grid.xMin + Double(run.end) * cellWidth))
      let top = SVG.rounded(y(grid.yMin + Double(end) * cellHeight))
      let bottom = SVG.rounded(y(grid.yMin + Double(first) * cellHeight))
      if paths[run.cssClass] == nil { order.append(run.cssClass) }
      paths[run.cssClass, default: PathData()].addRectangle(left: left, top: top, right: right, bottom: bottom)
    }
    return order.map { SVG.path(paths[$0]!, cssClass: "heat " + $0, filled: true) }
  }
}
