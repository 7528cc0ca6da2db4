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

@Suite("Gradient clipping")
struct GradientClippingTests {
  let spiral = SyntheticData.spiral(pointsPerClass: 30, classes: 3, noise: 0.2, seed: 1)

  /// Parameters with gradients [3] and [[4, 0]]: global norm 5.
  private static func threeFourFive() -> [Parameter] {
    let first = Parameter(name: "a", role: .weight, value: Tensor([[0]]))
    let second = Parameter(name: "b", role: .bias, value: Tensor([[0, 0]]))
    first.gradient = Tensor([[3]])
    second.gradient = Tensor([[4, 0]])
    return [first, second]
  }

  @Test("clipping by norm rescales all gradients together by maxNorm/(norm + 1e-6), as clip_grad_norm_")
  func byNorm() {
    let parameters = Self.threeFourFive()
    #expect(globalGradientNorm(parameters) == 5)
    #expect(GradientClipping.norm(1).clip(parameters) == 5)  // the norm before clipping
    // c = 1/(5 + 1e-6): [3, 4]·c = [0.59999988, 0.79999984], the direction kept.
    let c = 1 / (Float(5) + 1e-6)
    #expect(parameters[0].gradient == Tensor([[3 * c]]) && parameters[1].gradient == Tensor([[4 * c, 0]]))
    #expect(abs(globalGradientNorm(parameters) - 1) < 1e-6)
    // Below the maximum nothing changes, bit for bit.
    let small = Self.threeFourFive()
    GradientClipping.norm(10).clip(small)
    #expect(small[0].gradient == Tensor([[3]]) && small[1].gradient == Tensor([[4, 0]]))
    // At exactly the maximum, the 1e-6 makes c slightly below 1, so PyTorch scales (by 5/(5 + 1e-6)).
    let boundary = Self.threeFourFive()
    GradientClipping.norm(5).clip(boundary)
    #expect(boundary[0].gradient[0, 0] < 3 && boundary[0].gradient[0, 0] > 2.999998)
  }

  @Test("clipping by value clamps each element to [−limit, limit]; NaN stays NaN")
  func byValue() {
    let parameter = Parameter(name: "w", role: .weight, value: Tensor([[0, 0, 0, 0]]))
    parameter.gradient = Tensor([[3, -0.2, -4, 0.5]])
    let norm = GradientClipping.value(0.5).clip([parameter])
    #expect(abs(norm - Float((9 + 0.04 + 16 + 0.25 as Double).squareRoot())) < 1e-6)
    #expect(parameter.gradient == Tensor([[0.5, -0.2, -0.5, 0.5]]))
    parameter.gradient = Tensor([[.nan, 7]])
    GradientClipping.value(1).clip([parameter])
    #expect(parameter.gradient[0, 0].isNaN && parameter.gradient[0, 1] == 1)
    #expect(GradientClipping.norm(1).description == "norm(1.0)" && GradientClipping.value(0.5).description == "value(0.5)")
  }

