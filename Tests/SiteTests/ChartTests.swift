import CellProtocol
import Foundation
import Testing

@testable import Site

/// How many times `needle` occurs in `haystack`.
private func occurrences(of needle: String, in haystack: String) -> Int {
  haystack.components(separatedBy: needle).count - 1
}

/// The values of attribute `name` on elements whose class is exactly `cssClass`.
private func attribute(_ name: String, ofClass cssClass: String, in svg: String) -> [Double] {
  let pattern = try! NSRegularExpression(pattern: "class=\"\(cssClass)\"[^>]*? \(name)=\"(-?[0-9.]+)\"")
  let range = NSRange(svg.startIndex..., in: svg)
  return pattern.matches(in: svg, range: range).map { Double(svg[Range($0.range(at: 1), in: svg)!])! }
}

/// The rectangles of the `<path>` of class `cssClass` of a heat map, each
/// `[left, top, width, height, −width]`.
func heatRectangles(_ cssClass: String, in svg: String) -> [[Double]] {
  let pattern = try! NSRegularExpression(pattern: "class=\"\(cssClass)\" d=\"([^\"]*)\"")
  let range = NSRange(svg.startIndex..., in: svg)
  return pattern.matches(in: svg, range: range).flatMap { match in
    svg[Range(match.range(at: 1), in: svg)!].split(separator: "z").map { rectangle in
      rectangle.dropFirst().split(whereSeparator: { "hv,".contains($0) }).map { Double($0)! }
    }
  }
}

/// The `d` attributes of histogram outlines.
private func histogramOutlines(_ svg: String) -> [String] {
  let pattern = try! NSRegularExpression(pattern: "class=\"bar\" d=\"([^\"]*)\"")
  let range = NSRange(svg.startIndex..., in: svg)
  return pattern.matches(in: svg, range: range).map { String(svg[Range($0.range(at: 1), in: svg)!]) }
}

/// The `d` attributes of the series lines.
private func lineData(_ svg: String) -> [String] {
  let pattern = try! NSRegularExpression(pattern: "class=\"series series-[0-9] line\" d=\"([^\"]*)\"")
  let range = NSRange(svg.startIndex..., in: svg)
  return pattern.matches(in: svg, range: range).map { String(svg[Range($0.range(at: 1), in: svg)!]) }
}

/// A line series through `ys` at x = 0, 1, 2, …
func line(_ name: String, _ ys: [Double]) -> Series {
  Series(name: name, points: ys.enumerated().map { Point(x: Double($0), y: $1) })
}

@Suite("Chart rendering")
struct ChartTests {
  let renderer = ChartRenderer()

  @Test("a tiny line chart has the expected structure")
  func lineStructure() {
    let chart = Chart(.line(series: [line("loss", [3, 2, 1.5, 1.2])], logY: false), title: "Loss", xLabel: "step")
    let svg = renderer.render(chart, id: "fig-1")
    #expect(svg.hasPrefix("<svg "))
    #expect(svg.hasSuffix("</svg>"))
    #expect(svg.contains("role=\"img\""))
    #expect(svg.contains("viewBox=\"0 0 640 360\""))
    #expect(svg.contains("width=\"100%\""))
    #expect(svg.contains("aria-labelledby=\"fig-1-title\""))
    #expect(svg.contains("<title id=\"fig-1-title\">Loss</title>"))
    #expect(svg.contains("<desc id=\"fig-1-desc\">Line chart of 1 series. loss: 4 points, x from 0 to 3, y from 1.2 to 3.</desc>"))
    // Grid, the line, and an axis line plus tick marks on each axis.
    #expect(occurrences(of: "<path", in: svg) == 6)
    #expect(lineData(svg).count == 1)
    #expect(occurrences(of: "class=\"chart-title\"", in: svg) == 1)
    #expect(occurrences(of: "class=\"axis-label\"", in: svg) == 1)
    #expect(!svg.contains("class=\"legend\""))
    #expect(!svg.contains("#"))
  }

