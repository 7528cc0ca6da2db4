/// Counts of values in equal-width bins.
///
/// ```swift
/// let h = Histogram(values: activations.scalars, bins: 30, range: -1...1)
/// h.counts      // 30 counts; values outside the range are clamped into the end bins
/// ```
public struct Histogram: Sendable, Equatable {
  /// The lower edge of the first bin.
  public let lowerBound: Float
  /// The upper edge of the last bin.
  public let upperBound: Float
  /// The number of values in each bin.
  public let counts: [Int]

  /// Bins `values` into `bins` equal bins over `range`, or over the values'
  /// own min…max when `range` is `nil`. Values outside `range` fall into the
  /// first or last bin; NaNs are skipped.
  public init(values: [Float], bins: Int = 30, range: ClosedRange<Float>? = nil) {
    precondition(bins > 0, "Histogram needs at least one bin")
    let finite = values.filter { !$0.isNaN }
    var low = range?.lowerBound ?? finite.min() ?? 0
    var high = range?.upperBound ?? finite.max() ?? 1
    if !(high > low) {
      low -= 0.5
      high += 0.5
    }
    var counts = [Int](repeating: 0, count: bins)
    let width = (high - low) / Float(bins)
    for v in finite {
      let index = Int(((v - low) / width).rounded(.down))
      counts[Swift.min(Swift.max(index, 0), bins - 1)] += 1
    }
    lowerBound = low
    upperBound = high
    self.counts = counts
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
  /// - Parameters:
  ///   - training: Whether to run in training mode (batch statistics,
  ///     dropout); evaluation mode by default. Training mode also updates
  ///     batch-norm running statistics.
  ///   - bins: Histogram bins per layer.
  ///   - range: A common histogram range, so layers can be compared; each
  ///     layer's own range when `nil`.
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
  public func gradientNorms() -> [(layer: String, norm: Float)] {
    parameterizedLayerIndices.map { (layerNames[$0], weightGradientNorm(ofLayer: $0)) }
  }

  /// Names like `"2: Dense(16, 16, init: he)"`, one per layer.
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
