import Foundation
import Testing
import TrainingCore

/// How many samples carry each label `0..<classes`.
private func classSizes(_ labels: [Int], classes: Int) -> [Int] {
  (0..<classes).map { k in labels.filter { $0 == k }.count }
}

/// Biased standard deviation of one column.
private func standardDeviation(_ values: [Float]) -> Double {
  let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
  return (values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)).squareRoot()
}

@Suite("Data: synthetic generators")
struct DataGeneratorTests {
  @Test("every generator: same seed gives identical data, another seed different data")
  func determinism() {
    let generators: [(UInt64) -> Dataset] = [
      { SyntheticData.spiral(seed: $0) },
      { SyntheticData.moons(seed: $0) },
      { SyntheticData.circles(seed: $0) },
      { SyntheticData.blobs(count: 90, centers: [[0, 0], [5, 5]], seed: $0) },
      { SyntheticData.blobs(count: 90, seed: $0) },
      { SyntheticData.xor(seed: $0) },
      { SyntheticData.noisyLine(outlierFraction: 0.1, seed: $0).dataset },
      { SyntheticData.badlyScaled(seed: $0) },
    ]
    for generate in generators {
      #expect(generate(7) == generate(7))
      #expect(generate(7).inputs != generate(8).inputs)
    }
  }

  @Test("spiral: CS231n shape, radius i/(N − 1), points inside the unit disc")
  func spiral() {
    let data = SyntheticData.spiral(pointsPerClass: 50, classes: 4, noise: 0.3, seed: 1)
    #expect(data.inputs.shape == (200, 2))
    #expect(data.labels == (0..<4).flatMap { Array(repeating: $0, count: 50) })
    #expect(data.classCount == 4)
    for r in 0..<data.count {
      let point = data.inputs.row(r)
      let radius = (point[0] * point[0] + point[1] * point[1]).squareRoot()
      #expect(abs(radius - Float(r % 50) / 49) < 1e-6)
    }
    // Without noise the angle is exactly 4k + 4r: the last point of class 1 is at θ = 8.
    let clean = SyntheticData.spiral(pointsPerClass: 50, classes: 4, noise: 0, seed: 1)
    let last = clean.inputs.row(99)
    #expect(abs(last[0] - sin(8)) < 1e-6 && abs(last[1] - cos(8)) < 1e-6)
  }

  @Test("moons: two half circles with the requested counts")
  func moons() {
    let data = SyntheticData.moons(count: 101, noise: 0, seed: 2)
    #expect(data.inputs.shape == (101, 2))
    #expect(classSizes(data.labels, classes: 2) == [50, 51])
    for r in 0..<data.count {
      let p = data.inputs.row(r)
      // Class 0 lies on the unit circle's upper half; class 1 on the circle around (1, 0.5), lower half.
      let (dx, dy) = data.labels[r] == 0 ? (p[0], p[1]) : (p[0] - 1, p[1] - 0.5)
      #expect(abs((dx * dx + dy * dy).squareRoot() - 1) < 1e-5)
      #expect(data.labels[r] == 0 ? dy >= -1e-6 : dy <= 1e-6)
    }
    let noisy = SyntheticData.moons(count: 101, noise: 0.1, seed: 2)
    let spread = noisy.inputs - data.inputs
    #expect(abs(standardDeviation(spread.scalars) - 0.1) < 0.02)
  }

  @Test("circles: outer radius 1, inner radius factor")
  func circles() {
    let data = SyntheticData.circles(count: 60, noise: 0, factor: 0.3, seed: 3)
    #expect(classSizes(data.labels, classes: 2) == [30, 30])
    for r in 0..<data.count {
      let p = data.inputs.row(r)
      #expect(abs((p[0] * p[0] + p[1] * p[1]).squareRoot() - (data.labels[r] == 0 ? 1 : 0.3)) < 1e-6)
    }
  }

