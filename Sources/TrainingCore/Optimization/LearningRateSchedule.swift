import Foundation

/// A learning rate as a function of the optimizer step (0-based).
///
/// The training loop sets `optimizer.learningRate = schedule(step)` before
/// every step. Schedules are plain functions of the step, so they can be
/// plotted (``values(_:)``) and composed (``warmup(steps:then:)``).
///
/// ```swift
/// let schedule = LearningRateSchedule.warmup(
///   steps: 100, then: .cosineAnnealing(initial: 0.1, period: 900))
/// schedule(0)      // 0.001
/// schedule(99)     // 0.1
/// try model.fit(train, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.1, momentum: 0.9),
///               epochs: 100, batchSize: 32, schedule: schedule)
/// ```
public struct LearningRateSchedule: Sendable, CustomStringConvertible {
  /// How the schedule was made, e.g. `stepDecay(initial: 0.1, every: 30, factor: 0.1)`.
  public let description: String
  private let rate: @Sendable (Int) -> Float

  /// Creates a schedule from a function of the 0-based step.
  ///
  /// ```swift
  /// // 1/t decay: lr = 0.1 / (1 + step / 100)
  /// let inverseTime = LearningRateSchedule(description: "inverseTime(0.1, 100)") { step in
  ///   0.1 / (1 + Float(step) / 100)
  /// }
  /// ```
  ///
  /// - Parameters:
  ///   - description: How to show the schedule, e.g. in a table or legend.
  ///   - rate: The learning rate at each step `≥ 0`.
  public init(description: String, _ rate: @escaping @Sendable (Int) -> Float) {
    self.description = description
    self.rate = rate
  }

  /// The learning rate at `step`.
  ///
  /// ```swift
  /// let schedule = LearningRateSchedule.stepDecay(initial: 0.1, every: 30, factor: 0.1)
  /// schedule(29)   // 0.1
  /// schedule(30)   // 0.01
  /// ```
  ///
  /// - Parameter step: The 0-based optimizer step.
  /// - Precondition: `step ≥ 0`.
  public func callAsFunction(_ step: Int) -> Float {
    require(step >= 0, "Learning-rate schedules start at step 0, got \(step)")
    return rate(step)
  }

  /// The rates of steps `0..<steps`, e.g. for plotting.
  ///
  /// ```swift
  /// let cosine = LearningRateSchedule.cosineAnnealing(initial: 0.1, period: 1000)
  /// plot(["cosine": cosine.values(1000)], xLabel: "step", yLabel: "learning rate")
  /// ```
  ///
  /// - Parameter steps: The number of steps to evaluate.
  public func values(_ steps: Int) -> [Float] {
    (0..<steps).map { self($0) }
  }

  /// The same rate at every step.
  ///
  /// ```swift
  /// let flat = LearningRateSchedule.constant(0.01)
  /// ```
  ///
  /// - Parameter rate: The learning rate.
  public static func constant(_ rate: Float) -> Self {
    Self(description: "constant(\(rate))") { _ in rate }
  }

  /// A staircase: the rate is multiplied by `factor` every `every` steps,
  ///
  /// ```
  /// rate(t) = initial · factor^⌊t / every⌋
  /// ```
  ///
  /// (PyTorch's `StepLR` with `step_size = every`, `gamma = factor`).
  ///
  /// ```swift
  /// let stairs = LearningRateSchedule.stepDecay(initial: 0.1, every: 500, factor: 0.5)
  /// ```
  ///
  /// - Parameters:
  ///   - initial: The rate of the first `every` steps.
  ///   - every: The number of steps between drops, `> 0`.
  ///   - factor: The multiplier applied at each drop.
  public static func stepDecay(initial: Float, every: Int, factor: Float) -> Self {
    require(every > 0, "stepDecay needs a positive interval, got \(every)")
    return Self(description: "stepDecay(initial: \(initial), every: \(every), factor: \(factor))") { step in
      initial * Float(pow(Double(factor), Double(step / every)))
    }
  }

