import CellProtocol
import Foundation
import Markup

/// Lines through each series' points, optionally on a log y scale.
///
/// Values the chart cannot draw break the line: NaN and infinities (a
/// diverging run), and y ≤ 0 on a log scale. A `chart-note` counts them
/// per series ("loss: 3 of 100 values are not finite (NaN from step 43)"),
/// and where a series first turns non-finite a cross marks it
/// (`nonfinite-marker`, labelled "NaN", "+∞" or "−∞" by a
/// `nonfinite-label`): at the end of the line for NaN, at the top or bottom
/// of the plot for ±∞. A series LessonKit downsampled is counted whole
/// (`Series.downsampledFrom`). The axes span the drawable points and the
/// markers. Each series is downsampled with LTTB in pixel space to
/// `maximumPointsPerSeries`, shared among its runs (at least 3 each), so a
/// 100,000-step curve stays a few KB.
///
/// A series of at most `maximumMarkedPoints` points gets a dot on each
/// (`marker`), so a sweep of six values reads as six measurements. A series
/// that mostly runs on top of an earlier one (the same y, to the pixel, at
/// the same x) is dashed (`line dashed`), so the one under it shows through
/// the gaps; its legend swatch is a dashed line too. The x axis ends at the
/// data where rounding it out to a tick would leave a wide empty margin.
struct LineChart: ChartDrawing {
  /// The points drawn per series when it has more.
  static let maximumPointsPerSeries = 400
  /// The most points a series has to get a dot on each.
  static let maximumMarkedPoints = 20
  /// The radius of those dots.
  static let markerRadius = 3.0
  /// The most notes listed one per line; more are summed up in one line.
  static let maximumNotes = 3

  /// A series split into drawable runs.
  struct Prepared {
    /// The legend name.
    var name: String
    /// Runs of consecutive drawable points.
    var segments: [[Point]]
    /// The points of the whole series.
    var total = 0
    /// Points left out for NaN or infinity.
    var nonFinite = 0
    /// Points left out for y ≤ 0 on a log scale.
    var nonPositive = 0
    /// The first point with a NaN or infinite coordinate.
    var firstNonFinite: NonFinite?

    /// The number of drawable points.
    var count: Int { segments.reduce(0) { $0 + $1.count } }
  }

  /// Where a series first turns non-finite.
  struct NonFinite {
    /// The point's x, when it is finite.
    var x: Double?
    /// The non-finite value: y, or x when y is finite.
    var value: Double
    /// Whether `value` is the point's x.
    var isX: Bool
    /// The last drawable point before it.
    var previous: Point?

    /// "NaN", "+∞" or "−∞".
    var label: String { LineChart.symbol(value) }
  }

  /// "NaN", "+∞" or "−∞" for a non-finite value.
  static func symbol(_ value: Double) -> String {
    value.isNaN ? "NaN" : value > 0 ? "+∞" : "\u{2212}∞"
  }

  let series: [Prepared]
  let logY: Bool
  /// The x-axis label, which names positions in the notes ("from step 43").
  let xLabel: String?
  var shared = AxisDomain()
  var isNarrow = false
  /// Per series, whether it is dashed: it mostly covers an earlier series.
  let dashed: [Bool]

  /// Splits `series` into drawable runs.
  init(series: [Series], logY: Bool, xLabel: String? = nil) {
    self.logY = logY
    self.xLabel = xLabel
    self.series = series.map { series in
      var prepared = Prepared(name: series.name, segments: [], total: series.points.count)
      var run = [Point](), previous: Point?
      for point in series.points {
        if point.x.isFinite && point.y.isFinite && (!logY || point.y > 0) {
          run.append(point)
          previous = point
          continue
        }
        if point.x.isFinite && point.y.isFinite {
          prepared.nonPositive += 1
        } else {
          prepared.nonFinite += 1
          if prepared.firstNonFinite == nil {
            prepared.firstNonFinite = NonFinite(
              x: point.x.isFinite ? point.x : nil, value: point.y.isFinite ? point.x : point.y,
              isX: point.y.isFinite, previous: previous)
          }
        }
        if !run.isEmpty { prepared.segments.append(run) }
        run = []
      }
      if !run.isEmpty { prepared.segments.append(run) }
      if let whole = series.downsampledFrom {
        prepared.total = whole.points
        prepared.nonFinite = whole.nonFinite
        prepared.nonPositive = logY ? whole.nonPositive : 0
      }
      return prepared
    }
    dashed = Self.covering(self.series, logY: logY)
  }

