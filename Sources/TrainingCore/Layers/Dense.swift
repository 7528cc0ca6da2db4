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
/// let layer = Dense(2, 16, init: .he)
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
  public init(_ inputSize: Int, _ outputSize: Int, init initializer: Initializer = .xavierUniform, bias: Bool = true, seed: UInt64 = 0) {
    precondition(inputSize > 0 && outputSize > 0, "Dense needs positive sizes, got \(inputSize)→\(outputSize)")
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

  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    precondition(input.cols == inputSize, "Dense(\(inputSize), \(outputSize)) got input with \(input.cols) columns")
    self.input = input
    let product = matmul(input, weight.value)
    return bias.map { product.addingRow($0.value) } ?? product
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    weight.gradient += matmul(input, outputGradient, transposeA: true)
    if let bias { bias.gradient += outputGradient.sumOverRows() }
    return matmul(outputGradient, weight.value, transposeB: true)
  }

  public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

  public func initialize(using generator: inout RandomGenerator) {
    weight.value = initializer.makeWeights(fanIn: inputSize, fanOut: outputSize, using: &generator)
    if let bias { bias.value = Tensor(rows: 1, cols: outputSize) }
  }

  public var description: String { "Dense(\(inputSize), \(outputSize), init: \(initializer))" }
}
