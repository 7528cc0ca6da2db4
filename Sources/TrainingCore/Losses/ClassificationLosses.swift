import Foundation

// Classification losses: softmax cross-entropy, binary cross-entropy with
// logits and on probabilities, and the multiclass hinge loss. Sums run in
// index order in `Double`; gradients are rounded to `Float` once, at the end.

/// The softmax of each row: `p_j = exp(x_j − m) / Σ_k exp(x_k − m)` with `m`
/// the row maximum.
///
/// Subtracting the maximum leaves the result unchanged and keeps every
/// exponent ≤ 0, so logits of any size give finite probabilities.
///
/// ```swift
/// softmax(Tensor([[0, log(3)]]))   // [[0.25, 0.75]]
/// let probabilities = softmax(model(x))
/// ```
///
/// - Parameter logits: An `n × K` tensor of scores, one row per sample.
/// - Returns: An `n × K` tensor whose rows are probability distributions.
public func softmax(_ logits: Tensor) -> Tensor {
  mapRowExponentials(logits) { _, exponential, _, sum in Float(exponential / sum) }
}

/// The log-softmax of each row: `x_j − m − log Σ_k exp(x_k − m)` with `m` the
/// row maximum, i.e. `log softmax(x)_j` without rounding the probabilities
/// first.
///
/// Very unlikely classes keep a finite log-probability (such as −2000) where
/// `log(softmax(x))` would give `−inf`.
///
/// ```swift
/// logSoftmax(Tensor([[0, log(3)]]))    // [[-1.3863, -0.2877]]: log ¼, log ¾
/// logSoftmax(Tensor([[0, 2000]]))      // [[-2000, 0]]
/// ```
///
/// - Parameter logits: An `n × K` tensor of scores, one row per sample.
/// - Returns: An `n × K` tensor of log-probabilities (each row's exponentials
///   sum to 1).
public func logSoftmax(_ logits: Tensor) -> Tensor {
  mapRowExponentials(logits) { x, _, maximum, sum in Float(Double(x) - (maximum + log(sum))) }
}

/// Softmax cross-entropy of `n × K` logits against integer labels, averaged
/// (or summed) over the `n` samples (PyTorch's `nn.CrossEntropyLoss`).
///
/// With label smoothing ε the target distribution puts `ε/K` on every class
/// and `1 − ε + ε/K` on the true class `y` (PyTorch's convention: ε is spread
/// over all K classes, the true one included):
///
/// ```
/// q_j  = ε/K + (1 − ε)·[j = y]
/// ℓ    = Σ_j q_j · (log Σ_k exp(x_k) − x_j)
/// ∂ℓ/∂x_j = (softmax(x)_j − q_j) / n        (per sample, before the mean)
/// ```
///
/// The log-sum-exp is computed as `m + log Σ_k exp(x_k − m)` with `m` the row
/// maximum, so logits of ±1000 give a finite loss and gradient.
///
/// ```swift
/// let uniform = crossEntropy(logits: Tensor(rows: 2, cols: 3), labels: [0, 2])
/// uniform.value   // log 3 ≈ 1.0986: equal logits over 3 classes
/// let smoothed = crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1)
/// ```
///
/// - Parameters:
///   - logits: The `n × K` unnormalized scores.
///   - labels: One class label in `0..<K` per row.
///   - labelSmoothing: ε, the probability mass spread over all classes
///     (0 by default).
///   - reduction: Whether to average the per-sample losses (the default) or
///     sum them.
/// - Returns: The reduced loss, its gradient with respect to `logits`, and
///   the `n × 1` per-sample losses.
/// - Precondition: `labels.count == logits.rows`, every label in `0..<K`, and
///   `0 ≤ labelSmoothing ≤ 1`.
public func crossEntropy(
  logits: Tensor, labels: [Int], labelSmoothing: Float = 0, reduction: Reduction = .mean
) -> LossEvaluation {
  require(labels.count == logits.rows, "crossEntropy: \(logits.rows) rows of logits but \(labels.count) labels")
  require(labelSmoothing >= 0 && labelSmoothing <= 1, "crossEntropy: labelSmoothing must be in [0, 1], got \(labelSmoothing)")
  let (n, k) = (logits.rows, logits.cols)
  let offTarget = Double(labelSmoothing) / Double(k)
  let onTarget = 1 - Double(labelSmoothing) + offTarget
  let divisor = reduction.divisor(n)
  var gradient = [Float](repeating: 0, count: logits.count)
  var losses = [Float](repeating: 0, count: n)
  var exponentials = [Double](repeating: 0, count: k)
  var total = 0.0
  logits.scalars.withUnsafeBufferPointer { x in
    gradient.withUnsafeMutableBufferPointer { g in
      for r in 0..<n {
        let label = labels[r]
        require(label >= 0 && label < k, "crossEntropy: label \(label) of sample \(r) is outside 0..<\(k)")
        let base = r * k
        let (maximum, sum) = shiftedExponentials(x, base: base, into: &exponentials)
        // ℓ = Σ_j q_j (m + log s − x_j) = log s − Σ_j q_j (x_j − m), as Σ_j q_j = 1.
        var loss = log(sum)
        for c in 0..<k {
          let target = c == label ? onTarget : offTarget
          loss -= target * (Double(x[base + c]) - maximum)
          g[base + c] = Float((exponentials[c] / sum - target) / divisor)
        }
        losses[r] = Float(loss)
        total += loss
      }
    }
  }
  return LossEvaluation(
    value: reduction.value(total: total, count: n), gradient: Tensor(rows: n, cols: k, scalars: gradient),
    losses: Tensor(column: losses))
}

