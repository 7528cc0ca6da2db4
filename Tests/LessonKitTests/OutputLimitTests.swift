import CellProtocol
import Foundation
import Testing

@testable import LessonKit

/// The series of a line chart.
private func lineSeries(_ chart: Chart) -> [Series] {
  guard case .line(let series, _) = chart.kind else { return [] }
  return series
}

@Suite("LessonKit output limits: text and tables")
struct TextAndTableLimitTests {
  @Test func longTextKeepsItsStartAndEndAroundAMarker() {
    let text = String(repeating: "a", count: 10_000_000) + "THE END"
    let capped = cappedText("START" + text)
    #expect(capped.utf8.count <= OutputLimits.textBytes + 100)
    #expect(capped.hasPrefix("START") && capped.hasSuffix("THE END"))
    let omitted = 10_000_012 - OutputLimits.textBytes
    #expect(capped.contains("\n… [\(groupedDigits(omitted)) bytes omitted] …\n"))
  }

  @Test func shortTextIsUnchanged() {
    let text = String(repeating: "é", count: OutputLimits.textBytes / 2)
    #expect(cappedText(text) == text)
  }

  @Test func multiByteCharactersAreNeverCutInHalf() {
    let text = String(repeating: "é€😀", count: 100_000)
    let capped = cappedText(text)
    #expect(!capped.contains("\u{FFFD}"))
    let parts = capped.components(separatedBy: "\n")
    #expect(parts.count == 3)
    let kept = parts[0].utf8.count + parts[2].utf8.count
    #expect(parts[1] == "… [\(groupedDigits(text.utf8.count - kept)) bytes omitted] …")
    #expect(kept <= OutputLimits.textBytes && kept > OutputLimits.textBytes - 8)
  }

  @Test func aLongTableKeepsItsFirstAndLastRowsAroundAMarkerRow() {
    let rows: [[String]] = (0..<300_000).map { [String($0), String(2 * $0)] }
    guard case .table(let columns, let shown) = cappedTable(["step", "loss"], rows) else {
      Issue.record("not a table")
      return
    }
    #expect(columns == ["step", "loss"])
    #expect(shown.count == OutputLimits.tableRows + 1)
    #expect(shown[0] == ["0", "0"])
    #expect(shown[749] == ["749", "1498"])
    #expect(shown[750] == ["… showing 1,000 of 300,000 rows: 299,000 omitted …", ""])
    #expect(shown[751] == ["299750", "599500"])
    #expect(shown.last == ["299999", "599998"])
  }

  @Test func wideTablesAndLongCellsAreCut() {
    let columns = (0..<150).map { "c\($0)" }
    let row: [String] = [String(repeating: "x", count: 5_000)] + (1..<150).map { String($0) }
    guard case .table(let header, let rows) = cappedTable(columns, [row]) else {
      Issue.record("not a table")
      return
    }
    #expect(header.count == OutputLimits.tableColumns + 1)
    #expect(header.last == "… 50 more columns")
    #expect(rows[0].count == header.count && rows[0].last == "…")
    #expect(rows[0][0].utf8.count <= OutputLimits.tableCellBytes + 40)
    #expect(rows[0][0].contains(" … [4,500 bytes omitted] … "))
    #expect(rows[0][1] == "1")
  }

  @Test func aSmallTableIsUnchanged() {
    #expect(cappedTable(["a", "b"], [["1", "x"], ["2.5", "y"]]) == .table(columns: ["a", "b"], rows: [["1", "x"], ["2.5", "y"]]))
  }

  @Test func columnsFormatTheirValuesLikeFormat() {
    #expect(Column("f", [Float(0.031416), 2]).cells == ["0.031", "2.000"])
    #expect(Column("d", [1.5e-6, 20412582.0]).cells == ["0", "2.041e+07"])
    #expect(Column("i", [1, 20]).cells == ["1", "20"])
    #expect(Column("s", ["he", "<b>"]).cells == ["he", "<b>"])
  }
}

