import Foundation

/// Tick values for an axis and the domain they span, at "nice" numbers.
///
/// Linear ticks step by 1, 2 or 5 × 10^k (Heckbert's nice-numbers
/// algorithm, Graphics Gems, 1990); logarithmic ticks sit at powers of ten.
struct Ticks: Equatable, Sendable {
  /// The start of the axis domain.
  var lower: Double
  /// The end of the axis domain.
  var upper: Double
  /// The tick values, ascending.
  var values: [Double]
  /// The distance between linear ticks, which sets the label precision.
  var step: Double
  /// Whether the ticks are powers of ten on a log axis.
  var isLogarithmic = false

  /// Labels for `values`, in one style for the whole axis (see
  /// `NumberFormat.tickLabels`): powers of ten on a log axis (`10⁻³`, and
  /// `2×10⁻³` between them).
  var labels: [String] {
    isLogarithmic ? values.map(NumberFormat.powerOfTenLabel) : NumberFormat.tickLabels(values, step: step)
  }

  /// The span, in decades, below which a log axis also has ticks between
  /// its powers of ten.
  static let intermediateDecades = 1.5

  /// About `count` ticks whose domain extends `lower…upper` out to the
  /// nearest ticks.
  static func linear(covering lower: Double, _ upper: Double, count: Int = 5) -> Ticks {
    let (low, high) = widened(lower, upper)
    let step = DecimalStep.nice(NiceNumber.value(high - low, rounding: false) / Double(max(count - 1, 1)))
    let first = Int((low / step.value + 1e-9).rounded(.down))
    let last = Int((high / step.value - 1e-9).rounded(.up))
    return Ticks(
      lower: step.multiple(first), upper: step.multiple(last),
      values: (first...max(first, last)).map(step.multiple), step: step.value)
  }

  /// About `count` ticks over `lower…upper`, the domain rounded out to the
  /// nearest ticks only on the sides where that adds at most `slack` of the
  /// span: an axis of components 1 to 64 runs from 0 to 64, not to 80.
  static func linear(hugging lower: Double, _ upper: Double, count: Int = 5, slack: Double = 0.05) -> Ticks {
    let covering = linear(covering: lower, upper, count: count)
    guard upper > lower else { return covering }
    let margin = (upper - lower) * slack
    let low = lower - covering.lower <= margin ? covering.lower : lower
    let high = covering.upper - upper <= margin ? covering.upper : upper
    let tolerance = (upper - lower) * 1e-9
    return Ticks(
      lower: low, upper: high, values: covering.values.filter { $0 >= low - tolerance && $0 <= high + tolerance },
      step: covering.step)
  }

  /// About `count` nice ticks inside the fixed domain `lower…upper`:
  /// stepping by the nice number closest to an even split or, when
  /// `refining`, by the next smaller one when that comes nearer `count`
  /// ticks, or when the closer one leaves fewer than three (or `count`; a
  /// domain of −1.5…1.5 gets −1, 0 and 1, not just 0).
  static func linear(inside lower: Double, _ upper: Double, count: Int = 5, refining: Bool = true) -> Ticks {
    let (low, high) = widened(lower, upper)
    let closest = DecimalStep.nice((high - low) / Double(max(count - 1, 1)))
    let coarse = linear(inside: lower, upper, step: closest)
    guard refining else { return coarse }
    let fine = linear(inside: lower, upper, step: closest.smaller)
    let miss = { (ticks: Ticks) in abs(ticks.values.count - count) }
    return miss(fine) < miss(coarse) || (coarse.values.count < min(count, 3) && fine.values.count <= 2 * count)
      ? fine : coarse
  }

  /// The multiples of `step` inside the fixed domain `lower…upper`.
  static func linear(inside lower: Double, _ upper: Double, step: DecimalStep) -> Ticks {
    let (low, high) = widened(lower, upper)
    let first = Int((low / step.value - 1e-9).rounded(.up))
    let last = Int((high / step.value + 1e-9).rounded(.down))
    let values = first <= last ? (first...last).map(step.multiple) : []
    return Ticks(lower: low, upper: high, values: values, step: step.value)
  }

  /// Ticks at powers of ten whose domain extends the positive range
  /// `lower…upper` out to whole decades (every second or further decade
  /// when the range spans many). The range is clamped to 10^±300, so a
  /// value that underflows to 0 (or a NaN) cannot make a bound infinite.
  static func logarithmic(covering lower: Double, _ upper: Double, maximumCount: Int = 7) -> Ticks {
    let lower = lower >= 1e-300 ? min(lower, 1e300) : 1e-300
    let upper = upper <= 1e300 ? max(upper, lower) : 1e300
    // A bound within a millionth of a power of ten is on it: 0.0001 that
    // went through a Float is 0.99999997e-4, which must not add a decade.
    let slack = 1e-6
    var first = Int(log10(lower).rounded(.down))
    if NumberFormat.powerOfTen(first + 1) * (1 - slack) <= lower { first += 1 }
    if NumberFormat.powerOfTen(first) * (1 - slack) > lower { first -= 1 }
    var last = Int(log10(upper).rounded(.up))
    if NumberFormat.powerOfTen(last - 1) * (1 + slack) >= upper { last -= 1 }
    if NumberFormat.powerOfTen(last) * (1 + slack) < upper { last += 1 }
    last = max(last, first + 1)
    let stride = (last - first + maximumCount - 2) / (maximumCount - 1)
    last = first + stride * ((last - first + stride - 1) / stride)
    let exponents = Swift.stride(from: first, through: last, by: stride)
    let domain = (NumberFormat.powerOfTen(first), NumberFormat.powerOfTen(last))
    return Ticks(
      lower: domain.0, upper: domain.1,
      values: withIntermediates(exponents.map(NumberFormat.powerOfTen), lower, upper, in: domain, maximumCount),
      step: 0, isLogarithmic: true)
  }

