/// The value of a loss and its gradient with respect to the predictions.
///
/// ```swift
/// let result = meanSquaredError(predictions: Tensor([[1, 2]]), targets: Tensor([[0, 2]]))
/// result.value      // 0.5
/// result.gradient   // [[1, 0]]: 2(p − t)/N
/// ```
public struct LossEvaluation: Sendable {
  /// The scalar loss, averaged as the loss's convention says.
  public let value: Float
  /// `∂value/∂predictions`, the same shape as the predictions.
  public let gradient: Tensor

  /// Creates an evaluation from a value and its gradient.
  ///
  /// ```swift
  /// let zero = LossEvaluation(value: 0, gradient: Tensor(rows: 4, cols: 3))
  /// ```
  ///
  /// - Parameters:
  ///   - value: The scalar loss.
  ///   - gradient: `∂value/∂predictions`.
  public init(value: Float, gradient: Tensor) {
    self.value = value
    self.gradient = gradient
  }
}

/// A training objective: compares a batch of predictions with its targets.
///
/// Conventions follow PyTorch's defaults (`reduction="mean"`):
///
/// | Loss | Targets | Averaged over |
/// |---|---|---|
/// | `crossEntropy` | `.classes` | samples (`nn.CrossEntropyLoss`) |
/// | `hinge` | `.classes` | samples (cs231n's SVM loss; `nn.MultiMarginLoss` also divides by K) |
/// | `binaryCrossEntropy` | `.values`, same shape | all elements (`nn.BCEWithLogitsLoss`) |
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
/// e.g. ``crossEntropy(logits:labels:labelSmoothing:)``.
public enum Loss: Sendable, Equatable, CustomStringConvertible {
  /// Softmax cross-entropy on logits with integer labels, optionally with
  /// label smoothing; see ``crossEntropy(logits:labels:labelSmoothing:)``.
  ///
  /// ```swift
  /// try model.fit(data, loss: .crossEntropy(), optimizer: Adam(), epochs: 10, batchSize: 32)
  /// let smoothed = Loss.crossEntropy(labelSmoothing: 0.1)
  /// ```
  case crossEntropy(labelSmoothing: Float = 0)
  /// Binary cross-entropy on logits with 0/1 targets of the predictions'
  /// shape; see ``binaryCrossEntropy(logits:targets:)``.
  case binaryCrossEntropy
  /// The multiclass SVM (Weston–Watkins) hinge loss on scores with integer
  /// labels; see ``hingeLoss(scores:labels:margin:)``.
  case hinge(margin: Float = 1)
  /// The mean squared error; see ``meanSquaredError(predictions:targets:)``.
  case meanSquaredError
  /// The mean absolute error; see ``meanAbsoluteError(predictions:targets:)``.
  case meanAbsoluteError
  /// The Huber loss; see ``huberLoss(predictions:targets:delta:)``.
  case huber(delta: Float = 1)

  /// The loss of `predictions` against `targets` and its gradient.
  ///
  /// ```swift
  /// let logits = model.forward(batch.inputs, training: true)
  /// let result = Loss.crossEntropy(labelSmoothing: 0.1).evaluate(logits, batch.targets)
  /// _ = model.backward(result.gradient)
  /// ```
  ///
  /// - Parameters:
  ///   - predictions: The model's `n × k` output (logits or scores for the
  ///     classification losses).
  ///   - targets: The batch's targets.
  /// - Returns: The averaged loss and `∂loss/∂predictions`.
  /// - Precondition: class-label losses (`crossEntropy`, `hinge`) get
  ///   `.classes` targets; the others get `.values` of the predictions' shape.
  public func evaluate(_ predictions: Tensor, _ targets: Targets) -> LossEvaluation {
    switch self {
    case .crossEntropy(let labelSmoothing):
      return TrainingCore.crossEntropy(
        logits: predictions, labels: labels(targets), labelSmoothing: labelSmoothing)
    case .binaryCrossEntropy:
      return TrainingCore.binaryCrossEntropy(logits: predictions, targets: values(targets))
    case .hinge(let margin):
      return hingeLoss(scores: predictions, labels: labels(targets), margin: margin)
    case .meanSquaredError:
      return TrainingCore.meanSquaredError(predictions: predictions, targets: values(targets))
    case .meanAbsoluteError:
      return TrainingCore.meanAbsoluteError(predictions: predictions, targets: values(targets))
    case .huber(let delta):
      return huberLoss(predictions: predictions, targets: values(targets), delta: delta)
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
    case .binaryCrossEntropy, .meanSquaredError, .meanAbsoluteError, .huber: return false
    }
  }

  /// The case as written in Swift, e.g. `crossEntropy(labelSmoothing: 0.1)`;
  /// default arguments are left out.
  public var description: String {
    switch self {
    case .crossEntropy(let labelSmoothing):
      return labelSmoothing == 0 ? "crossEntropy()" : "crossEntropy(labelSmoothing: \(labelSmoothing))"
    case .binaryCrossEntropy: return "binaryCrossEntropy"
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
