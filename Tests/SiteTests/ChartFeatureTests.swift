import CellProtocol
import Foundation
import Testing

@testable import Site

/// All matches of `pattern`'s capture groups in `text`.
private func captures(_ pattern: String, in text: String) -> [[String]] {
  let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
  return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
    (1..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
  }
}

/// The attributes of each element whose class is exactly `cssClass`, in
/// document order.
private func elements(ofClass cssClass: String, in svg: String) -> [[String: String]] {
  captures("<[a-zA-Z]+ ([^>]*class=\"\(cssClass)\"[^>]*)>", in: svg).map { element in
    Dictionary(captures("([a-zA-Z-]+)=\"([^\"]*)\"", in: element[0]).map { ($0[0], $0[1]) }) { first, _ in first }
  }
}

/// The text of `<text>` elements whose class is exactly `cssClass`.
private func texts(ofClass cssClass: String, in svg: String) -> [String] {
  captures("<text class=\"\(cssClass)\"[^>]*>([^<]*)</text>", in: svg).map { $0[0] }
}

/// The tick labels of each `axis-x` or `axis-y` group, in order.
private func tickLabels(_ axis: String, in svg: String) -> [[String]] {
  captures("<g class=\"axis axis-\(axis)\">(.*?)</g>", in: svg).map { group in
    captures("<text class=\"tick-label\"[^>]*>([^<]*)</text>", in: group[0]).map { $0[0] }
  }
}

/// The chart notes under the chart.
private func notes(_ markup: String) -> [String] {
  captures("<li class=\"chart-note\">([^<]*)</li>", in: markup).map { $0[0] }
}

/// The `<desc>` text.
private func desc(_ svg: String) -> String {
  captures("<desc [^>]*>([^<]*)</desc>", in: svg).first?.first ?? ""
}

/// The points of the dots path of class `cssClass` (`class-0`), in order.
func dots(_ cssClass: String, in svg: String) -> [Point] {
  captures("<path class=\"dots \(cssClass)\" d=\"([^\"]*)\"", in: svg).flatMap { path in
    path[0].split(separator: "M").map { dot in
      let pair = dot.dropLast(2).split(separator: ",").map { Double($0)! }
      return Point(x: pair[0], y: pair[1])
    }
  }
}

/// The number value of attribute `name` of `element`.
private func number(_ element: [String: String], _ name: String) -> Double {
  Double(element[name] ?? "") ?? .nan
}

@Suite("Issue 13: new chart features")
struct ChartFeatureTests {
  let renderer = ChartRenderer()

  // MARK: Scatter coloured by value

  /// Nine points on a 3 × 3 lattice, valued 0.5 to 0.9 (one without a value).
  private var sampled: Chart {
    var points = [ScatterPoint]()
    for (index, (x, y)) in [(1e-4, 1e-5), (1e-3, 1e-5), (1e-2, 1e-5), (1e-4, 1e-4), (1e-3, 1e-4), (1e-2, 1e-4)]
      .enumerated()
    {
      points.append(ScatterPoint(x: x, y: y, value: 0.5 + 0.08 * Double(index)))
    }
    points.append(ScatterPoint(x: 1e-3, y: 1e-3, value: .nan))
    var chart = Chart(
      .scatter(points: points, classNames: [], colorScale: ColorScale(label: "validation accuracy"), logY: true),
      xLabel: "learning rate", yLabel: "λ")
    chart.logX = true
    return chart
  }

  @Test("a scatter coloured by value fills each point along viridis, lowest dark violet, highest yellow")
  func valueColours() {
    let svg = renderer.render(sampled, id: "s")
    let points = elements(ofClass: "value-point", in: svg)
    #expect(points.count == 6)
    // Drawn lowest value first: the first is the darkest end, the last the brightest.
    #expect(points.first?["fill"] == "#440154")
    #expect(points.last?["fill"] == "#fde725")
    #expect(Set(points.compactMap { $0["fill"] }).count == 6)
    // A point without a finite value is left out, and a sentence says so.
    #expect(notes(svg) == ["1 of 7 points is without a finite value and is not drawn."])
    // No class legend: the colour bar explains the colours.
    #expect(!svg.contains("legend-item"))
  }

