import Testing
import TrainingCore

@Suite("Statistics")
struct StatisticsTests {
  @Test func varianceIsTheMeanSquaredDeviation() {
    #expect(variance([1, 2, 3, 4]) == 1.25)
    #expect(variance([7]) == 0)
    #expect(variance([-3, 3]) == 9)
  }

  @Test func varianceMatchesTheTwoPassLoopBitForBit() {
    var random = RandomGenerator(seed: 4)
    let values = (0..<10_000).map { _ in random.normal(mean: 3, std: 2) }
    let mean = values.reduce(0, +) / Float(values.count)
    let byHand = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(values.count)
    #expect(variance(values) == byHand)
    #expect(abs(variance(values) - 4) < 0.2)  // the generator's σ² = 4
  }
}
