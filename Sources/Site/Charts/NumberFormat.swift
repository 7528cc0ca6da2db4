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

  /// A tick label precise enough to tell ticks `step` apart.
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
      var power = exponent(of: magnitude)
      let decimals = min(max(0, power - stepExponent), 6)
      // Below 10^-290, 10^power underflows: divide 10^300 times the value.
      var mantissa = power < -290 ? value * 1e300 / powerOfTen(power + 300) : value / powerOfTen(power)
      if abs(mantissa * powerOfTen(decimals)).rounded() >= 10 * powerOfTen(decimals) {
        mantissa /= 10
        power += 1
      }
      return fixed(mantissa, decimals: decimals) + "e" + String(power)
    }
    if magnitude >= 1000 {
      let (unit, suffix) = magnitude >= 1e12 ? (12, "T") : magnitude >= 1e9 ? (9, "G") : magnitude >= 1e6 ? (6, "M") : (3, "k")
      return fixed(value / powerOfTen(unit), decimals: min(max(0, unit - stepExponent), 6)) + suffix
    }
    return fixed(value, decimals: min(max(0, -stepExponent), 12))
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