  @Test("the colour bar has its title, a gradient from viridis' ends and ticks inside the value range")
  func colourBar() {
    let markup = ChartRenderer.site.render(sampled, id: "fig-1")
    #expect(texts(ofClass: "color-bar-label", in: markup) == ["validation accuracy", "validation accuracy"])
    // One gradient per layout, each with its own id, used by its bar.
    #expect(markup.contains("<linearGradient id=\"fig-1-ramp\"") && markup.contains("<linearGradient id=\"fig-1-n-ramp\""))
    #expect(elements(ofClass: "color-bar", in: markup).map { $0["fill"] } == ["url(#fig-1-ramp)", "url(#fig-1-n-ramp)"])
    let stops = captures("<stop offset=\"([0-9.]+)\" stop-color=\"(#[0-9a-f]{6})\"", in: markup)
    #expect(stops.first == ["0", "#440154"] && stops[ColorRamp.stops.count - 1] == ["1", "#fde725"])
    let ticks = captures("<g class=\"color-scale\">(.*?)</g>", in: markup).map { group in
      captures("<text class=\"tick-label\"[^>]*>([^<]*)</text>", in: group[0]).map { Double($0[0])! }
    }
    #expect(ticks.count == 2)
    for labels in ticks { #expect(labels.count >= 2 && labels.allSatisfy { (0.5...0.9).contains($0) }) }
    #expect(desc(markup).contains("coloured by validation accuracy on a scale from 0.5 to 0.9, highest 0.9 at (0.01, 1e-4)"))
  }

  @Test("a fixed colour range places values on it, and the ramp's text colour contrasts with each end")
  func fixedRange() {
    let ramp = ColorRamp(ColorScale(lower: 0, upper: 1), values: [0.4, 0.6])
    #expect(ramp.color(0) == "#440154" && ramp.color(1) == "#fde725" && ramp.color(2) == "#fde725")
    #expect(ramp.color(0.5) == ColorRamp.hex(ColorRamp.stops[4]))
    #expect(ramp.textColor(on: 0) == "#ffffff" && ramp.textColor(on: 1) == "#000000")
    // A single value is widened, not divided by zero.
    let flat = ColorRamp(ColorScale(), values: [3, 3])
    #expect(flat.lower < 3 && flat.upper > 3 && flat.color(3) == ColorRamp.hex(ColorRamp.stops[4]))
  }

  // MARK: Value grids

  private func grid(_ values: [[Double]], showValues: Bool = true, rows: [String]? = nil) -> Chart {
    Chart(
      .valueGrid(
        rows: rows ?? ["0.001", "0.01", "0.1"], columns: ["0", "1e-4"], values: values,
        colorScale: ColorScale(label: "accuracy"), showValues: showValues),
      xLabel: "λ", yLabel: "learning rate")
  }

  @Test("a value grid: a cell per value coloured on the scale, its value in the contrasting colour, labelled rows and columns")
  func valueGrid() {
    let svg = renderer.render(grid([[0.61, 0.7], [0.88, 0.93], [0.75, 0.8]]), id: "g")
    #expect(svg.contains("class=\"chart chart-value-grid\""))
    let cells = elements(ofClass: "grid-cell", in: svg)
    #expect(cells.count == 6)
    #expect(cells[0]["fill"] == "#440154" && cells[3]["fill"] == "#fde725")
    // Row by row, top to bottom: the first row's cells are above the second's.
    #expect(number(cells[0], "y") < number(cells[2], "y") && number(cells[0], "x") < number(cells[1], "x"))
    #expect(texts(ofClass: "cell-value", in: svg) == ["0.61", "0.7", "0.88", "0.93", "0.75", "0.8"])
    let styles = elements(ofClass: "cell-value", in: svg).map { $0["style"] }
    #expect(styles[0] == "fill: #ffffff" && styles[3] == "fill: #000000")
    #expect(tickLabels("y", in: svg) == [["0.001", "0.01", "0.1"]])
    #expect(tickLabels("x", in: svg) == [["0", "1e-4"]])
    #expect(desc(svg).contains("highest 0.93 at 0.01, 1e-4; lowest 0.61 at 0.001, 0"))
    #expect(desc(svg).contains("0.01: 0.88, 0.93."))
  }

  @Test("grid cells without a finite value stay blank and are noted; values can be hidden")
  func gridGaps() {
    let svg = renderer.render(grid([[0.61, .nan], [0.88, 0.93], [0.75]]), id: "g")
    #expect(elements(ofClass: "grid-cell", in: svg).count == 4)
    #expect(notes(svg) == ["2 of 6 cells are not finite and are left blank."])
    let hidden = renderer.render(grid([[0.61, 0.7], [0.88, 0.93], [0.75, 0.8]], showValues: false), id: "g")
    #expect(texts(ofClass: "cell-value", in: hidden).isEmpty && elements(ofClass: "grid-cell", in: hidden).count == 6)
    let empty = renderer.render(grid([[.nan, .nan], [.nan, .nan], [.nan, .nan]]), id: "g")
    #expect(empty.contains("chart-empty"))
  }

  @Test("long row labels move the grid right, and the grid's labels are escaped")
  func gridLabels() {
    let long = ["learning rate 0.001 <b>", "0.01", "0.1"]
    let svg = renderer.render(grid([[1, 2], [3, 4], [5, 6]], rows: long), id: "g")
    #expect(!svg.contains("<b>") && svg.contains("learning rate 0.001 &lt;b&gt;"))
    let plain = renderer.render(grid([[1, 2], [3, 4], [5, 6]]), id: "g")
    #expect(number(elements(ofClass: "grid-cell", in: svg)[0], "x") > number(elements(ofClass: "grid-cell", in: plain)[0], "x") + 60)
  }

  // MARK: Log x axes

  @Test("a log x axis ticks at powers of ten labelled 10⁻ⁿ, and leaves out x ≤ 0 with a note")
  func logX() {
    var chart = Chart(
      .line(
        series: [Series(name: "final loss", points: [0, 1e-4, 1e-3, 1e-2, 0.1].map { Point(x: $0, y: 1 + $0) })],
        logY: false))
    chart.logX = true
    let svg = renderer.render(chart, id: "l")
    #expect(tickLabels("x", in: svg) == [["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"]])
    #expect(notes(svg) == ["1 of 5 points of “final loss” is at x ≤ 0 and is not drawn on the log scale."])
    #expect(desc(svg).hasPrefix("Line chart of 1 series, x on a log scale."))
    // Equal spacing per decade.
    let ticks = elements(ofClass: "tick-label", in: svg).prefix(4).map { number($0, "x") }
    #expect(abs((ticks[1] - ticks[0]) - (ticks[3] - ticks[2])) < 0.2)
  }

  @Test("a log x axis over many decades skips decades, more of them when narrow")
  func manyDecades() {
    var chart = Chart(.line(series: [Series(name: "s", points: [1e-12, 1e-6, 1].map { Point(x: $0, y: 1) })], logY: false))
    chart.logX = true
    let axes = tickLabels("x", in: ChartRenderer.site.render(chart, id: "d"))
    #expect(axes.count == 2 && axes[0].count <= 7 && axes[1].count <= 5)
    #expect(axes[0].first == "10⁻¹²" && axes[1].first == "10⁻¹²")
  }

  @Test("a bound that went through a Float stays on its decade")
  func floatBounds() {
    let ticks = Ticks.logarithmic(covering: Double(Float(1e-4)), Double(Float(0.1)))
    #expect(ticks.values.count == 4 && ticks.labels == ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"])
  }

  @Test("scatter plots take log axes on both sides, and then give up equal axes")
  func logScatter() {
    let points = [ScatterPoint(x: 1e-3, y: 10, label: 0), ScatterPoint(x: 1, y: 1000, label: 0), ScatterPoint(x: -1, y: 5, label: 0)]
    var chart = Chart(.scatter(points: points, classNames: ["a"], logY: true), equalAxes: true)
    chart.logX = true
    let svg = renderer.render(chart, id: "s")
    #expect(tickLabels("x", in: svg) == [["10⁻³", "10⁻²", "10⁻¹", "10⁰"]])
    #expect(tickLabels("y", in: svg) == [["10¹", "10²", "10³"]])
    #expect(notes(svg) == ["1 of 3 points is at x or y ≤ 0 and is not drawn on the log scale."])
    #expect(!desc(svg).contains("share one scale") && !svg.contains("--chart-width"))
  }

  // MARK: Reference lines and annotations

  /// Loss over 10 epochs, lowest at epoch 6.
  private var losses: Chart {
    Chart(.line(series: [line("validation", [1, 0.7, 0.5, 0.42, 0.38, 0.36, 0.35, 0.37, 0.4, 0.45])], logY: false))
  }

  @Test("a vertical and a horizontal reference line cross the plot at their values, with their labels")
  func referenceLines() {
    var chart = losses
    chart.marks = [.vertical(x: 6, label: "best epoch"), .horizontal(y: 0.35, label: "0.35")]
    let svg = renderer.render(chart, id: "m")
    let markers = elements(ofClass: "marker", in: svg)
    let lines = elements(ofClass: "mark-line", in: svg).map { captures("M(-?[0-9.]+),(-?[0-9.]+)L(-?[0-9.]+),(-?[0-9.]+)", in: $0["d"]!)[0].map { Double($0)! } }
    #expect(lines.count == 2)
    // The vertical line passes through the marker at epoch 6, the horizontal one through its y.
    #expect(lines[0][0] == lines[0][2] && lines[0][0] == number(markers[6], "cx"))
    #expect(lines[1][1] == lines[1][3] && lines[1][1] == number(markers[6], "cy"))
    #expect(lines[0][1] < lines[0][3] && lines[1][0] < lines[1][2])
    #expect(texts(ofClass: "mark-label", in: svg) == ["best epoch", "0.35"])
    #expect(elements(ofClass: "mark-line", in: svg).allSatisfy { $0["stroke-dasharray"] != nil })
    #expect(desc(svg).hasSuffix("Marked: a vertical line at x = 6 (best epoch); a horizontal line at y = 0.35 (0.35)."))
  }

  @Test("an annotated point is ringed where the data point is, and its label is escaped and kept in the plot")
  func annotatedPoint() {
    var chart = losses
    chart.marks = [.point(x: 6, y: 0.35, label: "lowest <loss>"), .point(x: 9, y: 0.45, label: "a long label at the right edge")]
    let svg = renderer.render(chart, id: "m")
    let rings = elements(ofClass: "mark-point", in: svg), markers = elements(ofClass: "marker", in: svg)
    #expect(rings.count == 2)
    #expect(number(rings[0], "cx") == number(markers[6], "cx") && number(rings[0], "cy") == number(markers[6], "cy"))
    #expect(svg.contains(">lowest &lt;loss&gt;</text>") && !svg.contains("<loss>"))
    // The label near the right edge is moved left so it ends inside the plot.
    let label = elements(ofClass: "mark-label", in: svg)[1]
    let halfWidth = Double("a long label at the right edge".count) * Axes.labelCharacterWidth / 2
    #expect(number(label, "x") + halfWidth <= number(markers[9], "cx") + 0.1)
  }

  @Test("the axes reach marks beyond the data; a mark a log axis cannot show is noted")
  func marksWidenTheAxes() {
    var chart = losses
    chart.marks = [.vertical(x: 15, label: nil), .horizontal(y: 2, label: nil)]
    let svg = renderer.render(chart, id: "m")
    #expect(Double(tickLabels("x", in: svg)[0].last!)! >= 15)
    #expect(Double(tickLabels("y", in: svg)[0].last!)! >= 2)
    var log = losses
    log.logX = true
    log.marks = [.vertical(x: 0, label: "zero")]
    let logged = renderer.render(log, id: "m")
    #expect(notes(logged).contains("1 of 1 marks is at a value the axes cannot show and is not drawn."))
    #expect(elements(ofClass: "mark-line", in: logged).isEmpty)
  }

  // MARK: Markers on sparse lines

  @Test("a line of a dozen points shows a marker on each; a long one does not")
  func sparseMarkers() {
    let sparse = renderer.render(Chart(.line(series: [line("lr sweep", (0..<12).map { Double($0) })], logY: false)), id: "a")
    #expect(elements(ofClass: "marker", in: sparse).count == 12)
    let dense = renderer.render(Chart(.line(series: [line("loss", (0..<200).map { Double($0) })], logY: false)), id: "b")
    #expect(elements(ofClass: "marker", in: dense).isEmpty)
  }

  // MARK: Lines over a scatter plot

  /// Data on y = 2x + 0.5 and two outliers, with the true line and two fits.
  private var fits: Chart {
    let xs = stride(from: -1.0, through: 1, by: 0.25).map { $0 }
    let points = xs.map { ScatterPoint(x: $0, y: 2 * $0 + 0.5, label: 0) } + [
      ScatterPoint(x: -0.5, y: 5, label: 1), ScatterPoint(x: 0.5, y: 6, label: 1),
    ]
    let line = { (name: String, slope: Double, intercept: Double) in
      Series(name: name, points: [-1.0, 1].map { Point(x: $0, y: slope * $0 + intercept) })
    }
    return Chart(
      .scatter(
        points: points, classNames: ["data", "outliers"],
        lines: [line("true line", 2, 0.5), line("MSE fit", 1.8, 1.1), line("MAE fit", 2.005, 0.51)]),
      xLabel: "x", yLabel: "y")
  }

  @Test("lines over a scatter plot: drawn as lines through their points, after the classes in colour and legend")
  func linesOverPoints() {
    let svg = renderer.render(fits, id: "f")
    let data = dots("class-0", in: svg)
    #expect(data.count == 9)
    let paths = captures("<path class=\"series (series-[0-9]) line( dashed)?\" d=\"M(-?[0-9.]+),(-?[0-9.]+)L(-?[0-9.]+),(-?[0-9.]+)\"", in: svg)
    #expect(paths.map { $0[0] } == ["series-3", "series-4", "series-5"])
    // The true line runs through the first and last data points.
    #expect(Double(paths[0][2]) == data[0].x && Double(paths[0][3]) == data[0].y)
    #expect(Double(paths[0][4]) == data[8].x && Double(paths[0][5]) == data[8].y)
    // The MAE fit lies on the true line: it is dashed, so the true line shows.
    #expect(paths.map { $0[1] } == ["", "", " dashed"])
    let legend = captures("<g class=\"legend-item ([a-z0-9-]+)\"><([a-z]+) class=\"([a-z -]+)\"", in: svg)
    #expect(legend.map { $0[0] } == ["class-0", "class-1", "series-3", "series-4", "series-5"])
    #expect(legend.map { $0[2] } == ["swatch", "swatch", "swatch-line", "swatch-line", "swatch-line dashed"])
    // No markers on the lines: the points are the data.
    #expect(elements(ofClass: "marker", in: svg).isEmpty)
    #expect(desc(svg).contains("Lines over the points: true line: 2 points"))
    #expect(ChartRenderer.generatedTitle(fits.kind) == "Scatter plot: data, outliers, true line, MSE fit, MAE fit")
  }

  @Test("marks go over scatter plots too, and a colour bar sits under the legend of lines over coloured points")
  func marksOverPoints() {
    var chart = sampled
    chart.marks = [.point(x: 1e-2, y: 1e-4, label: "best"), .vertical(x: 1e-3, label: nil)]
    if case .scatter(let points, let classNames, _, let scale, let logY) = chart.kind {
      let fit = Series(name: "trend", points: [Point(x: 1e-4, y: 1e-5), Point(x: 1e-2, y: 1e-3)])
      chart.kind = .scatter(points: points, classNames: classNames, lines: [fit], colorScale: scale, logY: logY)
    }
    let svg = renderer.render(chart, id: "s")
    // The brightest point is the best one; the ring is drawn around it.
    let best = elements(ofClass: "value-point", in: svg).last!, ring = elements(ofClass: "mark-point", in: svg)[0]
    #expect(number(best, "cx") == number(ring, "cx") && number(best, "cy") == number(ring, "cy"))
    #expect(texts(ofClass: "mark-label", in: svg) == ["best"])
    // Lines over points coloured by value start at vermillion, which viridis
    // lacks; even one line has a legend entry, as the colour bar explains
    // only the points.
    #expect(svg.contains("class=\"series series-4 line\""))
    let swatch = captures("class=\"swatch-line\" d=\"M[0-9.]+,([0-9.]+)L", in: svg).map { Double($0[0])! }
    #expect(swatch.count == 1)
    #expect(number(elements(ofClass: "color-bar", in: svg)[0], "y") > swatch[0])
  }

  @Test("the axes span the lines as well as the points")
  func linesWidenTheAxes() {
    let points = [ScatterPoint(x: 0, y: 0, label: 0), ScatterPoint(x: 1, y: 1, label: 0)]
    let chart = Chart(
      .scatter(points: points, classNames: ["a"], lines: [Series(name: "far", points: [Point(x: 0, y: 0), Point(x: 4, y: 9)])]))
    let svg = renderer.render(chart, id: "w")
    #expect(Double(tickLabels("x", in: svg)[0].last!)! >= 4 && Double(tickLabels("y", in: svg)[0].last!)! >= 9)
  }

  // MARK: Ticks and notes across charts

  @Test(
    "an axis labels all its ticks in one style",
    arguments: [
      ([0, 2e-4, 4e-4, 6e-4, 8e-4, 1e-3], 2e-4, ["0", "0.0002", "0.0004", "0.0006", "0.0008", "0.001"]),
      ([0, 5e-5, 1e-4, 1.5e-4], 5e-5, ["0", "5×10⁻⁵", "1×10⁻⁴", "1.5×10⁻⁴"]),
      ([0, 500, 1000, 1500, 2000], 500, ["0", "0.5k", "1k", "1.5k", "2k"]),
      ([-1, -0.5, 0, 0.5, 1], 0.5, ["-1", "-0.5", "0", "0.5", "1"]),
    ] as [([Double], Double, [String])])
  func oneStylePerAxis(values: [Double], step: Double, expected: [String]) {
    #expect(NumberFormat.tickLabels(values, step: step) == expected)
  }

  @Test("a histogram grid labels its cells' ends and the ticks between them in one style")
  func histogramGridEnds() {
    #expect(HistogramGridChart.ticks(-1.2e-4, 1.2e-4, width: 200).map(\.label) == ["-1.2×10⁻⁴", "0", "1.2×10⁻⁴"])
    #expect(HistogramGridChart.ticks(-0.0012, 0.0012, width: 200).map(\.label) == ["-0.0012", "0", "0.0012"])
    #expect(HistogramGridChart.ticks(0, 3.7412, width: 200).map(\.label) == ["0", "1", "2", "3", "3.74"])
  }

  @Test("ticks inside a fixed domain: at least three on a short axis, about as many as asked on a long one")
  func insideTickCounts() {
    #expect(Ticks.linear(inside: -1.5, 1.5, count: 3).values == [-1, 0, 1])
    #expect(Ticks.linear(inside: -4.5, 4.5, count: 4).values == [-4, -2, 0, 2, 4])
    #expect(Ticks.linear(inside: -4.5, 1.5, count: 6).values == [-4, -3, -2, -1, 0, 1])
  }

  @Test("a flat contour (the valley of lesson 8) has several ticks on its short axis, and equal steps, in both layouts")
  func flatContour() {
    let columns = 61, rows = 31
    var values = [Double]()
    for r in 0..<rows {
      for c in 0..<columns {
        let w1 = -4.5 + 6 * Double(c) / Double(columns - 1), w2 = -1.5 + 3 * Double(r) / Double(rows - 1)
        values.append(0.5 * (w1 * w1 + 100 * w2 * w2))
      }
    }
    let grid = Grid(xMin: -4.5, xMax: 1.5, yMin: -1.5, yMax: 1.5, columns: columns, rows: rows, values: values)
    let markup = ChartRenderer.site.render(Chart(.contour(grid, levels: [1, 10, 50], path: []), equalAxes: true), id: "c")
    let yTicks = tickLabels("y", in: markup), xTicks = tickLabels("x", in: markup)
    #expect(yTicks.count == 2 && xTicks.count == 2)
    for labels in yTicks { #expect(labels == ["-1", "0", "1"]) }
    // Equal axes step alike: the grid is made of squares.
    for labels in xTicks { #expect(labels == ["-4", "-3", "-2", "-1", "0", "1"]) }
  }

  @Test("every note on what a chart leaves out is a sentence")
  func notesAreSentences() {
    var logX = Chart(.line(series: [line("ε = 0.1", [1, .nan, 0.5, .infinity])], logY: true))
    logX.logX = true
    logX.marks = [.horizontal(y: -1, label: nil)]
    let charts = [
      Chart(.line(series: [line("ε = 0.1", [1, .nan, 0, -2, 3])], logY: true)), logX,
      Chart(.bar(categories: ["a", "b"], series: [BarSeries(name: "s", values: [.nan, -1])], logY: true)),
      Chart(.scatter(points: [ScatterPoint(x: .nan, y: 1, label: 0), ScatterPoint(x: 1, y: 1, label: 0)], classNames: ["a"])),
      grid([[1, .nan], [2, 3], [4, 5]]),
      Chart(
        .heatmap(
          Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: 2, rows: 1, values: [0, .nan]),
          points: [ScatterPoint(x: .infinity, y: 0, label: 0)], classNames: ["a"])),
      Chart(
        .contour(
          Grid(xMin: 0, xMax: 1, yMin: 0, yMax: 1, columns: 2, rows: 2, values: [0, 1, .nan, 2]), levels: [0.5, .nan],
          path: [Point(x: 0.5, y: 0.5), Point(x: .nan, y: 0)])),
    ]
    let all = charts.flatMap { notes(renderer.render($0, id: "n")) }
    #expect(all.count >= 12)
    for note in all {
      #expect(note.first.map { $0.isNumber || $0.isUppercase } == true && note.hasSuffix("."), "\(note)")
    }
    #expect(all.contains("1 of 5 points of “ε = 0.1” is not finite and is not drawn; the first, at x = 1, is NaN."))
  }

  // MARK: The chart model

  @Test("charts with the new fields round-trip through JSON; without them they encode as before")
  func coding() throws {
    var chart = fits
    chart.marks = [.vertical(x: 0, label: "x = 0"), .point(x: 0, y: 0.5, label: nil)]
    chart.logX = true
    // As the runtime records them (a NaN value is legal data).
    let encoder = EventCoding.encoder(), decoder = EventCoding.decoder()
    for chart in [chart, sampled, grid([[1, 2], [3, 4], [5, .nan]])] {
      let data = try encoder.encode(chart)
      let decoded = try decoder.decode(Chart.self, from: data)
      #expect(try encoder.encode(decoded) == data)
    }
    #expect(try decoder.decode(Chart.self, from: encoder.encode(chart)) == chart)
    let plain = Chart(.scatter(points: [ScatterPoint(x: 1, y: 2, label: 0)], classNames: ["a"]))
    let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
    for key in ["lines", "colorScale", "logY", "logX", "marks", "value"] { #expect(!json.contains("\"\(key)\""), "\(key)") }
  }

  @Test("a scatter plot recorded before lines, colour scales and log axes existed still decodes")
  func oldScatterDecodes() throws {
    let json = """
      {"kind":{"scatter":{"points":[{"x":1,"y":2,"label":1}],"classNames":["a","b"]}},"equalAxes":true,"notes":[]}
      """
    let chart = try JSONDecoder().decode(Chart.self, from: Data(json.utf8))
    #expect(chart.kind == .scatter(points: [ScatterPoint(x: 1, y: 2, label: 1)], classNames: ["a", "b"]))
    #expect(!chart.logX && chart.marks.isEmpty && chart.equalAxes)
  }
}
