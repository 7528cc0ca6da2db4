/// What one epoch of ``Sequential/fit(_:loss:optimizer:epochs:batchSize:shuffleSeed:validation:schedule:regularizers:gradientClipping:earlyStopping:onEpoch:stopWhen:)``
/// measured.
///
/// ```swift
/// let history = try model.fit(train, loss: .crossEntropy(), optimizer: Adam(), epochs: 20,
///                             batchSize: 32, validation: validation) { record in
///   print(record.epoch, record.trainLoss, record.validationAccuracy ?? .nan)
/// }
/// let last = history.epochs.last!   // the same record as the last one printed
/// ```
public struct EpochRecord: Sendable, Equatable {
  /// The 0-based epoch index.
  public let epoch: Int
  /// The mean training loss over the epoch's steps (data loss plus penalties,
  /// measured in training mode as the steps ran, as Keras reports it).
  public let trainLoss: Float
  /// The fraction of training samples classified correctly during the
  /// epoch's steps; `nil` for value targets.
  public let trainAccuracy: Float?
  /// The data loss on the validation set in evaluation mode at the end of the
  /// epoch; `nil` without validation data.
  public let validationLoss: Float?
  /// The validation accuracy at the end of the epoch; `nil` without
  /// validation data or for value targets.
  public let validationAccuracy: Float?
  /// The learning rate of the epoch's last step.
  public let learningRate: Float
  /// The mean norm of each parameterized layer's weight gradient over the
  /// epoch's steps, in layer order (see ``Sequential/parameterizedLayerNames``),
  /// measured before any gradient clipping.
  public let gradientNorms: [Float]
  /// The mean over the epoch's steps of the global gradient norm, all
  /// parameters together (``globalGradientNorm(_:)``), before any gradient
  /// clipping.
  public let globalGradientNorm: Float
}

/// The record of a training run: every step's loss and every epoch's
/// summary.
///
/// ```swift
/// let history = try model.fit(train, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01),
///                             epochs: 50, batchSize: 32, validation: validation)
/// plot(["train": history.trainLoss, "validation": history.validationLoss], xLabel: "epoch")
/// history.finalLoss          // the last step's loss
/// history.stepLosses.count   // epochs × batches per epoch
/// ```
public struct History: Sendable, Equatable {
  /// The loss of every optimizer step, in order.
  public var stepLosses: [Float] = []
  /// The global gradient norm of every optimizer step
  /// (``globalGradientNorm(_:)``, all parameters together, penalty
  /// gradients included), before any gradient clipping, in order.
  public var stepGradientNorms: [Float] = []
  /// One record per epoch.
  public var epochs: [EpochRecord] = []
  /// The epoch after which early stopping or `stopWhen` ended training
  /// (Keras's `stopped_epoch`), or `nil` when neither did.
  public var stoppedEpoch: Int?
  /// The epoch with the best monitored value under early stopping (the last
  /// improvement by more than `minDelta`), or `nil` without early stopping.
  public var bestEpoch: Int?

  /// Creates an empty history (``Sequential/fit(_:loss:optimizer:epochs:batchSize:shuffleSeed:validation:schedule:regularizers:gradientClipping:earlyStopping:onEpoch:stopWhen:)``
  /// returns a filled one).
  ///
  /// ```swift
  /// var combined = History()
  /// combined.epochs += firstRun.epochs + secondRun.epochs
  /// ```
  public init() {}

  /// The per-epoch training losses.
  public var trainLoss: [Float] { epochs.map(\.trainLoss) }
  /// The per-epoch validation losses (empty without validation data).
  public var validationLoss: [Float] { epochs.compactMap(\.validationLoss) }
  /// The per-epoch training accuracies (empty for value targets).
  public var trainAccuracy: [Float] { epochs.compactMap(\.trainAccuracy) }
  /// The per-epoch validation accuracies (empty without validation data or
  /// for value targets).
  public var validationAccuracy: [Float] { epochs.compactMap(\.validationAccuracy) }
  /// The last step's loss, or `nil` before training.
  public var finalLoss: Float? { stepLosses.last }
}

/// Why training stopped early.
///
/// ```swift
/// // N(0, 1) weights make the activations grow layer after layer.
/// let exploding = Sequential(seed: 1) {
///   Dense(2, 32, init: .normal(std: 1)); ReLU()
///   for _ in 0..<5 { Dense(32, 32, init: .normal(std: 1)); ReLU() }
///   Dense(32, 3, init: .normal(std: 1))
/// }
/// do {
///   try exploding.fit(train, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.01, momentum: 0.9),
///                     epochs: 50, batchSize: 20, shuffleSeed: 1)
/// } catch let error as TrainingError {
///   print(error)   // training diverged: loss is NaN at step 4 (epoch 0); first non-finite values in 6: Dense(32, 32, …
/// }
/// ```
public enum TrainingError: Error, Equatable, CustomStringConvertible {
  /// The loss became NaN or infinite. `layer` names the first layer whose
  /// output was not finite in that step's forward pass, or the loss itself
  /// when every activation was finite.
  case nonFiniteLoss(step: Int, epoch: Int, layer: String, loss: Float)

  /// A sentence that names the step, the epoch and the first non-finite
  /// layer, with advice on what to try.
  public var description: String {
    switch self {
    case let .nonFiniteLoss(step, epoch, layer, loss):
      // Swift prints a NaN with its sign bit set as "-nan"; the sign of a NaN
      // means nothing, so every NaN reads "NaN".
      let value = loss.isNaN ? "NaN" : "\(loss)"
      return "training diverged: loss is \(value) at step \(step) (epoch \(epoch)); first non-finite values in \(layer). "
        + "Try a smaller learning rate, normalized inputs, or a different initialization."
    }
  }
}
