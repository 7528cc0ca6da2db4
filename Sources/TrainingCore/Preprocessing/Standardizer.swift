/// Scales every feature to zero mean and unit variance with statistics of the
/// training data: `x' = (x − μ) / σ`, per feature.
///
/// `σ` is the biased (divide-by-N) standard deviation, like scikit-learn's
/// `StandardScaler`. A feature whose training values are all equal (`σ = 0`)
/// is only centred, not scaled (its scale is taken as 1), so the transform
/// never divides by zero. Fit on the training split only, then apply the same
/// transform to validation and test data.
///
/// ```swift
/// let scaler = Standardizer.fit(train.inputs)
/// let x = scaler.transform(validation.inputs)
/// ```
public struct Standardizer: Sendable, Equatable {
  /// The per-feature training mean, a `1 × d` row.
  public let mean: Tensor
  /// The per-feature biased training standard deviation, a `1 × d` row.
  public let standardDeviation: Tensor
  /// The divisor of each feature: `standardDeviation`, with 1 where it is 0.
  public let scale: Tensor

  /// Learns the per-feature mean and standard deviation of `x` (`n × d`),
  /// accumulated in `Double`.
  ///
  /// ```swift
  /// let scaler = Standardizer.fit(Tensor([[1, 100], [3, 300]]))
  /// scaler.mean                // [[2, 200]]
  /// scaler.standardDeviation   // [[1, 100]]
  /// ```
  ///
  /// - Parameter x: The training inputs, one sample per row.
  public static func fit(_ x: Tensor) -> Standardizer {
    let means = columnMeans(x)
    let deviations = columnVariances(x, means: means).map { Float($0.squareRoot()) }
    return Standardizer(
      mean: Tensor(row: means.map(Float.init)),
      standardDeviation: Tensor(row: deviations),
      scale: Tensor(row: deviations.map { $0 == 0 ? 1 : $0 }))
  }

  /// Applies `(x − μ) / σ` to every row of `x`.
  ///
  /// ```swift
  /// let scaler = Standardizer.fit(train.inputs)
  /// let trainScaled = Dataset(inputs: scaler.transform(train.inputs), targets: train.targets)
  /// let validationScaled = Dataset(inputs: scaler.transform(validation.inputs), targets: validation.targets)
  /// ```
  ///
  /// - Parameter x: Inputs with the training data's feature count.
  /// - Precondition: `x` has as many columns as the data `fit` saw.
  public func transform(_ x: Tensor) -> Tensor {
    require(x.cols == mean.cols, "Standardizer was fitted on \(mean.cols) features, got \(x.cols)")
    var out = x
    for r in 0..<x.rows {
      for c in 0..<x.cols {
        out.scalars[r * x.cols + c] = (x.scalars[r * x.cols + c] - mean.scalars[c]) / scale.scalars[c]
      }
    }
    return out
  }

  /// Undoes the transform: `x = x' · σ + μ`.
  ///
  /// ```swift
  /// let original = scaler.inverseTransform(scaler.transform(x))   // x, up to rounding
  /// ```
  ///
  /// - Parameter x: Standardized inputs.
  /// - Precondition: `x` has as many columns as the data `fit` saw.
  public func inverseTransform(_ x: Tensor) -> Tensor {
    require(x.cols == mean.cols, "Standardizer was fitted on \(mean.cols) features, got \(x.cols)")
    var out = x
    for r in 0..<x.rows {
      for c in 0..<x.cols {
        out.scalars[r * x.cols + c] = x.scalars[r * x.cols + c] * scale.scalars[c] + mean.scalars[c]
      }
    }
    return out
  }
}
