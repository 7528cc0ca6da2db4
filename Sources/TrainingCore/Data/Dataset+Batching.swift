// Splitting a data set, cutting it into mini-batches, and class-label helpers.

extension Dataset {
  /// Shuffles the samples with a generator seeded by `seed`, then cuts off
  /// the first `round(validationFraction · count)` of the shuffled order as the
  /// validation set; the rest, still in shuffled order, is the training set.
  ///
  /// Every sample lands in exactly one part, and the same seed always gives
  /// the same split.
  ///
  /// ```swift
  /// let data = SyntheticData.spiral(pointsPerClass: 100, classes: 3, seed: 1)
  /// let (train, validation) = data.split(validationFraction: 0.2, seed: 2)
  /// train.count        // 240
  /// validation.count   // 60
  /// ```
  ///
  /// - Parameters:
  ///   - validationFraction: The share of samples held out, in `0...1`.
  ///   - seed: Seeds the shuffle.
  /// - Returns: The training and validation sets.
  public func split(validationFraction: Float, seed: UInt64) -> (train: Dataset, validation: Dataset) {
    require((0...1).contains(validationFraction), "validationFraction must be in 0...1, got \(validationFraction)")
    var generator = RandomGenerator(seed: seed)
    let order = generator.permutation(count)
    let validationCount = Int((validationFraction * Float(count)).rounded())
    return (train: subset(order[validationCount...]), validation: subset(order[..<validationCount]))
  }

  /// The data set cut into consecutive mini-batches of `size` samples, in a
  /// shuffled order when `shuffleSeed` is given, in stored order otherwise.
  ///
  /// The last batch holds the remaining `count % size` samples when `size`
  /// does not divide `count` (it is smaller, not dropped).
  ///
  /// ```swift
  /// for batch in train.batches(size: 32, shuffleSeed: 1) {
  ///   model.zeroGradients()
  ///   let result = Loss.crossEntropy().evaluate(model.forward(batch.inputs, training: true), batch.targets)
  ///   _ = model.backward(result.gradient)
  ///   optimizer.step(model.parameters)
  /// }
  /// ```
  ///
  /// - Parameters:
  ///   - size: The number of samples per batch, `> 0`.
  ///   - shuffleSeed: Seeds the order; `nil` keeps the stored order.
  public func batches(size: Int, shuffleSeed: UInt64?) -> [Dataset] {
    let indices: [[Int]]
    if let shuffleSeed {
      var generator = RandomGenerator(seed: shuffleSeed)
      indices = miniBatchIndices(count: count, batchSize: size, generator: &generator)
    } else {
      indices = miniBatchIndices(count: count, batchSize: size)
    }
    return indices.map { subset($0) }
  }

  /// The number of classes, `max(label) + 1` (0 for an empty data set); traps
  /// for value targets.
  public var classCount: Int {
    labels.max().map { $0 + 1 } ?? 0
  }
}

/// The sample indices of one epoch's mini-batches: a random permutation of
/// `0..<count` drawn from `generator`, cut into consecutive batches of
/// `batchSize`.
///
/// The last batch is smaller (`count % batchSize` samples) when `batchSize`
/// does not divide `count`. Each call advances `generator`, so successive
/// epochs get different orders.
///
/// ```swift
/// var rng = RandomGenerator(seed: 1)
/// for _ in 0..<10 {  // epochs
///   for indices in miniBatchIndices(count: data.count, batchSize: 32, generator: &rng) {
///     let batch = data.subset(indices)
///     // … one training step on batch
///   }
/// }
/// ```
///
/// - Parameters:
///   - count: The number of samples.
///   - batchSize: The number of samples per batch, `> 0`.
///   - generator: The source of the permutation; it advances.
public func miniBatchIndices(count: Int, batchSize: Int, generator: inout RandomGenerator) -> [[Int]] {
  chunks(generator.permutation(count), size: batchSize)
}

/// The sample indices `0..<count` in order, cut into consecutive batches of
/// `batchSize` (the last one smaller when `batchSize` does not divide `count`).
///
/// ```swift
/// miniBatchIndices(count: 5, batchSize: 2)   // [[0, 1], [2, 3], [4]]
/// ```
///
/// - Parameters:
///   - count: The number of samples.
///   - batchSize: The number of samples per batch, `> 0`.
public func miniBatchIndices(count: Int, batchSize: Int) -> [[Int]] {
  chunks(Array(0..<count), size: batchSize)
}

/// `values` cut into consecutive pieces of `size` (the last may be shorter).
private func chunks(_ values: [Int], size: Int) -> [[Int]] {
  require(size > 0, "Batch size must be positive, got \(size)")
  return stride(from: 0, to: values.count, by: size).map { Array(values[$0..<Swift.min($0 + size, values.count)]) }
}

/// One-hot encodes class labels: an `n × classes` tensor whose row i is 1 in
/// column `labels[i]` and 0 elsewhere.
///
/// ```swift
/// oneHot([2, 0], classes: 3)   // [[0, 0, 1], [1, 0, 0]]
/// ```
///
/// - Parameters:
///   - labels: The class labels.
///   - classes: The number of columns.
/// - Precondition: every label is in `0..<classes`.
public func oneHot(_ labels: [Int], classes: Int) -> Tensor {
  var encoded = Tensor(rows: labels.count, cols: classes)
  for (i, label) in labels.enumerated() {
    require((0..<classes).contains(label), "Label \(label) at index \(i) is outside 0..<\(classes)")
    encoded[i, label] = 1
  }
  return encoded
}