  @Test("fit clips after the penalty gradients and before the step, as the loop written out by hand")
  func fitMatchesTheHandWrittenLoop() throws {
    func model() -> Sequential {
      Sequential(seed: 4) { Dense(2, 16, init: .heNormal()); ReLU(); Dense(16, 3) }
    }
    let regularizer = Regularizer.l2(0.01)
    for clipping in [GradientClipping.norm(0.15), .value(0.05)] {
      let byHand = model()
      let optimizer = SGD(learningRate: 0.5, momentum: 0.9)
      var norms = [Float]()
      for _ in 0..<3 {
        byHand.zeroGradients()
        let result = Loss.crossEntropy().evaluate(byHand.forward(spiral.inputs, training: true), spiral.targets)
        _ = byHand.backward(result.gradient)
        regularizer.addGradients(to: byHand.parameters)
        norms.append(clipping.clip(byHand.parameters))
        optimizer.step(byHand.parameters)
      }
      let fitted = model()
      let history = try fitted.fit(
        spiral, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.5, momentum: 0.9), epochs: 3,
        batchSize: spiral.count, shuffleSeed: nil, regularizers: [regularizer], gradientClipping: clipping)
      #expect(fitted.snapshot() == byHand.snapshot(), "\(clipping)")
      #expect(history.stepGradientNorms == norms)
      if case .norm(let maxNorm) = clipping {
        #expect(norms.allSatisfy { $0 > maxNorm }, "the clipping was active at every step: \(norms)")
      }
      // Without clipping the run ends elsewhere.
      let unclipped = model()
      try unclipped.fit(
        spiral, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.5, momentum: 0.9), epochs: 3,
        batchSize: spiral.count, shuffleSeed: nil, regularizers: [regularizer])
      #expect(unclipped.snapshot() != fitted.snapshot())
    }
  }

  @Test("a clip that never binds changes nothing; norms are recorded per step and averaged per epoch")
  func historyRecordsNormsBeforeClipping() throws {
    func train(_ clipping: GradientClipping?) throws -> (History, ModelSnapshot) {
      let model = spiralNetwork(init: .heNormal())
      let (train, validation) = spiral.split(validationFraction: 0.2, seed: 2)
      let history = try model.fit(
        train, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01), epochs: 3, batchSize: 16,
        validation: validation, gradientClipping: clipping)
      return (history, model.snapshot())
    }
    let (plain, plainWeights) = try train(nil)
    let (loose, looseWeights) = try train(.norm(1e9))
    #expect(loose == plain && looseWeights == plainWeights)
    // 72 training samples in batches of 16: 5 steps per epoch.
    #expect(plain.stepGradientNorms.count == 15 && plain.stepLosses.count == 15)
    for (epoch, record) in plain.epochs.enumerated() {
      let steps = plain.stepGradientNorms[5 * epoch..<5 * (epoch + 1)]
      let mean = steps.reduce(0.0) { $0 + Double($1) } / 5
      #expect(abs(Double(record.globalGradientNorm) - mean) < 1e-6 * mean)
    }
    // A tight clip changes the run but not what is recorded before it, nor validation.
    let (tight, _) = try train(.norm(0.01))
    #expect(tight.stepGradientNorms[0] == plain.stepGradientNorms[0])
    #expect(tight.stepLosses[1] != plain.stepLosses[1])
    #expect(tight.validationLoss.count == 3 && tight.validationAccuracy.count == 3)
  }

  @Test("divergence is still reported with clipping on")
  func divergenceWithClipping() {
    var line = SyntheticData.noisyLine(count: 64, seed: 2).dataset
    line.inputs = line.inputs * 100
    let model = Sequential(seed: 1) { Dense(1, 8, init: .heNormal()); Tanh(); Dense(8, 1, init: .heNormal()) }
    // Clipped gradients of norm 1 times a learning rate of 1e38 still overflow the weights.
    #expect {
      try model.fit(
        line, loss: .meanSquaredError, optimizer: SGD(learningRate: 1e38), epochs: 5, batchSize: 64,
        gradientClipping: .norm(1))
    } throws: { error in
      guard case let .nonFiniteLoss(step, _, _, loss) = error as? TrainingError else { return false }
      return step >= 1 && !loss.isFinite
    }
  }
}

/// An "optimizer" that sets the last parameter (a bias) to the next value of
/// a script at every step, so that a run's losses follow the script.
private final class ScriptedBias: Optimizer {
  var learningRate: Float = 0
  private var script: [Float]
  init(_ script: [Float]) { self.script = script }
  func step(_ parameters: [Parameter]) { parameters.last!.value = Tensor([[script.removeFirst()]]) }
  var description: String { "ScriptedBias" }
}

@Suite("Early stopping and stopWhen")
struct EarlyStoppingTests {
  let spiral = SyntheticData.spiral(pointsPerClass: 30, classes: 3, noise: 0.2, seed: 1)