  @Test("blobs: clusters around the given centres, sizes shared out")
  func blobs() {
    let centers: [[Float]] = [[0, 0, 0], [10, 0, -10], [-10, 10, 0]]
    let data = SyntheticData.blobs(count: 301, centers: centers, std: 0.5, seed: 4)
    #expect(data.inputs.shape == (301, 3))
    #expect(classSizes(data.labels, classes: 3) == [101, 100, 100])
    for k in 0..<3 {
      let members = data.inputs.gatherRows(data.labels.indices.filter { data.labels[$0] == k })
      let mean = members.meanOverRows().scalars
      #expect(zip(mean, centers[k]).allSatisfy { abs($0 - $1) < 0.2 })
      #expect(abs(standardDeviation(members.column(0)) - 0.5) < 0.1)
    }
    let drawn = SyntheticData.blobs(count: 40, centerCount: 4, dimensions: 5, std: 0.1, seed: 4)
    #expect(drawn.inputs.shape == (40, 5))
    #expect(drawn.classCount == 4)
    #expect(drawn.inputs.min() > -10.6 && drawn.inputs.max() < 10.6)
  }

  @Test("xor: balanced classes at the four corners, label = signs differ")
  func xor() {
    let data = SyntheticData.xor(count: 400, noise: 0.1, seed: 5)
    #expect(data.inputs.shape == (400, 2))
    #expect(classSizes(data.labels, classes: 2) == [200, 200])
    for r in 0..<data.count {
      let p = data.inputs.row(r)
      #expect(data.labels[r] == ((p[0] > 0) != (p[1] > 0) ? 1 : 0))
    }
  }

  @Test("noisyLine: targets near the line, the requested share of outliers above it")
  func noisyLine() {
    let line = SyntheticData.noisyLine(
      count: 200, slope: -3, intercept: 2, noise: 0.05, outlierFraction: 0.1, outlierMagnitude: 4, seed: 6)
    let x = line.dataset.inputs, y = line.dataset.targets.values
    #expect(x.shape == (200, 1) && y.shape == (200, 1))
    #expect(x.min() >= -1 && x.max() < 1)
    #expect(line.outlierIndices.count == 20)
    #expect(line.outlierIndices == line.outlierIndices.sorted() && Set(line.outlierIndices).count == 20)
    #expect(line.cleanTargets.maxAbsDifference(x.map { -3 * $0 + 2 }) < 1e-6)
    for r in 0..<200 {
      let residual = y.scalars[r] - line.cleanTargets.scalars[r]
      if line.outlierIndices.contains(r) {
        #expect(abs(residual - 4) < 0.3)
      } else {
        #expect(abs(residual) < 0.3)
      }
    }
    #expect(SyntheticData.noisyLine(count: 50, seed: 6).outlierIndices.isEmpty)
  }

  @Test("badlyScaled: feature scales differ by ≥ 100, means are far from zero, classes balanced")
  func badlyScaled() {
    let data = SyntheticData.badlyScaled(count: 1000, seed: 7)
    #expect(data.inputs.shape == (1000, 2))
    let small = data.inputs.column(0), large = data.inputs.column(1)
    #expect(small.min()! >= 1 && small.max()! < 2)
    #expect(large.min()! >= 1000 && large.max()! < 2000)
    #expect(standardDeviation(large) / standardDeviation(small) >= 100)
    #expect(data.inputs.meanOverRows().scalars.allSatisfy { $0 > 1 })
    let sizes = classSizes(data.labels, classes: 2)
    #expect(sizes.allSatisfy { $0 > 400 })
    // The label is the latent rule Σ uⱼ > d/2 with uⱼ = x_j / scale_j − 1.
    for r in 0..<data.count {
      let latent = (small[r] - 1) + (large[r] / 1000 - 1)
      if abs(latent - 1) > 1e-3 { #expect(data.labels[r] == (latent > 1 ? 1 : 0)) }
    }
  }
}

@Suite("Data: split, mini-batches and labels")
struct DataBatchingTests {
  /// A data set whose first feature is the sample's index, so parts can be traced back.
  private func indexed(_ count: Int) -> Dataset {
    Dataset(inputs: Tensor(column: (0..<count).map(Float.init)), labels: (0..<count).map { $0 % 3 })
  }

