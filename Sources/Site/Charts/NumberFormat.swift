import CellProtocol
import Foundation

/// Number formatting for chart markup: coordinates and tick labels.
///
/// Everything is computed with integer arithmetic on rounded values, so the
/// output does not depend on the locale or on `Double.description`.
enum NumberFormat {
  /// `10^exponent`, exact for exponents up to 22 and correctly rounded
  /// (one division) below zero.
  static func powerOfTen(_ exponent: Int) -> Double {
    var power = 1.0
    for _ in 0..<abs(exponent) { power *= 10 }
    return exponent >= 0 ? power : 1 / power
  }

  /// A coordinate rounded to one decimal: `12`, `-3.5`, never `-0`
  /// (clamped to ±10^9, and `0` for NaN, so a bad value cannot trap).
  static func coordinate(_ value: Double) -> String {
    value.isNaN ? "0" : fixed(min(max(value, -1e9), 1e9), decimals: 1)
  }

  /// `value` with at most `decimals` decimals, trailing zeros removed.
  static func fixed(_ value: Double, decimals: Int) -> String {
    let scale = powerOfTen(decimals)
    let units = Int((abs(value) * scale).rounded())
    let divisor = Int(scale)
    var out = value < 0 && units != 0 ? "-" : ""
    out += String(units / divisor)
    var fraction = String(units % divisor)
    if units % divisor != 0 {
      fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
      while fraction.hasSuffix("0") { fraction.removeLast() }
      out += "." + fraction
    }
    return out
  }

  /// A number precise enough to tell values `step` apart, on its own (for
  /// descriptions and notes; axes format all their ticks in one style, see
  /// `tickLabels`).
  ///
  /// Magnitudes from 0.001 to below 1000 are decimals (`0.25`, `0.001`,
  /// `120`); from 1000 up they take a suffix (`2.5k`, `10k`, `1.2M`, `3G`,
  /// `1T`); below 0.001 and from 10^15 up they are scientific (`1e-5`,
  /// `2.5e-4`). Trailing zeros are dropped and zero is `0`.
  static func tickLabel(_ value: Double, step: Double) -> String {
    let magnitude = abs(value)
    guard value.isFinite else { return value.isNaN ? "NaN" : value > 0 ? "∞" : "-∞" }
    guard magnitude > abs(step) * 1e-9, magnitude > 0 else { return "0" }
    let stepExponent = step > 0 ? exponent(of: step) : exponent(of: magnitude)
    if magnitude < 1e-3 || magnitude >= 1e15 {
      let (mantissa, power) = scientific(value, stepExponent: stepExponent)
      return mantissa + "e" + String(power)
    }
    if magnitude >= 1000 { return suffixed(value, unitOf: magnitude, stepExponent: stepExponent) }
    return fixed(value, decimals: min(max(0, -stepExponent), 12))
  }

  /// The labels of an axis's ticks `step` apart, all in one style chosen
  /// by the largest magnitude among them, so an axis never mixes styles:
  /// decimals (`0`, `0.0005`, `0.001`); one suffix for all from 1000 up
  /// (`0`, `0.5k`, `1k`, `1.5k`); scientific with a superscript power below
  /// 0.001 and from 10^15 up (`0`, `2×10⁻⁴`, `4×10⁻⁴`). Zero is `0`.
  /// `largest` sets the style instead, for ticks labelled alongside others.
  static func tickLabels(_ values: [Double], step: Double, largest: Double? = nil) -> [String] {
    let largest = largest ?? values.filter(\.isFinite).map(abs).max() ?? 0
    let stepExponent = step > 0 ? exponent(of: step) : exponent(of: max(largest, 1e-300))
    return values.map { value in
      guard value.isFinite else { return tickLabel(value, step: step) }
      guard abs(value) > abs(step) * 1e-9, value != 0 else { return "0" }
      if largest < 1e-3 || largest >= 1e15 {
        let (mantissa, power) = scientific(value, stepExponent: stepExponent)
        return mantissa + "×10" + superscript(power)
      }
      if largest >= 1000 { return suffixed(value, unitOf: largest, stepExponent: stepExponent) }
      return fixed(value, decimals: min(max(0, -stepExponent), 12))
    }
  }

