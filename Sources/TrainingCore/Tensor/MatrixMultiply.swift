import Dispatch

// Matrix multiplication, written in Swift with SIMD and cache blocking.
//
// Why not BLAS: the course promises that a lesson gives the same numbers on
// every machine. BLAS kernels (OpenBLAS, MKL, Accelerate) pick different
// micro-kernels, blockings and FMA use per CPU and per thread count, so the
// rounding of every sum changes with the hardware. This kernel fixes the
// summation order instead: every element C[i, j] is computed as
//
//     c = 0
//     for k in 0 ..< K { c = c + A[i, k] * B[k, j] }      // k ascending
//
// with one multiply and one add per step (never a fused multiply-add, and no
// reassociation: the module is built without fast-math). SIMD lanes run over
// different output columns, cache blocks walk k in ascending order, and threads
// split the output rows, so no lane, block or thread ever reorders a sum. The
// result is bitwise identical to the naive triple loop above, run to run and for
// any thread count; the tests check exactly that.

/// Multiplies two matrices: `C = op(A) · op(B)`, where `op` optionally
/// transposes.
///
/// ```swift
/// let x = Tensor(rows: 4, cols: 3, repeating: 1)   // n × d
/// let w = Tensor(rows: 3, cols: 2, repeating: 1)   // d × h
/// let y = matmul(x, w)                              // n × h
/// let dy = Tensor(rows: 4, cols: 2, repeating: 1)
/// let dw = matmul(x, dy, transposeA: true)          // Xᵀ·dY, the weight gradient (d × h)
/// ```
///
/// The result is bitwise identical to a naive loop that sums over `k` in
/// ascending order with separate multiply and add, for any `threads` value.
///
/// - Parameters:
///   - a: The left matrix (`M × K`, or `K × M` when `transposeA`).
///   - b: The right matrix (`K × N`, or `N × K` when `transposeB`).
///   - transposeA: Whether to use `aᵀ` instead of `a` (`false` by default).
///   - transposeB: Whether to use `bᵀ` instead of `b` (`false` by default).
///   - threads: The number of threads that share the output rows (1 by
///     default). Results do not depend on it.
/// - Returns: The `M × N` product.
/// - Precondition: the inner dimensions agree.
public func matmul(
  _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false, threads: Int = 1
) -> Tensor {
  let (m, k) = transposeA ? (a.cols, a.rows) : (a.rows, a.cols)
  let (kb, n) = transposeB ? (b.cols, b.rows) : (b.rows, b.cols)
  require(k == kb, "matmul: inner dimensions differ (\(m)×\(k) · \(kb)×\(n))")
  let out = [Float](unsafeUninitializedCapacity: m * n) { pc, initialized in
    a.scalars.withUnsafeBufferPointer { pa in
      b.scalars.withUnsafeBufferPointer { pb in
        // A transpose is the same memory read with the strides swapped: the
        // packing routines gather from either layout, so nothing is copied.
        BlockedGEMM.multiply(
          m: m, n: n, k: k,
          a: BlockedGEMM.Operand(pa.baseAddress, rows: a.rows, cols: a.cols, transposed: transposeA),
          b: BlockedGEMM.Operand(pb.baseAddress, rows: b.rows, cols: b.cols, transposed: transposeB),
          c: pc.baseAddress, threads: threads)
      }
    }
    initialized = m * n
  }
  return Tensor(rows: m, cols: n, scalars: out)
}

extension Tensor {
  /// The matrix product `self · other`; see ``TrainingCore/matmul(_:_:transposeA:transposeB:threads:)``.
  ///
  /// ```swift
  /// let y = x.matmul(w)   // the same as matmul(x, w)
  /// ```
  ///
  /// - Parameter other: A `cols × N` matrix.
  /// - Returns: The `rows × N` product.
  public func matmul(_ other: Tensor) -> Tensor {
    TrainingCore.matmul(self, other)
  }
}

/// The blocked kernel behind `matmul`: packs panels of A and B and runs a
/// 4×16 register-tiled micro-kernel over them.
enum BlockedGEMM {
  /// Rows of the micro-tile.
  static let mr = 4
  /// Columns of the micro-tile (two 8-lane vectors).
  static let nr = 16
  /// Depth of a k-block: a 4×256 A strip plus a 256×16 B strip fit in L1.
  static let kc = 256
  /// Width of a column block: a 256×512 packed B panel (512 KiB) sits in L2.
  static let nc = 512
  /// Below this many multiply-adds, threading costs more than it saves.
  static let parallelThreshold = 1 << 21

  /// A read-only matrix in memory: element `(i, j)` is at
  /// `base[i * rowStride + j * colStride]`.
  struct Operand {
    let base: UnsafePointer<Float>?
    let rowStride: Int
    let colStride: Int

