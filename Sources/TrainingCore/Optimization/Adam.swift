import Foundation

/// Adam (Kingma and Ba, 2015) as PyTorch's `torch.optim.Adam`, with optional
/// coupled (L2-style) weight decay.
///
/// For each parameter `w` with gradient `∇`, at step `t = 1, 2, …` (counted per
/// parameter), with `m` and `v` starting at zero:
///
/// ```
/// g ← ∇ + weightDecay·w                  (coupled decay, if weightDecay ≠ 0)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
/// w ← w − lr · m̂ / (√v̂ + ε)
/// ```
///
/// ε is added to `√v̂`, *after* bias correction (PyTorch's choice; the
/// paper's "efficient" variant adds it before). The first step therefore
/// moves every element by almost exactly `lr·sign(g)`.
///
/// Coupled decay enters the moment estimates and is rescaled by `√v̂` like
/// the gradient; for decay that acts as intended, use ``AdamW``.
///
/// ```swift
/// let adam = Adam(learningRate: 0.01)
/// try model.fit(train, loss: .crossEntropy(), optimizer: adam, epochs: 50, batchSize: 32)
/// ```
public final class Adam: Optimizer {
  /// The step size `lr`.
  public var learningRate: Float
  /// The decay rate β₁ of the first-moment (mean) estimate.
  public let beta1: Float
  /// The decay rate β₂ of the second-moment (uncentered variance) estimate.
  public let beta2: Float
  /// The constant ε added to `√v̂` in the denominator.
  public let epsilon: Float
  /// The coupled weight-decay coefficient, added to the gradient as `wd·w`.
  public let weightDecay: Float
  private var moments = ParameterStates<AdamMoments>()

