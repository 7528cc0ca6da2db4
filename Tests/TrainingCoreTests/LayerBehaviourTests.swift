import Testing
import TrainingCore

@Suite("Initializers follow their published variances")
struct InitializerTests {
  /// Empirical standard deviation of a 256×256 draw (mean taken as zero, as
  /// every scheme here is zero-mean).
  private func empiricalStd(_ t: Tensor) -> Float {
    (t.squaredNorm() / Float(t.count)).squareRoot()
  }

  @Test(arguments: [
    // (initializer, fanIn, fanOut, std from the published formula)
    (Initializer.normal(std: 0.01), 256, 256, Float(0.01)),
    (.normal(std: 1), 256, 256, 1),
    (.uniform(limit: 0.5), 256, 256, 0.5 / Float(3).squareRoot()),
    (.xavierNormal, 256, 256, (2 / Float(512)).squareRoot()),
    (.xavierUniform, 256, 256, (2 / Float(512)).squareRoot()),
    (.lecunNormal, 256, 256, (1 / Float(256)).squareRoot()),
    (.lecunUniform, 256, 256, (1 / Float(256)).squareRoot()),
    (.heNormal(.fanIn), 256, 256, (2 / Float(256)).squareRoot()),
    (.heUniform(.fanIn), 256, 256, (2 / Float(256)).squareRoot()),
  ])
  func standardDeviationWithinThreePercent(initializer: Initializer, fanIn: Int, fanOut: Int, expected: Float) {
    var rng = RandomGenerator(seed: 2024)
    let w = initializer.makeWeights(fanIn: fanIn, fanOut: fanOut, using: &rng)
    #expect(w.rows == fanIn && w.cols == fanOut)
    #expect(abs(empiricalStd(w) - expected) / expected < 0.03, "\(initializer): \(empiricalStd(w)) vs \(expected)")
    #expect(initializer.standardDeviation(fanIn: fanIn, fanOut: fanOut) == expected)
  }

  @Test func fanModesUseTheRightFan() {
    // A 256×64 weight: fan-in 256, fan-out 64; the two He modes must differ by 2×.
    var rng = RandomGenerator(seed: 3)
    let byIn = Initializer.heNormal(.fanIn).makeWeights(fanIn: 256, fanOut: 64, using: &rng)
    let byOut = Initializer.heNormal(.fanOut).makeWeights(fanIn: 256, fanOut: 64, using: &rng)
    #expect(abs(empiricalStd(byIn) - (2 / Float(256)).squareRoot()) / (2 / Float(256)).squareRoot() < 0.03)
    #expect(abs(empiricalStd(byOut) - (2 / Float(64)).squareRoot()) / (2 / Float(64)).squareRoot() < 0.03)
  }

  @Test func uniformSchemesStayWithinTheirLimit() {
    var rng = RandomGenerator(seed: 4)
    let w = Initializer.xavierUniform.makeWeights(fanIn: 100, fanOut: 50, using: &rng)
    let limit = (6 / Float(150)).squareRoot()
    #expect(w.max() < limit && w.min() >= -limit)
    #expect(w.max() > 0.95 * limit)  // and the range is actually used
  }

  @Test func constantSchemes() {
    var rng = RandomGenerator(seed: 5)
    #expect(Initializer.zeros.makeWeights(fanIn: 3, fanOut: 4, using: &rng) == Tensor(rows: 3, cols: 4))
    #expect(Initializer.constant(0.5).makeWeights(fanIn: 2, fanOut: 2, using: &rng) == Tensor([[0.5, 0.5], [0.5, 0.5]]))
  }
}

@Suite("Batch normalization semantics")
struct BatchNormTests {
  @Test func trainingModeNormalizesWithBatchStatistics() {
    let layer = BatchNorm(2)
    layer.scale.value = Tensor(row: [2, 1])
    layer.shift.value = Tensor(row: [3, -1])
    var rng = RandomGenerator(seed: 1)
    let x = rng.normalTensor(rows: 64, cols: 2, mean: 5, std: 4)
    let y = layer.forward(x, training: true)
    let means = y.meanOverRows().scalars
    let stds = (0..<2).map { c in
      (y.column(c).map { ($0 - means[c]) * ($0 - means[c]) }.reduce(0, +) / 64).squareRoot()
    }
    #expect(abs(means[0] - 3) < 1e-4 && abs(means[1] + 1) < 1e-4)
    // Biased variance, so the std is γ·σ/√(σ²+ε) ≈ γ.
    #expect(abs(stds[0] - 2) < 1e-3 && abs(stds[1] - 1) < 1e-3)
  }

