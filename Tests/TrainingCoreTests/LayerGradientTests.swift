import Testing
import TrainingCore

@Suite("Layer gradients against finite differences")
struct LayerGradientTests {
  let check = GradientCheck()

  private func expectGradientsMatch(
    _ layer: any Layer, input: Tensor, training: Bool = true, prepare: () -> Void = {},
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let report = check.run(layer, input: input, training: training, prepare: prepare)
    #expect(report.checked == input.count + layer.parameterCount, sourceLocation: sourceLocation)
    #expect(report.worstExcess == 0, "worst element: \(report.worstName)", sourceLocation: sourceLocation)
  }

  @Test func dense() {
    expectGradientsMatch(Dense(4, 3, init: .xavierNormal, seed: 3), input: awayFromZero(rows: 5, cols: 4, seed: 1))
  }

  @Test func denseWithoutBias() {
    let layer = Dense(3, 2, init: .heNormal(), bias: false, seed: 4)
    #expect(layer.parameters.count == 1)
    expectGradientsMatch(layer, input: awayFromZero(rows: 4, cols: 3, seed: 2))
  }

  @Test func elementwiseActivations() {
    let input = awayFromZero(rows: 4, cols: 5, seed: 3)
    let layers: [any Layer] = [
      ReLU(), LeakyReLU(slope: 0.1), Tanh(), Sigmoid(), GELU(), GELU(approximation: .tanh),
      ELU(), ELU(alpha: 0.5), Softplus(), Softplus(beta: 3), SiLU(),
    ]
    for layer in layers {
      expectGradientsMatch(layer, input: input)
    }
  }

  @Test func softplusAboveItsThreshold() {
    // β·x from 21 to 40 with β = 2: the linear regime, derivative 1.
    let input = Tensor(rows: 2, cols: 5, scalars: (0..<10).map { 10.5 + Float($0) })
    expectGradientsMatch(Softplus(beta: 2), input: input)
  }

  @Test func softmaxAndLogSoftmax() {
    var rng = RandomGenerator(seed: 14)
    let input = rng.normalTensor(rows: 4, cols: 5, std: 2)
    expectGradientsMatch(Softmax(), input: input)
    expectGradientsMatch(LogSoftmax(), input: input)
  }

  @Test func batchNormInTrainingMode() {
    let layer = BatchNorm(3)
    // Non-trivial γ and β so that their gradients and the scaling are exercised.
    layer.scale.value = Tensor(row: [1.5, 0.5, -2])
    layer.shift.value = Tensor(row: [0.1, -0.3, 2])
    var rng = RandomGenerator(seed: 5)
    expectGradientsMatch(layer, input: rng.normalTensor(rows: 6, cols: 3, mean: 1, std: 2))
  }

  @Test func batchNormInEvaluationMode() {
    let layer = BatchNorm(3)
    var rng = RandomGenerator(seed: 6)
    for _ in 0..<5 { _ = layer.forward(rng.normalTensor(rows: 8, cols: 3, mean: 2, std: 3), training: true) }
    layer.scale.value = Tensor(row: [1.5, 0.5, -2])
    expectGradientsMatch(layer, input: rng.normalTensor(rows: 4, cols: 3), training: false)
  }

  @Test func layerNorm() {
    let layer = LayerNorm(5)
    layer.scale.value = Tensor(row: [1, 2, 0.5, -1, 1.5])
    layer.shift.value = Tensor(row: [0, 1, -1, 0.5, 0])
    var rng = RandomGenerator(seed: 7)
    expectGradientsMatch(layer, input: rng.normalTensor(rows: 3, cols: 5, mean: -1, std: 2))
  }

  @Test func dropoutWithAFixedMask() {
    let layer = Dropout(0.4)
    expectGradientsMatch(layer, input: awayFromZero(rows: 4, cols: 6, seed: 8)) {
      var generator = RandomGenerator(seed: 11)
      layer.initialize(using: &generator)  // the same mask for every forward pass
    }
  }

  @Test func dropoutWithAKeepMask() {
    let layer = Dropout(0.25)
    layer.keepMask = Tensor(rows: 4, cols: 6, scalars: (0..<24).map { $0 % 3 == 0 ? 0 : 1 })
    expectGradientsMatch(layer, input: awayFromZero(rows: 4, cols: 6, seed: 8))
  }

  @Test func residualBlock() {
    let block = Residual {
      Dense(4, 4, init: .heNormal(), seed: 1)
      Tanh()
      Dense(4, 4, init: .heNormal(), seed: 2)
    }
    expectGradientsMatch(block, input: awayFromZero(rows: 3, cols: 4, seed: 9))
  }

  @Test func wholeNetwork() {
    let model = Sequential(seed: 12) {
      Dense(3, 6, init: .heNormal())
      BatchNorm(6)
      Tanh()
      Dense(6, 5, init: .xavierNormal)
      LayerNorm(5)
      GELU()
      Dense(5, 2)
    }
    var rng = RandomGenerator(seed: 13)
    expectGradientsMatch(model, input: rng.normalTensor(rows: 5, cols: 3))
  }
}
