/// What a trainable tensor is used for; regularizers and optimizers use it to
/// decide which parameters to penalize.
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
  public init(name: String, role: ParameterRole, value: Tensor) {
    self.name = name
    self.role = role
    self.value = value
    self.gradient = Tensor(rows: value.rows, cols: value.cols)
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
/// let y = layer.forward(x, training: true)
/// let dx = layer.backward(dy)      // also fills layer.weight.gradient
/// ```
public protocol Layer: AnyObject, CustomStringConvertible {
  /// Computes the output for a batch; `training` selects training behaviour
  /// (batch statistics, dropout masks) versus evaluation behaviour.
  func forward(_ input: Tensor, training: Bool) -> Tensor
  /// Back-propagates `outputGradient` (∂L/∂output) from the last `forward`,
  /// accumulates parameter gradients, and returns ∂L/∂input.
  func backward(_ outputGradient: Tensor) -> Tensor
  /// The layer's trainable parameters, including those of nested layers.
  var parameters: [Parameter] { get }
  /// The directly nested layers (empty for a leaf layer).
  var sublayers: [any Layer] { get }
  /// Re-draws every parameter from its initializer with `generator`.
  func initialize(using generator: inout RandomGenerator)
}

extension Layer {
  /// No parameters by default.
  public var parameters: [Parameter] { [] }
  /// No nested layers by default.
  public var sublayers: [any Layer] { [] }
  /// Nothing to draw by default.
  public func initialize(using generator: inout RandomGenerator) {}

  /// Runs `forward` in evaluation mode: `layer(x)`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    forward(input, training: false)
  }

  /// Sets every parameter's gradient to zero.
  public func zeroGradients() {
    for parameter in parameters {
      parameter.gradient = Tensor(rows: parameter.value.rows, cols: parameter.value.cols)
    }
  }

  /// The total number of trainable scalars.
  public var parameterCount: Int {
    parameters.reduce(0) { $0 + $1.value.count }
  }
}
