// Per-feature statistics shared by the preprocessing steps. Sums run over the
// rows in index order in `Double`, so a result depends only on the input values.

/// The mean of every column of `x`, in `Double`.
func columnMeans(_ x: Tensor) -> [Double] {
  var sums = [Double](repeating: 0, count: x.cols)
  for r in 0..<x.rows {
    for c in 0..<x.cols { sums[c] += Double(x.scalars[r * x.cols + c]) }
  }
  let n = Double(Swift.max(x.rows, 1))
  return sums.map { $0 / n }
}

/// The biased (divide-by-N) variance of every column of `x` around `means`.
func columnVariances(_ x: Tensor, means: [Double]) -> [Double] {
  var sums = [Double](repeating: 0, count: x.cols)
  for r in 0..<x.rows {
    for c in 0..<x.cols {
      let deviation = Double(x.scalars[r * x.cols + c]) - means[c]
      sums[c] += deviation * deviation
    }
  }
  let n = Double(Swift.max(x.rows, 1))
  return sums.map { $0 / n }
}

/// The `d × d` covariance of the columns of `x` (divide by N), in `Double`;
/// exactly symmetric because each pair is summed once and mirrored.
func covarianceMatrix(_ x: Tensor, means: [Double]) -> [[Double]] {
  let d = x.cols
  var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
  var deviation = [Double](repeating: 0, count: d)
  for r in 0..<x.rows {
    for c in 0..<d { deviation[c] = Double(x.scalars[r * d + c]) - means[c] }
    for i in 0..<d {
      for j in i..<d { sums[i][j] += deviation[i] * deviation[j] }
    }
  }
  let n = Double(Swift.max(x.rows, 1))
  for i in 0..<d {
    for j in i..<d {
      sums[i][j] /= n
      sums[j][i] = sums[i][j]
    }
  }
  return sums
}

/// The covariance of the features (columns) of `x`: a `d × d` tensor with
/// `C[i, j] = (1/N) Σₙ (xₙᵢ − μᵢ)(xₙⱼ − μⱼ)`.
///
/// Divides by N (the biased estimator, NumPy's `np.cov(x.T, bias=True)`), the
/// convention PCA and the standardizer use. Accumulates in `Double`.
///
/// ```swift
/// let x = Tensor([[1, 2], [3, 6]])
/// covariance(x)   // [[1, 2], [2, 4]]
/// ```
///
/// - Parameter x: An `n × d` tensor, one sample per row.
/// - Returns: The symmetric `d × d` covariance matrix.
public func covariance(_ x: Tensor) -> Tensor {
  let matrix = covarianceMatrix(x, means: columnMeans(x))
  return Tensor(matrix.map { $0.map(Float.init) })
}
