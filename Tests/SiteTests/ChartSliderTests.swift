import CellProtocol
import Foundation
import Testing

@testable import Site

/// Every match of `pattern`, as its first capture group.
private func matches(_ pattern: String, in text: String) -> [String] {
  let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
  return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
    Range($0.range(at: 1), in: text).map { String(text[$0]) } ?? ""
  }
}

/// The markup of each frame of a slider, in order.
private func frames(_ html: String) -> [String] {
  html.components(separatedBy: "<div class=\"slider-frame").dropFirst().filter { !$0.hasPrefix("s") }
}

/// The theme's style sheet and script, as written in Sources/Site/Theme.
private func theme(_ name: String) throws -> String {
  try String(
    contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/Site/Theme/" + name), encoding: .utf8)
}

/// How many circles the `unit <role>` group of a network diagram holds.
private func units(_ role: String, in svg: String) -> Int {
  (matches("<g class=\"unit \(role)\">(.*?)</g>", in: svg).first ?? "").components(separatedBy: "<circle").count - 1
}

/// A histogram of `counts` over `lower…upper`.
private func histogram(_ lower: Double, _ upper: Double, _ counts: [Int], title: String? = nil) -> Chart {
  Chart(.histogram(series: [HistogramSeries(name: "h", lowerBound: lower, upperBound: upper, counts: counts)]), title: title)
}

@Suite("Issue 13: sliders over precomputed frames")
struct ChartSliderTests {
  let renderer = ChartRenderer.site

  /// Five frames of a histogram that drifts right.
  private var drifting: Chart {
    let charts = (0..<5).map { histogram(Double($0), Double($0) + 2, [1, 3, 2, 1], title: "Epoch \($0 + 1)") }
    return Chart(.slider(parameter: "epoch", labels: (1...5).map(String.init), charts: charts))
  }

  @Test("a slider is a labelled range input, a play button and every frame, the first current")
  func structure() {
    let html = renderer.render(drifting, id: "fig-2")
    #expect(html.hasPrefix("<div aria-label=\"epoch\" class=\"slider\" data-parameter=\"epoch\" role=\"group\">"))
    // The controls wait, hidden, for the script.
    #expect(html.contains("<div class=\"slider-controls\" hidden=\"\">"))
    #expect(html.contains(
      "<button aria-controls=\"fig-2-frames\" aria-label=\"Play\" class=\"slider-play\" type=\"button\">"))
    #expect(html.contains("<label class=\"slider-parameter\" for=\"fig-2-range\">epoch</label>"))
    let range = matches("(<input [^>]*>)", in: html)
    #expect(range.count == 1)
    for attribute in [
      "type=\"range\"", "id=\"fig-2-range\"", "min=\"0\"", "max=\"4\"", "step=\"1\"", "value=\"0\"",
      "aria-valuetext=\"epoch = 1 (frame 1 of 5)\"",
    ] {
      #expect(range[0].contains(attribute), "\(attribute)")
    }
    #expect(html.contains("<span aria-hidden=\"true\" class=\"slider-value\">1</span>"))
    let parts = frames(html)
    #expect(parts.count == 5)
    #expect(parts[0].hasPrefix(" slider-key slider-current\" data-label=\"1\" data-valuetext=\"epoch = 1 (frame 1 of 5)\">"))
    #expect(parts[1].hasPrefix("\" data-label=\"2\""))
    #expect(parts[2].hasPrefix(" slider-key\" data-label=\"3\""))
    #expect(parts[4].hasPrefix(" slider-key\" data-label=\"5\""))
    for (index, part) in parts.enumerated() {
      // Each frame: its label for print, and a wide and a narrow accessible SVG.
      #expect(part.contains("<p class=\"slider-frame-label\">epoch = \(index + 1)</p>"))
      #expect(matches("<svg [^>]*(role=\"img\")", in: part).count == 2)
      #expect(part.contains("<title id=\"fig-2-f\(index)-title\">Epoch \(index + 1)</title>"))
      #expect(part.contains("<title id=\"fig-2-f\(index)-n-title\">"))
      #expect(part.contains("<desc id=\"fig-2-f\(index)-desc\">Histogram"))
    }
    let ids = matches(" id=\"([^\"]+)\"", in: html)
    #expect(Set(ids).count == ids.count)
  }

  @Test("the key frames are the first, the middle and the last")
  func keyFrames() {
    #expect(Slider.keyFrames(0) == [])
    #expect(Slider.keyFrames(1) == [0])
    #expect(Slider.keyFrames(2) == [0, 1])
    #expect(Slider.keyFrames(30) == [0, 14, 29])
    #expect(Slider.keyFrames(31) == [0, 15, 30])
  }

  @Test("frames share their axes by default, and span their own with free axes")
  func sharedAxes() {
    let shared = frames(ChartRenderer().render(drifting, id: "s"))
    let xTicks = shared.map { matches("<g class=\"axis axis-x\">(.*?)</g>", in: $0) }
    #expect(xTicks.count == 5 && Set(xTicks).count == 1)
    guard case .slider(let parameter, let labels, let charts, _) = drifting.kind else { return }
    let free = frames(
      ChartRenderer().render(Chart(.slider(parameter: parameter, labels: labels, charts: charts, axes: .free)), id: "s"))
    #expect(Set(free.map { matches("<g class=\"axis axis-x\">(.*?)</g>", in: $0) }).count > 1)
  }

  @Test("labels, the parameter and notes are escaped")
  func escaping() {
    var chart = Chart(
      .slider(parameter: "a\"<b>", labels: ["<i>&"], charts: [histogram(0, 1, [1], title: "<script>")]))
    chart.notes = ["<b>note</b>"]
    let html = renderer.render(chart, id: "e")
    #expect(!html.contains("<i>") && !html.contains("<b>") && !html.contains("<script>"))
    #expect(html.contains("aria-label=\"a&quot;&lt;b&gt;\""))
    #expect(html.contains("data-label=\"&lt;i&gt;&amp;\""))
    #expect(html.contains(">a\"&lt;b&gt; = &lt;i&gt;&amp;</p>"))
    #expect(html.contains("<p class=\"variants-note\">&lt;b&gt;note&lt;/b&gt;</p>"))
  }

  @Test("a set of variants as a frame, or frames as a variant, still renders")
  func nested() {
    let variants = Chart(.variants(parameter: "p", labels: ["a"], charts: [histogram(0, 1, [1])]))
    let html = renderer.render(Chart(.slider(parameter: "epoch", labels: ["1"], charts: [variants])), id: "n")
    #expect(html.contains("class=\"variant-tab\"") && html.contains("chart-histogram"))
    let inside = renderer.render(Chart(.variants(parameter: "p", labels: ["a"], charts: [drifting])), id: "m")
    #expect(inside.contains("class=\"slider\"") && frames(inside).count == 5)
  }

  @Test("a slider without frames says so")
  func empty() {
    let html = renderer.render(Chart(.slider(parameter: "epoch", labels: [], charts: [])), id: "e")
    #expect(html.contains("chart-empty") && html.contains("No data. No frames."))
  }

  @Test("the theme shows the key frames without the script and in print, and one frame once ready")
  func theming() throws {
    let css = try theme("style.css")
    #expect(css.contains(".slider-frame { display: none; }"))
    #expect(css.contains(".slider-frame.slider-key { display: block; }"))
    #expect(css.contains(".slider.slider-ready .slider-frame { display: none; }"))
    #expect(css.contains(".slider.slider-ready .slider-frame.slider-current { display: block; }"))
    let print = css.components(separatedBy: "@media print").dropFirst().joined()
    #expect(print.contains(".slider-controls { display: none !important; }"))
    #expect(print.contains(".slider .slider-frame { display: none !important; }"))
    #expect(print.contains(".slider .slider-frame.slider-key { display: block !important;"))
    let script = try theme("site.js")
    #expect(script.contains("prefers-reduced-motion"))
    #expect(script.contains("slider.classList.add(\"slider-ready\")"))
    // Nothing plays by itself: the timer starts only from the play button.
    #expect(matches("(setInterval)", in: script).count == 1)
    #expect(script.contains("play.addEventListener(\"click\""))
  }

  @Test("the terminal title of a slider names its parameter; colour slots follow its frames")
  func paletteAndTitles() {
    let lines = Chart(.line(series: [Series(name: "loss", points: [Point(x: 0, y: 1)])], logY: false))
    let slider = Chart(.slider(parameter: "epoch", labels: ["1"], charts: [lines]))
    #expect(Palette.slots(for: [slider]) == ["loss": 0])
    #expect(ChartRenderer.generatedTitle(slider.kind) == "Frames by epoch: 1 to 1")
  }

  @Test("old data decodes: a slider without axes shares them, a network without masks drops nothing")
  func decoding() throws {
    let slider = #"{"slider":{"parameter":"epoch","labels":["1"],"charts":[]}}"#
    #expect(try JSONDecoder().decode(Chart.Kind.self, from: Data(slider.utf8))
      == .slider(parameter: "epoch", labels: ["1"], charts: [], axes: .shared))
    let network = #"{"network":{"layers":[2,3]}}"#
    #expect(try JSONDecoder().decode(Chart.Kind.self, from: Data(network.utf8)) == .network(layers: [2, 3], dropped: []))
    let kind = Chart.Kind.slider(parameter: "p", labels: ["a"], charts: [histogram(0, 1, [1])], axes: .free)
    #expect(try JSONDecoder().decode(Chart.Kind.self, from: JSONEncoder().encode(kind)) == kind)
  }
}