  /// A tick on a log axis, as `10⁻³`, `10⁰`, `10²`, and a tick between
  /// powers of ten as `2×10⁻³`: every tick of a log axis in the same style,
  /// however many decades it spans.
  static func powerOfTenLabel(_ value: Double) -> String {
    guard value.isFinite, value > 0 else { return tickLabel(value, step: 1) }
    let power = exponent(of: value * (1 + 1e-12))
    let mantissa = Int((value / powerOfTen(power)).rounded())
    return (mantissa > 1 && mantissa < 10 ? "\(mantissa)×" : "") + "10" + superscript(power)
  }

  /// `exponent` in superscript digits, with a superscript minus: `⁻¹²`.
  static func superscript(_ exponent: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    return (exponent < 0 ? "⁻" : "") + String(exponent.magnitude).map { digits[Int(String($0))!] }
  }

  /// `value` as a mantissa of 1 to below 10, with as many decimals as
  /// tell values `10^stepExponent` apart, and its power of ten.
  private static func scientific(_ value: Double, stepExponent: Int) -> (mantissa: String, power: Int) {
    var power = exponent(of: abs(value))
    let decimals = min(max(0, power - stepExponent), 6)
    // Below 10^-290, 10^power underflows: divide 10^300 times the value.
    var mantissa = power < -290 ? value * 1e300 / powerOfTen(power + 300) : value / powerOfTen(power)
    if abs(mantissa * powerOfTen(decimals)).rounded() >= 10 * powerOfTen(decimals) {
      mantissa /= 10
      power += 1
    }
    return (fixed(mantissa, decimals: decimals), power)
  }

  /// `value` in thousands, millions, billions or trillions, whichever
  /// `magnitude` (at least 1000) reaches: `2.5k`, `1.2M`, `3G`, `1T`.
  private static func suffixed(_ value: Double, unitOf magnitude: Double, stepExponent: Int) -> String {
    let (unit, suffix) = magnitude >= 1e12 ? (12, "T") : magnitude >= 1e9 ? (9, "G") : magnitude >= 1e6 ? (6, "M") : (3, "k")
    return fixed(value / powerOfTen(unit), decimals: min(max(0, unit - stepExponent), 6)) + suffix
  }

  /// `value` to three significant digits, in the style of `tickLabel`.
  static func compact(_ value: Double) -> String {
    guard value.isFinite, value != 0 else { return tickLabel(value, step: 1) }
    return tickLabel(value, step: powerOfTen(exponent(of: abs(value)) - 2))
  }

  /// "3 of 100 values are", "1 of 100 points is": how notes on what a
  /// chart leaves out begin, counts grouped by thousands.
  static func part(_ count: Int, of total: Int, _ noun: String) -> String {
    groupedDigits(count) + " of " + groupedDigits(total) + " " + noun + (count == 1 ? " is" : " are")
  }

  /// A note's sentence on values a chart cannot draw, without its full
  /// stop: "3 of 60 points of “ε = 0.1” are not finite and are not drawn",
  /// "1 of 2 grid values is not finite and is left blank"; `what` says
  /// what is wrong with them, `fate` what the chart does with them.
  static func leftOut(
    _ count: Int, of total: Int, _ noun: String, of name: String? = nil, what: String = "not finite",
    fate: String = "not drawn"
  ) -> String {
    part(count, of: total, noun + (name.map { " of “" + $0 + "”" } ?? "")) + " " + what + " and "
      + (count == 1 ? "is " : "are ") + fate
  }

  /// The power of ten of the leading digit of a positive number.
  static func exponent(of magnitude: Double) -> Int {
    // Below 10^-290, 10^power itself underflows: measure 10^300 times more.
    guard magnitude >= 1e-290 else { return exponent(of: magnitude * 1e300) - 300 }
    var power = Int(log10(magnitude).rounded(.down))
    if powerOfTen(power) > magnitude { power -= 1 }
    if powerOfTen(power + 1) <= magnitude { power += 1 }
    return power
  }
}