    /// A row-major `rows × cols` matrix, or its transpose (`cols × rows`).
    init(_ base: UnsafePointer<Float>?, rows: Int, cols: Int, transposed: Bool) {
      self.base = base
      rowStride = transposed ? 1 : cols
      colStride = transposed ? cols : 1
    }
  }

  /// `C (m×n) = A (m×k) · B (k×n)`, with `C` row-major and contiguous; its
  /// previous contents are ignored.
  static func multiply(
    m: Int, n: Int, k: Int, a: Operand, b: Operand, c: UnsafeMutablePointer<Float>?, threads: Int
  ) {
    guard m > 0, n > 0, let c else { return }
    guard k > 0, let pa = a.base, let pb = b.base else {
      c.initialize(repeating: 0, count: m * n)  // An empty sum.
      return
    }
    let rowStrips = (m + mr - 1) / mr
    // Sized for this product rather than for the largest blocks, and one
    // allocation for both: small products are the common case in training.
    let depth = min(kc, k)
    let packedACount = rowStrips * mr * depth
    let packedBCount = depth * ((min(nc, n) + nr - 1) / nr) * nr
    let packedA = UnsafeMutablePointer<Float>.allocate(capacity: packedACount + packedBCount)
    defer { packedA.deallocate() }
    let packedB = packedA + packedACount
    let workers = (m * n * k >= parallelThreshold) ? max(1, min(threads, rowStrips)) : 1

    // k-blocks run in ascending order: this is what keeps every sum in order.
    for k0 in stride(from: 0, to: k, by: kc) {
      let kb = min(kc, k - k0)
      packA(a: pa, a.rowStride, a.colStride, m: m, k0: k0, kb: kb, into: packedA)
      for j0 in stride(from: 0, to: n, by: nc) {
        let nb = min(nc, n - j0)
        packB(b: pb, b.rowStride, b.colStride, k0: k0, kb: kb, j0: j0, nb: nb, into: packedB)
        let panel = Panel(
          packedA: packedA, packedB: packedB, c: c + j0, ldc: n, m: m, nb: nb, kb: kb, accumulate: k0 > 0)
        if workers == 1 {
          panel.run(strips: 0..<rowStrips)
        } else {
          // Each worker owns whole rows of C: no element is touched by two
          // threads, so the split cannot change any result.
          DispatchQueue.concurrentPerform(iterations: workers) { w in
            panel.run(strips: rowStrips * w / workers..<rowStrips * (w + 1) / workers)
          }
        }
      }
    }
  }
  /// One packed (k-block × column-block) panel and the part of C it updates.
  ///
  /// `@unchecked Sendable`: workers share the read-only packed buffers and
  /// write disjoint row strips of `c`.
  struct Panel: @unchecked Sendable {
    let packedA: UnsafeMutablePointer<Float>
    let packedB: UnsafeMutablePointer<Float>
    /// The first column of this panel in C.
    let c: UnsafeMutablePointer<Float>
    let ldc: Int
    let m: Int
    let nb: Int
    let kb: Int
    /// Whether C already holds the sum over earlier k-blocks.
    let accumulate: Bool

    /// Computes the given row strips of the panel.
    func run(strips: Range<Int>) {
      let colStrips = (nb + nr - 1) / nr
      for s in strips {
        let rowsValid = min(mr, m - s * mr)
        for t in 0..<colStrips {
          microKernel(
            kb: kb,
            a: packedA + s * mr * kb, b: packedB + t * nr * kb,
            c: c + (s * mr) * ldc + t * nr, ldc: ldc,
            rows: rowsValid, cols: min(nr, nb - t * nr), accumulate: accumulate)
        }
      }
    }
  }

  // The packing loops walk pointers and use wrapping index arithmetic (`&*`):
  // for the small products of a training step, packing costs about as much as
  // the multiply-adds, and overflow checks would double it.

  /// Packs rows `0..<m`, columns `k0..<k0+kb` of A (element `(i, j)` at
  /// `a[i * rowStride + j * colStride]`) into strips of `mr` rows, k-major
  /// (`strip[k * mr + r]`), padding missing rows with zeros.
  static func packA(
    a: UnsafePointer<Float>, _ rowStride: Int, _ colStride: Int, m: Int, k0: Int, kb: Int,
    into dst: UnsafeMutablePointer<Float>
  ) {
    let strips = (m + mr - 1) / mr
    for s in 0..<strips {
      let strip = dst + s &* mr &* kb
      let rowsValid = min(mr, m - s &* mr)
      let first = a + (s &* mr) &* rowStride + k0 &* colStride  // element (s·mr, k0)
      if rowsValid == mr && rowStride == 1 {
        // A transposed A: the strip's rows sit side by side at every k.
        for kk in 0..<kb {
          UnsafeMutableRawPointer(strip + kk &* mr).storeBytes(
            of: UnsafeRawPointer(first + kk &* colStride).loadUnaligned(as: SIMD4<Float>.self), as: SIMD4<Float>.self)
        }
        continue
      }
      for r in 0..<mr {
        var target = strip + r
        if r < rowsValid {
          var source = first + r &* rowStride
          for _ in 0..<kb {
            target.pointee = source.pointee
            source += colStride
            target += mr
          }
        } else {
          for _ in 0..<kb {
            target.pointee = 0
            target += mr
          }
        }
      }
    }
  }