@Suite("Issue 13: network diagrams with a dropout mask")
struct NetworkChartTests {
  let renderer = ChartRenderer()

  /// 2 inputs, 8 hidden units of which 3 are dropped, 3 outputs.
  private var thinned: Chart {
    let mask = [false, true, false, false, true, false, true, false]
    return Chart(.network(layers: [2, 8, 3], dropped: [[], mask, []]), title: "One pass")
  }

  @Test("units in columns, dropped ones hollow and crossed, their edges removed")
  func structure() {
    let svg = renderer.render(thinned, id: "n")
    #expect(svg.contains("class=\"chart chart-network\"") && svg.contains("role=\"img\""))
    #expect(units("layer-input", in: svg) == 2)
    #expect(units("layer-hidden", in: svg) == 5)
    #expect(units("dropped", in: svg) == 3)
    #expect(units("layer-output", in: svg) == 3)
    // Two crossing strokes per dropped unit.
    let crosses = matches("<path class=\"unit-cross\" d=\"([^\"]*)\"", in: svg)
    #expect(crosses.count == 1 && crosses[0].filter { $0 == "M" }.count == 6)
    // Edges: 2 × 5 kept into the hidden layer, 5 × 3 out of it.
    let edges = matches("<path class=\"edges\" d=\"([^\"]*)\"", in: svg)
    #expect(edges.map { $0.filter { $0 == "M" }.count } == [10, 15])
    #expect(matches("<text class=\"layer-label\"[^>]*>([^<]*)</text>", in: svg) == ["input", "hidden 1", "output"])
    #expect(matches("<text class=\"layer-count\"[^>]*>([^<]*)</text>", in: svg) == ["2 units", "3 of 8 dropped", "3 units"])
    #expect(svg.contains("class=\"legend-item unit-dropped\""))
  }

