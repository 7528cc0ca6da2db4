import Foundation

/// Seeded synthetic data sets for the lessons: toy classification problems in
/// the plane, a noisy line for regression, and a badly scaled problem.
///
/// Every generator draws only from ``RandomGenerator`` seeded with `seed`, so
/// the same arguments always give the same data set. Samples come ordered by
/// class (shuffle with ``Dataset/split(validationFraction:seed:)`` or
/// mini-batches); labels are `0..<classes`.
///
/// ```swift
/// let data = SyntheticData.spiral(pointsPerClass: 100, classes: 3, seed: 0)
/// data.inputs.shape  // (300, 2)
/// let (train, validation) = data.split(validationFraction: 0.2, seed: 1)
/// ```
public enum SyntheticData {
  /// The CS231n spiral: `classes` interleaved arms of `pointsPerClass` points.
  ///
  /// Point i of class k has radius `r = i / (pointsPerClass − 1)` in `[0, 1]` and
  /// angle `θ = 4k + 4r + noise · N(0, 1)`; its coordinates are `(r sin θ, r cos θ)`.
  /// The noise only turns the angle, so every point lies within radius 1.
  ///
  /// ```swift
  /// let spiral = SyntheticData.spiral(pointsPerClass: 100, classes: 3, noise: 0.2, seed: 1)
  /// scatter(spiral, title: "Three arms")
  /// ```
  ///
  /// - Parameters:
  ///   - pointsPerClass: The number of points on each arm, `> 0`.
  ///   - classes: The number of arms, `> 0`.
  ///   - noise: The standard deviation of the angle noise, in radians.
  ///   - seed: Seeds the noise.
  /// - Returns: `classes · pointsPerClass` samples with 2 features.
  public static func spiral(pointsPerClass: Int = 100, classes: Int = 3, noise: Float = 0.2, seed: UInt64) -> Dataset {
    require(pointsPerClass > 0 && classes > 0, "spiral needs positive sizes")
    var generator = RandomGenerator(seed: seed)
    var points = [Float]()
    var labels = [Int]()
    for k in 0..<classes {
      for i in 0..<pointsPerClass {
        let radius = pointsPerClass > 1 ? Float(i) / Float(pointsPerClass - 1) : 0
        let angle = 4 * Float(k) + 4 * radius + noise * generator.normal()
        points += [radius * sin(angle), radius * cos(angle)]
        labels.append(k)
      }
    }
    return Dataset(inputs: Tensor(rows: labels.count, cols: 2, scalars: points), labels: labels)
  }

  /// Two interleaving half circles (scikit-learn's `make_moons`, unshuffled).
  ///
  /// Class 0 (`count / 2` points): `(cos a, sin a)`; class 1 (the rest):
  /// `(1 − cos a, 0.5 − sin a)`, with `a` evenly spaced over `[0, π]`; then
  /// `noise · N(0, 1)` is added to every coordinate.
  ///
  /// ```swift
  /// let moons = SyntheticData.moons(count: 300, noise: 0.15, seed: 3)
  /// ```
  ///
  /// - Parameters:
  ///   - count: The total number of points, `≥ 2`.
  ///   - noise: The standard deviation of the Gaussian noise per coordinate.
  ///   - seed: Seeds the noise.
  /// - Returns: `count` samples with 2 features and labels 0 and 1.
  public static func moons(count: Int = 200, noise: Float = 0.1, seed: UInt64) -> Dataset {
    require(count >= 2, "moons needs at least 2 points")
    let outer = count / 2
    var clean = [Float]()
    for i in 0..<outer {
      let a = Float.pi * evenlySpaced(i, outer)
      clean += [cos(a), sin(a)]
    }
    for i in 0..<(count - outer) {
      let a = Float.pi * evenlySpaced(i, count - outer)
      clean += [1 - cos(a), 0.5 - sin(a)]
    }
    var generator = RandomGenerator(seed: seed)
    return Dataset(
      inputs: Tensor(rows: count, cols: 2, scalars: clean.map { $0 + noise * generator.normal() }),
      labels: Array(repeating: 0, count: outer) + Array(repeating: 1, count: count - outer))
  }

