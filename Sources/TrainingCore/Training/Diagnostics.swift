/// Counts of values in equal-width bins.
///
/// ```swift
/// let activations = Tensor(row: [-0.5, 0, 0.25, 2])
/// let h = Histogram(values: activations.scalars, bins: 4, range: -1...1)
/// h.counts      // [0, 1, 2, 1]: 2 is outside the range and clamped into the last bin
/// h.edges       // [-1, -0.5, 0, 0.5, 1]
/// ```
///
/// To draw one, use LessonKit's `histogram(_:bins:range:title:xLabel:caption:)`.
public struct Histogram: Sendable, Equatable {
  /// The lower edge of the first bin.
  public let lowerBound: Float
  /// The upper edge of the last bin.
  public let upperBound: Float
  /// The number of values in each bin.
  public let counts: [Int]
  /// The number of values skipped because they were NaN or infinite.
  public let nonFiniteCount: Int

  /// Bins `values` into `bins` equal bins over `range`, or over the finite
  /// values' own min…max when `range` is `nil`. Values outside `range` fall
  /// into the first or last bin; NaNs and infinities are skipped (and counted
  /// in ``nonFiniteCount``). When all values are equal, the range is widened
  /// by ½ on each side.
  ///
  /// ```swift
  /// let h = Histogram(values: model.layers[0].parameters[0].value.scalars, bins: 20)
  /// ```
  ///
  /// - Parameters:
  ///   - values: The values to count.
  ///   - bins: The number of bins, `> 0` (30 by default).
  ///   - range: The range the bins cover; the finite values' own range when
  ///     `nil`.
  public init(values: [Float], bins: Int = 30, range: ClosedRange<Float>? = nil) {
    require(bins > 0, "Histogram needs at least one bin")
    let finite = values.filter(\.isFinite)
    var low = range?.lowerBound ?? finite.min() ?? 0
    var high = range?.upperBound ?? finite.max() ?? 1
    if !(high > low) {
      low -= 0.5
      high += 0.5
    }
    var counts = [Int](repeating: 0, count: bins)
    let width = (high - low) / Float(bins)
    for v in finite {
      // Clamped while still a Float: far outside the range the position can
      // exceed `Int.max`, and a width that underflowed to 0 can make it NaN.
      let position = ((v - low) / width).rounded(.down)
      counts[position >= Float(bins - 1) ? bins - 1 : position >= 1 ? Int(position) : 0] += 1
    }
    lowerBound = low
    upperBound = high
    self.counts = counts
    nonFiniteCount = values.count - finite.count
  }

  /// The `counts.count + 1` bin edges.
  public var edges: [Float] {
    let width = (upperBound - lowerBound) / Float(counts.count)
    return (0...counts.count).map { lowerBound + Float($0) * width }
  }

  /// The total number of values counted.
  public var total: Int { counts.reduce(0, +) }
}

/// Summary statistics of one layer's output for a batch.
///
/// ```swift
/// for stats in model.activationStatistics(for: train.inputs) {
///   print(stats.layer, stats.mean, stats.standardDeviation, stats.zeroFraction)
/// }
/// ```
public struct ActivationStatistics: Sendable, Equatable {
  /// The layer's position and description, e.g. `"3: ReLU()"`.
  public let layer: String
  /// The mean over all elements.
  public let mean: Float
  /// The standard deviation over all elements (biased).
  public let standardDeviation: Float
  /// The fraction of exact zeros.
  public let zeroFraction: Float
  /// The distribution of the values.
  public let histogram: Histogram
}

