import CellProtocol
import Foundation
import Testing

@testable import Site

/// All matches of `pattern`'s capture groups in `text`.
private func matches(_ pattern: String, in text: String) -> [[String]] {
  let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
  return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
    (1..<match.numberOfRanges).map { String(text[Range(match.range(at: $0), in: text)!]) }
  }
}

/// The tick labels of each `axis-x` or `axis-y` group in `markup`, in order.
private func tickLabels(_ axis: String, in markup: String) -> [[String]] {
  matches("<g class=\"axis axis-\(axis)\">(.*?)</g>", in: markup).map { group in
    matches("<text class=\"tick-label\"[^>]*>([^<]*)</text>", in: group[0]).map { $0[0] }
  }
}

/// Each `<svg …>…</svg>` of `markup`.
private func svgs(_ markup: String) -> [String] {
  matches("(<svg .*?</svg>)", in: markup).map { $0[0] }
}

@Suite("Issue 12: figures students can trust")
struct ChartTrustTests {
  let renderer = ChartRenderer()

  @Test("variants share their axes by default: a failing run is drawn on the healthy run's scale")
  func sharedVariantAxes() {
    let healthy = Chart(.line(series: [line("validation", [0.5, 0.8, 1])], logY: false))
    let failing = Chart(.line(series: [line("validation", [0.05, 0.1, 0.25])], logY: false))
    let shared = renderer.render(
      Chart(.variants(parameter: "p", labels: ["0", "0.9"], charts: [healthy, failing])), id: "v")
    let labels = tickLabels("y", in: shared)
    #expect(labels.count == 2 && labels[0] == labels[1])
    #expect(labels[0].first == "0" && labels[0].last == "1")
    #expect(tickLabels("x", in: shared)[0] == tickLabels("x", in: shared)[1])
    // Free axes: each chart spans its own data.
    let free = renderer.render(
      Chart(.variants(parameter: "p", labels: ["0", "0.9"], charts: [healthy, failing], axes: .free)), id: "v")
    let freeLabels = tickLabels("y", in: free)
    #expect(freeLabels.count == 2 && freeLabels[0] != freeLabels[1] && freeLabels[1].last == "0.25")
  }

  @Test("shared axes cover every kind's data ranges; only charts of the first one's kind and scale share")
  func sharedDomains() {
    let small = HistogramSeries(name: "a", lowerBound: 0, upperBound: 1, counts: [1, 2])
    let wide = HistogramSeries(name: "a", lowerBound: -3, upperBound: 1, counts: [40, 2])
    let domains = Variants.sharedDomains([
      Chart(.histogram(series: [small])), Chart(.histogram(series: [wide])),
      Chart(.line(series: [line("l", [5, 6])], logY: false)),
    ])
    #expect(domains[0] == domains[1] && domains[0].x == Extent(lower: -3, upper: 1))
    #expect(domains[0].y == Extent(lower: 0, upper: 40))
    #expect(domains[2] == AxisDomain())
    let log = Variants.sharedDomains([
      Chart(.line(series: [line("l", [1, 10])], logY: true)), Chart(.line(series: [line("l", [100, 1000])], logY: false)),
    ])
    #expect(log[0].y == Extent(lower: 1, upper: 10) && log[1] == AxisDomain())
    // Planes: scatter plots and decision regions share both axes.
    let grid = Grid(xMin: -5, xMax: 5, yMin: -1, yMax: 1, columns: 2, rows: 2, values: [0, 1, 1, 0])
    let plane = Variants.sharedDomains([
      Chart(.scatter(points: [ScatterPoint(x: 0, y: 3, label: 0)], classNames: ["a"])),
      Chart(.heatmap(grid, points: [], classNames: ["a", "b"])),
    ])
    #expect(plane[0] == plane[1] && plane[0] == AxisDomain(x: Extent(lower: -5, upper: 5), y: Extent(lower: -1, upper: 3)))
  }

  @Test("a histogram variant drawn on a shared count scale keeps its bars below the others' peak")
  func sharedHistogramCounts() {
    let low = Chart(.histogram(series: [HistogramSeries(name: "a", lowerBound: 0, upperBound: 1, counts: [1, 2])]))
    let high = Chart(.histogram(series: [HistogramSeries(name: "a", lowerBound: 0, upperBound: 1, counts: [30, 40])]))
    let markup = renderer.render(Chart(.variants(parameter: "epoch", labels: ["1", "2"], charts: [low, high])), id: "h")
    let labels = tickLabels("y", in: markup)
    #expect(labels.count == 2 && labels[0] == labels[1] && labels[0].last == "40")
  }