@Suite("LessonKit output limits: line series")
struct SeriesLimitTests {
  @Test func aTenMillionPointPlotBecomesASmallOutputQuickly() throws {
    let ys = (0..<10_000_000).map { Float(2 * exp(-Double($0) / 2_000_000) + 0.01 * sin(Double($0))) }
    let start = Date()
    let item = chartItem(Chart.plot(["loss": ys]), caption: "10 million steps")
    let bytes = try EventCoding.encoder().encode(RuntimeEvent.display(cell: 0, item: item)).count
    let seconds = Date().timeIntervalSince(start)
    #expect(bytes < 200_000)
    #expect(seconds < 30, "debug build: \(seconds) s")
    guard case .chart(let chart, _) = item else {
      Issue.record("not a chart")
      return
    }
    let series = lineSeries(chart)[0]
    #expect(series.points.count == OutputLimits.pointsPerSeries)
    #expect(series.points.first?.x == 0 && series.points.last?.x == 9_999_999)
    #expect(series.downsampledFrom == SeriesCounts(points: 10_000_000, nonFinite: 0, nonPositive: 0))
    #expect(chart.notes == ["“loss” is downsampled from 10,000,000 to 2,000 points."])
  }

  @Test func downsamplingKeepsWhereASeriesTurnsNonFinite() {
    var ys = (0..<100_000).map { Float(1 + Double($0) / 10_000) }
    for i in 43_000..<43_100 { ys[i] = .nan }
    for i in 80_000..<100_000 { ys[i] = i == 80_000 ? .infinity : .nan }
    let series = lineSeries(Chart.plot(["loss": ys]))[0]
    #expect(series.points.count <= OutputLimits.pointsPerSeries)
    #expect(series.downsampledFrom == SeriesCounts(points: 100_000, nonFinite: 20_100, nonPositive: 0))
    // The first NaN and the first infinity keep their exact positions; the
    // finite runs keep their ends, so the page breaks the line in the same places.
    let firstNaN = series.points.first { $0.y.isNaN }
    #expect(firstNaN?.x == 43_000)
    #expect(series.points.first { $0.y.isInfinite }?.x == 80_000)
    #expect(series.points.contains { $0.x == 42_999 } && series.points.contains { $0.x == 43_100 })
    #expect(series.points.contains { $0.x == 79_999 })
    #expect(zip(series.points, series.points.dropFirst()).allSatisfy { $0.x < $1.x })
  }

  @Test func aFragmentedSeriesIsSampledEvenlyKeepingTheFirstOfEachKind() {
    // Every other value is NaN: 50,000 runs, far more than 2,000 points.
    var ys = (0..<100_000).map { $0 % 2 == 0 ? Float($0) : .nan }
    ys[77_777] = -.infinity
    ys[3] = 0
    let chart = Chart.plot(["x": ys], logY: true)
    let series = lineSeries(chart)[0]
    #expect(series.points.count <= OutputLimits.pointsPerSeries)
    #expect(series.points.contains { $0.x == 1 && $0.y.isNaN })
    #expect(series.points.contains { $0.x == 77_777 && $0.y == -.infinity })
    #expect(series.points.contains { $0.x == 0 && $0.y == 0 })
    #expect(series.downsampledFrom == SeriesCounts(points: 100_000, nonFinite: 49_999, nonPositive: 2))
  }

  @Test func seriesUnderTheLimitAreUntouched() {
    let ys = (0..<OutputLimits.pointsPerSeries).map { Float($0 % 7) }
    let chart = Chart.plot(["a": ys], x: ys.indices.map { Float($0) / 10 })
    #expect(chart.notes.isEmpty)
    #expect(lineSeries(chart)[0] == Series(name: "a", points: ys.enumerated().map { Point(x: Double(Float($0) / 10), y: Double($1)) }))
    #expect(chart.capped() == chart)
  }

  @Test func aHandBuiltChartIsCappedWhenShown() {
    let points = (0..<50_000).map { Point(x: Double($0), y: Double($0 % 100)) }
    let chart = Chart(.line(series: [Series(name: "raw", points: points)], logY: false))
    let capped = chart.capped()
    #expect(lineSeries(capped)[0].points.count == OutputLimits.pointsPerSeries)
    #expect(capped.notes == ["“raw” is downsampled from 50,000 to 2,000 points."])
    // Capping again changes nothing: no second note.
    #expect(capped.capped() == capped)
  }
}

