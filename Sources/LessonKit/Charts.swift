import CellProtocol
import TrainingCore

// Chart factories (`Chart.plot`, `Chart.histogram`, …) build chart values, for
// `show(_:caption:)` and `showVariants`; the free functions (`plot`,
// `histogram`, …) build and show in one call.

/// Factories for the charts a lesson shows: lines, histograms, bars,
/// scatter plots (by class or by value), decision boundaries, contours,
/// value grids and network diagrams.
///
/// Each factory returns a `Chart` value to pass to ``show(_:caption:)`` or
/// ``showVariants(_:_:axes:caption:)-(_,KeyValuePairs<String,Chart>,_,_)``; the free functions ``plot(_:x:title:xLabel:yLabel:logY:logX:caption:)-(KeyValuePairs<String,[Float]>,_,_,_,_,_,_,_)``,
/// ``histogram(_:bins:range:title:xLabel:yLabel:caption:)-(KeyValuePairs<String,[Float]>,_,_,_,_,_,_)``,
/// ``histogramGrid(rows:columns:samples:bins:range:title:caption:)``, ``bar(_:_:title:xLabel:yLabel:logY:caption:)``,
/// ``scatter(_:classNames:title:xLabel:yLabel:equalAxes:logX:logY:caption:)``,
/// ``decisionBoundary(_:data:resolution:classNames:title:xLabel:yLabel:equalAxes:caption:)``,
/// ``contour(x:y:resolution:levels:path:title:xLabel:yLabel:equalAxes:caption:_:)``,
/// ``scatterByValue(x:y:values:valueLabel:valueRange:title:xLabel:yLabel:logX:logY:caption:)``,
/// ``heatmap(_:rows:columns:valueLabel:valueRange:showValues:title:xLabel:yLabel:caption:)`` and
/// ``network(layers:dropped:title:caption:)`` build and show in one
/// call, with the same arguments plus `caption`. ``addingLine(_:x:y:)`` draws lines over a scatter plot, and
/// ``referenceLine(x:label:)``, ``referenceLine(y:label:)`` and ``annotated(x:y:_:)`` mark values on line and
/// scatter charts.
///
/// ```swift
/// let chart = Chart.plot(["loss": history.trainLoss], xLabel: "epoch")
/// show(chart, caption: "Training loss")
/// ```
extension Chart {
  /// Lines, one per named series, against the step index (0, 1, 2, …) or
  /// against `x`.
  ///
  /// Build the chart to pass it to ``show(_:caption:)`` or ``showVariants(_:_:axes:caption:)-(_,KeyValuePairs<String,Chart>,_,_)``;
  /// ``plot(_:x:title:xLabel:yLabel:logY:logX:caption:)-(KeyValuePairs<String,[Float]>,_,_,_,_,_,_,_)`` builds and shows in one call.
  ///
  /// ```swift
  /// let chart = Chart.plot(["train": history.trainLoss, "validation": history.validationLoss],
  ///                         title: "Loss", xLabel: "epoch", logY: true)
  /// show(chart, caption: "Validation loss turns up after epoch 40.")
  /// ```
  ///
  /// - Parameters:
  ///   - series: Named y-values; the names label the legend, in order. A series
  ///     longer than ``OutputLimits/pointsPerSeries`` is downsampled, with a note.
  ///   - x: Shared x-values, one per point of every series; the index when `nil`.
  ///   - title: A title above the chart.
  ///   - xLabel: The x-axis label (`"step"` by default).
  ///   - yLabel: The y-axis label.
  ///   - logY: Whether to use a logarithmic y-axis.
  ///   - logX: Whether to use a logarithmic x-axis (ticks at powers of ten,
  ///     labelled `10⁻³`; points with x ≤ 0 are left out, with a note), e.g.
  ///     for a learning-rate sweep.
  /// - Returns: A line chart.
  public static func plot(
    _ series: KeyValuePairs<String, [Float]>, x: [Float]? = nil,
    title: String? = nil, xLabel: String? = "step", yLabel: String? = nil, logY: Bool = false, logX: Bool = false
  ) -> Chart {
    plot(series.map { ($0.key, $0.value) }, x: x, title: title, xLabel: xLabel, yLabel: yLabel, logY: logY, logX: logX)
  }

  /// Lines, one per named series, from series built in a loop.
  ///
  /// ```swift
  /// var curves: [(String, [Float])] = []
  /// for rate: Float in [0.001, 0.01, 0.1] {
  ///   let model = Sequential(seed: 1) { Dense(2, 16, init: .heNormal()); ReLU(); Dense(16, 3) }
  ///   let history = try model.fit(train, loss: .crossEntropy(), optimizer: SGD(learningRate: rate),
  ///                               epochs: 20, batchSize: 32)
  ///   curves.append(("lr \(rate)", history.trainLoss))
  /// }
  /// show(Chart.plot(curves, xLabel: "epoch", yLabel: "loss"))
  /// ```
  ///
  /// - Parameters:
  ///   - series: `(name, y-values)` pairs; the names label the legend, in order. A
  ///     series longer than ``OutputLimits/pointsPerSeries`` is downsampled, with a note.
  ///   - x: Shared x-values, one per point of every series; the index when `nil`.
  ///   - title: A title above the chart.
  ///   - xLabel: The x-axis label (`"step"` by default).
  ///   - yLabel: The y-axis label.
  ///   - logY: Whether to use a logarithmic y-axis.
  ///   - logX: Whether to use a logarithmic x-axis (ticks at powers of ten,
  ///     labelled `10⁻³`; points with x ≤ 0 are left out, with a note), e.g.
  ///     for a learning-rate sweep.
  /// - Returns: A line chart.
  public static func plot(
    _ series: [(String, [Float])], x: [Float]? = nil,
    title: String? = nil, xLabel: String? = "step", yLabel: String? = nil, logY: Bool = false, logX: Bool = false
  ) -> Chart {
    var notes = [String]()
    let all = series.map { name, ys in
      require((x?.count ?? ys.count) >= ys.count, "lines: x has \(x?.count ?? 0) values, '\(name)' has \(ys.count)")
      let (series, note) = cappedSeries(name, count: ys.count, logY: logY, logX: logX) { i in
        Point(x: x.map { Double($0[i]) } ?? Double(i), y: Double(ys[i]))
      }
      if let note { notes.append(note) }
      return series
    }
    var chart = Chart(.line(series: all, logY: logY), title: title, xLabel: xLabel, yLabel: yLabel)
    chart.notes = notes
    chart.logX = logX
    return chart
  }

