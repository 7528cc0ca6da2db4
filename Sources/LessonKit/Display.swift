import CellProtocol
import Foundation

/// Shows a value under the cell: its description as preformatted text.
///
/// ```swift
/// show(model)                  // the layer list
/// show(history.trainLoss.last!)
/// show(Tensor([[1, 2], [3, 4]]))
/// ```
///
/// Outside the runner the value is also printed to standard output. To show
/// a chart, pass a `Chart` (see ``show(_:caption:)``). Text longer than
/// ``OutputLimits/textBytes`` keeps its start and end, with a line saying
/// how many bytes were left out between them.
///
/// - Parameter value: A value with a description: a model, a tensor, a
///   number, text. (A value without one, such as the `()` that `plot`
///   returns, does not compile.)
public func show(_ value: some CustomStringConvertible) {
  Runtime.shared.display(.text(cappedText(value.description)))
  if !Runtime.shared.isConnected { print(value) }
}

/// One column of a table: its header and its values, all of one type.
/// A column of numbers is formatted as a whole (see ``NumberStyle``): one
/// number of decimals for all its values, rounding noise next to its
/// largest value shown as `0`, percentages where the author asks.
///
/// Built from whole arrays, a column type-checks at once, however many
/// columns a table has (a row of mixed values, `[1, loss, "he"]`, makes the
/// compiler search through every way of typing it).
///
/// ```swift
/// table(Column("layer", Array(1...4)), Column("mean", means), Column("std", stds))
/// ```
public struct Column: Sendable {
  /// The header cell.
  public let header: String
  /// The formatted cells, top to bottom.
  let cells: [String]

  /// A column of `Float`s.
  ///
  /// ```swift
  /// Column("final loss", runs.map(\.loss))
  /// Column("validation accuracy", runs.map(\.accuracy), style: .percent)
  /// ```
  ///
  /// - Parameters:
  ///   - header: The header cell.
  ///   - values: The values, top to bottom.
  ///   - style: How the numbers show (``NumberStyle/automatic`` by default).
  public init(_ header: String, _ values: [Float], style: NumberStyle = .automatic) {
    self.header = header
    cells = style.cells(values.map(Double.init))
  }

  /// A column of `Double`s.
  ///
  /// ```swift
  /// Column("λ", [0.001, 0.01, 0.1])
  /// ```
  ///
  /// - Parameters:
  ///   - header: The header cell.
  ///   - values: The values, top to bottom.
  ///   - style: How the numbers show (``NumberStyle/automatic`` by default).
  public init(_ header: String, _ values: [Double], style: NumberStyle = .automatic) {
    self.header = header
    cells = style.cells(values)
  }

  /// A column of integers.
  ///
  /// ```swift
  /// Column("epoch", Array(1...5))
  /// ```
  public init(_ header: String, _ values: [Int]) {
    self.header = header
    cells = values.map(String.init)
  }

  /// A column of text.
  ///
  /// ```swift
  /// Column("initialization", ["zeros", "Xavier", "He"])
  /// ```
  public init(_ header: String, _ values: [String]) {
    self.header = header
    cells = values
  }
}

/// Shows a table, given column by column.
///
/// ```swift
/// table(Column("init", ["zeros", "He"]), Column("final loss", [zerosLoss, heLoss]))
/// ```
///
/// A table longer than ``OutputLimits/tableRows`` shows its first and last
/// rows around a row saying how many were left out; wider than
/// ``OutputLimits/tableColumns``, its first columns; a cell longer than
/// ``OutputLimits/tableCellBytes``, its start and end.
///
/// - Parameter columns: The columns, left to right.
/// - Precondition: there is a column, and every column has as many values as
///   the first.
public func table(_ columns: Column...) {
  require(!columns.isEmpty, "table needs at least one column")
  let height = columns[0].cells.count
  for column in columns where column.cells.count != height {
    fatalError("table: column '\(column.header)' has \(column.cells.count) values, but '\(columns[0].header)' has \(height)")
  }
  let headers = columns.map(\.header)
  let rows = (0..<height).map { row in columns.map { $0.cells[row] } }
  Runtime.shared.display(cappedTable(headers, rows))
  if !Runtime.shared.isConnected {
    print(headers.joined(separator: "\t"))
    for row in rows { print(row.joined(separator: "\t")) }
  }
}

