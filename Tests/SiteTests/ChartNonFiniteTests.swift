import CellProtocol
import Foundation
import Testing

@testable import Site

/// Every attribute value in `svg`.
private func attributeValues(_ svg: String) -> [String] {
  let pattern = try! NSRegularExpression(pattern: " [a-zA-Z:-]+=\"([^\"]*)\"")
  return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map {
    String(svg[Range($0.range(at: 1), in: svg)!])
  }
}

/// Whether no attribute of `svg` holds a NaN or an infinity.
private func attributesAreFinite(_ svg: String) -> Bool {
  !attributeValues(svg).contains { $0.lowercased().contains("nan") || $0.lowercased().contains("inf") }
}

/// The texts of the `chart-note` lines.
private func notes(_ svg: String) -> [String] {
  texts(ofClass: "chart-note", in: svg)
}

/// The texts of elements whose class is exactly `cssClass`.
private func texts(ofClass cssClass: String, in svg: String) -> [String] {
  let pattern = try! NSRegularExpression(pattern: "class=\"\(cssClass)\"[^>]*>([^<]*)<")
  return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map {
    String(svg[Range($0.range(at: 1), in: svg)!])
  }
}

/// The subpaths of the first series line, as lists of pixel points (a lone
/// point, drawn as `Mx,yh0`, is one point).
private func lineSubpaths(_ svg: String) -> [[Point]] {
  let pattern = try! NSRegularExpression(pattern: "class=\"series series-1 line\" d=\"([^\"]*)\"")
  guard let match = pattern.firstMatch(in: svg, range: NSRange(svg.startIndex..., in: svg)) else { return [] }
  let data = String(svg[Range(match.range(at: 1), in: svg)!])
  return data.split(separator: "M").map { subpath in
    subpath.replacingOccurrences(of: "h0", with: "").split(whereSeparator: { "L ".contains($0) }).map { pair in
      let xy = pair.split(separator: ",").map { Double($0)! }
      return Point(x: xy[0], y: xy[1])
    }
  }
}

/// The centres of the non-finite markers (the crosses' first segments).
private func markerCentres(_ svg: String) -> [Point] {
  let pattern = try! NSRegularExpression(pattern: "class=\"nonfinite-marker\" d=\"M(-?[0-9.]+),(-?[0-9.]+)L")
  return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map {
    Point(x: Double(svg[Range($0.range(at: 1), in: svg)!])! + 4, y: Double(svg[Range($0.range(at: 2), in: svg)!])! + 4)
  }
}

@Suite("Charts with non-finite values")
struct ChartNonFiniteTests {
  let renderer = ChartRenderer()

  @Test("a NaN breaks the line, is marked where it starts and is counted in a note")
  func lineWithNaN() {
    let chart = Chart(.line(series: [line("loss", [1, 0.5, .nan, 0.2])], logY: false), xLabel: "step")
    let svg = renderer.render(chart, id: "n")
    #expect(attributesAreFinite(svg))
    let runs = lineSubpaths(svg)
    #expect(runs.map(\.count) == [2, 1])
    #expect(notes(svg) == ["1 of 4 points of “loss” is not finite and is not drawn; the first, at step 2, is NaN."])
    #expect(texts(ofClass: "nonfinite-label", in: svg) == ["NaN"])
    // The cross sits right of the line's end, left of where it resumes, at
    // the height of the last finite value.
    let marker = try! #require(markerCentres(svg).first)
    #expect(marker.x > runs[0][1].x && marker.x < runs[1][0].x)
    #expect(abs(marker.y - runs[0][1].y) < 0.11)
  }

  @Test("a diverging run: the note counts every non-finite value and names the first")
  func divergingRun() {
    var ys = (0..<100).map { 2 * exp(-Double($0) / 30) }
    ys[43] = .nan
    ys[44] = .infinity
    ys[70] = .nan
    let svg = renderer.render(Chart(.line(series: [line("loss", ys)], logY: true), xLabel: "step"), id: "d")
    #expect(attributesAreFinite(svg))
    #expect(notes(svg) == ["3 of 100 points of “loss” are not finite and are not drawn; the first, at step 43, is NaN."])
    #expect(lineSubpaths(svg).map(\.count) == [43, 25, 29])
    #expect(markerCentres(svg).count == 1)
    #expect(texts(ofClass: "nonfinite-label", in: svg) == ["NaN"])
  }

