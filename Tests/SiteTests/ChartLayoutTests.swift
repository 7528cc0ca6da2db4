import CellProtocol
import Foundation
import Testing

@testable import Site

/// All matches of `pattern`'s capture groups in `text`.
private func captures(_ pattern: String, in text: String) -> [[String]] {
  let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
  return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
    (1..<match.numberOfRanges).map { String(text[Range(match.range(at: $0), in: text)!]) }
  }
}

/// The `<g class="axis axis-x|y">` groups, each as its tick labels: the
/// position along the axis (x for the x axis, y for the y axis) and the text.
private func axes(_ axis: String, in svg: String) -> [[(position: Double, label: String)]] {
  captures("<g class=\"axis axis-\(axis)\">(.*?)</g>", in: svg).map { group in
    captures("<text class=\"tick-label\"[^>]* x=\"(-?[0-9.]+)\" y=\"(-?[0-9.]+)\">([^<]*)</text>", in: group[0]).map {
      (axis == "x" ? Double($0[0])! : Double($0[1])! - 4, $0[2])
    }
  }
}

/// Pixels per data unit along an axis, from its first and last numeric tick labels.
private func pixelsPerUnit(_ labels: [(position: Double, label: String)]) -> Double {
  let numeric = labels.compactMap { label in Double(label.label).map { (label.position, $0) } }
  let first = numeric.first!, last = numeric.last!
  return abs(last.0 - first.0) / abs(last.1 - first.1)
}

/// The text of elements with class `cssClass` (SVG text or HTML).
private func texts(ofClass cssClass: String, in svg: String) -> [String] {
  captures("<(?:text|li) class=\"\(cssClass)\"[^>]*>([^<]*)</(?:text|li)>", in: svg).map { $0[0] }
}

/// The `<desc>` text.
private func desc(_ svg: String) -> String {
  captures("<desc [^>]*>([^<]*)</desc>", in: svg).first?.first ?? ""
}

/// Whether `values` step by one nice number (1, 2 or 5 × 10^k).
private func isNice(_ values: [Double]) -> Bool {
  guard values.count >= 2 else { return false }
  let step = values[1] - values[0]
  let mantissa = step / pow(10, floor(log10(step)))
  let nice = [1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }
  return nice && zip(values, values.dropFirst()).allSatisfy { abs($1 - $0 - step) < 1e-9 * max(1, abs(step)) }
}

@Suite("Chart review fixes: histograms' out-of-range values")
struct ChartOutsideValuesTests {
  let renderer = ChartRenderer()

  @Test("values outside the bins are noted under the chart and in its description")
  func singleSeriesNote() throws {
    let series = HistogramSeries(name: "w", lowerBound: -4, upperBound: 4, counts: [1, 5, 5, 1], outside: 12)
    let svg = renderer.render(Chart(.histogram(series: [series])), id: "h")
    #expect(texts(ofClass: "chart-note", in: svg) == ["12 values lie outside \u{2212}4…4 and are not drawn."])
    #expect(desc(svg).contains("w: 4 bins from -4 to 4, 12 values, highest bin 5, 12 values outside \u{2212}4…4"))
    // The note is HTML under the chart, where it wraps on a phone.
    let end = try #require(svg.range(of: "</svg>"))
    #expect(svg[end.upperBound...].hasPrefix("<ul class=\"chart-notes\"><li class=\"chart-note\">12 values lie outside"))
  }

  @Test("no values outside, no note")
  func noNote() {
    let series = HistogramSeries(name: "w", lowerBound: -4, upperBound: 4, counts: [1, 5, 5, 1])
    let svg = renderer.render(Chart(.histogram(series: [series])), id: "h")
    #expect(!svg.contains("chart-note") && !svg.contains("outside"))
  }

