/// What a trainable tensor is used for; regularizers and optimizers use it to
/// decide which parameters to penalize.
///
/// ```swift
/// let dense = Dense(4, 2)
/// dense.parameters.map(\.role)   // [.weight, .bias]
/// ```
public enum ParameterRole: Sendable, Equatable {
  /// A weight matrix (penalized by L1/L2 and max-norm by default).
  case weight
  /// A bias vector (excluded from weight penalties by default).
  case bias
  /// A normalization layer's learnable scale γ.
  case scale
  /// A normalization layer's learnable shift β.
  case shift
}

/// A trainable tensor together with the gradient of the loss with respect to
/// it.
///
/// Layers own their parameters; optimizers update `value` in place from
/// `gradient`. `backward` *accumulates* into `gradient` (as PyTorch does), so
/// call ``Layer/zeroGradients()`` before each step.
///
/// ```swift
/// let layer = Dense(2, 3)
/// let w = layer.weight            // a Parameter
/// w.value.shape                   // (rows: 2, cols: 3)
/// _ = layer.forward(x, training: true)
/// _ = layer.backward(dy)          // fills w.gradient
/// w.value.add(w.gradient, scaledBy: -0.1)
/// ```
public final class Parameter {
  /// A short name such as `"weight"` or `"bias"`.
  public let name: String
  /// What the parameter is used for.
  public let role: ParameterRole
  /// The current value.
  public var value: Tensor
  /// The accumulated gradient, the same shape as `value`.
  public var gradient: Tensor

  /// Creates a parameter with a zero gradient.
  ///
  /// ```swift
  /// let scale = Parameter(name: "scale", role: .scale, value: Tensor(rows: 1, cols: 8, repeating: 1))
  /// ```
  ///
  /// - Parameters:
  ///   - name: A short name shown in messages, such as `"weight"`.
  ///   - role: What the parameter is used for.
  ///   - value: The initial value; the gradient starts as zeros of its shape.
  public init(name: String, role: ParameterRole, value: Tensor) {
    self.name = name
    self.role = role
    self.value = value
    self.gradient = Tensor(rows: value.rows, cols: value.cols)
  }

  /// Sets the gradient to zeros of the value's shape, reusing its storage
  /// when the shape already matches.
  func zeroGradient() {
    guard gradient.rows == value.rows && gradient.cols == value.cols else {
      gradient = Tensor(rows: value.rows, cols: value.cols)
      return
    }
    gradient.scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
  }
}

/// A differentiable building block of a network.
///
/// A layer maps an `n × d_in` batch to an `n × d_out` batch in `forward`, keeps
/// what it needs from that call, and in `backward` turns the gradient of the
/// loss with respect to its output into the gradient with respect to its input,
/// accumulating its parameters' gradients on the way. Calls alternate:
/// `forward`, then at most one `backward` for that forward.
///
/// ```swift
/// let layer = Dense(3, 2)
/// let x = Tensor(rows: 5, cols: 3, repeating: 1)
/// let y = layer.forward(x, training: true)                    // 5 × 2
/// let dx = layer.backward(Tensor(rows: 5, cols: 2, repeating: 1))  // also fills layer.weight.gradient
/// ```
///
/// Layers are classes, so a model and the code that inspects it share one
/// instance. Conform a class of your own to experiment with a new layer:
///
/// ```swift
/// final class Scale: Layer {
///   let factor: Float
///   init(_ factor: Float) { self.factor = factor }
///   func forward(_ input: Tensor, training: Bool) -> Tensor { input * factor }
///   func backward(_ outputGradient: Tensor) -> Tensor { outputGradient * factor }
///   var description: String { "Scale(\(factor))" }
/// }
/// ```
public protocol Layer: AnyObject, CustomStringConvertible {
  /// Computes the output for a batch; `training` selects training behaviour
  /// (batch statistics, dropout masks) versus evaluation behaviour.
  ///
  /// ```swift
  /// let logits = model.forward(x, training: false)   // the same as model(x)
  /// ```
  ///
  /// - Parameters:
  ///   - input: An `n × d_in` batch, one sample per row.
  ///   - training: Whether to use training-mode behaviour.
  /// - Returns: The `n × d_out` output.
  func forward(_ input: Tensor, training: Bool) -> Tensor
  /// Back-propagates `outputGradient` (∂L/∂output) from the last `forward`,
  /// accumulates parameter gradients, and returns ∂L/∂input.
  ///
  /// ```swift
  /// let predictions = model.forward(batch.inputs, training: true)
  /// let loss = Loss.crossEntropy().evaluate(predictions, batch.targets)
  /// _ = model.backward(loss.gradient)
  /// ```
  ///
  /// - Parameter outputGradient: ∂L/∂output, the shape of the last output.
  /// - Returns: ∂L/∂input, the shape of the last input.
  func backward(_ outputGradient: Tensor) -> Tensor
  /// The layer's trainable parameters, including those of nested layers.
  var parameters: [Parameter] { get }
  /// The directly nested layers (empty for a leaf layer).
  var sublayers: [any Layer] { get }
  /// Re-draws every parameter from its initializer with `generator`.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 42)
  /// model.initialize(using: &rng)   // a fresh start, as Sequential(seed: 42) would give
  /// ```
  ///
  /// - Parameter generator: The source of random numbers; it advances.
  func initialize(using generator: inout RandomGenerator)
}

extension Layer {
  /// No parameters by default.
  public var parameters: [Parameter] { [] }
  /// No nested layers by default.
  public var sublayers: [any Layer] { [] }
  /// Nothing to draw by default: a layer without parameters (an activation)
  /// has nothing to re-initialize.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// ReLU().initialize(using: &rng)   // does nothing; rng does not advance
  /// ```
  ///
  /// - Parameter generator: Not used.
  public func initialize(using generator: inout RandomGenerator) {}

  /// Runs `forward` in evaluation mode: `layer(x)`.
  ///
  /// ```swift
  /// let probabilities = softmax(model(x))
  /// ```
  ///
  /// - Parameter input: An `n × d_in` batch.
  /// - Returns: The layer's output in evaluation mode.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    forward(input, training: false)
  }

  /// Sets every parameter's gradient to zero.
  ///
  /// ```swift
  /// model.zeroGradients()
  /// let result = Loss.crossEntropy().evaluate(model.forward(x, training: true), .classes(labels))
  /// _ = model.backward(result.gradient)
  /// optimizer.step(model.parameters)
  /// ```
  public func zeroGradients() {
    for parameter in parameters { parameter.zeroGradient() }
  }

  /// The total number of trainable scalars.
  ///
  /// ```swift
  /// Sequential { Dense(2, 16); ReLU(); Dense(16, 3) }.parameterCount   // 99
  /// ```
  public var parameterCount: Int {
    parameters.reduce(0) { $0 + $1.value.count }
  }
}
