/// Batch normalization over the batch dimension (Ioffe & Szegedy, 2015), for
/// `n × features` inputs, following PyTorch's `BatchNorm1d`.
///
/// Training mode normalizes each feature with the statistics of the current
/// batch:
///
/// ```
/// μ = mean(x)            σ² = mean((x − μ)²)      (biased: divide by n)
/// x̂ = (x − μ) / √(σ² + ε)
/// y = γ · x̂ + β
/// ```
///
/// and updates the running estimates with `momentum` (the weight of the new
/// batch, 0.1 by default):
///
/// ```
/// runningMean     ← (1 − momentum) · runningMean     + momentum · μ
/// runningVariance ← (1 − momentum) · runningVariance + momentum · σ² · n/(n − 1)
/// ```
///
/// The running variance uses the *unbiased* batch variance, as PyTorch does,
/// while the forward pass normalizes with the biased one. Evaluation mode
/// normalizes with `runningMean` and `runningVariance` instead, so a single
/// sample's output does not depend on its batch.
///
/// γ (``scale``) starts at 1 and β (``shift``) at 0; both are learned.
///
/// ```swift
/// let model = Sequential(seed: 1) {
///   Dense(2, 64, init: .heNormal()); BatchNorm(64); ReLU()
///   Dense(64, 3)
/// }
/// ```
public final class BatchNorm: Layer {
  /// The learnable per-feature scale γ (`1 × features`).
  public let scale: Parameter
  /// The learnable per-feature shift β (`1 × features`).
  public let shift: Parameter
  /// The running mean used in evaluation mode (`1 × features`, starts at 0);
  /// settable, e.g. to show what evaluation does with given statistics.
  ///
  /// ```swift
  /// let bn = BatchNorm(2)
  /// bn.runningMean = Tensor(row: [1, -1])
  /// bn.runningVariance = Tensor(row: [4, 1])
  /// bn(Tensor([[3, -1]]))   // ≈ [[1, 0]]: (x − mean)/√(variance + ε)
  /// ```
  ///
  /// - Precondition: the shape stays `1 × features`.
  public var runningMean: Tensor {
    didSet { requireFeatureRow(runningMean, "runningMean") }
  }
  /// The running (unbiased) variance used in evaluation mode (`1 × features`,
  /// starts at 1); settable like ``runningMean``.
  ///
  /// - Precondition: the shape stays `1 × features`.
  public var runningVariance: Tensor {
    didSet { requireFeatureRow(runningVariance, "runningVariance") }
  }
  /// The weight of the newest batch in the running statistics (PyTorch's
  /// `momentum`, 0.1 by default).
  public let momentum: Float
  /// Added to the variance before the square root.
  public let epsilon: Float

  private var normalized = Tensor(rows: 0, cols: 0)
  private var inverseStd = Tensor(rows: 0, cols: 0)
  private var lastForwardWasTraining = true

  /// Creates a batch-norm layer for `features` features, with PyTorch's
  /// defaults.
  ///
  /// ```swift
  /// let bn = BatchNorm(64)                   // momentum 0.1, ε = 1e-5
  /// let slow = BatchNorm(64, momentum: 0.01)
  /// ```
  ///
  /// - Parameters:
  ///   - features: The number of input (and output) columns, `> 0`.
  ///   - momentum: The weight of each new batch in the running statistics, in
  ///     `[0, 1]`.
  ///   - epsilon: Added to the variance before the square root.
  public init(_ features: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
    require(features > 0, "BatchNorm needs a positive feature count")
    require(momentum >= 0 && momentum <= 1, "BatchNorm momentum must be in [0, 1]")
    scale = Parameter(name: "scale", role: .scale, value: Tensor(rows: 1, cols: features, repeating: 1))
    shift = Parameter(name: "shift", role: .shift, value: Tensor(rows: 1, cols: features))
    runningMean = Tensor(rows: 1, cols: features)
    runningVariance = Tensor(rows: 1, cols: features, repeating: 1)
    self.momentum = momentum
    self.epsilon = epsilon
  }

  /// The number of features normalized.
  public var features: Int { scale.value.cols }

