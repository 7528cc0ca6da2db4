/// RMSProp (Hinton, Coursera lecture 6e) as PyTorch's `torch.optim.RMSprop`
/// (uncentered, no weight decay), with optional momentum.
///
/// For each parameter `w` with gradient `g`, with `v` and `b` starting at zero:
///
/// ```
/// v ← α·v + (1 − α)·g²
/// w ← w − lr · g / (√v + ε)                       (momentum μ = 0)
/// b ← μ·b + g / (√v + ε);   w ← w − lr·b          (momentum μ > 0)
/// ```
///
/// There is no bias correction, so early steps are larger than later ones:
/// the first step divides by `√(1 − α)·|g|`, moving each element by
/// `lr / √(1 − α)` (10·lr for α = 0.99).
///
/// ```swift
/// let rmsprop = RMSProp(learningRate: 0.001)
/// try model.fit(train, loss: .crossEntropy(), optimizer: rmsprop, epochs: 50, batchSize: 32)
/// ```
public final class RMSProp: Optimizer {
  /// The step size `lr`.
  public var learningRate: Float
  /// The decay rate α of the running average of squared gradients.
  public let alpha: Float
  /// The constant ε added to `√v` in the denominator.
  public let epsilon: Float
  /// The momentum coefficient μ (0 for none).
  public let momentum: Float
  private var squareAverages = ParameterStates<OptimizerBuffer>()
  private var velocities = ParameterStates<OptimizerBuffer>()

  /// Creates the optimizer with PyTorch's defaults.
  ///
  /// ```swift
  /// let rmsprop = RMSProp()                                    // lr 0.01, α = 0.99
  /// let withMomentum = RMSProp(learningRate: 0.001, momentum: 0.9)
  /// ```
  ///
  /// - Parameters:
  ///   - learningRate: The step size `lr` (0.01 by default).
  ///   - alpha: α, in `[0, 1)` (0.99 by default).
  ///   - epsilon: ε, `≥ 0` (1e-8 by default).
  ///   - momentum: μ, `≥ 0` (0 by default).
  public init(learningRate: Float = 1e-2, alpha: Float = 0.99, epsilon: Float = 1e-8, momentum: Float = 0) {
    require(alpha >= 0 && alpha < 1, "RMSProp alpha must be in [0, 1), got \(alpha)")
    require(epsilon >= 0, "RMSProp epsilon must be non-negative, got \(epsilon)")
    require(momentum >= 0, "RMSProp momentum must be non-negative, got \(momentum)")
    self.learningRate = learningRate
    self.alpha = alpha
    self.epsilon = epsilon
    self.momentum = momentum
  }

  /// Updates every parameter once from its gradient by the rule above.
  ///
  /// ```swift
  /// rmsprop.step(model.parameters)
  /// ```
  ///
  /// - Parameter parameters: The parameters to update, gradients filled.
  public func step(_ parameters: [Parameter]) {
    let (rate, alpha, epsilon, mu) = (learningRate, self.alpha, self.epsilon, momentum)
    for parameter in parameters {
      let gradient = checkedGradient(of: parameter)
      let squareAverage = squareAverages.state(for: parameter) { OptimizerBuffer(count: parameter.value.count) }
      guard mu > 0 else {
        gradient.withUnsafeBufferPointer { g in
          parameter.value.scalars.withUnsafeMutableBufferPointer { w in
            squareAverage.values.withUnsafeMutableBufferPointer { v in
              for i in 0..<w.count {
                v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i]
                w[i] -= rate * (g[i] / (v[i].squareRoot() + epsilon))
              }
            }
          }
        }
        continue
      }
      let velocity = velocities.state(for: parameter) { OptimizerBuffer(count: parameter.value.count) }
      gradient.withUnsafeBufferPointer { g in
        parameter.value.scalars.withUnsafeMutableBufferPointer { w in
          squareAverage.values.withUnsafeMutableBufferPointer { v in
            velocity.values.withUnsafeMutableBufferPointer { b in
              for i in 0..<w.count {
                v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i]
                b[i] = mu * b[i] + g[i] / (v[i].squareRoot() + epsilon)
                w[i] -= rate * b[i]
              }
            }
          }
        }
      }
    }
  }

  /// The running average of squared gradients `v` of `parameter` (PyTorch's
  /// `square_avg`), in the parameter's shape; `nil` before its first step.
  ///
  /// ```swift
  /// let rmsprop = RMSProp(learningRate: 0.01)
  /// let p = Parameter(name: "w", role: .weight, value: Tensor([[1.0]]))
  /// p.gradient = Tensor([[2.0]])
  /// rmsprop.step([p])
  /// rmsprop.squareAverage(of: p)   // [[0.04]]: (1 − 0.99)·2²
  /// ```
  ///
  /// - Parameter parameter: A parameter this optimizer has stepped.
  public func squareAverage(of parameter: Parameter) -> Tensor? {
    squareAverages.existingState(for: parameter)?.tensor(shapedLike: parameter)
  }

  /// The momentum buffer `b` of `parameter` (PyTorch's `momentum_buffer`), in
  /// the parameter's shape; `nil` without momentum or before its first step.
  ///
  /// ```swift
  /// let rmsprop = RMSProp(learningRate: 0.01, momentum: 0.9)
  /// rmsprop.step([p])        // p.gradient = [[2.0]] as above
  /// rmsprop.velocity(of: p)  // [[10.0]]: 2 / √0.04
  /// ```
  ///
  /// - Parameter parameter: A parameter this optimizer has stepped.
  public func velocity(of parameter: Parameter) -> Tensor? {
    velocities.existingState(for: parameter)?.tensor(shapedLike: parameter)
  }

  /// The initializer call with the non-default settings, e.g.
  /// `RMSProp(learningRate: 0.01, momentum: 0.9)`.
  public var description: String {
    optimizerDescription(
      "RMSProp", learningRate: learningRate, ["alpha": (alpha, 0.99), "epsilon": (epsilon, 1e-8), "momentum": (momentum, 0)])
  }
}
