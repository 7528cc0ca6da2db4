/// Principal component analysis: rotates centred data onto the eigenvectors of
/// its covariance, optionally whitening it.
///
/// `fit` centres `x` with the training mean μ, forms the covariance
/// `C = (1/N) Σₙ (xₙ − μ)(xₙ − μ)ᵀ` in `Double`, and decomposes it with
/// ``SymmetricEigen``: `C = V Λ Vᵀ`, components sorted by descending
/// eigenvalue λₖ, each with its largest-magnitude entry positive.
///
/// `transform` maps a row `x` to `zₖ = vₖ · (x − μ)`; the rotated training data
/// has the diagonal covariance Λ. With whitening every coordinate is further
/// divided by `√(λₖ + ε)`, so the whitened covariance is `diag(λₖ / (λₖ + ε))`:
/// the identity up to ε, which keeps near-zero-variance directions from
/// blowing up. (Dividing by λₖ itself, as one of the course's source articles
/// says, would leave variance 1/λₖ, not 1.)
///
/// ```swift
/// let pca = PCA.fit(train.inputs)
/// pca.explainedVarianceRatio            // share of variance per component
/// let x2 = pca.transform(train.inputs, keeping: 2)
/// ```
public struct PCA: Sendable, Equatable {
  /// The per-feature training mean, a `1 × d` row.
  public let mean: Tensor
  /// The covariance eigenvalues λₖ (variances along the components), largest
  /// first; rounding-level negative values are clamped to 0.
  public let eigenvalues: [Float]
  /// The principal directions as rows of a `d × d` tensor: row k is the unit
  /// eigenvector of `eigenvalues[k]`.
  public let components: Tensor
  /// Whether `transform` divides each coordinate by `√(λₖ + ε)`.
  public let whitening: Bool
  /// The ε added to each eigenvalue before whitening (with ε = 0, a zero
  /// eigenvalue makes its whitened coordinate non-finite).
  public let epsilon: Float

  /// The share of the total variance along each component, λₖ / Σⱼ λⱼ (all
  /// zeros when the data has no variance).
  ///
  /// ```swift
  /// let pca = PCA.fit(digits.inputs)
  /// pca.explainedVarianceRatio.prefix(10).reduce(0, +)   // the share the first 10 components keep
  /// ```
  public var explainedVarianceRatio: [Float] {
    let total = eigenvalues.reduce(0.0) { $0 + Double($1) }
    return eigenvalues.map { total > 0 ? Float(Double($0) / total) : 0 }
  }

  /// Learns the mean, covariance eigenvalues and components of `x` (`n × d`).
  ///
  /// ```swift
  /// let pca = PCA.fit(train.inputs)
  /// let white = PCA.fit(train.inputs, whitening: true)   // covariance ≈ identity after transform
  /// ```
  ///
  /// - Parameters:
  ///   - x: The training inputs, one sample per row.
  ///   - whitening: Whether ``transform(_:)`` also scales each coordinate to
  ///     unit variance.
  ///   - epsilon: ε added to each eigenvalue before whitening, `≥ 0`.
  public static func fit(_ x: Tensor, whitening: Bool = false, epsilon: Float = 1e-5) -> PCA {
    require(epsilon >= 0, "PCA epsilon must be non-negative, got \(epsilon)")
    let means = columnMeans(x)
    let eigen = SymmetricEigen(covarianceMatrix(x, means: means))
    return PCA(
      mean: Tensor(row: means.map(Float.init)),
      eigenvalues: eigen.values.map { Float(Swift.max($0, 0)) },
      components: Tensor(eigen.vectors.map { $0.map(Float.init) }),
      whitening: whitening,
      epsilon: epsilon)
  }

  /// Projects `x` onto all components: `z = (x − μ) Vᵀ`, whitened if so fitted.
  ///
  /// ```swift
  /// let rotated = pca.transform(validation.inputs)   // n × d, decorrelated
  /// ```
  ///
  /// - Parameter x: Inputs with the training data's feature count.
  public func transform(_ x: Tensor) -> Tensor {
    transform(x, keeping: components.rows)
  }

  /// Projects `x` onto the first `componentCount` components (dimensionality
  /// reduction): an `n × componentCount` result.
  ///
  /// ```swift
  /// let digits2D = pca.transform(digits.inputs, keeping: 2)
  /// scatter(Dataset(inputs: digits2D, labels: digits.labels), title: "Digits, first two components")
  /// ```
  ///
  /// - Parameters:
  ///   - x: Inputs with the training data's feature count.
  ///   - componentCount: How many leading components to keep, in `0...d`.
  public func transform(_ x: Tensor, keeping componentCount: Int) -> Tensor {
    require(x.cols == mean.cols, "PCA was fitted on \(mean.cols) features, got \(x.cols)")
    require(
      (0...components.rows).contains(componentCount),
      "PCA has \(components.rows) components, asked for \(componentCount)")
    let kept = components.gatherRows(0..<componentCount)
    let rotated = matmul(x.addingRow(-mean), kept, transposeB: true)
    return whitening ? rotated.multiplyingRow(Tensor(row: whiteningScales(componentCount).map { 1 / $0 })) : rotated
  }

  /// Maps PCA coordinates back to features: `x = z Vₖ + μ` (after undoing
  /// whitening). With fewer than all components this is the best rank-k
  /// reconstruction in the least-squares sense.
  ///
  /// ```swift
  /// let z = pca.transform(digits.inputs, keeping: 16)
  /// let reconstructed = pca.inverseTransform(z)   // 1797 × 64, the rank-16 approximation
  /// ```
  ///
  /// - Parameter z: PCA coordinates, `n × k` with `k ≤ d`: the first `k`
  ///   components.
  public func inverseTransform(_ z: Tensor) -> Tensor {
    require(z.cols <= components.rows, "PCA has \(components.rows) components, got \(z.cols) coordinates")
    let unwhitened = whitening ? z.multiplyingRow(Tensor(row: whiteningScales(z.cols))) : z
    return matmul(unwhitened, components.gatherRows(0..<z.cols)).addingRow(mean)
  }

  /// `√(λₖ + ε)` for the first `count` components.
  private func whiteningScales(_ count: Int) -> [Float] {
    eigenvalues.prefix(count).map { ($0 + epsilon).squareRoot() }
  }
}