  /// Overlaid histograms of the named samples over a common range.
  ///
  /// ```swift
  /// let chart = Chart.histogram(["he": heWeights, "xavier": xavierWeights], bins: 40)
  /// show(chart, caption: "He weights spread wider.")
  /// ```
  ///
  /// - Parameters:
  ///   - samples: Named value lists, one histogram each.
  ///   - bins: The number of bins (30 by default, at most ``OutputLimits/histogramBins``).
  ///   - range: The range the bins cover; all samples' finite min…max when `nil`.
  ///     Values outside it are in no bin: the chart notes how many.
  ///   - title: A title above the chart.
  ///   - xLabel: The x-axis label.
  ///   - yLabel: The y-axis label (`"count"` by default).
  /// - Returns: A histogram chart.
  public static func histogram(
    _ samples: KeyValuePairs<String, [Float]>, bins: Int = 30, range: ClosedRange<Float>? = nil,
    title: String? = nil, xLabel: String? = nil, yLabel: String? = "count"
  ) -> Chart {
    histogram(samples.map { ($0.key, $0.value) }, bins: bins, range: range, title: title, xLabel: xLabel, yLabel: yLabel)
  }

  /// Overlaid histograms of samples built in a loop.
  ///
  /// ```swift
  /// let samples = [Initializer.xavierNormal, .heNormal(.fanIn)].map { initializer in
  ///   ("\(initializer)", Sequential(seed: 1) { Dense(64, 64, init: initializer) }.layers[0].parameters[0].value.scalars)
  /// }
  /// show(Chart.histogram(samples, bins: 40))
  /// ```
  ///
  /// - Parameters:
  ///   - samples: `(name, values)` pairs, one histogram each.
  ///   - bins: The number of bins (30 by default, at most ``OutputLimits/histogramBins``).
  ///   - range: The range the bins cover; all samples' finite min…max when `nil`.
  ///     Values outside it are in no bin: the chart notes how many.
  ///   - title: A title above the chart.
  ///   - xLabel: The x-axis label.
  ///   - yLabel: The y-axis label (`"count"` by default).
  /// - Returns: A histogram chart.
  public static func histogram(
    _ samples: [(String, [Float])], bins: Int = 30, range: ClosedRange<Float>? = nil,
    title: String? = nil, xLabel: String? = nil, yLabel: String? = "count"
  ) -> Chart {
    let shared = binRange(range, samples.map(\.1))
    let kept = min(bins, OutputLimits.histogramBins)
    var chart = Chart(
      .histogram(series: samples.map { histogramSeries($0.0, $0.1, bins: kept, range: shared) }),
      title: title, xLabel: xLabel, yLabel: yLabel)
    if bins > kept { chart.notes = [binsNote(asked: bins)] }
    return chart
  }

  /// A grid of small histograms, `samples[row][column]`, over one range.
  ///
  /// ```swift
  /// // Rows: initializers; columns: the output of each layer.
  /// let x = SyntheticData.spiral(seed: 1).inputs
  /// let models = [Initializer.normal(std: 0.01), .heNormal()].map { initializer in
  ///   Sequential(seed: 1) { Dense(2, 64, init: initializer); ReLU(); Dense(64, 64, init: initializer); ReLU() }
  /// }
  /// let samples = models.map { model -> [[Float]] in
  ///   _ = model.forward(x, training: false)
  ///   return model.lastOutputs.map(\.scalars)
  /// }
  /// show(Chart.histogramGrid(rows: ["N(0, 0.01²)", "He"], columns: models[0].layerNames, samples: samples))
  /// ```
  ///
  /// - Parameters:
  ///   - rows: The row titles.
  ///   - columns: The column titles.
  ///   - samples: `rows.count` arrays of `columns.count` value lists; the first
  ///     ``OutputLimits/histogramGridSide`` rows and columns are shown.
  ///   - bins: The number of bins per histogram (24 by default, at most
  ///     ``OutputLimits/histogramBins``).
  ///   - range: The range every histogram covers; all values' finite min…max
  ///     when `nil`. Values outside it are in no bin: each cell notes how
  ///     many.
  ///   - title: A title above the grid.
  /// - Returns: A grid of histograms.
  /// - Precondition: `samples` has `rows.count × columns.count` entries.
  public static func histogramGrid(
    rows: [String], columns: [String], samples: [[[Float]]], bins: Int = 24, range: ClosedRange<Float>? = nil,
    title: String? = nil
  ) -> Chart {
    require(samples.count == rows.count && samples.allSatisfy { $0.count == columns.count },
      "histogramGrid needs \(rows.count)×\(columns.count) samples")
    let side = OutputLimits.histogramGridSide, kept = min(bins, OutputLimits.histogramBins)
    let shown = samples.prefix(side).map { $0.prefix(side) }
    let shared = binRange(range, shown.flatMap { $0 })
    let cells = shown.enumerated().map { r, row in
      row.enumerated().map { c, values in histogramSeries("\(rows[r]) · \(columns[c])", values, bins: kept, range: shared) }
    }
    var chart = Chart(
      .histogramGrid(rows: Array(rows.prefix(side)), columns: Array(columns.prefix(side)), cells: cells), title: title)
    chart.notes = [panelsNote(rows: rows.count, columns: columns.count), bins > kept ? binsNote(asked: bins) : nil]
      .compactMap { $0 }
    return chart
  }

  /// Bars per category, one bar per named series in each group.
  ///
  /// When there are too many categories to label them all (64 layers, say),
  /// the chart labels every k-th one, always the first and the last.
  ///
  /// ```swift
  /// show(Chart.bar(["SGD", "Adam"], ["train": [0.31, 0.12], "validation": [0.35, 0.20]],
  ///                 yLabel: "final loss"))
  /// // Values spanning decades: a log y-axis.
  /// show(Chart.bar(layerNames, ["gradient norm": norms], yLabel: "‖∂L/∂W‖", logY: true))
  /// ```
  ///
  /// - Parameters:
  ///   - categories: The group labels along the x-axis; the first
  ///     ``OutputLimits/barCategories`` are shown.
  ///   - series: Named values, one per category each.
  ///   - title: A title above the chart.
  ///   - xLabel: The x-axis label.
  ///   - yLabel: The y-axis label.
  ///   - logY: Whether to use a logarithmic y-axis (bars rise from the
  ///     bottom of the axis; values ≤ 0 are left out and counted).
  /// - Returns: A bar chart.
  /// - Precondition: every series has one value per category.
  public static func bar(
    _ categories: [String], _ series: KeyValuePairs<String, [Float]>,
    title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, logY: Bool = false
  ) -> Chart {
    require(series.allSatisfy { $0.value.count == categories.count }, "bars: each series needs \(categories.count) values")
    return Chart(
      .bar(
        categories: categories, series: series.map { BarSeries(name: $0.key, values: $0.value.map(Double.init)) },
        logY: logY),
      title: title, xLabel: xLabel, yLabel: yLabel
    ).capped()
  }

