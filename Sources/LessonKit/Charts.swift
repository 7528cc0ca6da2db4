import CellProtocol
import TrainingCore

// Chart factories (`Chart.lines`, `Chart.histogram`, …) build chart values, for
// `show(_:caption:)` and `showVariants`; the free functions (`plot`,
// `histogram`, …) build and show in one call.

extension Chart {
  /// Lines, one per named series, against the step index (0, 1, 2, …) or
  /// against `x`.
  public static func lines(
    _ series: KeyValuePairs<String, [Float]>, x: [Float]? = nil,
    title: String? = nil, xLabel: String? = "step", yLabel: String? = nil, logY: Bool = false
  ) -> Chart {
    let all = series.map { name, ys in
      Series(name: name, points: ys.enumerated().map { i, y in
        Point(x: Double(x.map { $0[i] } ?? Float(i)), y: Double(y))
      })
    }
    return Chart(.line(series: all, logY: logY), title: title, xLabel: xLabel, yLabel: yLabel)
  }

  /// Overlaid histograms of the named samples over a common range.
  public static func histogram(
    _ samples: KeyValuePairs<String, [Float]>, bins: Int = 30, range: ClosedRange<Float>? = nil,
    title: String? = nil, xLabel: String? = nil, yLabel: String? = "count"
  ) -> Chart {
    let shared = range ?? commonRange(samples.map(\.value))
    return Chart(
      .histogram(series: samples.map { histogramSeries($0.key, $0.value, bins: bins, range: shared) }),
      title: title, xLabel: xLabel, yLabel: yLabel)
  }

  /// A grid of small histograms, `samples[row][column]`, over one range.
  public static func histogramGrid(
    rows: [String], columns: [String], samples: [[[Float]]], bins: Int = 24, range: ClosedRange<Float>? = nil,
    title: String? = nil
  ) -> Chart {
    precondition(samples.count == rows.count && samples.allSatisfy { $0.count == columns.count },
      "histogramGrid needs \(rows.count)×\(columns.count) samples")
    let shared = range ?? commonRange(samples.flatMap { $0 })
    let cells = samples.enumerated().map { r, row in
      row.enumerated().map { c, values in histogramSeries("\(rows[r]) · \(columns[c])", values, bins: bins, range: shared) }
    }
    return Chart(.histogramGrid(rows: rows, columns: columns, cells: cells), title: title)
  }

  /// Bars per category, one bar per named series in each group.
  public static func bars(
    _ categories: [String], _ series: KeyValuePairs<String, [Float]>,
    title: String? = nil, xLabel: String? = nil, yLabel: String? = nil
  ) -> Chart {
    precondition(series.allSatisfy { $0.value.count == categories.count }, "bars: each series needs \(categories.count) values")
    return Chart(
      .bar(categories: categories, series: series.map { BarSeries(name: $0.key, values: $0.value.map(Double.init)) }),
      title: title, xLabel: xLabel, yLabel: yLabel)
  }

  /// The first two features of `data`, coloured by class (value targets get
  /// one colour).
  public static func scatter(
    _ data: Dataset, classNames: [String]? = nil, title: String? = nil, xLabel: String? = "x₁", yLabel: String? = "x₂"
  ) -> Chart {
    let labels = classLabels(data)
    return Chart(
      .scatter(points: scatterPoints(data.inputs, labels), classNames: classNames ?? defaultClassNames(labels)),
      title: title, xLabel: xLabel, yLabel: yLabel)
  }

  /// The regions where `model` predicts each class, over the data's bounding
  /// box (plus a margin), with the data on top.
  public static func decisionBoundary(
    _ model: Sequential, data: Dataset, resolution: Int = 80, classNames: [String]? = nil,
    title: String? = nil, xLabel: String? = "x₁", yLabel: String? = "x₂"
  ) -> Chart {
    let x = data.inputs.column(0), y = data.inputs.column(1)
    let (xMin, xMax) = paddedBounds(x), (yMin, yMax) = paddedBounds(y)
    var points = [Float]()
    for r in 0..<resolution {
      for c in 0..<resolution {
        points.append(xMin + (xMax - xMin) * (Float(c) + 0.5) / Float(resolution))
        points.append(yMin + (yMax - yMin) * (Float(r) + 0.5) / Float(resolution))
      }
    }
    let predicted = model.predictClasses(Tensor(rows: resolution * resolution, cols: 2, scalars: points))
    let labels = classLabels(data)
    let grid = Grid(
      xMin: Double(xMin), xMax: Double(xMax), yMin: Double(yMin), yMax: Double(yMax),
      columns: resolution, rows: resolution, values: predicted.map(Double.init))
    return Chart(
      .heatmap(grid, points: scatterPoints(data.inputs, labels), classNames: classNames ?? defaultClassNames(labels)),
      title: title, xLabel: xLabel, yLabel: yLabel)
  }

