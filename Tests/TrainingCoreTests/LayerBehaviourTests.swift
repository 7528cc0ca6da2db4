import Foundation
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

@Suite("Activations and softmax layers")
struct ActivationValueTests {
  /// Whether every element of `actual` is within 1e-6 (relative to max(1, |expected|)) of `expected`.
  private static func close(_ actual: Tensor, _ expected: [Double]) -> Bool {
    actual.count == expected.count
      && zip(actual.scalars, expected).allSatisfy { abs(Double($0) - $1) <= 1e-6 * max(1, abs($1)) }
  }

  @Test("ELU: x for x > 0, α(eˣ − 1) otherwise")
  func elu() {
    // e⁻¹ − 1 = −0.6321205588, e⁻³ − 1 = −0.9502129316.
    #expect(Self.close(ELU()(Tensor([[-1, 0, 2, -3]])), [-0.6321205588, 0, 2, -0.9502129316]))
    #expect(Self.close(ELU(alpha: 0.5)(Tensor([[-1, 1]])), [-0.3160602794, 1]))
    // The derivative at 0 is α (from the left), as PyTorch's elu_backward.
    let layer = ELU(alpha: 0.5)
    _ = layer.forward(Tensor([[0, -1]]), training: true)
    #expect(Self.close(layer.backward(Tensor([[1, 1]])), [0.5, 0.5 * 0.3678794412]))
    #expect(layer.description == "ELU(alpha: 0.5)")
  }

  @Test("Softplus: log(1 + e^(βx))/β, and x itself above the threshold")
  func softplus() {
    // log 2 = 0.6931471806; log(1 + e⁻³) = 0.0485873516; log(1 + e²)/2 = 1.0634640055.
    #expect(Self.close(Softplus()(Tensor([[0, -3]])), [0.6931471806, 0.0485873516]))
    #expect(Self.close(Softplus(beta: 2)(Tensor([[1]])), [1.0634640055]))
    // β·x = 30 > 20: exactly x, and x = 100 does not overflow exp.
    #expect(Softplus()(Tensor([[30, 100]])) == Tensor([[30, 100]]))
    // A lower threshold switches earlier: β·x = 2 > 1.5.
    #expect(Softplus(threshold: 1.5)(Tensor([[2]])) == Tensor([[2]]))
    // Derivative σ(βx): σ(0) = ½; 1 above the threshold.
    let layer = Softplus()
    _ = layer.forward(Tensor([[0, 25]]), training: true)
    #expect(layer.backward(Tensor([[1, 1]])) == Tensor([[0.5, 1]]))
  }

  @Test("SiLU: x·σ(x)")
  func silu() {
    // σ(1) = 0.7310585786, −2·σ(−2) = −0.2384058440.
    #expect(Self.close(SiLU()(Tensor([[0, 1, -2]])), [0, 0.7310585786, -0.2384058440]))
    // SiLU′(0) = σ(0) = ½; SiLU′(1) = σ(1)(1 + 1 − σ(1)) = 0.9276705118.
    let layer = SiLU()
    _ = layer.forward(Tensor([[0, 1]]), training: true)
    #expect(Self.close(layer.backward(Tensor([[1, 1]])), [0.5, 0.9276705118]))
  }