  /// Packs rows `k0..<k0+kb`, columns `j0..<j0+nb` of B (element `(i, j)` at
  /// `b[i * rowStride + j * colStride]`) into strips of `nr` columns, k-major
  /// (`strip[k * nr + c]`), padding missing columns with zeros.
  static func packB(
    b: UnsafePointer<Float>, _ rowStride: Int, _ colStride: Int, k0: Int, kb: Int, j0: Int, nb: Int,
    into dst: UnsafeMutablePointer<Float>
  ) {
    let strips = (nb + nr - 1) / nr
    for t in 0..<strips {
      let strip = dst + t &* nr &* kb
      let width = min(nr, nb - t &* nr)
      let first = b + k0 &* rowStride + (j0 + t &* nr) &* colStride  // element (k0, j0 + t·nr)
      if width == nr && colStride == 1 {
        for kk in 0..<kb {
          let source = first + kk &* rowStride
          let target = strip + kk &* nr
          store(load(source), target)
          store(load(source + 8), target + 8)
        }
        continue
      }
      // A narrow strip or a transposed B: copy column by column.
      for c in 0..<nr {
        var target = strip + c
        if c < width {
          var source = first + c &* colStride
          for _ in 0..<kb {
            target.pointee = source.pointee
            source += rowStride
            target += nr
          }
        } else {
          for _ in 0..<kb {
            target.pointee = 0
            target += nr
          }
        }
      }
    }
  }

  /// Computes one `mr × nr` tile: `C_tile (+)= A_strip · B_strip` over `kb`
  /// steps, keeping the 4×16 accumulators in registers. Only the valid
  /// `rows × cols` corner is read and written.
  @inline(__always)
  static func microKernel(
    kb: Int, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int, accumulate: Bool
  ) {
    typealias V = SIMD8<Float>
    var c00 = V(), c01 = V(), c10 = V(), c11 = V()
    var c20 = V(), c21 = V(), c30 = V(), c31 = V()
    let full = rows == mr && cols == nr
    if accumulate {
      if full {
        c00 = load(c); c01 = load(c + 8)
        c10 = load(c + ldc); c11 = load(c + ldc + 8)
        c20 = load(c + 2 * ldc); c21 = load(c + 2 * ldc + 8)
        c30 = load(c + 3 * ldc); c31 = load(c + 3 * ldc + 8)
      } else {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: mr * nr) { tile in
          let p = tile.baseAddress!
          p.initialize(repeating: 0, count: mr * nr)
          for r in 0..<rows { for j in 0..<cols { p[r * nr + j] = c[r * ldc + j] } }
          c00 = load(p); c01 = load(p + 8); c10 = load(p + 16); c11 = load(p + 24)
          c20 = load(p + 32); c21 = load(p + 40); c30 = load(p + 48); c31 = load(p + 56)
        }
      }
    }
    var pa = a
    var pb = b
    for _ in 0..<kb {
      let b0 = load(pb), b1 = load(pb + 8)
      let a0 = V(repeating: pa[0]), a1 = V(repeating: pa[1])
      let a2 = V(repeating: pa[2]), a3 = V(repeating: pa[3])
      c00 = c00 + a0 * b0; c01 = c01 + a0 * b1
      c10 = c10 + a1 * b0; c11 = c11 + a1 * b1
      c20 = c20 + a2 * b0; c21 = c21 + a2 * b1
      c30 = c30 + a3 * b0; c31 = c31 + a3 * b1
      pa += mr
      pb += nr
    }
    if full {
      store(c00, c); store(c01, c + 8)
      store(c10, c + ldc); store(c11, c + ldc + 8)
      store(c20, c + 2 * ldc); store(c21, c + 2 * ldc + 8)
      store(c30, c + 3 * ldc); store(c31, c + 3 * ldc + 8)
    } else {
      // An edge tile: spill the accumulators to a stack tile and copy out the
      // valid corner.
      withUnsafeTemporaryAllocation(of: Float.self, capacity: mr * nr) { tile in
        let p = tile.baseAddress!
        store(c00, p); store(c01, p + 8); store(c10, p + 16); store(c11, p + 24)
        store(c20, p + 32); store(c21, p + 40); store(c30, p + 48); store(c31, p + 56)
        for r in 0..<rows { for j in 0..<cols { c[r * ldc + j] = p[r * nr + j] } }
      }
    }
  }

  @inline(__always)
  static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  @inline(__always)
  static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  @inline(__always)
  static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
  }
}
