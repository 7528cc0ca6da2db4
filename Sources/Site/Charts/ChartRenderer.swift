import CellProtocol
import Markup

/// Renders charts as inline SVG styled by the page's CSS.
///
/// Each SVG has a `viewBox`, `width="100%"` (its height follows the
/// aspect), `role="img"`, a `<title>` and a `<desc>` summarising the data.
/// A chart with equal axes whose plot is tall and narrow (or flat and
/// wide) is cropped to it, and a narrowed one carries its width relative to
/// the others in the custom property `--chart-width` (e.g. `0.6`), for the
/// theme to size it by.
/// Variants and sliders are the exception: they render to an HTML `<div>`
/// of tabs and panels, or of a slider and frames, around one SVG per chart.
///
/// ## Styling
///
/// Charts carry classes only; colours come from custom properties with
/// fallbacks, so a theme (or its dark mode) restyles every chart by setting:
///
/// - `--chart-fg`: text, axes and ticks (defaults to `currentColor`)
/// - `--chart-grid`: grid lines
/// - `--chart-bg`: the page background, used to ring points
/// - `--series-1` … `--series-8`: series colours; class k uses `--series-(k+1)`
///
/// Classes on the `<svg>`: `chart` plus `chart-line`, `chart-histogram`,
/// `chart-histogram-grid`, `chart-bar`, `chart-scatter`, `chart-heatmap`,
/// `chart-contour`, `chart-value-grid`, `chart-network`, and `chart-empty` for "no data";
/// with a narrow layout
/// (see ``site``), `chart-wide` or `chart-narrow`. Inside:
///
/// - `chart-title`, `axis-label`, `no-data`: text
///
/// After the `<svg>`, a `<ul class="chart-notes">` of `chart-note` lines says
/// what is not drawn, e.g. "12 values lie outside −4…4 and are not drawn."
/// on histograms, "3 of 100 points of “loss” are not finite and are not
/// drawn; the first, at step 43, is NaN." on line charts, or a cut LessonKit
/// made (from `Chart.notes`). Inside the SVG:
///
/// - `axis axis-x`, `axis axis-y` groups with `domain` (axis line), `tick`
///   (tick marks) and `tick-label`; `grid` (grid lines); `baseline` (zero
///   line of bar charts with negative values)
/// - `legend` with `legend-item series-k|class-k`, `swatch` (or
///   `swatch-line`, `swatch-line dashed`, `swatch-ring`), `legend-label`
/// - `series series-k` (sets the colour) with `line` (path; `line dashed`
///   over an earlier series), `bar` (rects of bar charts, one outline path
///   per histogram); `markers series-k` with a `marker` dot per point of a
///   short series
/// - `histograms small-multiples` with a `panel` per series and its
///   `panel-label series-k` (swatch and name)
/// - `nonfinite series series-k` in `nonfinite-markers`: where a line (or
///   an optimizer's path) first turns non-finite, a cross `nonfinite-marker`
///   and its `nonfinite-label` ("NaN", "+∞", "−∞")
/// - `cell series series-k` (histogram-grid cells), `row-label`, `column-label`,
///   `panel-note` (a cell's count of values outside the range)
/// - `marks` over line and scatter charts: `mark-line` (a dashed reference
///   line), `mark-point` (a ring) and `mark-label`
/// - `color-scale` (the colour bar of a chart coloured by value) with
///   `color-bar` (filled by a `linearGradient`), `color-bar-label`, `tick`
///   and `tick-label`; `value-point` (scatter points coloured by value) and
///   `grid-cell` with `cell-value` (value grids) take their colours from
///   the scale as `fill` attributes: viridis reads on light and dark pages
/// - `dots class-k` (a class's points, one path of round dots;
///   `point class-k ring` circles for a class lying on a lower one), `heat class-k` or `heat level-0`…`level-7` (heat-map
///   regions), `contour`, `trajectory`, `trajectory-start`,
///   `trajectory-end`, `minimum` with `minimum-ring`, `minimum-cross` and
///   `minimum-label`
/// - network diagrams (see `NetworkChart`): `edges`, `unit layer-input`,
///   `unit layer-hidden`, `unit layer-output`, `unit dropped` with
///   `unit-cross`, `layer-label` and `layer-count`; legend swatches
///   `swatch-dot` and `swatch-crossed` (`swatch-ring`, `swatch-cross`)
///
/// Variants (`.variants`): per variant an `input.variant-tab`, a `label`
/// and a `div.variant-panel`, styled by the theme (`Theme/style.css`); the
/// one rule that matters is
/// `.variants > .variant-tab:checked + label + .variant-panel { display: block }`.
/// Notes on the variants as a whole (LessonKit showing only the first ones)
/// follow the tabs as `p.variants-note`. Variants with `axes: .shared`
/// draw their charts over common ranges (see ``Variants``).
///
/// Sliders (`.slider`): a `div.slider` with hidden `div.slider-controls`
/// (`button.slider-play`, `label`, `input.slider-range`, `span.slider-value`)
/// and a `div.slider-frame` per frame (`p.slider-frame-label`, the chart);
/// the first, middle and last are `slider-key` and the first
/// `slider-current`. The page's script reveals the controls and shows the
/// current frame; without it, and in print, the key frames are shown (see
/// ``Slider``).
///
///
/// ```swift
/// let svg = ChartRenderer().render(chart, id: "fig-3-1")
/// ```
public struct ChartRenderer: Sendable {
  /// The width of the view box.
  public let width: Double
  /// The height of the view box (a histogram grid grows with its rows).
  public let height: Double
  /// The width of a second, narrow layout for phones, nil for none.
  public let narrowWidth: Double?