/// Shows a chart, with an optional caption under it.
///
/// ```swift
/// show(Chart.plot(["loss": history.stepLosses], xLabel: "step", logY: true),
///      caption: "The loss of every step.")
/// ```
///
/// Outside the runner a one-line `[chart: title]` summary is printed instead.
///
/// A chart with more data than ``OutputLimits`` allows is cut down before
/// it is recorded (a long series downsampled, a large scatter sampled, …),
/// and a note on the chart says what was cut.
///
/// - Parameters:
///   - chart: A chart built with one of `Chart`'s factories, such as
///     ``CellProtocol/Chart/plot(_:x:title:xLabel:yLabel:logY:logX:)-(KeyValuePairs<String,[Float]>,_,_,_,_,_,_)``.
///   - caption: A caption under the chart. When `nil` and the chart is the
///     cell's only figure, the cell's `//| caption:` option is used.
public func show(_ chart: Chart, caption: String? = nil) {
  Runtime.shared.display(chartItem(chart, caption: caption))
}

/// What ``show(_:caption:)`` records: the chart within ``OutputLimits``.
func chartItem(_ chart: Chart, caption: String?) -> DisplayItem {
  .chart(chart.capped(), caption: caption.map { cappedText($0) })
}

/// Shows several precomputed versions of one chart, switched by tabs on the
/// page: an experiment swept over a parameter, with no kernel needed.
///
/// ```swift
/// func fitChart(_ lambda: Float) throws -> Chart {
///   let model = Sequential(seed: 1) { Dense(2, 64, init: .heNormal()); ReLU(); Dense(64, 3) }
///   try model.fit(train, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01),
///                 epochs: 100, batchSize: 32, regularizers: [.l2(lambda)])
///   return Chart.decisionBoundary(model, data: train, title: "λ = \(lambda)")
/// }
/// showVariants("λ", ["0": try fitChart(0), "0.01": try fitChart(0.01), "0.1": try fitChart(0.1)])
/// ```
///
/// The first ``OutputLimits/variants`` variants are shown, with a note
/// when there were more.
///
/// The charts share their axes: every chart of one kind spans the ranges of
/// all of them, so a run that fails looks like one when the reader switches
/// tabs. Pass `axes: .free` when the point is the changing range itself
/// (data before and after standardizing, say):
///
/// ```swift
/// showVariants("transform", ["raw": .scatter(raw), "standardized": .scatter(standardized)], axes: .free,
///              caption: "Look at the axis ranges.")
/// ```
///
/// - Parameters:
///   - parameter: The name of the swept parameter, shown before the tabs.
///   - variants: One chart per value, labelled by the value, in tab order.
///   - axes: `.shared` (the default): one x range and one y range for the
///     charts of the first chart's kind; `.free`: each chart its own.
///   - caption: A caption under the charts.
public func showVariants(
  _ parameter: String, _ variants: KeyValuePairs<String, Chart>, axes: VariantAxes = .shared, caption: String? = nil
) {
  showVariants(parameter, variants.map { ($0.key, $0.value) }, axes: axes, caption: caption)
}

/// Shows one figure per value of a swept parameter, from charts built in a
/// loop, as tabs in tab order.
///
/// ```swift
/// let variants = [Float(0), 0.2, 0.5].map { p -> (String, Chart) in
///   let model = Sequential(seed: 1) { Dense(2, 64, init: .heNormal()); ReLU(); Dropout(p); Dense(64, 3) }
///   _ = try! model.fit(train, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01),
///                      epochs: 50, batchSize: 32)
///   return ("p = \(p)", Chart.decisionBoundary(model, data: train))
/// }
/// showVariants("dropout", variants)
/// ```
///
/// - Parameters:
///   - parameter: The name of the swept parameter, shown before the tabs.
///   - variants: `(value label, chart)` pairs, in tab order.
///   - axes: `.shared` (the default): one x range and one y range for the
///     charts of the first chart's kind; `.free`: each chart its own, for
///     figures whose point is the changing range.
///   - caption: A caption under the charts.
public func showVariants(
  _ parameter: String, _ variants: [(String, Chart)], axes: VariantAxes = .shared, caption: String? = nil
) {
  show(
    Chart(.variants(parameter: parameter, labels: variants.map(\.0), charts: variants.map(\.1), axes: axes)),
    caption: caption)
}

