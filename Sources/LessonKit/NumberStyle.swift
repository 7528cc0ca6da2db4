import Foundation

/// How a table ``Column`` of numbers shows them.
///
/// ```swift
/// table(Column("λ", lambdas), Column("validation loss", losses),
///       Column("accuracy", accuracies, style: .percent), Column("mean", means, style: .decimals(3)))
/// ```
public struct NumberStyle: Equatable, Sendable {
  /// What the style does.
  enum Rule: Equatable, Sendable {
    case automatic
    case decimals(Int)
    case percent
  }

  let rule: Rule

  /// One format for the whole column, chosen from its values (the default):
  ///
  /// - whole numbers below a million as integers (`3`, `1058`);
  /// - values that are rounding noise next to the column's largest (below
  ///   10⁻⁶ of it, with no value between 10⁻⁶ and 10⁻³ of it) as `0`, so a
  ///   mean of `-8.9e-07` beside `19.75` reads `0`;
  /// - the rest with the same number of decimals, enough for four
  ///   significant digits of the largest and two of the smallest
  ///   (`19.75`, `0.3364` … `0.0008`: `0.33640` … `0.00082`);
  /// - a column spanning more than four decades, or whose values are all
  ///   below 0.001, value by value like ``format(_:)-(Double)``, all in
  ///   scientific notation when one of them needs it (`1.297e+04`), with as
  ///   few decimals as they need (learning rates `1e-05` … `1e+01`).
  public static let automatic = NumberStyle(rule: .automatic)

  /// Fractions as percentages, formatted like ``automatic`` once
  /// multiplied by 100: `0.4833` and `0.95` show as `48.33 %` and
  /// `95.00 %`, as `format(accuracy * 100) + " %"` would write them in a
  /// claim. Only where the author asks: a fraction stays a fraction
  /// otherwise.
  public static let percent = NumberStyle(rule: .percent)

  /// Every value with `count` decimals, e.g. `.decimals(3)` for means
  /// that are zero up to rounding: `-3.6e-08` shows as `0.000`.
  ///
  /// ```swift
  /// Column("mean after BN", means, style: .decimals(3))
  /// ```
  ///
  /// - Parameter count: The number of decimals, 0 to 12.
  /// - Returns: The style.
  public static func decimals(_ count: Int) -> NumberStyle {
    NumberStyle(rule: .decimals(min(max(count, 0), 12)))
  }

  /// `values` as the cells of one column.
  func cells(_ values: [Double]) -> [String] {
    switch rule {
    case .automatic: return Self.automaticCells(values)
    case .decimals(let count): return values.map { $0.isFinite ? Self.fixed($0, decimals: count) : formatNumber($0) }
    case .percent:
      return zip(values, Self.automaticCells(values.map { $0 * 100 })).map { $0.isFinite ? $1 + "\u{A0}%" : $1 }
    }
  }

  /// The cells of ``automatic``.
  private static func automaticCells(_ values: [Double]) -> [String] {
    let finite = values.filter(\.isFinite)
    let scale = finite.map(abs).max() ?? 0
    guard scale > 0, !finite.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e6 }) else { return values.map(formatNumber) }
    let noise = scale * 1e-6
    let noiseStandsApart = !finite.contains { abs($0) >= noise && abs($0) < scale * 1e-3 }
    let isZero = { (value: Double) in value == 0 || (noiseStandsApart && abs(value) < noise) }
    let kept = finite.filter { !isZero($0) }.map(abs)
    let high = exponent(of: scale), low = exponent(of: kept.min() ?? scale)
    let cell: (Double) -> String
    if high >= -3 && high < 6 && high - low <= 4 {
      let decimals = fewestDecimals(kept, most: max(3 - high, 1 - low, 0)) { fixed($0, decimals: $1) }
      cell = { fixed($0, decimals: decimals) }
    } else if kept.contains(where: { formatNumber($0).contains("e") }) {
      let decimals = fewestDecimals(kept, most: 3) { String(format: "%.\($1)e", $0) }
      cell = { String(format: "%.\(decimals)e", $0) }
    } else {
      cell = formatNumber
    }
    return values.map { !$0.isFinite ? formatNumber($0) : isZero($0) ? "0" : cell($0) }
  }

  /// The fewest decimals, up to `most`, that `written` needs to show each
  /// of `values` as it shows them with `most` (`0.98` and `0.33` need 2 of
  /// 4; learning rates `1e-05` … `1e+01` need none of 3).
  private static func fewestDecimals(_ values: [Double], most: Int, _ written: (Double, Int) -> String) -> Int {
    (0...most).first { count in values.allSatisfy { Double(written($0, count)) == Double(written($0, most)) } } ?? most
  }

  /// `value` with `decimals` decimals; never `-0`.
  private static func fixed(_ value: Double, decimals: Int) -> String {
    let text = String(format: "%.\(decimals)f", value)
    return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
  }

  /// The power of ten of the leading digit of a positive number.
  private static func exponent(of magnitude: Double) -> Int {
    Int(log10(magnitude).rounded(.down))
  }
}
