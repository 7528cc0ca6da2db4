/// The value of a loss, its gradient with respect to the predictions, and
/// the unreduced losses it was reduced from.
///
/// ```swift
/// let result = meanSquaredError(predictions: Tensor([[1, 2]]), targets: Tensor([[0, 2]]))
/// result.value      // 0.5
/// result.gradient   // [[1, 0]]: 2(p − t)/N
/// result.losses     // [[1, 0]]: (p − t)² per element
/// ```
public struct LossEvaluation: Sendable {
  /// The scalar loss: the mean or the sum of ``losses``, as the
  /// ``Reduction`` says.
  public let value: Float
  /// `∂value/∂predictions`, the same shape as the predictions.
  public let gradient: Tensor
  /// The losses before the reduction (PyTorch's `reduction="none"`): `n × 1`,
  /// one per sample, for the class-label losses (cross-entropy, hinge), and
  /// one per element, the predictions' shape, for the others.
  public let losses: Tensor

  /// Creates an evaluation from a value, its gradient and the unreduced
  /// losses.
  ///
  /// ```swift
  /// let zero = LossEvaluation(value: 0, gradient: Tensor(rows: 4, cols: 3), losses: Tensor(rows: 4, cols: 1))
  /// ```
  ///
  /// - Parameters:
  ///   - value: The scalar loss.
  ///   - gradient: `∂value/∂predictions`.
  ///   - losses: The per-sample or per-element losses `value` reduces.
  public init(value: Float, gradient: Tensor, losses: Tensor) {
    self.value = value
    self.gradient = gradient
    self.losses = losses
  }
}

/// How a loss combines the losses of the single samples (or elements) into
/// one number, as PyTorch's `reduction` argument.
///
/// The unreduced losses, PyTorch's `reduction="none"`, are always there:
/// ``LossEvaluation/losses``.
///
/// ```swift
/// let mean = Loss.crossEntropy().evaluate(logits, .classes(labels))
/// let total = Loss.crossEntropy().evaluate(logits, .classes(labels), reduction: .sum)
/// total.value    // n · mean.value, up to rounding
/// total.losses   // the n per-sample losses, the same for both
/// ```
public enum Reduction: Sendable, Equatable {
  /// The average: over the samples for the class-label losses, over all
  /// elements for the others (PyTorch's default, `"mean"`).
  case mean
  /// The sum (PyTorch's `"sum"`). The gradient is not divided by the count:
  /// row `i` holds `∂ℓᵢ/∂xᵢ`, the gradient of sample `i`'s own loss, as
  /// PyTorch's `reduction="none"` followed by `backward(ones)` gives.
  case sum

  /// What each derivative is divided by: the count for `.mean`, 1 for `.sum`.
  func divisor(_ count: Int) -> Double { self == .mean ? Double(count) : 1 }

  /// The reduced value of `count` losses that add up to `total` (0 for none).
  func value(total: Double, count: Int) -> Float { count == 0 ? 0 : Float(total / divisor(count)) }
}

/// A training objective: compares a batch of predictions with its targets.
///
/// Conventions follow PyTorch's defaults (`reduction="mean"`; pass
/// `reduction: .sum` to ``evaluate(_:_:reduction:)`` to sum instead):
///
/// | Loss | Targets | Averaged over |
/// |---|---|---|
/// | `crossEntropy` | `.classes` | samples (`nn.CrossEntropyLoss`) |
/// | `hinge` | `.classes` | samples (cs231n's SVM loss; `nn.MultiMarginLoss` also divides by K) |
/// | `binaryCrossEntropy` | `.values`, same shape | all elements (`nn.BCEWithLogitsLoss`) |
/// | `binaryCrossEntropyOnProbabilities` | `.values`, same shape | all elements (`nn.BCELoss`) |
/// | `meanSquaredError` | `.values`, same shape | all elements (`nn.MSELoss`) |
/// | `meanAbsoluteError` | `.values`, same shape | all elements (`nn.L1Loss`) |
/// | `huber` | `.values`, same shape | all elements (`nn.HuberLoss`) |
///
/// ```swift
/// let result = Loss.crossEntropy(labelSmoothing: 0.1).evaluate(logits, .classes(labels))
/// result.value      // the mean loss
/// result.gradient   // ∂loss/∂logits, fed to model.backward
/// ```
///
/// Each case has a free function with labelled arguments that does the work,
/// e.g. ``crossEntropy(logits:labels:labelSmoothing:reduction:)``.
public enum Loss: Sendable, Equatable, CustomStringConvertible {
  /// Softmax cross-entropy on logits with integer labels, optionally with
  /// label smoothing; see ``crossEntropy(logits:labels:labelSmoothing:reduction:)``.
  ///
  /// ```swift
  /// try model.fit(data, loss: .crossEntropy(), optimizer: Adam(), epochs: 10, batchSize: 32)
  /// let smoothed = Loss.crossEntropy(labelSmoothing: 0.1)
  /// ```
  case crossEntropy(labelSmoothing: Float = 0)
  /// Binary cross-entropy on logits with 0/1 targets of the predictions'
  /// shape; see ``binaryCrossEntropy(logits:targets:reduction:)``.
  case binaryCrossEntropy
  /// Binary cross-entropy on probabilities (a model ending in a sigmoid),
  /// with PyTorch's clamping of the logarithms at −100; see
  /// ``binaryCrossEntropy(probabilities:targets:reduction:)``.
  case binaryCrossEntropyOnProbabilities
  /// The multiclass SVM (Weston–Watkins) hinge loss on scores with integer
  /// labels; see ``hingeLoss(scores:labels:margin:reduction:)``.
  case hinge(margin: Float = 1)
  /// The mean squared error; see ``meanSquaredError(predictions:targets:reduction:)``.
  case meanSquaredError
  /// The mean absolute error; see ``meanAbsoluteError(predictions:targets:reduction:)``.
  case meanAbsoluteError
  /// The Huber loss; see ``huberLoss(predictions:targets:delta:reduction:)``.
  case huber(delta: Float = 1)