  /// A circle inside a circle (scikit-learn's `make_circles`, unshuffled).
  ///
  /// Class 0 (`count / 2` points) lies on the unit circle, class 1 (the rest)
  /// on the circle of radius `factor`, at angles `2π i / m` for the `m` points
  /// of the class; then `noise · N(0, 1)` is added to every coordinate.
  ///
  /// ```swift
  /// let rings = SyntheticData.circles(count: 400, noise: 0.1, factor: 0.4, seed: 2)
  /// ```
  ///
  /// - Parameters:
  ///   - count: The total number of points, `≥ 2`.
  ///   - noise: The standard deviation of the Gaussian noise per coordinate.
  ///   - factor: The inner circle's radius, in `[0, 1)`.
  ///   - seed: Seeds the noise.
  /// - Returns: `count` samples with 2 features and labels 0 (outer) and 1
  ///   (inner).
  public static func circles(count: Int = 200, noise: Float = 0.05, factor: Float = 0.5, seed: UInt64) -> Dataset {
    require(count >= 2, "circles needs at least 2 points")
    require(factor >= 0 && factor < 1, "circles needs 0 ≤ factor < 1, got \(factor)")
    let outer = count / 2
    var clean = [Float]()
    for (radius, points) in [(Float(1), outer), (factor, count - outer)] {
      for i in 0..<points {
        let a = 2 * Float.pi * Float(i) / Float(points)
        clean += [radius * cos(a), radius * sin(a)]
      }
    }
    var generator = RandomGenerator(seed: seed)
    return Dataset(
      inputs: Tensor(rows: count, cols: 2, scalars: clean.map { $0 + noise * generator.normal() }),
      labels: Array(repeating: 0, count: outer) + Array(repeating: 1, count: count - outer))
  }

  /// Isotropic Gaussian clusters around the given centres (one class each).
  ///
  /// The `count` samples are shared out as evenly as possible, the first
  /// `count % centers.count` clusters getting one extra; a sample of class k
  /// is `centers[k] + std · N(0, I)`.
  ///
  /// ```swift
  /// let blobs = SyntheticData.blobs(count: 300, centers: [[-2, 0], [2, 0], [0, 3]], std: 0.8, seed: 1)
  /// ```
  ///
  /// - Parameters:
  ///   - count: The total number of samples.
  ///   - centers: One centre per class, all with the same number of
  ///     coordinates (the feature count).
  ///   - std: The standard deviation of every coordinate around its centre.
  ///   - seed: Seeds the noise.
  /// - Returns: `count` samples, labels `0..<centers.count`.
  public static func blobs(count: Int, centers: [[Float]], std: Float = 1, seed: UInt64) -> Dataset {
    require(!centers.isEmpty, "blobs needs at least one centre")
    let dimensions = centers[0].count
    require(centers.allSatisfy { $0.count == dimensions }, "blobs centres must all have \(dimensions) coordinates")
    var generator = RandomGenerator(seed: seed)
    var points = [Float]()
    var labels = [Int]()
    for (k, center) in centers.enumerated() {
      let size = count / centers.count + (k < count % centers.count ? 1 : 0)
      for _ in 0..<size {
        points += center.map { $0 + std * generator.normal() }
        labels.append(k)
      }
    }
    return Dataset(inputs: Tensor(rows: count, cols: dimensions, scalars: points), labels: labels)
  }

