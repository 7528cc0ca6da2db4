import CellProtocol
import Foundation
import Markup

/// Points coloured by class, with a legend of the class names, or by value
/// along a colour scale (`ColorRamp`), with a colour bar; with `equalAxes`,
/// one unit is as long on x as on y (see `EqualAxes`). Points with a NaN or
/// infinite coordinate are left out, and a `chart-note` says how many; the
/// axes span the finite points. Either axis may be logarithmic (then
/// `equalAxes` is ignored): points at a coordinate ≤ 0 there are left out
/// and noted too, as are points without a finite value on a colour scale.
///
/// Lines drawn over the points (a true line and fitted ones) are drawn like
/// a line chart's (see `LineChart`), coloured after the classes, with line
/// swatches in the legend after the classes'; marks (`Marks`) go on top.
///
/// A class whose points nearly all lie on points of a lower class (a fitted
/// line drawn over the true one) is drawn as rings (`point ring`), with a
/// ring as its legend swatch, so the class under it still shows. Points
/// coloured by value are `value-point` circles with a `fill` attribute.
struct ScatterChart: ChartDrawing {
  /// The radius of a point.
  static let pointRadius = 3.0
  /// The radius of a point coloured by value (a little larger, since its
  /// colour carries the data).
  static let valuePointRadius = 4.0
  /// The radius of a ring.
  static let ringRadius = 4.5
  /// The share of a class's points that must lie on a lower class's for
  /// it to be drawn as rings.
  static let coveringShare = 0.8
  /// The colour slot of the first line over a scatter coloured by value:
  /// vermillion, which viridis does not contain.
  static let firstValueLineSlot = 3

  /// The drawable points.
  let points: [ScatterPoint]
  /// How many points were skipped for NaN or infinity.
  let skipped: Int
  /// How many finite points were skipped for a coordinate ≤ 0 on a log axis.
  let nonPositive: Int
  /// How many points were skipped for a value that is not finite, on a
  /// colour scale.
  let noValue: Int
  let classNames: [String]
  /// Whether both axes share one scale (never with a log axis).
  let equalAxes: Bool
  /// The colour scale of points coloured by value; nil for classes.
  let colorRamp: ColorRamp?
  /// The lines over the points, with the marks.
  let overlay: LineChart
  /// Whether x, y are on log scales.
  let logX: Bool, logY: Bool
  var shared = AxisDomain()
  var isNarrow = false
  /// The classes drawn as rings.
  let ringed: Set<Int>