  /// A renderer for charts of `width × height` view-box units; with
  /// `narrowWidth`, each chart also gets a layout that many units wide
  /// (see ``site``).
  public init(width: Double = 640, height: Double = 360, narrowWidth: Double? = nil) {
    self.width = width
    self.height = height
    self.narrowWidth = narrowWidth
  }

  /// The course site's renderer: every chart twice, 640 × 360 for wide
  /// columns (`svg.chart-wide`) and 340 units wide for phones
  /// (`svg.chart-narrow`, stacking panels and wrapping legends), so the
  /// text stays legible at either width; the stylesheet shows one of them
  /// by the figure's width.
  public static let site = ChartRenderer(narrowWidth: 340)

  /// The chart as inline SVG markup. `id` is unique on the page (e.g.
  /// "fig-3-1") and prefixes the element ids the SVG needs (title, clip
  /// paths, variant tabs), so several charts coexist on one page. The
  /// output is byte-for-byte deterministic for the same input.
  public func render(_ chart: Chart, id: String) -> String {
    render(chart, id: id, shared: AxisDomain())
  }

  /// The chart with its axes spanning at least `shared` (the ranges of the
  /// variants it is one of): both layouts when there is a narrow one, and
  /// the notes under them.
  func render(_ chart: Chart, id: String, shared: AxisDomain) -> String {
    if case .variants(let parameter, let labels, let charts, let axes) = chart.kind {
      guard !charts.isEmpty else {
        return svg(noData: chart, id: id, kind: "variants", summary: "No variants.") + Self.notesHTML(chart.notes)
      }
      return Variants.render(
        parameter: parameter, labels: labels, charts: charts, axes: axes, notes: chart.notes, id: id, renderer: self)
    }
    if case .slider(let parameter, let labels, let charts, let axes) = chart.kind {
      guard !charts.isEmpty else {
        return svg(noData: chart, id: id, kind: "slider", summary: "No frames.") + Self.notesHTML(chart.notes)
      }
      return Slider.render(
        parameter: parameter, labels: labels, charts: charts, axes: axes, notes: chart.notes, id: id, renderer: self)
    }
    return render(chart, id: id, shared: shared, drawing: Self.drawing(chart))
  }

  /// The chart drawn by `drawing` (made by `drawing(_:)` for variants that
  /// measured it already), with its axes spanning at least `shared`. What
  /// does not depend on the layout (the notes, the summary, a drawing's
  /// memos) is computed once for both layouts.
  func render(_ chart: Chart, id: String, shared: AxisDomain, drawing: (any ChartDrawing)?) -> String {
    // Variants and sliders have no drawing of their own (nested in others).
    guard var drawing else { return chart.kind.frames == nil ? "" : render(chart, id: id, shared: shared) }
    drawing.shared = shared
    let notes = drawing.notes + chart.notes
    let summary = drawing.summary
    guard let narrowWidth else {
      return layout(chart, drawing, summary: summary, id: id, cssClass: nil) + Self.notesHTML(notes)
    }
    let narrow = ChartRenderer(width: narrowWidth, height: min(height, (narrowWidth * 0.9).rounded()))
    var narrowDrawing = drawing
    narrowDrawing.isNarrow = true
    return layout(chart, drawing, summary: summary, id: id, cssClass: "chart-wide")
      + narrow.layout(chart, narrowDrawing, summary: summary, id: id + "-n", cssClass: "chart-narrow")
      + Self.notesHTML(notes)
  }

