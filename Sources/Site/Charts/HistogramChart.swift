import CellProtocol
import Markup

/// Histograms drawn over each other, one colour per series; the
/// stylesheet makes their bars semi-transparent. Each series is one
/// `<path class="bar">` outlining its bins; the x axis spans the bins
/// exactly. Values outside the bins (`HistogramSeries.outside`) and NaN
/// values (`HistogramSeries.notANumber`) are in no bin: a `chart-note`
/// above the plot and the description count them. A series whose bins
/// cannot be drawn (no bins, a range that is empty or not finite) is left
/// out, and a note says so.
struct HistogramChart: ChartDrawing {
  /// The series with usable bins, with their palette index.
  let series: [(index: Int, histogram: HistogramSeries)]
  /// The series left out, for the notes.
  let undrawable: [HistogramSeries]
  /// The legend, one entry per series given.
  let legend: [LegendEntry]

  /// Keeps the series with finite, ordered bounds and at least one bin.
  init(series: [HistogramSeries]) {
    self.series = series.enumerated().filter { Self.isDrawable($1) }.map { ($0, $1) }
    undrawable = series.filter { !Self.isDrawable($0) }
    legend = series.enumerated().map { LegendEntry(name: $1.name, cssClass: Palette.series($0)) }
  }

  /// Whether `histogram` has bins over a proper range.
  static func isDrawable(_ histogram: HistogramSeries) -> Bool {
    !histogram.counts.isEmpty && histogram.lowerBound.isFinite && histogram.upperBound.isFinite
      && histogram.upperBound > histogram.lowerBound
  }

  var kind: String { "histogram" }

  var hasData: Bool { !series.isEmpty }

  var summary: String {
    (["Histogram of \(series.count) series."] + series.map { Self.summary($0.histogram) + "." })
      .joined(separator: " ")
  }

  /// "name: 30 bins from -1 to 1, 1000 values, highest bin 87", then
  /// ", 12 values outside −1…1" when some are.
  static func summary(_ histogram: HistogramSeries) -> String {
    var text = histogram.name + ": \(histogram.counts.count) bins "
      + Extent(lower: histogram.lowerBound, upper: histogram.upperBound).summary
      + ", \(histogram.counts.reduce(0, +)) values, highest bin \(histogram.counts.max() ?? 0)"
    if histogram.outside > 0 { text += ", " + values(histogram.outside) + " outside " + range(histogram) }
    if histogram.notANumber > 0 { text += ", \(histogram.notANumber) NaN" }
    return text
  }

  var notes: [String] {
    [Self.outsideNote(series.map(\.histogram)), Self.notANumberNote(series.map(\.histogram) + undrawable)]
      .compactMap { $0 } + undrawable.map { $0.name + ": not drawn, " + Self.whyUndrawable($0) }
  }

  /// Why `histogram` cannot be drawn: "its range is not finite", "it has
  /// no bins" or "its range is empty".
  static func whyUndrawable(_ histogram: HistogramSeries) -> String {
    if !histogram.lowerBound.isFinite || !histogram.upperBound.isFinite { return "its range is not finite" }
    return histogram.counts.isEmpty ? "it has no bins" : "its range is empty"
  }

  /// The note on NaN values, nil when there are none: "3 NaN values, in no
  /// bin" for one series; "NaN values, in no bin: a 3, b 12" for several.
  static func notANumberNote(_ histograms: [HistogramSeries]) -> String? {
    let affected = histograms.filter { $0.notANumber > 0 }
    guard let first = affected.first else { return nil }
    if histograms.count == 1 { return groupedDigits(first.notANumber) + " NaN " + (first.notANumber == 1 ? "value" : "values") + ", in no bin" }
    return "NaN values, in no bin: " + affected.map { $0.name + " " + groupedDigits($0.notANumber) }.joined(separator: ", ")
  }

  /// The note on values outside the bins, nil when there are none:
  /// "12 values outside −4…4" for one series; "Values outside −4…4: a 3,
  /// b 12" for several over one range; "a: 3 outside 0…1; b: …" otherwise.
  static func outsideNote(_ histograms: [HistogramSeries]) -> String? {
    let outside = histograms.filter { $0.outside > 0 }
    guard let first = outside.first else { return nil }
    if histograms.count == 1 { return values(first.outside) + " outside " + range(first) }
    if outside.allSatisfy({ range($0) == range(first) }) {
      return "Values outside " + range(first) + ": "
        + outside.map { $0.name + " " + String($0.outside) }.joined(separator: ", ")
    }
    return outside.map { $0.name + ": " + String($0.outside) + " outside " + range($0) }.joined(separator: "; ")
  }

  /// "1 value", "12 values".
  static func values(_ count: Int) -> String {
    count == 1 ? "1 value" : "\(count) values"
  }

  /// The bins' range for prose, with true minus signs: "−4…4".
  static func range(_ histogram: HistogramSeries) -> String {
    let bound = { (value: Double) in String(NumberFormat.compact(value).map { $0 == "-" ? "\u{2212}" : $0 }) }
    return bound(histogram.lowerBound) + "…" + bound(histogram.upperBound)
  }

  func draw(in plot: Rect, id: String) -> [Node] {
    let xTicks = Ticks.linear(
      inside: series.map(\.histogram.lowerBound).min() ?? 0, series.map(\.histogram.upperBound).max() ?? 1,
      count: 6)
    let highest = series.flatMap(\.histogram.counts).max() ?? 0
    let yTicks = Ticks.linear(covering: 0, Double(max(highest, 1)))
    let x = Scale(xTicks, start: plot.x, end: plot.maxX)
    let y = Scale(yTicks, start: plot.maxY, end: plot.y)
    let xAxis = Axis(xTicks, scale: x), yAxis = Axis(yTicks, scale: y)
    let bars = series.map { index, histogram in
      SVG.group("series \(Palette.series(index))", [Self.bars(histogram, x: x, y: y)])
    }
    return [Axes.grid(x: nil, y: yAxis, in: plot), SVG.group("histograms", bars)]
      + Axes.frame(x: xAxis, y: yAxis, in: plot)
  }

  /// The bins as one filled outline, `<path class="bar">`: up to each
  /// bin's count and across it, so neighbouring bins share edges.
  static func bars(_ histogram: HistogramSeries, x: Scale, y: Scale) -> Node {
    let width = (histogram.upperBound - histogram.lowerBound) / Double(histogram.counts.count)
    var data = PathData()
    data.move(to: Point(x: x(histogram.lowerBound), y: y(0)))
    for (bin, count) in histogram.counts.enumerated() {
      data.vertical(to: y(Double(max(count, 0))))
      data.horizontal(to: x(histogram.lowerBound + Double(bin + 1) * width))
    }
    data.vertical(to: y(0))
    data.close()
    return SVG.path(data, cssClass: "bar", filled: true)
  }
}
