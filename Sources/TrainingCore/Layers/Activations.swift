import Foundation

/// An element-wise activation: `y = f(x)`, `∂L/∂x = f′(x) · ∂L/∂y`.
///
/// Subclasses in this module provide `f` and its derivative; the derivative
/// may use the input `x`, the output `y`, or both. Lesson code uses the
/// concrete activations ``ReLU``, ``LeakyReLU``, ``Tanh``, ``Sigmoid``,
/// ``GELU``, ``ELU``, ``Softplus`` and ``SiLU``, and can test for the family
/// with `is Activation`:
///
/// ```swift
/// let model = Sequential { Dense(2, 8); Tanh(); Dense(8, 2) }
/// model.layers.filter { $0 is Activation }.count   // 1
/// ```
public class Activation: Layer {
  private var input = Tensor(rows: 0, cols: 0)
  private var output = Tensor(rows: 0, cols: 0)

  /// The activation's value at `x`.
  func value(_ x: Float) -> Float { fatalError("Activation subclasses implement value(_:)") }
  /// The derivative at `x`, given `y = value(x)`.
  func derivative(_ x: Float, output y: Float) -> Float { fatalError("Activation subclasses implement derivative(_:output:)") }

  /// Applies `f` to every element, remembering the input and output for
  /// ``backward(_:)``; `training` makes no difference.
  ///
  /// ```swift
  /// let y = Tanh().forward(Tensor([[0, 1]]), training: false)   // [[0, 0.7616]]
  /// ```
  ///
  /// - Parameters:
  ///   - input: A batch of any shape.
  ///   - training: Ignored: activations behave the same in both modes.
  /// - Returns: `f(input)`, element by element.
  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    self.input = input
    output = input.map(value)
    return output
  }

  /// Multiplies `outputGradient` by `f′` at the last forward's inputs.
  ///
  /// ```swift
  /// let sigmoid = Sigmoid()
  /// _ = sigmoid.forward(Tensor([[0]]), training: true)
  /// sigmoid.backward(Tensor([[1]]))   // [[0.25]]: σ′(0) = ¼
  /// ```
  ///
  /// - Parameter outputGradient: ∂L/∂y, the shape of the last input.
  /// - Returns: ∂L/∂x.
  public func backward(_ outputGradient: Tensor) -> Tensor {
    var result = outputGradient
    for i in 0..<result.count {
      result.scalars[i] *= derivative(input.scalars[i], output: output.scalars[i])
    }
    return result
  }

  /// The initializer call, e.g. `ReLU()`.
  public var description: String { "\(type(of: self))()" }
}

/// The rectifier `max(0, x)`; its derivative at 0 is taken as 0 (as PyTorch).
///
/// Forward and backward are written as plain loops rather than through
/// ``Activation``'s per-element calls: ReLU runs in every training step of most
/// lessons and benchmarks. A NaN input stays NaN (as in PyTorch), so a
/// diverging network stays visibly diverged.
///
/// ```swift
/// let model = Sequential(seed: 1) {
///   Dense(2, 16, init: .heNormal()); ReLU()
///   Dense(16, 3)
/// }
/// ReLU()(Tensor([[-1, 0, 2]]))   // [[0, 0, 2]]
/// ```
public final class ReLU: Activation {
  /// The last forward's output: positive (or NaN) exactly where the input
  /// was, so it doubles as the mask for ``backward(_:)``.
  private var lastOutput = Tensor(rows: 0, cols: 0)

  /// Creates a ReLU.
  ///
  /// ```swift
  /// let relu = ReLU()
  /// ```
  public override init() {}
  override func value(_ x: Float) -> Float { x <= 0 ? 0 : x }
  override func derivative(_ x: Float, output y: Float) -> Float { x <= 0 ? 0 : 1 }