  /// The drawing of a chart that is not a set of variants or frames.
  static func drawing(_ chart: Chart) -> (any ChartDrawing)? {
    switch chart.kind {
    case .line(let series, let logY):
      return LineChart(series: series, logY: logY, logX: chart.logX, xLabel: chart.xLabel, marks: chart.marks)
    case .histogram(let series):
      return HistogramChart(series: series)
    case .histogramGrid(let rows, let columns, let cells):
      return HistogramGridChart(rows: rows, columns: columns, cells: cells)
    case .bar(let categories, let series, let logY):
      return BarChart(categories: categories, series: series, logY: logY)
    case .scatter(let points, let classNames, let lines, let colorScale, let logY):
      return ScatterChart(
        points: points, classNames: classNames, equalAxes: chart.equalAxes, lines: lines, colorScale: colorScale,
        logX: chart.logX, logY: logY, marks: chart.marks)
    case .heatmap(let grid, let points, let classNames):
      return HeatmapChart(grid: grid, points: points, classNames: classNames, equalAxes: chart.equalAxes)
    case .contour(let grid, let levels, let path):
      return ContourChart(grid: grid, levels: levels, path: path, equalAxes: chart.equalAxes)
    case .valueGrid(let rows, let columns, let values, let colorScale, let showValues):
      return ValueGridChart(rows: rows, columns: columns, values: values, colorScale: colorScale, showValues: showValues)
    case .network(let layers, let dropped):
      return NetworkChart(layers: layers, dropped: dropped)
    case .variants, .slider:
      return nil
    }
  }

  /// One `<svg>` of `drawing` at this renderer's size, with `cssClass`
  /// added to its classes and `summary` (the drawing's) as its description.
  private func layout(
    _ chart: Chart, _ drawing: any ChartDrawing, summary: String, id: String, cssClass: String?
  ) -> String {
    let kind = drawing.kind + (cssClass.map { " " + $0 } ?? "")
    guard drawing.hasData else { return svg(noData: chart, id: id, kind: kind, summary: summary) }
    let layout = { (width: Double, height: Double) in
      Frame(
        width: width, height: height, title: chart.title, legend: drawing.legend,
        xLabel: chart.xLabel, yLabel: chart.yLabel, axes: drawing.hasAxes, colorBar: drawing.colorRamp)
    }
    var width = self.width, height = drawing.height(preferred: height)
    var frame = layout(width, height)
    var area = drawing.area(in: frame.plot)
    // Equal axes can leave a tall, narrow plot area, or a flat, wide one:
    // the chart is cropped to it (keeping room for the title), so the page
    // shows no empty margins; the page centres a narrowed chart at the
    // usual scale (see `svg`).
    let croppedWidth = SVG.rounded(max(width - (frame.plot.width - area.width), Self.minimumWidth(title: chart.title)))
    let croppedHeight = SVG.rounded(height - (frame.plot.height - area.height))
    if croppedWidth < width - 1 || croppedHeight < height - 1 {
      width = min(croppedWidth, width)
      height = min(croppedHeight, height)
      frame = layout(width, height)
      area = drawing.area(in: frame.plot)
    }
    return svg(
      chart, id: id, kind: kind, width: width, height: height, summary: summary,
      children: frame.decorations(around: area, id: id) + drawing.draw(in: frame.plot, id: id))
  }

  /// What a chart leaves out or cut, as text under it: HTML that wraps to
  /// the page's width (on a phone too, where the chart itself scrolls
  /// sideways), in a `chart-notes` list.
  static func notesHTML(_ notes: [String]) -> String {
    guard !notes.isEmpty else { return "" }
    return Node.element("ul", ["class": "chart-notes"], notes.map { .element("li", ["class": "chart-note"], [.text($0)]) })
      .render()
  }

  /// The narrowest a cropped chart gets: room for its title, and 160.
  static func minimumWidth(title: String?) -> Double {
    max(Double(title?.count ?? 0) * 8 + 24, 160)
  }

  /// A small chart saying "no data", keeping the title and the
  /// description (the notes under it say what was left out: an all-NaN
  /// series is no data, but not silently).
  private func svg(noData chart: Chart, id: String, kind: String, summary: String) -> String {
    let height = chart.title == nil ? 80.0 : 100
    var children = [Node]()
    if let title = chart.title {
      children.append(SVG.text(title, x: width / 2, y: 20, cssClass: "chart-title", anchor: "middle"))
    }
    children.append(SVG.text("no data", x: width / 2, y: height - 34, cssClass: "no-data", anchor: "middle"))
    return svg(
      chart, id: id, kind: kind + " chart-empty", width: width, height: height, summary: "No data. " + summary,
      children: children)
  }