  /// The first two features of `data`, coloured by class (value targets get
  /// one colour).
  ///
  /// Both axes share one scale (a unit is as long across as up), so the
  /// picture keeps the data's true shape; pass `equalAxes: false` when the
  /// two features are in different units.
  ///
  /// ```swift
  /// let moons = SyntheticData.moons(count: 200, seed: 1)
  /// show(Chart.scatter(moons, classNames: ["upper", "lower"]))
  /// // Age against income: different units, so each axis fills the frame.
  /// show(Chart.scatter(people, xLabel: "age", yLabel: "income", equalAxes: false))
  /// ```
  ///
  /// - Parameters:
  ///   - data: A data set with at least two features; more rows than
  ///     ``OutputLimits/scatterPoints`` are sampled evenly.
  ///   - classNames: The legend's names of labels 0, 1, …; `class 0`, `class 1`,
  ///     … when `nil`.
  ///   - title: A title above the chart.
  ///   - xLabel: The x-axis label (`"x₁"` by default).
  ///   - yLabel: The y-axis label (`"x₂"` by default).
  ///   - equalAxes: Whether one unit is as long on x as on y (`true` by
  ///     default); `false` stretches each axis to fill the frame.
  ///   - logX: Whether to use a logarithmic x-axis (then the axes are not
  ///     equal; points with x ≤ 0 are left out, with a note).
  ///   - logY: Whether to use a logarithmic y-axis (likewise).
  /// - Returns: A scatter chart; add lines over the points with
  ///   ``CellProtocol/Chart/addingLine(_:x:y:)``.
  public static func scatter(
    _ data: Dataset, classNames: [String]? = nil, title: String? = nil, xLabel: String? = "x₁", yLabel: String? = "x₂",
    equalAxes: Bool = true, logX: Bool = false, logY: Bool = false
  ) -> Chart {
    let labels = classLabels(data)
    let (points, note) = scatterPoints(data.inputs, labels, noun: "points")
    var chart = Chart(
      .scatter(points: points, classNames: classNames ?? defaultClassNames(labels), logY: logY),
      title: title, xLabel: xLabel, yLabel: yLabel, equalAxes: equalAxes)
    chart.notes = note.map { [$0] } ?? []
    chart.logX = logX
    return chart
  }

  /// The regions where `model` predicts each class, over the data's bounding
  /// box (plus a margin), with the data on top.
  ///
  /// Both axes share one scale (a unit is as long across as up), so the
  /// regions keep their true shape; pass `equalAxes: false` when the two
  /// features are in different units.
  ///
  /// ```swift
  /// showVariants("epochs", [
  ///   "10": Chart.decisionBoundary(earlyModel, data: train),
  ///   "200": Chart.decisionBoundary(model, data: train),
  /// ])
  /// ```
  ///
  /// - Parameters:
  ///   - model: A classifier with two input features: several outputs are
  ///     class scores (the largest wins); one output is a binary logit
  ///     (class 1 where it is positive).
  ///   - data: The points drawn on top; their bounding box sets the area.
  ///   - resolution: Grid cells per side (80 by default, at most ``OutputLimits/gridSide``).
  ///   - classNames: The legend's names of labels 0, 1, …; `class 0`, `class 1`,
  ///     … when `nil`.
  ///   - title: A title above the chart.
  ///   - xLabel: The x-axis label (`"x₁"` by default).
  ///   - yLabel: The y-axis label (`"x₂"` by default).
  ///   - equalAxes: Whether one unit is as long on x as on y (`true` by
  ///     default); `false` stretches each axis to fill the frame.
  /// - Returns: A heat map of predicted classes with a scatter on top.
  public static func decisionBoundary(
    _ model: Sequential, data: Dataset, resolution: Int = 80, classNames: [String]? = nil,
    title: String? = nil, xLabel: String? = "x₁", yLabel: String? = "x₂", equalAxes: Bool = true
  ) -> Chart {
    let x = data.inputs.column(0), y = data.inputs.column(1)
    let (xMin, xMax) = paddedBounds(x), (yMin, yMax) = paddedBounds(y)
    let asked = resolution, resolution = min(resolution, OutputLimits.gridSide)
    var points = [Float]()
    for r in 0..<resolution {
      for c in 0..<resolution {
        points.append(xMin + (xMax - xMin) * (Float(c) + 0.5) / Float(resolution))
        points.append(yMin + (yMax - yMin) * (Float(r) + 0.5) / Float(resolution))
      }
    }
    // One output is a binary model's logit (class 1 when positive, as with
    // binary cross-entropy); several outputs are class scores.
    let outputs = model.forward(Tensor(rows: resolution * resolution, cols: 2, scalars: points), training: false)
    let predicted = outputs.cols == 1 ? outputs.scalars.map { $0 > 0 ? 1 : 0 } : outputs.argmaxPerRow()
    let labels = classLabels(data)
    let grid = Grid(
      xMin: Double(xMin), xMax: Double(xMax), yMin: Double(yMin), yMax: Double(yMax),
      columns: resolution, rows: resolution, values: predicted.map(Double.init))
    let (shown, note) = scatterPoints(data.inputs, labels, noun: "data points")
    var chart = Chart(
      .heatmap(grid, points: shown, classNames: classNames ?? defaultClassNames(labels)),
      title: title, xLabel: xLabel, yLabel: yLabel, equalAxes: equalAxes)
    chart.notes = [asked > resolution ? gridNote(from: asked, asked, to: resolution, resolution) : nil, note]
      .compactMap { $0 }
    return chart
  }

