import Foundation

/// A dense, row-major matrix of `Float` values: the one array type of the
/// training core.
///
/// A batch of `n` samples with `d` features is an `n × d` tensor; a vector is
/// a `1 × d` tensor (a row). Elements are stored contiguously, row after row,
/// so `scalars[r * cols + c]` is the element at row `r`, column `c`.
///
/// ```swift
/// let x = Tensor([[1, 2], [3, 4]])
/// x[1, 0]            // 3
/// x.shape            // (rows: 2, cols: 2)
/// x.transposed()     // [[1, 3], [2, 4]]
/// let y = x * 2 + 1  // element-wise: [[3, 5], [7, 9]]
/// ```
///
/// `Tensor` is a value type with copy-on-write storage, like `Array`.
/// Arithmetic is element-wise (see ``+(_:_:)-(Tensor,Tensor)``), matrix
/// products go through ``matmul(_:_:transposeA:transposeB:threads:)``, and
/// every reduction sums in index order, so results never depend on the machine.
public struct Tensor: Equatable, Sendable {
  /// The number of rows (samples in a batch).
  public let rows: Int
  /// The number of columns (features).
  public let cols: Int
  /// The elements in row-major order; `scalars.count == rows * cols`.
  public var scalars: [Float]

  /// Creates a tensor from row-major elements.
  ///
  /// ```swift
  /// let t = Tensor(rows: 2, cols: 3, scalars: [1, 2, 3,
  ///                                            4, 5, 6])
  /// t[1, 2]   // 6
  /// ```
  ///
  /// - Parameters:
  ///   - rows: The number of rows, `≥ 0`.
  ///   - cols: The number of columns, `≥ 0`.
  ///   - scalars: The `rows * cols` elements, row after row.
  /// - Precondition: `scalars.count == rows * cols`.
  public init(rows: Int, cols: Int, scalars: [Float]) {
    require(rows >= 0 && cols >= 0, "Tensor shape must be non-negative, got \(rows)×\(cols)")
    require(
      scalars.count == rows * cols,
      "Tensor \(rows)×\(cols) needs \(rows * cols) elements, got \(scalars.count)")
    self.rows = rows
    self.cols = cols
    self.scalars = scalars
  }

  /// Creates a `rows × cols` tensor with every element equal to `value`.
  ///
  /// ```swift
  /// let zeros = Tensor(rows: 2, cols: 3)               // all 0
  /// let ones = Tensor(rows: 1, cols: 4, repeating: 1)  // a row of 1s
  /// ```
  ///
  /// - Parameters:
  ///   - rows: The number of rows.
  ///   - cols: The number of columns.
  ///   - value: The value of every element (0 by default).
  public init(rows: Int, cols: Int, repeating value: Float = 0) {
    self.init(rows: rows, cols: cols, scalars: Array(repeating: value, count: rows * cols))
  }

  /// Creates a tensor from nested rows, e.g. `Tensor([[1, 2], [3, 4]])`.
  ///
  /// ```swift
  /// let x = Tensor([[0.5, -1.0],
  ///                 [2.0,  3.0]])   // 2 × 2
  /// ```
  ///
  /// - Parameter rowValues: The rows, each an array of the same length.
  /// - Precondition: every row has the same length.
  public init(_ rowValues: [[Float]]) {
    let cols = rowValues.first?.count ?? 0
    require(rowValues.allSatisfy { $0.count == cols }, "Tensor rows must all have \(cols) elements")
    self.init(rows: rowValues.count, cols: cols, scalars: rowValues.flatMap { $0 })
  }

  /// Creates a `1 × n` row vector.
  ///
  /// ```swift
  /// let bias = Tensor(row: [0.1, 0.2, 0.3])   // 1 × 3
  /// ```
  ///
  /// - Parameter values: The elements of the row.
  public init(row values: [Float]) {
    self.init(rows: 1, cols: values.count, scalars: values)
  }

  /// Creates an `n × 1` column vector.
  ///
  /// ```swift
  /// let y = Tensor(column: [1.5, 2.5, 3.5])   // 3 × 1, e.g. regression targets
  /// ```
  ///
  /// - Parameter values: The elements of the column, top to bottom.
  public init(column values: [Float]) {
    self.init(rows: values.count, cols: 1, scalars: values)
  }