  @Test("contours of a square domain are square, and the minimum is marked where it is")
  func contourAspectAndMinimum() throws {
    // (x − 0.3)² + 2(y + 0.2)² on −1…1 × −1…1, sampled at 21 × 21 nodes.
    let side = 21
    let values = (0..<side).flatMap { row in
      (0..<side).map { column -> Double in
        let x = -1 + 2 * Double(column) / Double(side - 1), y = -1 + 2 * Double(row) / Double(side - 1)
        return (x - 0.3) * (x - 0.3) + 2 * (y + 0.2) * (y + 0.2)
      }
    }
    let grid = Grid(xMin: -1, xMax: 1, yMin: -1, yMax: 1, columns: side, rows: side, values: values)
    let drawing = ContourChart(grid: grid, levels: [0.1, 0.5], path: [], equalAxes: true)
    let minimum = try #require(drawing.minimum)
    #expect(abs(minimum.x - 0.3) < 1e-9 && abs(minimum.y + 0.2) < 1e-9)
    let svg = renderer.render(Chart(.contour(grid, levels: [0.1, 0.5], path: []), equalAxes: true), id: "c")
    #expect(svg.contains("class=\"minimum\"") && svg.contains(">minimum</text>"))
    let clip = try #require(matches("(<rect class=\"clip\"[^>]*>)", in: svg).first?.first)
    let width = try #require(matches(" width=\"([0-9.]+)\"", in: clip).first.flatMap { Double($0[0]) })
    let height = try #require(matches(" height=\"([0-9.]+)\"", in: clip).first.flatMap { Double($0[0]) })
    #expect(abs(width - height) < 0.2)
    // A field whose lowest point is on the edge has no interior minimum.
    let slope = Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: 3, rows: 3, values: (0..<9).map(Double.init))
    #expect(ContourChart(grid: slope, levels: [1], path: []).minimum == nil)
  }

  @Test("a short series gets a dot on every point; a long one does not")
  func markersOnSparseLines() {
    let sparse = renderer.render(Chart(.line(series: [line("final", [0.9, 0.8, 0.85, 0.7, 0.4, 0.1])], logY: false)), id: "s")
    #expect(sparse.components(separatedBy: "class=\"marker\"").count - 1 == 6)
    let dense = renderer.render(Chart(.line(series: [line("loss", (0..<100).map { 1 / Double($0 + 1) })], logY: false)), id: "d")
    #expect(!dense.contains("class=\"marker\""))
  }

  @Test("a series drawn over an earlier one is dashed, in the plot and in the legend")
  func coveringSeriesIsDashed() {
    let cosine = (0..<40).map { cos(Double($0) / 10) }
    let continued = cosine.enumerated().map { $0 < 25 ? $1 : $1 + 1 }
    let svg = renderer.render(
      Chart(.line(series: [line("holds", cosine), line("continued", continued), line("other", cosine.map { $0 + 3 })],
        logY: false)), id: "c")
    #expect(svg.contains("class=\"series series-2 line dashed\""))
    #expect(svg.contains("class=\"series series-1 line\"") && svg.contains("class=\"series series-3 line\""))
    #expect(svg.contains("class=\"swatch-line dashed\""))
  }

  @Test("a scatter class lying on a lower class is drawn as rings")
  func coincidingClassesAreRinged() {
    let truth = (0..<50).map { ScatterPoint(x: Double($0), y: 2 * Double($0), label: 0) }
    let fit = truth.map { ScatterPoint(x: $0.x, y: $0.y + 0.01, label: 1) }
    let apart = truth.map { ScatterPoint(x: $0.x, y: $0.y + 30, label: 2) }
    let drawing = ScatterChart(points: truth + fit + apart, classNames: ["truth", "fit", "apart"])
    #expect(drawing.ringed == [1])
    let svg = renderer.render(Chart(.scatter(points: truth + fit + apart, classNames: ["truth", "fit", "apart"])), id: "s")
    #expect(svg.contains("point class-1 ring") && !svg.contains("point class-0 ring"))
    #expect(svg.contains("class=\"swatch-ring\""))
  }

  @Test("a line chart's x axis ends at the data when rounding out would leave a wide margin")
  func xAxisHugsTheData() {
    let components = Series(name: "share", points: (1...61).map { Point(x: Double($0), y: 1 / Double($0)) })
    let svg = renderer.render(Chart(.line(series: [components], logY: false)), id: "x")
    #expect(tickLabels("x", in: svg)[0] == ["0", "20", "40", "60"])
    let ticks = Ticks.linear(hugging: 1, 64, count: 6)
    #expect(ticks.lower == 0 && ticks.upper == 64)
    let epochs = Ticks.linear(hugging: 1, 40, count: 6)
    #expect(epochs.lower == 0 && epochs.upper == 40)
  }

  @Test("the site renderer draws each chart twice, wide and narrow, with unique ids and the notes once")
  func twoLayouts() {
    var chart = Chart(.line(series: [line("loss", [3, 2, 1])], logY: false), title: "Loss")
    chart.notes = ["a note"]
    let markup = ChartRenderer.site.render(chart, id: "fig-1")
    let drawn = svgs(markup)
    #expect(drawn.count == 2)
    #expect(drawn[0].contains("class=\"chart chart-line chart-wide\"") && drawn[0].contains("viewBox=\"0 0 640 360\""))
    #expect(drawn[1].contains("class=\"chart chart-line chart-narrow\"") && drawn[1].contains("viewBox=\"0 0 340 306\""))
    #expect(drawn[1].contains("id=\"fig-1-n-title\"") && drawn[0].contains("id=\"fig-1-title\""))
    #expect(markup.components(separatedBy: "a note").count == 2)
    // Every layout keeps its role, title and data summary.
    #expect(drawn.allSatisfy { $0.contains("role=\"img\"") && $0.contains("<title") && $0.contains("<desc") })
  }

  @Test("a title too long for the narrow layout wraps onto lines that fit, and the plot moves down")
  func titlesWrap() {
    #expect(Frame.wrapped("Gradient descent, best learning rate for each", width: 324)
      == ["Gradient descent, best", "learning rate for each"])
    #expect(Frame.wrapped("Loss", width: 324) == ["Loss"])
    let chart = Chart(.line(series: [line("a", [1, 2])], logY: false), title: "Gradient descent, best learning rate for each")
    let drawn = svgs(ChartRenderer.site.render(chart, id: "t"))
    #expect(drawn[0].components(separatedBy: "class=\"chart-title\"").count - 1 == 1)
    #expect(drawn[1].components(separatedBy: "class=\"chart-title\"").count - 1 == 2)
  }

  @Test("narrow, a grid with more columns than rows is transposed, keeping each row's colour")
  func narrowGridTransposes() {
    let cell = { (name: String) in HistogramSeries(name: name, lowerBound: -1, upperBound: 1, counts: [1, 3, 1]) }
    let chart = Chart(.histogramGrid(
      rows: ["Xavier", "He"], columns: ["layer 1", "layer 4", "layer 7", "layer 10"],
      cells: [["x1", "x4", "x7", "x10"].map(cell), ["h1", "h4", "h7", "h10"].map(cell)]))
    let drawn = svgs(ChartRenderer.site.render(chart, id: "g"))
    let rowLabels = { (svg: String) in matches("class=\"row-label\"[^>]*>([^<]*)<", in: svg).map { $0[0] } }
    #expect(rowLabels(drawn[0]) == ["Xavier", "He"])
    #expect(rowLabels(drawn[1]) == ["layer 1", "layer 4", "layer 7", "layer 10"])
    #expect(drawn[1].contains("<title>h10: 5 values") && drawn[1].contains("cell series series-2"))
  }

  @Test("an equal-axes chart of a flat cloud is cropped to its plot's height")
  func flatCloudIsCroppedInHeight() throws {
    let points = (0..<20).map { ScatterPoint(x: Double($0), y: Double($0 % 3), label: 0) }
    let svg = renderer.render(Chart(.scatter(points: points, classNames: ["a"]), equalAxes: true), id: "s")
    let box = try #require(matches("viewBox=\"0 0 ([0-9.]+) ([0-9.]+)\"", in: svg).first)
    #expect(Double(box[0]) == 640 && Double(box[1])! < 250)
  }
}

@Suite("Issue 12: tables for people")
struct TableAlignmentTests {
  @Test("columns of numbers, as LessonKit writes them, align right; text and mixed columns do not")
  func numericColumns() {
    #expect(CellRenderer.isNumeric(["19.75", "0", "-0.922", "1.297e+04", "48.33\u{A0}%", "nan", "-inf", "1,058"]))
    #expect(!CellRenderer.isNumeric(["1058", "not within 2,000"]))
    #expect(!CellRenderer.isNumeric(["0.09073, 0.4653"]))
    #expect(!CellRenderer.isNumeric([]))
  }
}
