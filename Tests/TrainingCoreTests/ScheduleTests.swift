import Foundation
import Testing
import TrainingCore

@Suite("Learning-rate schedules")
struct ScheduleTests {
  /// Whether `actual` is within 1e-6 of `expected`, relative to max(1, |expected|).
  private static func close(_ actual: Float, _ expected: Double) -> Bool {
    abs(Double(actual) - expected) <= 1e-6 * max(1, abs(expected))
  }

  @Test("constant")
  func constant() {
    let schedule = LearningRateSchedule.constant(0.05)
    #expect(schedule.values(4) == [0.05, 0.05, 0.05, 0.05])
    #expect(schedule(1_000_000) == 0.05)
  }

  @Test("step decay drops by the factor exactly at multiples of the interval")
  func stepDecay() {
    // 0.1 · 0.5^⌊t/10⌋.
    let schedule = LearningRateSchedule.stepDecay(initial: 0.1, every: 10, factor: 0.5)
    #expect(schedule(0) == 0.1 && schedule(9) == 0.1)
    #expect(schedule(10) == 0.05 && schedule(19) == 0.05)
    #expect(schedule(20) == 0.025 && schedule(35) == 0.0125)
  }

  @Test("exponential decay multiplies by the factor every step")
  func exponentialDecay() {
    let schedule = LearningRateSchedule.exponentialDecay(initial: 1, factor: 0.9)
    #expect(schedule(0) == 1)
    #expect(Self.close(schedule(1), 0.9) && Self.close(schedule(2), 0.81))
    #expect(Self.close(schedule(10), 0.3486784401))  // 0.9¹⁰
  }

  @Test("cosine annealing: initial at 0, midpoint at T/2, minimum at T, and held beyond")
  func cosineAnnealing() {
    // 0.1 + 0.9 · (1 + cos(π t / 100)) / 2.
    let schedule = LearningRateSchedule.cosineAnnealing(initial: 1, minimum: 0.1, period: 100)
    #expect(schedule(0) == 1)
    #expect(Self.close(schedule(25), 0.1 + 0.9 * (1 + cos(Double.pi / 4)) / 2))  // 0.8681980515
    #expect(Self.close(schedule(50), 0.55))
    #expect(schedule(100) == 0.1)
    // PyTorch's closed form would rise again here (to 0.55 at t = 150); this schedule holds the minimum.
    #expect(schedule(101) == 0.1 && schedule(150) == 0.1 && schedule(10_000) == 0.1)
    // Decreasing over the period.
    let values = schedule.values(101)
    #expect(zip(values, values.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(LearningRateSchedule.cosineAnnealing(initial: 0.2, period: 10)(10) == 0)
  }

  @Test("PyTorch's cosine annealing: the same descent, then the cosine continues past T")
  func cosineAnnealingLR() {
    // 0.1 + 0.9 · (1 + cos(π t / 100)) / 2 for every t.
    let wave = LearningRateSchedule.cosineAnnealingLR(initial: 1, minimum: 0.1, period: 100)
    let held = LearningRateSchedule.cosineAnnealing(initial: 1, minimum: 0.1, period: 100)
    #expect(wave.values(101) == held.values(101))
    #expect(wave(100) == 0.1)
    // Past T it rises again: cos(1.25π) = −0.7071067812 gives 0.2318019485; halfway at 1.5T, back to 1 at 2T.
    #expect(Self.close(wave(125), 0.2318019485) && Self.close(wave(150), 0.55) && wave(200) == 1)
    #expect(Self.close(wave(300), 0.1) && Self.close(wave(250), 0.55))
    #expect(held(150) == 0.1)
    #expect(wave.description == "cosineAnnealingLR(initial: 1.0, minimum: 0.1, period: 100)")
  }

  @Test("warm-up from zero: t/W, reaching then(0) exactly when then takes over")
  func warmupFromZero() {
    // 4 warm-up steps from 0: 0, 0.25, 0.5, 0.75; then 1 · 0.5^(t − 4): 1, 0.5, 0.25.
    let schedule = LearningRateSchedule.warmupFromZero(steps: 4, then: .exponentialDecay(initial: 1, factor: 0.5))
    #expect(schedule.values(7) == [0, 0.25, 0.5, 0.75, 1, 0.5, 0.25])
    // One step behind warmup(steps:then:) during the ramp, the same afterwards.
    let oneStepAhead = LearningRateSchedule.warmup(steps: 4, then: .exponentialDecay(initial: 1, factor: 0.5))
    #expect(Array(schedule.values(5).dropFirst()) == Array(oneStepAhead.values(4)))
    let none = LearningRateSchedule.warmupFromZero(steps: 0, then: .constant(0.3))
    #expect(none.values(3) == [0.3, 0.3, 0.3])
    #expect(
      LearningRateSchedule.warmupFromZero(steps: 10, then: .constant(0.1)).description
        == "warmupFromZero(steps: 10, then: constant(0.1))")
  }

  @Test("warm-up ramps linearly to then(0) and hands off with then's step count restarted")
  func warmup() {
    // 4 warm-up steps to 1: 0.25, 0.5, 0.75, 1; then 1 · 0.5^(t − 4): 1, 0.5, 0.25.
    let schedule = LearningRateSchedule.warmup(steps: 4, then: .exponentialDecay(initial: 1, factor: 0.5))
    #expect(schedule.values(7) == [0.25, 0.5, 0.75, 1, 1, 0.5, 0.25])
    let flat = LearningRateSchedule.warmup(steps: 5, then: .constant(0.1))
    #expect(Self.close(flat(0), 0.02) && Self.close(flat(1), 0.04) && Self.close(flat(4), 0.1))
    #expect(flat(5) == 0.1 && flat(500) == 0.1)
    let none = LearningRateSchedule.warmup(steps: 0, then: .stepDecay(initial: 0.1, every: 2, factor: 0.1))
    #expect(none.values(5) == LearningRateSchedule.stepDecay(initial: 0.1, every: 2, factor: 0.1).values(5))
  }

  @Test("a custom schedule and values(_:) for plotting")
  func customSchedule() {
    let schedule = LearningRateSchedule(description: "1/(t+1)") { step in 1 / Float(step + 1) }
    #expect(schedule.values(4) == [1, 0.5, 1 / Float(3), 0.25])
    #expect(schedule.values(0) == [])
    #expect(schedule.description == "1/(t+1)")
  }

  @Test("descriptions name the factory and its arguments")
  func descriptions() {
    #expect(LearningRateSchedule.constant(0.1).description == "constant(0.1)")
    #expect(
      LearningRateSchedule.warmup(steps: 10, then: .cosineAnnealing(initial: 0.1, period: 90)).description
        == "warmup(steps: 10, then: cosineAnnealing(initial: 0.1, minimum: 0.0, period: 90))")
  }

  @Test("the linear scaling rule")
  func linearScaling() {
    #expect(Self.close(scaledLearningRate(base: 0.1, baseBatchSize: 256, batchSize: 1024), 0.4))
    #expect(Self.close(scaledLearningRate(base: 0.1, baseBatchSize: 32, batchSize: 8), 0.025))
    #expect(scaledLearningRate(base: 0.3, baseBatchSize: 64, batchSize: 64) == 0.3)
  }
}