/// Binary cross-entropy on logits, averaged (or summed) over all elements
/// (PyTorch's `nn.BCEWithLogitsLoss`).
///
/// For a logit `x` and a target `t` (0 or 1; probabilities in between also
/// work) the loss is `−t·log σ(x) − (1 − t)·log(1 − σ(x))`, evaluated in the
/// stable form
///
/// ```
/// ℓ = max(x, 0) − x·t + log(1 + exp(−|x|))
/// ∂ℓ/∂x = (σ(x) − t) / N          (N = number of elements; 1 for `.sum`)
/// ```
///
/// which never takes the logarithm of a rounded-to-zero probability. For a
/// model that outputs probabilities, see
/// ``binaryCrossEntropy(probabilities:targets:reduction:)``.
///
/// ```swift
/// let result = binaryCrossEntropy(logits: Tensor(column: [0, 0]), targets: Tensor(column: [1, 0]))
/// result.value   // log 2 ≈ 0.6931
/// ```
///
/// - Parameters:
///   - logits: Unnormalized scores, any shape (no sigmoid applied).
///   - targets: Targets in `[0, 1]`, the shape of `logits`.
///   - reduction: Whether to average the per-element losses (the default) or
///     sum them.
/// - Returns: The reduced loss, its gradient with respect to `logits`, and
///   the per-element losses.
/// - Precondition: `targets` has the shape of `logits`.
public func binaryCrossEntropy(logits: Tensor, targets: Tensor, reduction: Reduction = .mean) -> LossEvaluation {
  checkShapes(logits, targets, "binaryCrossEntropy")
  return elementwise(logits, targets, reduction) { x, t in
    let value = max(x, 0) - x * t + log1p(exp(-abs(x)))
    let sigmoid = x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    return (value, sigmoid - t)
  }
}

