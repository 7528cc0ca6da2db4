import CellProtocol
import Markup

/// Lines through each series' points, optionally on a log y scale.
///
/// Non-finite points (a diverging run) break the line, as do non-positive
/// values on a log scale; both are counted in the description. Each series
/// is downsampled with LTTB in pixel space to `maximumPointsPerSeries`,
/// shared among its runs (at least 3 each), so a 100,000-step curve stays
/// a few KB.
struct LineChart: ChartDrawing {
  /// The points drawn per series when it has more.
  static let maximumPointsPerSeries = 400

  /// A series split into drawable runs.
  struct Prepared {
    /// The legend name.
    var name: String
    /// Runs of consecutive drawable points.
    var segments: [[Point]]
    /// Points dropped for NaN or infinity.
    var nonFinite = 0
    /// Points dropped for y ≤ 0 on a log scale.
    var nonPositive = 0

    /// The number of drawable points.
    var count: Int { segments.reduce(0) { $0 + $1.count } }
  }

  let series: [Prepared]
  let logY: Bool

  /// Splits `series` into drawable runs.
  init(series: [Series], logY: Bool) {
    self.logY = logY
    self.series = series.map { series in
      var prepared = Prepared(name: series.name, segments: [])
      var run = [Point]()
      for point in series.points {
        if point.x.isFinite && point.y.isFinite && (!logY || point.y > 0) {
          run.append(point)
          continue
        }
        if point.x.isFinite && point.y.isFinite { prepared.nonPositive += 1 } else { prepared.nonFinite += 1 }
        if !run.isEmpty { prepared.segments.append(run) }
        run = []
      }
      if !run.isEmpty { prepared.segments.append(run) }
      return prepared
    }
  }

  var kind: String { "line" }

  var legend: [LegendEntry] {
    series.enumerated().map { LegendEntry(name: $1.name, cssClass: Palette.series($0)) }
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

  func draw(in plot: Rect, id: String) -> [Node] {
    let points = series.flatMap { $0.segments.joined() }
    guard let xs = Extent(points.map(\.x)), let ys = Extent(points.map(\.y)) else { return [] }
    let xTicks = Ticks.linear(covering: xs.lower, xs.upper, count: 6)
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
      return SVG.path(data, cssClass: "series \(Palette.series(index)) line")
    }
    return [Axes.grid(x: xAxis, y: yAxis, in: plot), SVG.group("lines", lines)] + Axes.frame(x: xAxis, y: yAxis, in: plot)
  }
}
