import Testing
import TrainingCore

/// The 2-16-16-3 ReLU network of the spiral workload.
private func spiralNetwork(init initializer: Initializer, seed: UInt64 = 7) -> Sequential {
  Sequential(seed: seed) {
    Dense(2, 16, init: initializer)
    ReLU()
    Dense(16, 16, init: initializer)
    ReLU()
    Dense(16, 3, init: initializer)
  }
}

private func weights(of model: Sequential) -> [[UInt32]] {
  model.parameters.map { $0.value.scalars.map(\.bitPattern) }
}

@Suite("Training end to end")
struct TrainingTests {
  let spiral = SyntheticData.spiral(pointsPerClass: 100, classes: 3, noise: 0.2, seed: 1)

  @Test func heInitializedNetworkLearnsTheSpiral() throws {
    let model = spiralNetwork(init: .heNormal())
    let history = try model.fit(
      spiral, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.1, momentum: 0.9),
      epochs: 300, batchSize: 32, shuffleSeed: 3)
    #expect(model.accuracy(on: spiral) >= 0.95)
    #expect(history.trainLoss.last! < history.trainLoss.first! / 4)
    #expect(history.stepLosses.count == 300 * 10)  // ⌈300 / 32⌉ = 10 steps per epoch
  }

  @Test func zeroInitializationStaysAtChanceWithIdenticalHiddenUnits() throws {
    let model = spiralNetwork(init: .zeros)
    try model.fit(
      spiral, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.1, momentum: 0.9),
      epochs: 100, batchSize: 32, shuffleSeed: 3)
    #expect(model.accuracy(on: spiral) < 0.40)  // chance is 1/3
    for layer in model.layers.compactMap({ $0 as? Dense }).dropLast() {
      // Every hidden unit's incoming weights (a column) equal the first unit's.
      let w = layer.weight.value
      let firstUnit = w.column(0)
      #expect((1..<w.cols).allSatisfy { w.column($0) == firstUnit })
    }
  }

  @Test func sameSeedTrainsToBitwiseIdenticalWeights() throws {
    func train(seed: UInt64 = 5) throws -> Sequential {
      let model = Sequential(seed: seed) {
        Dense(2, 16, init: .heNormal()); BatchNorm(16); ReLU(); Dropout(0.2)
        Dense(16, 3)
      }
      try model.fit(spiral, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01), epochs: 5, batchSize: 32, shuffleSeed: 9)
      return model
    }
    let first = try train()
    let second = try train()
    #expect(weights(of: first) == weights(of: second))
    // Trained the same way, another seed ends elsewhere: the seed matters.
    #expect(weights(of: try train(seed: 6)) != weights(of: first))
  }

  @Test func divergenceStopsWithTheStepAndLayer() {
    var line = SyntheticData.noisyLine(count: 64, seed: 2).dataset
    line.inputs = line.inputs * 100
    func model() -> Sequential {
      Sequential(seed: 1) {
        Dense(1, 8, init: .heNormal())
        Tanh()
        Dense(8, 1, init: .heNormal())
      }
    }
    // A learning rate far too large: the weights grow every step until the
    // squared error overflows while every activation is still finite.
    #expect {
      try model().fit(line, loss: .meanSquaredError, optimizer: SGD(learningRate: 0.5), epochs: 50, batchSize: 64)
    } throws: { error in
      guard case let .nonFiniteLoss(step, epoch, layer, loss) = error as? TrainingError else { return false }
      return step > 1 && epoch == step && loss == .infinity && layer == "the loss (meanSquaredError)"
    }
    // A learning rate that overflows the weights in the first update: the
    // first layer's output is the first non-finite value of step 1.
    #expect {
      try model().fit(line, loss: .meanSquaredError, optimizer: SGD(learningRate: .greatestFiniteMagnitude), epochs: 5, batchSize: 64)
    } throws: { error in
      guard case let .nonFiniteLoss(step, _, layer, loss) = error as? TrainingError else { return false }
      return step == 1 && !loss.isFinite && layer == "0: Dense(1, 8, init: heNormal(fanIn))"
    }
  }

  @Test func divergenceMessagePrintsNaNWhateverItsSign() {
    func message(_ loss: Float) -> String {
      TrainingError.nonFiniteLoss(step: 4, epoch: 0, layer: "the loss (crossEntropy)", loss: loss).description
    }
    #expect(message(.nan).hasPrefix("training diverged: loss is NaN at step 4 (epoch 0); first non-finite values in the loss (crossEntropy)."))
    #expect(message(-.nan).hasPrefix("training diverged: loss is NaN at step 4"))
    #expect(message(.infinity).hasPrefix("training diverged: loss is inf at step 4"))
    #expect(message(-.infinity).hasPrefix("training diverged: loss is -inf at step 4"))
  }

  @Test func historyRecordsValidationAndGradientNorms() throws {
    let (train, validation) = spiral.split(validationFraction: 0.2, seed: 4)
    let model = spiralNetwork(init: .heNormal())
    var seen = [Int]()
    let history = try model.fit(
      train, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01), epochs: 4, batchSize: 32,
      validation: validation, onEpoch: { seen.append($0.epoch) })
    #expect(seen == [0, 1, 2, 3])
    #expect(history.validationLoss.count == 4 && history.validationAccuracy.count == 4)
    #expect(history.epochs.allSatisfy { $0.gradientNorms.count == 3 && $0.gradientNorms.allSatisfy { $0 > 0 } })
    #expect(model.parameterizedLayerNames == ["0: Dense(2, 16, init: heNormal(fanIn))", "2: Dense(16, 16, init: heNormal(fanIn))", "4: Dense(16, 3, init: heNormal(fanIn))"])
  }

  @Test func scheduleSetsTheLearningRateEveryStep() throws {
    let model = spiralNetwork(init: .heNormal())
    let optimizer = SGD(learningRate: 1)
    let history = try model.fit(
      spiral, loss: .crossEntropy(), optimizer: optimizer, epochs: 2, batchSize: 100,
      schedule: .stepDecay(initial: 0.1, every: 3, factor: 0.5))
    // 3 steps per epoch: steps 0–2 at 0.1, steps 3–5 at 0.05.
    #expect(history.epochs.map(\.learningRate) == [0.1, 0.05])
  }
}