  @Test("a chart without a title gets a generated one, and a legend for two series")
  func generatedTitleAndLegend() {
    let chart = Chart(.line(series: [line("train", [1, 0.5]), line("validation", [1.1, 0.7])], logY: false))
    let svg = renderer.render(chart, id: "c")
    #expect(svg.contains("<title id=\"c-title\">Line chart: train, validation</title>"))
    #expect(occurrences(of: "class=\"legend-item", in: svg) == 2)
    #expect(svg.contains("series series-1 line") && svg.contains("series series-2 line"))
    #expect(!svg.contains("chart-title"))
  }

  @Test("rendering is byte-for-byte stable")
  func deterministic() {
    let charts = [
      Chart(.line(series: [line("a", (0..<5_000).map { sin(Double($0) / 50) })], logY: false), title: "t"),
      Chart(.scatter(points: (0..<50).map { ScatterPoint(x: Double($0), y: Double($0 % 7), label: $0 % 3) }, classNames: ["a", "b", "c"])),
      Chart(.contour(Self.bowl, levels: [0.5, 1, 2], path: [Point(x: 1.5, y: 1.5), Point(x: 0.1, y: 0.2)])),
    ]
    for chart in charts {
      #expect(renderer.render(chart, id: "x") == renderer.render(chart, id: "x"))
    }
  }

  @Test("a 100,000-point series is downsampled to a few KB and keeps its spike")
  func longSeries() {
    var ys = (0..<100_000).map { 2 * exp(-Double($0) / 20_000) + 0.05 * sin(Double($0)) }
    ys[73_000] = 9
    let svg = renderer.render(Chart(.line(series: [line("loss", ys)], logY: false)), id: "big")
    #expect(svg.utf8.count < 30_000)
    let points = occurrences(of: " ", in: lineData(svg)[0]) + 2
    #expect(points <= LineChart.maximumPointsPerSeries)
    // The spike is the only point in the top half of the plot.
    let pixelYs = lineData(svg)[0].split(whereSeparator: { "ML ".contains($0) }).map { Double($0.split(separator: ",")[1])! }
    #expect(pixelYs.filter { $0 < 180 }.count == 1)
  }

  @Test("NaN and infinity break the line and are counted")
  func nonFinite() {
    let svg = renderer.render(Chart(.line(series: [line("run", [1, 2, .nan, 4, .infinity, 6, 7])], logY: false)), id: "n")
    let data = lineData(svg)[0]
    #expect(occurrences(of: "M", in: data) == 3)
    #expect(data.contains("h0"))
    #expect(!svg.lowercased().contains("nan,") && !svg.contains("inf"))
    #expect(svg.contains("2 non-finite values skipped"))
  }

