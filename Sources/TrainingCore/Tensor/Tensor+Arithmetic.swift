// Element-wise arithmetic, broadcasting and reductions.
//
// Every reduction sums in index order with a single accumulator, so a result
// depends only on the input values, never on the machine or on timing.

extension Tensor {
  /// Applies `transform` to every element.
  @inlinable
  public func map(_ transform: (Float) -> Float) -> Tensor {
    Tensor(rows: rows, cols: cols, scalars: scalars.map(transform))
  }

  /// Combines two tensors of the same shape element by element.
  @inlinable
  public func zipMap(_ other: Tensor, _ combine: (Float, Float) -> Float) -> Tensor {
    precondition(rows == other.rows && cols == other.cols, "Shape mismatch: \(rows)×\(cols) vs \(other.rows)×\(other.cols)")
    var out = [Float](repeating: 0, count: count)
    scalars.withUnsafeBufferPointer { a in
      other.scalars.withUnsafeBufferPointer { b in
        out.withUnsafeMutableBufferPointer { o in
          for i in 0..<o.count { o[i] = combine(a[i], b[i]) }
        }
      }
    }
    return Tensor(rows: rows, cols: cols, scalars: out)
  }

  /// Element-wise sum.
  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zipMap(rhs, +) }
  /// Element-wise difference.
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zipMap(rhs, -) }
  /// Element-wise (Hadamard) product.
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zipMap(rhs, *) }
  /// Element-wise quotient.
  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zipMap(rhs, /) }
  /// Adds a scalar to every element.
  public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 + rhs } }
  /// Subtracts a scalar from every element.
  public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 - rhs } }
  /// Multiplies every element by a scalar.
  public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 * rhs } }
  /// Multiplies every element by a scalar.
  public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs.map { lhs * $0 } }
  /// Divides every element by a scalar.
  public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 / rhs } }
  /// Negates every element.
  public static prefix func - (value: Tensor) -> Tensor { value.map { -$0 } }

  /// Adds `other` in place (same shape).
  public static func += (lhs: inout Tensor, rhs: Tensor) {
    precondition(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "Shape mismatch in +=")
    rhs.scalars.withUnsafeBufferPointer { b in
      lhs.scalars.withUnsafeMutableBufferPointer { a in
        for i in 0..<a.count { a[i] += b[i] }
      }
    }
  }

  /// Subtracts `other` in place (same shape).
  public static func -= (lhs: inout Tensor, rhs: Tensor) {
    precondition(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "Shape mismatch in -=")
    rhs.scalars.withUnsafeBufferPointer { b in
      lhs.scalars.withUnsafeMutableBufferPointer { a in
        for i in 0..<a.count { a[i] -= b[i] }
      }
    }
  }

  /// Multiplies in place by a scalar.
  public static func *= (lhs: inout Tensor, rhs: Float) {
    lhs.scalars.withUnsafeMutableBufferPointer { a in
      for i in 0..<a.count { a[i] *= rhs }
    }
  }

  /// Adds `scale * other` in place (the BLAS "axpy"), element by element.
  public mutating func add(_ other: Tensor, scaledBy scale: Float) {
    precondition(rows == other.rows && cols == other.cols, "Shape mismatch in add(_:scaledBy:)")
    other.scalars.withUnsafeBufferPointer { b in
      scalars.withUnsafeMutableBufferPointer { a in
        for i in 0..<a.count { a[i] += scale * b[i] }
      }
    }
  }

  // MARK: - Broadcasting over rows

  /// Adds a `1 × cols` row vector to every row (bias addition).
  public func addingRow(_ rowVector: Tensor) -> Tensor {
    precondition(rowVector.rows == 1 && rowVector.cols == cols, "addingRow needs a 1×\(cols) row, got \(rowVector.rows)×\(rowVector.cols)")
    var out = self
    rowVector.scalars.withUnsafeBufferPointer { b in
      out.scalars.withUnsafeMutableBufferPointer { o in
        for r in 0..<rows {
          let base = r * cols
          for c in 0..<cols { o[base + c] += b[c] }
        }
      }
    }
    return out
  }

  /// Multiplies every row element-wise by a `1 × cols` row vector.
  public func multiplyingRow(_ rowVector: Tensor) -> Tensor {
    precondition(rowVector.rows == 1 && rowVector.cols == cols, "multiplyingRow needs a 1×\(cols) row")
    var out = self
    rowVector.scalars.withUnsafeBufferPointer { b in
      out.scalars.withUnsafeMutableBufferPointer { o in
        for r in 0..<rows {
          let base = r * cols
          for c in 0..<cols { o[base + c] *= b[c] }
        }
      }
    }
    return out
  }

  // MARK: - Reductions

  /// The sum of all elements, accumulated in index order in `Double`.
  public func sum() -> Float {
    var total = 0.0
    for v in scalars { total += Double(v) }
    return Float(total)
  }

  /// The mean of all elements.
  public func mean() -> Float {
    count == 0 ? 0 : Float(scalars.reduce(0.0) { $0 + Double($1) } / Double(count))
  }

  /// The sum of squares of all elements, accumulated in `Double`.
  public func squaredNorm() -> Float {
    var total = 0.0
    for v in scalars { total += Double(v) * Double(v) }
    return Float(total)
  }

  /// The Euclidean (Frobenius) norm.
  public func norm() -> Float { squaredNorm().squareRoot() }

  /// Column sums as a `1 × cols` row (the gradient of a bias).
  public func sumOverRows() -> Tensor {
    var out = [Float](repeating: 0, count: cols)
    scalars.withUnsafeBufferPointer { s in
      out.withUnsafeMutableBufferPointer { o in
        for r in 0..<rows {
          let base = r * cols
          for c in 0..<cols { o[c] += s[base + c] }
        }
      }
    }
    return Tensor(rows: 1, cols: cols, scalars: out)
  }

  /// Column means as a `1 × cols` row.
  public func meanOverRows() -> Tensor {
    sumOverRows() / Float(Swift.max(rows, 1))
  }

  /// The index of the largest element of each row (the first one on ties).
  public func argmaxPerRow() -> [Int] {
    (0..<rows).map { r in
      var best = 0
      for c in 1..<Swift.max(cols, 1) where scalars[r * cols + c] > scalars[r * cols + best] {
        best = c
      }
      return best
    }
  }

  /// The smallest element (`+inf` for an empty tensor).
  public func min() -> Float { scalars.min() ?? .infinity }

  /// The largest element (`-inf` for an empty tensor).
  public func max() -> Float { scalars.max() ?? -.infinity }

  /// Whether every element is finite (no NaN, no infinity).
  public var isFinite: Bool { scalars.allSatisfy(\.isFinite) }

  /// The largest absolute difference to `other` (same shape).
  public func maxAbsDifference(_ other: Tensor) -> Float {
    precondition(rows == other.rows && cols == other.cols, "Shape mismatch in maxAbsDifference")
    var worst: Float = 0
    for i in 0..<count { worst = Swift.max(worst, abs(scalars[i] - other.scalars[i])) }
    return worst
  }
}