  /// The number of elements, `rows * cols`.
  public var count: Int { scalars.count }

  /// The shape as `(rows, cols)`.
  public var shape: (rows: Int, cols: Int) { (rows, cols) }

  /// The element at `row`, `column`.
  ///
  /// ```swift
  /// var x = Tensor(rows: 2, cols: 2)
  /// x[0, 1] = 5
  /// x[0, 1]   // 5
  /// ```
  ///
  /// - Parameters:
  ///   - row: The 0-based row index.
  ///   - column: The 0-based column index.
  /// - Precondition: both indices are in range.
  public subscript(row: Int, column: Int) -> Float {
    get {
      require(row >= 0 && row < rows && column >= 0 && column < cols, "Index (\(row), \(column)) out of \(rows)×\(cols)")
      return scalars[row * cols + column]
    }
    set {
      require(row >= 0 && row < rows && column >= 0 && column < cols, "Index (\(row), \(column)) out of \(rows)×\(cols)")
      scalars[row * cols + column] = newValue
    }
  }

  /// The elements of row `index` as an array.
  ///
  /// ```swift
  /// Tensor([[1, 2], [3, 4]]).row(1)   // [3, 4]
  /// ```
  ///
  /// - Parameter index: The 0-based row index.
  /// - Returns: The `cols` elements of that row.
  public func row(_ index: Int) -> [Float] {
    Array(scalars[index * cols..<(index + 1) * cols])
  }

  /// The elements of column `index` as an array.
  ///
  /// ```swift
  /// Tensor([[1, 2], [3, 4]]).column(1)   // [2, 4]
  /// ```
  ///
  /// - Parameter index: The 0-based column index.
  /// - Returns: The `rows` elements of that column, top to bottom.
  public func column(_ index: Int) -> [Float] {
    (0..<rows).map { scalars[$0 * cols + index] }
  }

  /// The rows as nested arrays (convenient for printing and tests).
  public var rowArrays: [[Float]] {
    (0..<rows).map(row)
  }

  /// A new tensor made of the given rows, in the given order (used to gather
  /// mini-batches).
  ///
  /// ```swift
  /// let x = Tensor([[1, 1], [2, 2], [3, 3]])
  /// x.gatherRows([2, 0])   // [[3, 3], [1, 1]]
  /// x.gatherRows(0..<2)    // the first two rows
  /// ```
  ///
  /// - Parameter indices: Row indices; repeats are allowed.
  /// - Returns: A `indices.count × cols` tensor.
  public func gatherRows<Indices: Collection<Int>>(_ indices: Indices) -> Tensor {
    var out = [Float]()
    out.reserveCapacity(indices.count * cols)
    for index in indices {
      require(index >= 0 && index < rows, "Row \(index) out of 0..<\(rows)")
      out.append(contentsOf: scalars[index * cols..<(index + 1) * cols])
    }
    return Tensor(rows: indices.count, cols: cols, scalars: out)
  }

  /// A new tensor of the given columns, in the given order.
  ///
  /// ```swift
  /// Tensor([[1, 2, 3], [4, 5, 6]]).gatherColumns([2, 0])   // [[3, 1], [6, 4]]
  /// ```
  ///
  /// - Parameter indices: Column indices; repeats are allowed.
  /// - Returns: A `rows × indices.count` tensor.
  public func gatherColumns(_ indices: [Int]) -> Tensor {
    var out = [Float]()
    out.reserveCapacity(rows * indices.count)
    for r in 0..<rows {
      for c in indices { out.append(scalars[r * cols + c]) }
    }
    return Tensor(rows: rows, cols: indices.count, scalars: out)
  }

