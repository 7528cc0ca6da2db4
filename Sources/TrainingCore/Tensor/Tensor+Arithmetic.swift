// Element-wise arithmetic, broadcasting and reductions.
//
// Every reduction sums in index order with a single accumulator, so a result
// depends only on the input values, never on the machine or on timing.

extension Tensor {
  /// Applies `transform` to every element.
  ///
  /// ```swift
  /// let relu = x.map { $0 > 0 ? $0 : 0 }
  /// let squares = x.map { $0 * $0 }
  /// ```
  ///
  /// - Parameter transform: The function applied to each element.
  /// - Returns: A tensor of the same shape.
  @inlinable
  public func map(_ transform: (Float) -> Float) -> Tensor {
    let out = [Float](unsafeUninitializedCapacity: count) { o, initialized in
      scalars.withUnsafeBufferPointer { a in
        for i in 0..<a.count { o[i] = transform(a[i]) }
      }
      initialized = count
    }
    return Tensor(rows: rows, cols: cols, scalars: out)
  }

  /// Combines two tensors of the same shape element by element.
  ///
  /// ```swift
  /// let larger = a.zipMap(b) { Swift.max($0, $1) }
  /// ```
  ///
  /// - Parameters:
  ///   - other: A tensor of the same shape as `self`.
  ///   - combine: Called with the elements of `self` and `other` at each index.
  /// - Returns: A tensor of the same shape.
  /// - Precondition: `other` has the same shape.
  @inlinable
  public func zipMap(_ other: Tensor, _ combine: (Float, Float) -> Float) -> Tensor {
    require(rows == other.rows && cols == other.cols, "Shape mismatch: \(rows)×\(cols) vs \(other.rows)×\(other.cols)")
    let out = [Float](unsafeUninitializedCapacity: count) { o, initialized in
      scalars.withUnsafeBufferPointer { a in
        other.scalars.withUnsafeBufferPointer { b in
          for i in 0..<a.count { o[i] = combine(a[i], b[i]) }
        }
      }
      initialized = count
    }
    return Tensor(rows: rows, cols: cols, scalars: out)
  }

