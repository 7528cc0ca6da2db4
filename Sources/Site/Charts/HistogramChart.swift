import CellProtocol
import Markup

/// Histograms: one series as filled bars; several as small multiples, one
/// panel per series stacked over a shared x axis and one count scale, so no
/// series hides another and no mixed colour appears that the legend lacks.
/// Each panel is labelled with its series' swatch and name
/// (`panel-label`); each series is one `<path class="bar">` outlining its
/// bins. The x axis spans the bins exactly. Values outside the bins
/// (`HistogramSeries.outside`) and NaN values
/// (`HistogramSeries.notANumber`) are in no bin: a `chart-note` under the
/// chart and the description count them. A series whose bins cannot be
/// drawn (no bins, a range that is empty or not finite) is left out, and a
/// note says so.
struct HistogramChart: ChartDrawing {
  /// The smallest height of one panel of the small multiples.
  static let minimumPanelHeight = 84.0
  /// The height of the label band above each panel.
  static let panelLabelHeight = 16.0
  /// The space between panels.
  static let panelGap = 10.0

  /// The series with usable bins, with their palette index.
  let series: [(index: Int, histogram: HistogramSeries)]
  /// The series left out, for the notes.
  let undrawable: [HistogramSeries]
  /// The series' names and colours (labels of the panels when there are
  /// several, so the frame draws no legend).
  let entries: [LegendEntry]
  /// Every series' name (drawable or not), for their colours.
  let names: [String]
  var shared = AxisDomain()
  var isNarrow = false

  /// Keeps the series with finite, ordered bounds and at least one bin.
  init(series: [HistogramSeries]) {
    self.series = series.enumerated().filter { Self.isDrawable($1) }.map { ($0, $1) }
    undrawable = series.filter { !Self.isDrawable($0) }
    names = series.map(\.name)
    entries = series.enumerated().map { [names] in LegendEntry(name: $1.name, cssClass: Palette.series($0, among: names)) }
  }

  /// Whether `histogram` has bins over a proper range.
  static func isDrawable(_ histogram: HistogramSeries) -> Bool {
    !histogram.counts.isEmpty && histogram.lowerBound.isFinite && histogram.upperBound.isFinite
      && histogram.upperBound > histogram.lowerBound
  }

  /// Whether the series are drawn as stacked panels.
  private var isSmallMultiples: Bool { series.count > 1 }

  var legend: [LegendEntry] { isSmallMultiples ? [] : entries }

  var extent: AxisDomain {
    AxisDomain(
      x: Extent(series.map(\.histogram.lowerBound) + series.map(\.histogram.upperBound)),
      y: Extent(lower: 0, upper: Double(max(series.flatMap(\.histogram.counts).max() ?? 0, 1))))
  }

  func height(preferred: Double) -> Double {
    guard isSmallMultiples else { return preferred }
    let panels = Double(series.count) * (Self.minimumPanelHeight + Self.panelLabelHeight + Self.panelGap)
    return max(preferred, panels + 90)
  }

  var kind: String { "histogram" }

  var hasData: Bool { !series.isEmpty }

  var summary: String {
    let layout = isSmallMultiples
      ? "Histograms of \(series.count) series, one panel each, stacked over a shared x axis and count scale."
      : "Histogram of \(series.count) series."
    return ([layout] + series.map { Self.summary($0.histogram) + "." })
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
      .compactMap { $0 } + undrawable.map { "“" + $0.name + "” is not drawn: " + Self.whyUndrawable($0) + "." }
  }

  /// Why `histogram` cannot be drawn: "its range is not finite", "it has
  /// no bins" or "its range is empty".
  static func whyUndrawable(_ histogram: HistogramSeries) -> String {
    if !histogram.lowerBound.isFinite || !histogram.upperBound.isFinite { return "its range is not finite" }
    return histogram.counts.isEmpty ? "it has no bins" : "its range is empty"
  }

  /// The note on NaN values, nil when there are none: "3 values are NaN
  /// and are not drawn." for one series; "3 values of “a” and 12 of “b”
  /// are NaN and are not drawn." for several.
  static func notANumberNote(_ histograms: [HistogramSeries]) -> String? {
    let affected = histograms.filter { $0.notANumber > 0 }
    guard !affected.isEmpty else { return nil }
    let total = affected.reduce(0) { $0 + $1.notANumber }
    let counts = histograms.count == 1 ? values(total) : countsOf(affected.map { ($0.name, $0.notANumber) })
    return counts + (total == 1 ? " is NaN and is" : " are NaN and are") + " not drawn."
  }

  /// The note on values outside the bins, nil when there are none: "12
  /// values lie outside −4…4 and are not drawn." for one series; "3 values
  /// of “a” and 1 of “b” lie outside −4…4 and are not drawn." for several
  /// over one range; "3 values of “a” lie outside 0…1 and 2 of “b” outside
  /// −1…1; they are not drawn." otherwise.
  static func outsideNote(_ histograms: [HistogramSeries]) -> String? {
    let outside = histograms.filter { $0.outside > 0 }
    guard let first = outside.first else { return nil }
    let total = outside.reduce(0) { $0 + $1.outside }
    let verb = total == 1 ? " lies outside " : " lie outside "
    let ending = total == 1 ? " and is not drawn." : " and are not drawn."
    if histograms.count == 1 { return values(first.outside) + verb + range(first) + ending }
    if outside.allSatisfy({ range($0) == range(first) }) {
      return countsOf(outside.map { ($0.name, $0.outside) }) + verb + range(first) + ending
    }
    let parts = outside.enumerated().map { index, histogram in
      (index == 0 ? values(histogram.outside) + " of “" + histogram.name + "”" + (histogram.outside == 1 ? " lies" : " lie")
        : groupedDigits(histogram.outside) + " of “" + histogram.name + "”") + " outside " + range(histogram)
    }
    return list(parts) + "; " + (total == 1 ? "it is" : "they are") + " not drawn."
  }