  /// Gaussian clusters around `centerCount` centres drawn uniformly from
  /// `centerRange` in every coordinate (scikit-learn's `make_blobs` default box
  /// is −10...10); otherwise like ``blobs(count:centers:std:seed:)``.
  ///
  /// ```swift
  /// let clusters = SyntheticData.blobs(count: 500, centerCount: 4, dimensions: 2, seed: 7)
  /// ```
  ///
  /// - Parameters:
  ///   - count: The total number of samples.
  ///   - centerCount: The number of clusters (classes), `> 0`.
  ///   - dimensions: The number of features, `> 0`.
  ///   - std: The standard deviation of every coordinate around its centre.
  ///   - centerRange: The range each centre coordinate is drawn from.
  ///   - seed: Seeds the centres and the noise.
  /// - Returns: `count` samples, labels `0..<centerCount`.
  public static func blobs(
    count: Int, centerCount: Int = 3, dimensions: Int = 2, std: Float = 1,
    centerRange: ClosedRange<Float> = -10...10, seed: UInt64
  ) -> Dataset {
    require(centerCount > 0 && dimensions > 0, "blobs needs positive sizes")
    var generator = RandomGenerator(seed: seed)
    let centers = (0..<centerCount).map { _ in
      (0..<dimensions).map { _ in generator.uniform(centerRange.lowerBound, centerRange.upperBound) }
    }
    return blobs(count: count, centers: centers, std: std, seed: generator.next())
  }

  /// The XOR problem: four Gaussian clusters at the corners `(±1, ±1)`.
  ///
  /// Sample i sits at corner `i % 4` of (1, 1), (−1, −1), (1, −1), (−1, 1) plus
  /// `noise · N(0, I)`; its label is 1 when the corner's coordinates differ in
  /// sign, so no single line separates the classes.
  ///
  /// ```swift
  /// let xor = SyntheticData.xor(count: 200, noise: 0.3, seed: 1)
  /// let linear = Sequential(seed: 1) { Dense(2, 2) }   // cannot do better than about 50%
  /// ```
  ///
  /// - Parameters:
  ///   - count: The number of samples.
  ///   - noise: The standard deviation of the Gaussian noise per coordinate.
  ///   - seed: Seeds the noise.
  /// - Returns: `count` samples with 2 features and labels 0 and 1 (unlike the
  ///   other generators, the classes alternate rather than come in order).
  public static func xor(count: Int = 200, noise: Float = 0.3, seed: UInt64) -> Dataset {
    let corners: [(x: Float, y: Float, label: Int)] = [(1, 1, 0), (-1, -1, 0), (1, -1, 1), (-1, 1, 1)]
    var generator = RandomGenerator(seed: seed)
    var points = [Float]()
    var labels = [Int]()
    for i in 0..<count {
      let corner = corners[i % 4]
      points += [corner.x + noise * generator.normal(), corner.y + noise * generator.normal()]
      labels.append(corner.label)
    }
    return Dataset(inputs: Tensor(rows: count, cols: 2, scalars: points), labels: labels)
  }

  /// One-dimensional regression data around the line `y = slope · x + intercept`.
  ///
  /// `x` is uniform in `[−1, 1)` and `y = slope · x + intercept + noise · N(0, 1)`.
  /// Then `round(outlierFraction · count)` samples, chosen at random, are
  /// pushed up by `outlierMagnitude` (pass a negative magnitude to push down),
  /// which pulls a least-squares fit towards them.
  ///
  /// ```swift
  /// let line = SyntheticData.noisyLine(count: 100, outlierFraction: 0.1, seed: 4)
  /// let model = Sequential(seed: 1) { Dense(1, 1) }
  /// try model.fit(line.dataset, loss: .huber(delta: 1), optimizer: SGD(learningRate: 0.1),
  ///               epochs: 100, batchSize: 20)
  /// ```
  ///
  /// - Parameters:
  ///   - count: The number of samples.
  ///   - slope: The line's slope.
  ///   - intercept: The line's value at `x = 0`.
  ///   - noise: The standard deviation of the Gaussian noise on `y`.
  ///   - outlierFraction: The share of samples made outliers, in `0...1`.
  ///   - outlierMagnitude: How far each outlier is pushed up.
  ///   - seed: Seeds `x`, the noise and the choice of outliers.
  /// - Returns: The data set with the clean targets and the outliers' indices.
  public static func noisyLine(
    count: Int = 100, slope: Float = 2, intercept: Float = 0.5, noise: Float = 0.1,
    outlierFraction: Float = 0, outlierMagnitude: Float = 5, seed: UInt64
  ) -> NoisyLine {
    require((0...1).contains(outlierFraction), "outlierFraction must be in 0...1, got \(outlierFraction)")
    var generator = RandomGenerator(seed: seed)
    let x = generator.uniformTensor(rows: count, cols: 1, low: -1, high: 1)
    let clean = x.map { slope * $0 + intercept }
    var y = clean.map { $0 + noise * generator.normal() }
    let outlierCount = Int((outlierFraction * Float(count)).rounded())
    let outliers = generator.permutation(count).prefix(outlierCount).sorted()
    for index in outliers { y.scalars[index] += outlierMagnitude }
    return NoisyLine(dataset: Dataset(inputs: x, values: y), cleanTargets: clean, outlierIndices: outliers)
  }

