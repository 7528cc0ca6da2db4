import CellProtocol
import Testing

@testable import LessonKit

@Suite("LessonKit chart builders")
struct ChartBuilderTests {
  @Test func seriesBuiltInALoopKeepTheirOrder() {
    var curves: [(String, [Float])] = []
    for name in ["zeta", "alpha", "mu"] { curves.append((name, [1, 2, 3])) }
    guard case .line(let series, _) = Chart.plot(curves).kind else {
      Issue.record("not a line chart")
      return
    }
    #expect(series.map(\.name) == ["zeta", "alpha", "mu"])
    #expect(series[0].points.map(\.y) == [1, 2, 3])
    let literal = Chart.plot(["zeta": [1, 2, 3], "alpha": [1, 2, 3], "mu": [1, 2, 3]])
    #expect(literal == Chart.plot(curves))
  }

  @Test func singleLogitModelsSplitAtZero() {
    // logit = x₁: class 1 on the right half, class 0 on the left.
    let model = Sequential(seed: 1) { Dense(2, 1) }
    model.layers[0].parameters[0].value = Tensor(rows: 2, cols: 1, scalars: [1, 0])
    model.layers[0].parameters[1].value = Tensor(rows: 1, cols: 1, scalars: [0])
    let data = Dataset(inputs: Tensor(rows: 2, cols: 2, scalars: [-1, -1, 1, 1]), labels: [0, 1])
    guard case .heatmap(let grid, _, _) = Chart.decisionBoundary(model, data: data, resolution: 4).kind else {
      Issue.record("not a heat map")
      return
    }
    #expect(grid.values == [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1])
  }

  @Test func contoursHaveEqualAxesUnlessAsked() {
    let bowl = { (a: Float, b: Float) in a * a + b * b }
    #expect(Chart.contour(x: -1...1, y: -1...1, bowl).equalAxes)
    #expect(!Chart.contour(x: -1...1, y: -1...1, equalAxes: false, bowl).equalAxes)
  }

  @Test func variantsShareTheirAxesUnlessAskedNotTo() throws {
    let charts = [("0", Chart.plot(["a": [1, 2]])), ("1", Chart.plot(["a": [3, 4]]))]
    for (axes, expected) in [(nil, VariantAxes.shared), (.free, .free), (.shared, .shared)] as [(VariantAxes?, VariantAxes)] {
      let item = chartItem(
        Chart(.variants(parameter: "p", labels: charts.map(\.0), charts: charts.map(\.1), axes: axes ?? .shared)),
        caption: nil)
      guard case .chart(let chart, _) = item, case .variants(_, _, _, let kept) = chart.kind else {
        Issue.record("not variants")
        return
      }
      #expect(kept == expected)
      let decoded = try EventCoding.decoder().decode(Chart.self, from: EventCoding.encoder().encode(chart))
      #expect(decoded == chart)
    }
  }
}

@Suite("LessonKit number formatting")
struct FormatTests {
  @Test func numbersFollowOneRule() {
    #expect(format(3) == "3")
    #expect(format(Float(2)) == "2")
    #expect(format(Float(0.031416)) == "0.03142")
    #expect(format(1.5e-6) == "1.500e-06")
    #expect(format(Float(999_999)) == "999999")
    #expect(format(Float(1_866_000)) == "1.866e+06")
    #expect(format(20_412_582.0) == "2.041e+07")
    #expect(format(Float.nan) == "nan")
    #expect(format(-Float.infinity) == "-inf")
  }

  @Test func arraysAreCommaSeparatedLists() {
    #expect(format([Float(0.5), 0.25]) == "0.5, 0.25")
    #expect(format([0.5, 1e-6]) == "0.5, 1.000e-06")
    #expect(format([Double]()) == "")
  }
}
