import CellProtocol
import Markup

/// Points coloured by class, with a legend of the class names; with
/// `equalAxes`, one unit is as long on x as on y (see `EqualAxes`). Points
/// with a NaN or infinite coordinate are left out, and a `chart-note` says
/// how many; the axes span the finite points.
struct ScatterChart: ChartDrawing {
  /// The radius of a point.
  static let pointRadius = 3.0

  /// The finite points.
  let points: [ScatterPoint]
  /// How many points were skipped for NaN or infinity.
  let skipped: Int
  let classNames: [String]
  /// Whether both axes share one scale.
  let equalAxes: Bool

  /// Keeps the finite points.
  init(points: [ScatterPoint], classNames: [String], equalAxes: Bool = false) {
    self.points = points.filter { $0.x.isFinite && $0.y.isFinite }
    skipped = points.count - self.points.count
    self.classNames = classNames
    self.equalAxes = equalAxes
  }

  var kind: String { "scatter" }

  var legend: [LegendEntry] { Self.legend(classNames) }

  /// One entry per class name, coloured like its points.
  static func legend(_ classNames: [String]) -> [LegendEntry] {
    classNames.enumerated().map { LegendEntry(name: $1, cssClass: Palette.dataClass($0)) }
  }

  var hasData: Bool { !points.isEmpty }

  var notes: [String] { Self.skippedNote(skipped, of: points.count + skipped).map { [$0] } ?? [] }

  /// "3 of 100 points are not finite, left out"; nil when none are.
  static func skippedNote(_ skipped: Int, of total: Int) -> String? {
    guard skipped > 0 else { return nil }
    return NumberFormat.part(skipped, of: total, "points") + " not finite, left out"
  }

  var summary: String {
    "Scatter plot of \(points.count) points" + Self.summary(points, classNames: classNames, skipped: skipped)
      + (equalAxes ? " Both axes share one scale." : "")
  }

  /// " in 2 classes (a: 50, b: 50); x from …, y from …; 3 non-finite points skipped."
  static func summary(_ points: [ScatterPoint], classNames: [String], skipped: Int) -> String {
    var text = ""
    if !classNames.isEmpty {
      let counts = classNames.indices.map { label in "\(classNames[label]): \(points.filter { $0.label == label }.count)" }
      text += " in \(classNames.count) classes (" + counts.joined(separator: ", ") + ")"
    }
    if let xs = Extent(points.map(\.x)), let ys = Extent(points.map(\.y)) {
      text += "; x " + xs.summary + ", y " + ys.summary
    }
    if skipped > 0 { text += "; \(skipped) non-finite points skipped" }
    return text + "."
  }

  /// The ticks, and the part of `plot` they span: all of it, or with
  /// `equalAxes` the centred rectangle of the ticks' aspect ratio (the tick
  /// counts follow the rectangle's sides, so the ticks are laid out twice).
  func layout(in plot: Rect) -> (area: Rect, x: Ticks, y: Ticks)? {
    guard let xs = Extent(points.map(\.x)), let ys = Extent(points.map(\.y)) else { return nil }
    guard equalAxes else {
      return (plot, Ticks.linear(covering: xs.lower, xs.upper, count: 6), Ticks.linear(covering: ys.lower, ys.upper))
    }
    var area = plot
    var xTicks = Ticks.linear(covering: xs.lower, xs.upper), yTicks = xTicks
    for _ in 0..<2 {
      xTicks = Ticks.linear(covering: xs.lower, xs.upper, count: EqualAxes.tickCount(area.width))
      yTicks = Ticks.linear(covering: ys.lower, ys.upper, count: EqualAxes.tickCount(area.height))
      area = EqualAxes.area(xSpan: xTicks.upper - xTicks.lower, ySpan: yTicks.upper - yTicks.lower, in: plot)
    }
    return (area, xTicks, yTicks)
  }

  func area(in plot: Rect) -> Rect { layout(in: plot)?.area ?? plot }

  func draw(in plot: Rect, id: String) -> [Node] {
    guard let (area, xTicks, yTicks) = layout(in: plot) else { return [] }
    let x = Scale(xTicks, start: area.x, end: area.maxX)
    let y = Scale(yTicks, start: area.maxY, end: area.y)
    let xAxis = Axis(xTicks, scale: x), yAxis = Axis(yTicks, scale: y)
    return [Axes.grid(x: xAxis, y: yAxis, in: area), Self.points(points, x: x, y: y)]
      + Axes.frame(x: xAxis, y: yAxis, in: area)
  }

  /// `<circle class="point class-k">` per point, in a `points` group.
  static func points(_ points: [ScatterPoint], x: Scale, y: Scale, attributes: [String: String] = [:]) -> Node {
    SVG.group("points", points.map {
      SVG.circle(x: x($0.x), y: y($0.y), radius: pointRadius, cssClass: "point " + Palette.dataClass($0.label))
    }, attributes: attributes)
  }
}