  /// Traps unless `statistic` is a `1 × features` row.
  private func requireFeatureRow(_ statistic: Tensor, _ name: String) {
    require(
      statistic.rows == 1 && statistic.cols == features,
      "BatchNorm(\(features)).\(name) must be 1×\(features), got \(statistic.rows)×\(statistic.cols)")
  }

  /// Normalizes each feature with the batch's statistics (training, which also
  /// updates the running statistics) or with the running statistics
  /// (evaluation).
  ///
  /// ```swift
  /// let bn = BatchNorm(2)
  /// let x = Tensor([[1, 10], [3, 30]])
  /// bn.forward(x, training: true)    // ≈ [[-1, -1], [1, 1]], then γ = 1, β = 0
  /// bn.runningMean                   // [[0.2, 2]]: 0.9·0 + 0.1·[2, 20]
  /// ```
  ///
  /// - Parameters:
  ///   - input: An `n × features` batch; in training mode `n > 1`.
  ///   - training: Whether to use (and update) batch statistics.
  /// - Returns: `γ · x̂ + β`, the shape of `input`.
  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    require(input.cols == features, "BatchNorm(\(features)) got \(input.cols) features")
    lastForwardWasTraining = training
    let n = input.rows
    let mean: Tensor
    let variance: Tensor
    if training {
      require(n > 1, "BatchNorm in training mode needs more than one sample per batch")
      (mean, variance) = Self.columnStatistics(input)
      let unbiased = variance * (Float(n) / Float(n - 1))
      runningMean = runningMean * (1 - momentum) + mean * momentum
      runningVariance = runningVariance * (1 - momentum) + unbiased * momentum
    } else {
      (mean, variance) = (runningMean, runningVariance)
    }
    inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
    // x̂ = (x + (−μ))·invStd and y = x̂·γ + β, in one pass over the batch.
    let cols = input.cols
    var xHat = [Float](repeating: 0, count: input.count)
    var output = [Float](repeating: 0, count: input.count)
    let negatedMean = (-mean).scalars, inverseStd = self.inverseStd.scalars
    let gamma = scale.value.scalars, beta = shift.value.scalars
    input.scalars.withUnsafeBufferPointer { x in
      xHat.withUnsafeMutableBufferPointer { xHat in
        output.withUnsafeMutableBufferPointer { y in
          for r in 0..<n {
            let base = r * cols
            for c in 0..<cols {
              xHat[base + c] = (x[base + c] + negatedMean[c]) * inverseStd[c]
              y[base + c] = xHat[base + c] * gamma[c] + beta[c]
            }
          }
        }
      }
    }
    normalized = Tensor(rows: n, cols: cols, scalars: xHat)
    return Tensor(rows: n, cols: cols, scalars: output)
  }

  /// Back-propagates through the normalization: accumulates the gradients of γ
  /// and β and returns ∂L/∂x.
  ///
  /// After a training-mode forward the gradient flows through the batch mean
  /// and variance too; after an evaluation-mode forward the layer is a fixed
  /// affine map per feature.
  ///
  /// ```swift
  /// _ = bn.forward(x, training: true)
  /// let dx = bn.backward(dy)   // also fills bn.scale.gradient and bn.shift.gradient
  /// ```
  ///
  /// - Parameter outputGradient: ∂L/∂y, the shape of the last input.
  /// - Returns: ∂L/∂x.
  public func backward(_ outputGradient: Tensor) -> Tensor {
    require(
      outputGradient.rows == normalized.rows && outputGradient.cols == normalized.cols,
      "BatchNorm.backward got a \(outputGradient.rows)×\(outputGradient.cols) gradient for a \(normalized.rows)×\(normalized.cols) output")
    let (rows, cols) = (outputGradient.rows, outputGradient.cols)
    let gamma = scale.value.scalars, inverseStd = self.inverseStd.scalars
    // One pass computes dx̂ = g·γ and the four column sums, each accumulated
    // over the rows in order (as `sumOverRows`): Σg, Σg·x̂, Σdx̂, Σdx̂·x̂.
    var gradNormalized = [Float](repeating: 0, count: rows * cols)
    var sumGrad = [Float](repeating: 0, count: cols), sumGradDot = [Float](repeating: 0, count: cols)
    var sumGradNormalized = [Float](repeating: 0, count: cols)
    var sumGradNormalizedDot = [Float](repeating: 0, count: cols)
    outputGradient.scalars.withUnsafeBufferPointer { g in
      normalized.scalars.withUnsafeBufferPointer { xHat in
        gradNormalized.withUnsafeMutableBufferPointer { dxHat in
          for r in 0..<rows {
            let base = r * cols
            for c in 0..<cols {
              let i = base + c
              dxHat[i] = g[i] * gamma[c]
              sumGrad[c] += g[i]
              sumGradDot[c] += g[i] * xHat[i]
              sumGradNormalized[c] += dxHat[i]
              sumGradNormalizedDot[c] += dxHat[i] * xHat[i]
            }
          }
        }
      }
    }
    shift.gradient += Tensor(row: sumGrad)
    scale.gradient += Tensor(row: sumGradDot)
    guard lastForwardWasTraining else {
      // Running statistics are constants: the layer is affine per feature.
      return Tensor(rows: rows, cols: cols, scalars: gradNormalized).multiplyingRow(self.inverseStd)
    }
    // dx = (1/n)·invStd·(n·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), per feature.
    let n = Float(rows)
    var result = [Float](repeating: 0, count: rows * cols)
    normalized.scalars.withUnsafeBufferPointer { xHat in
      gradNormalized.withUnsafeBufferPointer { dxHat in
        result.withUnsafeMutableBufferPointer { dx in
          for r in 0..<rows {
            let base = r * cols
            for c in 0..<cols {
              let i = base + c
              let centered = n * dxHat[i] - sumGradNormalized[c] - xHat[i] * sumGradNormalizedDot[c]
              dx[i] = inverseStd[c] * centered / n
            }
          }
        }
      }
    }
    return Tensor(rows: rows, cols: cols, scalars: result)
  }

  /// The learnable ``scale`` (γ) and ``shift`` (β), in that order.
  public var parameters: [Parameter] { [scale, shift] }

  /// Resets γ to 1, β to 0 and the running statistics to mean 0 and variance 1;
  /// draws nothing.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// bn.initialize(using: &rng)
  /// ```
  ///
  /// - Parameter generator: Not used: the reset is deterministic.
  public func initialize(using generator: inout RandomGenerator) {
    scale.value = Tensor(rows: 1, cols: features, repeating: 1)
    shift.value = Tensor(rows: 1, cols: features)
    runningMean = Tensor(rows: 1, cols: features)
    runningVariance = Tensor(rows: 1, cols: features, repeating: 1)
  }

  /// The initializer call, e.g. `BatchNorm(64, momentum: 0.1, epsilon: 1e-05)`.
  public var description: String { "BatchNorm(\(features), momentum: \(momentum), epsilon: \(epsilon))" }

  /// Per-column mean and biased variance, accumulated in `Double`.
  static func columnStatistics(_ x: Tensor) -> (mean: Tensor, variance: Tensor) {
    var mean = [Double](repeating: 0, count: x.cols)
    var squares = [Double](repeating: 0, count: x.cols)
    for r in 0..<x.rows {
      for c in 0..<x.cols { mean[c] += Double(x.scalars[r * x.cols + c]) }
    }
    for c in 0..<x.cols { mean[c] /= Double(x.rows) }
    for r in 0..<x.rows {
      for c in 0..<x.cols {
        let d = Double(x.scalars[r * x.cols + c]) - mean[c]
        squares[c] += d * d
      }
    }
    return (
      Tensor(row: mean.map { Float($0) }),
      Tensor(row: squares.map { Float($0 / Double(x.rows)) })
    )
  }
}