  @Test("several series over one range share one note naming each")
  func severalSeriesNote() {
    let chart = Chart(.histogram(series: [
      HistogramSeries(name: "L2", lowerBound: -0.5, upperBound: 0.5, counts: [1, 2], outside: 3),
      HistogramSeries(name: "L1", lowerBound: -0.5, upperBound: 0.5, counts: [2, 1]),
      HistogramSeries(name: "<b>", lowerBound: -0.5, upperBound: 0.5, counts: [2, 1], outside: 1),
    ]))
    let svg = renderer.render(chart, id: "h")
    #expect(
      texts(ofClass: "chart-note", in: svg) == [
        "3 values of “L2” and 1 of “&lt;b&gt;” lie outside \u{2212}0.5…0.5 and are not drawn."
      ])
    #expect(!svg.contains("<b>"))
    #expect(HistogramChart.outsideNote([
      HistogramSeries(name: "a", lowerBound: 0, upperBound: 1, counts: [1], outside: 1),
      HistogramSeries(name: "b", lowerBound: 0, upperBound: 2, counts: [1], outside: 2),
    ]) == "1 value of “a” lies outside 0…1 and 2 of “b” outside 0…2; they are not drawn.")
    #expect(HistogramChart.outsideNote([HistogramSeries(name: "a", lowerBound: 0, upperBound: 1, counts: [1], outside: 1)])
      == "1 value lies outside 0…1 and is not drawn.")
  }

  @Test("grid cells note their own count; the grid notes the total")
  func gridNotes() {
    let cell = { (name: String, outside: Int) in
      HistogramSeries(name: name, lowerBound: -1, upperBound: 1, counts: [1, 3, 1], outside: outside)
    }
    let chart = Chart(.histogramGrid(
      rows: ["a", "b"], columns: ["1", "2"], cells: [[cell("a1", 0), cell("a2", 5)], [cell("b1", 1), cell("b2", 0)]]))
    let svg = renderer.render(chart, id: "g")
    #expect(texts(ofClass: "panel-note", in: svg) == ["5 outside", "1 outside"])
    #expect(
      texts(ofClass: "chart-note", in: svg) == [
        "6 values lie outside \u{2212}1…1 and are not drawn; each panel counts its own in its corner."
      ])
    #expect(svg.contains("<title>a2: 5 values, highest bin 3, 5 values outside \u{2212}1…1</title>"))
    #expect(desc(svg).contains("b1: 3 bins from -1 to 1, 5 values, highest bin 3, 1 value outside \u{2212}1…1."))
  }
}

@Suite("Chart review fixes: histogram-grid ticks")
struct ChartGridTickTests {
  let renderer = ChartRenderer()

  private func grid(_ lower: Double, _ upper: Double, rows: Int = 2, columns: Int = 4) -> String {
    let cell = HistogramSeries(name: "c", lowerBound: lower, upperBound: upper, counts: [1, 4, 6, 4, 1])
    return renderer.render(Chart(.histogramGrid(
      rows: (0..<rows).map { "row \($0)" }, columns: (0..<columns).map { "layer \($0)" },
      cells: Array(repeating: Array(repeating: cell, count: columns), count: rows))), id: "g")
  }

  @Test(
    "the bottom row labels both ends of the range and a tick between",
    arguments: [
      (-4.0, 4.0, ["-4", "0", "4"]), (-1.0, 1.0, ["-1", "0", "1"]), (0.0, 3.7412, ["0", "2", "3.74"]),
      (-0.004, 0.004, ["-0.004", "0", "0.004"]),
    ])
  func endsLabelled(lower: Double, upper: Double, expected: [String]) {
    let svg = grid(lower, upper)
    let axes = axes("x", in: svg)
    #expect(axes.count == 4)
    for axis in axes { #expect(axis.map(\.label) == expected) }
  }

  @Test("tick labels of neighbouring cells keep clear of each other")
  func labelsDoNotOverlap() {
    for (lower, upper) in [(-4.0, 4.0), (-0.004, 0.004), (-123.4, 567.8)] {
      let labels = axes("x", in: grid(lower, upper, columns: 5)).flatMap { $0 }
      for (a, b) in zip(labels, labels.dropFirst()) {
        let room = Double(a.label.count + b.label.count) * Axes.labelCharacterWidth / 2
        #expect(b.position - a.position >= room, "\(a.label) at \(a.position), \(b.label) at \(b.position)")
      }
    }
  }

  @Test("every panel has tick marks, only the bottom row has labels")
  func ticksOnEveryPanel() {
    let svg = grid(-4, 4, rows: 3, columns: 2)
    let cells = captures("<g class=\"cell series[^\"]*\">(.*?)</g>", in: svg).map { $0[0] }
    #expect(cells.count == 6)
    // Rows 1 and 2: marks in the cell itself; row 3: marks in its axis.
    #expect(cells.prefix(4).allSatisfy { $0.contains("class=\"tick\"") })
    #expect(occurrences("class=\"tick\"", in: svg) == 6)
    let bottom = axes("x", in: svg)
    #expect(bottom.count == 2 && bottom[0].count >= 3)
    #expect(texts(ofClass: "tick-label", in: svg).count == 2 * bottom[0].count)
  }

  private func occurrences(_ needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
  }
}

@Suite("Chart review fixes: bar charts")
struct ChartBarTests {
  let renderer = ChartRenderer()

