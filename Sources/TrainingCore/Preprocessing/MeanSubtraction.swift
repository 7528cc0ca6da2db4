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
  ///
  /// ```swift
  /// let centre = MeanSubtraction.fit(Tensor([[1, 10], [3, 30]]))
  /// centre.mean   // [[2, 20]]
  /// ```
  ///
  /// - Parameter x: The training inputs, one sample per row.
  public static func fit(_ x: Tensor) -> MeanSubtraction {
    MeanSubtraction(mean: Tensor(row: columnMeans(x).map(Float.init)))
  }

  /// Subtracts the training mean from every row of `x`.
  ///
  /// ```swift
  /// let centred = centre.transform(validation.inputs)
  /// ```
  ///
  /// - Parameter x: Inputs with the training data's feature count.
  public func transform(_ x: Tensor) -> Tensor {
    x.addingRow(-mean)
  }

  /// Adds the training mean back: `x = x' + μ`.
  ///
  /// ```swift
  /// let back = centre.inverseTransform(centre.transform(x))   // x, up to rounding
  /// ```
  ///
  /// - Parameter x: Centred inputs.
  public func inverseTransform(_ x: Tensor) -> Tensor {
    x.addingRow(mean)
  }
}