  /// Element-wise sum of two tensors of the same shape.
  ///
  /// ```swift
  /// Tensor([[1, 2]]) + Tensor([[10, 20]])   // [[11, 22]]
  /// ```
  ///
  /// To add a bias row to every row of a batch, use ``addingRow(_:)``.
  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zipMap(rhs, +) }
  /// Element-wise difference of two tensors of the same shape.
  ///
  /// ```swift
  /// let residual = predictions - targets
  /// ```
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zipMap(rhs, -) }
  /// Element-wise (Hadamard) product of two tensors of the same shape; for the
  /// matrix product use ``matmul(_:)``.
  ///
  /// ```swift
  /// Tensor([[1, 2]]) * Tensor([[3, 4]])   // [[3, 8]]
  /// ```
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zipMap(rhs, *) }
  /// Element-wise quotient of two tensors of the same shape.
  ///
  /// ```swift
  /// Tensor([[1, 8]]) / Tensor([[2, 4]])   // [[0.5, 2]]
  /// ```
  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zipMap(rhs, /) }
  /// Adds a scalar to every element.
  ///
  /// ```swift
  /// Tensor([[1, 2]]) + 1   // [[2, 3]]
  /// ```
  public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 + rhs } }
  /// Subtracts a scalar from every element.
  ///
  /// ```swift
  /// let centred = x - x.mean()
  /// ```
  public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 - rhs } }
  /// Multiplies every element by a scalar.
  ///
  /// ```swift
  /// Tensor([[1, 2]]) * 3   // [[3, 6]]
  /// ```
  public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 * rhs } }
  /// Multiplies every element by a scalar written on the left.
  ///
  /// ```swift
  /// let step = 0.1 * gradient
  /// ```
  public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs.map { lhs * $0 } }
  /// Divides every element by a scalar.
  ///
  /// ```swift
  /// let pixels = digits.inputs / 16   // 0...16 to 0...1
  /// ```
  public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 / rhs } }
  /// Negates every element.
  ///
  /// ```swift
  /// -Tensor([[1, -2]])   // [[-1, 2]]
  /// ```
  public static prefix func - (value: Tensor) -> Tensor { value.map { -$0 } }

  /// Adds `rhs` to `lhs` in place (same shape).
  ///
  /// ```swift
  /// var total = Tensor(rows: 2, cols: 2)
  /// total += Tensor([[1, 2], [3, 4]])
  /// ```
  ///
  /// - Precondition: `lhs` and `rhs` have the same shape.
  public static func += (lhs: inout Tensor, rhs: Tensor) {
    require(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "Shape mismatch in +=")
    rhs.scalars.withUnsafeBufferPointer { b in
      lhs.scalars.withUnsafeMutableBufferPointer { a in
        for i in 0..<a.count { a[i] += b[i] }
      }
    }
  }

  /// Subtracts `rhs` from `lhs` in place (same shape).
  ///
  /// ```swift
  /// var w = Tensor([[1, 2]])
  /// w -= Tensor([[0.5, 0.5]])   // [[0.5, 1.5]]
  /// ```
  ///
  /// - Precondition: `lhs` and `rhs` have the same shape.
  public static func -= (lhs: inout Tensor, rhs: Tensor) {
    require(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "Shape mismatch in -=")
    rhs.scalars.withUnsafeBufferPointer { b in
      lhs.scalars.withUnsafeMutableBufferPointer { a in
        for i in 0..<a.count { a[i] -= b[i] }
      }
    }
  }

  /// Multiplies `lhs` in place by a scalar.
  ///
  /// ```swift
  /// var w = Tensor([[1, 2]])
  /// w *= 0.5   // [[0.5, 1]]
  /// ```
  public static func *= (lhs: inout Tensor, rhs: Float) {
    lhs.scalars.withUnsafeMutableBufferPointer { a in
      for i in 0..<a.count { a[i] *= rhs }
    }
  }

  /// Adds `scale * other` in place (the BLAS "axpy"), element by element.
  ///
  /// ```swift
  /// var w = Tensor([[1, 2]])
  /// w.add(Tensor([[10, 10]]), scaledBy: -0.1)   // a gradient step: [[0, 1]]
  /// ```
  ///
  /// - Parameters:
  ///   - other: A tensor of the same shape as `self`.
  ///   - scale: The factor applied to `other`.
  /// - Precondition: `other` has the same shape.
  public mutating func add(_ other: Tensor, scaledBy scale: Float) {
    require(rows == other.rows && cols == other.cols, "Shape mismatch in add(_:scaledBy:)")
    other.scalars.withUnsafeBufferPointer { b in
      scalars.withUnsafeMutableBufferPointer { a in
        for i in 0..<a.count { a[i] += scale * b[i] }
      }
    }
  }

  // MARK: - Broadcasting over rows

  /// Adds a `1 × cols` row vector to every row (bias addition).
  ///
  /// ```swift
  /// let x = Tensor([[1, 2], [3, 4]])
  /// x.addingRow(Tensor(row: [10, 20]))   // [[11, 22], [13, 24]]
  /// ```
  ///
  /// - Parameter rowVector: A `1 × cols` tensor.
  /// - Returns: A tensor of the same shape as `self`.
  public func addingRow(_ rowVector: Tensor) -> Tensor {
    var out = self
    out.addRow(rowVector)
    return out
  }

  /// Adds a `1 × cols` row vector to every row, in place.
  mutating func addRow(_ rowVector: Tensor) {
    require(rowVector.rows == 1 && rowVector.cols == cols, "addingRow needs a 1×\(cols) row, got \(rowVector.rows)×\(rowVector.cols)")
    let (rows, cols) = (self.rows, self.cols)
    rowVector.scalars.withUnsafeBufferPointer { b in
      scalars.withUnsafeMutableBufferPointer { o in
        // Eight columns at a time; addition is element-wise, so the result is
        // the same as the scalar loop's.
        let full = cols / 8 * 8
        for r in 0..<rows {
          let row = o.baseAddress! + r * cols
          for c in stride(from: 0, to: full, by: 8) {
            (SIMD8(loading: row + c, lanes: 8) + SIMD8(loading: b.baseAddress! + c, lanes: 8)).store(to: row + c, lanes: 8)
          }
          for c in full..<cols { row[c] += b[c] }
        }
      }
    }
  }

  /// Multiplies every row element-wise by a `1 × cols` row vector.
  ///
  /// ```swift
  /// let x = Tensor([[1, 2], [3, 4]])
  /// x.multiplyingRow(Tensor(row: [10, 0]))   // [[10, 0], [30, 0]]
  /// ```
  ///
  /// - Parameter rowVector: A `1 × cols` tensor of per-column factors.
  /// - Returns: A tensor of the same shape as `self`.
  public func multiplyingRow(_ rowVector: Tensor) -> Tensor {
    require(rowVector.rows == 1 && rowVector.cols == cols, "multiplyingRow needs a 1×\(cols) row")
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
  ///
  /// ```swift
  /// Tensor([[1, 2], [3, 4]]).sum()   // 10
  /// ```
  public func sum() -> Float {
    var total = 0.0
    for v in scalars { total += Double(v) }
    return Float(total)
  }

  /// The mean of all elements (0 for an empty tensor), accumulated in
  /// index order in `Double`.
  ///
  /// ```swift
  /// Tensor([[1, 2], [3, 4]]).mean()   // 2.5
  /// ```
  public func mean() -> Float {
    count == 0 ? 0 : Float(scalars.reduce(0.0) { $0 + Double($1) } / Double(count))
  }

  /// The sum of squares of all elements, accumulated in `Double`.
  ///
  /// ```swift
  /// Tensor([[3, 4]]).squaredNorm()   // 25
  /// ```
  public func squaredNorm() -> Float {
    // Four Double accumulators (element i goes to lane i mod 4), so the loop
    // vectorizes; the summation order is fixed, so the result is too.
    var lanes = SIMD4<Double>()
    let full = scalars.count / 4 * 4
    scalars.withUnsafeBufferPointer { x in
      for i in stride(from: 0, to: full, by: 4) {
        let v = SIMD4<Double>(Double(x[i]), Double(x[i + 1]), Double(x[i + 2]), Double(x[i + 3]))
        lanes += v * v
      }
    }
    var total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
    for i in full..<scalars.count { total += Double(scalars[i]) * Double(scalars[i]) }
    return Float(total)
  }

  /// The Euclidean (Frobenius) norm, `√(Σ x²)`.
  ///
  /// ```swift
  /// Tensor([[3, 4]]).norm()   // 5
  /// ```
  public func norm() -> Float { squaredNorm().squareRoot() }

  /// Column sums as a `1 × cols` row (the gradient of a bias).
  ///
  /// ```swift
  /// Tensor([[1, 2], [3, 4]]).sumOverRows()   // [[4, 6]]
  /// ```
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
  ///
  /// ```swift
  /// Tensor([[1, 2], [3, 4]]).meanOverRows()   // [[2, 3]]
  /// ```
  public func meanOverRows() -> Tensor {
    sumOverRows() / Float(Swift.max(rows, 1))
  }

  /// The index of the largest element of each row (the first one on ties).
  ///
  /// ```swift
  /// let logits = Tensor([[0.1, 2.0, -1.0], [3.0, 0.0, 3.0]])
  /// logits.argmaxPerRow()   // [1, 0]: the predicted classes
  /// ```
  public func argmaxPerRow() -> [Int] {
    scalars.withUnsafeBufferPointer { x in
      (0..<rows).map { r in
        let base = r * cols
        var best = 0
        for c in 1..<Swift.max(cols, 1) where x[base + c] > x[base + best] { best = c }
        return best
      }
    }
  }

  /// The smallest element (`+inf` for an empty tensor).
  ///
  /// ```swift
  /// Tensor([[3, -1, 2]]).min()   // -1
  /// ```
  public func min() -> Float { scalars.min() ?? .infinity }

  /// The largest element (`-inf` for an empty tensor).
  ///
  /// ```swift
  /// Tensor([[3, -1, 2]]).max()   // 3
  /// ```
  public func max() -> Float { scalars.max() ?? -.infinity }

  /// Whether every element is finite (no NaN, no infinity).
  public var isFinite: Bool { scalars.allSatisfy(\.isFinite) }

  /// The largest absolute difference to `other` (same shape), as used in
  /// gradient checks.
  ///
  /// ```swift
  /// let analytic = Tensor([[0.50, -1.00]])
  /// let numeric = Tensor([[0.51, -1.00]])
  /// analytic.maxAbsDifference(numeric)   // ≈ 0.01
  /// ```
  ///
  /// - Parameter other: A tensor of the same shape as `self`.
  /// - Precondition: `other` has the same shape.
  public func maxAbsDifference(_ other: Tensor) -> Float {
    require(rows == other.rows && cols == other.cols, "Shape mismatch in maxAbsDifference")
    var worst: Float = 0
    for i in 0..<count { worst = Swift.max(worst, abs(scalars[i] - other.scalars[i])) }
    return worst
  }
}