  /// Creates the optimizer with PyTorch's defaults.
  ///
  /// ```swift
  /// let adam = Adam()                                        // lr 0.001, β = (0.9, 0.999)
  /// let tuned = Adam(learningRate: 3e-4, beta2: 0.98, weightDecay: 1e-4)
  /// ```
  ///
  /// - Parameters:
  ///   - learningRate: The step size `lr` (0.001 by default).
  ///   - beta1: β₁, in `[0, 1)` (0.9 by default).
  ///   - beta2: β₂, in `[0, 1)` (0.999 by default).
  ///   - epsilon: ε, `≥ 0` (1e-8 by default).
  ///   - weightDecay: The coupled (L2-style) decay, `≥ 0` (0 by default).
  public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0) {
    checkAdamSettings(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// Updates every parameter once from its gradient by the rule above.
  ///
  /// ```swift
  /// model.zeroGradients()
  /// _ = model.backward(Loss.crossEntropy().evaluate(model.forward(x, training: true), .classes(labels)).gradient)
  /// adam.step(model.parameters)
  /// ```
  ///
  /// - Parameter parameters: The parameters to update, gradients filled.
  public func step(_ parameters: [Parameter]) {
    for parameter in parameters {
      let state = moments.state(for: parameter) { AdamMoments(count: parameter.value.count) }
      state.update(
        parameter, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
        coupledDecay: weightDecay, decoupledDecay: 0)
    }
  }

  /// The moment estimates and step count of `parameter`; `nil` before its
  /// first step.
  ///
  /// ```swift
  /// let adam = Adam(learningRate: 0.1)
  /// let p = Parameter(name: "w", role: .weight, value: Tensor([[1.0]]))
  /// p.gradient = Tensor([[2.0]])
  /// adam.step([p])
  /// adam.state(of: p)   // step 1, first moment [[0.2]], second moment [[0.004]]
  /// ```
  ///
  /// - Parameter parameter: A parameter this optimizer has stepped.
  public func state(of parameter: Parameter) -> AdamState? {
    moments.existingState(for: parameter)?.state(shapedLike: parameter)
  }

  /// The initializer call with the non-default settings, e.g. `Adam(learningRate: 0.001)`.
  public var description: String {
    adamDescription(
      "Adam", learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      weightDecay: weightDecay, defaultWeightDecay: 0)
  }
}

/// AdamW (Loshchilov and Hutter, 2019) as PyTorch's `torch.optim.AdamW`: Adam
/// with decoupled weight decay.
///
/// The decay shrinks the weights directly, *before* the Adam step, and never
/// enters the moment estimates:
///
/// ```
/// w ← w · (1 − lr·weightDecay)
/// m ← β₁·m + (1 − β₁)·∇
/// v ← β₂·v + (1 − β₂)·∇²
/// m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
/// w ← w − lr · m̂ / (√v̂ + ε)
/// ```
///
/// The decay is multiplied by the learning rate, as in PyTorch (the paper
/// scales it by the schedule multiplier only).
///
/// ```swift
/// let optimizer = AdamW(learningRate: 0.001, weightDecay: 0.05)
/// try model.fit(train, loss: .crossEntropy(), optimizer: optimizer, epochs: 50, batchSize: 32)
/// ```
public final class AdamW: Optimizer {
  /// The step size `lr`.
  public var learningRate: Float
  /// The decay rate β₁ of the first-moment (mean) estimate.
  public let beta1: Float
  /// The decay rate β₂ of the second-moment (uncentered variance) estimate.
  public let beta2: Float
  /// The constant ε added to `√v̂` in the denominator.
  public let epsilon: Float
  /// The decoupled weight-decay coefficient: `w ← w·(1 − lr·wd)` each step.
  public let weightDecay: Float
  private var moments = ParameterStates<AdamMoments>()

  /// Creates the optimizer with PyTorch's defaults (`weightDecay = 0.01`).
  ///
  /// ```swift
  /// let adamW = AdamW()                           // lr 0.001, weight decay 0.01
  /// let strong = AdamW(learningRate: 0.003, weightDecay: 0.1)
  /// ```
  ///
  /// - Parameters:
  ///   - learningRate: The step size `lr` (0.001 by default).
  ///   - beta1: β₁, in `[0, 1)` (0.9 by default).
  ///   - beta2: β₂, in `[0, 1)` (0.999 by default).
  ///   - epsilon: ε, `≥ 0` (1e-8 by default).
  ///   - weightDecay: The decoupled decay, `≥ 0` (0.01 by default).
  public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 1e-2) {
    checkAdamSettings(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// Updates every parameter once from its gradient by the rule above.
  ///
  /// ```swift
  /// adamW.step(model.parameters)
  /// ```
  ///
  /// - Parameter parameters: The parameters to update, gradients filled.
  public func step(_ parameters: [Parameter]) {
    for parameter in parameters {
      let state = moments.state(for: parameter) { AdamMoments(count: parameter.value.count) }
      state.update(
        parameter, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
        coupledDecay: 0, decoupledDecay: weightDecay)
    }
  }

  /// The moment estimates and step count of `parameter`; `nil` before its
  /// first step.
  ///
  /// ```swift
  /// adamW.step(model.parameters)
  /// adamW.state(of: model.parameters[0])?.step   // 1
  /// ```
  ///
  /// - Parameter parameter: A parameter this optimizer has stepped.
  public func state(of parameter: Parameter) -> AdamState? {
    moments.existingState(for: parameter)?.state(shapedLike: parameter)
  }

  /// The initializer call with the non-default settings, e.g. `AdamW(learningRate: 0.001)`.
  public var description: String {
    adamDescription(
      "AdamW", learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      weightDecay: weightDecay, defaultWeightDecay: 1e-2)
  }
}

/// What ``Adam`` and ``AdamW`` keep for one parameter, as read by
/// ``Adam/state(of:)`` (PyTorch's `exp_avg`, `exp_avg_sq` and `step`).
///
/// ```swift
/// if let state = adam.state(of: model.parameters[0]) {
///   let m̂ = state.firstMoment / (1 - pow(0.9, Float(state.step)))   // the bias-corrected mean
/// }
/// ```
public struct AdamState: Sendable, Equatable {
  /// The number of steps this parameter has taken, `t`.
  public let step: Int
  /// The running mean of the gradient, `m` (before bias correction), in the
  /// parameter's shape.
  public let firstMoment: Tensor
  /// The running mean of the squared gradient, `v` (before bias
  /// correction), in the parameter's shape.
  public let secondMoment: Tensor
}

/// The moment estimates and step count of one parameter, shared by ``Adam``
/// and ``AdamW``.
final class AdamMoments {
  private var step = 0
  private var first: [Float]
  private var second: [Float]

  init(count: Int) {
    first = [Float](repeating: 0, count: count)
    second = [Float](repeating: 0, count: count)
  }

  /// The state as ``AdamState``, its tensors in `parameter`'s shape.
  func state(shapedLike parameter: Parameter) -> AdamState {
    let (rows, cols) = parameter.value.shape
    return AdamState(
      step: step, firstMoment: Tensor(rows: rows, cols: cols, scalars: first),
      secondMoment: Tensor(rows: rows, cols: cols, scalars: second))
  }

  /// One Adam step on `parameter`, with coupled decay (added to the gradient)
  /// or decoupled decay (applied to the weight before the step).
  ///
  /// The arithmetic follows PyTorch's single-tensor implementation:
  /// `w ← w − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)`.
  func update(
    _ parameter: Parameter, learningRate: Float, beta1: Float, beta2: Float, epsilon: Float,
    coupledDecay: Float, decoupledDecay: Float
  ) {
    let gradient = checkedGradient(of: parameter)
    step += 1
    let firstCorrection = 1 - pow(Double(beta1), Double(step))
    let secondCorrection = 1 - pow(Double(beta2), Double(step))
    let stepSize = Float(Double(learningRate) / firstCorrection)
    let secondCorrectionRoot = Float(secondCorrection.squareRoot())
    let shrink = 1 - learningRate * decoupledDecay
    let count = gradient.count
    gradient.withUnsafeBufferPointer { g in
      parameter.value.scalars.withUnsafeMutableBufferPointer { w in
        first.withUnsafeMutableBufferPointer { m in
          second.withUnsafeMutableBufferPointer { v in
            // A plain element-wise loop over raw pointers, which LLVM
            // vectorizes, square root included (TrainingCore is built with
            // -fno-math-errno; SIMD8.squareRoot() would stay scalar). Every
            // lane does exactly the scalar arithmetic of its element, so the
            // result does not depend on the vector width.
            let (g, w, m, v) = (g.baseAddress!, w.baseAddress!, m.baseAddress!, v.baseAddress!)
            for i in 0..<count {
              let direction = coupledDecay == 0 ? g[i] : g[i] + coupledDecay * w[i]
              let weight = decoupledDecay == 0 ? w[i] : w[i] * shrink
              let first = beta1 * m[i] + (1 - beta1) * direction
              let second = beta2 * v[i] + (1 - beta2) * direction * direction
              let denominator = second.squareRoot() / secondCorrectionRoot + epsilon
              w[i] = weight - stepSize * (first / denominator)
              m[i] = first
              v[i] = second
            }
          }
        }
      }
    }
  }
}

/// Traps on settings outside Adam's valid ranges.
private func checkAdamSettings(beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float) {
  require(beta1 >= 0 && beta1 < 1, "Adam beta1 must be in [0, 1), got \(beta1)")
  require(beta2 >= 0 && beta2 < 1, "Adam beta2 must be in [0, 1), got \(beta2)")
  require(epsilon >= 0, "Adam epsilon must be non-negative, got \(epsilon)")
  require(weightDecay >= 0, "Adam weightDecay must be non-negative, got \(weightDecay)")
}

/// `Name(learningRate: …, …)` listing the settings that differ from the defaults.
private func adamDescription(
  _ name: String, learningRate: Float, beta1: Float, beta2: Float, epsilon: Float,
  weightDecay: Float, defaultWeightDecay: Float
) -> String {
  optimizerDescription(
    name, learningRate: learningRate,
    ["beta1": (beta1, 0.9), "beta2": (beta2, 0.999), "epsilon": (epsilon, 1e-8), "weightDecay": (weightDecay, defaultWeightDecay)])
}