  /// Contour lines of `f` over a rectangle (a 2-D loss surface), with an
  /// optional path on top (an optimizer's trajectory).
  ///
  /// The levels are evenly spaced in the square root of the height above
  /// the lowest value, so the valley floor gets as many contours as the
  /// steep walls.
  ///
  /// ```swift
  /// // Gradient descent on the bowl a² + 10b²: it zig-zags across the valley.
  /// var w: (Float, Float) = (-1.5, 1.5)
  /// var path = [w]
  /// for _ in 0..<30 {
  ///   w = (w.0 - 0.09 * 2 * w.0, w.1 - 0.09 * 20 * w.1)
  ///   path.append(w)
  /// }
  /// show(Chart.contour(x: -2...2, y: -2...2, path: path) { a, b in a * a + 10 * b * b })
  /// ```
  ///
  /// - Parameters:
  ///   - x: The range of the first coordinate (`w₁`).
  ///   - y: The range of the second coordinate (`w₂`).
  ///   - resolution: Samples per side (60 by default, at most ``OutputLimits/gridSide``).
  ///   - levels: The number of contour lines (12 by default, at most
  ///     ``OutputLimits/contourLevels``).
  ///   - path: Points drawn as a line on top, in order.
  ///   - title: A title above the chart.
  ///   - xLabel: The x-axis label (`"w₁"` by default).
  ///   - yLabel: The y-axis label (`"w₂"` by default).
  ///   - equalAxes: Whether one unit is as long on x as on y (`true` by
  ///     default, so round contours look round); `false` stretches each
  ///     axis to fill the frame, for coordinates in different units.
  ///   - f: The function drawn, e.g. a loss as a function of two weights.
  /// - Returns: A contour chart; the page marks the lowest point of `f`
  ///   when it lies inside the rectangle.
  public static func contour(
    x: ClosedRange<Float>, y: ClosedRange<Float>, resolution: Int = 60, levels: Int = 12,
    path: [(Float, Float)] = [], title: String? = nil, xLabel: String? = "w₁", yLabel: String? = "w₂",
    equalAxes: Bool = true, _ f: (Float, Float) -> Float
  ) -> Chart {
    var notes = [String]()
    let asked = resolution, resolution = min(resolution, OutputLimits.gridSide)
    if asked > resolution { notes.append(gridNote(from: asked, asked, to: resolution, resolution)) }
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
    var chart = Chart(
      .contour(grid, levels: levelValues, path: path.map { Point(x: Double($0.0), y: Double($0.1)) }),
      title: title, xLabel: xLabel, yLabel: yLabel, equalAxes: equalAxes)
    chart.notes = notes
    return chart.capped()
  }

  /// Points at (`x[i]`, `y[i]`), each coloured by `values[i]` on a
  /// colour-blind-safe sequential scale (viridis: dark violet for the
  /// lowest value, yellow for the highest), explained by a colour bar: the
  /// outcome of a random search over two hyperparameters, say.
  ///
  /// ```swift
  /// // Validation accuracy at 30 sampled (learning rate, L2 strength) pairs.
  /// let rates: [Float] = (0..<30).map { _ in pow(10, Float.random(in: -4 ... -1, using: &rng)) }
  /// let strengths: [Float] = (0..<30).map { _ in pow(10, Float.random(in: -5 ... -2, using: &rng)) }
  /// let accuracies: [Float] = zip(rates, strengths).map { trainAndScore(lr: $0, l2: $1) }
  /// show(Chart.scatterByValue(x: rates, y: strengths, values: accuracies, valueLabel: "validation accuracy",
  ///                           xLabel: "learning rate", yLabel: "λ", logX: true, logY: true))
  /// ```
  ///
  /// - Parameters:
  ///   - x: The points' x-coordinates.
  ///   - y: The points' y-coordinates, one per x.
  ///   - values: The values that colour the points, one per x; a point
  ///     whose value is not finite is left out, with a note. More points
  ///     than ``OutputLimits/scatterPoints`` are sampled evenly.
  ///   - valueLabel: The colour bar's title, e.g. `"validation accuracy"`.
  ///   - valueRange: The values at the two ends of the colour scale (e.g.
  ///     `0...1` for an accuracy); the values' own range when `nil`.
  ///   - title: A title above the chart.
  ///   - xLabel: The x-axis label (`"x"` by default).
  ///   - yLabel: The y-axis label (`"y"` by default).
  ///   - logX: Whether to use a logarithmic x-axis (ticks at powers of ten).
  ///   - logY: Whether to use a logarithmic y-axis.
  /// - Returns: A scatter chart coloured by value.
  /// - Precondition: `x`, `y` and `values` have the same length.
  public static func scatterByValue(
    x: [Float], y: [Float], values: [Float], valueLabel: String? = nil, valueRange: ClosedRange<Float>? = nil,
    title: String? = nil, xLabel: String? = "x", yLabel: String? = "y", logX: Bool = false, logY: Bool = false
  ) -> Chart {
    require(x.count == y.count && x.count == values.count,
      "scatterByValue needs as many y and values as x: x has \(x.count), y \(y.count), values \(values.count)")
    let all = x.indices.map { ScatterPoint(x: Double(x[$0]), y: Double(y[$0]), value: Double(values[$0])) }
    let (points, note) = sampledPoints(all)
    let scale = ColorScale(
      label: valueLabel, lower: valueRange.map { Double($0.lowerBound) }, upper: valueRange.map { Double($0.upperBound) })
    var chart = Chart(
      .scatter(points: points, classNames: [], colorScale: scale, logY: logY), title: title, xLabel: xLabel, yLabel: yLabel)
    chart.notes = note.map { [$0] } ?? []
    chart.logX = logX
    return chart
  }

  /// A grid of labelled cells, `values[row][column]`, each coloured by its
  /// value on a colour-blind-safe sequential scale (viridis: dark violet for
  /// the lowest value, yellow for the highest) and, by default, showing the
  /// value in black or white, whichever reads better on it: a grid search
  /// over two hyperparameters, say. The first row is drawn on top.
  ///
  /// ```swift
  /// let rates: [Float] = [0.001, 0.01, 0.1], strengths: [Float] = [0, 1e-4, 1e-3, 1e-2]
  /// let accuracy: [[Float]] = rates.map { lr in strengths.map { l2 in trainAndScore(lr: lr, l2: l2) } }
  /// show(Chart.heatmap(accuracy, rows: rates.map { "\($0)" }, columns: strengths.map { "\($0)" },
  ///                    valueLabel: "validation accuracy", xLabel: "λ", yLabel: "learning rate"))
  /// ```
  ///
  /// - Parameters:
  ///   - values: One array per row, one value per column; a value that is
  ///     not finite leaves its cell blank, with a note. The first
  ///     ``OutputLimits/gridSide`` rows and columns are shown.
  ///   - rows: The row labels, top to bottom (e.g. the learning rates).
  ///   - columns: The column labels, left to right.
  ///   - valueLabel: The colour bar's title, e.g. `"validation accuracy"`.
  ///   - valueRange: The values at the two ends of the colour scale; the
  ///     values' own range when `nil`.
  ///   - showValues: Whether each cell shows its value (when it fits).
  ///   - title: A title above the chart.
  ///   - xLabel: What the columns vary, under them.
  ///   - yLabel: What the rows vary, beside them.
  /// - Returns: A value grid.
  /// - Precondition: `values` has `rows.count` rows of `columns.count` values.
  public static func heatmap(
    _ values: [[Float]], rows: [String], columns: [String], valueLabel: String? = nil,
    valueRange: ClosedRange<Float>? = nil, showValues: Bool = true, title: String? = nil, xLabel: String? = nil,
    yLabel: String? = nil
  ) -> Chart {
    require(values.count == rows.count && values.allSatisfy { $0.count == columns.count },
      "heatmap needs \(rows.count) rows of \(columns.count) values, one per row and column label")
    let scale = ColorScale(
      label: valueLabel, lower: valueRange.map { Double($0.lowerBound) }, upper: valueRange.map { Double($0.upperBound) })
    return Chart(
      .valueGrid(
        rows: rows, columns: columns, values: values.map { $0.map(Double.init) }, colorScale: scale, showValues: showValues),
      title: title, xLabel: xLabel, yLabel: yLabel
    ).capped()
  }
}

