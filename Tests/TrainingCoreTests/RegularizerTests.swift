import Testing
import TrainingCore

@Suite("Regularizers")
struct RegularizerTests {
  /// A weight `[[1, −2], [3, 0]]` and a bias `[[5]]` for hand computations:
  /// Σw² = 14, Σ|w| = 6, Σb² = 25, Σ|b| = 5.
  private static func weightAndBias() -> (weight: Parameter, bias: Parameter) {
    (
      Parameter(name: "weight", role: .weight, value: Tensor([[1, -2], [3, 0]])),
      Parameter(name: "bias", role: .bias, value: Tensor([[5]]))
    )
  }

  /// The Euclidean norm of each column of `tensor`, in `Double`.
  private static func columnNorms(_ tensor: Tensor) -> [Double] {
    (0..<tensor.cols).map { c in tensor.column(c).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
  }

  @Test("penalty values by hand; biases only when asked")
  func penaltiesByHand() {
    let (weight, bias) = Self.weightAndBias()
    let parameters = [weight, bias]
    #expect(Regularizer.l2(0.1).penalty(parameters) == Float(0.1 * 14.0))
    #expect(Regularizer.l2(0.1, includeBiases: true).penalty(parameters) == Float(0.1 * 39.0))
    #expect(Regularizer.l1(0.1).penalty(parameters) == Float(0.1 * 6.0))
    #expect(Regularizer.l1(0.1, proximal: true).penalty(parameters) == Float(0.1 * 6.0))
    #expect(Regularizer.l1(0.1, includeBiases: true).penalty(parameters) == Float(0.1 * 11.0))
    #expect(Regularizer.maxNorm(1).penalty(parameters) == 0)
  }

  @Test("normalization scales and shifts are never penalized")
  func normalizationExcluded() {
    let scale = Parameter(name: "gamma", role: .scale, value: Tensor([[2, 3]]))
    let shift = Parameter(name: "beta", role: .shift, value: Tensor([[4, 5]]))
    let regularizer = Regularizer.l2(0.5, includeBiases: true)
    #expect(regularizer.penalty([scale, shift]) == 0)
    regularizer.addGradients(to: [scale, shift])
    #expect(scale.gradient == Tensor([[0, 0]]) && shift.gradient == Tensor([[0, 0]]))
  }

  @Test("L2 adds 2λw to weight gradients, and to bias gradients only when asked")
  func l2Gradients() {
    let (weight, bias) = Self.weightAndBias()
    Regularizer.l2(0.1).addGradients(to: [weight, bias])
    #expect(weight.gradient == Tensor([[0.2, -0.4], [Float(0.2) * 3, 0]]))
    #expect(bias.gradient == Tensor([[0]]))
    Regularizer.l2(0.1, includeBiases: true).addGradients(to: [bias])
    #expect(bias.gradient == Tensor([[1]]))
  }

  @Test("penalty gradients equal central differences of the penalty")
  func gradientsMatchPenalty() {
    // Weights at least 0.1 from zero, so ±h never crosses the kink of |w|.
    var rng = RandomGenerator(seed: 11)
    let start = rng.normalTensor(rows: 3, cols: 4).map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
    for regularizer in [Regularizer.l2(0.3), .l1(0.3)] {
      let weight = Parameter(name: "weight", role: .weight, value: start)
      regularizer.addGradients(to: [weight])
      let h: Float = 1e-2
      for i in 0..<start.count {
        weight.value.scalars[i] = start.scalars[i] + h
        let plus = Double(regularizer.penalty([weight]))
        weight.value.scalars[i] = start.scalars[i] - h
        let minus = Double(regularizer.penalty([weight]))
        weight.value.scalars[i] = start.scalars[i]
        let numeric = (plus - minus) / Double(2 * h)
        // The penalties are at most quadratic, so central differences are exact up to rounding.
        #expect(abs(numeric - Double(weight.gradient.scalars[i])) < 1e-3, "\(regularizer) element \(i)")
      }
    }
  }

  @Test("subgradient L1 adds λ·sign(w), with sign(0) = 0; proximal L1 adds nothing")
  func l1Gradients() {
    let (weight, _) = Self.weightAndBias()
    Regularizer.l1(0.5).addGradients(to: [weight])
    #expect(weight.gradient == Tensor([[0.5, -0.5], [0.5, 0]]))
    let (other, _) = Self.weightAndBias()
    Regularizer.l1(0.5, proximal: true).addGradients(to: [other])
    #expect(other.gradient == Tensor([[0, 0], [0, 0]]))
  }

  @Test("proximal L1 soft-thresholds by lr·λ after the step")
  func softThreshold() {
    let weight = Parameter(name: "weight", role: .weight, value: Tensor([[0.5, -0.5, 0.05, -0.05, 0]]))
    let bias = Parameter(name: "bias", role: .bias, value: Tensor([[0.05]]))
    // Threshold lr·λ = 0.1·1 = 0.1: |w| ≤ 0.1 goes to exactly 0, the rest shrinks by 0.1.
    Regularizer.l1(1, proximal: true).applyAfterStep(to: [weight, bias], learningRate: 0.1)
    #expect(weight.value == Tensor([[0.4, -0.4, 0, 0, 0]]))
    #expect(bias.value == Tensor([[0.05]]))
  }

  @Test("proximal L1 yields exact zeros where subgradient L1 hovers around zero")
  func exactZerosOnlyWhenProximal() {
    // Toy lasso: minimize ½‖w − c‖² + λ‖w‖₁ with λ = 0.1 by SGD (lr 0.1, 300
    // steps) from w = 1. The solution is soft(c, λ): five entries of c have
    // |c| < λ, so five weights should be exactly zero.
    let c: [Float] = [0.05, -0.08, 0.3, -0.5, 0.02, 0.9, -0.01, 0.07, 0.15, -0.2]
    let target = Tensor(row: c)
    func train(_ regularizer: Regularizer) -> Tensor {
      let weight = Parameter(name: "weight", role: .weight, value: Tensor(rows: 1, cols: c.count, repeating: 1))
      let optimizer = SGD(learningRate: 0.1)
      for _ in 0..<300 {
        weight.gradient = weight.value - target
        regularizer.addGradients(to: [weight])
        optimizer.step([weight])
        regularizer.applyAfterStep(to: [weight], learningRate: optimizer.learningRate)
      }
      return weight.value
    }
    let proximal = train(.l1(0.1, proximal: true))
    let subgradient = train(.l1(0.1))
    let proximalZeros = proximal.scalars.filter { $0 == 0 }.count
    let subgradientZeros = subgradient.scalars.filter { $0 == 0 }.count
    #expect(proximalZeros == 5)
    #expect(subgradientZeros < proximalZeros)
    #expect(subgradientZeros <= 1)
    for i in c.indices {
      let solution = abs(c[i]) <= 0.1 ? 0 : c[i] - 0.1 * (c[i] > 0 ? 1 : -1)
      #expect(abs(proximal.scalars[i] - solution) < 1e-5, "proximal w[\(i)]")
      // The subgradient method ends near the solution but hovers: within one step of it.
      #expect(abs(subgradient.scalars[i] - solution) < 0.02, "subgradient w[\(i)]")
    }
  }

  @Test("max-norm rescales columns above the limit and leaves the others bitwise unchanged")
  func maxNormByHand() {
    // Column norms: (3, 4, 0) → 5, (0.6, 0, 0.8) → 1, (−2, 2, 1) → 3.
    let weight = Parameter(name: "weight", role: .weight, value: Tensor([[3, 0.6, -2], [4, 0, 2], [0, 0.8, 1]]))
    let bias = Parameter(name: "bias", role: .bias, value: Tensor([[10, 10, 10]]))
    let before = weight.value
    let regularizer = Regularizer.maxNorm(2)
    regularizer.addGradients(to: [weight, bias])
    #expect(weight.gradient == Tensor(rows: 3, cols: 3))
    regularizer.applyAfterStep(to: [weight, bias], learningRate: 0.1)
    let after = weight.value
    #expect(after.column(1).map(\.bitPattern) == before.column(1).map(\.bitPattern))
    let scaledFirst: [Float] = [1.2, 1.6, 0]
    let scaledLast: [Float] = [-4.0 / 3, 4.0 / 3, 2.0 / 3]
    #expect(zip(after.column(0), scaledFirst).allSatisfy { abs($0 - $1) < 1e-6 })
    #expect(zip(after.column(2), scaledLast).allSatisfy { abs($0 - $1) < 1e-6 })
    #expect(bias.value == Tensor([[10, 10, 10]]))
  }

  @Test("max-norm on a random Dense-shaped weight: every column within the limit")
  func maxNormRandom() {
    var rng = RandomGenerator(seed: 12)
    let start = rng.normalTensor(rows: 20, cols: 10, std: 0.4)
    let weight = Parameter(name: "weight", role: .weight, value: start)
    let scale = Parameter(name: "gamma", role: .scale, value: Tensor(rows: 1, cols: 10, repeating: 5))
    let limit: Float = 1.8
    let normsBefore = Self.columnNorms(start)
    // The draw has columns on both sides of the limit, so both branches run.
    #expect(normsBefore.contains { $0 > Double(limit) } && normsBefore.contains { $0 < Double(limit) })
    Regularizer.maxNorm(limit).applyAfterStep(to: [weight, scale], learningRate: 1)
    let normsAfter = Self.columnNorms(weight.value)
    for c in 0..<start.cols {
      #expect(normsAfter[c] <= Double(limit) + 1e-6)
      if normsBefore[c] <= Double(limit) {
        #expect(weight.value.column(c).map(\.bitPattern) == start.column(c).map(\.bitPattern))
      } else {
        #expect(abs(normsAfter[c] - Double(limit)) < 1e-5)
        // Rescaled, not clipped: the direction is kept.
        let factor = Double(limit) / normsBefore[c]
        #expect(zip(weight.value.column(c), start.column(c)).allSatisfy { abs(Double($0) - factor * Double($1)) < 1e-6 })
      }
    }
    #expect(scale.value == Tensor(rows: 1, cols: 10, repeating: 5))
  }

  @Test("L2 and subgradient L1 change nothing after the step")
  func nothingAfterStep() {
    let (weight, bias) = Self.weightAndBias()
    Regularizer.l2(1, includeBiases: true).applyAfterStep(to: [weight, bias], learningRate: 1)
    Regularizer.l1(1, includeBiases: true).applyAfterStep(to: [weight, bias], learningRate: 1)
    #expect(weight.value == Tensor([[1, -2], [3, 0]]) && bias.value == Tensor([[5]]))
  }

  @Test("equality and descriptions")
  func conveniences() {
    #expect(Regularizer.l2(0.1) == .l2(0.1))
    #expect(Regularizer.l2(0.1) != .l2(0.1, includeBiases: true))
    #expect(Regularizer.l1(0.1) != .l1(0.1, proximal: true))
    #expect(Regularizer.l2(0.001).description == "l2(0.001)")
    #expect(Regularizer.l1(0.5, proximal: true, includeBiases: true).description == "l1(0.5, proximal: true, includeBiases: true)")
    #expect(Regularizer.maxNorm(3).description == "maxNorm(3.0)")
  }
}