/// Binary cross-entropy on probabilities, averaged (or summed) over all
/// elements (PyTorch's `nn.BCELoss`), for a model whose output already went
/// through a sigmoid.
///
/// As in PyTorch, each logarithm is clamped at −100, so a probability of
/// exactly 0 or 1 on the wrong side costs 100 instead of infinity, and the
/// derivative's denominator is kept at least 1e-12:
///
/// ```
/// ℓ = −(t·max(log p, −100) + (1 − t)·max(log(1 − p), −100))
/// ∂ℓ/∂p = (p − t) / max(p·(1 − p), 1e-12) / N      (N = number of elements; 1 for `.sum`)
/// ```
///
/// A sigmoid that rounds to 0 or 1 loses the gradient this way; a linear
/// output with ``binaryCrossEntropy(logits:targets:reduction:)`` does not.
///
/// ```swift
/// let result = binaryCrossEntropy(probabilities: Tensor([[0.5, 0.9]]), targets: Tensor([[1, 0]]))
/// result.value    // (log 2 + log 10) / 2 ≈ 1.4979
/// binaryCrossEntropy(probabilities: Tensor([[0]]), targets: Tensor([[1]])).value   // 100
/// ```
///
/// - Parameters:
///   - probabilities: Predicted probabilities in `[0, 1]`, any shape.
///   - targets: Targets in `[0, 1]`, the shape of `probabilities`.
///   - reduction: Whether to average the per-element losses (the default) or
///     sum them.
/// - Returns: The reduced loss, its gradient with respect to `probabilities`,
///   and the per-element losses.
/// - Precondition: `targets` has the shape of `probabilities`, and no
///   probability lies outside `[0, 1]` (NaN passes, so that a diverging
///   model's loss is NaN).
public func binaryCrossEntropy(probabilities: Tensor, targets: Tensor, reduction: Reduction = .mean) -> LossEvaluation {
  checkShapes(probabilities, targets, "binaryCrossEntropy")
  if let outside = probabilities.scalars.first(where: { $0 < 0 || $0 > 1 }) {
    fatalError("binaryCrossEntropy: probabilities must be in [0, 1], got \(outside)")
  }
  return elementwise(probabilities, targets, reduction) { p, t in
    let value = -(t * max(log(p), -100) + (1 - t) * max(log1p(-p), -100))
    return (value, (p - t) / max(p * (1 - p), 1e-12))
  }
}

/// The multiclass SVM hinge loss (Weston–Watkins, as in cs231n), summed over
/// the wrong classes of each sample and averaged (or summed) over the `n`
/// samples:
///
/// ```
/// ℓ = Σ_{j ≠ y} max(0, s_j − s_y + margin)
/// ∂ℓ/∂s_j = [s_j − s_y + margin > 0] / n           (j ≠ y; n = 1 for `.sum`)
/// ∂ℓ/∂s_y = −(number of such violating j) / n
/// ```
///
/// A margin of exactly zero counts as satisfied (subgradient 0). PyTorch's
/// `nn.MultiMarginLoss` computes the same sum but also divides it by K.
///
/// ```swift
/// // cs231n's example: scores 3.2, 5.1, −1.7 for a sample of class 0.
/// hingeLoss(scores: Tensor([[3.2, 5.1, -1.7]]), labels: [0]).value   // 2.9
/// ```
///
/// - Parameters:
///   - scores: The `n × K` class scores.
///   - labels: One class label in `0..<K` per row.
///   - margin: The required gap between the true score and every other
///     score (1 by default).
///   - reduction: Whether to average the per-sample losses (the default) or
///     sum them.
/// - Returns: The reduced loss, its (sub)gradient with respect to `scores`,
///   and the `n × 1` per-sample losses.
/// - Precondition: `labels.count == scores.rows` and every label in `0..<K`.
public func hingeLoss(scores: Tensor, labels: [Int], margin: Float = 1, reduction: Reduction = .mean) -> LossEvaluation {
  require(labels.count == scores.rows, "hingeLoss: \(scores.rows) rows of scores but \(labels.count) labels")
  let (n, k) = (scores.rows, scores.cols)
  let divisor = reduction.divisor(n)
  var gradient = [Float](repeating: 0, count: scores.count)
  var losses = [Float](repeating: 0, count: n)
  var total = 0.0
  scores.scalars.withUnsafeBufferPointer { s in
    gradient.withUnsafeMutableBufferPointer { g in
      for r in 0..<n {
        let label = labels[r]
        require(label >= 0 && label < k, "hingeLoss: label \(label) of sample \(r) is outside 0..<\(k)")
        let base = r * k
        let trueScore = Double(s[base + label])
        var violations = 0
        var loss = 0.0
        for c in 0..<k where c != label {
          let slack = Double(s[base + c]) - trueScore + Double(margin)
          if slack > 0 {
            total += slack
            loss += slack
            violations += 1
            g[base + c] = Float(1 / divisor)
          }
        }
        g[base + label] = Float(-Double(violations) / divisor)
        losses[r] = Float(loss)
      }
    }
  }
  return LossEvaluation(
    value: reduction.value(total: total, count: n), gradient: Tensor(rows: n, cols: k, scalars: gradient),
    losses: Tensor(column: losses))
}

