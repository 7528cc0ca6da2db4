import Foundation
import Testing
import TrainingCore

/// Per-column mean, computed independently of the library, in `Double`.
private func means(_ x: Tensor) -> [Double] {
  (0..<x.cols).map { c in x.column(c).reduce(0.0) { $0 + Double($1) } / Double(x.rows) }
}

/// Per-column biased (divide-by-N) standard deviation, in `Double`.
private func standardDeviations(_ x: Tensor) -> [Double] {
  let mu = means(x)
  return (0..<x.cols).map { c in
    (x.column(c).reduce(0.0) { $0 + (Double($1) - mu[c]) * (Double($1) - mu[c]) } / Double(x.rows)).squareRoot()
  }
}

/// `n` points stretched along the unit direction at `angle` (std `along`) and
/// across it (std `across`), centred at `center`.
private func correlatedCloud(
  count: Int, angle: Float, along: Float, across: Float, center: (Float, Float), seed: UInt64
) -> Tensor {
  var rng = RandomGenerator(seed: seed)
  var rows = [[Float]]()
  for _ in 0..<count {
    let a = along * rng.normal(), b = across * rng.normal()
    rows.append([center.0 + a * cos(angle) - b * sin(angle), center.1 + a * sin(angle) + b * cos(angle)])
  }
  return Tensor(rows)
}

@Suite("Preprocessing: mean subtraction and standardizer")
struct PreprocessingScalingTests {
  @Test("mean subtraction learns the training mean and round-trips")
  func meanSubtraction() {
    let x = Tensor([[1, 10], [3, 30], [5, -10]])
    let centre = MeanSubtraction.fit(x)
    #expect(centre.mean == Tensor(row: [3, 10]))
    #expect(centre.transform(x) == Tensor([[-2, 0], [0, 20], [2, -20]]))
    #expect(centre.inverseTransform(centre.transform(x)) == x)
    // Other data is centred with the training mean, not its own.
    #expect(centre.transform(Tensor([[3, 10], [13, 10]])) == Tensor([[0, 0], [10, 0]]))
  }

  @Test("statistics by hand: biased standard deviation (divide by N, not N − 1)")
  func statisticsByHand() {
    let scaler = Standardizer.fit(Tensor([[1, 10], [3, 30]]))
    #expect(scaler.mean == Tensor(row: [2, 20]))
    // N − 1 would give √2 and 10√2.
    #expect(scaler.standardDeviation == Tensor(row: [1, 10]))
    #expect(scaler.transform(Tensor([[1, 10], [3, 30], [4, 0]])) == Tensor([[-1, -1], [1, 1], [2, -2]]))
  }

  @Test("standardized training data has per-feature mean 0 and std 1")
  func standardizedMoments() {
    let x = SyntheticData.badlyScaled(count: 500, scales: [1, 1000, 0.001], seed: 3).inputs
    let scaler = Standardizer.fit(x)
    let z = scaler.transform(x)
    for (mean, std) in zip(means(z), standardDeviations(z)) {
      #expect(abs(mean) < 1e-5)
      #expect(abs(std - 1) < 1e-5)
    }
    // The learned statistics match an independent computation.
    for (c, std) in standardDeviations(x).enumerated() {
      #expect(abs(Double(scaler.standardDeviation.scalars[c]) - std) <= 1e-5 * std)
      #expect(abs(Double(scaler.mean.scalars[c]) - means(x)[c]) <= 1e-6 * abs(means(x)[c]))
    }
  }

  @Test("validation data is scaled with the training statistics, not its own")
  func usesTrainingStatistics() {
    let train = SyntheticData.badlyScaled(count: 400, seed: 5).inputs
    let shift = Tensor(row: [0.5, 300])
    let validation = SyntheticData.badlyScaled(count: 400, seed: 6).inputs.addingRow(shift)
    let scaler = Standardizer.fit(train)
    let z = scaler.transform(validation)
    let trainStd = standardDeviations(train)
    for c in 0..<2 {
      // Its own statistics would give mean 0; the training ones give shift/σ + sampling noise (≈ 0.1).
      let expected = Double(shift.scalars[c]) / trainStd[c]
      #expect(abs(means(z)[c] - expected) < 0.2)
      #expect(means(z)[c] > 1)
    }
    #expect(Standardizer.fit(validation) != scaler)
  }

