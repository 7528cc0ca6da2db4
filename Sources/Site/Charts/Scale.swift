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
