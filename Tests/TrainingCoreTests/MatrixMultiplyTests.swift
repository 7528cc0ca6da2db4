import Testing
import TrainingCore

/// The reference the blocked kernel must equal bit for bit: `c = c + a*b` over
/// ascending k, separate multiply and add.
private func naiveProduct(_ a: Tensor, _ b: Tensor) -> Tensor {
  var c = Tensor(rows: a.rows, cols: b.cols)
  for i in 0..<a.rows {
    for j in 0..<b.cols {
      var sum: Float = 0
      for k in 0..<a.cols {
        let product = a[i, k] * b[k, j]
        sum = sum + product
      }
      c[i, j] = sum
    }
  }
  return c
}

@Suite("Matrix multiply")
struct MatrixMultiplyTests {
  @Test("small product by hand")
  func smallProduct() {
    let c = matmul(Tensor([[1, 2], [3, 4]]), Tensor([[5, 6], [7, 8]]))
    #expect(c == Tensor([[19, 22], [43, 50]]))
  }

  @Test(
    "bitwise equal to the naive ascending-k loop, including edge tiles and several k-blocks",
    arguments: [(1, 1, 1), (3, 5, 7), (4, 16, 8), (5, 17, 300), (33, 70, 513), (64, 530, 40)])
  func matchesNaiveLoop(shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    var rng = RandomGenerator(seed: UInt64(m * 1000 + n * 10 + k))
    let a = rng.normalTensor(rows: m, cols: k)
    let b = rng.normalTensor(rows: k, cols: n)
    let fast = matmul(a, b)
    let reference = naiveProduct(a, b)
    #expect(fast.scalars.map(\.bitPattern) == reference.scalars.map(\.bitPattern))
  }

  @Test("thread count does not change a single bit")
  func threadInvariance() {
    var rng = RandomGenerator(seed: 9)
    let a = rng.normalTensor(rows: 130, cols: 300)
    let b = rng.normalTensor(rows: 300, cols: 200)
    let one = matmul(a, b, threads: 1)
    for threads in [2, 3, 8] {
      #expect(matmul(a, b, threads: threads).scalars.map(\.bitPattern) == one.scalars.map(\.bitPattern))
    }
  }

  @Test(
    "transpose flags pack straight from the stored layout, bitwise equal to the naive loop",
    arguments: [(1, 1, 1), (3, 5, 7), (4, 16, 8), (9, 35, 300), (37, 530, 20)])
  func transposedOperandsMatchNaiveLoop(shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    var rng = RandomGenerator(seed: UInt64(m * 7 + n * 3 + k))
    let a = rng.normalTensor(rows: m, cols: k)
    let b = rng.normalTensor(rows: k, cols: n)
    let reference = naiveProduct(a, b).scalars.map(\.bitPattern)
    let (at, bt) = (a.transposed(), b.transposed())
    #expect(matmul(at, b, transposeA: true).scalars.map(\.bitPattern) == reference)
    #expect(matmul(a, bt, transposeB: true).scalars.map(\.bitPattern) == reference)
    #expect(matmul(at, bt, transposeA: true, transposeB: true).scalars.map(\.bitPattern) == reference)
  }

  @Test("an empty inner dimension gives zeros")
  func emptyInnerDimension() {
    #expect(matmul(Tensor(rows: 3, cols: 0), Tensor(rows: 0, cols: 2)) == Tensor(rows: 3, cols: 2))
    #expect(matmul(Tensor(rows: 0, cols: 3), Tensor(rows: 0, cols: 2), transposeA: true) == Tensor(rows: 3, cols: 2))
  }

  @Test("transpose flags equal explicit transposes")
  func transposeFlags() {
    var rng = RandomGenerator(seed: 4)
    let a = rng.normalTensor(rows: 6, cols: 9)
    let b = rng.normalTensor(rows: 6, cols: 5)
    #expect(matmul(a, b, transposeA: true) == matmul(a.transposed(), b))
    let c = rng.normalTensor(rows: 4, cols: 9)
    #expect(matmul(a, c, transposeB: true) == matmul(a, c.transposed()))
  }
}