/// Layer normalization (Ba et al., 2016): normalizes each *sample* over its
/// features, `y = γ · (x − μ_row)/√(σ²_row + ε) + β`, with the biased variance.
///
/// Unlike ``BatchNorm`` it has no running statistics and behaves the same in
/// training and evaluation, which is why transformers and RNNs use it.
/// γ and β are per feature, as PyTorch's `elementwise_affine`.
///
/// ```swift
/// let model = Sequential(seed: 1) {
///   Dense(2, 64, init: .heNormal()); LayerNorm(64); ReLU()
///   Dense(64, 3)
/// }
/// ```
public final class LayerNorm: Layer {
  /// The learnable per-feature scale γ (`1 × features`, starts at 1).
  public let scale: Parameter
  /// The learnable per-feature shift β (`1 × features`, starts at 0).
  public let shift: Parameter
  /// Added to the variance before the square root.
  public let epsilon: Float
  private var normalized = Tensor(rows: 0, cols: 0)
  private var inverseStd = [Float]()

  /// Creates a layer-norm layer for `features` features.
  ///
  /// ```swift
  /// let ln = LayerNorm(64)
  /// ```
  ///
  /// - Parameters:
  ///   - features: The number of columns each sample has, `> 0`.
  ///   - epsilon: Added to each sample's variance before the square root
  ///     (PyTorch's default 1e-5).
  public init(_ features: Int, epsilon: Float = 1e-5) {
    require(features > 0, "LayerNorm needs a positive feature count")
    scale = Parameter(name: "scale", role: .scale, value: Tensor(rows: 1, cols: features, repeating: 1))
    shift = Parameter(name: "shift", role: .shift, value: Tensor(rows: 1, cols: features))
    self.epsilon = epsilon
  }