  /// Trains y = w·x + b on one sample x = 0, y = 0 (so the loss is b²), one
  /// step per epoch, with b set to `biases[e]` by epoch e's step: epoch e's
  /// validation loss (on the same sample) is `biases[e]²`.
  private static func scripted(_ biases: [Float], _ rule: EarlyStopping) throws -> (History, bias: Float) {
    let model = Sequential { Dense(1, 1) }
    let sample = Dataset(inputs: Tensor([[0]]), values: Tensor([[0]]))
    let history = try model.fit(
      sample, loss: .meanSquaredError, optimizer: ScriptedBias(biases), epochs: biases.count, batchSize: 1,
      validation: sample, earlyStopping: rule)
    return (history, model.parameters.last!.value[0, 0])
  }

  /// Validation losses 9, 4, 4, 3.61, 6.25, 1, 1, 16, 16, 16.
  private let biases: [Float] = [3, 2, 2, 1.9, 2.5, 1, 1, 4, 4, 4]

  @Test("Keras's rule by hand: stop after `patience` epochs in a row without a strict improvement")
  func patience() throws {
    // Best 9 (0), 4 (1); 4 is no improvement (1 epoch); 3.61 (3); 6.25 (1 epoch); 1 (5); 1 (1 epoch);
    // 16 (2 epochs): stop after epoch 7, best epoch 5, and the weights stay those of epoch 7.
    let (history, bias) = try Self.scripted(biases, EarlyStopping(patience: 2))
    #expect(history.stoppedEpoch == 7 && history.bestEpoch == 5)
    #expect(history.epochs.count == 8 && history.stepLosses.count == 8)
    #expect(history.validationLoss == [9, 4, 4, Float(1.9) * Float(1.9), 6.25, 1, 1, 16])
    #expect(bias == 4)
    // Patience 3 waits for one more epoch without improvement: 1, 16, 16 after epoch 5.
    let (patient, _) = try Self.scripted(biases, EarlyStopping(patience: 3))
    #expect(patient.stoppedEpoch == 8 && patient.bestEpoch == 5 && patient.epochs.count == 9)
  }

  @Test("minDelta: an improvement has to beat the best by more than it")
  func minDelta() throws {
    // minDelta 0.5: 9 (0), 4 (1); 4 and 3.61 are not below 4 − 0.5: two epochs, stop after epoch 3.
    let (history, _) = try Self.scripted(biases, EarlyStopping(patience: 2, minDelta: 0.5))
    #expect(history.stoppedEpoch == 3 && history.bestEpoch == 1)
  }

  @Test("restoreBestWeights puts back the best epoch's weights, also when training runs to the end")
  func restoreBestWeights() throws {
    let (stopped, stoppedBias) = try Self.scripted(biases, EarlyStopping(patience: 2, restoreBestWeights: true))
    #expect(stopped.stoppedEpoch == 7 && stoppedBias == 1)  // epoch 5's bias
    let (finished, finishedBias) = try Self.scripted(biases, EarlyStopping(patience: 100, restoreBestWeights: true))
    #expect(finished.stoppedEpoch == nil && finished.bestEpoch == 5 && finished.epochs.count == 10)
    #expect(finishedBias == 1)
  }

  @Test("monitoring the training loss needs no validation data")
  func trainLoss() throws {
    // With a learning rate of 0 nothing changes, so epoch 0 stays the best: stop after epoch 3.
    let model = Sequential(seed: 1) { Dense(2, 8, init: .heNormal()); ReLU(); Dense(8, 3) }
    let history = try model.fit(
      spiral, loss: .crossEntropy(), optimizer: SGD(learningRate: 0), epochs: 50, batchSize: 30, shuffleSeed: nil,
      earlyStopping: EarlyStopping(monitor: .trainLoss, patience: 3))
    #expect(history.stoppedEpoch == 3 && history.bestEpoch == 0 && history.epochs.count == 4)
  }