  /// A two-class problem whose features have wildly different scales, so
  /// standardization visibly matters.
  ///
  /// Each sample draws `u` uniform in `[0, 1)ᵈ` (d = `scales.count`); feature
  /// j is `scales[j] · (1 + uⱼ)`, so it lies in `[scales[j], 2 · scales[j])`
  /// with mean `1.5 · scales[j]` and standard deviation `scales[j] / √12`.
  /// The label is 1 when `Σⱼ uⱼ > d / 2`: a diagonal boundary that becomes a
  /// near-vertical wall in raw feature space. The default makes feature 0 lie
  /// in [1, 2) and feature 1 in [1000, 2000).
  ///
  /// ```swift
  /// let raw = SyntheticData.badlyScaled(count: 300, seed: 6)
  /// let scaler = Standardizer.fit(raw.inputs)
  /// let scaled = Dataset(inputs: scaler.transform(raw.inputs), targets: raw.targets)
  /// ```
  ///
  /// - Parameters:
  ///   - count: The number of samples.
  ///   - scales: One scale per feature (its count is the feature count).
  ///   - seed: Seeds the draws.
  /// - Returns: `count` samples with labels 0 and 1 (in random order).
  public static func badlyScaled(count: Int = 200, scales: [Float] = [1, 1000], seed: UInt64) -> Dataset {
    require(!scales.isEmpty, "badlyScaled needs at least one feature scale")
    var generator = RandomGenerator(seed: seed)
    var points = [Float]()
    var labels = [Int]()
    for _ in 0..<count {
      let u = scales.map { _ in generator.uniform() }
      points += zip(scales, u).map { scale, value in scale * (1 + value) }
      labels.append(u.reduce(0, +) > Float(scales.count) / 2 ? 1 : 0)
    }
    return Dataset(inputs: Tensor(rows: count, cols: scales.count, scalars: points), labels: labels)
  }

  /// `i / (count − 1)`: `count` evenly spaced values from 0 to 1 inclusive.
  private static func evenlySpaced(_ i: Int, _ count: Int) -> Float {
    count > 1 ? Float(i) / Float(count - 1) : 0
  }
}

/// A regression data set from ``SyntheticData/noisyLine(count:slope:intercept:noise:outlierFraction:outlierMagnitude:seed:)``
/// together with what the noise hid.
///
/// ```swift
/// let line = SyntheticData.noisyLine(count: 50, outlierFraction: 0.1, seed: 1)
/// line.outlierIndices.count   // 5
/// let model = Sequential(seed: 1) { Dense(1, 1) }
/// try model.fit(line.dataset, loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1),
///               epochs: 200, batchSize: 10)
/// // How far the fit is from the line the noise hid:
/// let error = meanSquaredError(predictions: model(line.dataset.inputs), targets: line.cleanTargets).value
/// ```
public struct NoisyLine: Sendable, Equatable {
  /// Inputs `x` (`n × 1`) and noisy targets `y` (`n × 1`), outliers included.
  public let dataset: Dataset
  /// The noiseless targets `slope · x + intercept` (`n × 1`), to compare fits with.
  public let cleanTargets: Tensor
  /// The indices of the samples that were made outliers, ascending.
  public let outlierIndices: [Int]
}
