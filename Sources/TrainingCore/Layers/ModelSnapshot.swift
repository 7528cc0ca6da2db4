/// A copy of a model's learned state: every parameter's value and the
/// running statistics of its ``BatchNorm`` layers (what PyTorch's
/// `state_dict` holds for these layers).
///
/// Take one with ``Layer/snapshot()`` and put it back with
/// ``Layer/restore(_:)``, into the same model or one built the same way.
/// Gradients, optimizer state and dropout's random stream are not part of
/// it.
///
/// ```swift
/// let start = model.snapshot()
/// try model.fit(train, loss: .crossEntropy(), optimizer: Adam(), epochs: 20, batchSize: 32)
/// model.restore(start)   // the untrained model again, bit for bit
/// ```
public struct ModelSnapshot: Sendable, Equatable {
  /// The value of every parameter, in the order of ``Layer/parameters``.
  public let parameterValues: [Tensor]
  /// The running mean and running variance of every ``BatchNorm`` layer,
  /// nested ones included, in layer order: mean, variance, mean, variance, …
  public let runningStatistics: [Tensor]
}

extension Layer {
  /// A copy of every parameter's value and every batch-norm layer's running
  /// statistics.
  ///
  /// ```swift
  /// var best = model.snapshot()
  /// ```
  ///
  /// - Returns: A value that later changes to the model leave untouched.
  public func snapshot() -> ModelSnapshot {
    ModelSnapshot(
      parameterValues: parameters.map(\.value),
      runningStatistics: batchNormLayers.flatMap { [$0.runningMean, $0.runningVariance] })
  }

  /// Sets every parameter's value and every batch-norm layer's running
  /// statistics to those of `snapshot`.
  ///
  /// ```swift
  /// model.restore(best)
  /// ```
  ///
  /// - Parameter snapshot: Taken from this model, or from one built with the
  ///   same layers.
  /// - Precondition: the snapshot has a value of the right shape for every
  ///   parameter and running statistic.
  public func restore(_ snapshot: ModelSnapshot) {
    let parameters = self.parameters, batchNorms = batchNormLayers
    require(
      snapshot.parameterValues.count == parameters.count && snapshot.runningStatistics.count == 2 * batchNorms.count,
      "restore: the snapshot has \(snapshot.parameterValues.count) parameters and \(snapshot.runningStatistics.count / 2) batch-norm layers, "
        + "the model \(parameters.count) and \(batchNorms.count)")
    for (parameter, value) in zip(parameters, snapshot.parameterValues) {
      require(
        value.shape == parameter.value.shape,
        "restore: parameter \(parameter.name) is \(parameter.value.rows)×\(parameter.value.cols) but the snapshot's is \(value.rows)×\(value.cols)")
      parameter.value = value
    }
    for (index, layer) in batchNorms.enumerated() {
      layer.runningMean = snapshot.runningStatistics[2 * index]
      layer.runningVariance = snapshot.runningStatistics[2 * index + 1]
    }
  }

  /// The ``BatchNorm`` layers among this layer and the layers nested in it,
  /// depth first.
  private var batchNormLayers: [BatchNorm] {
    ((self as? BatchNorm).map { [$0] } ?? []) + sublayers.flatMap(\.batchNormLayers)
  }
}