  /// Per series, whether most of its points lie on an earlier series: at
  /// the same x with a y within 1/500 of the y range (a pixel or less), or,
  /// on a log scale, of its decades.
  static func covering(_ series: [Prepared], logY: Bool) -> [Bool] {
    let height = { (y: Double) in logY ? log10(y) : y }
    let ys = series.flatMap { $0.segments.joined().map { height($0.y) } }
    guard let range = Extent(ys) else { return series.map { _ in false } }
    let tolerance = max(range.upper - range.lower, 1e-300) / 500
    let heights = series.map { series in
      Dictionary(series.segments.joined().map { ($0.x, height($0.y)) }, uniquingKeysWith: { first, _ in first })
    }
    return series.indices.map { index in
      let points = Array(series[index].segments.joined())
      guard !points.isEmpty else { return false }
      return heights[..<index].contains { earlier in
        let close = points.filter { point in earlier[point.x].map { abs($0 - height(point.y)) <= tolerance } ?? false }
        return close.count * 2 > points.count
      }
    }
  }

  var kind: String { "line" }

  /// The series' names, for their colours.
  private var names: [String] { series.map(\.name) }

  var legend: [LegendEntry] {
    series.enumerated().map {
      LegendEntry(name: $1.name, cssClass: Palette.series($0, among: names), swatch: dashed[$0] ? .dashedLine : .line)
    }
  }

  var extent: AxisDomain {
    let points = series.flatMap { $0.segments.joined() }
    let markerXs = series.compactMap { $0.firstNonFinite?.x }
    return AxisDomain(x: Extent(points.map(\.x) + markerXs), y: Extent(points.map(\.y)))
  }

  var hasData: Bool { series.contains { $0.count > 0 } }

  var summary: String {
    var sentences = ["Line chart of \(series.count) series" + (logY ? ", y on a log scale." : ".")]
    for series in series {
      let points = series.segments.joined()
      var sentence = series.name + ": \(series.count) points"
      if let xs = Extent(points.map(\.x)), let ys = Extent(points.map(\.y)) {
        sentence += ", x " + xs.summary + ", y " + ys.summary
      }
      if series.nonFinite > 0 { sentence += "; \(series.nonFinite) non-finite values skipped" }
      if series.nonPositive > 0 { sentence += "; \(series.nonPositive) non-positive values dropped on the log scale" }
      sentences.append(sentence + ".")
    }
    return sentences.joined(separator: " ")
  }

  var notes: [String] {
    var notes = [String]()
    for series in series {
      if series.nonFinite > 0 {
        let first = series.firstNonFinite.map { " (" + position($0) + ")" } ?? ""
        notes.append(series.name + ": " + NumberFormat.part(series.nonFinite, of: series.total, "values") + " not finite" + first)
      }
      if series.nonPositive > 0 {
        notes.append(
          series.name + ": " + NumberFormat.part(series.nonPositive, of: series.total, "values") + " ≤ 0, left out on the log scale")
      }
    }
    guard notes.count > Self.maximumNotes + 1 else { return notes }
    return notes.prefix(Self.maximumNotes) + ["and \(notes.count - Self.maximumNotes) more notes like these"]
  }

  /// "NaN from step 43", "+∞ from x = 0.5", "x NaN".
  private func position(_ first: NonFinite) -> String {
    let what = (first.isX ? "x " : "") + first.label
    guard let x = first.x else { return what }
    let value = x == x.rounded() && abs(x) < 1e15 ? groupedDigits(Int(x)) : NumberFormat.compact(x)
    return what + " from " + (xLabel.map { $0.isEmpty ? "x = " : $0 + " " } ?? "x = ") + value
  }

