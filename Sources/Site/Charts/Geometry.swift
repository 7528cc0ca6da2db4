/// A rectangle in SVG pixels, y pointing down.
struct Rect: Equatable, Sendable {
  /// The left edge.
  var x: Double
  /// The top edge.
  var y: Double
  /// The width.
  var width: Double
  /// The height.
  var height: Double

  /// The right edge.
  var maxX: Double { x + width }
  /// The bottom edge.
  var maxY: Double { y + height }
  /// The horizontal centre.
  var midX: Double { x + width / 2 }
  /// The vertical centre.
  var midY: Double { y + height / 2 }
}

/// The smallest and largest of some values.
struct Extent: Equatable, Sendable {
  /// The smallest value.
  var lower: Double
  /// The largest value.
  var upper: Double

  /// The extent of `values`, or nil when there are none.
  init?(_ values: [Double]) {
    guard let lower = values.min(), let upper = values.max() else { return nil }
    self.lower = lower
    self.upper = upper
  }

  /// The extent `lower…upper`.
  init(lower: Double, upper: Double) {
    self.lower = lower
    self.upper = upper
  }

  /// "from 0 to 1.5", for descriptions.
  var summary: String {
    "from " + NumberFormat.compact(lower) + " to " + NumberFormat.compact(upper)
  }
}

extension Extent {
  /// The smallest extent covering `self` and `other` (either when the
  /// other is nil).
  func union(_ other: Extent?) -> Extent {
    guard let other else { return self }
    return Extent(lower: min(lower, other.lower), upper: max(upper, other.upper))
  }
}

/// The data ranges a chart's axes span, each nil when the chart has no such
/// axis or no data on it: what variants with shared axes hand to each chart.
struct AxisDomain: Equatable, Sendable {
  /// The horizontal range.
  var x: Extent?
  /// The vertical range.
  var y: Extent?

  /// The domain covering both `self` and `other`.
  func union(_ other: AxisDomain) -> AxisDomain {
    AxisDomain(x: Self.union(x, other.x), y: Self.union(y, other.y))
  }

  /// The extent covering both, nil when both are.
  private static func union(_ a: Extent?, _ b: Extent?) -> Extent? {
    a.map { $0.union(b) } ?? b
  }
}

/// A value a chart's drawing computes once and its copies share: the
/// wide and narrow layouts of a chart are copies of one drawing, so data
/// that does not depend on the layout (contour lines in data coordinates,
/// the classes of a heat map's cells) is computed on first use and kept.
///
/// ```swift
/// let lines = Memo<[MarchingSquares.Line]>()
/// let computed = lines.value { MarchingSquares.lines(grid, level: 1) }   // computed
/// let again = lines.value { MarchingSquares.lines(grid, level: 1) }      // kept
/// ```
final class Memo<Value> {
  private var kept: Value?

  /// An empty memo.
  init() {}

  /// The kept value, or `compute()`'s, kept.
  func value(_ compute: () -> Value) -> Value {
    if let kept { return kept }
    let value = compute()
    kept = value
    return value
  }
}