@Suite("LessonKit output limits: other charts")
struct ChartLimitTests {
  @Test func aMillionPointScatterIsSampledEvenlyAndDeterministically() throws {
    let count = 1_000_000
    var scalars = (0..<(2 * count)).map { Float($0 % 1_000) / 100 }
    scalars[2 * 10] = .nan
    let data = Dataset(inputs: Tensor(rows: count, cols: 2, scalars: scalars), labels: (0..<count).map { $0 % 3 })
    let chart = Chart.scatter(data)
    guard case .scatter(let points, let classNames, _, _, _) = chart.kind else {
      Issue.record("not a scatter")
      return
    }
    #expect(points.count == OutputLimits.scatterPoints)
    #expect(classNames == ["class 0", "class 1", "class 2"])
    #expect(points[1] == ScatterPoint(x: Double(scalars[400]), y: Double(scalars[401]), label: 200 % 3))
    #expect(chart.notes == ["Showing 5,000 of 1,000,000 points, sampled evenly; the 1 that is not finite is left out."])
    #expect(Chart.scatter(data) == chart)
    let bytes = try EventCoding.encoder().encode(chartItem(chart, caption: nil)).count
    #expect(bytes < 400_000)
  }

  @Test func decisionBoundariesAndContoursAreComputedOnABoundedGrid() {
    let model = Sequential(seed: 1) { Dense(2, 3) }
    let data = SyntheticData.blobs(count: 30, centers: [[0, 0], [2, 2], [0, 2]], std: 0.3, seed: 1)
    let boundary = Chart.decisionBoundary(model, data: data, resolution: 1_000)
    guard case .heatmap(let grid, let points, _) = boundary.kind else {
      Issue.record("not a heat map")
      return
    }
    #expect(grid.columns == OutputLimits.gridSide && grid.rows == OutputLimits.gridSide)
    #expect(points.count == 30)
    #expect(boundary.notes == ["The grid is reduced from 1,000 × 1,000 to 200 × 200 values."])
    let contour = Chart.contour(x: -1...1, y: -1...1, resolution: 500, levels: 400) { a, b in a * a + b * b }
    guard case .contour(let surface, let levels, _) = contour.kind else {
      Issue.record("not a contour")
      return
    }
    #expect(surface.columns == OutputLimits.gridSide && surface.values.count == 40_000)
    #expect(levels.count == OutputLimits.contourLevels)
    #expect(contour.notes == [
      "The grid is reduced from 500 × 500 to 200 × 200 values.", "Showing 50 of 400 contour levels.",
    ])
  }

  @Test func handBuiltGridsAreResampledKeepingTheirCorners() {
    let side = 1_001
    let values = (0..<(side * side)).map { Double($0 % side) + 1_000 * Double($0 / side) }
    let grid = Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: side, rows: side, values: values)
    let (atNodes, note) = cappedGrid(grid, atNodes: true)
    #expect(atNodes.columns == 200 && atNodes.rows == 200)
    #expect(atNodes.values.first == values.first && atNodes.values.last == values.last)
    #expect(note == "The grid is reduced from 1,001 × 1,001 to 200 × 200 values.")
    let (centred, _) = cappedGrid(grid, atNodes: false)
    #expect(centred.values[0] == 1_000 * 2 + 2)
  }

  @Test func histogramsCapTheirBinsAndCountNaN() {
    let values: [Float] = (0..<10_000).map { Float($0) } + [.nan, .nan, .infinity]
    let chart = Chart.histogram(["v": values], bins: 100_000)
    guard case .histogram(let series) = chart.kind else {
      Issue.record("not a histogram")
      return
    }
    #expect(series[0].counts.count == OutputLimits.histogramBins)
    #expect(series[0].counts.reduce(0, +) == 10_000)
    #expect(series[0].notANumber == 2 && series[0].outside == 1)
    #expect(chart.notes == ["100,000 bins were asked for; 1,000 are drawn."])
    let wide = HistogramSeries(name: "w", lowerBound: 0, upperBound: 2_500, counts: Array(repeating: 1, count: 2_500))
    let (merged, note) = cappedBins(wide)
    #expect(merged.counts.count == 834 && merged.counts.reduce(0, +) == 2_500)
    #expect(merged.upperBound == 2_502)
    #expect(note == "The 2,500 bins of “w” are merged into 834.")
  }

  @Test func anInfiniteHistogramRangeBecomesTheDataRange() {
    guard case .histogram(let series) = Chart.histogram(["v": [1, 2, 3, 4]], bins: 3, range: -.infinity...Float.infinity).kind
    else {
      Issue.record("not a histogram")
      return
    }
    #expect(series[0].lowerBound == 1 && series[0].upperBound == 4)
    #expect(series[0].counts == [1, 1, 2])
  }

  @Test func histogramGridsBarsAndVariantsShowTheirFirstItems() {
    let samples = (0..<30).map { _ in (0..<25).map { _ in [Float(1), 2, 3] } }
    let grid = Chart.histogramGrid(rows: (0..<30).map { "r\($0)" }, columns: (0..<25).map { "c\($0)" }, samples: samples)
    guard case .histogramGrid(let rows, let columns, let cells) = grid.kind else {
      Issue.record("not a grid")
      return
    }
    #expect(rows.count == 20 && columns.count == 20 && cells.count == 20 && cells.allSatisfy { $0.count == 20 })
    #expect(grid.notes == ["Showing 20 of 30 rows and 20 of 25 columns of panels."])
    let names = (0..<1_200).map { "layer \($0)" }
    let bars = Chart.bar(names, ["norm": names.indices.map { Float($0) }])
    guard case .bar(let categories, let series, _) = bars.kind else {
      Issue.record("not bars")
      return
    }
    #expect(categories.count == OutputLimits.barCategories && series[0].values.count == OutputLimits.barCategories)
    #expect(bars.notes == ["Showing the first 500 of 1,200 categories."])
    let variants = Chart(.variants(parameter: "seed", labels: (0..<50).map { "\($0)" }, charts: Array(repeating: bars, count: 50)))
    guard case .variants(_, let labels, let charts, _) = variants.capped().kind else {
      Issue.record("not variants")
      return
    }
    #expect(labels.count == OutputLimits.variants && charts.count == OutputLimits.variants)
    #expect(variants.capped().notes == ["Showing the first 20 of 50 variants."])
  }
}

