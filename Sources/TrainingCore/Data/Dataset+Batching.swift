// Splitting a data set, cutting it into mini-batches, and class-label helpers.

extension Dataset {
  /// Shuffles the samples with a generator seeded by `seed`, then cuts off
  /// the first `round(validationFraction · count)` of the shuffled order as the
  /// validation set; the rest, still in shuffled order, is the training set.
  ///
  /// Every sample lands in exactly one part, and the same seed always gives
  /// the same split.
  public func split(validationFraction: Float, seed: UInt64) -> (train: Dataset, validation: Dataset) {
    precondition((0...1).contains(validationFraction), "validationFraction must be in 0...1, got \(validationFraction)")
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
public func miniBatchIndices(count: Int, batchSize: Int, generator: inout RandomGenerator) -> [[Int]] {
  chunks(generator.permutation(count), size: batchSize)
}

/// The sample indices `0..<count` in order, cut into consecutive batches of
/// `batchSize` (the last one smaller when `batchSize` does not divide `count`).
public func miniBatchIndices(count: Int, batchSize: Int) -> [[Int]] {
  chunks(Array(0..<count), size: batchSize)
}

/// `values` cut into consecutive pieces of `size` (the last may be shorter).
private func chunks(_ values: [Int], size: Int) -> [[Int]] {
  precondition(size > 0, "Batch size must be positive, got \(size)")
  return stride(from: 0, to: values.count, by: size).map { Array(values[$0..<Swift.min($0 + size, values.count)]) }
}

/// One-hot encodes class labels: an `n × classes` tensor whose row i is 1 in
/// column `labels[i]` and 0 elsewhere.
///
/// - Precondition: every label is in `0..<classes`.
public func oneHot(_ labels: [Int], classes: Int) -> Tensor {
  var encoded = Tensor(rows: labels.count, cols: classes)
  for (i, label) in labels.enumerated() {
    precondition((0..<classes).contains(label), "Label \(label) at index \(i) is outside 0..<\(classes)")
    encoded[i, label] = 1
  }
  return encoded
}