  @Test("split is a deterministic partition with the requested sizes")
  func split() {
    let data = indexed(103)
    let (train, validation) = data.split(validationFraction: 0.2, seed: 9)
    #expect(validation.count == 21 && train.count == 82)
    let all = (train.inputs.scalars + validation.inputs.scalars).map(Int.init)
    #expect(all.sorted() == Array(0..<103))
    // Targets travel with their inputs.
    for part in [train, validation] {
      #expect(part.labels == part.inputs.scalars.map { Int($0) % 3 })
    }
    let again = data.split(validationFraction: 0.2, seed: 9)
    #expect(again.train == train && again.validation == validation)
    #expect(data.split(validationFraction: 0.2, seed: 10).validation != validation)
    // Shuffled, not the first or last 21 samples.
    #expect(validation.inputs.scalars.map(Int.init).sorted() != Array(0..<21))
    #expect(validation.inputs.scalars.map(Int.init).sorted() != Array(82..<103))
    #expect(data.split(validationFraction: 0, seed: 1).validation.count == 0)
    #expect(data.split(validationFraction: 1, seed: 1).train.count == 0)
  }

  @Test("mini-batch indices cover every sample once; the last batch is smaller")
  func miniBatchIndexPartition() {
    var generator = RandomGenerator(seed: 12)
    let batches = miniBatchIndices(count: 23, batchSize: 5, generator: &generator)
    #expect(batches.map(\.count) == [5, 5, 5, 5, 3])
    #expect(batches.flatMap { $0 }.sorted() == Array(0..<23))
    #expect(batches.flatMap { $0 } != Array(0..<23))
    // The next epoch draws a new order; a fresh generator repeats the first.
    #expect(miniBatchIndices(count: 23, batchSize: 5, generator: &generator) != batches)
    var fresh = RandomGenerator(seed: 12)
    #expect(miniBatchIndices(count: 23, batchSize: 5, generator: &fresh) == batches)
    #expect(miniBatchIndices(count: 6, batchSize: 4) == [[0, 1, 2, 3], [4, 5]])
    #expect(miniBatchIndices(count: 6, batchSize: 3) == [[0, 1, 2], [3, 4, 5]])
    #expect(miniBatchIndices(count: 0, batchSize: 3).isEmpty)
  }

  @Test("batches of a data set: partition, order and determinism")
  func datasetBatches() {
    let data = indexed(10)
    let ordered = data.batches(size: 4, shuffleSeed: nil)
    #expect(ordered.map(\.count) == [4, 4, 2])
    #expect(Dataset(inputs: .vstack(ordered.map(\.inputs)), labels: ordered.flatMap(\.labels)) == data)
    let shuffled = data.batches(size: 4, shuffleSeed: 3)
    #expect(shuffled.map(\.count) == [4, 4, 2])
    #expect(shuffled.flatMap(\.inputs.scalars).map(Int.init).sorted() == Array(0..<10))
    #expect(shuffled.flatMap(\.inputs.scalars) != data.inputs.scalars)
    #expect(data.batches(size: 4, shuffleSeed: 3) == shuffled)
    for batch in shuffled {
      #expect(batch.labels == batch.inputs.scalars.map { Int($0) % 3 })
    }
  }

  @Test("classCount and one-hot encoding")
  func labels() {
    #expect(Dataset(inputs: Tensor(column: [0, 0, 0]), labels: [0, 4, 2]).classCount == 5)
    #expect(oneHot([2, 0, 1, 2], classes: 3) == Tensor([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]))
    #expect(oneHot([], classes: 4).shape == (0, 4))
    #expect(oneHot([1], classes: 4).argmaxPerRow() == [1])
  }
}
