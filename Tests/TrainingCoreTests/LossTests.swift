import Foundation
import Testing
import TrainingCore

@Suite("Losses")
struct LossTests {
  /// Whether `actual` is within `tolerance` of `expected`, relative to
  /// `max(1, |expected|)`.
  private static func close(_ actual: Float, _ expected: Double, tolerance: Double = 1e-6) -> Bool {
    abs(Double(actual) - expected) <= tolerance * max(1, abs(expected))
  }

  /// Whether every element of `actual` is close to `expected`.
  private static func close(_ actual: Tensor, _ expected: [Double], tolerance: Double = 1e-6) -> Bool {
    actual.count == expected.count && zip(actual.scalars, expected).allSatisfy { close($0, $1, tolerance: tolerance) }
  }

  /// Checks the analytic gradient of `loss` against central differences.
  ///
  /// Method: each prediction element `x` is moved to `x ± h` in `Float`, the
  /// loss is re-evaluated through the public API, and the numerical
  /// derivative is `(L₊ − L₋) / (x₊ − x₋)`, the denominator taken from the
  /// actually stored `Float` values. With h = 1e-2 the truncation error of a
  /// smooth loss is O(h²) ≈ 1e-4 relative, and rounding the loss value to
  /// `Float` (≈ 1e-7·|L|) adds at most ≈ 1e-5 after dividing by 2h; the
  /// tolerance, 1e-2 relative plus 1e-4 absolute, is far above both and far
  /// below the O(1) relative error of a wrong formula (a missing 1/n, a
  /// wrong sign, a misplaced ε). Inputs of non-smooth losses are chosen so
  /// that no kink lies within h of any element.
  private static func expectGradientMatchesDifferences(
    _ loss: Loss, _ predictions: Tensor, _ targets: Targets, step: Float = 1e-2, reduction: Reduction = .mean,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let analytic = loss.evaluate(predictions, targets, reduction: reduction).gradient
    #expect(analytic.rows == predictions.rows && analytic.cols == predictions.cols, sourceLocation: sourceLocation)
    var worst = 0.0
    for i in 0..<predictions.count {
      var plus = predictions, minus = predictions
      plus.scalars[i] += step
      minus.scalars[i] -= step
      let rise =
        Double(loss.evaluate(plus, targets, reduction: reduction).value)
        - Double(loss.evaluate(minus, targets, reduction: reduction).value)
      let numeric = rise / (Double(plus.scalars[i]) - Double(minus.scalars[i]))
      let exact = Double(analytic.scalars[i])
      worst = max(worst, abs(numeric - exact) - (1e-4 + 1e-2 * max(abs(numeric), abs(exact))))
    }
    #expect(worst <= 0, "gradient differs from central differences by \(worst) beyond tolerance", sourceLocation: sourceLocation)
  }

  // MARK: - Softmax

