/// What a model is trained to predict for each sample.
public enum Targets: Sendable, Equatable {
  /// One integer class label per sample, in `0..<classCount`.
  case classes([Int])
  /// A target row per sample (regression, or 0/1 labels for binary
  /// cross-entropy): an `n × k` tensor.
  case values(Tensor)

  /// The number of samples.
  public var count: Int {
    switch self {
    case .classes(let labels): return labels.count
    case .values(let tensor): return tensor.rows
    }
  }

  /// The targets of the given samples, in the given order.
  public func gather<Indices: Collection<Int>>(_ indices: Indices) -> Targets {
    switch self {
    case .classes(let labels): return .classes(indices.map { labels[$0] })
    case .values(let tensor): return .values(tensor.gatherRows(indices))
    }
  }

  /// The class labels; traps with a clear message for value targets.
  public var labels: [Int] {
    guard case .classes(let labels) = self else {
      preconditionFailure("These targets are values, not class labels")
    }
    return labels
  }

  /// The target tensor; traps with a clear message for class labels.
  public var values: Tensor {
    guard case .values(let tensor) = self else {
      preconditionFailure("These targets are class labels, not values")
    }
    return tensor
  }
}

/// Samples and their targets: inputs are an `n × d` tensor, one row per sample.
///
/// ```swift
/// let data = Dataset(inputs: x, labels: y)
/// let (train, validation) = data.split(validationFraction: 0.2, seed: 1)
/// ```
public struct Dataset: Sendable, Equatable {
  /// The `n × d` input features.
  public var inputs: Tensor
  /// The targets of the `n` samples.
  public var targets: Targets

  /// Creates a data set; `targets.count` must equal `inputs.rows`.
  public init(inputs: Tensor, targets: Targets) {
    precondition(inputs.rows == targets.count, "Dataset has \(inputs.rows) inputs but \(targets.count) targets")
    self.inputs = inputs
    self.targets = targets
  }

  /// Creates a classification data set.
  public init(inputs: Tensor, labels: [Int]) {
    self.init(inputs: inputs, targets: .classes(labels))
  }

  /// Creates a regression data set.
  public init(inputs: Tensor, values: Tensor) {
    self.init(inputs: inputs, targets: .values(values))
  }

  /// The number of samples.
  public var count: Int { inputs.rows }

  /// The number of input features.
  public var featureCount: Int { inputs.cols }

  /// The class labels (for classification data sets).
  public var labels: [Int] { targets.labels }

  /// The samples at the given indices, in that order.
  public func subset<Indices: Collection<Int>>(_ indices: Indices) -> Dataset {
    Dataset(inputs: inputs.gatherRows(indices), targets: targets.gather(indices))
  }
}