@Suite("LessonKit output limits: the lesson's budget")
struct OutputBudgetTests {
  @Test func outputsAreCountedUntilTheLessonsBudgetIsSpent() {
    var budget = OutputBudget()
    let megabyte = 1 << 20
    for _ in 0..<8 { #expect(budget.admit(megabyte, advice: "show less") == nil) }
    #expect(budget.used == 8 * megabyte)
    let reason = budget.admit(3 * megabyte / 2, advice: "show less data, e.g. fewer series")
    #expect(reason == "this output (1.5 MiB) would pass the lesson's 8 MiB budget for rich outputs (8 MiB used so far); show less data, e.g. fewer series")
    #expect(budget.used == 8 * megabyte)
  }

  @Test func oneOutputLargerThanTheLimitIsRejectedAlone() {
    var budget = OutputBudget()
    let reason = budget.admit(OutputLimits.outputBytes + 200_000, advice: DisplayItem.table(columns: [], rows: []).advice)
    #expect(reason == "this output (2.2 MiB) is larger than the 2 MiB allowed for one rich output; show less data, e.g. fewer columns, shorter cells or fewer tables")
    #expect(budget.used == 0)
    #expect(budget.admit(1_000, advice: "") == nil && budget.used == 1_000)
  }

  @Test func byteSizesReadNaturally() {
    #expect(byteSize(96) == "96 bytes")
    #expect(byteSize(812 << 10) == "812 KiB")
    #expect(byteSize(3_250_000) == "3.1 MiB")
    #expect(byteSize(8 << 20) == "8 MiB")
  }
}