  @Test("softmax by hand, rows sum to one, invariant to a shift, finite for huge logits")
  func softmaxValues() {
    #expect(Self.close(softmax(Tensor([[0, Float(log(3.0))]])), [0.25, 0.75]))
    var rng = RandomGenerator(seed: 1)
    let logits = rng.normalTensor(rows: 4, cols: 6, std: 3)
    let probabilities = softmax(logits)
    for r in 0..<4 { #expect(Self.close(Tensor(row: probabilities.row(r)).sum(), 1)) }
    #expect(softmax(logits + 50).maxAbsDifference(probabilities) < 1e-6)
    let huge = softmax(Tensor([[1000, 0, -1000], [1000, 1000, 1000]]))
    #expect(huge.isFinite)
    #expect(Self.close(huge, [1, 0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3]))
  }

  // MARK: - Cross-entropy

  @Test("cross-entropy of uniform logits over K classes is log K")
  func crossEntropyUniform() {
    let result = crossEntropy(logits: Tensor(rows: 2, cols: 4), labels: [1, 3])
    #expect(Self.close(result.value, log(4.0)))
    // (softmax − one-hot) / n with softmax = 1/4 and n = 2.
    #expect(Self.close(result.gradient, [0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375]))
  }

  @Test("cross-entropy of a known row by hand")
  func crossEntropyKnownRow() {
    // log(e¹ + e² + e³) − 3 = log(1 + e⁻¹ + e⁻²) = 0.4076059644.
    // softmax([1, 2, 3]) = [0.0900306, 0.2447285, 0.6652410].
    let result = crossEntropy(logits: Tensor([[1, 2, 3]]), labels: [2])
    #expect(Self.close(result.value, 0.4076059644))
    #expect(Self.close(result.gradient, [0.0900305732, 0.2447284711, 0.6652409558 - 1]))
  }

  @Test("label smoothing spreads ε/K over all K classes, the true one included")
  func labelSmoothingByHand() {
    // ε = 0.3, K = 3: q = [0.1, 0.1, 0.8].
    // ℓ = log Σ exp(x) − Σ q·x = 3.4076059644 − (0.1 + 0.2 + 2.4) = 0.7076059644.
    // (Spreading over the K − 1 wrong classes instead, q = [0.15, 0.15, 0.7], gives 0.8576.)
    let result = crossEntropy(logits: Tensor([[1, 2, 3]]), labels: [2], labelSmoothing: 0.3)
    #expect(Self.close(result.value, 0.7076059644))
    #expect(Self.close(result.gradient, [0.0900305732 - 0.1, 0.2447284711 - 0.1, 0.6652409558 - 0.8]))
    #expect(Loss.crossEntropy(labelSmoothing: 0.3).evaluate(Tensor([[1, 2, 3]]), .classes([2])).value == result.value)
  }

  @Test("cross-entropy gradient matches central differences", arguments: [Float(0), 0.2])
  func crossEntropyGradient(labelSmoothing: Float) {
    var rng = RandomGenerator(seed: 2)
    let logits = rng.normalTensor(rows: 4, cols: 5, std: 2)
    Self.expectGradientMatchesDifferences(.crossEntropy(labelSmoothing: labelSmoothing), logits, .classes([0, 3, 1, 4]))
  }

  @Test("cross-entropy is finite for logits of ±1000")
  func crossEntropyStable() {
    let logits = Tensor([[1000, 0, -1000], [-1000, 1000, 1000]])
    // Row 0: the true class dominates, ℓ = log(1 + e⁻¹⁰⁰⁰ + e⁻²⁰⁰⁰) ≈ 0.
    // Row 1: two tied maxima, ℓ = log 2. Mean (log 2) / 2.
    let result = crossEntropy(logits: logits, labels: [0, 2])
    #expect(Self.close(result.value, log(2.0) / 2))
    #expect(Self.close(result.gradient, [0, 0, 0, 0, 0.25, -0.25]))
    // A confidently wrong row with smoothing ε = 0.1: q = [ε/3, ε/3, 1 − ε + ε/3],
    // log Σ exp(x) = 1000, ℓ = Σ q_j (1000 − x_j) = (ε/3)·1000 + (1 − ε + ε/3)·2000.
    let wrong = crossEntropy(logits: Tensor([[1000, 0, -1000]]), labels: [2], labelSmoothing: 0.1)
    #expect(wrong.value.isFinite && wrong.gradient.isFinite)
    let offTarget: Double = 0.1 / 3
    let expected: Double = offTarget * 1000 + (0.9 + offTarget) * 2000
    #expect(Self.close(wrong.value, expected))
  }

  // MARK: - Binary cross-entropy

  @Test("binary cross-entropy with logits by hand")
  func binaryCrossEntropyByHand() {
    // x = 0, t = 1: log 2.   x = 2, t = 0: 2 + log(1 + e⁻²).   x = −3, t = 1: 3 + log(1 + e⁻³).
    let result = binaryCrossEntropy(logits: Tensor([[0, 2, -3]]), targets: Tensor([[1, 0, 1]]))
    let expected = (log(2.0) + (2 + log1p(exp(-2.0))) + (3 + log1p(exp(-3.0)))) / 3
    #expect(Self.close(result.value, expected))
    // (σ(x) − t) / 3 with σ(0) = 0.5, σ(2) = 0.8807971, σ(−3) = 0.0474259.
    #expect(Self.close(result.gradient, [-0.5 / 3, 0.8807970780 / 3, (0.0474258732 - 1) / 3]))
  }

  @Test("binary cross-entropy is finite for logits of ±1000")
  func binaryCrossEntropyStable() {
    let result = binaryCrossEntropy(logits: Tensor([[1000, -1000, 1000]]), targets: Tensor([[0, 0, 1]]))
    #expect(Self.close(result.value, 1000.0 / 3))
    #expect(Self.close(result.gradient, [1.0 / 3, 0, 0]))
  }

  @Test("binary cross-entropy gradient matches central differences")
  func binaryCrossEntropyGradient() {
    var rng = RandomGenerator(seed: 3)
    let logits = rng.normalTensor(rows: 3, cols: 4, std: 2)
    let targets = Tensor(rows: 3, cols: 4, scalars: [1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1])
    Self.expectGradientMatchesDifferences(.binaryCrossEntropy, logits, .values(targets))
  }

  // MARK: - Binary cross-entropy on probabilities

  @Test("binary cross-entropy on probabilities by hand, as nn.BCELoss")
  func binaryCrossEntropyOnProbabilitiesByHand() {
    // p = 0.5, t = 1: log 2.   p = 0.9, t = 0: −log 0.1 = log 10.   p = 0.2, t = 0.25: −(0.25·log 0.2 + 0.75·log 0.8).
    let result = binaryCrossEntropy(probabilities: Tensor([[0.5, 0.9, 0.2]]), targets: Tensor([[1, 0, 0.25]]))
    let third = -(0.25 * log(0.2) + 0.75 * log(0.8))  // 0.5697171804
    #expect(Self.close(result.value, (log(2.0) + log(10.0) + third) / 3))
    #expect(Self.close(result.losses, [log(2.0), log(10.0), third]))
    // (p − t) / (p(1 − p)) / 3: −0.5/0.25, 0.9/0.09, −0.05/0.16.
    #expect(Self.close(result.gradient, [-2.0 / 3, 10.0 / 3, -0.3125 / 3]))
  }

  @Test("binary cross-entropy on probabilities clamps each log at −100 and the derivative's denominator at 1e-12")
  func binaryCrossEntropyOnProbabilitiesClamped() {
    // Confidently wrong: log 0 = −inf is clamped, so each costs exactly 100 (PyTorch's BCELoss gives 100 too).
    // Confidently right: 0.
    let result = binaryCrossEntropy(probabilities: Tensor([[0, 1, 0, 1]]), targets: Tensor([[1, 0, 0, 1]]))
    #expect(result.losses == Tensor([[100, 100, 0, 0]]))
    #expect(result.value == 50)
    // (p − t) / max(p(1 − p), 1e-12) / 4 = ∓1e12 / 4 where wrong, 0 where right.
    #expect(Self.close(result.gradient, [-0.25e12, 0.25e12, 0, 0]))
    // Inside the clamp: p = e⁻⁵⁰ still pays its own log, 50.
    let near = binaryCrossEntropy(probabilities: Tensor([[Float(exp(-50.0))]]), targets: Tensor([[1]]))
    #expect(Self.close(near.value, 50, tolerance: 1e-6))
  }

  @Test("binary cross-entropy on σ(x) equals it on the logits x, and its gradient chains through σ′")
  func binaryCrossEntropyOnProbabilitiesMatchesLogits() {
    var rng = RandomGenerator(seed: 6)
    let logits = rng.normalTensor(rows: 3, cols: 4, std: 2)
    let targets = rng.uniformTensor(rows: 3, cols: 4).map { $0 < 0.5 ? 0 : 1 }
    let probabilities = logits.map(sigmoid)
    let onProbabilities = Loss.binaryCrossEntropyOnProbabilities.evaluate(probabilities, .values(targets))
    let onLogits = Loss.binaryCrossEntropy.evaluate(logits, .values(targets))
    #expect(abs(onProbabilities.value - onLogits.value) < 1e-5)
    #expect(onProbabilities.losses.maxAbsDifference(onLogits.losses) < 1e-5)
    // ∂ℓ/∂x = ∂ℓ/∂p · σ(x)(1 − σ(x)).
    let chained = onProbabilities.gradient * probabilities.map { $0 * (1 - $0) }
    #expect(chained.maxAbsDifference(onLogits.gradient) < 1e-6)
  }

  @Test("binary cross-entropy on probabilities: gradient matches central differences")
  func binaryCrossEntropyOnProbabilitiesGradient() {
    var rng = RandomGenerator(seed: 7)
    // Probabilities in [0.1, 0.9], so the stencil never reaches 0 or 1; soft and hard targets.
    let probabilities = rng.uniformTensor(rows: 3, cols: 4).map { 0.1 + 0.8 * $0 }
    let targets = Tensor(rows: 3, cols: 4, scalars: [1, 0, 0.3, 1, 0, 0.9, 1, 0, 0.5, 1, 0, 1])
    Self.expectGradientMatchesDifferences(.binaryCrossEntropyOnProbabilities, probabilities, .values(targets), step: 1e-3)
  }

  // MARK: - Hinge
  // MARK: - Hinge

  @Test("hinge loss of cs231n's three-sample example")
  func hingeByHand() {
    // Scores per sample (classes cat, car, frog) and the true class:
    //   [3.2, 5.1, −1.7], cat:  max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1) = 2.9
    //   [1.3, 4.9, 2.0],  car:  max(0, 1.3 − 4.9 + 1) + max(0, 2.0 − 4.9 + 1) = 0
    //   [2.2, 2.5, −3.1], frog: max(0, 2.2 + 3.1 + 1) + max(0, 2.5 + 3.1 + 1) = 12.9
    // Mean (2.9 + 0 + 12.9) / 3 = 5.2667.
    let scores = Tensor([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    let result = hingeLoss(scores: scores, labels: [0, 1, 2])
    #expect(Self.close(result.value, 15.8 / 3, tolerance: 1e-6))
    let third = 1.0 / 3
    #expect(Self.close(result.gradient, [-third, third, 0, 0, 0, 0, third, third, -2 * third]))
  }

  @Test("a hinge margin met exactly costs nothing; the margin parameter is used")
  func hingeMargin() {
    let exact = hingeLoss(scores: Tensor([[1, 0]]), labels: [0])
    #expect(exact.value == 0 && exact.gradient == Tensor([[0, 0]]))
    // Margin 3: max(0, 0 − 1 + 3) = 2.
    let wider = Loss.hinge(margin: 3).evaluate(Tensor([[1, 0]]), .classes([0]))
    #expect(Self.close(wider.value, 2) && wider.gradient == Tensor([[-1, 1]]))
  }

  @Test("hinge gradient matches central differences away from the kinks")
  func hingeGradient() {
    // Slacks s_j − s_y + 1: row 0 → 1.5, −0.7, −2; row 1 → 0.5, −0.7, 1.3;
    // row 2 → −1.9, −1.8, −2.3. None within 0.5 of the kink at 0.
    let scores = Tensor([[2.0, 2.5, 0.3, -1.0], [0.4, -0.8, 0.9, 1.2], [0.1, 0.2, -0.3, 3.0]])
    Self.expectGradientMatchesDifferences(.hinge(), scores, .classes([0, 2, 3]))
  }

  // MARK: - Regression

  @Test("mean squared, absolute and Huber errors by hand, averaged over all elements")
  func regressionByHand() {
    // Differences p − t = [1, 0, −2, 0] over N = 4 elements.
    let predictions = Tensor([[1, 2], [3, 4]])
    let targets = Tensor([[0, 2], [5, 4]])
    let squared = meanSquaredError(predictions: predictions, targets: targets)
    #expect(squared.value == 1.25)  // (1 + 0 + 4 + 0) / 4
    #expect(squared.gradient == Tensor([[0.5, 0], [-1, 0]]))  // 2d / 4
    let absolute = meanAbsoluteError(predictions: predictions, targets: targets)
    #expect(absolute.value == 0.75)  // (1 + 0 + 2 + 0) / 4
    #expect(absolute.gradient == Tensor([[0.25, 0], [-0.25, 0]]))  // sign(d) / 4, sign(0) = 0
    let huber = huberLoss(predictions: predictions, targets: targets)
    #expect(huber.value == 0.5)  // (½·1² + 0 + 1·(2 − ½) + 0) / 4
    #expect(huber.gradient == Tensor([[0.25, 0], [-0.25, 0]]))  // d / 4 inside, δ·sign(d) / 4 outside
    let small = huberLoss(predictions: Tensor([[0.5, -3]]), targets: Tensor([[0, 0]]), delta: 2)
    // (½·0.25 + 2·(3 − 1)) / 2 = 2.0625; gradient [0.5, −2] / 2.
    #expect(small.value == 2.0625 && small.gradient == Tensor([[0.25, -1]]))
  }

  @Test("regression gradients match central differences")
  func regressionGradients() {
    var rng = RandomGenerator(seed: 4)
    let targets = rng.normalTensor(rows: 3, cols: 4)
    // Residuals at least 0.2 away from 0 (the kink of |d|).
    let residuals = rng.normalTensor(rows: 3, cols: 4).map { $0 >= 0 ? $0 + 0.2 : $0 - 0.2 }
    Self.expectGradientMatchesDifferences(.meanSquaredError, targets + residuals, .values(targets))
    Self.expectGradientMatchesDifferences(.meanAbsoluteError, targets + residuals, .values(targets))
  }

  @Test("Huber gradient matches central differences in both regimes", arguments: [Float(1), 0.5])
  func huberGradient(delta: Float) {
    // Residuals in units of δ: inside (|d| ≤ 0.9δ) and outside (|d| ≥ 1.1δ),
    // never within 0.1δ of the switch at |d| = δ.
    let units: [Float] = [0.3, -0.6, 1.7, -2.5, 0.05, 0.9, -1.1, 4]
    let targets = Tensor(rows: 2, cols: 4, scalars: [0.5, -1, 2, 0, 0.25, -0.5, 1, 3])
    let predictions = targets + Tensor(rows: 2, cols: 4, scalars: units.map { $0 * delta })
    Self.expectGradientMatchesDifferences(.huber(delta: delta), predictions, .values(targets), step: 1e-2 * delta)
    let value = huberLoss(predictions: predictions, targets: targets, delta: delta).value
    let expected = units.map { u -> Double in
      let d = Double(u * delta), bound = Double(delta)
      return abs(d) <= bound ? 0.5 * d * d : bound * (abs(d) - 0.5 * bound)
    }.reduce(0, +) / 8
    #expect(Self.close(value, expected, tolerance: 1e-5))
  }

  // MARK: - Reductions and per-sample losses

  @Test("the unreduced losses by hand: one per sample for class labels, one per element otherwise")
  func unreducedLosses() {
    // cs231n's hinge example: 2.9, 0 and 12.9 per sample.
    let scores = Tensor([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    #expect(Self.close(hingeLoss(scores: scores, labels: [0, 1, 2]).losses, [2.9, 0, 12.9], tolerance: 1e-6))
    #expect(hingeLoss(scores: scores, labels: [0, 1, 2]).losses.shape == (3, 1))
    // Cross-entropy of [1, 2, 3] (label 2) and of uniform logits (log 3).
    let entropy = crossEntropy(logits: Tensor([[1, 2, 3], [0, 0, 0]]), labels: [2, 1])
    #expect(Self.close(entropy.losses, [0.4076059644, log(3.0)]))
    // Squared errors per element, in the predictions' shape.
    let squared = meanSquaredError(predictions: Tensor([[1, 2], [3, 4]]), targets: Tensor([[0, 2], [5, 4]]))
    #expect(squared.losses == Tensor([[1, 0], [4, 0]]))
  }

  @Test(
    "reduction .sum: the sum of the losses, and the gradient n times the mean's",
    arguments: [
      Loss.crossEntropy(), .crossEntropy(labelSmoothing: 0.2), .hinge(), .binaryCrossEntropy,
      .binaryCrossEntropyOnProbabilities, .meanSquaredError, .meanAbsoluteError, .huber(delta: 0.5),
    ])
  func sumReduction(loss: Loss) {
    var rng = RandomGenerator(seed: 8)
    let raw = rng.normalTensor(rows: 4, cols: 3)
    let predictions = loss == .binaryCrossEntropyOnProbabilities ? raw.map(sigmoid) : raw
    let targets: Targets =
      loss.usesClassLabels ? .classes([0, 2, 1, 2]) : .values(rng.uniformTensor(rows: 4, cols: 3).map { $0 < 0.5 ? 0 : 1 })
    let mean = loss.evaluate(predictions, targets)
    let sum = loss.evaluate(predictions, targets, reduction: .sum)
    // Averaged over samples for class labels, over all elements otherwise.
    let count = Float(loss.usesClassLabels ? 4 : 12)
    #expect(sum.losses == mean.losses)
    #expect(sum.losses.shape == (loss.usesClassLabels ? (4, 1) : (4, 3)))
    #expect(Self.close(sum.value, Double(mean.losses.sum()), tolerance: 1e-6))
    #expect(Self.close(mean.value, Double(mean.losses.sum()) / Double(count), tolerance: 1e-6))
    #expect((sum.gradient / count).maxAbsDifference(mean.gradient) < 1e-6)
    #expect(sum.gradient.maxAbsDifference(mean.gradient) > 1e-3)
    Self.expectGradientMatchesDifferences(
      loss, predictions, targets, step: loss == .binaryCrossEntropyOnProbabilities ? 1e-3 : 1e-2, reduction: .sum)
  }

  @Test("an empty batch sums to zero as well")
  func emptySum() {
    let result = crossEntropy(logits: Tensor(rows: 0, cols: 3), labels: [], reduction: .sum)
    #expect(result.value == 0 && result.losses.shape == (0, 1))
  }

  // MARK: - The Loss enum

  @Test("Loss.evaluate dispatches to the free functions")
  func evaluateDispatch() {
    var rng = RandomGenerator(seed: 5)
    let predictions = rng.normalTensor(rows: 3, cols: 4)
    let values = rng.normalTensor(rows: 3, cols: 4)
    let bits = rng.uniformTensor(rows: 3, cols: 4).map { $0 < 0.5 ? 0 : 1 }
    let labels = [2, 0, 3]
    let pairs: [(LossEvaluation, LossEvaluation)] = [
      (Loss.crossEntropy().evaluate(predictions, .classes(labels)), crossEntropy(logits: predictions, labels: labels)),
      (
        Loss.crossEntropy(labelSmoothing: 0.1).evaluate(predictions, .classes(labels)),
        crossEntropy(logits: predictions, labels: labels, labelSmoothing: 0.1)
      ),
      (Loss.binaryCrossEntropy.evaluate(predictions, .values(bits)), binaryCrossEntropy(logits: predictions, targets: bits)),
      (
        Loss.binaryCrossEntropyOnProbabilities.evaluate(values.map(sigmoid), .values(bits)),
        binaryCrossEntropy(probabilities: values.map(sigmoid), targets: bits)
      ),
      (
        Loss.huber(delta: 0.5).evaluate(predictions, .values(values), reduction: .sum),
        huberLoss(predictions: predictions, targets: values, delta: 0.5, reduction: .sum)
      ),
      (Loss.hinge(margin: 2).evaluate(predictions, .classes(labels)), hingeLoss(scores: predictions, labels: labels, margin: 2)),
      (Loss.meanSquaredError.evaluate(predictions, .values(values)), meanSquaredError(predictions: predictions, targets: values)),
      (Loss.meanAbsoluteError.evaluate(predictions, .values(values)), meanAbsoluteError(predictions: predictions, targets: values)),
      (Loss.huber(delta: 0.5).evaluate(predictions, .values(values)), huberLoss(predictions: predictions, targets: values, delta: 0.5)),
    ]
    for (viaEnum, direct) in pairs {
      #expect(viaEnum.value == direct.value && viaEnum.gradient == direct.gradient && viaEnum.losses == direct.losses)
    }
    // The losses differ from each other, so the comparison above is not vacuous.
    #expect(Set(pairs.map(\.0.value)).count == pairs.count)
  }

  @Test("defaults, equality and descriptions")
  func enumConveniences() {
    #expect(Loss.crossEntropy() == .crossEntropy(labelSmoothing: 0))
    #expect(Loss.hinge() == .hinge(margin: 1) && Loss.huber() == .huber(delta: 1))
    #expect(Loss.crossEntropy(labelSmoothing: 0.1) != .crossEntropy())
    // Each description is the one spelling that compiles.
    #expect(Loss.crossEntropy().description == "crossEntropy()")
    #expect(Loss.crossEntropy(labelSmoothing: 0.1).description == "crossEntropy(labelSmoothing: 0.1)")
    #expect(Loss.huber(delta: 2).description == "huber(delta: 2.0)")
    #expect(Loss.hinge().description == "hinge()" && Loss.huber().description == "huber()")
    #expect(Loss.crossEntropy().usesClassLabels && Loss.hinge().usesClassLabels)
    #expect(!Loss.binaryCrossEntropy.usesClassLabels && !Loss.meanSquaredError.usesClassLabels)
    #expect(!Loss.binaryCrossEntropyOnProbabilities.usesClassLabels)
    #expect(Loss.binaryCrossEntropyOnProbabilities.description == "binaryCrossEntropyOnProbabilities")
  }

  @Test("an empty batch has zero loss and an empty gradient")
  func emptyBatch() {
    let result = crossEntropy(logits: Tensor(rows: 0, cols: 3), labels: [])
    #expect(result.value == 0 && result.gradient.rows == 0 && result.gradient.cols == 3)
    #expect(meanSquaredError(predictions: Tensor(rows: 0, cols: 2), targets: Tensor(rows: 0, cols: 2)).value == 0)
  }
}
