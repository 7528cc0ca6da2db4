/// A fully connected (affine) layer: `y = x·W + b`.
///
/// Shapes: input `n × inputSize`, weight `inputSize × outputSize`, bias
/// `1 × outputSize`, output `n × outputSize`. Column `j` of `W` holds the
/// incoming weights of output unit `j` (what max-norm constrains).
///
/// Backward: `∂L/∂W = xᵀ·g`, `∂L/∂b = Σ_rows g`, `∂L/∂x = g·Wᵀ`.
///
/// The weights are drawn from `init` with `seed` when the layer is created;
/// inside a ``Sequential`` the model re-draws every layer from its own seed, so
/// that equal layers in one model do not start equal. Biases start at zero.
/// (PyTorch's `nn.Linear` default is U(±1/√fanIn) for both; this core makes the
/// scheme explicit and defaults to Xavier uniform.)
///
/// ```swift
/// let layer = Dense(2, 16, init: .heNormal())
/// let y = layer(Tensor(rows: 5, cols: 2, repeating: 1))   // 5 × 16
/// let linear = Dense(16, 1, bias: false)                    // y = x·W only
/// ```
public final class Dense: Layer {
  /// The `inputSize × outputSize` weight matrix.
  public let weight: Parameter
  /// The `1 × outputSize` bias, or `nil` when created with `bias: false`.
  public let bias: Parameter?
  /// How `weight` is drawn by ``initialize(using:)``.
  public let initializer: Initializer
  private var input = Tensor(rows: 0, cols: 0)

  /// Creates a layer with `inputSize` inputs and `outputSize` outputs.
  ///
  /// ```swift
  /// Dense(64, 10)                                  // Xavier uniform, with bias
  /// Dense(64, 64, init: .heNormal())                       // before a ReLU
  /// Dense(64, 64, init: .normal(std: 0.01), bias: false, seed: 3)
  /// ```
  ///
  /// - Parameters:
  ///   - inputSize: The number of input features, `> 0`.
  ///   - outputSize: The number of output units, `> 0`.
  ///   - initializer: How the weights are drawn (``Initializer/xavierUniform``
  ///     by default).
  ///   - bias: Whether the layer adds a learned bias (`true` by default).
  ///   - seed: Seeds the first draw of the weights; a ``Sequential`` re-draws
  ///     them from its own seed.
  public init(_ inputSize: Int, _ outputSize: Int, init initializer: Initializer = .xavierUniform, bias: Bool = true, seed: UInt64 = 0) {
    require(inputSize > 0 && outputSize > 0, "Dense needs positive sizes, got \(inputSize)→\(outputSize)")
    self.initializer = initializer
    var generator = RandomGenerator(seed: seed)
    weight = Parameter(
      name: "weight", role: .weight,
      value: initializer.makeWeights(fanIn: inputSize, fanOut: outputSize, using: &generator))
    self.bias = bias ? Parameter(name: "bias", role: .bias, value: Tensor(rows: 1, cols: outputSize)) : nil
  }

  /// The number of inputs per sample.
  public var inputSize: Int { weight.value.rows }
  /// The number of outputs per sample.
  public var outputSize: Int { weight.value.cols }

  /// Computes `x·W + b` for a batch and remembers `x` for ``backward(_:)``.
  ///
  /// ```swift
  /// let layer = Dense(3, 2)
  /// let y = layer.forward(Tensor(rows: 4, cols: 3, repeating: 1), training: true)   // 4 × 2
  /// ```
  ///
  /// - Parameters:
  ///   - input: An `n × inputSize` batch.
  ///   - training: Ignored: a dense layer behaves the same in both modes.
  /// - Returns: The `n × outputSize` output.
  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    require(input.cols == inputSize, "Dense(\(inputSize), \(outputSize)) got input with \(input.cols) columns")
    self.input = input
    var output = matmul(input, weight.value)
    if let bias { output.addRow(bias.value) }
    return output
  }

  /// Accumulates `∂L/∂W = xᵀ·g` and `∂L/∂b = Σ_rows g` into the parameters'
  /// gradients and returns `∂L/∂x = g·Wᵀ`.
  ///
  /// ```swift
  /// let layer = Dense(3, 2)
  /// _ = layer.forward(Tensor(rows: 4, cols: 3, repeating: 1), training: true)
  /// let dx = layer.backward(Tensor(rows: 4, cols: 2, repeating: 1))   // 4 × 3
  /// layer.weight.gradient   // 3 × 2, every element 4
  /// ```
  ///
  /// - Parameter outputGradient: `g = ∂L/∂y`, `n × outputSize`.
  /// - Returns: `∂L/∂x`, `n × inputSize`.
  public func backward(_ outputGradient: Tensor) -> Tensor {
    weight.gradient += matmul(input, outputGradient, transposeA: true)
    if let bias { bias.gradient += outputGradient.sumOverRows() }
    return matmul(outputGradient, weight.value, transposeB: true)
  }

  /// The ``weight`` and, if present, the ``bias``, in that order.
  public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

  /// Re-draws the weights from ``initializer`` with `generator` and zeroes the
  /// bias.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 5)
  /// layer.initialize(using: &rng)
  /// ```
  ///
  /// - Parameter generator: The source of the weights; it advances.
  public func initialize(using generator: inout RandomGenerator) {
    weight.value = initializer.makeWeights(fanIn: inputSize, fanOut: outputSize, using: &generator)
    if let bias { bias.value = Tensor(rows: 1, cols: outputSize) }
  }

  /// The layer's shape and initializer, e.g. `Dense(2, 16, init: heNormal(fanIn))`.
  public var description: String { "Dense(\(inputSize), \(outputSize), init: \(initializer))" }
}
