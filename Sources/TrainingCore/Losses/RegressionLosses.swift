// Regression losses. Like PyTorch's `reduction="mean"`, each averages over all
// N elements of the prediction tensor (samples × outputs), not over samples;
// `reduction: .sum` sums them instead.

/// The mean squared error over all elements (PyTorch's `nn.MSELoss`; with
/// `.sum`, N = 1 below):
///
/// ```
/// L = Σ (p − t)² / N,   ∂L/∂p = 2(p − t) / N
/// ```
///
/// ```swift
/// meanSquaredError(predictions: Tensor([[1, 2]]), targets: Tensor([[0, 2]])).value   // 0.5
/// ```
///
/// - Parameters:
///   - predictions: The model's output, any shape.
///   - targets: The targets, the shape of `predictions`.
///   - reduction: Whether to average the per-element losses (the default) or
///     sum them.
/// - Returns: The reduced loss, its gradient with respect to `predictions`,
///   and the per-element losses.
/// - Precondition: `targets` has the shape of `predictions`.
public func meanSquaredError(predictions: Tensor, targets: Tensor, reduction: Reduction = .mean) -> LossEvaluation {
  checkShapes(predictions, targets, "meanSquaredError")
  return elementwise(predictions, targets, reduction) { p, t in
    let difference = p - t
    return (difference * difference, 2 * difference)
  }
}

/// The mean absolute error over all elements (PyTorch's `nn.L1Loss`; with
/// `.sum`, N = 1 below):
///
/// ```
/// L = Σ |p − t| / N,   ∂L/∂p = sign(p − t) / N,  with sign(0) = 0
/// ```
///
/// ```swift
/// meanAbsoluteError(predictions: Tensor([[1, 2]]), targets: Tensor([[0, 4]])).value   // 1.5
/// ```
///
/// - Parameters:
///   - predictions: The model's output, any shape.
///   - targets: The targets, the shape of `predictions`.
///   - reduction: Whether to average the per-element losses (the default) or
///     sum them.
/// - Returns: The reduced loss, its (sub)gradient with respect to
///   `predictions`, and the per-element losses.
/// - Precondition: `targets` has the shape of `predictions`.
public func meanAbsoluteError(predictions: Tensor, targets: Tensor, reduction: Reduction = .mean) -> LossEvaluation {
  checkShapes(predictions, targets, "meanAbsoluteError")
  return elementwise(predictions, targets, reduction) { p, t in
    let difference = p - t
    let sign: Double = difference > 0 ? 1 : (difference < 0 ? -1 : 0)
    return (abs(difference), sign)
  }
}

/// The Huber loss over all elements (PyTorch's `nn.HuberLoss`; with `.sum`,
/// N = 1 below): quadratic for small residuals, linear for large ones, with a
/// continuous derivative.
///
/// ```
/// d = p − t
/// ℓ(d) = ½d²               if |d| ≤ δ,    ℓ′(d) = d
///        δ(|d| − ½δ)       otherwise,     ℓ′(d) = δ·sign(d)
/// L = Σ ℓ(d) / N
/// ```
///
/// ```swift
/// huberLoss(predictions: Tensor([[0.5, 3]]), targets: Tensor([[0, 0]])).value   // (0.125 + 2.5) / 2 = 1.3125
/// ```
///
/// - Parameters:
///   - predictions: The model's output, any shape.
///   - targets: The targets, the shape of `predictions`.
///   - delta: δ, where the loss turns from quadratic to linear (1 by default).
///   - reduction: Whether to average the per-element losses (the default) or
///     sum them.
/// - Returns: The reduced loss, its gradient with respect to `predictions`,
///   and the per-element losses.
/// - Precondition: `targets` has the shape of `predictions`, and `delta > 0`.
public func huberLoss(predictions: Tensor, targets: Tensor, delta: Float = 1, reduction: Reduction = .mean) -> LossEvaluation {
  checkShapes(predictions, targets, "huberLoss")
  require(delta > 0, "huberLoss: delta must be positive, got \(delta)")
  let delta = Double(delta)
  return elementwise(predictions, targets, reduction) { p, t in
    let difference = p - t
    if abs(difference) <= delta {
      return (0.5 * difference * difference, difference)
    }
    return (delta * (abs(difference) - 0.5 * delta), difference > 0 ? delta : -delta)
  }
}