  /// The rate multiplied by `factor` at every step,
  ///
  /// ```
  /// rate(t) = initial · factor^t
  /// ```
  ///
  /// (PyTorch's `ExponentialLR` with `gamma = factor`).
  ///
  /// ```swift
  /// let decay = LearningRateSchedule.exponentialDecay(initial: 0.1, factor: 0.999)
  /// decay(1000)   // ≈ 0.0368
  /// ```
  ///
  /// - Parameters:
  ///   - initial: The rate at step 0.
  ///   - factor: The multiplier per step.
  public static func exponentialDecay(initial: Float, factor: Float) -> Self {
    Self(description: "exponentialDecay(initial: \(initial), factor: \(factor))") { step in
      initial * Float(pow(Double(factor), Double(step)))
    }
  }

  /// Half a cosine from `initial` down to `minimum` over `period` steps, then
  /// the minimum held:
  ///
  /// ```
  /// rate(t) = minimum + (initial − minimum) · (1 + cos(π·t / T)) / 2    for t ≤ T
  /// rate(t) = minimum                                                  for t > T
  /// ```
  ///
  /// This is the closed form of PyTorch's `CosineAnnealingLR` (`T_max = T`,
  /// `eta_min = minimum`) for `t ≤ T`. Beyond `T`, PyTorch's formula keeps
  /// following the cosine and the rate *rises* again towards `initial` (a
  /// period-2T wave); this schedule holds the minimum instead, which is what
  /// "anneal over T steps" means. ``cosineAnnealingLR(initial:minimum:period:)``
  /// follows PyTorch. SGDR restarts (Loshchilov and Hutter, 2017) are a
  /// different schedule.
  ///
  /// ```swift
  /// let cosine = LearningRateSchedule.cosineAnnealing(initial: 0.1, minimum: 0.001, period: 1000)
  /// cosine(500)   // 0.0505, halfway down
  /// ```
  ///
  /// - Parameters:
  ///   - initial: The rate at step 0.
  ///   - minimum: The rate at step `period` and after (0 by default).
  ///   - period: `T`, the number of steps of the descent, `> 0`.
  public static func cosineAnnealing(initial: Float, minimum: Float = 0, period: Int) -> Self {
    require(period > 0, "cosineAnnealing needs a positive period, got \(period)")
    return Self(description: "cosineAnnealing(initial: \(initial), minimum: \(minimum), period: \(period))") { step in
      step < period ? cosineRate(step, initial: initial, minimum: minimum, period: period) : minimum
    }
  }

  /// PyTorch's `CosineAnnealingLR` (`T_max = T`, `eta_min = minimum`) in its
  /// closed form, for every step:
  ///
  /// ```
  /// rate(t) = minimum + (initial − minimum) · (1 + cos(π·t / T)) / 2
  /// ```
  ///
  /// It equals ``cosineAnnealing(initial:minimum:period:)`` up to step `T`.
  /// After `T` it keeps following the cosine, as PyTorch does when training
  /// runs past `T_max`: the rate climbs back to `initial` at `2T`, falls to
  /// `minimum` at `3T`, and so on.
  ///
  /// ```swift
  /// let wave = LearningRateSchedule.cosineAnnealingLR(initial: 0.1, minimum: 0.001, period: 1000)
  /// wave(1000)   // 0.001, the minimum
  /// wave(1500)   // 0.0505, halfway back up
  /// wave(2000)   // 0.1
  /// ```
  ///
  /// - Parameters:
  ///   - initial: The rate at step 0 (PyTorch's base learning rate).
  ///   - minimum: The rate at step `period` (0 by default).
  ///   - period: `T`, the number of steps from `initial` down to `minimum`,
  ///     `> 0`.
  public static func cosineAnnealingLR(initial: Float, minimum: Float = 0, period: Int) -> Self {
    require(period > 0, "cosineAnnealingLR needs a positive period, got \(period)")
    return Self(description: "cosineAnnealingLR(initial: \(initial), minimum: \(minimum), period: \(period))") { step in
      cosineRate(step, initial: initial, minimum: minimum, period: period)
    }
  }

