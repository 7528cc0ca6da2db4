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

  @Test func columnsShareOneFormat() {
    // Lesson 2's means: rounding noise beside 19.75 reads 0.
    #expect(Column("mean", [19.75, -8.901e-07, -3.274e-07, -2.829e-07]).cells == ["19.75", "0", "0", "0"])
    #expect(Column("cov", [3.56, 3.56, 0.9219, -1.718e-08]).cells == ["3.560", "3.560", "0.922", "0"])
    // One number of decimals, as few as show every value.
    #expect(Column("accuracy", [0.3333, 0.4333, 0.98]).cells == ["0.3333", "0.4333", "0.9800"])
    #expect(Column("logit", [Float(-40), -3, 0, 2.5, 40]).cells == ["-40.0", "-3.0", "0", "2.5", "40.0"])
    #expect(Column("variance", [0.3364, 0.01237, 8.185e-4]).cells == ["0.33640", "0.01237", "0.00082"])
    // Whole numbers stay integers.
    #expect(Column("std", [1.0, 1, 1]).cells == ["1", "1", "1"])
    // A column over many decades keeps real small values, all scientific.
    #expect(Column("gradient norm", [7.08e-6, 0.007301, 0.1819, 6.41, 5.866e6]).cells
      == ["7.080e-06", "7.301e-03", "1.819e-01", "6.410e+00", "5.866e+06"])
    #expect(Column("learning rate", [1e-5, 1e-4, 0.01, 10]).cells == ["1e-05", "1e-04", "1e-02", "1e+01"])
    // Tiny values alone are not noise: they have no larger value to be noise beside.
    #expect(Column("mean after", [-3.632e-08, 2.328e-08]).cells == ["-3.632e-08", "2.328e-08"])
    #expect(Column("x", [Double.nan, 0.5, .infinity]).cells == ["nan", "0.5", "inf"])
  }

  @Test func authorsAskForPercentagesAndDecimals() {
    #expect(Column("accuracy", [0.5333, 0.95], style: .percent).cells == ["53.33\u{A0}%", "95.00\u{A0}%"])
    #expect(Column("accuracy", [Float(1), 0.5], style: .percent).cells == ["100\u{A0}%", "50\u{A0}%"])
    #expect(Column("mean", [-3.632e-08, 4.811], style: .decimals(3)).cells == ["0.000", "4.811"])
    #expect(Column("x", [Double.nan], style: .percent).cells == ["nan"])
  }

  @Test func arraysAreCommaSeparatedLists() {
    #expect(format([Float(0.5), 0.25]) == "0.5, 0.25")
    #expect(format([0.5, 1e-6]) == "0.5, 1.000e-06")
    #expect(format([Double]()) == "")
  }
}