  func draw(in plot: Rect, id: String) -> [Node] {
    guard let xs = domain.x, let ys = domain.y else { return [] }
    let xTicks = Ticks.linear(hugging: xs.lower, xs.upper, count: isNarrow ? 4 : 6)
    let yTicks = logY ? Ticks.logarithmic(covering: ys.lower, ys.upper) : Ticks.linear(covering: ys.lower, ys.upper)
    let x = Scale(xTicks, start: plot.x, end: plot.maxX)
    let y = Scale(yTicks, start: plot.maxY, end: plot.y)
    let xAxis = Axis(xTicks, scale: x), yAxis = Axis(yTicks, scale: y)
    let lines = series.enumerated().map { index, series in
      var data = PathData()
      for segment in series.segments {
        let pixels = segment.map { Point(x: x($0.x), y: y($0.y)) }
        let share = Self.maximumPointsPerSeries * segment.count / series.count
        data.addPolyline(LTTB.downsample(pixels, to: max(share, 3)))
      }
      let line = SVG.path(data, cssClass: "series \(Palette.series(index, among: names)) line" + (dashed[index] ? " dashed" : ""))
      guard series.count <= Self.maximumMarkedPoints else { return line }
      let dots = series.segments.joined().map {
        SVG.circle(x: x($0.x), y: y($0.y), radius: Self.markerRadius, cssClass: "marker")
      }
      return .group([line, SVG.group("markers series \(Palette.series(index, among: names))", dots)])
    }
    var nodes = [Axes.grid(x: xAxis, y: yAxis, in: plot), SVG.group("lines", lines)]
    let markers = series.enumerated().compactMap { index, series in
      series.firstNonFinite.flatMap { Self.marker($0, slot: Palette.slot(index, among: names), in: plot, x: x, y: y) }
    }
    if !markers.isEmpty { nodes.append(SVG.group("nonfinite-markers", markers)) }
    return nodes + Axes.frame(x: xAxis, y: yAxis, in: plot)
  }

  /// A labelled cross where a series first turns non-finite: at the end of
  /// its line for NaN, at the top or bottom of the plot for ±∞, in the
  /// middle when nothing came before; nil when its x is not finite.
  static func marker(_ first: NonFinite, slot: Int, in plot: Rect, x: Scale, y: Scale) -> Node? {
    guard let xValue = first.x else { return nil }
    let py: Double
    if first.value == .infinity && !first.isX {
      py = plot.y
    } else if first.value == -.infinity && !first.isX {
      py = plot.maxY
    } else {
      py = first.previous.map { y($0.y) } ?? plot.midY
    }
    return marker(at: Point(x: x(xValue), y: py), label: first.label, color: Palette.series(slot), in: plot)
  }

  /// A cross at `pixel` labelled `label` ("NaN", "+∞", "−∞") beside it,
  /// kept inside `plot`, coloured by the class `color` (`series-k`).
  static func marker(at pixel: Point, label: String, color: String, in plot: Rect) -> Node {
    var cross = PathData()
    cross.addSegment(from: Point(x: pixel.x - 4, y: pixel.y - 4), to: Point(x: pixel.x + 4, y: pixel.y + 4))
    cross.addSegment(from: Point(x: pixel.x - 4, y: pixel.y + 4), to: Point(x: pixel.x + 4, y: pixel.y - 4))
    let nearRight = pixel.x > plot.maxX - 30
    let text = SVG.text(
      label, x: nearRight ? pixel.x - 7 : pixel.x + 7, y: pixel.y < plot.y + 14 ? pixel.y + 14 : pixel.y - 6,
      cssClass: "nonfinite-label", anchor: nearRight ? "end" : "start")
    return SVG.group("nonfinite series " + color, [SVG.path(cross, cssClass: "nonfinite-marker"), text])
  }
}