  @Test("a log y axis: ticks at powers of ten, bar heights in decades, non-positive values left out")
  func logBars() {
    let chart = Chart(.bar(
      categories: ["a", "b", "c", "d", "e"], series: [BarSeries(name: "norm", values: [10, 100, 10_000, 0, -1])],
      logY: true))
    let svg = renderer.render(chart, id: "b")
    #expect(svg.contains("chart-bar"))
    let yLabels = axes("y", in: svg)[0].map(\.label)
    #expect(yLabels == ["10⁰", "10¹", "10²", "10³", "10⁴"])
    let heights = captures("<rect class=\"bar\"[^>]* height=\"([0-9.]+)\"", in: svg).map { Double($0[0])! }
    #expect(heights.count == 3)
    // 10, 100 and 10,000 rise 1, 2 and 4 decades above the axis' bottom at 1.
    #expect(abs(heights[1] - 2 * heights[0]) <= 0.2 && abs(heights[2] - 4 * heights[0]) <= 0.2)
    #expect(desc(svg).contains("y on a log scale"))
    #expect(desc(svg).contains("2 non-positive values left out on the log scale"))
    #expect(!svg.contains("class=\"baseline\""))
  }

  @Test("a linear bar chart is unchanged by the log option's default")
  func linearDefault() {
    let kind = Chart.Kind.bar(categories: ["a", "b"], series: [BarSeries(name: "x", values: [1, 2])])
    #expect(kind == .bar(categories: ["a", "b"], series: [BarSeries(name: "x", values: [1, 2])], logY: false))
    let svg = renderer.render(Chart(kind), id: "b")
    #expect(axes("y", in: svg)[0].first?.label == "0")
  }

  @Test("64 categories: every k-th label, the first and the last, none overlapping")
  func thinnedLabels() {
    let categories = (1...64).map { "layer \($0)" }
    let chart = Chart(.bar(categories: categories, series: [BarSeries(name: "v", values: (1...64).map(Double.init))]))
    let svg = renderer.render(chart, id: "b")
    let labels = axes("x", in: svg)[0]
    #expect(labels.count >= 5 && labels.count < 20)
    #expect(labels.first?.label == "layer 1" && labels.last?.label == "layer 64")
    let room = 7 * Axes.labelCharacterWidth  // "layer 64" is 8 characters, half of two is 8; keep a margin
    for (a, b) in zip(labels, labels.dropFirst()) { #expect(b.position - a.position > room) }
    // Every bar is still drawn.
    #expect(captures("<rect class=\"bar\"", in: svg).count == 64)
  }

  @Test("few categories are all labelled")
  func allLabels() {
    #expect(BarChart.labelledIndices(["a", "b", "c"], band: 100) == [0, 1, 2])
    #expect(BarChart.labelledIndices((0..<10).map { "category \($0)" }, band: 20) == [0, 4, 9])
    #expect(BarChart.labelledIndices([], band: 10).isEmpty)
  }
}

@Suite("Chart review fixes: equal axes")
struct ChartEqualAxesTests {
  let renderer = ChartRenderer()

  private let points = (0...20).map { ScatterPoint(x: Double($0) / 2, y: Double($0 % 5) / 2, label: $0 % 2) }

  @Test("a scatter with equal axes has one scale on both axes, centred, with nice ticks")
  func equalScatter() {
    let svg = renderer.render(Chart(.scatter(points: points, classNames: ["a", "b"]), equalAxes: true), id: "s")
    let x = axes("x", in: svg)[0], y = axes("y", in: svg)[0]
    #expect(abs(pixelsPerUnit(x) / pixelsPerUnit(y) - 1) < 0.01)
    #expect(isNice(x.compactMap { Double($0.label) }) && isNice(y.compactMap { Double($0.label) }))
    // The plot area (its x axis line) is centred in the frame's plot (x 52…624).
    let domain = captures("<g class=\"axis axis-x\"><path class=\"domain\" d=\"M([0-9.]+),[0-9.]+L([0-9.]+),", in: svg)[0]
    let left = Double(domain[0])!, right = Double(domain[1])!
    #expect(abs((left - 52) - (624 - right)) <= 0.2)
    #expect(desc(svg).contains("Both axes share one scale."))
    // Without the option each axis fills the frame and the scales differ.
    let stretched = renderer.render(Chart(.scatter(points: points, classNames: ["a", "b"])), id: "s")
    #expect(abs(pixelsPerUnit(axes("x", in: stretched)[0]) / pixelsPerUnit(axes("y", in: stretched)[0]) - 1) > 0.2)
  }