  @Test func runningStatisticsAfterThreeSteps() {
    // Batch [1, 2, 3, 4]: mean 2.5, biased variance 1.25, unbiased 5/3.
    // Step 1: mean 0.9·0 + 0.1·2.5 = 0.25;      var 0.9·1 + 0.1·5/3 = 1.0666667
    // Step 2: mean 0.9·0.25 + 0.25 = 0.475;     var 0.9·1.0666667 + 0.1666667 = 1.1266667
    // Step 3: mean 0.9·0.475 + 0.25 = 0.6775;   var 0.9·1.1266667 + 0.1666667 = 1.1806667
    let layer = BatchNorm(1)
    let batch = Tensor(column: [1, 2, 3, 4])
    let expected: [(Float, Float)] = [(0.25, 1.0666667), (0.475, 1.1266667), (0.6775, 1.1806667)]
    for (mean, variance) in expected {
      _ = layer.forward(batch, training: true)
      #expect(abs(layer.runningMean[0, 0] - mean) < 1e-6)
      #expect(abs(layer.runningVariance[0, 0] - variance) < 1e-6)
    }
    // Evaluation uses the running statistics: (x − 0.6775)/√(1.1806667 + 1e-5).
    let y = layer.forward(Tensor(column: [3]), training: false)
    #expect(abs(y[0, 0] - (3 - 0.6775) / (1.1806667 + 1e-5 as Float).squareRoot()) < 1e-5)
  }

  @Test func evaluationDoesNotDependOnTheBatchOrUpdateStatistics() {
    let layer = BatchNorm(3)
    var rng = RandomGenerator(seed: 2)
    for _ in 0..<10 { _ = layer.forward(rng.normalTensor(rows: 16, cols: 3, mean: 1, std: 2), training: true) }
    let runningMean = layer.runningMean
    let sample = rng.normalTensor(rows: 1, cols: 3)
    let alone = layer.forward(sample, training: false)
    let inBatch = layer.forward(Tensor.vstack([sample, rng.normalTensor(rows: 7, cols: 3, mean: 10)]), training: false)
    #expect(alone.row(0) == inBatch.row(0))
    #expect(layer.runningMean == runningMean)
    // Whereas training mode makes the same sample's output depend on its batch-mates.
    let trainA = layer.forward(Tensor.vstack([sample, rng.normalTensor(rows: 7, cols: 3)]), training: true)
    let trainB = layer.forward(Tensor.vstack([sample, rng.normalTensor(rows: 7, cols: 3, mean: 10)]), training: true)
    #expect(trainA.row(0) != trainB.row(0))
  }
}

@Suite("Dropout")
struct DropoutTests {
  @Test func invertedDropoutKeepsTheExpectedActivation() {
    for p: Float in [0.2, 0.5, 0.8] {
      let layer = Dropout(p, seed: 3)
      let x = Tensor(rows: 200, cols: 200, repeating: 1.5)
      let y = layer.forward(x, training: true)
      let dropped = Float(y.scalars.filter { $0 == 0 }.count) / Float(y.count)
      #expect(abs(dropped - p) < 0.01, "dropped fraction \(dropped) for p = \(p)")
      #expect(abs(y.mean() - 1.5) / 1.5 < 0.02, "mean \(y.mean()) for p = \(p)")
      // Survivors are scaled by 1/(1 − p).
      #expect(y.scalars.allSatisfy { $0 == 0 || abs($0 - 1.5 / (1 - p)) < 1e-5 })
    }
  }

  @Test func evaluationIsTheIdentity() {
    let layer = Dropout(0.5)
    var rng = RandomGenerator(seed: 4)
    let x = rng.normalTensor(rows: 10, cols: 10)
    #expect(layer.forward(x, training: false) == x)
  }

  @Test func masksDifferBetweenSteps() {
    let layer = Dropout(0.5)
    let x = Tensor(rows: 4, cols: 16, repeating: 1)
    #expect(layer.forward(x, training: true) != layer.forward(x, training: true))
  }
}

@Suite("Sequential and the layer builder")
struct SequentialTests {
  @Test func builderSupportsControlFlow() {
    for (useNorm, depth) in [(true, 2), (false, 0)] {
      let model = Sequential {
        Dense(2, 8)
        if useNorm { BatchNorm(8) }
        ReLU()
        for _ in 0..<depth {
          Dense(8, 8)
          ReLU()
        }
        if useNorm { LayerNorm(8) } else { Tanh() }
        Dense(8, 3)
      }
      #expect(model.layers.count == 4 + (useNorm ? 1 : 0) + 2 * depth)
      #expect((model.layers[1] is BatchNorm) == useNorm)
      #expect(model(Tensor(rows: 5, cols: 2, repeating: 1)).shape == (5, 3))
    }
  }

  @Test func theModelSeedGivesEqualLayersDifferentWeights() {
    let model = Sequential(seed: 1) {
      Dense(4, 4, init: .heNormal())
      Dense(4, 4, init: .heNormal())
    }
    let first = (model.layers[0] as! Dense).weight.value
    let second = (model.layers[1] as! Dense).weight.value
    #expect(first != second)
    let again = Sequential(seed: 1) { Dense(4, 4, init: .heNormal()); Dense(4, 4, init: .heNormal()) }
    #expect((again.layers[0] as! Dense).weight.value == first)
    let other = Sequential(seed: 2) { Dense(4, 4, init: .heNormal()); Dense(4, 4, init: .heNormal()) }
    #expect((other.layers[0] as! Dense).weight.value != first)
  }

  @Test func descriptionListsTheLayers() {
    let model = Sequential { Dense(2, 3, init: .heNormal()); ReLU(); Dropout(0.5) }
    #expect(model.description == "Sequential {\n  Dense(2, 3, init: heNormal(fanIn))\n  ReLU()\n  Dropout(0.5)\n}")
  }
}
