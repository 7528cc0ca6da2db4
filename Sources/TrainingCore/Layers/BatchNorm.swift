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
public final class BatchNorm: Layer {
  /// The learnable per-feature scale γ (`1 × features`).
  public let scale: Parameter
  /// The learnable per-feature shift β (`1 × features`).
  public let shift: Parameter
  /// The running mean used in evaluation mode (starts at 0).
  public private(set) var runningMean: Tensor
  /// The running variance used in evaluation mode (starts at 1).
  public private(set) var runningVariance: Tensor
  /// The weight of the newest batch in the running statistics.
  public let momentum: Float
  /// Added to the variance before the square root.
  public let epsilon: Float

  private var normalized = Tensor(rows: 0, cols: 0)
  private var inverseStd = Tensor(rows: 0, cols: 0)
  private var lastForwardWasTraining = true

  /// Creates a batch-norm layer for `features` features.
  public init(_ features: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
    precondition(features > 0, "BatchNorm needs a positive feature count")
    precondition(momentum >= 0 && momentum <= 1, "BatchNorm momentum must be in [0, 1]")
    scale = Parameter(name: "scale", role: .scale, value: Tensor(rows: 1, cols: features, repeating: 1))
    shift = Parameter(name: "shift", role: .shift, value: Tensor(rows: 1, cols: features))
    runningMean = Tensor(rows: 1, cols: features)
    runningVariance = Tensor(rows: 1, cols: features, repeating: 1)
    self.momentum = momentum
    self.epsilon = epsilon
  }

  /// The number of features normalized.
  public var features: Int { scale.value.cols }

  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    precondition(input.cols == features, "BatchNorm(\(features)) got \(input.cols) features")
    lastForwardWasTraining = training
    let n = input.rows
    let mean: Tensor
    let variance: Tensor
    if training {
      precondition(n > 1, "BatchNorm in training mode needs more than one sample per batch")
      (mean, variance) = Self.columnStatistics(input)
      let unbiased = variance * (Float(n) / Float(n - 1))
      runningMean = runningMean * (1 - momentum) + mean * momentum
      runningVariance = runningVariance * (1 - momentum) + unbiased * momentum
    } else {
      (mean, variance) = (runningMean, runningVariance)
    }
    inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
    normalized = input.addingRow(-mean).multiplyingRow(inverseStd)
    return normalized.multiplyingRow(scale.value).addingRow(shift.value)
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    let g = outputGradient
    shift.gradient += g.sumOverRows()
    scale.gradient += (g * normalized).sumOverRows()
    let gradNormalized = g.multiplyingRow(scale.value)
    guard lastForwardWasTraining else {
      // Running statistics are constants: the layer is affine per feature.
      return gradNormalized.multiplyingRow(inverseStd)
    }
    // dx = (1/n)·invStd·(n·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), per feature.
    let n = Float(g.rows)
    let sumGrad = gradNormalized.sumOverRows()
    let sumGradDotNormalized = (gradNormalized * normalized).sumOverRows()
    var result = gradNormalized
    for r in 0..<g.rows {
      for c in 0..<g.cols {
        let i = r * g.cols + c
        let centered = n * gradNormalized.scalars[i] - sumGrad.scalars[c] - normalized.scalars[i] * sumGradDotNormalized.scalars[c]
        result.scalars[i] = inverseStd.scalars[c] * centered / n
      }
    }
    return result
  }

  public var parameters: [Parameter] { [scale, shift] }

  public func initialize(using generator: inout RandomGenerator) {
    scale.value = Tensor(rows: 1, cols: features, repeating: 1)
    shift.value = Tensor(rows: 1, cols: features)
    runningMean = Tensor(rows: 1, cols: features)
    runningVariance = Tensor(rows: 1, cols: features, repeating: 1)
  }

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
public final class LayerNorm: Layer {
  /// The learnable per-feature scale γ.
  public let scale: Parameter
  /// The learnable per-feature shift β.
  public let shift: Parameter
  /// Added to the variance before the square root.
  public let epsilon: Float
  private var normalized = Tensor(rows: 0, cols: 0)
  private var inverseStd = [Float]()

  /// Creates a layer-norm layer for `features` features.
  public init(_ features: Int, epsilon: Float = 1e-5) {
    precondition(features > 0, "LayerNorm needs a positive feature count")
    scale = Parameter(name: "scale", role: .scale, value: Tensor(rows: 1, cols: features, repeating: 1))
    shift = Parameter(name: "shift", role: .shift, value: Tensor(rows: 1, cols: features))
    self.epsilon = epsilon
  }

  /// The number of features per sample.
  public var features: Int { scale.value.cols }

  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    precondition(input.cols == features, "LayerNorm(\(features)) got \(input.cols) features")
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

  public var parameters: [Parameter] { [scale, shift] }

  public func initialize(using generator: inout RandomGenerator) {
    scale.value = Tensor(rows: 1, cols: features, repeating: 1)
    shift.value = Tensor(rows: 1, cols: features)
  }

  public var description: String { "LayerNorm(\(features), epsilon: \(epsilon))" }
}
