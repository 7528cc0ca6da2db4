import CellProtocol
import Testing

@testable import LessonKit

@Suite("LessonKit chart options")
struct ChartOptionTests {
  @Test func valuesOutsideAnExplicitRangeAreCountedNotBinned() {
    let values: [Float] = [-10, -1, 0, 1, 10, .infinity, .nan, -2, 2]
    guard case .histogram(let series) = Chart.histogram(["w": values], bins: 2, range: -2...2).kind else {
      Issue.record("not a histogram")
      return
    }
    // -2 and -1 in [-2, 0); 0, 1 and 2 in [0, 2]; -10, 10 and ∞ in no bin
    // (they used to pile into the edge bins); NaN is neither.
    #expect(series[0].counts == [2, 3])
    #expect(series[0].outside == 3)
    #expect(series[0].lowerBound == -2 && series[0].upperBound == 2)
  }

  @Test func withoutARangeNothingFiniteIsOutside() {
    guard case .histogram(let series) = Chart.histogram([("a", [1, 2, 3]), ("b", [5, -.infinity])], bins: 4).kind else {
      Issue.record("not a histogram")
      return
    }
    #expect(series.map(\.outside) == [0, 1])
    #expect(series.map { $0.counts.reduce(0, +) } == [3, 1])
  }

  @Test func histogramGridCellsCountTheirOwnOutsideValues() {
    let chart = Chart.histogramGrid(
      rows: ["r"], columns: ["a", "b"], samples: [[[0, 0.5, 3, -3], [0.1, 0.2]]], bins: 4, range: -1...1)
    guard case .histogramGrid(_, _, let cells) = chart.kind else {
      Issue.record("not a grid")
      return
    }
    #expect(cells[0].map(\.outside) == [2, 0])
    #expect(cells[0][0].counts.reduce(0, +) == 2)
  }

  @Test func aSingleValueRangeIsWidenedBeforeCounting() {
    let series = histogramSeries("x", [1, 1.2, 3], bins: 2, range: 1...1)
    #expect(series.lowerBound == 0.5 && series.upperBound == 1.5)
    #expect(series.counts == [0, 2] && series.outside == 1)
  }

  @Test func barsTakeALogScale() {
    let chart = Chart.bar(["1", "2"], ["norm": [1e-6, 1]], yLabel: "norm", logY: true)
    #expect(chart.kind == .bar(categories: ["1", "2"], series: [BarSeries(name: "norm", values: [Double(Float(1e-6)), 1])], logY: true))
    guard case .bar(_, _, let logY) = Chart.bar(["1"], ["a": [1]]).kind else {
      Issue.record("not a bar chart")
      return
    }
    #expect(!logY)
  }

  @Test func scatterAndDecisionBoundaryDefaultToEqualAxes() {
    let data = Dataset(inputs: Tensor(rows: 2, cols: 2, scalars: [-1, 0, 1, 5]), labels: [0, 1])
    #expect(Chart.scatter(data).equalAxes)
    #expect(!Chart.scatter(data, xLabel: "age", yLabel: "income", equalAxes: false).equalAxes)
    let model = Sequential(seed: 1) { Dense(2, 2) }
    #expect(Chart.decisionBoundary(model, data: data, resolution: 4).equalAxes)
    #expect(!Chart.decisionBoundary(model, data: data, resolution: 4, equalAxes: false).equalAxes)
    #expect(!Chart.plot(["a": [1, 2]]).equalAxes)
  }
}