  @Test("a log-scale y drops non-positive values, noting them, and ticks at powers of ten")
  func logScale() {
    let svg = renderer.render(Chart(.line(series: [line("loss", [1, 0.1, 0, -1, 0.001, 1e-4])], logY: true)), id: "l")
    #expect(svg.contains("2 non-positive values dropped"))
    for label in [">10⁻⁴<", ">10⁻³<", ">10⁻²<", ">10⁻¹<", ">10⁰<"] { #expect(svg.contains(label)) }
    #expect(occurrences(of: "M", in: lineData(svg)[0]) == 2)
  }

  @Test("text and attributes from the chart are escaped")
  func escaping() {
    let chart = Chart(
      .line(series: [line("<script>alert(1)</script>", [1, 2])], logY: false),
      title: "Say \"&'", xLabel: "<b>x</b>")
    let svg = renderer.render(chart, id: "q\"<id>")
    #expect(!svg.contains("<script>"))
    #expect(!svg.contains("<b>"))
    #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(svg.contains(">Say \"&amp;'</title>"))
    #expect(svg.contains("id=\"q&quot;&lt;id&gt;-title\""))
    let variants = renderer.render(
      Chart(.variants(parameter: "a\"b", labels: ["<i>"], charts: [chart])), id: "v")
    #expect(variants.contains("aria-label=\"a&quot;b\""))
    #expect(variants.contains(">a\"b = &lt;i&gt;</label>"))
    #expect(!variants.contains("<i>") && !variants.contains("<script>"))
  }

  @Test("histogram bar heights are proportional to the counts")
  func histogramHeights() {
    let chart = Chart(.histogram(series: [HistogramSeries(name: "w", lowerBound: 0, upperBound: 3, counts: [1, 2, 4])]))
    let svg = renderer.render(chart, id: "h")
    let outline = histogramOutlines(svg)
    #expect(outline.count == 1)
    // M left,base then V top H right per bin, then V base Z.
    let base = Double(outline[0].split(separator: "V")[0].split(separator: ",")[1])!
    #expect(outline[0].hasSuffix("Z"))
    let tops = outline[0].dropLast().split(separator: "V").dropFirst().map { Double($0.split(separator: "H")[0])! }
    let heights = tops.dropLast().map { base - $0 }
    #expect(heights.count == 3 && tops.last == base)
    #expect(abs(heights[1] - 2 * heights[0]) <= 0.2)
    #expect(abs(heights[2] - 4 * heights[0]) <= 0.2)
    let edges = outline[0].split(separator: "H").dropFirst().map { Double($0.split(separator: "V")[0])! }
    let widths = zip(edges, edges.dropFirst()).map { $1 - $0 }
    #expect(widths.max()! - widths.min()! <= 0.11)
  }

  @Test("several histograms are small multiples: one labelled panel each, one x axis, one count scale")
  func histogramPanels() {
    let chart = Chart(.histogram(series: [
      HistogramSeries(name: "before", lowerBound: -1, upperBound: 1, counts: [0, 5, 3, 0]),
      HistogramSeries(name: "after", lowerBound: -1, upperBound: 1, counts: [2, 2, 2, 2]),
    ]))
    let svg = renderer.render(chart, id: "h")
    #expect(histogramOutlines(svg).count == 2)
    // No legend: each panel carries its series' swatch and name, so no
    // series can hide behind another.
    #expect(occurrences(of: "class=\"legend-item", in: svg) == 0)
    #expect(occurrences(of: "class=\"panel-label series-", in: svg) == 2)
    #expect(svg.contains(">before</text>") && svg.contains(">after</text>"))
    // Only the bottom panel labels the x axis; both count axes end at 5.
    #expect(occurrences(of: "<g class=\"axis axis-x\">", in: svg) == 1)
    let countLabels = svg.components(separatedBy: "<g class=\"axis axis-y\">").dropFirst().map { axis in
      axis.components(separatedBy: "</g>")[0].components(separatedBy: "</text>").dropLast()
        .map { $0.components(separatedBy: ">").last! }
    }
    #expect(countLabels.count == 2 && countLabels[0] == countLabels[1] && countLabels[0] == ["0", "2", "4", "6"])
    // The x axis spans the bins exactly: -1 and 1 sit on the plot's edges.
    #expect(svg.contains("x=\"52\" y=\"351\">-1</text>") && svg.contains("x=\"624\" y=\"351\">1</text>"))
  }

  @Test("a single histogram keeps its legend-less frame and filled bars")
  func singleHistogram() {
    let svg = renderer.render(
      Chart(.histogram(series: [HistogramSeries(name: "w", lowerBound: -1, upperBound: 1, counts: [1, 3])])), id: "h")
    #expect(histogramOutlines(svg).count == 1 && !svg.contains("panel-label"))
  }

  @Test("a histogram grid has row and column labels and one cell per histogram")
  func histogramGrid() {
    let cell = { (name: String) in HistogramSeries(name: name, lowerBound: -1, upperBound: 1, counts: [1, 3, 1]) }
    let chart = Chart(.histogramGrid(
      rows: ["xavier", "he"], columns: ["layer 1", "layer 2", "layer 3"],
      cells: [[cell("a"), cell("b"), cell("c")], [cell("d"), cell("e"), cell("f")]]))
    let svg = renderer.render(chart, id: "g")
    #expect(occurrences(of: "class=\"row-label\"", in: svg) == 2)
    #expect(occurrences(of: "class=\"column-label\"", in: svg) == 3)
    #expect(occurrences(of: "<g class=\"cell series", in: svg) == 6)
    #expect(occurrences(of: "class=\"axis axis-x\"", in: svg) == 3)
    #expect(histogramOutlines(svg).count == 6)
  }

  @Test("grouped bars: one rect per finite value, negative values below the baseline")
  func bars() {
    let chart = Chart(.bar(categories: ["a", "b", "c"], series: [
      BarSeries(name: "x", values: [1, -2, 3]), BarSeries(name: "y", values: [2, .nan, 1]),
    ]))
    let svg = renderer.render(chart, id: "b")
    #expect(occurrences(of: "class=\"bar\"", in: svg) == 5)
    #expect(svg.contains("class=\"baseline\""))
    #expect(occurrences(of: "class=\"legend-item", in: svg) == 2)
    for category in [">a<", ">b<", ">c<"] { #expect(svg.contains(category)) }
  }

  @Test("scatter points are coloured by class with a legend")
  func scatter() {
    let points = (0..<10).map { ScatterPoint(x: Double($0), y: Double($0 * $0), label: $0 % 2) }
    let svg = renderer.render(Chart(.scatter(points: points, classNames: ["even", "odd"])), id: "s")
    #expect(dots("class-0", in: svg).count == 5 && dots("class-1", in: svg).count == 5)
    #expect(occurrences(of: "class=\"legend-item class-", in: svg) == 2)
    #expect(svg.contains("even: 5, odd: 5"))
  }

  @Test("heat-map rows merge runs of equal cells into one rectangle, and equal runs up the rows into one")
  func heatmapRuns() {
    let values = (0..<10).flatMap { row in (0..<10).map { Double($0 < 4 + (row < 5 ? 0 : 2) ? 0 : 1) } }
    let grid = Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: 10, rows: 10, values: values)
    let points = [ScatterPoint(x: 0.2, y: 0.5, label: 0), ScatterPoint(x: 0.8, y: 0.5, label: 1)]
    let svg = renderer.render(Chart(.heatmap(grid, points: points, classNames: ["left", "right"])), id: "hm")
    // One path per class, a rectangle per run: the lower five rows' runs
    // and the upper five rows' runs each merge into one.
    #expect(occurrences(of: "class=\"heat class-0\"", in: svg) == 1)
    let left = heatRectangles("heat class-0", in: svg), right = heatRectangles("heat class-1", in: svg)
    #expect(left.count == 2 && right.count == 2)
    #expect(dots("class-0", in: svg).count == 1 && dots("class-1", in: svg).count == 1)
    #expect(svg.contains("<clipPath id=\"hm-clip\">") && svg.contains("clip-path=\"url(#hm-clip)\""))
    // The runs tile the plot: each band's two rectangles meet and span its width.
    let plotWidth: Double = 640 - 52 - 16
    for band in 0..<2 {
      #expect(abs(left[band][0] + left[band][2] - right[band][0]) < 0.11)
      #expect(abs(left[band][2] + right[band][2] - plotWidth) < 0.5)
    }
    #expect(abs(left[0][3] - left[1][3]) < 0.2)
  }

  @Test("a scalar heat map uses tint levels")
  func scalarHeatmap() {
    let grid = Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: 8, rows: 1, values: (0..<8).map(Double.init))
    let svg = renderer.render(Chart(.heatmap(grid, points: [], classNames: [])), id: "sh")
    for level in 0..<8 { #expect(svg.contains("class=\"heat level-\(level)\"")) }
  }

  static let bowl = paraboloid(31)

  @Test("contours: one closed path per level, the optimizer path on top with end markers")
  func contour() {
    let path = (0..<50).map { Point(x: 1.8 * pow(0.9, Double($0)), y: -1.5 * pow(0.9, Double($0))) }
    let svg = renderer.render(Chart(.contour(Self.bowl, levels: [0.25, 1, 2.25], path: path)), id: "k")
    #expect(occurrences(of: "class=\"contour\"", in: svg) == 3)
    #expect(occurrences(of: "Z\"", in: svg) == 3)
    #expect(occurrences(of: "<polyline class=\"trajectory\"", in: svg) == 1)
    #expect(svg.contains("class=\"trajectory-start\"") && svg.contains("class=\"trajectory-end\""))
    #expect(svg.range(of: "class=\"contour\"")!.lowerBound < svg.range(of: "class=\"trajectory\"")!.lowerBound)
  }

  @Test("variants: one radio per variant, the first checked, unique ids")
  func variants() {
    let charts = [1.0, 2.0, 3.0].map { Chart(.line(series: [line("loss", [$0, $0 / 2])], logY: false)) }
    let html = renderer.render(
      Chart(.variants(parameter: "learning rate", labels: ["0.1", "0.01", "0.001"], charts: charts)), id: "fig-2")
    #expect(html.hasPrefix("<div aria-label=\"learning rate\" class=\"variants\" role=\"group\">"))
    #expect(occurrences(of: "type=\"radio\"", in: html) == 3)
    #expect(occurrences(of: "name=\"fig-2-v\"", in: html) == 3)
    #expect(occurrences(of: "checked", in: html) == 1)
    #expect(html.contains("<input checked=\"\" class=\"variant-tab\" id=\"fig-2-v0\""))
    #expect(occurrences(of: "class=\"variant-panel\"", in: html) == 3)
    #expect(occurrences(of: "<svg ", in: html) == 3)
    #expect(html.contains("<label for=\"fig-2-v1\">learning rate = 0.01</label>"))
    let pattern = try! NSRegularExpression(pattern: " id=\"([^\"]*)\"")
    let ids = pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
      String(html[Range($0.range(at: 1), in: html)!])
    }
    #expect(ids.count == 3 + 3 * 2)
    #expect(Set(ids).count == ids.count)
    // Each label directly follows its input and precedes its panel.
    #expect(occurrences(of: "\"></label>", in: html) == 0)
    #expect(occurrences(of: "type=\"radio\"><label", in: html) == 3)
    #expect(occurrences(of: "</label><div class=\"variant-panel\">", in: html) == 3)
  }

