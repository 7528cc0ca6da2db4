import CellProtocol
import Markup

/// Points coloured by class, with a legend of the class names; with
/// `equalAxes`, one unit is as long on x as on y (see `EqualAxes`). Points
/// with a NaN or infinite coordinate are left out, and a `chart-note` says
/// how many; the axes span the finite points.
///
/// A class whose points nearly all lie on points of a lower class (a fitted
/// line drawn over the true one) is drawn as rings (`point ring`), with a
/// ring as its legend swatch, so the class under it still shows.
struct ScatterChart: ChartDrawing {
  /// The radius of a point.
  static let pointRadius = 3.0
  /// The radius of a ring.
  static let ringRadius = 4.5
  /// The share of a class's points that must lie on a lower class's for
  /// it to be drawn as rings.
  static let coveringShare = 0.8

  /// The finite points.
  let points: [ScatterPoint]
  /// How many points were skipped for NaN or infinity.
  let skipped: Int
  let classNames: [String]
  /// Whether both axes share one scale.
  let equalAxes: Bool
  var shared = AxisDomain()
  var isNarrow = false
  /// The classes drawn as rings.
  let ringed: Set<Int>

  /// Keeps the finite points.
  init(points: [ScatterPoint], classNames: [String], equalAxes: Bool = false) {
    self.points = points.filter { $0.x.isFinite && $0.y.isFinite }
    skipped = points.count - self.points.count
    self.classNames = classNames
    self.equalAxes = equalAxes
    ringed = Self.covering(self.points)
  }

  /// The classes at least `coveringShare` of whose points lie within 1/400
  /// of the data's width and height of a point of a lower class.
  static func covering(_ points: [ScatterPoint]) -> Set<Int> {
    guard let xs = Extent(points.map(\.x)), let ys = Extent(points.map(\.y)) else { return [] }
    let width = max(xs.upper - xs.lower, 1e-300) / 400, height = max(ys.upper - ys.lower, 1e-300) / 400
    let cell = { (point: ScatterPoint) in
      [Int(((point.x - xs.lower) / width).rounded(.down)), Int(((point.y - ys.lower) / height).rounded(.down))]
    }
    // The lowest class with a point in each cell; a point is covered when
    // a lower class has one in its cell or a neighbouring one.
    var lowest = [[Int]: Int]()
    for point in points { lowest[cell(point)] = min(lowest[cell(point)] ?? .max, point.label) }
    let covered = { (point: ScatterPoint) -> Bool in
      let home = cell(point)
      return (-1...1).contains { dx in
        (-1...1).contains { dy in (lowest[[home[0] + dx, home[1] + dy]] ?? .max) < point.label }
      }
    }
    let byClass = Dictionary(grouping: points, by: \.label)
    return Set(byClass.filter { _, points in
      Double(points.filter(covered).count) >= coveringShare * Double(points.count)
    }.keys)
  }

  var kind: String { "scatter" }

  var legend: [LegendEntry] { Self.legend(classNames, ringed: ringed) }

  /// One entry per class name, coloured like its points (a ring for the
  /// classes in `ringed`).
  static func legend(_ classNames: [String], ringed: Set<Int> = []) -> [LegendEntry] {
    classNames.enumerated().map {
      LegendEntry(name: $1, cssClass: Palette.dataClass($0), swatch: ringed.contains($0) ? .ring : .box)
    }
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
  var extent: AxisDomain { AxisDomain(x: Extent(points.map(\.x)), y: Extent(points.map(\.y))) }

  func layout(in plot: Rect) -> (area: Rect, x: Ticks, y: Ticks)? {
    guard let xs = domain.x, let ys = domain.y else { return nil }
    guard equalAxes else {
      return (
        plot, Ticks.linear(covering: xs.lower, xs.upper, count: isNarrow ? 4 : 6), Ticks.linear(covering: ys.lower, ys.upper)
      )
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
    return [Axes.grid(x: xAxis, y: yAxis, in: area), Self.points(points, x: x, y: y, ringed: ringed)]
      + Axes.frame(x: xAxis, y: yAxis, in: area)
  }

  /// `<circle class="point class-k">` per point (`point class-k ring` for
  /// the classes in `ringed`), in a `points` group.
  static func points(
    _ points: [ScatterPoint], x: Scale, y: Scale, ringed: Set<Int> = [], attributes: [String: String] = [:]
  ) -> Node {
    SVG.group("points", points.map {
      let ring = ringed.contains($0.label)
      return SVG.circle(
        x: x($0.x), y: y($0.y), radius: ring ? ringRadius : pointRadius,
        cssClass: "point " + Palette.dataClass($0.label) + (ring ? " ring" : ""))
    }, attributes: attributes)
  }
}