  @Test("the axis labels follow the centred plot area")
  func labelsFollowArea() {
    let tall = (0...10).map { ScatterPoint(x: Double($0 % 2), y: Double($0), label: 0) }
    let svg = renderer.render(Chart(.scatter(points: tall, classNames: []), xLabel: "x₁", yLabel: "x₂", equalAxes: true), id: "t")
    let yLabelX = Double(captures("class=\"axis-label\"[^>]* x=\"([0-9.]+)\"[^>]*>x₂<", in: svg)[0][0])!
    let axisX = Double(captures("<g class=\"axis axis-y\"><path class=\"domain\" d=\"M([0-9.]+),", in: svg)[0][0])!
    #expect(abs((axisX - yLabelX) - (70 - 14)) < 0.2)
  }

  @Test("a tall, narrow equal-axes chart is cropped to its plot and says how much narrower it is")
  func cropped() {
    // A square cloud: the plot area is square, so the chart is cropped to
    // about (302 + 52 + 16) of the usual 640 units.
    let square = (0...20).map { ScatterPoint(x: Double($0 % 5), y: Double($0 / 5), label: 0) }
    let svg = renderer.render(Chart(.scatter(points: square, classNames: ["a", "b"]), title: "Square", equalAxes: true), id: "q")
    let viewBox = captures("viewBox=\"0 0 ([0-9.]+) 360\"", in: svg)
    #expect(viewBox.count == 1)
    let width = Double(viewBox.first?.first ?? "640")!
    #expect(width > 300 && width < 420)
    #expect(svg.contains("style=\"--chart-width: " + NumberFormat.fixed(width / 640, decimals: 3) + "\""))
    #expect(abs(pixelsPerUnit(axes("x", in: svg)[0]) / pixelsPerUnit(axes("y", in: svg)[0]) - 1) < 0.01)
    // The title is centred on the cropped chart.
    #expect(svg.contains("class=\"chart-title\" text-anchor=\"middle\" x=\"" + NumberFormat.coordinate(width / 2) + "\""))
    // A long title keeps the chart wide enough to show it.
    let long = String(repeating: "t", count: 60)
    let titled = renderer.render(Chart(.scatter(points: square, classNames: []), title: long, equalAxes: true), id: "q")
    #expect(titled.contains("viewBox=\"0 0 504 360\""))
    // Without equal axes nothing is cropped.
    #expect(renderer.render(Chart(.scatter(points: square, classNames: [])), id: "q").contains("viewBox=\"0 0 640 360\""))
  }

  @Test("on a short, wide area the x label and the legend follow the area")
  func labelsFollowShortArea() {
    let flat = (0...40).map { ScatterPoint(x: Double($0), y: Double($0 % 3), label: $0 % 2) }
    let chart = Chart(.scatter(points: flat, classNames: ["a", "b"]), xLabel: "x₁", equalAxes: true)
    let svg = renderer.render(chart, id: "f")
    let xLabelY = Double(captures("class=\"axis-label\"[^>]* y=\"([0-9.]+)\">x₁<", in: svg)[0][0])!
    let axisY = Double(captures("<g class=\"axis axis-x\"><path class=\"domain\" d=\"M[0-9.]+,([0-9.]+)L", in: svg)[0][0])!
    #expect(axisY < 250)  // the area is centred, well above the frame's bottom
    #expect(abs(xLabelY - axisY - 36) < 0.2)
    // A tall, narrow area moves the legend right, over the area.
    let tall = (0...10).map { ScatterPoint(x: Double($0 % 2), y: Double($0), label: $0 % 2) }
    let narrow = renderer.render(Chart(.scatter(points: tall, classNames: ["a", "b"]), equalAxes: true), id: "n")
    let axisX = Double(captures("<g class=\"axis axis-y\"><path class=\"domain\" d=\"M([0-9.]+),", in: narrow)[0][0])!
    #expect(narrow.contains("<g transform=\"translate(" + NumberFormat.coordinate(axisX - 52) + " 0)\"><g class=\"legend\">"))
  }

  @Test("a decision-boundary heat map with equal axes keeps the grid's aspect ratio")
  func equalHeatmap() {
    let values = (0..<10).flatMap { _ in (0..<40).map { Double($0 < 20 ? 0 : 1) } }
    let grid = Grid(xMin: 0, xMax: 4, yMin: 0, yMax: 1, columns: 40, rows: 10, values: values)
    for equalAxes in [true, false] {
      let svg = renderer.render(Chart(.heatmap(grid, points: [], classNames: ["a", "b"]), equalAxes: equalAxes), id: "h")
      // Each class's half is one rectangle: its ten rows' runs merged.
      let rects = heatRectangles("heat class-0", in: svg) + heatRectangles("heat class-1", in: svg)
      let width = rects.map { $0[2] }.reduce(0, +)
      let height = rects.map { $0[3] }.reduce(0, +) / 2
      #expect(rects.count == 2)
      if equalAxes {
        #expect(abs(width / height - 4) < 0.05)
      } else {
        #expect(abs(width - (640 - 52 - 16)) < 0.5)
      }
    }
  }