  /// Zeroes every element that is not positive, remembering the output for
  /// ``backward(_:)``.
  ///
  /// ```swift
  /// ReLU().forward(Tensor([[-1, 0, 2]]), training: true)   // [[0, 0, 2]]
  /// ```
  ///
  /// - Parameters:
  ///   - input: A batch of any shape.
  ///   - training: Ignored: ReLU behaves the same in both modes.
  /// - Returns: `max(0, input)`, element by element (NaN stays NaN).
  public override func forward(_ input: Tensor, training: Bool) -> Tensor {
    // `x <= 0` is false for NaN, which therefore passes through (as in
    // PyTorch), so divergence stays visible. The loop has no branch (the
    // compiler emits a compare and a blend): the signs are random.
    lastOutput = input.map { x in x <= 0 ? 0 : x }
    return lastOutput
  }

  /// Passes the gradient through where the last input was positive and zeroes
  /// it elsewhere.
  ///
  /// ```swift
  /// let relu = ReLU()
  /// _ = relu.forward(Tensor([[-1, 2]]), training: true)
  /// relu.backward(Tensor([[5, 5]]))   // [[0, 5]]
  /// ```
  ///
  /// - Parameter outputGradient: ∂L/∂y, the shape of the last input.
  /// - Returns: ∂L/∂x.
  public override func backward(_ outputGradient: Tensor) -> Tensor {
    // The output is ≤ 0 exactly where the input was (it is then 0).
    outputGradient.zipMap(lastOutput) { g, y in y <= 0 ? 0 : g }
  }
}

/// `x` for positive inputs, `slope · x` otherwise (PyTorch's default slope 0.01).
///
/// The small negative slope keeps a gradient flowing through units that a ReLU
/// would switch off for good.
///
/// ```swift
/// let model = Sequential { Dense(2, 16, init: .heNormal()); LeakyReLU(slope: 0.1); Dense(16, 2) }
/// LeakyReLU()(Tensor([[-100, 3]]))   // [[-1, 3]]
/// ```
public final class LeakyReLU: Activation {
  /// The slope for negative inputs.
  public let slope: Float
  /// Creates a leaky ReLU with the given negative slope.
  ///
  /// ```swift
  /// let leaky = LeakyReLU(slope: 0.2)
  /// ```
  ///
  /// - Parameter slope: The factor applied to negative inputs (PyTorch's
  ///   `negative_slope`, 0.01 by default).
  public init(slope: Float = 0.01) { self.slope = slope }
  override func value(_ x: Float) -> Float { x > 0 ? x : slope * x }
  override func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? 1 : slope }
  /// The initializer call, e.g. `LeakyReLU(slope: 0.01)`.
  public override var description: String { "LeakyReLU(slope: \(slope))" }
}

/// The hyperbolic tangent; `tanh′(x) = 1 − tanh²(x)`.
///
/// Zero-centred with outputs in (−1, 1); saturated units (|y| near 1) pass
/// almost no gradient.
///
/// ```swift
/// let model = Sequential(seed: 2) { Dense(2, 32, init: .xavierNormal); Tanh(); Dense(32, 2) }
/// ```
public final class Tanh: Activation {
  /// Creates a tanh activation.
  ///
  /// ```swift
  /// let tanh = Tanh()
  /// ```
  public override init() {}
  override func value(_ x: Float) -> Float { tanh(x) }
  override func derivative(_ x: Float, output y: Float) -> Float { 1 - y * y }
}

/// The logistic sigmoid `1 / (1 + e⁻ˣ)`; `σ′(x) = σ(x)(1 − σ(x))`.
///
/// Its derivative is at most ¼, which is why deep sigmoid networks see their
/// gradients vanish. For binary classification, prefer a linear output with
/// ``Loss/binaryCrossEntropy`` (which applies the sigmoid itself, stably) to a
/// `Sigmoid` layer before the loss.
///
/// ```swift
/// let model = Sequential { Dense(2, 8); Sigmoid(); Dense(8, 1) }
/// ```
public final class Sigmoid: Activation {
  /// Creates a sigmoid activation.
  ///
  /// ```swift
  /// let sigmoid = Sigmoid()
  /// ```
  public override init() {}
  override func value(_ x: Float) -> Float { sigmoid(x) }
  override func derivative(_ x: Float, output y: Float) -> Float { y * (1 - y) }
}

