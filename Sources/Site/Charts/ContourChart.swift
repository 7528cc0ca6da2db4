import CellProtocol
import Markup

/// Contour lines of a scalar field (a loss surface), with an optional path
/// (an optimizer's trajectory) on top.
///
/// The grid is sampled at its nodes (see `MarchingSquares`); the axes span
/// it exactly. Each level is one `<path class="contour">`; the path is a
/// `<polyline class="trajectory">` (broken at non-finite points, downsampled
/// with LTTB) with `trajectory-start` and `trajectory-end` markers, clipped
/// to the plot. With `equalAxes`, one unit is as long on x as on y (see
/// `EqualAxes`). No contour crosses a cell with a non-finite corner;
/// non-finite levels are left out; where the path first turns non-finite, a
/// `nonfinite-marker` marks its last finite point. A `chart-note` counts
/// each. A grid without finite bounds, or with fewer values than nodes, is
/// no data.
///
/// The lowest point of the field, when it lies inside the grid (not on its
/// edge), is marked by a ringed cross labelled "minimum" (`minimum`), placed
/// between the grid's nodes by a parabola through each axis' neighbours, so
/// a quadratic bowl's minimum is marked exactly.
struct ContourChart: ChartDrawing {
  /// The most trajectory points drawn.
  static let maximumPathPoints = 400

  let grid: Grid
  let levels: [Double]
  let path: [Point]
  /// Whether both axes share one scale.
  var equalAxes = false
  var shared = AxisDomain()
  var isNarrow = false
  /// The contour lines of each finite level, in data coordinates: computed
  /// on first use and shared by the wide and narrow layouts (copies of
  /// this drawing), which only map them to pixels.
  let contourLines = Memo<[[MarchingSquares.Line]]>()

  /// The contour lines of each finite level (see `contourLines`).
  var lines: [[MarchingSquares.Line]] {
    contourLines.value { [grid, levels] in levels.filter(\.isFinite).map { MarchingSquares.lines(grid, level: $0) } }
  }

  var kind: String { "contour" }

  var legend: [LegendEntry] { [] }

  var hasData: Bool {
    grid.rows >= 2 && grid.columns >= 2 && HeatmapChart.hasFiniteBounds(grid)
      && grid.values.count == grid.rows * grid.columns && grid.values.contains(where: \.isFinite)
  }

  var notes: [String] {
    var notes = [String]()
    let blank = grid.values.filter { !$0.isFinite }.count
    if blank > 0 {
      notes.append(
        NumberFormat.part(blank, of: grid.values.count, "grid values") + " not finite; no contour crosses the cells around "
          + (blank == 1 ? "it." : "them."))
    }
    let badLevels = levels.filter { !$0.isFinite }.count
    if badLevels > 0 { notes.append(NumberFormat.leftOut(badLevels, of: levels.count, "contour levels") + ".") }
    let badPoints = path.filter { !($0.x.isFinite && $0.y.isFinite) }.count
    if badPoints > 0, let first = path.firstIndex(where: { !($0.x.isFinite && $0.y.isFinite) }) {
      let point = path[first]
      let what = point.y.isFinite ? "has x = " + LineChart.symbol(point.x) : "is " + LineChart.symbol(point.y)
      notes.append(
        NumberFormat.leftOut(badPoints, of: path.count, "points of the path") + "; the first, at step "
          + groupedDigits(first) + ", " + what + ".")
    }
    return notes
  }

  var summary: String {
    var text = "Contour plot of a \(grid.columns) by \(grid.rows) grid over x "
      + Extent(lower: grid.xMin, upper: grid.xMax).summary + ", y " + Extent(lower: grid.yMin, upper: grid.yMax).summary
    if let values = Extent(grid.values.filter(\.isFinite)) { text += ", values " + values.summary }
    if let finiteLevels = Extent(levels.filter(\.isFinite)) {
      text += "; \(levels.count) levels " + finiteLevels.summary
    }
    let finitePath = path.filter { $0.x.isFinite && $0.y.isFinite }
    if let first = finitePath.first, let last = finitePath.last {
      text += "; a path of \(path.count) points from (" + NumberFormat.compact(first.x) + ", "
        + NumberFormat.compact(first.y) + ") to (" + NumberFormat.compact(last.x) + ", " + NumberFormat.compact(last.y) + ")"
    }
    if let minimum {
      text += "; lowest at (" + NumberFormat.compact(minimum.x) + ", " + NumberFormat.compact(minimum.y) + ")"
    }
    return text + "." + (equalAxes ? " Both axes share one scale." : "")
  }

  /// The field's lowest point, when its lowest node is inside the grid:
  /// refined along each axis by the parabola through the node and its two
  /// neighbours.
  var minimum: Point? {
    lowestPoint.value { computeMinimum() }
  }
  /// The field's lowest point, computed once for both layouts.
  let lowestPoint = Memo<Point?>()

