import Foundation

/// The project's seeded pseudo-random generator: xoshiro256** 1.0 by Blackman
/// and Vigna, seeded through SplitMix64.
///
/// Every random number in the training core (initial weights, data sets,
/// shuffling, dropout masks) comes from a `RandomGenerator`, so a seed fixes
/// the whole experiment. The algorithm is written out here rather than taken
/// from the platform, because `SystemRandomNumberGenerator` cannot be seeded
/// and the standard library promises no stable algorithm for seeded use.
///
/// - 256-bit state, period 2²⁵⁶ − 1; output `rotl(s1 * 5, 7) * 9`.
/// - The four state words are the first four outputs of SplitMix64 started
///   at `seed`, as the authors recommend (this also avoids the all-zero state).
/// - Floats take the top 24 bits of a draw, so `uniform()` returns one of 2²⁴
///   evenly spaced values in `[0, 1)`.
///
/// ```swift
/// var rng = RandomGenerator(seed: 42)
/// let u = rng.uniform()                // in [0, 1)
/// let z = rng.normal(mean: 0, std: 1)  // Box–Muller
/// ```
///
/// Paper: https://prng.di.unimi.it (reference implementation `xoshiro256starstar.c`).
public struct RandomGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
  /// A second normal deviate left over from the last Box–Muller pair.
  private var spareNormal: Double?

  /// Creates a generator whose whole stream is determined by `seed`.
  ///
  /// ```swift
  /// var a = RandomGenerator(seed: 7), b = RandomGenerator(seed: 7)
  /// a.next() == b.next()   // true, on every machine
  /// ```
  ///
  /// - Parameter seed: Any 64-bit value; equal seeds give equal streams.
  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  /// The next 64 random bits (the `RandomNumberGenerator` requirement, so the
  /// generator also works with the standard library's `shuffled(using:)` and
  /// `random(in:using:)`).
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// let bits = rng.next()
  /// let die = Int.random(in: 1...6, using: &rng)
  /// ```
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotateLeft(s3, 45)
    return result
  }

  /// A generator for an independent sub-stream, derived from this one's next
  /// draw (used to give each layer or data set its own stream).
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// var dropoutStream = rng.split()   // advances rng by one draw
  /// ```
  public mutating func split() -> RandomGenerator {
    RandomGenerator(seed: next())
  }

  /// A uniform `Float` in `[0, 1)`, one of 2²⁴ evenly spaced values.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// let keep = rng.uniform() >= 0.5
  /// ```
  public mutating func uniform() -> Float {
    Float(next() >> 40) * 0x1p-24
  }

  /// A uniform `Float` in `[low, high)`.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// let w = rng.uniform(-0.1, 0.1)
  /// ```
  ///
  /// - Parameters:
  ///   - low: The inclusive lower bound.
  ///   - high: The exclusive upper bound.
  public mutating func uniform(_ low: Float, _ high: Float) -> Float {
    low + (high - low) * uniform()
  }

  /// A uniform `Double` in `[0, 1)`, one of 2⁵³ evenly spaced values.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// let u = rng.uniformDouble()
  /// ```
  public mutating func uniformDouble() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A normally distributed `Float`, by the Box–Muller transform in `Double`.
  ///
  /// Draws come in pairs; the second of a pair is returned by the next call.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// let noise = rng.normal(std: 0.1)   // N(0, 0.01)
  /// ```
  ///
  /// - Parameters:
  ///   - mean: The mean of the distribution (0 by default).
  ///   - std: The standard deviation (1 by default).
  public mutating func normal(mean: Float = 0, std: Float = 1) -> Float {
    if let spare = spareNormal {
      spareNormal = nil
      return mean + std * Float(spare)
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    let u1 = 1 - uniformDouble()
    let u2 = uniformDouble()
    let radius = (-2 * log(u1)).squareRoot()
    let angle = 2 * Double.pi * u2
    spareNormal = radius * sin(angle)
    return mean + std * Float(radius * cos(angle))
  }

  /// A uniform integer in `0..<upperBound`, without modulo bias (Lemire's
  /// multiply-and-reject method).
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// let sample = rng.integer(below: data.count)
  /// ```
  ///
  /// - Parameter upperBound: The exclusive upper bound, `> 0`.
  public mutating func integer(below upperBound: Int) -> Int {
    require(upperBound > 0, "integer(below:) needs a positive bound")
    let bound = UInt64(upperBound)
    var product = next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
    }
    return Int(product.high)
  }

  /// Shuffles `values` in place with the Fisher–Yates algorithm.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// var order = Array(0..<10)
  /// rng.shuffle(&order)
  /// ```
  ///
  /// - Parameter values: The array to shuffle.
  public mutating func shuffle<T>(_ values: inout [T]) {
    guard values.count > 1 else { return }
    for i in stride(from: values.count - 1, to: 0, by: -1) {
      values.swapAt(i, integer(below: i + 1))
    }
  }

  /// A random permutation of `0..<count`.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// let order = rng.permutation(5)   // e.g. [3, 0, 4, 1, 2]
  /// let shuffled = data.subset(order)
  /// ```
  ///
  /// - Parameter count: The number of indices.
  public mutating func permutation(_ count: Int) -> [Int] {
    var indices = Array(0..<count)
    shuffle(&indices)
    return indices
  }

  /// A `rows × cols` tensor of independent uniform draws in `[low, high)`.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// let x = rng.uniformTensor(rows: 100, cols: 2, low: -1, high: 1)
  /// ```
  ///
  /// - Parameters:
  ///   - rows: The number of rows.
  ///   - cols: The number of columns.
  ///   - low: The inclusive lower bound (0 by default).
  ///   - high: The exclusive upper bound (1 by default).
  public mutating func uniformTensor(rows: Int, cols: Int, low: Float = 0, high: Float = 1) -> Tensor {
    var values = [Float](repeating: 0, count: rows * cols)
    for i in values.indices { values[i] = uniform(low, high) }
    return Tensor(rows: rows, cols: cols, scalars: values)
  }

  /// A `rows × cols` tensor of independent normal draws, filled row by row.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// let w = rng.normalTensor(rows: 64, cols: 32, std: 0.01)   // "small random" weights
  /// ```
  ///
  /// - Parameters:
  ///   - rows: The number of rows.
  ///   - cols: The number of columns.
  ///   - mean: The mean of every element (0 by default).
  ///   - std: The standard deviation of every element (1 by default).
  public mutating func normalTensor(rows: Int, cols: Int, mean: Float = 0, std: Float = 1) -> Tensor {
    var values = [Float](repeating: 0, count: rows * cols)
    for i in values.indices { values[i] = normal(mean: mean, std: std) }
    return Tensor(rows: rows, cols: cols, scalars: values)
  }

  private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }
}