// MARK: - Network diagrams

extension Chart {
  /// A network's layers as columns of units, every unit joined to every
  /// unit of the next layer, with a dropout mask drawn on it: the dropped
  /// units are crossed out and their edges removed.
  ///
  /// Pass the mask a forward pass used, so the picture is the network that
  /// computed the output: set a `Dropout` layer's `keepMask`, run the
  /// forward pass, and draw the zeros of the mask.
  ///
  /// ```swift
  /// let dropout = Dropout(0.5)
  /// let model = Sequential(seed: 1) { Dense(4, 8); ReLU(); dropout; Dense(8, 3) }
  /// let mask = Tensor([[1, 0, 1, 1, 0, 1, 0, 1]])
  /// dropout.keepMask = mask
  /// _ = model.forward(Tensor([[0.5, -1, 2, 0]]), training: true)
  /// show(Chart.network(layers: [4, 8, 3], dropped: [mask.scalars.map { $0 == 0 }], title: "One forward pass"))
  /// ```
  ///
  /// - Parameters:
  ///   - layers: The number of units of each layer, the input first and
  ///     the output last: at least two layers, each of 1 to
  ///     ``OutputLimits/networkUnits`` units. The page draws at most 32
  ///     units of a layer, and says so under the diagram.
  ///   - dropped: One array per hidden layer (`layers.count − 2` of them),
  ///     `true` for each unit the mask drops; empty (the default) for no
  ///     mask.
  ///   - title: A title above the diagram.
  /// - Returns: A network diagram.
  /// - Precondition: `dropped` is empty or has one array of `layers[k]`
  ///   flags per hidden layer k.
  public static func network(layers: [Int], dropped: [[Bool]] = [], title: String? = nil) -> Chart {
    require(layers.count >= 2, "network needs at least two layers (the input and the output), got \(layers.count)")
    for (index, units) in layers.enumerated() where !(1...OutputLimits.networkUnits).contains(units) {
      fatalError(
        "network: layer \(index) has \(units) units; each layer needs 1 to \(groupedDigits(OutputLimits.networkUnits))")
    }
    let hidden = Array(layers.dropFirst().dropLast())
    require(dropped.isEmpty || dropped.count == hidden.count,
      "network: dropped needs one array per hidden layer (\(hidden.count)), got \(dropped.count)")
    for (index, mask) in dropped.enumerated() where mask.count != hidden[index] {
      fatalError("network: dropped[\(index)] has \(mask.count) flags, but hidden layer \(index + 1) has \(hidden[index]) units")
    }
    let perLayer = dropped.isEmpty ? [] : [[]] + dropped + [[]]
    return Chart(.network(layers: layers, dropped: perLayer), title: title)
  }
}

// MARK: - Lines and marks over a chart

extension Chart {
  /// The chart with a line through (`x[i]`, `y[i]`) drawn over it: over a
  /// scatter plot's points (a true line, a fitted one), or as one more
  /// series of a line chart. Lines over points take the colours after the
  /// classes' and appear in the legend after them; a line lying on an
  /// earlier one is dashed.
  ///
  /// ```swift
  /// let ends: [Float] = [-1, 1]
  /// show(Chart.scatter(data, classNames: ["data", "outliers"], xLabel: "x", yLabel: "y", equalAxes: false)
  ///   .addingLine("true line", x: ends, y: ends.map { 2 * $0 + 0.5 })
  ///   .addingLine("MSE fit", x: ends, y: model(Tensor(column: ends)).scalars))
  /// ```
  ///
  /// - Parameters:
  ///   - name: The legend entry.
  ///   - x: The x-values, in drawing order.
  ///   - y: The y-values, one per x; a line longer than
  ///     ``OutputLimits/pointsPerSeries`` is downsampled, with a note.
  /// - Returns: The chart with the line added.
  /// - Precondition: the chart is a scatter or line chart, and `x` and `y`
  ///   have the same length.
  public func addingLine(_ name: String, x: [Float], y: [Float]) -> Chart {
    require(x.count == y.count, "addingLine: '\(name)' has \(x.count) x-values and \(y.count) y-values")
    var chart = self
    let logY: Bool
    switch kind {
    case .line(_, let log), .scatter(_, _, _, _, let log): logY = log
    default: fatalError("addingLine draws over line and scatter charts, not this kind of chart")
    }
    let (line, note) = cappedSeries(name, count: x.count, logY: logY, logX: logX) { i in
      Point(x: Double(x[i]), y: Double(y[i]))
    }
    switch kind {
    case .line(let series, let logY):
      chart.kind = .line(series: series + [line], logY: logY)
    case .scatter(let points, let classNames, let lines, let colorScale, let logY):
      chart.kind = .scatter(points: points, classNames: classNames, lines: lines + [line], colorScale: colorScale, logY: logY)
    default: break
    }
    if let note { chart.notes.append(note) }
    return chart
  }

  /// The chart with a dashed vertical line across it at `x`, labelled at
  /// its top: the epoch with the lowest validation loss, a learning rate.
  ///
  /// ```swift
  /// let best = history.validationLoss.indices.min { history.validationLoss[$0] < history.validationLoss[$1] }!
  /// show(Chart.plot(["validation": history.validationLoss], xLabel: "epoch")
  ///   .referenceLine(x: Float(best), label: "best epoch"))
  /// ```
  ///
  /// - Parameters:
  ///   - x: Where the line crosses the x-axis; the axis reaches it.
  ///   - label: A short label at the top of the line.
  /// - Returns: The chart with the line marked.
  /// - Precondition: the chart is a line or scatter chart.
  public func referenceLine(x: Float, label: String? = nil) -> Chart {
    marking(.vertical(x: Double(x), label: label))
  }

  /// The chart with a dashed horizontal line across it at `y`, labelled at
  /// its right end: a target loss, chance accuracy.
  ///
  /// ```swift
  /// show(Chart.plot(["validation accuracy": accuracies], xLabel: "epoch")
  ///   .referenceLine(y: 1.0 / 3, label: "chance"))
  /// ```
  ///
  /// - Parameters:
  ///   - y: Where the line crosses the y-axis; the axis reaches it.
  ///   - label: A short label at the right end of the line.
  /// - Returns: The chart with the line marked.
  /// - Precondition: the chart is a line or scatter chart.
  public func referenceLine(y: Float, label: String? = nil) -> Chart {
    marking(.horizontal(y: Double(y), label: label))
  }