  /// `minimum + (initial − minimum)·(1 + cos(π·step/period))/2`, in `Double`.
  private static func cosineRate(_ step: Int, initial: Float, minimum: Float, period: Int) -> Float {
    let progress = Double(step) / Double(period)
    let low = Double(minimum)
    return Float(low + (Double(initial) - low) * (1 + cos(Double.pi * progress)) / 2)
  }

  /// A linear warm-up over `steps` steps that hands off to `then`, whose own
  /// step count starts after the warm-up:
  ///
  /// ```
  /// rate(t) = then(0) · (t + 1) / steps     for t < steps
  /// rate(t) = then(t − steps)               for t ≥ steps
  /// ```
  ///
  /// The last warm-up step reaches `then(0)`; Goyal et al. (2017) use a
  /// warm-up like this with large mini-batches. `steps = 0` gives `then`.
  /// ``warmupFromZero(steps:then:)`` starts at 0 instead.
  ///
  /// ```swift
  /// let schedule = LearningRateSchedule.warmup(steps: 50, then: .stepDecay(initial: 0.4, every: 1000, factor: 0.1))
  /// schedule(0)    // 0.008
  /// schedule(49)   // 0.4
  /// ```
  ///
  /// - Parameters:
  ///   - steps: The length of the warm-up, `≥ 0`.
  ///   - schedule: The schedule that follows, started at its own step 0.
  public static func warmup(steps: Int, then schedule: Self) -> Self {
    linearWarmup("warmup", steps: steps, firstStep: 1, then: schedule)
  }

  /// A linear warm-up over `steps` steps that starts from 0, then hands off
  /// to `then`, whose own step count starts after the warm-up:
  ///
  /// ```
  /// rate(t) = then(0) · t / steps           for t < steps
  /// rate(t) = then(t − steps)               for t ≥ steps
  /// ```
  ///
  /// This is the warm-up of Hugging Face's
  /// `get_linear_schedule_with_warmup` and of many transformer recipes: the
  /// first step has rate 0 and the ramp reaches `then(0)` exactly when `then`
  /// takes over. ``warmup(steps:then:)`` starts at `then(0)/steps` instead,
  /// so that no step is wasted. `steps = 0` gives `then`.
  ///
  /// ```swift
  /// let schedule = LearningRateSchedule.warmupFromZero(steps: 50, then: .constant(0.4))
  /// schedule(0)    // 0
  /// schedule(25)   // 0.2
  /// schedule(50)   // 0.4
  /// ```
  ///
  /// - Parameters:
  ///   - steps: The length of the warm-up, `≥ 0`.
  ///   - schedule: The schedule that follows, started at its own step 0.
  public static func warmupFromZero(steps: Int, then schedule: Self) -> Self {
    linearWarmup("warmupFromZero", steps: steps, firstStep: 0, then: schedule)
  }

  /// `then(0) · (t + firstStep) / steps` for the first `steps` steps, then
  /// `then(t − steps)`; `name` is the factory's, for the description.
  private static func linearWarmup(_ name: String, steps: Int, firstStep: Int, then schedule: Self) -> Self {
    require(steps >= 0, "\(name) needs a non-negative step count, got \(steps)")
    let peak = schedule(0)
    return Self(description: "\(name)(steps: \(steps), then: \(schedule))") { step in
      step < steps ? peak * Float(step + firstStep) / Float(steps) : schedule(step - steps)
    }
  }
}

/// The linear scaling rule (Goyal et al., 2017): when the mini-batch grows
/// `k`-fold, grow the learning rate `k`-fold,
///
/// ```
/// lr = base · batchSize / baseBatchSize
/// ```
///
/// ```swift
/// scaledLearningRate(base: 0.1, baseBatchSize: 256, batchSize: 1024)   // 0.4
/// ```
///
/// - Parameters:
///   - base: The learning rate tuned for `baseBatchSize`.
///   - baseBatchSize: The batch size `base` was tuned for, `> 0`.
///   - batchSize: The new batch size, `> 0`.
public func scaledLearningRate(base: Float, baseBatchSize: Int, batchSize: Int) -> Float {
  require(baseBatchSize > 0 && batchSize > 0, "Batch sizes must be positive, got \(baseBatchSize) and \(batchSize)")
  return base * Float(batchSize) / Float(baseBatchSize)
}