  @Test("the summary says which units of which layer are dropped")
  func summary() {
    let svg = renderer.render(thinned, id: "n")
    let desc = matches("<desc [^>]*>([^<]*)</desc>", in: svg).first ?? ""
    #expect(desc.hasPrefix("Network diagram of 3 layers: input layer 2 units, hidden layer 1 8 units, output layer 3 units"))
    #expect(desc.contains("3 of 8 units of hidden layer 1 dropped (units 2, 5 and 7)."))
    let plain = renderer.render(Chart(.network(layers: [2, 4, 1], dropped: [])), id: "p")
    #expect(plain.contains("No unit is dropped.") && !plain.contains("legend"))
    #expect(plain.contains("<title id=\"p-title\">Network diagram: 2, 4, 1 units</title>"))
  }

  @Test("a wide layer draws its first units and says so")
  func wideLayer() {
    let html = renderer.render(Chart(.network(layers: [100, 4], dropped: [])), id: "w")
    #expect(units("layer-input", in: html) == NetworkChart.maximumUnits)
    #expect(html.contains("The diagram draws 32 of the 100 units of input layer."))
  }

  @Test("both layouts, narrow counts in short form, and every class styled by the theme")
  func themed() throws {
    let html = ChartRenderer.site.render(thinned, id: "n")
    #expect(html.contains("chart-network chart-wide") && html.contains("chart-network chart-narrow"))
    #expect(html.contains(">3/8 dropped</text>"))
    let css = try theme("style.css")
    for name in ["edges", "unit", "layer-hidden", "layer-input", "layer-output", "dropped", "unit-cross", "layer-label",
      "layer-count", "swatch-dot", "swatch-cross", "unit-kept", "unit-dropped"]
    {
      #expect(css.contains("." + name + " ") || css.contains("." + name + ","), "\(name)")
    }
  }
}

@Suite("Issue 13: log ticks between powers of ten, padded log scatter axes, shared contour lines")
struct ChartTickAndReuseTests {
  @Test("a log axis over less than 1.5 decades has ticks at 2 and 5 × 10ⁿ, labelled alike")
  func intermediateTicks() {
    let ticks = Ticks.logarithmic(covering: 2, 3)
    #expect(ticks.values == [1, 2, 5, 10])
    #expect(ticks.labels == ["10⁰", "2×10⁰", "5×10⁰", "10¹"])
    let small = Ticks.logarithmic(covering: 0.05, 0.3)
    #expect(small.values == [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1])
    #expect(small.labels.contains("5×10⁻²"))
    // Too many for a narrow axis: 1 and 3 × 10ⁿ.
    #expect(Ticks.logarithmic(covering: 0.05, 0.3, maximumCount: 5).values == [0.01, 0.03, 0.1, 0.3, 1])
    // Over more decades, powers of ten only.
    #expect(Ticks.logarithmic(covering: 1e-3, 0.5).values == [1e-3, 1e-2, 0.1, 1])
  }