  /// Contour lines of `f` over a rectangle (a 2-D loss surface), with an
  /// optional path on top (an optimizer's trajectory).
  public static func contour(
    x: ClosedRange<Float>, y: ClosedRange<Float>, resolution: Int = 60, levels: Int = 12,
    path: [(Float, Float)] = [], title: String? = nil, xLabel: String? = "w₁", yLabel: String? = "w₂",
    _ f: (Float, Float) -> Float
  ) -> Chart {
    var values = [Double]()
    for r in 0..<resolution {
      for c in 0..<resolution {
        let px = x.lowerBound + (x.upperBound - x.lowerBound) * Float(c) / Float(resolution - 1)
        let py = y.lowerBound + (y.upperBound - y.lowerBound) * Float(r) / Float(resolution - 1)
        values.append(Double(f(px, py)))
      }
    }
    let finite = values.filter(\.isFinite)
    let low = finite.min() ?? 0, high = finite.max() ?? 1
    // Levels spaced evenly in the square root of the height, so the valley
    // floor gets as many contours as the steep walls.
    let levelValues = (1...levels).map { i -> Double in
      let t = Double(i) / Double(levels + 1)
      return low + (high - low) * t * t
    }
    let grid = Grid(
      xMin: Double(x.lowerBound), xMax: Double(x.upperBound), yMin: Double(y.lowerBound), yMax: Double(y.upperBound),
      columns: resolution, rows: resolution, values: values)
    return Chart(
      .contour(grid, levels: levelValues, path: path.map { Point(x: Double($0.0), y: Double($0.1)) }),
      title: title, xLabel: xLabel, yLabel: yLabel)
  }
}

/// Plots named series as lines against the step index (or `x`).
///
/// ```swift
/// plot(["train": history.trainLoss, "validation": history.validationLoss],
///      title: "Loss per epoch", xLabel: "epoch", logY: true)
/// ```
public func plot(
  _ series: KeyValuePairs<String, [Float]>, x: [Float]? = nil, title: String? = nil,
  xLabel: String? = "step", yLabel: String? = nil, logY: Bool = false, caption: String? = nil
) {
  show(.lines(series, x: x, title: title, xLabel: xLabel, yLabel: yLabel, logY: logY), caption: caption)
}

/// Plots overlaid histograms of the named samples.
public func histogram(
  _ samples: KeyValuePairs<String, [Float]>, bins: Int = 30, range: ClosedRange<Float>? = nil,
  title: String? = nil, xLabel: String? = nil, caption: String? = nil
) {
  show(.histogram(samples, bins: bins, range: range, title: title, xLabel: xLabel), caption: caption)
}

/// Plots a bar chart: one group per category, one bar per series.
public func bar(
  _ categories: [String], _ series: KeyValuePairs<String, [Float]>, title: String? = nil,
  xLabel: String? = nil, yLabel: String? = nil, caption: String? = nil
) {
  show(.bars(categories, series, title: title, xLabel: xLabel, yLabel: yLabel), caption: caption)
}

/// Plots the first two features of `data`, coloured by class.
public func scatter(_ data: Dataset, title: String? = nil, classNames: [String]? = nil, caption: String? = nil) {
  show(.scatter(data, classNames: classNames, title: title), caption: caption)
}

/// Plots the model's decision regions with the data on top.
public func decisionBoundary(
  _ model: Sequential, data: Dataset, title: String? = nil, resolution: Int = 80, caption: String? = nil
) {
  show(.decisionBoundary(model, data: data, resolution: resolution, title: title), caption: caption)
}

private func histogramSeries(_ name: String, _ values: [Float], bins: Int, range: ClosedRange<Float>) -> HistogramSeries {
  let h = Histogram(values: values, bins: bins, range: range)
  return HistogramSeries(name: name, lowerBound: Double(h.lowerBound), upperBound: Double(h.upperBound), counts: h.counts)
}

private func commonRange(_ samples: [[Float]]) -> ClosedRange<Float> {
  let finite = samples.flatMap { $0 }.filter(\.isFinite)
  guard let low = finite.min(), let high = finite.max(), high > low else {
    let center = finite.first ?? 0
    return (center - 0.5)...(center + 0.5)
  }
  return low...high
}

private func classLabels(_ data: Dataset) -> [Int] {
  if case .classes(let labels) = data.targets { return labels }
  return Array(repeating: 0, count: data.count)
}

private func defaultClassNames(_ labels: [Int]) -> [String] {
  (0...(labels.max() ?? 0)).map { "class \($0)" }
}

private func scatterPoints(_ inputs: Tensor, _ labels: [Int]) -> [ScatterPoint] {
  precondition(inputs.cols >= 2, "scatter needs at least two features")
  return (0..<inputs.rows).map { ScatterPoint(x: Double(inputs[$0, 0]), y: Double(inputs[$0, 1]), label: labels[$0]) }
}

private func paddedBounds(_ values: [Float]) -> (Float, Float) {
  let low = values.min() ?? -1, high = values.max() ?? 1
  let margin = Swift.max((high - low) * 0.1, 0.1)
  return (low - margin, high + margin)
}
