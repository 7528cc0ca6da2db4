import Testing
import TrainingCore

/// Every trajectory below minimizes f(w) = ½·a·w² with a = 2 from w₀ = 1, so
/// the gradient is g = a·w = 2w; expected values are derived by hand in the
/// comments (rounded to 10 digits) and compared with a relative tolerance of
/// 1e-6, well above `Float` rounding and far below any rule mix-up.
@Suite("Optimizers")
struct OptimizerTests {
  /// `w` after each of `steps` steps of `optimizer` on f(w) = ½·a·w².
  private static func trajectory(_ optimizer: any Optimizer, a: Float = 2, start: Float = 1, steps: Int) -> [Float] {
    let parameter = Parameter(name: "w", role: .weight, value: Tensor(row: [start]))
    var values = [Float]()
    for _ in 0..<steps {
      parameter.gradient = parameter.value * a
      optimizer.step([parameter])
      values.append(parameter.value.scalars[0])
    }
    return values
  }

  /// Whether each value is within 1e-6 (relative to max(1, |expected|)) of its expectation.
  private static func close(_ actual: [Float], _ expected: [Double]) -> Bool {
    actual.count == expected.count
      && zip(actual, expected).allSatisfy { abs(Double($0) - $1) <= 1e-6 * max(1, abs($1)) }
  }

  @Test("plain SGD: w ← w − lr·g")
  func plainSGD() {
    // lr 0.1: w ← w − 0.1·2w = 0.8w → 0.8, 0.64, 0.512.
    #expect(Self.close(Self.trajectory(SGD(learningRate: 0.1), steps: 3), [0.8, 0.64, 0.512]))
  }

  @Test("SGD with momentum: v ← μv + g (v = g first), w ← w − lr·v")
  func momentumSGD() {
    // lr 0.1, μ 0.9.
    // Step 1: g = 2,    v = 2 (the first gradient),  w = 1 − 0.2 = 0.8.
    // Step 2: g = 1.6,  v = 0.9·2 + 1.6 = 3.4,     w = 0.8 − 0.34 = 0.46.
    // Step 3: g = 0.92, v = 0.9·3.4 + 0.92 = 3.98, w = 0.46 − 0.398 = 0.062.
    let values = Self.trajectory(SGD(learningRate: 0.1, momentum: 0.9), steps: 3)
    #expect(Self.close(values, [0.8, 0.46, 0.062]))
  }