  /// The `<svg>` element with its accessible title and description. A
  /// chart narrower than the renderer's width (cropped to an equal-axes
  /// plot) says how much narrower in `style="--chart-width: 0.6"`, so the
  /// theme can show it at the same scale as the others.
  private func svg(
    _ chart: Chart, id: String, kind: String, width: Double, height: Double, summary: String, children: [Node]
  ) -> String {
    let title = chart.title ?? Self.generatedTitle(chart.kind)
    var attributes = [
      "xmlns": "http://www.w3.org/2000/svg",
      "viewBox": "0 0 \(NumberFormat.coordinate(width)) \(NumberFormat.coordinate(height))",
      "width": "100%", "role": "img", "class": "chart chart-" + kind,
      "aria-labelledby": id + "-title", "aria-describedby": id + "-desc",
    ]
    if width < self.width {
      attributes["style"] = "--chart-width: " + NumberFormat.fixed(width / self.width, decimals: 3)
    }
    return SVG.element("svg", attributes, [
      SVG.element("title", ["id": id + "-title"], [.text(title)]),
      SVG.element("desc", ["id": id + "-desc"], [.text(summary)]),
    ] + children).render()
  }

  /// A title for charts without one, like "Line chart: train, validation".
  static func generatedTitle(_ kind: Chart.Kind) -> String {
    switch kind {
    case .line(let series, _): return "Line chart: " + series.map(\.name).joined(separator: ", ")
    case .histogram(let series): return "Histogram: " + series.map(\.name).joined(separator: ", ")
    case .histogramGrid(let rows, let columns, _):
      return "Histograms: " + rows.joined(separator: ", ") + " by " + columns.joined(separator: ", ")
    case .bar(_, let series, _): return "Bar chart: " + series.map(\.name).joined(separator: ", ")
    case .scatter(_, let classNames, let lines, let colorScale, _):
      let names = (colorScale == nil ? classNames : []) + lines.map(\.name)
      return "Scatter plot" + (colorScale.map { " coloured by " + ($0.label ?? "value") } ?? "")
        + (names.isEmpty ? "" : ": " + names.joined(separator: ", "))
    case .heatmap(_, _, let classNames): return "Decision regions: " + classNames.joined(separator: ", ")
    case .contour: return "Contour plot"
    case .valueGrid(let rows, let columns, _, let colorScale, _):
      return (colorScale.label ?? "Values") + " by " + rows.joined(separator: ", ") + " and " + columns.joined(separator: ", ")
    case .variants(let parameter, let labels, _, _):
      return "Variants by " + parameter + ": " + labels.joined(separator: ", ")
    case .slider(let parameter, let labels, _, _):
      return "Frames by " + parameter + (labels.isEmpty ? "" : ": " + labels.first! + " to " + labels.last!)
    case .network(let layers, _):
      return "Network diagram: " + layers.map(String.init).joined(separator: ", ") + " units"
    }
  }
}

/// One kind of chart, measured and ready to draw into a frame.
protocol ChartDrawing {
  /// The kind's CSS modifier, as in `chart-line`.
  var kind: String { get }
  /// The legend entries (the legend is drawn when there are two or more).
  var legend: [LegendEntry] { get }
  /// A sentence or two for `<desc>`: names, counts, ranges.
  var summary: String { get }
  /// Whether there is anything to draw.
  var hasData: Bool { get }
  /// Whether the frame should leave room for tick labels.
  var hasAxes: Bool { get }
  /// The colour scale of a chart coloured by value, drawn as a colour bar
  /// above the plot; nil for the others.
  var colorRamp: ColorRamp? { get }
  /// Lines of text the page shows under the chart.
  var notes: [String] { get }
  /// The data ranges of its axes, before nice rounding: what variants
  /// with shared axes unite.
  var extent: AxisDomain { get }
  /// Ranges its axes must span as well (the union of the variants it is
  /// one of); empty by default.
  var shared: AxisDomain { get set }
  /// Whether it is laid out for a narrow column (stacking panels).
  var isNarrow: Bool { get set }
  /// The part of `plot` the data and axes take (all of it, or a centred
  /// rectangle for equal axes); the axis labels centre on it.
  func area(in plot: Rect) -> Rect
  /// The view-box height, given the renderer's.
  func height(preferred: Double) -> Double
  /// The grid, data and axes inside `plot`; `id` prefixes element ids.
  func draw(in plot: Rect, id: String) -> [Node]
}

extension ChartDrawing {
  /// Most charts have a value axis on each side.
  var hasAxes: Bool { true }
  /// Most charts colour by series or class.
  var colorRamp: ColorRamp? { nil }
  /// Most charts have no notes.
  var notes: [String] { [] }
  /// Most charts fill the plot.
  func area(in plot: Rect) -> Rect { plot }
  /// Most charts keep the renderer's height.
  func height(preferred: Double) -> Double { preferred }
  /// The ranges the axes span: the chart's own, widened to `shared`.
  var domain: AxisDomain { extent.union(shared) }
}