/// Shows the frames of a process (every epoch of a training run, say) under
/// a slider with a play button: the page shows one frame at a time, and the
/// reader drags the slider, steps it with the arrow keys or plays it, with
/// no kernel needed.
///
/// ```swift
/// var frames: [(String, Chart)] = []
/// try model.fit(train, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01), epochs: 30, batchSize: 32,
///               onEpoch: { record in
///   _ = model.forward(train.inputs, training: false)
///   frames.append(("\(record.epoch + 1)", .histogram(["layer 2": model.lastOutputs[2].scalars], range: -4...4)))
/// })
/// showSlider("epoch", frames: frames, caption: "The activations of layer 2, epoch by epoch.")
/// ```
///
/// Every frame is in the page, so frames should be small: at most
/// ``OutputLimits/sliderFrames`` are kept (more are thinned evenly, the
/// first and the last kept, with a note). Printed, and without JavaScript,
/// the page shows the first, middle and last frames.
///
/// The frames share their axes, like ``showVariants(_:_:axes:caption:)-(_,KeyValuePairs<String,Chart>,_,_)``:
/// every chart of the first frame's kind is drawn over the ranges of all of
/// them, so the axes stand still while the data moves. Pass `axes: .free`
/// when each frame should span its own data.
///
/// - Parameters:
///   - parameter: What the frames step through (`"epoch"`), the slider's label.
///   - frames: `(value label, chart)` pairs, in order; each chart is one
///     chart, not variants or another slider.
///   - axes: `.shared` (the default): one x range and one y range for the
///     charts of the first frame's kind; `.free`: each frame its own.
///   - caption: A caption under the slider.
public func showSlider(
  _ parameter: String, frames: [(String, Chart)], axes: VariantAxes = .shared, caption: String? = nil
) {
  for (label, chart) in frames {
    switch chart.kind {
    case .variants, .slider:
      fatalError("showSlider: frame '\(label)' is a set of charts; each frame must be one chart")
    default: break
    }
  }
  show(
    Chart(.slider(parameter: parameter, labels: frames.map(\.0), charts: frames.map(\.1), axes: axes)),
    caption: caption)
}

/// Formats a number for tables and messages: whole numbers below a million
/// as integers, other values with 4 significant digits (scientific notation
/// below 0.001 and from a million up).
///
/// ```swift
/// format(2.0)           // "2": whole numbers below a million lose their decimals
/// format(0.031416)      // "0.03142"
/// format(1.5e-6)        // "1.500e-06"
/// format(20412582.0)    // "2.041e+07"
/// ```
///
/// Use it in `expect` messages so that they stay short:
/// `expect(loss < 0.1, "the loss falls below 0.1 (got \(format(loss)))")`.
///
/// - Parameter value: The number.
/// - Returns: The formatted text; `nan`, `inf` and `-inf` for non-finite
///   numbers.
public func format(_ value: Double) -> String { formatNumber(value) }

/// Formats a `Float` like ``format(_:)-(Double)``.
///
/// ```swift
/// let loss: Float = 0.031416
/// format(loss)          // "0.03142"
/// ```
///
/// - Parameter value: The number.
/// - Returns: The formatted text.
public func format(_ value: Float) -> String { formatNumber(Double(value)) }

/// Formats an integer as is.
///
/// ```swift
/// format(3)             // "3"
/// ```
///
/// - Parameter value: The number.
/// - Returns: Its digits.
public func format(_ value: Int) -> String { String(value) }

/// Formats numbers as a comma-separated list, each like
/// ``format(_:)-(Double)``.
///
/// ```swift
/// format([0.5, 0.25])   // "0.5, 0.25"
/// ```
///
/// - Parameter values: The numbers.
/// - Returns: The formatted numbers joined with ", ".
public func format(_ values: [Double]) -> String { values.map(formatNumber).joined(separator: ", ") }

/// Formats `Float`s as a comma-separated list.
///
/// ```swift
/// format(logits.map(abs))   // "2.31, 0.5, 0.01"
/// ```
///
/// - Parameter values: The numbers.
/// - Returns: The formatted numbers joined with ", ".
public func format(_ values: [Float]) -> String { values.map { formatNumber(Double($0)) }.joined(separator: ", ") }

/// ``format(_:)-(Double)``'s rule, for the overloads and for table columns.
func formatNumber(_ v: Double) -> String {
  if v.isNaN { return "nan" }
  if v.isInfinite { return v > 0 ? "inf" : "-inf" }
  let magnitude = abs(v)
  if v == v.rounded() && magnitude < 1e6 { return String(Int(v)) }
  if magnitude >= 1e6 || magnitude < 1e-3 { return String(format: "%.3e", v) }
  return String(format: "%.4g", v)
}
