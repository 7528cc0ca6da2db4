/// Stops training once a monitored quantity has stopped improving, and can
/// put back the weights of its best epoch: Keras's `EarlyStopping` callback,
/// passed to ``Sequential/fit(_:loss:optimizer:epochs:batchSize:shuffleSeed:validation:schedule:regularizers:gradientClipping:earlyStopping:onEpoch:stopWhen:)``.
///
/// After every epoch the monitored value is compared with the best so far. It
/// improves when it is lower (for a loss) or higher (for accuracy) by more
/// than `minDelta`; the epoch then becomes the best one. After `patience`
/// epochs in a row without an improvement, training stops.
/// ``History/bestEpoch`` and ``History/stoppedEpoch`` record both epochs.
///
/// With `restoreBestWeights`, the model ends with the parameters and
/// batch-norm running statistics it had at the end of the best epoch (see
/// ``Layer/snapshot()``), however training ended: early, through `stopWhen`,
/// or after the last epoch (as current Keras does).
///
/// ```swift
/// let history = try model.fit(
///   train, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01), epochs: 500, batchSize: 32,
///   validation: validation, earlyStopping: EarlyStopping(patience: 20, restoreBestWeights: true))
/// history.stoppedEpoch   // the epoch it stopped after
/// history.bestEpoch      // 20 epochs earlier: the model holds that epoch's weights
/// ```
public struct EarlyStopping: Sendable, Equatable {
  /// The quantity that early stopping watches, from each ``EpochRecord``.
  ///
  /// ```swift
  /// let rule = EarlyStopping(monitor: .validationAccuracy, patience: 10)
  /// rule.monitor.lowerIsBetter   // false
  /// ```
  public enum Monitor: Sendable, Equatable {
    /// ``EpochRecord/validationLoss`` (Keras's default `val_loss`); needs
    /// validation data.
    case validationLoss
    /// ``EpochRecord/validationAccuracy``; needs validation data with class
    /// labels.
    case validationAccuracy
    /// ``EpochRecord/trainLoss``, the mean loss of the epoch's steps.
    case trainLoss

    /// Whether smaller values are better (the losses) or larger ones (the
    /// accuracy).
    public var lowerIsBetter: Bool { self != .validationAccuracy }

    /// The monitored value in `record`, `nil` when the epoch did not measure
    /// it.
    func value(in record: EpochRecord) -> Float? {
      switch self {
      case .validationLoss: return record.validationLoss
      case .validationAccuracy: return record.validationAccuracy
      case .trainLoss: return record.trainLoss
      }
    }
  }

  /// The quantity watched.
  public let monitor: Monitor
  /// The number of epochs in a row without improvement after which training
  /// stops.
  public let patience: Int
  /// The amount by which the value has to beat the best so far to count as
  /// an improvement.
  public let minDelta: Float
  /// Whether the model gets the weights of its best epoch back at the end.
  public let restoreBestWeights: Bool

  /// Creates the rule.
  ///
  /// ```swift
  /// let patient = EarlyStopping(patience: 10)                               // validation loss
  /// let strict = EarlyStopping(monitor: .trainLoss, patience: 3, minDelta: 1e-3)
  /// let selecting = EarlyStopping(monitor: .validationAccuracy, patience: 20, restoreBestWeights: true)
  /// ```
  ///
  /// - Parameters:
  ///   - monitor: The quantity watched (the validation loss by default).
  ///   - patience: Epochs without improvement before stopping, `≥ 1`.
  ///   - minDelta: The smallest change that counts as an improvement, `≥ 0`
  ///     (0 by default: any strict improvement).
  ///   - restoreBestWeights: Whether to end with the best epoch's weights
  ///     (`false` by default, as in Keras).
  public init(monitor: Monitor = .validationLoss, patience: Int, minDelta: Float = 0, restoreBestWeights: Bool = false) {
    require(patience >= 1, "EarlyStopping patience must be at least 1 epoch, got \(patience)")
    require(minDelta >= 0, "EarlyStopping minDelta must be non-negative, got \(minDelta)")
    self.monitor = monitor
    self.patience = patience
    self.minDelta = minDelta
    self.restoreBestWeights = restoreBestWeights
  }

  /// One training run's progress: the best value so far, its epoch and
  /// weights, and the epochs since.
  struct Progress {
    let rule: EarlyStopping
    private var best: Float
    private(set) var bestEpoch: Int?
    private(set) var bestWeights: ModelSnapshot?
    private var epochsWithoutImprovement = 0

    /// Starts a run that validates on `validation`.
    ///
    /// - Precondition: `validation` is given when the rule monitors it, with
    ///   class labels for accuracy.
    init(_ rule: EarlyStopping, validation: Dataset?) {
      switch rule.monitor {
      case .validationLoss:
        require(validation != nil, "EarlyStopping monitors the validation loss: pass validation data to fit")
      case .validationAccuracy:
        require(
          validation?.targets.isClasses == true,
          "EarlyStopping monitors the validation accuracy: pass validation data with class labels to fit")
      case .trainLoss:
        break
      }
      self.rule = rule
      best = rule.monitor.lowerIsBetter ? .infinity : -.infinity
    }

    /// Takes in the epoch that `record` describes, with `model` as that epoch
    /// left it, and returns whether training should stop.
    mutating func shouldStop(after record: EpochRecord, model: some Layer) -> Bool {
      let value = rule.monitor.value(in: record)!
      let improved = rule.monitor.lowerIsBetter ? value < best - rule.minDelta : value > best + rule.minDelta
      guard improved else {
        epochsWithoutImprovement += 1
        return epochsWithoutImprovement >= rule.patience
      }
      best = value
      bestEpoch = record.epoch
      epochsWithoutImprovement = 0
      if rule.restoreBestWeights { bestWeights = model.snapshot() }
      return false
    }
  }
}
