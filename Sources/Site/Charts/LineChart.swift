import CellProtocol
import Foundation
import Markup

/// Lines through each series' points, optionally on a log y scale, a log
/// x scale (`Chart.logX`), or both, with reference lines and labelled
/// points over them (`Chart.marks`, see `Marks`).
///
/// Values the chart cannot draw break the line: NaN and infinities (a
/// diverging run), and y ≤ 0 on a log y axis (x ≤ 0 on a log x axis). A
/// `chart-note` counts them per series ("3 of 100 points of “loss” are not
/// finite and are not drawn; the first, at step 43, is NaN."), and where a
/// series first turns non-finite a cross marks it (`nonfinite-marker`,
/// labelled "NaN", "+∞" or "−∞" by a `nonfinite-label`): at the end of the
/// line for NaN, at the top or bottom of the plot for ±∞. A series
/// LessonKit downsampled is counted whole (`Series.downsampledFrom`). The axes span the drawable points and the
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
  /// Whether x is on a log scale.
  let logX: Bool
  /// The x-axis label, which names positions in the notes ("at step 43").
  let xLabel: String?
  /// Reference lines and labelled points over the lines.
  let marks: Marks
  /// The colour slot of the first series when the series take fixed slots
  /// in turn (the lines over a scatter plot, after its classes); nil for
  /// the page's slots by name (see `Palette`).
  var firstSlot: Int?
  /// Whether a short series gets a dot on each point (not over a scatter
  /// plot, whose dots are the data).
  var marksSparsePoints = true
  var shared = AxisDomain()
  var isNarrow = false
  /// Per series, whether it is dashed: it mostly covers an earlier series.
  let dashed: [Bool]

  /// Splits `series` into drawable runs; `over` is the y range of what the
  /// lines are drawn over, if anything (see `covering`).
  init(
    series: [Series], logY: Bool, logX: Bool = false, xLabel: String? = nil, marks: [Mark] = [], over: Extent? = nil
  ) {
    self.logY = logY
    self.logX = logX
    self.xLabel = xLabel
    self.marks = Marks(marks: marks, logX: logX, logY: logY)
    self.series = series.map { series in
      var prepared = Prepared(name: series.name, segments: [], total: series.points.count)
      var run = [Point](), previous: Point?
      for point in series.points {
        if point.x.isFinite && point.y.isFinite && (!logY || point.y > 0) && (!logX || point.x > 0) {
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
        prepared.nonPositive = logY || logX ? whole.nonPositive : 0
      }
      return prepared
    }
    dashed = Self.covering(self.series, logY: logY, over: over)
  }

  /// Per series, whether most of its points lie on an earlier series: at
  /// the same x with a y within 1/500 of the y range (a pixel or less), or,
  /// on a log scale, of its decades. `over` is the range of what else the
  /// y axis spans (the points under lines over a scatter plot); then the
  /// tolerance is 1/250 of the whole range, as the lines take less of it.
  static func covering(_ series: [Prepared], logY: Bool, over: Extent? = nil) -> [Bool] {
    let height = { (y: Double) in logY ? log10(y) : y }
    let ys = series.flatMap { $0.segments.joined().map { height($0.y) } }
    guard let own = Extent(ys) else { return series.map { _ in false } }
    let range = own.union(over.map { Extent(lower: height($0.lower), upper: height($0.upper)) })
    let tolerance = max(range.upper - range.lower, 1e-300) / (over == nil ? 500 : 250)
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

  /// The colour slot of the series at `index`.
  func slot(_ index: Int) -> Int {
    firstSlot.map { $0 + index } ?? Palette.slot(index, among: names)
  }

  var legend: [LegendEntry] {
    series.indices.map {
      LegendEntry(name: series[$0].name, cssClass: Palette.series(slot($0)), swatch: dashed[$0] ? .dashedLine : .line)
    }
  }

  var extent: AxisDomain {
    let points = series.flatMap { $0.segments.joined() }
    let markerXs = series.compactMap { $0.firstNonFinite?.x }.filter { !logX || $0 > 0 }
    return AxisDomain(x: Extent(points.map(\.x) + markerXs), y: Extent(points.map(\.y))).union(marks.extent)
  }

  var hasData: Bool { series.contains { $0.count > 0 } }

  var summary: String {
    "Line chart of \(series.count) series" + Self.scales(logX: logX, logY: logY) + "." + seriesSummary + marks.summary
  }

  /// ", x and y on log scales", ", x on a log scale", …; empty for none.
  static func scales(logX: Bool, logY: Bool) -> String {
    logX && logY ? ", x and y on log scales" : logX ? ", x on a log scale" : logY ? ", y on a log scale" : ""
  }

  /// A sentence per series, each after a space.
  var seriesSummary: String {
    var sentences = [""]
    for series in series {
      let points = series.segments.joined()
      var sentence = series.name + ": \(series.count) points"
      if let xs = Extent(points.map(\.x)), let ys = Extent(points.map(\.y)) {
        sentence += ", x " + xs.summary + ", y " + ys.summary
      }
      if series.nonFinite > 0 { sentence += "; \(series.nonFinite) non-finite values skipped" }
      if series.nonPositive > 0 {
        sentence += "; \(series.nonPositive) " + (logX ? "points at x or y ≤ 0" : "non-positive values") + " dropped on the log scale"
      }
      sentences.append(sentence + ".")
    }
    return sentences.joined(separator: " ")
  }

  var notes: [String] {
    var notes = [String]()
    for series in series {
      if series.nonFinite > 0 {
        let first = series.firstNonFinite.map { "; " + position($0) } ?? ""
        notes.append(NumberFormat.leftOut(series.nonFinite, of: series.total, "points", of: series.name) + first + ".")
      }
      if series.nonPositive > 0 {
        let what = logX && logY ? "at x or y ≤ 0" : logX ? "at x ≤ 0" : "≤ 0"
        notes.append(
          NumberFormat.leftOut(
            series.nonPositive, of: series.total, "points", of: series.name, what: what, fate: "not drawn on the log scale")
            + ".")
      }
    }
    if let note = marks.note { notes.append(note) }
    guard notes.count > Self.maximumNotes + 1 else { return notes }
    return notes.prefix(Self.maximumNotes) + ["\(notes.count - Self.maximumNotes) more notes like these are left out."]
  }

  /// Where a series first turns non-finite, as the end of a sentence:
  /// "the first, at step 43, is NaN", "the first, at x = 0.5, is +∞",
  /// "the first has x = NaN".
  private func position(_ first: NonFinite) -> String {
    if first.isX { return "the first has x = " + first.label }
    guard let x = first.x else { return "the first is " + first.label }
    let value = x == x.rounded() && abs(x) < 1e15 ? groupedDigits(Int(x)) : NumberFormat.compact(x)
    return "the first, at " + (xLabel.map { $0.isEmpty ? "x = " : $0 + " " } ?? "x = ") + value + ", is " + first.label
  }

  /// The x ticks: at most 7 powers of ten on a log axis (5 when narrow),
  /// else about 6 (4 when narrow) hugging the data.
  func xTicks(_ xs: Extent) -> Ticks {
    logX
      ? Ticks.logarithmic(covering: xs.lower, xs.upper, maximumCount: isNarrow ? 5 : 7)
      : Ticks.linear(hugging: xs.lower, xs.upper, count: isNarrow ? 4 : 6)
  }

  func draw(in plot: Rect, id: String) -> [Node] {
    guard let xs = domain.x, let ys = domain.y else { return [] }
    let xTicks = xTicks(xs)
    let yTicks = logY ? Ticks.logarithmic(covering: ys.lower, ys.upper) : Ticks.linear(covering: ys.lower, ys.upper)
    let x = Scale(xTicks, start: plot.x, end: plot.maxX)
    let y = Scale(yTicks, start: plot.maxY, end: plot.y)
    let xAxis = Axis(xTicks, scale: x), yAxis = Axis(yTicks, scale: y)
    return [Axes.grid(x: xAxis, y: yAxis, in: plot)] + lines(x: x, y: y, in: plot)
      + (marks.draw(x: x, y: y, in: plot).map { [$0] } ?? []) + Axes.frame(x: xAxis, y: yAxis, in: plot)
  }

  /// The lines (with dots on short series) and the crosses where series
  /// turn non-finite, drawn with the given scales.
  func lines(x: Scale, y: Scale, in plot: Rect) -> [Node] {
    let lines = series.enumerated().map { index, series in
      var data = PathData()
      for segment in series.segments {
        let pixels = segment.map { Point(x: x($0.x), y: y($0.y)) }
        let share = Self.maximumPointsPerSeries * segment.count / series.count
        data.addPolyline(LTTB.downsample(pixels, to: max(share, 3)))
      }
      let color = Palette.series(slot(index))
      let line = SVG.path(data, cssClass: "series \(color) line" + (dashed[index] ? " dashed" : ""))
      guard marksSparsePoints && series.count <= Self.maximumMarkedPoints else { return line }
      let dots = series.segments.joined().map {
        SVG.circle(x: x($0.x), y: y($0.y), radius: Self.markerRadius, cssClass: "marker")
      }
      return .group([line, SVG.group("markers series \(color)", dots)])
    }
    var nodes = [SVG.group("lines", lines)]
    let markers = series.enumerated().compactMap { index, series in
      series.firstNonFinite.flatMap { first in
        logX && (first.x ?? 1) <= 0 ? nil : Self.marker(first, slot: slot(index), in: plot, x: x, y: y)
      }
    }
    if !markers.isEmpty { nodes.append(SVG.group("nonfinite-markers", markers)) }
    return nodes
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