  @Test("Nesterov momentum steps along g + μv")
  func nesterovSGD() {
    // lr 0.1, μ 0.9.
    // Step 1: g = 2,    v = 2,                    d = 2 + 0.9·2 = 3.8,        w = 1 − 0.38 = 0.62.
    // Step 2: g = 1.24, v = 0.9·2 + 1.24 = 3.04,  d = 1.24 + 0.9·3.04 = 3.976, w = 0.62 − 0.3976 = 0.2224.
    let values = Self.trajectory(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), steps: 2)
    #expect(Self.close(values, [0.62, 0.2224]))
  }

  @Test("SGD weight decay is coupled: g ← g + wd·w")
  func coupledWeightDecay() {
    // lr 0.1, wd 0.5: g = 2w + 0.5w = 2.5w, w ← w − 0.25w = 0.75w → 0.75, 0.5625.
    #expect(Self.close(Self.trajectory(SGD(learningRate: 0.1, weightDecay: 0.5), steps: 2), [0.75, 0.5625]))
  }

  @Test("the velocity is scaled by the current learning rate (PyTorch's form)")
  func momentumWithChangingRate() {
    // Step 1 at lr 0.1: v = 2, w = 0.8. Step 2 at lr 0.05: g = 1.6, v = 3.4,
    // w = 0.8 − 0.05·3.4 = 0.63. (The form v ← μv − lr·g, w ← w + v would give
    // v = −0.18 − 0.08 = −0.26 and w = 0.54.)
    let optimizer = SGD(learningRate: 0.1, momentum: 0.9)
    let parameter = Parameter(name: "w", role: .weight, value: Tensor(row: [1]))
    parameter.gradient = Tensor(row: [2])
    optimizer.step([parameter])
    optimizer.learningRate = 0.05
    parameter.gradient = parameter.value * 2
    optimizer.step([parameter])
    #expect(Self.close(parameter.value.scalars, [0.63]))
  }

  @Test("Adam with bias correction and ε after √v̂")
  func adamTrajectory() {
    // lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8.
    // Step 1: g = 2. m = 0.1·2 = 0.2, v = 0.001·4 = 0.004; m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4;
    //         w = 1 − 0.1·2/(2 + 1e-8) = 0.9000000005.
    // Step 2: g = 1.8. m = 0.18 + 0.18 = 0.36, v = 0.003996 + 0.001·3.24 = 0.007236;
    //         m̂ = 0.36/0.19 = 1.8947368421, v̂ = 0.007236/0.001999 = 3.6198099050, √v̂ = 1.9025798236;
    //         w = 0.9 − 0.1·1.8947368421/1.9025798236 = 0.9 − 0.0995877713 = 0.8004122287.
    // Step 3: g = 1.6008244574. m = 0.324 + 0.1600824457 = 0.4840824457,
    //         v = 0.007228764 + 0.001·2.5626389 = 0.0097914029; m̂ = m/0.271 = 1.7862820876,
    //         v̂ = v/0.002997001 = 3.2670669591, √v̂ = 1.8075029624;
    //         w = 0.8004122287 − 0.1·1.7862820876/1.8075029624 = 0.8004122287 − 0.0988259563 = 0.7015862724.
    let values = Self.trajectory(Adam(learningRate: 0.1), steps: 3)
    #expect(Self.close(values, [0.9000000005, 0.8004122287, 0.7015862724]))
  }

  @Test("Adam's first step moves every element by about lr·sign(g), whatever the gradient's size")
  func adamFirstStepIsSignStep() {
    // m̂ = g and √v̂ = |g| on step 1, so Δw = −lr·g/(|g| + ε) ≈ −lr·sign(g).
    let parameter = Parameter(name: "w", role: .weight, value: Tensor(row: [1, 1, 1]))
    parameter.gradient = Tensor(row: [1000, -0.001, 0])
    Adam(learningRate: 0.01).step([parameter])
    let moved = parameter.value.scalars.map { Double($0) - 1 }
    #expect(abs(moved[0] + 0.01) < 1e-5 && abs(moved[1] - 0.01) < 1e-5)
    #expect(moved[2] == 0)
  }

  @Test("Adam adds ε to the bias-corrected √v̂, not to √v")
  func adamEpsilonAfterCorrection() {
    // A large ε = 1 makes the placement visible. Step 1: m̂ = g = 2, √v̂ = 2,
    // w = 1 − 0.1·2/(2 + 1) = 0.9333333333. (Adding ε to √v = √0.004 before
    // correcting would divide by 2 + 1/√0.001 = 33.62 and give w = 0.9940516.)
    #expect(Self.close(Self.trajectory(Adam(learningRate: 0.1, epsilon: 1), steps: 1), [0.9333333333]))
  }

  @Test("AdamW decays the weight before the Adam step; Adam's coupled decay is normalized away")
  func adamWDecoupledDecay() {
    // AdamW, lr 0.1, wd 0.1.
    // Step 1: w = 1·(1 − 0.01) = 0.99, then the Adam step of 0.1 (g = 2 from w = 1): w = 0.89.
    //         (Decaying after the step instead would give 0.9·0.99 = 0.891.)
    // Step 2: g = 1.78. w = 0.89·0.99 = 0.8811; m = 0.18 + 0.178 = 0.358,
    //         v = 0.003996 + 0.001·3.1684 = 0.0071644; m̂ = 1.8842105263, v̂ = 3.5839919960, √v̂ = 1.8931434166;
    //         w = 0.8811 − 0.1·1.8842105263/1.8931434166 = 0.8811 − 0.0995281451 = 0.7815718549.
    #expect(Self.close(Self.trajectory(AdamW(learningRate: 0.1, weightDecay: 0.1), steps: 2), [0.89, 0.7815718549]))
    // Adam with coupled wd 0.1: g = 2.1, but step 1 still moves by lr·sign(g): w = 0.9.
    #expect(Self.close(Self.trajectory(Adam(learningRate: 0.1, weightDecay: 0.1), steps: 1), [0.9]))
    // AdamW with wd 0 is Adam.
    #expect(Self.trajectory(AdamW(learningRate: 0.1, weightDecay: 0), steps: 3) == Self.trajectory(Adam(learningRate: 0.1), steps: 3))
  }

  @Test("RMSProp: v ← αv + (1 − α)g², w ← w − lr·g/(√v + ε)")
  func rmsProp() {
    // lr 0.01, α 0.99.
    // Step 1: g = 2,   v = 0.01·4 = 0.04, √v = 0.2, w = 1 − 0.01·2/0.2 = 0.9.
    // Step 2: g = 1.8, v = 0.0396 + 0.01·3.24 = 0.072, √v = 0.2683281573,
    //         w = 0.9 − 0.01·1.8/0.2683281573 = 0.9 − 0.0670820393 = 0.8329179607.
    #expect(Self.close(Self.trajectory(RMSProp(learningRate: 0.01), steps: 2), [0.9, 0.8329179607]))
  }

  @Test("RMSProp with momentum: b ← μb + g/(√v + ε), w ← w − lr·b")
  func rmsPropMomentum() {
    // lr 0.01, α 0.99, μ 0.9.
    // Step 1: b = 2/0.2 = 10, w = 1 − 0.1 = 0.9.
    // Step 2: b = 9 + 1.8/0.2683281573 = 15.7082039325, w = 0.9 − 0.157082039325 = 0.7429179607.
    #expect(Self.close(Self.trajectory(RMSProp(learningRate: 0.01, momentum: 0.9), steps: 2), [0.9, 0.7429179607]))
  }

  @Test("Adagrad: s ← s + g², w ← w − lr·g/(√s + ε)")
  func adagrad() {
    // lr 0.1, ε 1e-10, s₀ = 0.
    // Step 1: g = 2,            s = 4,             w = 1 − 0.1·2/2 = 0.9 (ε shifts it by 5e-12).
    // Step 2: g = 1.8,          s = 7.24,          w = 0.9 − 0.1·1.8/2.6907248094 = 0.8331035268.
    // Step 3: g = 1.6662070537, s = 10.0162459458, w = 0.8331035268 − 0.1·1.6662070537/3.1648453244 = 0.7804561814.
    #expect(Self.close(Self.trajectory(Adagrad(learningRate: 0.1), steps: 3), [0.9, 0.8331035268, 0.7804561814]))
    // s₀ = 1: s = 1 + 4 = 5, w = 1 − 0.1·2/√5 = 0.9105572809.
    #expect(Self.close(Self.trajectory(Adagrad(learningRate: 0.1, initialAccumulatorValue: 1), steps: 1), [0.9105572809]))
  }

  @Test("optimizer state is readable per parameter, in the parameter's shape, after its first step")
  func readableState() {
    func stepTwice(_ optimizer: any Optimizer) -> Parameter {
      // A 2 × 1 parameter on f(w) = ½·2·w², so each element follows the scalar trajectories above.
      let parameter = Parameter(name: "w", role: .weight, value: Tensor(column: [1, -1]))
      for _ in 0..<2 {
        parameter.gradient = parameter.value * 2
        optimizer.step([parameter])
      }
      return parameter
    }
    let unseen = Parameter(name: "unseen", role: .weight, value: Tensor([[1]]))
    // SGD: v = 2, then 0.9·2 + 1.6 = 3.4 (see momentumSGD); none without momentum.
    let sgd = SGD(learningRate: 0.1, momentum: 0.9)
    let sgdParameter = stepTwice(sgd)
    #expect(Self.close(sgd.velocity(of: sgdParameter)!.scalars, [3.4, -3.4]))
    #expect(sgd.velocity(of: sgdParameter)!.shape == (2, 1))
    #expect(sgd.velocity(of: unseen) == nil)
    let plain = SGD(learningRate: 0.1)
    #expect(plain.velocity(of: stepTwice(plain)) == nil)
    // Adam: step 2, m = 0.36, v = 0.007236 (see adamTrajectory).
    let adam = Adam(learningRate: 0.1)
    let adamState = adam.state(of: stepTwice(adam))!
    #expect(adamState.step == 2)
    #expect(Self.close(adamState.firstMoment.scalars, [0.36, -0.36]) && Self.close(adamState.secondMoment.scalars, [0.007236, 0.007236]))
    #expect(adamState.firstMoment.shape == (2, 1) && adam.state(of: unseen) == nil)
    let adamW = AdamW(learningRate: 0.1, weightDecay: 0)
    #expect(adamW.state(of: stepTwice(adamW)) == adamState)
    // RMSProp: v = 0.04, then 0.99·0.04 + 0.01·3.24 = 0.072; with momentum b = 10, then 15.7082039325.
    let rmsProp = RMSProp(learningRate: 0.01, momentum: 0.9)
    let rmsPropParameter = stepTwice(rmsProp)
    #expect(Self.close(rmsProp.squareAverage(of: rmsPropParameter)!.scalars, [0.072, 0.072]))
    #expect(Self.close(rmsProp.velocity(of: rmsPropParameter)!.scalars, [15.7082039325, -15.7082039325]))
    #expect(rmsProp.squareAverage(of: unseen) == nil)
    let rmsPropPlain = RMSProp(learningRate: 0.01)
    #expect(rmsPropPlain.velocity(of: stepTwice(rmsPropPlain)) == nil)
    // Adagrad: s = 4 + 3.24 = 7.24.
    let adagrad = Adagrad(learningRate: 0.1)
    #expect(Self.close(adagrad.accumulator(of: stepTwice(adagrad))!.scalars, [7.24, 7.24]))
    #expect(adagrad.accumulator(of: unseen) == nil)
  }

  @Test(
    "stateful optimizers keep separate state per parameter",
    arguments: ["SGD momentum", "Nesterov", "Adam", "AdamW", "RMSProp momentum", "Adagrad"])
  func separateState(name: String) {
    func make() -> any Optimizer {
      switch name {
      case "SGD momentum": return SGD(learningRate: 0.1, momentum: 0.9)
      case "Nesterov": return SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
      case "Adam": return Adam(learningRate: 0.1)
      case "AdamW": return AdamW(learningRate: 0.1)
      case "Adagrad": return Adagrad(learningRate: 0.1, initialAccumulatorValue: 0.5)
      default: return RMSProp(learningRate: 0.01, momentum: 0.9)
      }
    }
    // Two parameters on different quadratics share one optimizer; each must
    // follow exactly the path it follows with an optimizer of its own.
    let shared = make()
    let first = Parameter(name: "first", role: .weight, value: Tensor(row: [1, -2]))
    let second = Parameter(name: "second", role: .bias, value: Tensor(row: [-3]))
    var firstPath = [Float](), secondPath = [Float]()
    for _ in 0..<4 {
      first.gradient = first.value * 2
      second.gradient = second.value * 0.5
      shared.step([first, second])
      firstPath.append(contentsOf: first.value.scalars)
      secondPath.append(contentsOf: second.value.scalars)
    }
    let alone = Parameter(name: "alone", role: .weight, value: Tensor(row: [1, -2]))
    let ownOptimizer = make()
    var alonePath = [Float]()
    for _ in 0..<4 {
      alone.gradient = alone.value * 2
      ownOptimizer.step([alone])
      alonePath.append(contentsOf: alone.value.scalars)
    }
    #expect(firstPath == alonePath)
    #expect(secondPath == Self.trajectory(make(), a: 0.5, start: -3, steps: 4))
  }

  @Test("Adam counts steps per parameter: a parameter seen late gets a first-step update")
  func adamStepCountPerParameter() {
    let optimizer = Adam(learningRate: 0.1)
    let early = Parameter(name: "early", role: .weight, value: Tensor(row: [1]))
    for _ in 0..<5 {
      early.gradient = early.value * 2
      optimizer.step([early])
    }
    let late = Parameter(name: "late", role: .weight, value: Tensor(row: [1]))
    late.gradient = Tensor(row: [2])
    optimizer.step([late])
    #expect(Self.close(late.value.scalars, [0.9000000005]))
  }

  @Test("descriptions list the non-default settings")
  func descriptions() {
    #expect(SGD(learningRate: 0.1).description == "SGD(learningRate: 0.1)")
    #expect(
      SGD(learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.001).description
        == "SGD(learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.001)")
    #expect(Adam().description == "Adam(learningRate: 0.001)")
    #expect(AdamW(beta2: 0.99).description == "AdamW(learningRate: 0.001, beta2: 0.99)")
    #expect(RMSProp(momentum: 0.9).description == "RMSProp(learningRate: 0.01, momentum: 0.9)")
    #expect(Adagrad().description == "Adagrad(learningRate: 0.01)")
    #expect(
      Adagrad(learningRate: 0.1, initialAccumulatorValue: 0.1, epsilon: 1e-8).description
        == "Adagrad(learningRate: 0.1, initialAccumulatorValue: 0.1, epsilon: 1e-08)")
  }
}
