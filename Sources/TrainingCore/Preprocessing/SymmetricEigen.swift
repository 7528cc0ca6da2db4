/// The eigen-decomposition `A = V Λ Vᵀ` of a real symmetric matrix, by cyclic
/// Jacobi rotations in `Double`.
///
/// Each rotation in the `(p, q)` plane zeroes the off-diagonal pair
/// `A[p][q] = A[q][p]`; sweeping over every pair again and again drives the
/// off-diagonal mass to zero (quadratically once it is small), leaving the
/// eigenvalues on the diagonal and the product of the rotations in `V`.
/// A sweep costs O(n³), which is nothing for the ≤ 64 dimensions the lessons use.
///
/// Hand-written on purpose: TrainingCore has no LAPACK dependency, and a fixed
/// sequence of rotations in plain `Double` arithmetic gives the same bits on
/// every machine, which a vendor library does not promise.
///
/// Results are ordered by descending eigenvalue (ties keep their diagonal
/// order), and each eigenvector's sign is fixed so that its entry of largest
/// magnitude (the first one, on ties) is positive.
///
/// ```swift
/// let eigen = SymmetricEigen([[2, 1], [1, 2]])
/// eigen.values   // [3, 1], up to rounding
/// eigen.vectors  // [[0.7071, 0.7071], [0.7071, -0.7071]]
/// ```
public struct SymmetricEigen: Sendable, Equatable {
  /// The eigenvalues, largest first.
  public let values: [Double]
  /// The unit eigenvectors: `vectors[k]` belongs to `values[k]`, so
  /// `A · vectors[k] = values[k] · vectors[k]`, and the vectors are orthonormal.
  public let vectors: [[Double]]
  /// The number of sweeps over all pairs that were run, the last of which
  /// found nothing left to rotate (unless `maximumSweeps` stopped it).
  public let sweeps: Int

  /// Decomposes the symmetric `n × n` matrix `matrix`.
  ///
  /// A pair is rotated only while it is significant,
  /// `|A[p][q]| > ε · √|A[p][p] · A[q][q]|` with `ε = Double.ulpOfOne` (the
  /// relative test of Demmel & Veselić, which keeps small eigenvalues
  /// accurate); sweeping stops after a sweep without rotations, or after
  /// `maximumSweeps`.
  ///
  /// ```swift
  /// let eigen = SymmetricEigen([[4, 0], [0, 9]])
  /// eigen.values    // [9, 4]
  /// eigen.vectors   // [[0, 1], [1, 0]]
  /// ```
  ///
  /// - Parameters:
  ///   - matrix: The rows of a square, exactly symmetric matrix.
  ///   - maximumSweeps: An upper bound on the sweeps (100 by default).
  /// - Precondition: `matrix` is square and symmetric.
  public init(_ matrix: [[Double]], maximumSweeps: Int = 100) {
    let n = matrix.count
    require(matrix.allSatisfy { $0.count == n }, "SymmetricEigen needs a square matrix")
    for i in 0..<n {
      for j in 0..<i {
        require(matrix[i][j] == matrix[j][i], "SymmetricEigen needs a symmetric matrix: [\(i)][\(j)] ≠ [\(j)][\(i)]")
      }
    }
    var a = matrix
    var v = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n { v[i][i] = 1 }

    var sweeps = 0
    var rotated = true
    while rotated && sweeps < maximumSweeps {
      rotated = false
      sweeps += 1
      for p in 0..<n {
        for q in (p + 1)..<n
        where abs(a[p][q]) > Double.ulpOfOne * abs(a[p][p] * a[q][q]).squareRoot() {
          Self.rotate(&a, &v, p, q)
          rotated = true
        }
      }
    }

    // Column k of `v` is the eigenvector of the diagonal entry a[k][k].
    let diagonal = (0..<n).map { a[$0][$0] }
    let order = (0..<n).sorted { (i: Int, j: Int) -> Bool in
      diagonal[i] != diagonal[j] ? diagonal[i] > diagonal[j] : i < j
    }
    values = order.map { diagonal[$0] }
    vectors = order.map { k in
      let vector = (0..<n).map { v[$0][k] }
      var largest = 0
      for i in 1..<n where abs(vector[i]) > abs(vector[largest]) { largest = i }
      return vector[largest] < 0 ? vector.map { -$0 } : vector
    }
    self.sweeps = sweeps
  }

  /// Applies the Jacobi rotation `A ← Jᵀ A J`, `V ← V J` that zeroes `A[p][q]`.
  ///
  /// With `θ = (A[q][q] − A[p][p]) / (2 A[p][q])`, the rotation angle's tangent is
  /// the smaller root of `t² + 2θt − 1 = 0`, `t = sign(θ) / (|θ| + √(θ² + 1))`,
  /// and `c = 1/√(t² + 1)`, `s = t·c` (Golub & Van Loan, §8.5).
  private static func rotate(_ a: inout [[Double]], _ v: inout [[Double]], _ p: Int, _ q: Int) {
    let n = a.count
    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
    // For huge θ, θ² would overflow; t ≈ 1/(2θ) there.
    let t = abs(theta) > 1e150
      ? 1 / (2 * theta)
      : (theta < 0 ? -1 : 1) / (abs(theta) + (theta * theta + 1).squareRoot())
    let c = 1 / (t * t + 1).squareRoot()
    let s = t * c
    for k in 0..<n {
      let kp = a[k][p], kq = a[k][q]
      a[k][p] = c * kp - s * kq
      a[k][q] = s * kp + c * kq
    }
    for k in 0..<n {
      let pk = a[p][k], qk = a[q][k]
      a[p][k] = c * pk - s * qk
      a[q][k] = s * pk + c * qk
    }
    // The pair is zero in exact arithmetic; store it so, and keep A symmetric.
    a[p][q] = 0
    a[q][p] = 0
    for k in 0..<n {
      let kp = v[k][p], kq = v[k][q]
      v[k][p] = c * kp - s * kq
      v[k][q] = s * kp + c * kq
    }
  }
}
