/// Which fan a variance-scaling initializer divides by.
///
/// ```swift
/// Dense(64, 32, init: .heNormal(.fanIn))    // keeps activations' variance (the usual choice)
/// Dense(64, 32, init: .heNormal(.fanOut))   // keeps gradients' variance
/// ```
public enum FanMode: Sendable, Equatable {
  /// The number of inputs to a unit: preserves the variance of activations in
  /// the forward pass.
  case fanIn
  /// The number of outputs of a unit: preserves the variance of gradients in
  /// the backward pass.
  case fanOut
}

/// How a weight matrix is filled before training.
///
/// For a weight with `fanIn` inputs and `fanOut` outputs per unit:
///
/// | case | distribution | variance |
/// |---|---|---|
/// | `zeros`, `constant(c)` | all equal | 0 |
/// | `normal(std:)` | N(0, std²) | std² |
/// | `uniform(limit:)` | U(−limit, limit) | limit²/3 |
/// | `xavierNormal` | N(0, σ²) | 2 / (fanIn + fanOut) (= 1 / fan_avg) |
/// | `xavierUniform` | U(±√(6/(fanIn+fanOut))) | 2 / (fanIn + fanOut) |
/// | `lecunNormal`, `lecunUniform` | N or U | 1 / fanIn |
/// | `heNormal(mode)`, `heUniform(mode)` | N or U | 2 / fan |
///
/// Xavier/Glorot (Glorot & Bengio, 2010) averages the two fans; variance
/// `1/fanIn` alone is LeCun's rule, not Xavier's. He/Kaiming (He et al., 2015)
/// doubles LeCun's variance because a ReLU zeroes half its inputs. PyTorch's
/// `kaiming_normal_` uses the same `2 / fan` with its default `a = 0`.
///
/// ```swift
/// Dense(64, 64, init: .heNormal())         // N(0, 2/64): He over the fan-in, the usual choice before a ReLU
/// Dense(64, 64, init: .xavierNormal)       // N(0, 2/128): the usual choice before tanh or sigmoid
/// Dense(64, 64, init: .normal(std: 0.01))  // the "small random" setup
/// ```
public enum Initializer: Sendable, Equatable, CustomStringConvertible {
  /// Every weight is zero.
  case zeros
  /// Every weight equals the value.
  case constant(Float)
  /// N(0, std²).
  case normal(std: Float)
  /// U(−limit, limit).
  case uniform(limit: Float)
  /// Glorot normal: N(0, 2/(fanIn + fanOut)).
  case xavierNormal
  /// Glorot uniform: U(±√(6/(fanIn + fanOut))).
  case xavierUniform
  /// LeCun normal: N(0, 1/fanIn).
  case lecunNormal
  /// LeCun uniform: U(±√(3/fanIn)).
  case lecunUniform
  /// Kaiming normal: N(0, 2/fan).
  case heNormal(FanMode = .fanIn)
  /// Kaiming uniform: U(±√(6/fan)).
  case heUniform(FanMode = .fanIn)

  /// The standard deviation the scheme's formula prescribes for these fans.
  ///
  /// For the uniform schemes this is the standard deviation of the uniform
  /// distribution, `limit / √3`.
  ///
  /// ```swift
  /// Initializer.heNormal().standardDeviation(fanIn: 50, fanOut: 10)   // 0.2 = √(2/50)
  /// Initializer.xavierUniform.standardDeviation(fanIn: 50, fanOut: 50)  // 0.1414 = √(2/100)
  /// ```
  ///
  /// - Parameters:
  ///   - fanIn: The number of inputs per unit.
  ///   - fanOut: The number of outputs per unit.
  public func standardDeviation(fanIn: Int, fanOut: Int) -> Float {
    let fanIn = Float(fanIn), fanOut = Float(fanOut)
    switch self {
    case .zeros, .constant: return 0
    case .normal(let std): return std
    case .uniform(let limit): return limit / Float(3).squareRoot()
    case .xavierNormal, .xavierUniform: return (2 / (fanIn + fanOut)).squareRoot()
    case .lecunNormal, .lecunUniform: return (1 / fanIn).squareRoot()
    case .heNormal(let mode), .heUniform(let mode):
      return (2 / (mode == .fanIn ? fanIn : fanOut)).squareRoot()
    }
  }

  /// Draws a `fanIn × fanOut` weight matrix (the layout ``Dense`` uses).
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// let w = Initializer.heNormal().makeWeights(fanIn: 256, fanOut: 256, using: &rng)
  /// w.norm() / 256   // ≈ √(2/256) ≈ 0.088, the standard deviation
  /// ```
  ///
  /// - Parameters:
  ///   - fanIn: The number of rows (inputs per unit).
  ///   - fanOut: The number of columns (outputs per unit).
  ///   - generator: The source of random numbers; it advances.
  public func makeWeights(fanIn: Int, fanOut: Int, using generator: inout RandomGenerator) -> Tensor {
    let std = standardDeviation(fanIn: fanIn, fanOut: fanOut)
    switch self {
    case .zeros:
      return Tensor(rows: fanIn, cols: fanOut)
    case .constant(let value):
      return Tensor(rows: fanIn, cols: fanOut, repeating: value)
    case .normal, .xavierNormal, .lecunNormal, .heNormal:
      return generator.normalTensor(rows: fanIn, cols: fanOut, std: std)
    case .uniform(let limit):
      return generator.uniformTensor(rows: fanIn, cols: fanOut, low: -limit, high: limit)
    case .xavierUniform, .lecunUniform, .heUniform:
      // A uniform on (−a, a) has variance a²/3, so a = √3·std.
      let limit = Float(3).squareRoot() * std
      return generator.uniformTensor(rows: fanIn, cols: fanOut, low: -limit, high: limit)
    }
  }

  /// The scheme as written in Swift, e.g. `heNormal(fanIn)` or `normal(std: 0.01)`.
  public var description: String {
    switch self {
    case .zeros: return "zeros"
    case .constant(let value): return "constant(\(value))"
    case .normal(let std): return "normal(std: \(std))"
    case .uniform(let limit): return "uniform(limit: \(limit))"
    case .xavierNormal: return "xavierNormal"
    case .xavierUniform: return "xavierUniform"
    case .lecunNormal: return "lecunNormal"
    case .lecunUniform: return "lecunUniform"
    case .heNormal(let mode): return "heNormal(\(mode))"
    case .heUniform(let mode): return "heUniform(\(mode))"
    }
  }
}