  @Test("constant features are centred but not divided by zero")
  func constantFeature() {
    let x = Tensor([[7, 1], [7, 2], [7, 3]])
    let scaler = Standardizer.fit(x)
    #expect(scaler.standardDeviation.scalars[0] == 0)
    #expect(scaler.scale.scalars == [1, scaler.standardDeviation.scalars[1]])
    let z = scaler.transform(x)
    #expect(z.isFinite)
    #expect(z.column(0) == [0, 0, 0])
    #expect(scaler.transform(Tensor([[9, 2]])).scalars[0] == 2)
  }

  @Test("inverseTransform undoes transform")
  func standardizerRoundTrip() {
    let x = SyntheticData.badlyScaled(count: 100, scales: [1, 1000], seed: 8).inputs
    let scaler = Standardizer.fit(x)
    let back = scaler.inverseTransform(scaler.transform(x))
    for c in 0..<x.cols {
      let worst = zip(back.column(c), x.column(c)).map { abs($0 - $1) }.max() ?? 0
      #expect(worst <= 1e-6 * (x.column(c).map(abs).max() ?? 0))
    }
  }
}

@Suite("Preprocessing: covariance and PCA")
struct PreprocessingPCATests {
  /// Zero-mean data whose covariance is [[2.5, 2], [2, 2.5]] (numpy:
  /// `np.cov(x.T, bias=True)`); `np.linalg.eigh` gives eigenvalues 0.5 and 4.5
  /// with eigenvectors (1, −1)/√2 and (1, 1)/√2.
  let small = Tensor([[1, 2], [-1, -2], [2, 1], [-2, -1]])

  @Test("covariance by hand, divided by N")
  func covarianceByHand() {
    #expect(covariance(small) == Tensor([[2.5, 2], [2, 2.5]]))
    // A shift does not change the covariance; N − 1 would give 4/3 on the diagonal.
    #expect(covariance(Tensor([[10, 0], [12, 0], [10, 2], [12, 2]])) == Tensor([[1, 0], [0, 1]]))
  }

  @Test("eigenvalues and components of a 2 × 2 covariance match the hand computation")
  func smallPCA() {
    let pca = PCA.fit(small)
    #expect(abs(pca.eigenvalues[0] - 4.5) < 1e-6)
    #expect(abs(pca.eigenvalues[1] - 0.5) < 1e-6)
    let first = pca.components.row(0), second = pca.components.row(1)
    let h = Float(0.5).squareRoot()
    #expect(abs(first[0] - h) < 1e-6 && abs(first[1] - h) < 1e-6)
    #expect(abs(abs(second[0]) - h) < 1e-6 && abs(second[0] + second[1]) < 1e-6)
    #expect(pca.explainedVarianceRatio.map { ($0 * 1e6).rounded() / 1e6 } == [0.9, 0.1])
  }

  @Test("the first component of a correlated cloud points along the stretch")
  func firstComponentDirection() {
    let angle = Float.pi / 6
    let x = correlatedCloud(count: 2000, angle: angle, along: 3, across: 0.5, center: (4, -2), seed: 11)
    let pca = PCA.fit(x)
    let first = pca.components.row(0)
    #expect(abs(first[0] * cos(angle) + first[1] * sin(angle)) > 0.999)
    // Variances along and across: 9 and 0.25, up to sampling error.
    #expect(abs(pca.eigenvalues[0] - 9) < 0.6)
    #expect(abs(pca.eigenvalues[1] - 0.25) < 0.03)
    #expect(abs(pca.mean.scalars[0] - 4) < 0.2 && abs(pca.mean.scalars[1] + 2) < 0.2)
  }