  /// The number of features per sample.
  public var features: Int { scale.value.cols }

  /// Normalizes every row over its own features, then applies γ and β.
  ///
  /// ```swift
  /// let ln = LayerNorm(2)
  /// ln.forward(Tensor([[1, 3], [10, 30]]), training: false)   // ≈ [[-1, 1], [-1, 1]]
  /// ```
  ///
  /// - Parameters:
  ///   - input: An `n × features` batch.
  ///   - training: Ignored: layer norm behaves the same in both modes.
  /// - Returns: The normalized batch, the shape of `input`.
  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    require(input.cols == features, "LayerNorm(\(features)) got \(input.cols) features")
    let transposedStats = BatchNorm.columnStatistics(input.transposed())
    inverseStd = transposedStats.variance.scalars.map { 1 / ($0 + epsilon).squareRoot() }
    var out = input
    for r in 0..<input.rows {
      for c in 0..<input.cols {
        let i = r * input.cols + c
        out.scalars[i] = (input.scalars[i] - transposedStats.mean.scalars[r]) * inverseStd[r]
      }
    }
    normalized = out
    return normalized.multiplyingRow(scale.value).addingRow(shift.value)
  }

  /// Back-propagates through the per-sample normalization: accumulates the
  /// gradients of γ and β and returns ∂L/∂x.
  ///
  /// ```swift
  /// _ = ln.forward(x, training: true)
  /// let dx = ln.backward(dy)
  /// ```
  ///
  /// - Parameter outputGradient: ∂L/∂y, the shape of the last input.
  /// - Returns: ∂L/∂x.
  public func backward(_ outputGradient: Tensor) -> Tensor {
    let g = outputGradient
    shift.gradient += g.sumOverRows()
    scale.gradient += (g * normalized).sumOverRows()
    let gradNormalized = g.multiplyingRow(scale.value)
    let d = Float(g.cols)
    var result = gradNormalized
    for r in 0..<g.rows {
      var sumGrad: Float = 0
      var sumGradDot: Float = 0
      for c in 0..<g.cols {
        let i = r * g.cols + c
        sumGrad += gradNormalized.scalars[i]
        sumGradDot += gradNormalized.scalars[i] * normalized.scalars[i]
      }
      for c in 0..<g.cols {
        let i = r * g.cols + c
        result.scalars[i] = inverseStd[r] * (d * gradNormalized.scalars[i] - sumGrad - normalized.scalars[i] * sumGradDot) / d
      }
    }
    return result
  }

  /// The learnable ``scale`` (γ) and ``shift`` (β), in that order.
  public var parameters: [Parameter] { [scale, shift] }

  /// Resets γ to 1 and β to 0; draws nothing.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// ln.initialize(using: &rng)
  /// ```
  ///
  /// - Parameter generator: Not used: the reset is deterministic.
  public func initialize(using generator: inout RandomGenerator) {
    scale.value = Tensor(rows: 1, cols: features, repeating: 1)
    shift.value = Tensor(rows: 1, cols: features)
  }

  /// The initializer call, e.g. `LayerNorm(64, epsilon: 1e-05)`.
  public var description: String { "LayerNorm(\(features), epsilon: \(epsilon))" }
}