extension Sequential {
  /// Runs `input` through the model and summarizes every layer's output.
  ///
  /// ```swift
  /// let stats = model.activationStatistics(for: train.inputs, range: -1...1)
  /// show(Chart.histogramGrid(rows: ["init"], columns: stats.map(\.layer),
  ///                          samples: [model.lastOutputs.map(\.scalars)], range: -1...1))
  /// ```
  ///
  /// - Parameters:
  ///   - input: A batch to run, e.g. the training inputs.
  ///   - training: Whether to run in training mode (batch statistics,
  ///     dropout); evaluation mode by default. Training mode also updates
  ///     batch-norm running statistics.
  ///   - bins: Histogram bins per layer.
  ///   - range: A common histogram range, so layers can be compared; each
  ///     layer's own range when `nil`.
  /// - Returns: One summary per layer, in layer order.
  public func activationStatistics(
    for input: Tensor, training: Bool = false, bins: Int = 30, range: ClosedRange<Float>? = nil
  ) -> [ActivationStatistics] {
    _ = forward(input, training: training)
    return zip(layerNames, lastOutputs).map { name, output in
      let mean = output.mean()
      let variance = output.scalars.reduce(0.0) { $0 + Double(($1 - mean) * ($1 - mean)) } / Double(max(output.count, 1))
      let zeros = output.scalars.filter { $0 == 0 }.count
      return ActivationStatistics(
        layer: name, mean: mean, standardDeviation: Float(variance.squareRoot()),
        zeroFraction: Float(zeros) / Float(max(output.count, 1)),
        histogram: Histogram(values: output.scalars, bins: bins, range: range))
    }
  }

  /// For every ``ReLU`` layer, the fraction of its units that output zero for
  /// every sample of `input` ("dead" units), in evaluation mode.
  ///
  /// ```swift
  /// let dead = model.deadReLUFractions(for: train.inputs)
  /// bar(dead.map(\.layer), ["dead units": dead.map(\.fraction)])
  /// ```
  ///
  /// - Parameter input: The batch to test, e.g. all training inputs.
  /// - Returns: One `(layer, fraction)` pair per ReLU layer, in layer order.
  public func deadReLUFractions(for input: Tensor) -> [(layer: String, fraction: Float)] {
    _ = forward(input, training: false)
    return layers.indices.compactMap { index in
      guard layers[index] is ReLU else { return nil }
      let output = lastOutputs[index]
      let dead = (0..<output.cols).filter { c in (0..<output.rows).allSatisfy { output[$0, c] == 0 } }.count
      return (layerNames[index], Float(dead) / Float(max(output.cols, 1)))
    }
  }

  /// The norm of each parameterized layer's weight gradient, as left by the
  /// last `backward`, in layer order.
  ///
  /// ```swift
  /// model.zeroGradients()
  /// let result = Loss.crossEntropy().evaluate(model.forward(train.inputs, training: true), train.targets)
  /// _ = model.backward(result.gradient)
  /// for (layer, norm) in model.gradientNorms() { print(layer, norm) }
  /// ```
  ///
  /// For a layer with several parameters this is the norm of its first one:
  /// the weight of a ``Dense``, γ of a normalization layer, the first weight of
  /// a block.
  public func gradientNorms() -> [(layer: String, norm: Float)] {
    parameterizedLayerIndices.map { (layerNames[$0], weightGradientNorm(ofLayer: $0)) }
  }

  /// Names like `"2: Dense(16, 16, init: heNormal(fanIn))"`, one per layer.
  public var layerNames: [String] {
    layers.enumerated().map { "\($0.offset): \($0.element)" }
  }

  /// The names of the layers that have parameters, in order (the columns of
  /// ``EpochRecord/gradientNorms``).
  public var parameterizedLayerNames: [String] { parameterizedLayerIndices.map { layerNames[$0] } }

  /// The first layer whose output in the last forward pass holds a NaN or an
  /// infinity.
  func firstNonFiniteLayer() -> String? {
    zip(layerNames, lastOutputs).first { !$0.1.isFinite }?.0
  }

  /// The indices of the layers that own parameters.
  var parameterizedLayerIndices: [Int] {
    layers.indices.filter { !layers[$0].parameters.isEmpty }
  }

  /// The gradient norm of a layer's first parameter: the weight of a
  /// ``Dense``, γ of a normalization layer, the first weight of a block.
  func weightGradientNorm(ofLayer index: Int) -> Float {
    layers[index].parameters.first?.gradient.norm() ?? 0
  }
}