  @Test("+∞ is marked at the top of the plot, −∞ at the bottom; the axes span the finite values only")
  func infinities() {
    // Neither series reaches the end of its axis (1…2.5 and 1.2…2), so the
    // markers are strictly beyond the lines.
    let up = renderer.render(Chart(.line(series: [line("a", [1, 2.2, 1.5, .infinity])], logY: false)), id: "u")
    let down = renderer.render(Chart(.line(series: [line("a", [1.3, 2, 1.5, -.infinity])], logY: false)), id: "w")
    for svg in [up, down] {
      #expect(attributesAreFinite(svg))
      #expect(!texts(ofClass: "tick-label", in: svg).contains { $0.contains("∞") || $0.contains("NaN") })
    }
    let top = try! #require(markerCentres(up).first), bottom = try! #require(markerCentres(down).first)
    #expect(top.y < lineSubpaths(up)[0].map(\.y).min()!)
    #expect(bottom.y > lineSubpaths(down)[0].map(\.y).max()!)
    #expect(texts(ofClass: "nonfinite-label", in: up) == ["+∞"])
    #expect(texts(ofClass: "nonfinite-label", in: down) == ["\u{2212}∞"])
    // The marker's x (3) lies past the last finite point (2), inside the axis.
    #expect(top.x > lineSubpaths(up)[0].last!.x)
  }

  @Test("an all-non-finite series still renders a valid chart with its note")
  func allNonFinite() {
    let svg = renderer.render(Chart(.line(series: [line("loss", [.nan, .nan, .infinity])], logY: false)), id: "e")
    #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</li></ul>"))
    #expect(svg.contains("chart-empty"))
    #expect(attributesAreFinite(svg))
    #expect(notes(svg) == ["3 of 3 points of “loss” are not finite and are not drawn; the first, at x = 0, is NaN."])
  }

  @Test("values ≤ 0 on a log scale are left out and noted; a tiny positive value does not trap")
  func logScale() {
    let svg = renderer.render(
      Chart(.line(series: [line("loss", [1, 0.1, 0, -1, 0.01, Double.leastNonzeroMagnitude])], logY: true)), id: "l")
    #expect(attributesAreFinite(svg))
    #expect(notes(svg) == ["2 of 6 points of “loss” are ≤ 0 and are not drawn on the log scale."])
    #expect(lineSubpaths(svg).map(\.count) == [2, 2])
  }

