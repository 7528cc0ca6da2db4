import CellProtocol
import Foundation

/// Maps data values to pixels along one axis, linearly or on a log scale.
///
/// `start` is the pixel for `lower` and `end` the pixel for `upper`, so a y
/// scale is inverted by passing the bottom edge as `start`.
struct Scale: Equatable, Sendable {
  /// The smallest value of the domain.
  var lower: Double
  /// The largest value of the domain.
  var upper: Double
  /// The pixel where `lower` lands.
  var start: Double
  /// The pixel where `upper` lands.
  var end: Double
  /// Whether values are mapped by their base-10 logarithm.
  var isLogarithmic = false

  /// The pixel for `value` (values outside the domain land outside the range).
  func callAsFunction(_ value: Double) -> Double {
    let from = transform(lower), to = transform(upper)
    guard to != from else { return (start + end) / 2 }
    return start + (transform(value) - from) / (to - from) * (end - start)
  }

  /// A scale over the domain of `ticks`.
  init(_ ticks: Ticks, start: Double, end: Double) {
    self.init(lower: ticks.lower, upper: ticks.upper, start: start, end: end, isLogarithmic: ticks.isLogarithmic)
  }

  /// A scale from `lower…upper` to `start…end`.
  init(lower: Double, upper: Double, start: Double, end: Double, isLogarithmic: Bool = false) {
    self.lower = lower
    self.upper = upper
    self.start = start
    self.end = end
    self.isLogarithmic = isLogarithmic
  }

  private func transform(_ value: Double) -> Double {
    isLogarithmic ? log10(value) : value
  }
}

/// The plot area of a chart whose two axes share one scale: one data unit
/// is as many pixels across as up.
enum EqualAxes {
  /// The smallest side of the area, so a nearly flat cloud stays visible
  /// (the scales then differ).
  static let minimumSide = 60.0
  /// The pixels per tick the tick counts aim at.
  static let pixelsPerTick = 65.0

  /// The rectangle centred in `plot` that shows `xSpan` data units across
  /// and `ySpan` up at the same number of pixels per unit, as large as
  /// fits; `plot` itself when a span is not positive.
  static func area(xSpan: Double, ySpan: Double, in plot: Rect) -> Rect {
    guard xSpan > 0, ySpan > 0, xSpan.isFinite, ySpan.isFinite else { return plot }
    let unit = min(plot.width / xSpan, plot.height / ySpan)
    let width = min(max(xSpan * unit, minimumSide), plot.width)
    let height = min(max(ySpan * unit, minimumSide), plot.height)
    return Rect(x: plot.x + (plot.width - width) / 2, y: plot.y + (plot.height - height) / 2, width: width, height: height)
  }

  /// About one tick per `pixelsPerTick` along `length` pixels, 3 to 6.
  static func tickCount(_ length: Double) -> Int {
    min(max(Int(length / pixelsPerTick) + 1, 3), 6)
  }
}

/// The axes of a chart drawn over a grid's rectangle (heat maps, contours):
/// nice ticks inside the rectangle (or the wider ranges variants share), as
/// many as the plot's size allows when the axes share one scale, and the
/// scales from data to pixels.
struct GridAxes {
  let x: Scale, y: Scale
  let xAxis: Axis, yAxis: Axis

  init(_ domain: AxisDomain, in plot: Rect, equalAxes: Bool) {
    let xs = domain.x ?? Extent(lower: 0, upper: 1), ys = domain.y ?? Extent(lower: 0, upper: 1)
    var xTicks = Ticks.linear(inside: xs.lower, xs.upper, count: equalAxes ? EqualAxes.tickCount(plot.width) : 6)
    var yTicks = Ticks.linear(inside: ys.lower, ys.upper, count: equalAxes ? EqualAxes.tickCount(plot.height) : 5)
    // Equal axes step alike, so the grid is made of squares: by the larger
    // step, unless that leaves an axis fewer than three ticks.
    if equalAxes && xTicks.step != yTicks.step {
      let stepped = { (step: Double) in
        (Ticks.linear(inside: xs.lower, xs.upper, step: .nice(step)), Ticks.linear(inside: ys.lower, ys.upper, step: .nice(step)))
      }
      let coarse = stepped(max(xTicks.step, yTicks.step))
      (xTicks, yTicks) =
        coarse.0.values.count >= 3 && coarse.1.values.count >= 3 ? coarse : stepped(min(xTicks.step, yTicks.step))
    }
    x = Scale(xTicks, start: plot.x, end: plot.maxX)
    y = Scale(yTicks, start: plot.maxY, end: plot.y)
    xAxis = Axis(xTicks, scale: x)
    yAxis = Axis(yTicks, scale: y)
  }
}

extension Grid {
  /// The rectangle the grid covers, as the ranges of a chart's axes.
  var extent: AxisDomain {
    AxisDomain(x: Extent(lower: xMin, upper: xMax), y: Extent(lower: yMin, upper: yMax))
  }
}

extension AxisDomain {
  /// The plot area of a chart over this domain: all of `plot`, or with
  /// `equalAxes` the centred rectangle of the domain's aspect ratio.
  func area(in plot: Rect, equalAxes: Bool) -> Rect {
    guard equalAxes, let x, let y else { return plot }
    return EqualAxes.area(xSpan: x.upper - x.lower, ySpan: y.upper - y.lower, in: plot)
  }
}