  /// "3 values of “a” and 1 of “b”": counts per named series.
  static func countsOf(_ counts: [(name: String, count: Int)]) -> String {
    list(counts.enumerated().map { index, entry in
      (index == 0 ? values(entry.count) : groupedDigits(entry.count)) + " of “" + entry.name + "”"
    })
  }

  /// "a", "a and b", "a, b and c".
  static func list(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
  }

  /// "1 value", "12 values", "3,923 values".
  static func values(_ count: Int) -> String {
    count == 1 ? "1 value" : groupedDigits(count) + " values"
  }

  /// The bins' range for prose, with true minus signs: "−4…4".
  static func range(_ histogram: HistogramSeries) -> String {
    range(lower: histogram.lowerBound, upper: histogram.upperBound)
  }

  /// A range for prose, with true minus signs: "−4…4".
  static func range(lower: Double, upper: Double) -> String {
    let bound = { (value: Double) in String(NumberFormat.compact(value).map { $0 == "-" ? "\u{2212}" : $0 }) }
    return bound(lower) + "…" + bound(upper)
  }

  func draw(in plot: Rect, id: String) -> [Node] {
    guard let xs = domain.x, let ys = domain.y else { return [] }
    let xTicks = Ticks.linear(inside: xs.lower, xs.upper, count: isNarrow ? 4 : 6)
    let x = Scale(xTicks, start: plot.x, end: plot.maxX)
    let xAxis = Axis(xTicks, scale: x)
    guard isSmallMultiples else {
      let yTicks = Ticks.linear(covering: 0, ys.upper)
      let y = Scale(yTicks, start: plot.maxY, end: plot.y)
      let yAxis = Axis(yTicks, scale: y)
      let bars = series.map { index, histogram in
        SVG.group("series \(Palette.series(index, among: names))", [Self.bars(histogram, x: x, y: y)])
      }
      return [Axes.grid(x: nil, y: yAxis, in: plot), SVG.group("histograms", bars)] + Axes.frame(x: xAxis, y: yAxis, in: plot)
    }
    let step = (plot.height + Self.panelGap) / Double(series.count)
    let yTicks = Ticks.linear(covering: 0, ys.upper, count: 3)
    var nodes = [Node]()
    for (position, (index, histogram)) in series.enumerated() {
      let top = plot.y + Double(position) * step
      let panel = Rect(
        x: plot.x, y: top + Self.panelLabelHeight, width: plot.width,
        height: step - Self.panelGap - Self.panelLabelHeight)
      let y = Scale(yTicks, start: panel.maxY, end: panel.y)
      let yAxis = Axis(yTicks, scale: y)
      let label = SVG.group("panel-label " + entries[index].cssClass, [
        SVG.rect(Rect(x: plot.x + 4, y: top + 2, width: 10, height: 10), cssClass: "swatch"),
        SVG.text(histogram.name, x: plot.x + 18, y: top + 11, cssClass: "legend-label"),
      ])
      let last = position == series.count - 1
      var baseline = PathData()
      baseline.addSegment(from: Point(x: panel.x, y: panel.maxY), to: Point(x: panel.maxX, y: panel.maxY))
      let bottom = last ? Axes.bottom(xAxis, y: panel.maxY, left: panel.x, right: panel.maxX)
        : SVG.path(baseline, cssClass: "domain")
      nodes += [
        SVG.group("panel", [
          Axes.grid(x: nil, y: yAxis, in: panel),
          SVG.group("series \(Palette.series(index, among: names))", [Self.bars(histogram, x: x, y: y)]),
          label, bottom, Axes.left(yAxis, x: panel.x, top: panel.y, bottom: panel.maxY),
        ])
      ]
    }
    return [SVG.group("histograms small-multiples", nodes)]
  }

  /// The bins as one filled outline, `<path class="bar">`: up to each
  /// bin's count and across it, so neighbouring bins share edges. A run of
  /// bins with one count is one step across (an empty tail is a line along
  /// the base), which keeps the many histograms of a slider small.
  static func bars(_ histogram: HistogramSeries, x: Scale, y: Scale) -> Node {
    let counts = histogram.counts
    let width = (histogram.upperBound - histogram.lowerBound) / Double(counts.count)
    var data = PathData()
    data.move(to: Point(x: x(histogram.lowerBound), y: y(0)))
    var level: Int?
    for (bin, count) in counts.enumerated() {
      let count = max(count, 0)
      if bin + 1 < counts.count && max(counts[bin + 1], 0) == count { continue }
      if count != level { data.vertical(to: y(Double(count))) }
      data.horizontal(to: x(histogram.lowerBound + Double(bin + 1) * width))
      level = count
    }
    data.vertical(to: y(0))
    data.close()
    return SVG.path(data, cssClass: "bar", filled: true)
  }
}