  /// Ticks on a log axis over the fixed domain `lower…upper` (positive):
  /// the powers of ten inside it (every second or further decade when it
  /// spans many), with ticks between them when it spans less than
  /// `intermediateDecades`, and at least two ticks.
  static func logarithmic(inside lower: Double, _ upper: Double, maximumCount: Int = 7) -> Ticks {
    var lower = lower >= 1e-300 ? min(lower, 1e299) : 1e-300
    var upper = upper <= 1e300 ? upper : 1e300
    if !(upper > lower) {
      // A single value: half a decade either side of it.
      upper = lower * 3.16
      lower /= 3.16
    }
    let slack = 1e-9
    var first = NumberFormat.exponent(of: lower)
    if NumberFormat.powerOfTen(first) < lower * (1 - slack) { first += 1 }
    let last = NumberFormat.exponent(of: upper * (1 + slack))
    var powers = [Double]()
    if first <= last {
      let stride = (last - first + maximumCount - 1) / maximumCount
      powers = Swift.stride(from: first, through: last, by: max(stride, 1)).map(NumberFormat.powerOfTen)
    }
    let values = withIntermediates(powers, lower, upper, in: (lower, upper), maximumCount)
    return Ticks(lower: lower, upper: upper, values: values, step: 0, isLogarithmic: true)
  }

  /// `powers` with ticks between them on an axis over `domain` whose data
  /// span `lower…upper` less than `intermediateDecades`: at 2 and 5 × 10ⁿ,
  /// or at 3 × 10ⁿ when those would pass `maximumCount` ticks, or at every
  /// whole multiple when fewer than two ticks would remain.
  private static func withIntermediates(
    _ powers: [Double], _ lower: Double, _ upper: Double, in domain: (Double, Double), _ maximumCount: Int
  ) -> [Double] {
    guard upper > 0, lower > 0, log10(upper / lower) < intermediateDecades else { return powers }
    let low = domain.0 * (1 - 1e-9), high = domain.1 * (1 + 1e-9)
    let multiples = { (mantissas: [Int]) -> [Double] in
      var values = [Double]()
      for exponent in (NumberFormat.exponent(of: low) - 1)...(NumberFormat.exponent(of: high) + 1) {
        for mantissa in mantissas {
          // Divided by an exact power of ten below 1, so 3 × 10⁻¹ is 0.3.
          let value = exponent >= 0
            ? Double(mantissa) * NumberFormat.powerOfTen(exponent) : Double(mantissa) / NumberFormat.powerOfTen(-exponent)
          if value >= low && value <= high { values.append(value) }
        }
      }
      return values
    }
    for mantissas in [[1, 2, 5], [1, 3]] {
      let values = multiples(mantissas)
      if values.count <= maximumCount && values.count >= 2 { return values }
    }
    let whole = multiples(Array(1...9))
    return powers.count >= 2 || whole.count < 2 ? powers : whole.count <= maximumCount ? whole : [whole.first!, whole.last!]
  }

  /// A non-empty range around `lower…upper`, widening a single value
  /// (clamped to ±10^300 so the span stays finite).
  private static func widened(_ lower: Double, _ upper: Double) -> (Double, Double) {
    let lower = min(max(lower, -1e300), 1e300), upper = min(max(upper, -1e300), 1e300)
    if upper > lower { return (lower, upper) }
    let margin = lower == 0 ? 1 : abs(lower) / 2
    return (lower - margin, lower + margin)
  }
}

/// Heckbert's nice numbers: 1, 2, 5 or 10 times a power of ten.
enum NiceNumber {
  /// A nice number near `x`: the closest when `rounding`, else the
  /// smallest at least `x`.
  static func value(_ x: Double, rounding: Bool) -> Double {
    let exponent = Int(log10(x).rounded(.down))
    let fraction = x / NumberFormat.powerOfTen(exponent)
    let nice: Double
    if rounding {
      nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
    } else {
      nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
    }
    return nice * NumberFormat.powerOfTen(exponent)
  }
}

/// A tick step `mantissa × 10^exponent`, whose multiples are computed
/// exactly enough that 3 × 0.2 is 0.6, not 0.6000000000000001.
struct DecimalStep: Equatable, Sendable {
  /// 1, 2 or 5.
  var mantissa: Int
  /// The power of ten.
  var exponent: Int

  /// The nice step closest to `x`.
  static func nice(_ x: Double) -> DecimalStep {
    let value = NiceNumber.value(x, rounding: true)
    var exponent = Int(log10(value).rounded(.down))
    var mantissa = Int((value / NumberFormat.powerOfTen(exponent)).rounded())
    if mantissa >= 10 {
      mantissa /= 10
      exponent += 1
    }
    return DecimalStep(mantissa: mantissa, exponent: exponent)
  }

  /// The step as a number.
  var value: Double { multiple(1) }

  /// The next smaller nice step: 5 → 2 → 1 → 0.5.
  var smaller: DecimalStep {
    switch mantissa {
    case 5: DecimalStep(mantissa: 2, exponent: exponent)
    case 2: DecimalStep(mantissa: 1, exponent: exponent)
    default: DecimalStep(mantissa: 5, exponent: exponent - 1)
    }
  }

  /// `k` steps from zero.
  func multiple(_ k: Int) -> Double {
    let count = Double(k * mantissa)
    return exponent >= 0
      ? count * NumberFormat.powerOfTen(exponent) : count / NumberFormat.powerOfTen(-exponent)
  }
}
