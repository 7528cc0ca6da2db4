/// Adagrad (Duchi et al., 2011) as PyTorch's `torch.optim.Adagrad` (no
/// learning-rate decay, no weight decay).
///
/// For each parameter `w` with gradient `g`, with the accumulator `s`
/// starting at `initialAccumulatorValue`:
///
/// ```
/// s ← s + g²
/// w ← w − lr · g / (√s + ε)
/// ```
///
/// Each element's step shrinks as its squared gradients add up: elements with
/// rare or small gradients keep larger steps than frequently updated ones. The
/// sum never forgets, so the steps only shrink; ``RMSProp`` replaces it with a
/// running average. The first step moves every element by almost exactly
/// `lr·sign(g)` (with the default accumulator of 0).
///
/// ```swift
/// let adagrad = Adagrad(learningRate: 0.1)
/// try model.fit(train, loss: .crossEntropy(), optimizer: adagrad, epochs: 50, batchSize: 32)
/// ```
public final class Adagrad: Optimizer {
  /// The step size `lr`.
  public var learningRate: Float
  /// The value every element of the accumulator starts at.
  public let initialAccumulatorValue: Float
  /// The constant ε added to `√s` in the denominator.
  public let epsilon: Float
  private var accumulators = ParameterStates<OptimizerBuffer>()

  /// Creates the optimizer with PyTorch's defaults.
  ///
  /// ```swift
  /// let adagrad = Adagrad()                                    // lr 0.01, ε = 1e-10
  /// let warmStarted = Adagrad(learningRate: 0.1, initialAccumulatorValue: 0.1)
  /// ```
  ///
  /// - Parameters:
  ///   - learningRate: The step size `lr` (0.01 by default).
  ///   - initialAccumulatorValue: The accumulator's start, `≥ 0` (0 by
  ///     default).
  ///   - epsilon: ε, `≥ 0` (1e-10 by default).
  public init(learningRate: Float = 1e-2, initialAccumulatorValue: Float = 0, epsilon: Float = 1e-10) {
    require(initialAccumulatorValue >= 0, "Adagrad initialAccumulatorValue must be non-negative, got \(initialAccumulatorValue)")
    require(epsilon >= 0, "Adagrad epsilon must be non-negative, got \(epsilon)")
    self.learningRate = learningRate
    self.initialAccumulatorValue = initialAccumulatorValue
    self.epsilon = epsilon
  }

  /// Updates every parameter once from its gradient by the rule above.
  ///
  /// ```swift
  /// adagrad.step(model.parameters)
  /// ```
  ///
  /// - Parameter parameters: The parameters to update, gradients filled.
  public func step(_ parameters: [Parameter]) {
    let (rate, epsilon, start) = (learningRate, self.epsilon, initialAccumulatorValue)
    for parameter in parameters {
      let gradient = checkedGradient(of: parameter)
      let accumulator = accumulators.state(for: parameter) {
        OptimizerBuffer(count: parameter.value.count, repeating: start)
      }
      gradient.withUnsafeBufferPointer { g in
        parameter.value.scalars.withUnsafeMutableBufferPointer { w in
          accumulator.values.withUnsafeMutableBufferPointer { s in
            for i in 0..<w.count {
              s[i] += g[i] * g[i]
              w[i] -= rate * (g[i] / (s[i].squareRoot() + epsilon))
            }
          }
        }
      }
    }
  }

  /// The accumulated squared gradients `s` of `parameter` (PyTorch's `sum`),
  /// in the parameter's shape; `nil` before its first step.
  ///
  /// ```swift
  /// let adagrad = Adagrad(learningRate: 0.1)
  /// let p = Parameter(name: "w", role: .weight, value: Tensor([[1.0]]))
  /// p.gradient = Tensor([[2.0]])
  /// adagrad.step([p])
  /// adagrad.accumulator(of: p)   // [[4.0]]
  /// ```
  ///
  /// - Parameter parameter: A parameter this optimizer has stepped.
  public func accumulator(of parameter: Parameter) -> Tensor? {
    accumulators.existingState(for: parameter)?.tensor(shapedLike: parameter)
  }

  /// The initializer call with the non-default settings, e.g.
  /// `Adagrad(learningRate: 0.01, initialAccumulatorValue: 0.1)`.
  public var description: String {
    optimizerDescription(
      "Adagrad", learningRate: learningRate,
      ["initialAccumulatorValue": (initialAccumulatorValue, 0), "epsilon": (epsilon, 1e-10)])
  }
}