  @Test("rotated data has a diagonal covariance holding the eigenvalues")
  func rotatedCovarianceIsDiagonal() {
    var rng = RandomGenerator(seed: 21)
    // Mix independent features so the covariance is full.
    let raw = rng.normalTensor(rows: 1000, cols: 4).multiplyingRow(Tensor(row: [5, 2, 1, 0.2]))
    let x = matmul(raw, rng.normalTensor(rows: 4, cols: 4)).addingRow(Tensor(row: [1, 2, 3, 4]))
    let pca = PCA.fit(x)
    let c = covariance(pca.transform(x))
    for i in 0..<4 {
      for j in 0..<4 {
        let expected = i == j ? pca.eigenvalues[i] : 0
        #expect(abs(c[i, j] - expected) <= 1e-4 * pca.eigenvalues[0])
      }
    }
    #expect(pca.eigenvalues == pca.eigenvalues.sorted(by: >))
    #expect(abs(pca.explainedVarianceRatio.reduce(0, +) - 1) < 1e-6)
    // Components are orthonormal and follow the sign convention.
    #expect(matmul(pca.components, pca.components, transposeB: true).maxAbsDifference(.identity(4)) < 1e-6)
    for k in 0..<4 {
      let row = pca.components.row(k)
      let largest = row.indices.max { abs(row[$0]) < abs(row[$1]) }!
      #expect(row[largest] > 0)
    }
  }

  @Test("whitened covariance is diag(λ / (λ + ε)) ≈ identity")
  func whitening() {
    let x = correlatedCloud(count: 1500, angle: 1, along: 4, across: 0.3, center: (-1, 7), seed: 31)
    let pca = PCA.fit(x, whitening: true)
    let c = covariance(pca.transform(x))
    #expect(c.maxAbsDifference(.identity(2)) < 1e-3)
    // A large ε makes the formula visible: λ ≈ 1 with ε = 1 leaves variance ≈ 1/2.
    let unit = correlatedCloud(count: 1500, angle: 0.3, along: 1, across: 0.5, center: (0, 0), seed: 32)
    let strong = PCA.fit(unit, whitening: true, epsilon: 1)
    let strongCovariance = covariance(strong.transform(unit))
    for k in 0..<2 {
      let lambda = strong.eigenvalues[k]
      #expect(abs(strongCovariance[k, k] - lambda / (lambda + 1)) < 1e-5)
    }
    #expect(abs(strongCovariance[0, 1]) < 1e-5)
  }

  @Test("inverseTransform reconstructs the data, with and without whitening")
  func pcaRoundTrip() {
    var rng = RandomGenerator(seed: 41)
    let x = rng.normalTensor(rows: 200, cols: 3, mean: 5, std: 2)
    for whitening in [false, true] {
      let pca = PCA.fit(x, whitening: whitening)
      #expect(pca.inverseTransform(pca.transform(x)).maxAbsDifference(x) < 1e-4)
    }
  }

  @Test("keeping k components gives the best rank-k reconstruction")
  func dimensionalityReduction() {
    // Points on a line in 3-D plus tiny noise: one component explains nearly everything.
    var rng = RandomGenerator(seed: 51)
    let t = rng.normalTensor(rows: 300, cols: 1, std: 3)
    let x = matmul(t, Tensor([[1, 2, -2]])) + rng.normalTensor(rows: 300, cols: 3, std: 0.01)
    let pca = PCA.fit(x)
    let z = pca.transform(x, keeping: 1)
    #expect(z.shape == (300, 1))
    #expect(z.column(0) == pca.transform(x).column(0))
    #expect(pca.explainedVarianceRatio[0] > 0.9999)
    #expect(pca.inverseTransform(z).maxAbsDifference(x) < 0.1)
  }

  @Test("validation data is centred with the training mean")
  func pcaUsesTrainingMean() {
    let train = correlatedCloud(count: 500, angle: 0.5, along: 2, across: 1, center: (0, 0), seed: 61)
    let validation = correlatedCloud(count: 500, angle: 0.5, along: 2, across: 1, center: (10, 10), seed: 62)
    let pca = PCA.fit(train)
    let projectedMean = pca.transform(validation).meanOverRows()
    let expected = matmul(Tensor(row: [10, 10]) - pca.mean, pca.components, transposeB: true)
    #expect(projectedMean.maxAbsDifference(expected) < 0.3)
    #expect(projectedMean.norm() > 10)
  }
}