  @Test("equal axes on a contour plot; a degenerate cloud still gets a visible area")
  func contourAndDegenerate() {
    let values = (0..<5).flatMap { row in (0..<9).map { Double($0 + row) } }
    let grid = Grid(xMin: -4, xMax: 4, yMin: -1, yMax: 1, columns: 9, rows: 5, values: values)
    let svg = renderer.render(Chart(.contour(grid, levels: [3, 6], path: []), equalAxes: true), id: "k")
    #expect(abs(pixelsPerUnit(axes("x", in: svg)[0]) / pixelsPerUnit(axes("y", in: svg)[0]) - 1) < 0.01)
    let flat = (0..<10).map { ScatterPoint(x: Double($0) * 1000, y: 1, label: 0) }
    let area = ScatterChart(points: flat, classNames: [], equalAxes: true).area(in: Rect(x: 0, y: 0, width: 500, height: 300))
    #expect(area.height >= EqualAxes.minimumSide && area.width == 500)
  }
}

@Suite("Chart review fixes: model coding")
struct ChartCodingTests {
  @Test("data written before the new fields decodes with their defaults")
  func oldDataDecodes() throws {
    let old = """
      {"kind":{"variants":{"parameter":"p","labels":["a","b","c"],"charts":[
        {"kind":{"histogram":{"series":[{"name":"w","lowerBound":0,"upperBound":1,"counts":[1,2]}]}}},
        {"kind":{"bar":{"categories":["a"],"series":[{"name":"s","values":[1]}]}},"title":"t"},
        {"kind":{"scatter":{"points":[{"x":1,"y":2,"label":0}],"classNames":["a"]}}}]}}}
      """
    let chart = try JSONDecoder().decode(Chart.self, from: Data(old.utf8))
    guard case .variants(_, _, let charts, let axes) = chart.kind else {
      Issue.record("not variants")
      return
    }
    #expect(axes == .shared)
    #expect(charts[0].kind == .histogram(series: [HistogramSeries(name: "w", lowerBound: 0, upperBound: 1, counts: [1, 2])]))
    #expect(charts[1].kind == .bar(categories: ["a"], series: [BarSeries(name: "s", values: [1])], logY: false))
    #expect(charts[1].title == "t" && charts[1].xLabel == nil)
    #expect(charts.allSatisfy { !$0.equalAxes })
  }

  @Test("the new fields round-trip")
  func roundTrip() throws {
    let charts = [
      Chart(.bar(categories: ["a"], series: [BarSeries(name: "s", values: [1])], logY: true), yLabel: "y"),
      Chart(.scatter(points: [ScatterPoint(x: 1, y: 2, label: 0)], classNames: ["a"]), equalAxes: true),
      Chart(.histogram(series: [HistogramSeries(name: "w", lowerBound: 0, upperBound: 1, counts: [1], outside: 7)])),
    ]
    for chart in charts {
      #expect(try JSONDecoder().decode(Chart.self, from: JSONEncoder().encode(chart)) == chart)
    }
    let encoded = String(decoding: try JSONEncoder().encode(charts[0].kind), as: UTF8.self)
    #expect(encoded.contains("\"logY\":true"))
  }
}

@Suite("Chart review fixes: the theme on narrow screens")
struct ChartThemeTests {
  @Test("charts scale to the column, a narrow figure shows the narrow layout, and print the wide one")
  func layoutsByWidth() throws {
    let css = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Site/Theme/style.css"), encoding: .utf8)
    #expect(!css.contains("min-width: calc(520px"))
    #expect(captures("\\.chart-figure \\{[^}]*container-type: inline-size", in: css).count == 1)
    #expect(css.contains(".chart-figure svg.chart-narrow { display: none; }"))
    let narrow = css.components(separatedBy: "@container (max-width: 559px)").last ?? ""
    #expect(narrow.contains(".chart-figure svg.chart-wide { display: none; }"))
    let printRules = css.components(separatedBy: "@media print").dropFirst()
    #expect(printRules.contains { $0.contains(".chart-figure svg.chart-narrow { display: none !important; }") })
  }
}
