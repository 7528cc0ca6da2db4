import Foundation

/// An element-wise activation: `y = f(x)`, `∂L/∂x = f′(x) · ∂L/∂y`.
///
/// Subclasses in this module provide `f` and its derivative; the derivative
/// may use the input `x`, the output `y`, or both. Lesson code uses the
/// concrete activations ``ReLU``, ``LeakyReLU``, ``Tanh``, ``Sigmoid`` and
/// ``GELU``, and can test for the family with `is Activation`:
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
