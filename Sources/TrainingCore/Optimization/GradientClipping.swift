/// Limits the gradients before an optimizer step, as PyTorch's
/// `torch.nn.utils.clip_grad_norm_` and `clip_grad_value_`.
///
/// ``Sequential/fit(_:loss:optimizer:epochs:batchSize:shuffleSeed:validation:schedule:regularizers:gradientClipping:earlyStopping:onEpoch:stopWhen:)``
/// clips after `backward` and the regularizers' penalty gradients, just
/// before the optimizer step, and records every step's norm before clipping
/// in ``History/stepGradientNorms``.
///
/// ```swift
/// let history = try model.fit(train, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.1),
///                             epochs: 20, batchSize: 32, gradientClipping: .norm(1))
/// history.stepGradientNorms.max()!   // the largest norm a step saw, before clipping
/// ```
public enum GradientClipping: Sendable, Equatable, CustomStringConvertible {
  /// Rescales all gradients together when their global L2 norm (see
  /// ``globalGradientNorm(_:)``) is too large, PyTorch's
  /// `clip_grad_norm_(max_norm)`:
  ///
  /// ```
  /// c = maxNorm / (‖g‖ + 1e-6)
  /// g ← c·g      for every gradient, when c < 1
  /// ```
  ///
  /// The direction of the step is kept; only its length is capped (at
  /// `maxNorm`, less 1e-6 relative). A NaN norm leaves the gradients as they
  /// are, so that the divergence still shows in the next step's loss.
  case norm(Float)
  /// Clamps every gradient element to `[−limit, limit]`, PyTorch's
  /// `clip_grad_value_(clip_value)`. Unlike ``norm(_:)`` this changes the
  /// direction of the step when some elements are clamped and others not.
  case value(Float)

  /// Clips the gradients of `parameters` in place and returns their global
  /// norm from before the clipping (as `clip_grad_norm_` returns it).
  ///
  /// ```swift
  /// _ = model.backward(result.gradient)
  /// let norm = GradientClipping.norm(1).clip(model.parameters)
  /// optimizer.step(model.parameters)
  /// ```
  ///
  /// - Parameter parameters: The parameters whose gradients to clip, filled
  ///   by `backward`.
  /// - Returns: ``globalGradientNorm(_:)`` before clipping.
  /// - Precondition: the maximum norm or the limit is positive.
  @discardableResult
  public func clip(_ parameters: [Parameter]) -> Float {
    let norm = globalGradientNorm(parameters)
    switch self {
    case .norm(let maxNorm):
      require(maxNorm > 0, "GradientClipping.norm needs a positive maximum, got \(maxNorm)")
      let coefficient = maxNorm / (norm + 1e-6)
      if coefficient < 1 {
        for parameter in parameters { parameter.gradient *= coefficient }
      }
    case .value(let limit):
      require(limit > 0, "GradientClipping.value needs a positive limit, got \(limit)")
      for parameter in parameters {
        // Written with comparisons so that a NaN stays NaN, as in PyTorch's clamp.
        parameter.gradient = parameter.gradient.map { $0 > limit ? limit : $0 < -limit ? -limit : $0 }
      }
    }
    return norm
  }

  /// The case as written in Swift, e.g. `norm(1.0)`.
  public var description: String {
    switch self {
    case .norm(let maxNorm): return "norm(\(maxNorm))"
    case .value(let limit): return "value(\(limit))"
    }
  }
}

/// The L2 norm of all the gradients of `parameters` taken together,
/// `√(Σ_p ‖∇p‖²)`, the quantity that ``GradientClipping/norm(_:)`` caps;
/// the squares are summed in `Double`, parameter by parameter in order.
///
/// ```swift
/// _ = model.backward(result.gradient)
/// globalGradientNorm(model.parameters)   // how long this step would be, before the learning rate
/// ```
///
/// - Parameter parameters: The parameters, gradients filled.
/// - Returns: The norm, `≥ 0` (NaN or infinity if a gradient is).
public func globalGradientNorm(_ parameters: [Parameter]) -> Float {
  Float(parameters.reduce(0.0) { $0 + Double($1.gradient.squaredNorm()) }.squareRoot())
}