  /// The loss of `predictions` against `targets`, its gradient, and the
  /// unreduced losses.
  ///
  /// ```swift
  /// let logits = model.forward(batch.inputs, training: true)
  /// let result = Loss.crossEntropy(labelSmoothing: 0.1).evaluate(logits, batch.targets)
  /// _ = model.backward(result.gradient)
  /// let hardest = result.losses.scalars.indices.max { result.losses.scalars[$0] < result.losses.scalars[$1] }
  /// ```
  ///
  /// - Parameters:
  ///   - predictions: The model's `n × k` output (logits or scores for the
  ///     classification losses, probabilities for
  ///     `binaryCrossEntropyOnProbabilities`).
  ///   - targets: The batch's targets.
  ///   - reduction: Whether to average the losses (the default) or sum them.
  /// - Returns: The reduced loss, `∂loss/∂predictions`, and the per-sample
  ///   or per-element losses.
  /// - Precondition: class-label losses (`crossEntropy`, `hinge`) get
  ///   `.classes` targets; the others get `.values` of the predictions' shape.
  public func evaluate(_ predictions: Tensor, _ targets: Targets, reduction: Reduction = .mean) -> LossEvaluation {
    switch self {
    case .crossEntropy(let labelSmoothing):
      return TrainingCore.crossEntropy(
        logits: predictions, labels: labels(targets), labelSmoothing: labelSmoothing, reduction: reduction)
    case .binaryCrossEntropy:
      return TrainingCore.binaryCrossEntropy(logits: predictions, targets: values(targets), reduction: reduction)
    case .binaryCrossEntropyOnProbabilities:
      return TrainingCore.binaryCrossEntropy(probabilities: predictions, targets: values(targets), reduction: reduction)
    case .hinge(let margin):
      return hingeLoss(scores: predictions, labels: labels(targets), margin: margin, reduction: reduction)
    case .meanSquaredError:
      return TrainingCore.meanSquaredError(predictions: predictions, targets: values(targets), reduction: reduction)
    case .meanAbsoluteError:
      return TrainingCore.meanAbsoluteError(predictions: predictions, targets: values(targets), reduction: reduction)
    case .huber(let delta):
      return huberLoss(predictions: predictions, targets: values(targets), delta: delta, reduction: reduction)
    }
  }

  /// Whether the loss expects integer class labels (`.classes` targets).
  ///
  /// ```swift
  /// Loss.hinge().usesClassLabels              // true
  /// Loss.meanSquaredError.usesClassLabels     // false
  /// ```
  public var usesClassLabels: Bool {
    switch self {
    case .crossEntropy, .hinge: return true
    case .binaryCrossEntropy, .binaryCrossEntropyOnProbabilities, .meanSquaredError, .meanAbsoluteError, .huber:
      return false
    }
  }

  /// The case as written in Swift, e.g. `crossEntropy(labelSmoothing: 0.1)`;
  /// default arguments are left out.
  public var description: String {
    switch self {
    case .crossEntropy(let labelSmoothing):
      return labelSmoothing == 0 ? "crossEntropy()" : "crossEntropy(labelSmoothing: \(labelSmoothing))"
    case .binaryCrossEntropy: return "binaryCrossEntropy"
    case .binaryCrossEntropyOnProbabilities: return "binaryCrossEntropyOnProbabilities"
    case .hinge(let margin): return margin == 1 ? "hinge()" : "hinge(margin: \(margin))"
    case .meanSquaredError: return "meanSquaredError"
    case .meanAbsoluteError: return "meanAbsoluteError"
    case .huber(let delta): return delta == 1 ? "huber()" : "huber(delta: \(delta))"
    }
  }

  /// The class labels of `targets`, trapping with the loss's name otherwise.
  private func labels(_ targets: Targets) -> [Int] {
    guard case .classes(let labels) = targets else {
      fatalError("Loss \(self) needs class labels (.classes targets), got values")
    }
    return labels
  }

  /// The value targets of `targets`, trapping with the loss's name otherwise.
  private func values(_ targets: Targets) -> Tensor {
    guard case .values(let values) = targets else {
      fatalError("Loss \(self) needs value targets (.values), got class labels")
    }
    return values
  }
}
