import CellProtocol

/// Points coloured by class, with a legend of the class names.
struct ScatterChart: ChartDrawing {
  /// The radius of a point.
  static let pointRadius = 3.0

  /// The finite points.
  let points: [ScatterPoint]
  /// How many points were skipped for NaN or infinity.
  let skipped: Int
  let classNames: [String]

  /// Keeps the finite points.
  init(points: [ScatterPoint], classNames: [String]) {
    self.points = points.filter { $0.x.isFinite && $0.y.isFinite }
    skipped = points.count - self.points.count
    self.classNames = classNames
  }

  var kind: String { "scatter" }

  var legend: [LegendEntry] { Self.legend(classNames) }

  /// One entry per class name, coloured like its points.
  static func legend(_ classNames: [String]) -> [LegendEntry] {
    classNames.enumerated().map { LegendEntry(name: $1, cssClass: Palette.dataClass($0)) }
  }

  var hasData: Bool { !points.isEmpty }

  var summary: String {
    "Scatter plot of \(points.count) points" + Self.summary(points, classNames: classNames, skipped: skipped)
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

  func draw(in plot: Rect, id: String) -> [Node] {
    guard let xs = Extent(points.map(\.x)), let ys = Extent(points.map(\.y)) else { return [] }
    let xTicks = Ticks.linear(covering: xs.lower, xs.upper, count: 6)
    let yTicks = Ticks.linear(covering: ys.lower, ys.upper)
    let x = Scale(xTicks, start: plot.x, end: plot.maxX)
    let y = Scale(yTicks, start: plot.maxY, end: plot.y)
    let xAxis = Axis(xTicks, scale: x), yAxis = Axis(yTicks, scale: y)
    return [Axes.grid(x: xAxis, y: yAxis, in: plot), Self.points(points, x: x, y: y)]
      + Axes.frame(x: xAxis, y: yAxis, in: plot)
  }

  /// `<circle class="point class-k">` per point, in a `points` group.
  static func points(_ points: [ScatterPoint], x: Scale, y: Scale, attributes: [String: String] = [:]) -> Node {
    SVG.group("points", points.map {
      SVG.circle(x: x($0.x), y: y($0.y), radius: pointRadius, cssClass: "point " + Palette.dataClass($0.label))
    }, attributes: attributes)
  }
}