  /// The chart with the point (`x`, `y`) ringed and labelled: the best
  /// epoch, the learning rate a sweep picks.
  ///
  /// ```swift
  /// show(Chart.plot(["final loss": losses], x: rates, xLabel: "learning rate", logX: true)
  ///   .annotated(x: 0.1, y: losses[2], "lr = 0.1"))
  /// ```
  ///
  /// - Parameters:
  ///   - x: The point's x; the axis reaches it.
  ///   - y: The point's y; the axis reaches it.
  ///   - label: A short label beside the point.
  /// - Returns: The chart with the point marked.
  /// - Precondition: the chart is a line or scatter chart.
  public func annotated(x: Float, y: Float, _ label: String) -> Chart {
    marking(.point(x: Double(x), y: Double(y), label: label))
  }

  /// The chart with `mark` added, if it is a line or scatter chart.
  private func marking(_ mark: Mark) -> Chart {
    switch kind {
    case .line, .scatter: break
    default: fatalError("reference lines and annotations go on line and scatter charts, not this kind of chart")
    }
    var chart = self
    chart.marks.append(mark)
    return chart
  }
}

// MARK: - Free functions
//
// One rule: each free function `f(…, caption:)` is exactly
// `show(Chart.f(…), caption:)`, with the same names, labels and order, and
// `caption` last (before a trailing closure). A test over LessonKit's symbol
// graph holds every factory to it.

/// Plots named series as lines against the step index (or `x`): the same as
/// `show(Chart.plot(…), caption:)`.
///
/// ```swift
/// plot(["train": history.trainLoss, "validation": history.validationLoss],
///      title: "Loss per epoch", xLabel: "epoch", logY: true)
/// ```
///
/// - Parameters:
///   - series: Named y-values; the names label the legend, in order. A series
///     longer than ``OutputLimits/pointsPerSeries`` is downsampled, with a note.
///   - x: Shared x-values, one per point of every series; the index when `nil`.
///   - title: A title above the chart.
///   - xLabel: The x-axis label (`"step"` by default).
///   - yLabel: The y-axis label.
///   - logY: Whether to use a logarithmic y-axis.
///   - logX: Whether to use a logarithmic x-axis (ticks at powers of ten).
///   - caption: A caption under the chart.
public func plot(
  _ series: KeyValuePairs<String, [Float]>, x: [Float]? = nil, title: String? = nil,
  xLabel: String? = "step", yLabel: String? = nil, logY: Bool = false, logX: Bool = false, caption: String? = nil
) {
  show(.plot(series, x: x, title: title, xLabel: xLabel, yLabel: yLabel, logY: logY, logX: logX), caption: caption)
}

/// Plots lines from series built in a loop, in order: the same as
/// `show(Chart.plot(…), caption:)`.
///
/// ```swift
/// let curves = [0.0, 0.5, 0.9].map { (momentum: Float) -> (String, [Float]) in
///   let model = Sequential(seed: 1) { Dense(2, 16, init: .heNormal()); ReLU(); Dense(16, 3) }
///   let history = try! model.fit(train, loss: .crossEntropy(),
///                                optimizer: SGD(learningRate: 0.05, momentum: momentum),
///                                epochs: 20, batchSize: 32)
///   return ("momentum \(momentum)", history.trainLoss)
/// }
/// plot(curves, xLabel: "epoch", yLabel: "loss")
/// ```
///
/// - Parameters:
///   - series: `(name, y-values)` pairs; the names label the legend, in order. A
///     series longer than ``OutputLimits/pointsPerSeries`` is downsampled, with a note.
///   - x: Shared x-values, one per point of every series; the index when `nil`.
///   - title: A title above the chart.
///   - xLabel: The x-axis label (`"step"` by default).
///   - yLabel: The y-axis label.
///   - logY: Whether to use a logarithmic y-axis.
///   - logX: Whether to use a logarithmic x-axis (ticks at powers of ten).
///   - caption: A caption under the chart.
public func plot(
  _ series: [(String, [Float])], x: [Float]? = nil, title: String? = nil,
  xLabel: String? = "step", yLabel: String? = nil, logY: Bool = false, logX: Bool = false, caption: String? = nil
) {
  show(.plot(series, x: x, title: title, xLabel: xLabel, yLabel: yLabel, logY: logY, logX: logX), caption: caption)
}

/// Plots overlaid histograms of the named samples: the same as
/// `show(Chart.histogram(…), caption:)`.
///
/// ```swift
/// let model = Sequential(seed: 1) { Dense(64, 64, init: .heNormal()); ReLU(); Dense(64, 10) }
/// histogram(["first layer weights": model.layers[0].parameters[0].value.scalars], bins: 40,
///           caption: "He initialization: N(0, 2/64).")
/// ```
///
/// - Parameters:
///   - samples: Named value lists, one histogram each, over a common range.
///   - bins: The number of bins (30 by default, at most ``OutputLimits/histogramBins``).
///   - range: The range the bins cover; all samples' finite min…max when `nil`.
///     Values outside it are in no bin: the chart notes how many.
///   - title: A title above the chart.
///   - xLabel: The x-axis label.
///   - yLabel: The y-axis label (`"count"` by default).
///   - caption: A caption under the chart.
public func histogram(
  _ samples: KeyValuePairs<String, [Float]>, bins: Int = 30, range: ClosedRange<Float>? = nil,
  title: String? = nil, xLabel: String? = nil, yLabel: String? = "count", caption: String? = nil
) {
  show(.histogram(samples, bins: bins, range: range, title: title, xLabel: xLabel, yLabel: yLabel), caption: caption)
}

/// Plots overlaid histograms of samples built in a loop, in order: the same
/// as `show(Chart.histogram(…), caption:)`.
///
/// ```swift
/// let layers = (0..<3).map { ("layer \($0 + 1)", activations[$0]) }
/// histogram(layers, bins: 40, xLabel: "activation")
/// ```
///
/// - Parameters:
///   - samples: `(name, values)` pairs, one histogram each, over a common range.
///   - bins: The number of bins (30 by default, at most ``OutputLimits/histogramBins``).
///   - range: The range the bins cover; all samples' finite min…max when `nil`.
///   - title: A title above the chart.
///   - xLabel: The x-axis label.
///   - yLabel: The y-axis label (`"count"` by default).
///   - caption: A caption under the chart.
public func histogram(
  _ samples: [(String, [Float])], bins: Int = 30, range: ClosedRange<Float>? = nil,
  title: String? = nil, xLabel: String? = nil, yLabel: String? = "count", caption: String? = nil
) {
  show(.histogram(samples, bins: bins, range: range, title: title, xLabel: xLabel, yLabel: yLabel), caption: caption)
}