@Suite("Diagnostics")
struct DiagnosticsTests {
  @Test func histogramCountsAndEdges() {
    let h = Histogram(values: [0, 0.1, 0.5, 0.99, 1, 2, -5], bins: 2, range: 0...1)
    #expect(h.counts == [3, 4])  // −5 clamps into the first bin; 1 and 2 into the last
    #expect(h.edges == [0, 0.5, 1])
    #expect(h.total == 7)
    #expect(h.nonFiniteCount == 0)
  }

  @Test func histogramSkipsNonFiniteValuesAndClampsHugeOnes() {
    let values: [Float] = [.infinity, 0.25, -.infinity, .nan, -.nan, 0.75, 1e30, -1e30]
    let fixed = Histogram(values: values, bins: 2, range: 0...1)
    #expect(fixed.counts == [2, 2])  // ±1e30 clamp into the edge bins
    #expect(fixed.nonFiniteCount == 4)
    let own = Histogram(values: [.infinity, 1, 3, -.infinity], bins: 2)
    #expect(own.lowerBound == 1 && own.upperBound == 3)  // the range of the finite values
    #expect(own.counts == [1, 1] && own.nonFiniteCount == 2)
    let none = Histogram(values: [.nan, .infinity], bins: 3)
    #expect(none.total == 0 && none.nonFiniteCount == 2)
  }

  @Test func activationStatisticsAndDeadUnits() {
    let model = Sequential(seed: 1) {
      Dense(2, 4, init: .heNormal())
      ReLU()
    }
    let dense = model.layers[0] as! Dense
    // Unit 0 gets a large negative bias: dead for inputs in [0, 1).
    dense.bias!.value = Tensor(row: [-100, 0, 0, 0])
    var rng = RandomGenerator(seed: 2)
    let x = rng.uniformTensor(rows: 50, cols: 2)
    let dead = model.deadReLUFractions(for: x)
    #expect(dead.count == 1 && dead[0].fraction >= 0.25)
    let stats = model.activationStatistics(for: x)
    #expect(stats.count == 2)
    #expect(stats[1].zeroFraction >= 0.25)
    #expect(stats[1].histogram.total == 200)
    #expect(abs(stats[0].mean - model.lastOutputs[0].mean()) < 1e-6)
  }
}
