/// Centres every feature on zero by subtracting its training mean:
/// `x' = x − μ`, with `μ` the per-feature mean of the data passed to `fit`.
///
/// ```swift
/// let centre = MeanSubtraction.fit(train.inputs)
/// let validationInputs = centre.transform(validation.inputs)  // uses the training mean
/// ```
public struct MeanSubtraction: Sendable, Equatable {
  /// The per-feature training mean, a `1 × d` row.
  public let mean: Tensor

  /// Learns the per-feature mean of `x` (`n × d`), accumulated in `Double`.
  public static func fit(_ x: Tensor) -> MeanSubtraction {
    MeanSubtraction(mean: Tensor(row: columnMeans(x).map(Float.init)))
  }

  /// Subtracts the training mean from every row of `x`.
  public func transform(_ x: Tensor) -> Tensor {
    x.addingRow(-mean)
  }

  /// Adds the training mean back: `x = x' + μ`.
  public func inverseTransform(_ x: Tensor) -> Tensor {
    x.addingRow(mean)
  }
}