@Suite("Preprocessing: symmetric eigen-solver")
struct PreprocessingEigenTests {
  /// `A · vₖ − λₖ vₖ` and `VᵀV − I`, the largest absolute entries.
  private func residuals(_ matrix: [[Double]], _ eigen: SymmetricEigen) -> (equation: Double, orthonormality: Double) {
    let n = matrix.count
    var equation = 0.0, orthonormality = 0.0
    for k in 0..<n {
      for i in 0..<n {
        let product = (0..<n).reduce(0.0) { $0 + matrix[i][$1] * eigen.vectors[k][$1] }
        equation = max(equation, abs(product - eigen.values[k] * eigen.vectors[k][i]))
      }
      for l in 0..<n {
        let dot = (0..<n).reduce(0.0) { $0 + eigen.vectors[k][$1] * eigen.vectors[l][$1] }
        orthonormality = max(orthonormality, abs(dot - (k == l ? 1 : 0)))
      }
    }
    return (equation, orthonormality)
  }

  @Test("a known 3 × 3 matrix: eigenvalues 2 + √2, 2, 2 − √2")
  func knownThreeByThree() {
    let matrix: [[Double]] = [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]
    let eigen = SymmetricEigen(matrix)
    let root2 = 2.0.squareRoot()
    #expect(zip(eigen.values, [2 + root2, 2, 2 - root2]).allSatisfy { abs($0 - $1) < 1e-14 })
    let (equation, orthonormality) = residuals(matrix, eigen)
    #expect(equation < 1e-14)
    #expect(orthonormality < 1e-14)
    // (1, −√2, 1)/2 flipped so that its largest entry is positive; (1, √2, 1)/2 as is.
    let expectedFirst = [-0.5, root2 / 2, -0.5], expectedLast = [0.5, root2 / 2, 0.5]
    #expect(zip(eigen.vectors[0], expectedFirst).allSatisfy { abs($0 - $1) < 1e-14 })
    #expect(zip(eigen.vectors[2], expectedLast).allSatisfy { abs($0 - $1) < 1e-14 })
  }

  @Test("a random 12 × 12 symmetric matrix is decomposed to rounding error", arguments: [1, 2, 3] as [UInt64])
  func randomSymmetric(seed: UInt64) {
    var rng = RandomGenerator(seed: seed)
    let n = 12
    var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
      for j in 0...i {
        matrix[i][j] = Double(rng.normal())
        matrix[j][i] = matrix[i][j]
      }
    }
    let eigen = SymmetricEigen(matrix)
    let (equation, orthonormality) = residuals(matrix, eigen)
    #expect(equation < 1e-12)
    #expect(orthonormality < 1e-13)
    #expect(eigen.values == eigen.values.sorted(by: >))
    // The trace is the sum of the eigenvalues.
    let trace = (0..<n).reduce(0.0) { $0 + matrix[$1][$1] }
    #expect(abs(eigen.values.reduce(0, +) - trace) < 1e-12)
    #expect(eigen.sweeps < 20)
    #expect(SymmetricEigen(matrix) == eigen)
  }

  @Test("a diagonal matrix needs no rotation; values are sorted with their axes")
  func diagonalInput() {
    let eigen = SymmetricEigen([[1, 0, 0], [0, 3, 0], [0, 0, 2]])
    #expect(eigen.values == [3, 2, 1])
    #expect(eigen.vectors == [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    #expect(eigen.sweeps == 1)
  }

  @Test("a zero diagonal and a negative eigenvalue")
  func indefinite() {
    let eigen = SymmetricEigen([[0, 1], [1, 0]])
    #expect(abs(eigen.values[0] - 1) < 1e-15 && abs(eigen.values[1] + 1) < 1e-15)
    let h = 0.5.squareRoot()
    #expect(zip(eigen.vectors[0], [h, h]).allSatisfy { abs($0 - $1) < 1e-15 })
    #expect(abs(abs(eigen.vectors[1][0]) - h) < 1e-15 && abs(eigen.vectors[1][0] + eigen.vectors[1][1]) < 1e-15)
  }
}
