import Foundation

/// An element-wise activation: `y = f(x)`, `∂L/∂x = f′(x) · ∂L/∂y`.
///
/// Subclasses provide `f` and its derivative; the derivative may use the input
/// `x`, the output `y`, or both.
public class Activation: Layer {
  private var input = Tensor(rows: 0, cols: 0)
  private var output = Tensor(rows: 0, cols: 0)

  /// The activation's value at `x`.
  func value(_ x: Float) -> Float { fatalError("Activation subclasses implement value(_:)") }
  /// The derivative at `x`, given `y = value(x)`.
  func derivative(_ x: Float, output y: Float) -> Float { fatalError("Activation subclasses implement derivative(_:output:)") }

  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    self.input = input
    output = input.map(value)
    return output
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    var result = outputGradient
    for i in 0..<result.count {
      result.scalars[i] *= derivative(input.scalars[i], output: output.scalars[i])
    }
    return result
  }

  public var description: String { "\(type(of: self))()" }
}

/// The rectifier `max(0, x)`; its derivative at 0 is taken as 0 (as PyTorch).
///
/// Forward and backward are written as plain loops rather than through
/// ``Activation``'s per-element calls: ReLU runs in every training step of most
/// lessons and benchmarks.
public final class ReLU: Activation {
  private var positive = [Bool]()

  /// Creates a ReLU.
  public override init() {}
  override func value(_ x: Float) -> Float { x <= 0 ? 0 : x }
  override func derivative(_ x: Float, output y: Float) -> Float { x <= 0 ? 0 : 1 }

  public override func forward(_ input: Tensor, training: Bool) -> Tensor {
    var output = input
    positive = [Bool](repeating: false, count: input.count)
    output.scalars.withUnsafeMutableBufferPointer { o in
      positive.withUnsafeMutableBufferPointer { p in
        for i in 0..<o.count {
          // `!(x <= 0)` keeps NaN (as PyTorch), so divergence stays visible.
          if !(o[i] <= 0) { p[i] = true } else { o[i] = 0 }
        }
      }
    }
    return output
  }

  public override func backward(_ outputGradient: Tensor) -> Tensor {
    var result = outputGradient
    result.scalars.withUnsafeMutableBufferPointer { g in
      positive.withUnsafeBufferPointer { p in
        for i in 0..<g.count where !p[i] { g[i] = 0 }
      }
    }
    return result
  }
}

/// `x` for positive inputs, `slope · x` otherwise (PyTorch's default slope 0.01).
public final class LeakyReLU: Activation {
  /// The slope for negative inputs.
  public let slope: Float
  /// Creates a leaky ReLU with the given negative slope.
  public init(slope: Float = 0.01) { self.slope = slope }
  override func value(_ x: Float) -> Float { x > 0 ? x : slope * x }
  override func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? 1 : slope }
  public override var description: String { "LeakyReLU(slope: \(slope))" }
}

/// The hyperbolic tangent; `tanh′(x) = 1 − tanh²(x)`.
public final class Tanh: Activation {
  /// Creates a tanh activation.
  public override init() {}
  override func value(_ x: Float) -> Float { tanh(x) }
  override func derivative(_ x: Float, output y: Float) -> Float { 1 - y * y }
}

/// The logistic sigmoid `1 / (1 + e⁻ˣ)`; `σ′(x) = σ(x)(1 − σ(x))`.
public final class Sigmoid: Activation {
  /// Creates a sigmoid activation.
  public override init() {}
  override func value(_ x: Float) -> Float { sigmoid(x) }
  override func derivative(_ x: Float, output y: Float) -> Float { y * (1 - y) }
}

/// The Gaussian error linear unit, `x · Φ(x)` (Hendrycks & Gimpel, 2016).
///
/// - `.exact`: `Φ(x) = ½(1 + erf(x/√2))`, PyTorch's `approximate='none'`.
/// - `.tanh`: `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`, PyTorch's
///   `approximate='tanh'`.
public final class GELU: Activation {
  /// Which formula to use.
  public enum Approximation: Sendable { case exact, tanh }
  /// The formula in use.
  public let approximation: Approximation
  private static let sqrt2OverPi = Float((2 / Double.pi).squareRoot())

  /// Creates a GELU with the exact erf form by default.
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

  public override var description: String { "GELU(approximation: .\(approximation))" }
}

/// The logistic function, computed without overflow for large |x|.
@inlinable
public func sigmoid(_ x: Float) -> Float {
  if x >= 0 {
    return 1 / (1 + exp(-x))
  }
  let e = exp(x)
  return e / (1 + e)
}