  @Test("a real run stops where the rule, applied by hand to the full run's accuracies, says, with the best epoch's weights")
  func realRunFollowsTheRule() throws {
    let (train, validation) = spiral.split(validationFraction: 0.3, seed: 5)
    func model() -> Sequential { Sequential(seed: 2) { Dense(2, 32, init: .heNormal()); ReLU(); Dense(32, 3) } }
    let full = model()
    var weights = [ModelSnapshot]()
    let complete = try full.fit(
      train, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.05), epochs: 60, batchSize: 16,
      validation: validation, onEpoch: { _ in weights.append(full.snapshot()) })
    // The rule, written out: higher accuracy is better.
    var best = -Float.infinity, bestEpoch = 0, waited = 0
    var stop: Int?
    for (epoch, accuracy) in complete.validationAccuracy.enumerated() {
      if accuracy > best {
        (best, bestEpoch, waited) = (accuracy, epoch, 0)
      } else {
        waited += 1
        if waited >= 5 {
          stop = epoch
          break
        }
      }
    }
    let last = try #require(stop, "the rule stops this run early")
    let stopped = model()
    var seen = [Int]()
    let history = try stopped.fit(
      train, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.05), epochs: 60, batchSize: 16,
      validation: validation,
      earlyStopping: EarlyStopping(monitor: .validationAccuracy, patience: 5, restoreBestWeights: true),
      onEpoch: { seen.append($0.epoch) })
    #expect(history.stoppedEpoch == last && history.bestEpoch == bestEpoch)
    #expect(history.epochs == Array(complete.epochs[0...last]))
    #expect(seen == Array(0...last))
    #expect(stopped.snapshot() == weights[bestEpoch])
  }

  @Test("stopWhen ends training after the epoch it returns true for; onEpoch sees that epoch first")
  func stopWhen() throws {
    func model() -> Sequential { Sequential(seed: 2) { Dense(2, 16, init: .heNormal()); ReLU(); Dense(16, 3) } }
    let complete = try model().fit(spiral, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.02), epochs: 40, batchSize: 16)
    let target: Float = 0.6
    let first = try #require(complete.trainLoss.firstIndex { $0 < target })
    let stopped = model()
    var order = [String]()
    let history = try stopped.fit(
      spiral, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.02), epochs: 40, batchSize: 16,
      onEpoch: { order.append("onEpoch \($0.epoch)") },
      stopWhen: { record in
        order.append("stopWhen \(record.epoch)")
        return record.trainLoss < target
      })
    #expect(history.stoppedEpoch == first && history.bestEpoch == nil)
    #expect(history.epochs == Array(complete.epochs[0...first]))
    #expect(order.suffix(2) == ["onEpoch \(first)", "stopWhen \(first)"])
    // Without a stop, neither is set.
    #expect(complete.stoppedEpoch == nil && complete.bestEpoch == nil)
  }

  @Test("a trailing closure is still onEpoch")
  func trailingClosure() throws {
    var epochs = [Int]()
    try Sequential { Dense(2, 3) }.fit(spiral, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.1), epochs: 3, batchSize: 30) { record in
      epochs.append(record.epoch)
    }
    #expect(epochs == [0, 1, 2])
  }

  @Test("stopWhen and early stopping together: either stops, and the best weights still come back")
  func stopWhenWithEarlyStopping() throws {
    // stopWhen stops after epoch 4 (validation loss 6.25), before patience would; epoch 3 (3.61) was best.
    let model = Sequential { Dense(1, 1) }
    let sample = Dataset(inputs: Tensor([[0]]), values: Tensor([[0]]))
    let history = try model.fit(
      sample, loss: .meanSquaredError, optimizer: ScriptedBias(biases), epochs: 10, batchSize: 1,
      validation: sample, earlyStopping: EarlyStopping(patience: 5, restoreBestWeights: true),
      stopWhen: { $0.epoch == 4 })
    #expect(history.stoppedEpoch == 4 && history.bestEpoch == 3)
    #expect(model.parameters.last!.value[0, 0] == 1.9)
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
