/// What a model is trained to predict for each sample.
///
/// ```swift
/// let classification = Targets.classes([0, 2, 1])
/// let regression = Targets.values(Tensor(column: [1.5, -0.5, 2.0]))
/// classification.count   // 3
/// ```
///
/// Class labels go with ``Loss/crossEntropy(labelSmoothing:)`` and
/// ``Loss/hinge(margin:)``; values with the other losses.
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
  ///
  /// ```swift
  /// Targets.classes([5, 6, 7]).gather([2, 0])   // .classes([7, 5])
  /// ```
  ///
  /// - Parameter indices: Sample indices; repeats are allowed.
  public func gather<Indices: Collection<Int>>(_ indices: Indices) -> Targets {
    switch self {
    case .classes(let labels): return .classes(indices.map { labels[$0] })
    case .values(let tensor): return .values(tensor.gatherRows(indices))
    }
  }

  /// The class labels; traps with a clear message for value targets.
  public var labels: [Int] {
    guard case .classes(let labels) = self else {
      fatalError("These targets are values, not class labels")
    }
    return labels
  }

  /// The target tensor; traps with a clear message for class labels.
  public var values: Tensor {
    guard case .values(let tensor) = self else {
      fatalError("These targets are class labels, not values")
    }
    return tensor
  }
}

/// Samples and their targets: inputs are an `n × d` tensor, one row per sample.
///
/// ```swift
/// let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
/// let data = Dataset(inputs: x, labels: [0, 1, 1, 0])
/// let (train, validation) = data.split(validationFraction: 0.25, seed: 1)
/// ```
///
/// Most lessons start from ``SyntheticData`` or ``Digits`` instead of building
/// tensors by hand.
public struct Dataset: Sendable, Equatable {
  /// The `n × d` input features.
  public var inputs: Tensor
  /// The targets of the `n` samples.
  public var targets: Targets

  /// Creates a data set; `targets.count` must equal `inputs.rows`.
  ///
  /// ```swift
  /// let data = Dataset(inputs: Tensor([[1], [2]]), targets: .values(Tensor([[2], [4]])))
  /// ```
  ///
  /// - Parameters:
  ///   - inputs: The `n × d` features.
  ///   - targets: The `n` targets.
  public init(inputs: Tensor, targets: Targets) {
    require(inputs.rows == targets.count, "Dataset has \(inputs.rows) inputs but \(targets.count) targets")
    self.inputs = inputs
    self.targets = targets
  }

  /// Creates a classification data set.
  ///
  /// ```swift
  /// let data = Dataset(inputs: Tensor([[0, 0], [1, 1]]), labels: [0, 1])
  /// ```
  ///
  /// - Parameters:
  ///   - inputs: The `n × d` features.
  ///   - labels: One class label per row.
  public init(inputs: Tensor, labels: [Int]) {
    self.init(inputs: inputs, targets: .classes(labels))
  }

  /// Creates a regression data set.
  ///
  /// ```swift
  /// let x = Tensor(column: [0, 1, 2])
  /// let data = Dataset(inputs: x, values: x * 2 + 1)   // y = 2x + 1
  /// ```
  ///
  /// - Parameters:
  ///   - inputs: The `n × d` features.
  ///   - values: The `n × k` targets.
  public init(inputs: Tensor, values: Tensor) {
    self.init(inputs: inputs, targets: .values(values))
  }

  /// The number of samples.
  public var count: Int { inputs.rows }

  /// The number of input features.
  public var featureCount: Int { inputs.cols }

  /// The class labels (for classification data sets); traps for value targets.
  public var labels: [Int] { targets.labels }

  /// The samples at the given indices, in that order.
  ///
  /// ```swift
  /// let firstHundred = data.subset(0..<100)
  /// let picked = data.subset([4, 8, 15])
  /// ```
  ///
  /// - Parameter indices: Sample indices; repeats are allowed.
  public func subset<Indices: Collection<Int>>(_ indices: Indices) -> Dataset {
    Dataset(inputs: inputs.gatherRows(indices), targets: targets.gather(indices))
  }
}