/// The Gaussian error linear unit, `x · Φ(x)` (Hendrycks & Gimpel, 2016).
///
/// - `.exact`: `Φ(x) = ½(1 + erf(x/√2))`, PyTorch's `approximate='none'`.
/// - `.tanh`: `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`, PyTorch's
///   `approximate='tanh'`.
///
/// ```swift
/// let model = Sequential { Dense(2, 16); GELU(); Dense(16, 3) }
/// let fast = GELU(approximation: .tanh)
/// ```
public final class GELU: Activation {
  /// Which formula to use.
  ///
  /// - `exact`: the erf form, PyTorch's `approximate='none'`.
  /// - `tanh`: the tanh approximation, PyTorch's `approximate='tanh'`.
  ///
  /// ```swift
  /// let gelu = GELU(approximation: .tanh)
  /// gelu.approximation == .tanh   // true
  /// ```
  public enum Approximation: Sendable { case exact, tanh }
  /// The formula in use.
  public let approximation: Approximation
  private static let sqrt2OverPi = Float((2 / Double.pi).squareRoot())

  /// Creates a GELU with the exact erf form by default.
  ///
  /// ```swift
  /// let gelu = GELU()                         // exact
  /// let approx = GELU(approximation: .tanh)   // as in GPT-2 and BERT code
  /// ```
  ///
  /// - Parameter approximation: Which formula to use.
  public init(approximation: Approximation = .exact) { self.approximation = approximation }

  override func value(_ x: Float) -> Float {
    switch approximation {
    case .exact:
      return 0.5 * x * (1 + erf(x / Float(2).squareRoot()))
    case .tanh:
      return 0.5 * x * (1 + Foundation.tanh(Self.sqrt2OverPi * (x + 0.044715 * x * x * x)))
    }
  }

  override func derivative(_ x: Float, output y: Float) -> Float {
    switch approximation {
    case .exact:
      let cdf = 0.5 * (1 + erf(x / Float(2).squareRoot()))
      let pdf = exp(-0.5 * x * x) / Float(2 * Double.pi).squareRoot()
      return cdf + x * pdf
    case .tanh:
      let inner = Self.sqrt2OverPi * (x + 0.044715 * x * x * x)
      let t = Foundation.tanh(inner)
      let dInner = Self.sqrt2OverPi * (1 + 3 * 0.044715 * x * x)
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * dInner
    }
  }

  /// The initializer call, e.g. `GELU(approximation: .exact)`.
  public override var description: String { "GELU(approximation: .\(approximation))" }
}

/// The exponential linear unit (Clevert et al., 2016), as PyTorch's `nn.ELU`:
///
/// ```
/// ELU(x) = x                 for x > 0,   ELU′(x) = 1
///          α·(exp(x) − 1)    for x ≤ 0,   ELU′(x) = α·exp(x)
/// ```
///
/// Negative inputs saturate smoothly at −α instead of being cut to 0, so
/// units keep a gradient and the mean activation moves towards zero. The
/// derivative at 0 is taken from the left, α (as PyTorch).
///
/// ```swift
/// let model = Sequential { Dense(2, 16, init: .heNormal()); ELU(); Dense(16, 3) }
/// ELU()(Tensor([[-1, 2]]))   // [[-0.6321, 2]]: e⁻¹ − 1 for −1
/// ```
public final class ELU: Activation {
  /// α, the value negative inputs saturate towards (as −α).
  public let alpha: Float
  /// Creates an ELU.
  ///
  /// ```swift
  /// let elu = ELU(alpha: 0.5)
  /// ```
  ///
  /// - Parameter alpha: α, `> 0` (PyTorch's default 1).
  public init(alpha: Float = 1) {
    require(alpha > 0, "ELU alpha must be positive, got \(alpha)")
    self.alpha = alpha
  }
  override func value(_ x: Float) -> Float { x > 0 ? x : alpha * expm1(x) }
  override func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? 1 : alpha * exp(x) }
  /// The initializer call, e.g. `ELU(alpha: 1.0)`.
  public override var description: String { "ELU(alpha: \(alpha))" }
}