  @Test(
    "empty data renders a small no-data chart",
    arguments: [
      Chart.Kind.line(series: [], logY: false),
      .line(series: [Series(name: "a", points: [Point(x: 0, y: .nan)])], logY: false),
      .line(series: [Series(name: "a", points: [Point(x: 0, y: 0)])], logY: true),
      .histogram(series: [HistogramSeries(name: "a", lowerBound: 0, upperBound: 1, counts: [])]),
      .histogramGrid(rows: [], columns: [], cells: []),
      .bar(categories: [], series: []),
      .scatter(points: [], classNames: ["a"]),
      .heatmap(Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: 0, rows: 0, values: []), points: [], classNames: []),
      .contour(Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: 1, rows: 1, values: [1]), levels: [1], path: []),
      .variants(parameter: "p", labels: [], charts: []),
    ])
  func noData(kind: Chart.Kind) {
    let svg = renderer.render(Chart(kind, title: "Empty"), id: "e")
    #expect(svg.contains(">no data<"))
    #expect(svg.contains("chart-empty"))
    // What was left out (an all-NaN series, a histogram without bins) is
    // still said, in notes under the chart.
    #expect(svg.contains("viewBox=\"0 0 640 100\""))
    let notes = occurrences(of: "class=\"chart-note\"", in: svg)
    #expect(notes == 0 || svg.contains("</svg><ul class=\"chart-notes\">"))
    #expect(svg.contains("<desc id=\"e-desc\">No data."))
  }

  @Test("every class that carries a style has a rule in the theme style sheet")
  func stylesheetCoversClasses() throws {
    let scatterPoints = (0..<16).map { ScatterPoint(x: Double($0), y: 1, label: $0 % 8) }
    let charts: [Chart.Kind] = [
      .line(series: (0..<8).map { line("s\($0)", [1, 2]) }, logY: false),
      .line(series: [line("diverging", [1, 2, .nan])], logY: false),
      .bar(categories: ["a"], series: [BarSeries(name: "a", values: [-1])]),
      .histogram(series: [HistogramSeries(name: "a", lowerBound: 0, upperBound: 1, counts: [1], outside: 2)]),
      .histogram(series: ["a", "b"].map { HistogramSeries(name: $0, lowerBound: 0, upperBound: 1, counts: [1, 2]) }),
      .scatter(points: [0, 1].flatMap { label in (0..<5).map { ScatterPoint(x: Double($0), y: 1, label: label) } },
               classNames: ["truth", "fit"]),
      .histogramGrid(rows: ["r"], columns: ["c"], cells: [[HistogramSeries(name: "a", lowerBound: 0, upperBound: 1, counts: [1], outside: 1)]]),
      .scatter(points: scatterPoints, classNames: (0..<8).map { "c\($0)" }),
      .heatmap(Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: 8, rows: 1, values: (0..<8).map(Double.init)), points: [], classNames: []),
      .heatmap(Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: 8, rows: 1, values: (0..<8).map(Double.init)), points: scatterPoints, classNames: ["a", "b"]),
      .contour(Self.bowl, levels: [1], path: [Point(x: 0, y: 0), Point(x: 1, y: 1)]),
      .variants(parameter: "p", labels: ["1"], charts: [Chart(.line(series: [], logY: false))]),
    ]
    var markup = charts.map { renderer.render(Chart($0, title: "t", xLabel: "x", yLabel: "y"), id: "z") }.joined()
    var variants = Chart(charts.last!)
    variants.notes = ["Showing the first 20 of 50 variants."]
    markup += renderer.render(variants, id: "n")
    let pattern = try! NSRegularExpression(pattern: "class=\"([^\"]*)\"")
    let classes = Set(pattern.matches(in: markup, range: NSRange(markup.startIndex..., in: markup)).flatMap {
      markup[Range($0.range(at: 1), in: markup)!].split(separator: " ").map(String.init)
    })
    let structural: Set = [
      "axis", "axis-x", "axis-y", "legend", "legend-item", "series", "cell", "lines", "histograms", "bars",
      "points", "cells", "heat-cells", "contours", "trajectory-layer", "clip", "chart-line", "chart-bar",
      "chart-histogram-grid", "chart-scatter", "chart-heatmap", "chart-contour", "chart-empty", "chart-variants",
      "nonfinite", "nonfinite-markers", "chart-note", "markers", "minimum", "panel", "small-multiples",
    ]
    #expect(classes.isSuperset(of: [
      "series-8", "class-7", "level-7", "trajectory-end", "baseline", "no-data", "chart-notes", "panel-note",
      "nonfinite-marker", "nonfinite-label", "variants-note", "marker", "dashed", "swatch-line", "ring", "swatch-ring",
      "panel-label", "minimum-label",
    ]))
    // The theme's style sheet (Sources/Site/Theme/style.css) styles every class.
    let themeCSS = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Site/Theme/style.css"), encoding: .utf8)
    for name in classes.subtracting(structural).sorted() {
      #expect(themeCSS.contains("." + name + " ") || themeCSS.contains("." + name + ","), "\(name)")
    }
  }
}

