import CellProtocol
import Foundation

/// Shows a value under the cell: its description as preformatted text.
///
/// ```swift
/// show(model)                  // the layer list
/// show(history.trainLoss.last!)
/// ```
public func show(_ value: Any) {
  Runtime.shared.display(.text(String(describing: value)))
  if !Runtime.shared.isConnected { print(value) }
}

/// Shows a table with a header row; cells are formatted with ``format(_:)``.
///
/// ```swift
/// table(["init", "final loss"], [["zeros", 1.0986], ["he", 0.031]])
/// ```
public func table(_ columns: [String], _ rows: [[Any]]) {
  precondition(rows.allSatisfy { $0.count == columns.count }, "table: every row needs \(columns.count) cells")
  Runtime.shared.display(.table(columns: columns, rows: rows.map { $0.map(format) }))
  if !Runtime.shared.isConnected {
    print(columns.joined(separator: "\t"))
    for row in rows { print(row.map(format).joined(separator: "\t")) }
  }
}

/// Shows a chart, with an optional caption under it.
public func show(_ chart: Chart, caption: String? = nil) {
  Runtime.shared.display(.chart(chart, caption: caption))
}

/// Shows several precomputed versions of one chart, switched by tabs on the
/// page: an experiment swept over a parameter, with no kernel needed.
///
/// ```swift
/// showVariants("λ", ["0": fitChart(0), "0.01": fitChart(0.01), "0.1": fitChart(0.1)])
/// ```
public func showVariants(_ parameter: String, _ variants: KeyValuePairs<String, Chart>, caption: String? = nil) {
  show(
    Chart(.variants(parameter: parameter, labels: variants.map(\.key), charts: variants.map(\.value))),
    caption: caption)
}

/// Formats numbers for tables and messages: integers as is, other values with
/// 4 significant digits (scientific notation for very small or large ones).
public func format(_ value: Any) -> String {
  switch value {
  case let v as Float: return formatNumber(Double(v))
  case let v as Double: return formatNumber(v)
  case let v as Int: return String(v)
  default: return String(describing: value)
  }
}

private func formatNumber(_ v: Double) -> String {
  if v.isNaN { return "nan" }
  if v.isInfinite { return v > 0 ? "inf" : "-inf" }
  if v == v.rounded() && abs(v) < 1e9 { return String(Int(v)) }
  let magnitude = abs(v)
  if magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.3e", v) }
  return String(format: "%.4g", v)
}
