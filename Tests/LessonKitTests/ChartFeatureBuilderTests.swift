import CellProtocol
import Foundation
import Testing

@testable import LessonKit

@Suite("LessonKit builders of the issue 13 chart features")
struct ChartFeatureBuilderTests {
  @Test func scatterByValueColoursEachPointByItsValue() {
    let chart = Chart.scatterByValue(
      x: [1e-4, 1e-3, 1e-2], y: [1e-5, 1e-4, 1e-3], values: [0.6, 0.9, 0.7], valueLabel: "validation accuracy",
      valueRange: 0...1, xLabel: "learning rate", yLabel: "λ", logX: true, logY: true)
    guard case .scatter(let points, let classNames, let lines, let scale, let logY) = chart.kind else {
      Issue.record("not a scatter plot")
      return
    }
    #expect(points.map(\.value) == [0.6, 0.9, 0.7].map { Double(Float($0)) })
    #expect(points.map(\.x) == [1e-4, 1e-3, 1e-2].map { Double(Float($0)) })
    #expect(classNames.isEmpty && lines.isEmpty && logY && chart.logX)
    #expect(scale == ColorScale(label: "validation accuracy", lower: 0, upper: 1))
    #expect(chart.xLabel == "learning rate" && chart.yLabel == "λ")
  }

  @Test func aLargeValueScatterIsSampledWithANote() {
    let count = OutputLimits.scatterPoints * 2
    let xs = (0..<count).map { Float($0) }
    let chart = Chart.scatterByValue(x: xs, y: xs, values: xs)
    guard case .scatter(let points, _, _, _, _) = chart.kind else {
      Issue.record("not a scatter plot")
      return
    }
    #expect(points.count == OutputLimits.scatterPoints)
    #expect(points.allSatisfy { $0.value == $0.x })
    #expect(chart.notes.count == 1)
  }

  @Test func heatmapsKeepTheirRowsColumnsAndValues() {
    let chart = Chart.heatmap(
      [[0.5, 0.6], [0.7, 0.8], [0.9, 1]], rows: ["0.001", "0.01", "0.1"], columns: ["0", "1e-4"],
      valueLabel: "accuracy", showValues: false, xLabel: "λ", yLabel: "learning rate")
    guard case .valueGrid(let rows, let columns, let values, let scale, let showValues) = chart.kind else {
      Issue.record("not a value grid")
      return
    }
    #expect(rows == ["0.001", "0.01", "0.1"] && columns == ["0", "1e-4"])
    #expect(values[2] == [Double(Float(0.9)), 1])
    #expect(scale.label == "accuracy" && scale.lower == nil && !showValues)
  }

  @Test func aHugeHeatmapShowsItsFirstRowsAndColumns() {
    let side = OutputLimits.gridSide + 10
    let labels = (0..<side).map { "\($0)" }
    let chart = Chart.heatmap(
      Array(repeating: Array(repeating: Float(1), count: side), count: side), rows: labels, columns: labels)
    guard case .valueGrid(let rows, let columns, let values, _, _) = chart.kind else {
      Issue.record("not a value grid")
      return
    }
    #expect(rows.count == OutputLimits.gridSide && columns.count == OutputLimits.gridSide)
    #expect(values.count == OutputLimits.gridSide && values.allSatisfy { $0.count == OutputLimits.gridSide })
    #expect(chart.notes == ["Showing 200 of 210 rows and 200 of 210 columns."])
  }

  @Test func linesGoOverScatterPlotsAndLineCharts() {
    let data = Dataset(inputs: Tensor(rows: 2, cols: 2, scalars: [-1, -1.5, 1, 2.5]), labels: [0, 1])
    let ends: [Float] = [-1, 1]
    let chart = Chart.scatter(data, classNames: ["data", "outliers"], equalAxes: false)
      .addingLine("true line", x: ends, y: ends.map { 2 * $0 + 0.5 })
      .addingLine("MSE fit", x: ends, y: [-1.2, 3.1])
    guard case .scatter(let points, let classNames, let lines, let scale, _) = chart.kind else {
      Issue.record("not a scatter plot")
      return
    }
    #expect(points.count == 2 && classNames == ["data", "outliers"] && scale == nil)
    #expect(lines.map(\.name) == ["true line", "MSE fit"])
    #expect(lines[0].points == [Point(x: -1, y: -1.5), Point(x: 1, y: 2.5)])
    let plotted = Chart.plot(["train": [1, 0.5]]).addingLine("target", x: [0, 1], y: [0.2, 0.2])
    guard case .line(let series, _) = plotted.kind else {
      Issue.record("not a line chart")
      return
    }
    #expect(series.map(\.name) == ["train", "target"])
  }

  @Test func aLongLineOverPointsIsDownsampledWithANote() {
    let data = Dataset(inputs: Tensor(rows: 1, cols: 2, scalars: [0, 0]), labels: [0])
    let xs = (0..<10_000).map { Float($0) / 10_000 }
    let chart = Chart.scatter(data).addingLine("fit", x: xs, y: xs)
    guard case .scatter(_, _, let lines, _, _) = chart.kind else {
      Issue.record("not a scatter plot")
      return
    }
    #expect(lines[0].points.count <= OutputLimits.pointsPerSeries && lines[0].downsampledFrom?.points == 10_000)
    #expect(chart.notes == ["“fit” is downsampled from 10,000 to \(groupedDigits(lines[0].points.count)) points."])
  }

  @Test func referenceLinesAndAnnotationsAreMarks() {
    let chart = Chart.plot(["validation": [0.9, 0.5, 0.4, 0.45]], xLabel: "epoch")
      .referenceLine(x: 2, label: "best epoch")
      .referenceLine(y: 0.5)
      .annotated(x: 2, y: 0.4, "0.4")
    #expect(chart.marks == [
      .vertical(x: 2, label: "best epoch"), .horizontal(y: 0.5, label: nil), .point(x: 2, y: Double(Float(0.4)), label: "0.4"),
    ])
  }

  @Test func plotTakesALogXAxisAndCountsWhatItLeavesOut() {
    let chart = Chart.plot(["loss": [3, 2, 1]], x: [0.001, 0.01, 0.1], logX: true)
    #expect(chart.logX)
    // A long series downsampled for a log x axis counts its points at x ≤ 0.
    let xs = (0..<5_000).map { Float($0) - 10 }
    let long = Chart.plot(["loss": xs.map { _ in 1 }], x: xs, logX: true)
    guard case .line(let series, _) = long.kind else {
      Issue.record("not a line chart")
      return
    }
    #expect(series[0].downsampledFrom?.nonPositive == 11)
    #expect(series[0].points.filter { $0.x <= 0 }.count == 1)
  }
}