@Suite("Chart rendering with extreme values")
struct ChartExtremeValueTests {
  @Test("huge finite values, tiny ranges and odd labels render without trapping")
  func extremes() {
    let renderer = ChartRenderer()
    let kinds: [Chart.Kind] = [
      .line(series: [Series(name: "x", points: [Point(x: 0, y: -1e308), Point(x: 1, y: 1e308)])], logY: false),
      .line(series: [Series(name: "x", points: [Point(x: 0, y: 1e20), Point(x: 1, y: 1e20 + 1e5)])], logY: false),
      .line(series: [Series(name: "x", points: [Point(x: 5, y: 3)])], logY: true),
      .scatter(points: [ScatterPoint(x: 1, y: 1, label: -3)], classNames: []),
      .heatmap(Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: 1, rows: 1, values: [1e300]), points: [], classNames: ["a"]),
      .heatmap(Grid(xMin: 0, xMax: 2, yMin: 0, yMax: 1, columns: 2, rows: 1, values: [-1e308, 1e308]), points: [], classNames: []),
    ]
    for kind in kinds {
      let svg = renderer.render(Chart(kind), id: "x")
      #expect(svg.hasSuffix("</svg>"))
      #expect(!svg.contains("nan") && !svg.contains("inf"))
    }
  }
}