/// Plots a grid of small histograms, `samples[row][column]`: the same as
/// `show(Chart.histogramGrid(…), caption:)`.
///
/// ```swift
/// histogramGrid(rows: ["Xavier", "He"], columns: ["layer 1", "layer 2"],
///               samples: [[xavier1, xavier2], [he1, he2]], caption: "Activations per layer.")
/// ```
///
/// - Parameters:
///   - rows: The row titles.
///   - columns: The column titles.
///   - samples: `rows.count` arrays of `columns.count` value lists.
///   - bins: The number of bins per histogram (24 by default).
///   - range: The range every histogram covers; all values' finite min…max when `nil`.
///   - title: A title above the grid.
///   - caption: A caption under the grid.
public func histogramGrid(
  rows: [String], columns: [String], samples: [[[Float]]], bins: Int = 24, range: ClosedRange<Float>? = nil,
  title: String? = nil, caption: String? = nil
) {
  show(.histogramGrid(rows: rows, columns: columns, samples: samples, bins: bins, range: range, title: title), caption: caption)
}

/// Plots a bar chart, one group per category and one bar per series: the
/// same as `show(Chart.bar(…), caption:)`.
///
/// ```swift
/// bar(["SGD", "momentum", "Adam"], ["final loss": [0.42, 0.18, 0.09]], yLabel: "cross-entropy")
/// // Gradient norms spanning many decades: a log y-axis.
/// bar((1...10).map { "\($0)" }, ["sigmoid": sigmoidNorms], xLabel: "layer", yLabel: "‖∂L/∂W‖", logY: true)
/// ```
///
/// - Parameters:
///   - categories: The group labels along the x-axis; when they would
///     overlap, every k-th one is labelled (always the first and the last).
///   - series: Named values, one per category each.
///   - title: A title above the chart.
///   - xLabel: The x-axis label.
///   - yLabel: The y-axis label.
///   - logY: Whether to use a logarithmic y-axis (bars rise from the
///     bottom of the axis; values ≤ 0 are left out and counted).
///   - caption: A caption under the chart.
public func bar(
  _ categories: [String], _ series: KeyValuePairs<String, [Float]>, title: String? = nil,
  xLabel: String? = nil, yLabel: String? = nil, logY: Bool = false, caption: String? = nil
) {
  show(.bar(categories, series, title: title, xLabel: xLabel, yLabel: yLabel, logY: logY), caption: caption)
}

/// Plots the first two features of `data`, coloured by class: the same as
/// `show(Chart.scatter(…), caption:)`.
///
/// ```swift
/// scatter(SyntheticData.spiral(pointsPerClass: 100, classes: 3, seed: 1), title: "The spiral")
/// ```
///
/// - Parameters:
///   - data: A data set with at least two features; more rows than
///     ``OutputLimits/scatterPoints`` are sampled evenly.
///   - classNames: The legend's names of labels 0, 1, …; `class 0`, `class 1`,
///     … when `nil`.
///   - title: A title above the chart.
///   - xLabel: The x-axis label (`"x₁"` by default).
///   - yLabel: The y-axis label (`"x₂"` by default).
///   - equalAxes: Whether one unit is as long on x as on y (`true` by
///     default); `false` stretches each axis to fill the frame, for
///     features in different units.
///   - logX: Whether to use a logarithmic x-axis (then the axes are not equal).
///   - logY: Whether to use a logarithmic y-axis (likewise).
///   - caption: A caption under the chart.
public func scatter(
  _ data: Dataset, classNames: [String]? = nil, title: String? = nil, xLabel: String? = "x₁", yLabel: String? = "x₂",
  equalAxes: Bool = true, logX: Bool = false, logY: Bool = false, caption: String? = nil
) {
  show(
    .scatter(
      data, classNames: classNames, title: title, xLabel: xLabel, yLabel: yLabel, equalAxes: equalAxes, logX: logX,
      logY: logY),
    caption: caption)
}

/// Plots the model's decision regions with the data on top: the same as
/// `show(Chart.decisionBoundary(…), caption:)`.
///
/// ```swift
/// try model.fit(train, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01), epochs: 100, batchSize: 32)
/// decisionBoundary(model, data: train, title: "After 100 epochs")
/// ```
///
/// - Parameters:
///   - model: A classifier with two input features.
///   - data: The points drawn on top; their bounding box sets the area.
///   - resolution: Grid cells per side (80 by default, at most ``OutputLimits/gridSide``).
///   - classNames: The legend's names of labels 0, 1, …
///   - title: A title above the chart.
///   - xLabel: The x-axis label (`"x₁"` by default).
///   - yLabel: The y-axis label (`"x₂"` by default).
///   - equalAxes: Whether one unit is as long on x as on y (`true` by
///     default); `false` stretches each axis to fill the frame.
///   - caption: A caption under the chart.
public func decisionBoundary(
  _ model: Sequential, data: Dataset, resolution: Int = 80, classNames: [String]? = nil, title: String? = nil,
  xLabel: String? = "x₁", yLabel: String? = "x₂", equalAxes: Bool = true, caption: String? = nil
) {
  show(
    .decisionBoundary(
      model, data: data, resolution: resolution, classNames: classNames, title: title, xLabel: xLabel, yLabel: yLabel,
      equalAxes: equalAxes),
    caption: caption)
}

/// Plots contour lines of `f` over a rectangle, with an optional path on
/// top: the same as `show(Chart.contour(…), caption:)`.
///
/// ```swift
/// contour(x: -2...2, y: -2...2, path: path, caption: "Gradient descent zig-zags.") { a, b in a * a + 10 * b * b }
/// ```
///
/// - Parameters:
///   - x: The range of the first coordinate (`w₁`).
///   - y: The range of the second coordinate (`w₂`).
///   - resolution: Samples per side (60 by default, at most ``OutputLimits/gridSide``).
///   - levels: The number of contour lines (12 by default).
///   - path: Points drawn as a line on top, in order.
///   - title: A title above the chart.
///   - xLabel: The x-axis label (`"w₁"` by default).
///   - yLabel: The y-axis label (`"w₂"` by default).
///   - equalAxes: Whether one unit is as long on x as on y (`true` by
///     default); `false` stretches each axis to fill the frame.
///   - caption: A caption under the chart.
///   - f: The function drawn, e.g. a loss as a function of two weights.
public func contour(
  x: ClosedRange<Float>, y: ClosedRange<Float>, resolution: Int = 60, levels: Int = 12,
  path: [(Float, Float)] = [], title: String? = nil, xLabel: String? = "w₁", yLabel: String? = "w₂",
  equalAxes: Bool = true, caption: String? = nil, _ f: (Float, Float) -> Float
) {
  show(
    .contour(
      x: x, y: y, resolution: resolution, levels: levels, path: path, title: title, xLabel: xLabel, yLabel: yLabel,
      equalAxes: equalAxes, f),
    caption: caption)
}