  @Test("a series LessonKit downsampled is counted whole")
  func downsampledSeries() {
    let points = [Point(x: 0, y: 1), Point(x: 5_000_000, y: 0.5), Point(x: 7_000_000, y: .nan)]
    let series = Series(
      name: "loss", points: points,
      downsampledFrom: SeriesCounts(points: 10_000_000, nonFinite: 3_000_000, nonPositive: 12))
    let svg = renderer.render(Chart(.line(series: [series], logY: false), xLabel: "step"), id: "s")
    #expect(notes(svg) == [
      "3,000,000 of 10,000,000 points of “loss” are not finite and are not drawn; the first, at step 7,000,000, is NaN."
    ])
  }

  @Test("notes recorded with the chart are shown, on charts and on variants")
  func recordedNotes() {
    var chart = Chart(.line(series: [line("loss", [1, 2])], logY: false))
    chart.notes = ["“loss” is downsampled from 10,000,000 to 2,000 points."]
    #expect(notes(renderer.render(chart, id: "r")) == chart.notes)
    var variants = Chart(.variants(parameter: "seed", labels: ["1"], charts: [chart]))
    variants.notes = ["Showing the first 20 of 50 variants."]
    let html = renderer.render(variants, id: "v")
    #expect(html.contains("<p class=\"variants-note\">Showing the first 20 of 50 variants.</p>"))
    #expect(html.contains("“loss” is downsampled from 10,000,000 to 2,000 points."))
  }

  @Test("scatter points that are not finite are left out and counted")
  func scatter() {
    let points = [
      ScatterPoint(x: 0, y: 0, label: 0), ScatterPoint(x: .nan, y: 1, label: 0), ScatterPoint(x: 1, y: .infinity, label: 1),
      ScatterPoint(x: 2, y: 1, label: 1), ScatterPoint(x: 1, y: 2, label: 0),
    ]
    let svg = renderer.render(Chart(.scatter(points: points, classNames: ["a", "b"])), id: "p")
    #expect(attributesAreFinite(svg))
    #expect(svg.components(separatedBy: "h0").count - 1 == 3)
    #expect(notes(svg) == ["2 of 5 points are not finite and are not drawn."])
  }

  @Test("bars: non-finite values get no bar and a note naming the first; log bars survive tiny values")
  func bars() {
    let svg = renderer.render(
      Chart(.bar(categories: ["a", "b", "c", "d"], series: [BarSeries(name: "s", values: [1, .nan, 3, .infinity])])),
      id: "b")
    #expect(attributesAreFinite(svg))
    #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == 2)
    #expect(notes(svg) == ["2 of 4 values of “s” are not finite and are drawn as no bar; the first, at b, is NaN."])
    let log = renderer.render(
      Chart(.bar(categories: ["a", "b", "c"], series: [BarSeries(name: "s", values: [Double.leastNonzeroMagnitude, 1, 0])], logY: true)),
      id: "g")
    #expect(attributesAreFinite(log))
    #expect(notes(log) == ["1 of 3 values of “s” is ≤ 0 and is drawn as no bar on the log scale."])
  }

  @Test("histograms: NaN values are counted; a range that is not finite is noted, not drawn")
  func histograms() {
    let svg = renderer.render(Chart(.histogram(series: [
      HistogramSeries(name: "w", lowerBound: 0, upperBound: 2, counts: [1, 2], notANumber: 3),
      HistogramSeries(name: "v", lowerBound: -.infinity, upperBound: 2, counts: [4, 4]),
    ])), id: "h")
    #expect(attributesAreFinite(svg))
    #expect(notes(svg) == ["3 values of “w” are NaN and are not drawn.", "“v” is not drawn: its range is not finite."])
    let grid = renderer.render(Chart(.histogramGrid(rows: ["r"], columns: ["a", "b"], cells: [[
      HistogramSeries(name: "r · a", lowerBound: 0, upperBound: 1, counts: [1, 1], notANumber: 2),
      HistogramSeries(name: "r · b", lowerBound: 0, upperBound: .nan, counts: [1]),
    ]])), id: "g")
    #expect(attributesAreFinite(grid))
    #expect(texts(ofClass: "panel-note", in: grid) == ["2 NaN"])
    #expect(notes(grid) == [
      "2 values are NaN and are not drawn; each panel counts its own in its corner.",
      "1 of 2 panels is not drawn: no bins, or a range that is empty or not finite.",
    ])
  }

  @Test("heat maps: non-finite cells stay blank, bad grids are no data, never a trap")
  func heatmaps() {
    let grid = Grid(xMin: 0, xMax: 2, yMin: 0, yMax: 1, columns: 2, rows: 1, values: [0, .nan])
    let points = [ScatterPoint(x: 1, y: 0.5, label: 0), ScatterPoint(x: .nan, y: 0, label: 1)]
    let svg = renderer.render(Chart(.heatmap(grid, points: points, classNames: ["a", "b"])), id: "m")
    #expect(attributesAreFinite(svg))
    #expect(svg.components(separatedBy: "class=\"heat ").count - 1 == 1)
    #expect(notes(svg) == ["1 of 2 grid values is not finite and is left blank.", "1 of 2 points is not finite and is not drawn."])
    var unbounded = grid
    unbounded.xMax = .infinity
    var short = grid
    short.values = [1]
    for bad in [unbounded, short] {
      let svg = renderer.render(Chart(.heatmap(bad, points: [], classNames: [])), id: "x")
      #expect(svg.contains("chart-empty") && attributesAreFinite(svg))
    }
  }

  @Test("contours: NaN cells, levels and path points are left out and noted; the path breaks and is marked")
  func contours() {
    var grid = paraboloid(9)
    grid.values[40] = .nan
    let path = [Point(x: 1.5, y: 1.5), Point(x: 1, y: 1), Point(x: 0, y: .nan), Point(x: 0.5, y: 0.2), Point(x: 0, y: 0)]
    let svg = renderer.render(Chart(.contour(grid, levels: [1, .nan, 2], path: path)), id: "c")
    #expect(attributesAreFinite(svg))
    #expect(svg.components(separatedBy: "class=\"trajectory\"").count - 1 == 2)
    #expect(svg.components(separatedBy: "class=\"contour\"").count - 1 == 2)
    #expect(notes(svg) == [
      "1 of 81 grid values is not finite; no contour crosses the cells around it.",
      "1 of 3 contour levels is not finite and is not drawn.",
      "1 of 5 points of the path is not finite and is not drawn; the first, at step 2, is NaN.",
    ])
    #expect(markerCentres(svg).count == 1)
    var unbounded = grid
    unbounded.yMin = -.infinity
    let empty = renderer.render(Chart(.contour(unbounded, levels: [1], path: path)), id: "u")
    #expect(empty.contains("chart-empty") && attributesAreFinite(empty))
  }
}