/// A smooth ReLU, `log(1 + exp(β·x)) / β`, as PyTorch's `nn.Softplus`; its
/// derivative is the sigmoid `σ(β·x)`.
///
/// Where `β·x > threshold` the layer returns `x` itself (derivative 1), as
/// PyTorch does: there `log(1 + exp(β·x))/β` differs from `x` by less than
/// `exp(−threshold)/β`, and `exp` would overflow for large inputs.
///
/// ```swift
/// let model = Sequential { Dense(2, 16); Softplus(); Dense(16, 1) }
/// Softplus()(Tensor([[0, 30]]))   // [[0.6931, 30]]: log 2, then linear
/// ```
public final class Softplus: Activation {
  /// β, the sharpness: larger values bring the curve closer to a ReLU.
  public let beta: Float
  /// Above this value of `β·x` the layer is linear.
  public let threshold: Float
  /// Creates a softplus with PyTorch's defaults.
  ///
  /// ```swift
  /// let softplus = Softplus()              // β = 1, threshold 20
  /// let sharp = Softplus(beta: 5)
  /// ```
  ///
  /// - Parameters:
  ///   - beta: β, `> 0` (1 by default).
  ///   - threshold: The value of `β·x` above which the layer returns `x`
  ///     (20 by default).
  public init(beta: Float = 1, threshold: Float = 20) {
    require(beta > 0, "Softplus beta must be positive, got \(beta)")
    self.beta = beta
    self.threshold = threshold
  }
  override func value(_ x: Float) -> Float { x * beta > threshold ? x : log1p(exp(x * beta)) / beta }
  override func derivative(_ x: Float, output y: Float) -> Float {
    guard x * beta <= threshold else { return 1 }
    let z = exp(x * beta)
    return z / (z + 1)
  }
  /// The initializer call, e.g. `Softplus(beta: 1.0, threshold: 20.0)`.
  public override var description: String { "Softplus(beta: \(beta), threshold: \(threshold))" }
}

/// The sigmoid linear unit `x · σ(x)` (Elfwing et al., 2018; "swish"), as
/// PyTorch's `nn.SiLU`:
///
/// ```
/// SiLU(x) = x·σ(x),   SiLU′(x) = σ(x)·(1 + x·(1 − σ(x)))
/// ```
///
/// ```swift
/// let model = Sequential { Dense(2, 16); SiLU(); Dense(16, 3) }
/// SiLU()(Tensor([[0, 1]]))   // [[0, 0.7311]]
/// ```
public final class SiLU: Activation {
  /// Creates a SiLU.
  ///
  /// ```swift
  /// let silu = SiLU()
  /// ```
  public override init() {}
  override func value(_ x: Float) -> Float { x * sigmoid(x) }
  override func derivative(_ x: Float, output y: Float) -> Float {
    let s = sigmoid(x)
    return s * (1 + x * (1 - s))
  }
}

/// The logistic function, computed without overflow for large |x|.
///
/// ```swift
/// sigmoid(0)      // 0.5
/// sigmoid(-100)   // ≈ 3.8e-44 (a subnormal Float), not NaN
/// ```
///
/// - Parameter x: Any finite or infinite value.
/// - Returns: `1 / (1 + e⁻ˣ)`, in `[0, 1]`.
@inlinable
public func sigmoid(_ x: Float) -> Float {
  if x >= 0 {
    return 1 / (1 + exp(-x))
  }
  let e = exp(x)
  return e / (1 + e)
}