/// Plots points coloured by value on a sequential colour scale, with a
/// colour bar: the same as `show(Chart.scatterByValue(…), caption:)`.
///
/// ```swift
/// scatterByValue(x: rates, y: strengths, values: accuracies, valueLabel: "validation accuracy",
///                xLabel: "learning rate", yLabel: "λ", logX: true, logY: true,
///                caption: "Random search: accuracy at each sampled pair.")
/// ```
///
/// - Parameters:
///   - x: The points' x-coordinates.
///   - y: The points' y-coordinates, one per x.
///   - values: The values that colour the points, one per x.
///   - valueLabel: The colour bar's title.
///   - valueRange: The values at the two ends of the colour scale; the values' own range when `nil`.
///   - title: A title above the chart.
///   - xLabel: The x-axis label (`"x"` by default).
///   - yLabel: The y-axis label (`"y"` by default).
///   - logX: Whether to use a logarithmic x-axis.
///   - logY: Whether to use a logarithmic y-axis.
///   - caption: A caption under the chart.
public func scatterByValue(
  x: [Float], y: [Float], values: [Float], valueLabel: String? = nil, valueRange: ClosedRange<Float>? = nil,
  title: String? = nil, xLabel: String? = "x", yLabel: String? = "y", logX: Bool = false, logY: Bool = false,
  caption: String? = nil
) {
  show(
    .scatterByValue(
      x: x, y: y, values: values, valueLabel: valueLabel, valueRange: valueRange, title: title, xLabel: xLabel,
      yLabel: yLabel, logX: logX, logY: logY),
    caption: caption)
}

/// Plots a grid of labelled cells coloured by value, with a colour bar: the
/// same as `show(Chart.heatmap(…), caption:)`.
///
/// ```swift
/// heatmap(accuracy, rows: ["0.001", "0.01", "0.1"], columns: ["0", "1e-4", "1e-3"],
///         valueLabel: "validation accuracy", xLabel: "λ", yLabel: "learning rate",
///         caption: "Grid search over the learning rate and the L2 strength.")
/// ```
///
/// - Parameters:
///   - values: One array per row, one value per column.
///   - rows: The row labels, top to bottom.
///   - columns: The column labels, left to right.
///   - valueLabel: The colour bar's title.
///   - valueRange: The values at the two ends of the colour scale; the values' own range when `nil`.
///   - showValues: Whether each cell shows its value (when it fits).
///   - title: A title above the chart.
///   - xLabel: What the columns vary.
///   - yLabel: What the rows vary.
///   - caption: A caption under the chart.
public func heatmap(
  _ values: [[Float]], rows: [String], columns: [String], valueLabel: String? = nil,
  valueRange: ClosedRange<Float>? = nil, showValues: Bool = true, title: String? = nil, xLabel: String? = nil,
  yLabel: String? = nil, caption: String? = nil
) {
  show(
    .heatmap(
      values, rows: rows, columns: columns, valueLabel: valueLabel, valueRange: valueRange, showValues: showValues,
      title: title, xLabel: xLabel, yLabel: yLabel),
    caption: caption)
}

/// Draws a network's layers with a dropout mask: the same as
/// `show(Chart.network(…), caption:)`.
///
/// ```swift
/// network(layers: [2, 8, 8, 3], dropped: [firstMask, secondMask], title: "One thinned network",
///         caption: "The units a forward pass dropped are crossed out.")
/// ```
///
/// - Parameters:
///   - layers: The number of units of each layer, the input first and the output last.
///   - dropped: One array per hidden layer, `true` for each dropped unit; empty for no mask.
///   - title: A title above the diagram.
///   - caption: A caption under the diagram.
public func network(layers: [Int], dropped: [[Bool]] = [], title: String? = nil, caption: String? = nil) {
  show(.network(layers: layers, dropped: dropped, title: title), caption: caption)
}

/// `values` binned over `range`; values outside it (infinities included)
/// go in no bin and are counted in `outside`, instead of piling into the
/// edge bins; NaN values go in no bin and are counted in `notANumber`.
func histogramSeries(_ name: String, _ values: [Float], bins: Int, range: ClosedRange<Float>) -> HistogramSeries {
  // The bounds `Histogram` uses: a single-value range is widened by ½.
  var low = range.lowerBound, high = range.upperBound
  if !(high > low) {
    low -= 0.5
    high += 0.5
  }
  let inside = values.filter { $0 >= low && $0 <= high }
  let outside = values.filter { !$0.isNaN && !($0 >= low && $0 <= high) }.count
  let h = Histogram(values: inside, bins: bins, range: low...high)
  return HistogramSeries(
    name: name, lowerBound: Double(h.lowerBound), upperBound: Double(h.upperBound), counts: h.counts, outside: outside,
    notANumber: values.filter(\.isNaN).count)
}

/// The range the bins cover: `range` with an infinite bound replaced by the
/// samples' finite extreme on that side; the samples' finite min…max when
/// `range` is nil.
private func binRange(_ range: ClosedRange<Float>?, _ samples: [[Float]]) -> ClosedRange<Float> {
  let data = commonRange(samples)
  guard let range else { return data }
  let low = range.lowerBound.isFinite ? range.lowerBound : min(data.lowerBound, range.upperBound)
  let high = range.upperBound.isFinite ? range.upperBound : max(data.upperBound, low)
  return low...high
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

/// The first two features of the rows of `inputs`, sampled to
/// `OutputLimits.scatterPoints` (only the rows kept become points), and a
/// note when some were left out.
private func scatterPoints(_ inputs: Tensor, _ labels: [Int], noun: String) -> (points: [ScatterPoint], note: String?) {
  require(inputs.cols >= 2, "scatter needs at least two features")
  let (indices, note) = sampledIndices(count: inputs.rows, noun: noun) { inputs[$0, 0].isFinite && inputs[$0, 1].isFinite }
  return (indices.map { ScatterPoint(x: Double(inputs[$0, 0]), y: Double(inputs[$0, 1]), label: labels[$0]) }, note)
}

/// The finite values' min…max plus a margin (NaN and infinities would make
/// the grid's bounds meaningless; the chart notes those points instead).
private func paddedBounds(_ values: [Float]) -> (Float, Float) {
  let finite = values.filter(\.isFinite)
  let low = finite.min() ?? -1, high = finite.max() ?? 1
  let margin = Swift.max((high - low) * 0.1, 0.1)
  return (low - margin, high + margin)
}