  @Test("Softmax and LogSoftmax layers match the functions, with the Jacobian-vector products by hand")
  func softmaxLayers() {
    var rng = RandomGenerator(seed: 1)
    let x = rng.normalTensor(rows: 3, cols: 4, std: 2)
    #expect(Softmax()(x) == softmax(x))
    #expect(LogSoftmax()(x) == logSoftmax(x))
    #expect(logSoftmax(x).maxAbsDifference(softmax(x).map { log($0) }) < 1e-6)
    // log ¼ = −1.3862943611, log ¾ = −0.2876820725; huge gaps stay finite.
    #expect(Self.close(logSoftmax(Tensor([[0, Float(log(3.0))]])), [-1.3862943611, -0.2876820725]))
    #expect(logSoftmax(Tensor([[0, 2000]])) == Tensor([[-2000, 0]]))
    // y = softmax([0, log 3]) = [¼, ¾], g = [1, 2]: Σg·y = 1.75, dx = y·(g − 1.75) = [−0.1875, 0.1875].
    let softmaxLayer = Softmax()
    _ = softmaxLayer.forward(Tensor([[0, Float(log(3.0))]]), training: true)
    #expect(Self.close(softmaxLayer.backward(Tensor([[1, 2]])), [-0.1875, 0.1875]))
    // Same y, g = [1, 2]: Σg = 3, dx = g − y·3 = [0.25, −0.25].
    let logLayer = LogSoftmax()
    _ = logLayer.forward(Tensor([[0, Float(log(3.0))]]), training: true)
    #expect(Self.close(logLayer.backward(Tensor([[1, 2]])), [0.25, -0.25]))
    // The mean negative log-probability of the labels is the cross-entropy.
    let labels = [0, 3, 1]
    let logProbabilities = logSoftmax(x)
    let nll = labels.enumerated().reduce(0.0) { $0 - Double(logProbabilities[$1.offset, $1.element]) } / 3
    #expect(abs(nll - Double(crossEntropy(logits: x, labels: labels).value)) < 1e-6)
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

  @Test func settableRunningStatisticsDriveEvaluation() {
    let layer = BatchNorm(2)
    layer.scale.value = Tensor(row: [2, 1])
    layer.shift.value = Tensor(row: [0.5, 0])
    layer.runningMean = Tensor(row: [1, -1])
    layer.runningVariance = Tensor(row: [4, 0.25])
    // γ·(x − μ)/√(σ² + ε) + β: 2·(3 − 1)/√(4 + 1e-5) + 0.5 ≈ 2.4999988, 1·(0 + 1)/√(0.25 + 1e-5) ≈ 1.99996.
    let y = layer.forward(Tensor([[3, 0]]), training: false)
    #expect(abs(y[0, 0] - (4 / (4 + 1e-5 as Float).squareRoot() + 0.5)) < 1e-6)
    #expect(abs(y[0, 1] - 1 / (0.25 + 1e-5 as Float).squareRoot()) < 1e-6)
    // Training mode updates the statistics that were set: 0.9·1 + 0.1·2 = 1.1 for a batch of mean 2.
    _ = layer.forward(Tensor([[1, 0], [3, 0]]), training: true)
    #expect(abs(layer.runningMean[0, 0] - 1.1) < 1e-6)
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

  @Test func aKeepMaskChosenByTheCaller() {
    let layer = Dropout(0.5, seed: 7)
    layer.keepMask = Tensor([[1, 0, 1, 0]])
    // Kept units are scaled by 1/(1 − 0.5) = 2; the gradient flows through the same mask.
    #expect(layer.forward(Tensor([[1, 2, 3, 4]]), training: true) == Tensor([[2, 0, 6, 0]]))
    #expect(layer.backward(Tensor([[1, 1, 1, 1]])) == Tensor([[2, 0, 2, 0]]))
    // Evaluation ignores it.
    #expect(layer.forward(Tensor([[1, 2, 3, 4]]), training: false) == Tensor([[1, 2, 3, 4]]))
    // Without dropping probability the mask still applies, unscaled.
    let unscaled = Dropout(0)
    unscaled.keepMask = Tensor([[0, 1]])
    #expect(unscaled.forward(Tensor([[5, 5]]), training: true) == Tensor([[0, 5]]))
  }

  @Test func aKeepMaskReproducesADrawnMaskAndDrawsNothing() {
    let x = Tensor(rows: 3, cols: 8, repeating: 1)
    let drawn = Dropout(0.3, seed: 5).forward(x, training: true)
    let layer = Dropout(0.3, seed: 5)
    layer.keepMask = drawn.map { $0 == 0 ? 0 : 1 }
    #expect(layer.forward(x, training: true) == drawn)
    #expect(layer.forward(x, training: true) == drawn)
    // The random stream did not advance: the first drawn mask comes next.
    layer.keepMask = nil
    #expect(layer.forward(x, training: true) == drawn)
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

  @Test func snapshotAndRestoreParametersAndRunningStatistics() throws {
    func model() -> Sequential {
      Sequential(seed: 3) {
        Dense(2, 8, init: .heNormal()); BatchNorm(8); ReLU()
        Residual { Dense(8, 8, init: .heNormal()); BatchNorm(8); Tanh() }
        Dense(8, 3)
      }
    }
    let data = SyntheticData.spiral(pointsPerClass: 20, classes: 3, seed: 1)
    let trained = model()
    try trained.fit(data, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01), epochs: 2, batchSize: 16)
    let snapshot = trained.snapshot()
    #expect(snapshot.parameterValues.count == trained.parameters.count)
    // Two batch-norm layers, one of them nested in the residual block: mean and variance each.
    #expect(snapshot.runningStatistics.count == 4)
    #expect(snapshot.runningStatistics[2] == ((trained.layers[3] as! Residual).body.layers[1] as! BatchNorm).runningMean)
    let outputs = trained(data.inputs)
    try trained.fit(data, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01), epochs: 2, batchSize: 16)
    #expect(trained(data.inputs) != outputs)
    #expect(trained.snapshot() != snapshot)  // training moved on; the snapshot did not
    trained.restore(snapshot)
    #expect(trained.snapshot() == snapshot)
    #expect(trained(data.inputs) == outputs)  // evaluation uses the restored running statistics too
    // A fresh model built the same way takes the snapshot as well.
    let fresh = model()
    fresh.restore(snapshot)
    #expect(fresh(data.inputs) == outputs)
  }

  @Test func descriptionListsTheLayers() {
    let model = Sequential { Dense(2, 3, init: .heNormal()); ReLU(); Dropout(0.5) }
    #expect(model.description == "Sequential {\n  Dense(2, 3, init: heNormal(fanIn))\n  ReLU()\n  Dropout(0.5)\n}")
  }
}