  /// Keeps the drawable points.
  init(
    points: [ScatterPoint], classNames: [String], equalAxes: Bool = false, lines: [Series] = [],
    colorScale: ColorScale? = nil, logX: Bool = false, logY: Bool = false, marks: [Mark] = []
  ) {
    let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
    let positive = finite.filter { (!logX || $0.x > 0) && (!logY || $0.y > 0) }
    let drawn = colorScale == nil ? positive : positive.filter { $0.value?.isFinite ?? false }
    self.points = drawn
    skipped = points.count - finite.count
    nonPositive = finite.count - positive.count
    noValue = positive.count - drawn.count
    self.classNames = colorScale == nil ? classNames : []
    self.equalAxes = equalAxes && !logX && !logY
    colorRamp = colorScale.map { ColorRamp($0, values: drawn.compactMap(\.value)) }
    self.logX = logX
    self.logY = logY
    var overlay = LineChart(series: lines, logY: logY, logX: logX, marks: marks, over: Extent(drawn.map(\.y)))
    overlay.firstSlot = colorScale == nil ? self.classNames.count : Self.firstValueLineSlot
    overlay.marksSparsePoints = false
    self.overlay = overlay
    ringed = colorScale == nil ? Self.covering(self.points) : []
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

  var legend: [LegendEntry] { Self.legend(classNames, ringed: ringed) + overlay.legend }

  /// One entry per class name, coloured like its points (a ring for the
  /// classes in `ringed`).
  static func legend(_ classNames: [String], ringed: Set<Int> = []) -> [LegendEntry] {
    classNames.enumerated().map {
      LegendEntry(name: $1, cssClass: Palette.dataClass($0), swatch: ringed.contains($0) ? .ring : .box)
    }
  }

  var hasData: Bool { !points.isEmpty || overlay.hasData }

  var notes: [String] {
    let total = points.count + skipped + nonPositive + noValue
    let axes = logX && logY ? "at x or y ≤ 0" : logX ? "at x ≤ 0" : "at y ≤ 0"
    return [
      Self.skippedNote(skipped, of: total),
      nonPositive > 0
        ? NumberFormat.leftOut(nonPositive, of: total, "points", what: axes, fate: "not drawn on the log scale") + "." : nil,
      noValue > 0 ? NumberFormat.leftOut(noValue, of: total, "points", what: "without a finite value") + "." : nil,
    ].compactMap { $0 } + overlay.notes
  }

  /// "3 of 100 points are not finite and are not drawn."; nil when none are.
  static func skippedNote(_ skipped: Int, of total: Int) -> String? {
    guard skipped > 0 else { return nil }
    return NumberFormat.leftOut(skipped, of: total, "points") + "."
  }

  var summary: String {
    var text = "Scatter plot of \(points.count) points" + LineChart.scales(logX: logX, logY: logY)
    if let colorRamp {
      text += ", coloured by " + (colorRamp.label ?? "value") + " on a scale from " + NumberFormat.compact(colorRamp.lower)
        + " to " + NumberFormat.compact(colorRamp.upper)
      if let best = points.max(by: { ($0.value ?? 0) < ($1.value ?? 0) }), let value = best.value {
        text += ", highest " + NumberFormat.compact(value) + " at (" + NumberFormat.compact(best.x) + ", "
          + NumberFormat.compact(best.y) + ")"
      }
    }
    text += Self.summary(points, classNames: classNames, skipped: skipped)
    if !overlay.series.isEmpty { text += " Lines over the points:" + overlay.seriesSummary }
    return text + overlay.marks.summary + (equalAxes ? " Both axes share one scale." : "")
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

  var extent: AxisDomain {
    AxisDomain(x: Extent(points.map(\.x)), y: Extent(points.map(\.y))).union(overlay.extent)
  }

  /// The share of its span, in decades, a log axis of a scatter plot adds
  /// at each end (at least `minimumLogPadding` decades), so points at the
  /// data's bounds do not sit on the frame.
  static let logPadding = 0.04
  /// The least padding of a log axis, in decades.
  static let minimumLogPadding = 0.02

  /// The ticks on an axis over `lower…upper`: on a log axis, the data's
  /// range padded by a fraction of its decades, with at most `count` + 1
  /// powers of ten inside (see `Ticks.logarithmic(inside:_:maximumCount:)`);
  /// else about `count`, rounded out to ticks.
  static func ticks(_ extent: Extent, log: Bool, count: Int) -> Ticks {
    guard log else { return Ticks.linear(covering: extent.lower, extent.upper, count: count) }
    let lower = max(extent.lower, 1e-300), upper = max(extent.upper, lower)
    let decades = log10(upper / lower)
    // A single value gets half a decade either side.
    let padding = Foundation.pow(10, decades < 1e-9 ? 0.5 : max(decades * logPadding, minimumLogPadding))
    return Ticks.logarithmic(inside: lower / padding, upper * padding, maximumCount: count + 1)
  }

  /// The ticks, and the part of `plot` they span: all of it, or with
  /// `equalAxes` the centred rectangle of the ticks' aspect ratio (the tick
  /// counts follow the rectangle's sides, so the ticks are laid out twice).
  func layout(in plot: Rect) -> (area: Rect, x: Ticks, y: Ticks)? {
    guard let xs = domain.x, let ys = domain.y else { return nil }
    guard equalAxes else {
      return (plot, Self.ticks(xs, log: logX, count: isNarrow ? 4 : 6), Self.ticks(ys, log: logY, count: 5))
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
    let dots = colorRamp.map { Self.points(points, x: x, y: y, ramp: $0) } ?? Self.points(points, x: x, y: y, ringed: ringed)
    return [Axes.grid(x: xAxis, y: yAxis, in: area), dots] + overlay.lines(x: x, y: y, in: area)
      + (overlay.marks.draw(x: x, y: y, in: area).map { [$0] } ?? []) + Axes.frame(x: xAxis, y: yAxis, in: area)
  }

  /// A `<circle class="value-point">` per point, filled with its value's
  /// colour on `ramp` and ringed thinly in the text colour (so the darkest
  /// colours show on a dark page), lowest values first, so the highest
  /// stay on top where points overlap.
  static func points(_ points: [ScatterPoint], x: Scale, y: Scale, ramp: ColorRamp) -> Node {
    let ordered = points.enumerated().sorted { a, b in
      (a.element.value ?? 0, a.offset) < (b.element.value ?? 0, b.offset)
    }.map(\.element)
    return SVG.group("value-points", ordered.map { point in
      SVG.element("circle", [
        "class": "value-point", "cx": NumberFormat.coordinate(x(point.x)), "cy": NumberFormat.coordinate(y(point.y)),
        "r": NumberFormat.coordinate(valuePointRadius), "fill": ramp.color(point.value ?? ramp.lower),
      ])
    }, attributes: ["stroke": "currentColor", "stroke-opacity": "0.45", "stroke-width": "0.75"])
  }

  /// The points of each class as one `<path class="dots class-k">` of
  /// zero-length round-capped strokes (`M x,y h0` per point: a dot of
  /// radius `pointRadius` in a dozen bytes, where a `<circle>` takes sixty,
  /// so the many frames of a slider stay light), the classes in label
  /// order; the classes in `ringed` as `<circle class="point class-k ring">`
  /// over them. All in a `points` group.
  static func points(
    _ points: [ScatterPoint], x: Scale, y: Scale, ringed: Set<Int> = [], attributes: [String: String] = [:]
  ) -> Node {
    var dots = [Int: PathData]()
    var rings = [Node]()
    for point in points {
      if ringed.contains(point.label) {
        rings.append(SVG.circle(
          x: x(point.x), y: y(point.y), radius: ringRadius, cssClass: "point " + Palette.dataClass(point.label) + " ring"))
      } else {
        dots[point.label, default: PathData()].addDot(Point(x: x(point.x), y: y(point.y)))
      }
    }
    let paths = dots.keys.sorted().map { SVG.path(dots[$0]!, cssClass: "dots " + Palette.dataClass($0)) }
    return SVG.group("points", paths + rings, attributes: attributes)
  }

}