  /// The transpose: element `(r, c)` moves to `(c, r)`.
  ///
  /// ```swift
  /// Tensor([[1, 2, 3]]).transposed()   // 3 × 1: [[1], [2], [3]]
  /// ```
  public func transposed() -> Tensor {
    var out = [Float](repeating: 0, count: count)
    // Blocked so that both the reads and the writes stay within a few cache lines.
    let block = 32
    scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for r0 in stride(from: 0, to: rows, by: block) {
          for c0 in stride(from: 0, to: cols, by: block) {
            for r in r0..<Swift.min(r0 + block, rows) {
              for c in c0..<Swift.min(c0 + block, cols) {
                dst[c * rows + r] = src[r * cols + c]
              }
            }
          }
        }
      }
    }
    return Tensor(rows: cols, cols: rows, scalars: out)
  }

  /// Stacks tensors with the same column count on top of each other.
  ///
  /// ```swift
  /// let both = Tensor.vstack([Tensor(row: [1, 2]), Tensor(row: [3, 4])])   // 2 × 2
  /// ```
  ///
  /// - Parameter parts: The tensors, top to bottom; an empty array gives a
  ///   `0 × 0` tensor.
  /// - Precondition: every part has the same number of columns.
  public static func vstack(_ parts: [Tensor]) -> Tensor {
    guard let cols = parts.first?.cols else { return Tensor(rows: 0, cols: 0) }
    require(parts.allSatisfy { $0.cols == cols }, "vstack needs equal column counts")
    return Tensor(rows: parts.reduce(0) { $0 + $1.rows }, cols: cols, scalars: parts.flatMap(\.scalars))
  }

  /// Places tensors with the same row count side by side.
  ///
  /// ```swift
  /// let x = Tensor(column: [1, 2])
  /// Tensor.hstack([x, x.map { $0 * $0 }])   // [[1, 1], [2, 4]]: a feature and its square
  /// ```
  ///
  /// - Parameter parts: The tensors, left to right; an empty array gives a
  ///   `0 × 0` tensor.
  /// - Precondition: every part has the same number of rows.
  public static func hstack(_ parts: [Tensor]) -> Tensor {
    guard let rows = parts.first?.rows else { return Tensor(rows: 0, cols: 0) }
    require(parts.allSatisfy { $0.rows == rows }, "hstack needs equal row counts")
    var out = [Float]()
    out.reserveCapacity(rows * parts.reduce(0) { $0 + $1.cols })
    for r in 0..<rows {
      for part in parts { out.append(contentsOf: part.scalars[r * part.cols..<(r + 1) * part.cols]) }
    }
    return Tensor(rows: rows, cols: parts.reduce(0) { $0 + $1.cols }, scalars: out)
  }

  /// The identity matrix of size `n × n`.
  ///
  /// ```swift
  /// let i = Tensor.identity(3)
  /// matmul(i, Tensor([[1], [2], [3]]))   // unchanged
  /// ```
  ///
  /// - Parameter n: The number of rows and columns.
  public static func identity(_ n: Int) -> Tensor {
    var t = Tensor(rows: n, cols: n)
    for i in 0..<n { t.scalars[i * n + i] = 1 }
    return t
  }
}

extension Tensor: CustomStringConvertible {
  /// A compact, NumPy-like rendering: the shape, then up to 6 rows of up to 8
  /// values each, printed with 4 decimals (in scientific notation with 4
  /// significant digits below 1e-3 or from 1e5 in magnitude).
  ///
  /// ```swift
  /// print(Tensor([[1, 2], [3, 4]]))
  /// // Tensor 2×2
  /// //   [1.0000, 2.0000]
  /// //   [3.0000, 4.0000]
  /// ```
  public var description: String {
    func format(_ v: Float) -> String {
      if v.isNaN { return "nan" }
      if v.isInfinite { return v > 0 ? "inf" : "-inf" }
      let magnitude = abs(v)
      if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5) {
        return String(format: "%.3e", Double(v))
      }
      return String(format: "%.4f", Double(v))
    }
    let shownRows = rows <= 6 ? Array(0..<rows) : [0, 1, 2, rows - 3, rows - 2, rows - 1]
    var lines = [String]()
    for (i, r) in shownRows.enumerated() {
      if rows > 6 && i == 3 { lines.append("  …") }
      let shownCols = cols <= 8 ? Array(0..<cols) : [0, 1, 2, 3, cols - 4, cols - 3, cols - 2, cols - 1]
      var cells = [String]()
      for (j, c) in shownCols.enumerated() {
        if cols > 8 && j == 4 { cells.append("…") }
        cells.append(format(self[r, c]))
      }
      lines.append("  [" + cells.joined(separator: ", ") + "]")
    }
    return "Tensor \(rows)×\(cols)\n" + lines.joined(separator: "\n")
  }
}