/// Fills `exponentials` with `exp(x_c − m)` for the row of `x` starting at
/// `base` (`m` its maximum) and returns `m` and the sum of the exponentials.
private func shiftedExponentials(
  _ x: UnsafeBufferPointer<Float>, base: Int, into exponentials: inout [Double]
) -> (maximum: Double, sum: Double) {
  let count = exponentials.count
  guard count > 0 else { return (0, 0) }
  var maximum = x[base]
  for c in 1..<count { maximum = max(maximum, x[base + c]) }
  let shift = Double(maximum)
  var sum = 0.0
  for c in 0..<count {
    exponentials[c] = exp(Double(x[base + c]) - shift)
    sum += exponentials[c]
  }
  return (shift, sum)
}

/// A tensor the shape of `logits` whose element `(r, c)` is
/// `element(x, exp(x − m), m, s)`: `x` the logit, `m` the maximum of row `r`
/// and `s` the sum of its shifted exponentials (see `shiftedExponentials`).
private func mapRowExponentials(
  _ logits: Tensor, _ element: (_ x: Float, _ exponential: Double, _ maximum: Double, _ sum: Double) -> Float
) -> Tensor {
  var result = [Float](repeating: 0, count: logits.count)
  var exponentials = [Double](repeating: 0, count: logits.cols)
  logits.scalars.withUnsafeBufferPointer { x in
    result.withUnsafeMutableBufferPointer { y in
      for r in 0..<logits.rows {
        let base = r * logits.cols
        let (maximum, sum) = shiftedExponentials(x, base: base, into: &exponentials)
        for c in 0..<logits.cols { y[base + c] = element(x[base + c], exponentials[c], maximum, sum) }
      }
    }
  }
  return Tensor(rows: logits.rows, cols: logits.cols, scalars: result)
}

/// The mean (or sum) over all elements of a per-element loss, its gradient
/// and the per-element losses.
///
/// `loss(p, t)` returns the element's loss and its derivative with respect to
/// `p`; values are summed in `Double` and, for `.mean`, derivatives divided by
/// the element count.
func elementwise(
  _ predictions: Tensor, _ targets: Tensor, _ reduction: Reduction,
  _ loss: (Double, Double) -> (value: Double, derivative: Double)
) -> LossEvaluation {
  let count = predictions.count
  let divisor = reduction.divisor(count)
  var gradient = [Float](repeating: 0, count: count)
  var losses = [Float](repeating: 0, count: count)
  var total = 0.0
  predictions.scalars.withUnsafeBufferPointer { p in
    targets.scalars.withUnsafeBufferPointer { t in
      gradient.withUnsafeMutableBufferPointer { g in
        for i in 0..<count {
          let (value, derivative) = loss(Double(p[i]), Double(t[i]))
          total += value
          losses[i] = Float(value)
          g[i] = Float(derivative / divisor)
        }
      }
    }
  }
  return LossEvaluation(
    value: reduction.value(total: total, count: count),
    gradient: Tensor(rows: predictions.rows, cols: predictions.cols, scalars: gradient),
    losses: Tensor(rows: predictions.rows, cols: predictions.cols, scalars: losses))
}

/// Traps unless `predictions` and `targets` have the same shape.
func checkShapes(_ predictions: Tensor, _ targets: Tensor, _ name: String) {
  require(
    predictions.rows == targets.rows && predictions.cols == targets.cols,
    "\(name): predictions are \(predictions.rows)×\(predictions.cols) but targets are \(targets.rows)×\(targets.cols)")
}