  /// See `minimum`.
  private func computeMinimum() -> Point? {
    guard hasData, let lowest = grid.values.indices.filter({ grid.values[$0].isFinite }).min(by: {
      grid.values[$0] < grid.values[$1]
    }) else { return nil }
    let row = lowest / grid.columns, column = lowest % grid.columns
    guard row > 0, row < grid.rows - 1, column > 0, column < grid.columns - 1 else { return nil }
    let value = { (r: Int, c: Int) in grid.values[r * grid.columns + c] }
    let offset = { (before: Double, at: Double, after: Double) -> Double in
      let curvature = before - 2 * at + after
      guard curvature > 0, curvature.isFinite else { return 0 }
      return min(max((before - after) / (2 * curvature), -0.5), 0.5)
    }
    let dx = offset(value(row, column - 1), value(row, column), value(row, column + 1))
    let dy = offset(value(row - 1, column), value(row, column), value(row + 1, column))
    let stepX = (grid.xMax - grid.xMin) / Double(grid.columns - 1), stepY = (grid.yMax - grid.yMin) / Double(grid.rows - 1)
    return Point(x: grid.xMin + (Double(column) + dx) * stepX, y: grid.yMin + (Double(row) + dy) * stepY)
  }

  /// A ringed cross at the minimum, labelled "minimum" above it (below it
  /// near the top of the plot).
  private func minimumMarker(_ pixel: Point, in plot: Rect) -> Node {
    var cross = PathData()
    cross.addSegment(from: Point(x: pixel.x - 6, y: pixel.y), to: Point(x: pixel.x + 6, y: pixel.y))
    cross.addSegment(from: Point(x: pixel.x, y: pixel.y - 6), to: Point(x: pixel.x, y: pixel.y + 6))
    let x = min(max(pixel.x, plot.x + 26), plot.maxX - 26)
    return SVG.group("minimum", [
      SVG.circle(x: pixel.x, y: pixel.y, radius: 4, cssClass: "minimum-ring"),
      SVG.path(cross, cssClass: "minimum-cross"),
      SVG.text(
        "minimum", x: x, y: pixel.y - 10 < plot.y + 12 ? pixel.y + 19 : pixel.y - 10, cssClass: "minimum-label",
        anchor: "middle"),
    ])
  }

  var extent: AxisDomain { grid.extent }

  func area(in plot: Rect) -> Rect {
    domain.area(in: plot, equalAxes: equalAxes)
  }

  func draw(in available: Rect, id: String) -> [Node] {
    let plot = area(in: available)
    let axes = GridAxes(domain, in: plot, equalAxes: equalAxes)
    let (x, y, xAxis, yAxis) = (axes.x, axes.y, axes.xAxis, axes.yAxis)
    let pixel = { (point: Point) in Point(x: x(point.x), y: y(point.y)) }
    let contours = lines.map { lines in
      var data = PathData()
      for line in lines {
        data.addPolyline(line.points.map(pixel), closed: line.isClosed)
      }
      return SVG.path(data, cssClass: "contour")
    }
    let clip = id + "-clip"
    return [
      SVG.clipPath(id: clip, plot), Axes.grid(x: xAxis, y: yAxis, in: plot), SVG.group("contours", contours),
      SVG.group(
        "trajectory-layer", trajectory(pixel, in: plot) + (minimum.map { [minimumMarker(pixel($0), in: plot)] } ?? []),
        attributes: ["clip-path": "url(#\(clip))"]),
    ] + Axes.frame(x: xAxis, y: yAxis, in: plot)
  }

  /// The path as polylines between non-finite points, with end markers and,
  /// where it first turns non-finite, a marker on its last finite point.
  private func trajectory(_ pixel: (Point) -> Point, in plot: Rect) -> [Node] {
    var runs = [[Point]](), run = [Point]()
    for point in path {
      if point.x.isFinite && point.y.isFinite {
        run.append(pixel(point))
      } else if !run.isEmpty {
        runs.append(run)
        run = []
      }
    }
    if !run.isEmpty { runs.append(run) }
    guard let first = runs.first?.first, let last = runs.last?.last else { return [] }
    let total = runs.reduce(0) { $0 + $1.count }
    var nodes = runs.map { run in
      let kept = LTTB.downsample(run, to: max(Self.maximumPathPoints * run.count / total, 3))
      return SVG.element("polyline", [
        "class": "trajectory", "fill": "none", "points": kept.map(PathData.pair).joined(separator: " "),
      ])
    }
    nodes.append(SVG.circle(x: first.x, y: first.y, radius: 4, cssClass: "trajectory-start"))
    nodes.append(SVG.circle(x: last.x, y: last.y, radius: 4, cssClass: "trajectory-end"))
    if let broken = path.firstIndex(where: { !($0.x.isFinite && $0.y.isFinite) }),
      let before = path[..<broken].last(where: { $0.x.isFinite && $0.y.isFinite })
    {
      let point = path[broken]
      nodes.append(LineChart.marker(
        at: pixel(before), label: LineChart.symbol(point.y.isFinite ? point.x : point.y),
        color: Palette.series(2), in: plot))
    }
    return nodes
  }
}