  @Test("ticks inside a fixed log domain: its powers of ten, and at least two")
  func insideTicks() {
    let ticks = Ticks.logarithmic(inside: 0.0008, 1.2)
    #expect(ticks.lower == 0.0008 && ticks.upper == 1.2 && ticks.values == [1e-3, 1e-2, 0.1, 1])
    #expect(Ticks.logarithmic(inside: 0.15, 0.45).values == [0.2, 0.3, 0.4])
    #expect(Ticks.logarithmic(inside: 3, 3).values.count >= 2)
  }

  @Test("scatter points at the bounds of a log axis stay off the frame")
  func paddedLogScatter() {
    let points = [ScatterPoint(x: 1e-4, y: 1e-3, label: 0), ScatterPoint(x: 1e-1, y: 1, label: 0)]
    var chart = Chart(.scatter(points: points, classNames: ["a"], logY: true))
    chart.logX = true
    let svg = ChartRenderer().render(chart, id: "s")
    let xs = dots("class-0", in: svg).map(\.x)
    let domain = matches("<g class=\"axis axis-x\"><path class=\"domain\" d=\"M([^,]*),", in: svg).map { Double($0)! }
    let right = matches("<g class=\"axis axis-x\"><path class=\"domain\" d=\"M[^L]*L([^,]*),", in: svg).map { Double($0)! }
    #expect(xs.count == 2 && domain.count == 1 && right.count == 1)
    #expect(xs.min()! > domain[0] + 5 && xs.max()! < right[0] - 5)
    #expect(svg.contains(">10⁻⁴</text>") && svg.contains(">10⁻¹</text>"))
  }

  @Test("a chart's contour lines are computed once for both layouts")
  func contoursOnce() {
    let values = (0..<400).map { index -> Double in
      let x = Double(index % 20) - 9.5, y = Double(index / 20) - 9.5
      return x * x + 2 * y * y
    }
    let grid = Grid(xMin: -1, xMax: 1, yMin: -1, yMax: 1, columns: 20, rows: 20, values: values)
    let wide = ContourChart(grid: grid, levels: [10, 40], path: [])
    var narrow = wide
    narrow.isNarrow = true
    #expect(narrow.contourLines === wide.contourLines)
    let lines = wide.lines
    var calls = 0
    _ = narrow.contourLines.value {
      calls += 1
      return []
    }
    #expect(calls == 0 && lines.count == 2 && narrow.lines == lines)
    let memo = Memo<Int>()
    #expect(memo.value { 1 } == 1 && memo.value { 2 } == 1)
  }

  @Test("marching squares as before: a circle's contour is one closed line around the centre")
  func marchingSquares() {
    let values = (0..<121).map { index -> Double in
      let x = Double(index % 11) - 5, y = Double(index / 11) - 5
      return x * x + y * y
    }
    let grid = Grid(xMin: -5, xMax: 5, yMin: -5, yMax: 5, columns: 11, rows: 11, values: values)
    let lines = MarchingSquares.lines(grid, level: 9)
    #expect(lines.count == 1 && lines[0].isClosed)
    for point in lines[0].points {
      #expect(abs((point.x * point.x + point.y * point.y).squareRoot() - 3) < 0.35)
    }
    var holed = values
    holed[60] = .nan
    #expect(MarchingSquares.segments(Grid(xMin: -5, xMax: 5, yMin: -5, yMax: 5, columns: 11, rows: 11, values: holed), level: 0.5).isEmpty)
  }

  @Test("a histogram's outline steps once across a run of equal bins")
  func compactOutline() {
    let chart = histogram(0, 8, [0, 0, 0, 4, 4, 2, 0, 0])
    let outline = matches("<path class=\"bar\" d=\"([^\"]*)\"", in: ChartRenderer().render(chart, id: "h"))
    #expect(outline.count == 1)
    // M, then V0 H(3 bins), V4 H(2 bins), V2 H, V0 H(2 bins), V base, Z.
    #expect(outline[0].filter { $0 == "H" }.count == 4 && outline[0].filter { $0 == "V" }.count == 5)
  }
}
