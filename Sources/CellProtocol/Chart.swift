/// A chart recorded by a cell, rendered to SVG by the site.
///
/// Charts carry data, not pixels: the site chooses scales, ticks and colours,
/// so every chart follows the page's theme.
public struct Chart: Codable, Equatable, Sendable {
  /// What is drawn.
  public var kind: Kind
  /// The title above the chart.
  public var title: String?
  /// The label of the horizontal axis.
  public var xLabel: String?
  /// The label of the vertical axis.
  public var yLabel: String?
  /// Whether one data unit is as long on the x-axis as on the y-axis, for
  /// charts whose two axes hold quantities of the same kind (two features,
  /// two weights). Scatter plots, heat maps and contour plots honour it: the
  /// plot area becomes a centred rectangle of the data's aspect ratio.
  /// Other kinds ignore it.
  ///
  /// ```swift
  /// var chart = Chart(.scatter(points: points, classNames: ["a", "b"]))
  /// chart.equalAxes = true
  /// ```
  public var equalAxes: Bool
  /// Sentences of small text the page shows with the chart, saying what
  /// was left out of it: LessonKit caps every chart before recording it
  /// (see `OutputLimits`) and notes each cut here, e.g. "“loss” is
  /// downsampled from 10,000,000 to 2,000 points."
  ///
  /// ```swift
  /// var chart = Chart(.scatter(points: sample, classNames: ["a", "b"]))
  /// chart.notes = ["Showing 5,000 of 1,000,000 points."]
  /// ```
  public var notes: [String]
  /// Whether the x axis is logarithmic, with ticks at powers of ten (and at
  /// 2 and 5 × 10ⁿ when the data span less than 1.5 decades): for line and
  /// scatter charts (others ignore it). Points with x ≤ 0 are not
  /// drawn, and a note counts them.
  ///
  /// ```swift
  /// var chart = Chart(.line(series: [Series(name: "loss", points: points)], logY: false))
  /// chart.logX = true
  /// ```
  public var logX: Bool
  /// Reference lines and labelled points drawn over the data of a line or
  /// scatter chart (others ignore them), in order.
  ///
  /// ```swift
  /// var chart = Chart(.line(series: [Series(name: "validation", points: points)], logY: false))
  /// chart.marks = [.vertical(x: 40, label: "best epoch"), .point(x: 40, y: 0.31, label: "0.31")]
  /// ```
  public var marks: [Mark]

  /// Creates a chart.
  ///
  /// ```swift
  /// let chart = Chart(.scatter(points: points, classNames: ["a", "b"]), title: "Blobs", equalAxes: true)
  /// ```
  public init(
    _ kind: Kind, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, equalAxes: Bool = false
  ) {
    self.kind = kind
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.equalAxes = equalAxes
    notes = []
    logX = false
    marks = []
  }

  private enum CodingKeys: String, CodingKey {
    case kind, title, xLabel, yLabel, equalAxes, notes, logX, marks
  }

  /// Decodes a chart; data written before `equalAxes`, `notes`, `logX` or
  /// `marks` existed decodes with `equalAxes == false`, no notes, a linear
  /// x axis and no marks.
  ///
  /// ```swift
  /// let chart = try JSONDecoder().decode(Chart.self, from: data)
  /// ```
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    kind = try container.decode(Kind.self, forKey: .kind)
    title = try container.decodeIfPresent(String.self, forKey: .title)
    xLabel = try container.decodeIfPresent(String.self, forKey: .xLabel)
    yLabel = try container.decodeIfPresent(String.self, forKey: .yLabel)
    equalAxes = try container.decodeIfPresent(Bool.self, forKey: .equalAxes) ?? false
    notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
    logX = try container.decodeIfPresent(Bool.self, forKey: .logX) ?? false
    marks = try container.decodeIfPresent([Mark].self, forKey: .marks) ?? []
  }

  /// Encodes a chart; `logX` and `marks` only when they are set, so a chart
  /// without them encodes as it did before they existed.
  ///
  /// ```swift
  /// let data = try JSONEncoder().encode(chart)
  /// ```
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(kind, forKey: .kind)
    try container.encodeIfPresent(title, forKey: .title)
    try container.encodeIfPresent(xLabel, forKey: .xLabel)
    try container.encodeIfPresent(yLabel, forKey: .yLabel)
    try container.encode(equalAxes, forKey: .equalAxes)
    try container.encode(notes, forKey: .notes)
    if logX { try container.encode(logX, forKey: .logX) }
    if !marks.isEmpty { try container.encode(marks, forKey: .marks) }
  }

  /// The kinds of chart and their data.
  public enum Kind: Codable, Equatable, Sendable {
    /// Lines through (x, y) points, one per series; `logY` draws y on a
    /// log scale.
    case line(series: [Series], logY: Bool)
    /// Histograms drawn over each other (or one).
    case histogram(series: [HistogramSeries])
    /// A grid of small histograms: `cells[row][column]`, with row and column
    /// labels (e.g. initialization × layer).
    case histogramGrid(rows: [String], columns: [String], cells: [[HistogramSeries]])
    /// Bars per category, one group per series; `logY` draws y on a log
    /// scale (bars rise from the bottom of the axis; values ≤ 0 are left
    /// out and counted).
    case bar(categories: [String], series: [BarSeries], logY: Bool = false)
    /// Points coloured by class, or by value along `colorScale` when it is
    /// set (each point's `value`); `lines` are drawn over the points (a
    /// true line and fitted ones), and `logY` draws y on a log scale.
    case scatter(
      points: [ScatterPoint], classNames: [String], lines: [Series] = [], colorScale: ColorScale? = nil,
      logY: Bool = false)
    /// A grid of class predictions (a decision boundary) or values, with
    /// optional points on top.
    case heatmap(Grid, points: [ScatterPoint], classNames: [String])
    /// Contour lines of a scalar field (a 2-D loss surface), with an
    /// optional path (an optimizer's trajectory) on top.
    case contour(Grid, levels: [Double], path: [Point])
    /// Values on a grid of labelled cells, `values[row][column]`, the first
    /// row on top (a hyperparameter grid): each cell coloured along
    /// `colorScale`, with its value written in it when `showValues`.
    case valueGrid(
      rows: [String], columns: [String], values: [[Double]], colorScale: ColorScale = ColorScale(), showValues: Bool = true)
    /// The same experiment for several values of a parameter: one chart per
    /// variant, switched by tabs on the page. With `axes: .shared` (the
    /// default) charts of one kind are drawn over the same ranges, so
    /// switching tabs compares values, not rescaled shapes.
    case variants(parameter: String, labels: [String], charts: [Chart], axes: VariantAxes = .shared)
    /// The frames of a process (every epoch of a training run, say): one
    /// chart per frame, shown one at a time under a slider with a play
    /// button, labelled by `labels` ("parameter = label"). With
    /// `axes: .shared` (the default) frames of one kind are drawn over the
    /// same ranges, so stepping through them shows the data move, not the
    /// axes.
    ///
    /// ```swift
    /// let kind = Chart.Kind.slider(parameter: "epoch", labels: ["1", "2"], charts: [first, second])
    /// ```
    case slider(parameter: String, labels: [String], charts: [Chart], axes: VariantAxes = .shared)
    /// A layer graph: `layers[k]` units in column k (the input first, the
    /// output last), every unit joined to every unit of the next column,
    /// and the units of a dropout mask crossed out, their edges removed.
    /// `dropped[k][i]` says whether unit i of layer k is dropped; a layer
    /// with fewer entries (or none) keeps the units they do not cover.
    ///
    /// ```swift
    /// let kind = Chart.Kind.network(layers: [2, 4, 3], dropped: [[], [false, true, false, true], []])
    /// ```
    case network(layers: [Int], dropped: [[Bool]])
  }
}

/// How the charts of a variant figure scale their axes.
///
/// ```swift
/// let kind = Chart.Kind.variants(parameter: "p", labels: ["0", "0.9"], charts: charts, axes: .free)
/// ```
public enum VariantAxes: String, Codable, Equatable, Sendable {
  /// Every chart spans the ranges of all of them (of the charts of the
  /// first one's kind), so a run that fails looks like one.
  case shared
  /// Each chart spans its own data, for figures whose point is how the
  /// range itself changes.
  case free
}

extension Chart.Kind {
  /// The coded form of a kind: the same cases, with the fields added later
  /// optional, so data written by an older runtime still decodes.
  private enum Coded: Codable {
    case line(series: [Series], logY: Bool)
    case histogram(series: [HistogramSeries])
    case histogramGrid(rows: [String], columns: [String], cells: [[HistogramSeries]])
    case bar(categories: [String], series: [BarSeries], logY: Bool?)
    case scatter(
      points: [ScatterPoint], classNames: [String], lines: [Series]?, colorScale: ColorScale?, logY: Bool?)
    case heatmap(Grid, points: [ScatterPoint], classNames: [String])
    case contour(Grid, levels: [Double], path: [Point])
    case valueGrid(rows: [String], columns: [String], values: [[Double]], colorScale: ColorScale, showValues: Bool)
    case variants(parameter: String, labels: [String], charts: [Chart], axes: VariantAxes?)
    case slider(parameter: String, labels: [String], charts: [Chart], axes: VariantAxes?)
    case network(layers: [Int], dropped: [[Bool]]?)
  }

  /// Decodes a kind; a bar chart written before `logY` existed decodes
  /// with `logY == false`, a scatter plot written before `lines`,
  /// `colorScale` and `logY` existed with no lines, colours by class and
  /// a linear y axis, variants written before `axes` existed with shared
  /// axes. Sliders and networks decode alike (shared axes, nothing
  /// dropped) when those fields are missing.
  ///
  /// ```swift
  /// let kind = try JSONDecoder().decode(Chart.Kind.self, from: data)
  /// ```
  public init(from decoder: any Decoder) throws {
    switch try Coded(from: decoder) {
    case .line(let series, let logY): self = .line(series: series, logY: logY)
    case .histogram(let series): self = .histogram(series: series)
    case .histogramGrid(let rows, let columns, let cells): self = .histogramGrid(rows: rows, columns: columns, cells: cells)
    case .bar(let categories, let series, let logY): self = .bar(categories: categories, series: series, logY: logY ?? false)
    case .scatter(let points, let classNames, let lines, let colorScale, let logY):
      self = .scatter(points: points, classNames: classNames, lines: lines ?? [], colorScale: colorScale, logY: logY ?? false)
    case .heatmap(let grid, let points, let classNames): self = .heatmap(grid, points: points, classNames: classNames)
    case .contour(let grid, let levels, let path): self = .contour(grid, levels: levels, path: path)
    case .valueGrid(let rows, let columns, let values, let colorScale, let showValues):
      self = .valueGrid(rows: rows, columns: columns, values: values, colorScale: colorScale, showValues: showValues)
    case .variants(let parameter, let labels, let charts, let axes):
      self = .variants(parameter: parameter, labels: labels, charts: charts, axes: axes ?? .shared)
    case .slider(let parameter, let labels, let charts, let axes):
      self = .slider(parameter: parameter, labels: labels, charts: charts, axes: axes ?? .shared)
    case .network(let layers, let dropped): self = .network(layers: layers, dropped: dropped ?? [])
    }
  }

  /// Encodes a kind in the same form as the synthesized coding would.
  ///
  /// ```swift
  /// let data = try JSONEncoder().encode(Chart.Kind.bar(categories: ["a"], series: [], logY: true))
  /// ```
  public func encode(to encoder: any Encoder) throws {
    let coded: Coded
    switch self {
    case .line(let series, let logY): coded = .line(series: series, logY: logY)
    case .histogram(let series): coded = .histogram(series: series)
    case .histogramGrid(let rows, let columns, let cells): coded = .histogramGrid(rows: rows, columns: columns, cells: cells)
    case .bar(let categories, let series, let logY): coded = .bar(categories: categories, series: series, logY: logY)
    case .scatter(let points, let classNames, let lines, let colorScale, let logY):
      coded = .scatter(
        points: points, classNames: classNames, lines: lines.isEmpty ? nil : lines, colorScale: colorScale,
        logY: logY ? true : nil)
    case .heatmap(let grid, let points, let classNames): coded = .heatmap(grid, points: points, classNames: classNames)
    case .contour(let grid, let levels, let path): coded = .contour(grid, levels: levels, path: path)
    case .valueGrid(let rows, let columns, let values, let colorScale, let showValues):
      coded = .valueGrid(rows: rows, columns: columns, values: values, colorScale: colorScale, showValues: showValues)
    case .variants(let parameter, let labels, let charts, let axes):
      coded = .variants(parameter: parameter, labels: labels, charts: charts, axes: axes)
    case .slider(let parameter, let labels, let charts, let axes):
      coded = .slider(parameter: parameter, labels: labels, charts: charts, axes: axes)
    case .network(let layers, let dropped): coded = .network(layers: layers, dropped: dropped)
    }
    try coded.encode(to: encoder)
  }
}

/// A point in the plane.
public struct Point: Codable, Equatable, Sendable {
  /// The horizontal coordinate.
  public var x: Double
  /// The vertical coordinate.
  public var y: Double
  /// Creates a point.
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// A named sequence of points for a line chart.
public struct Series: Codable, Equatable, Sendable {
  /// The legend entry.
  public var name: String
  /// The points, in drawing order.
  public var points: [Point]
  /// The whole series' counts when `points` is a downsampled part of it,
  /// `nil` when `points` is the whole series. LessonKit downsamples long
  /// series before recording them; it keeps the first point of every run of
  /// values a chart cannot draw, so the page still breaks the line there,
  /// and these counts let it say how many values the whole series left out.
  ///
  /// ```swift
  /// let series = Series(name: "loss", points: kept,
  ///                     downsampledFrom: SeriesCounts(points: 10_000_000, nonFinite: 12, nonPositive: 0))
  /// ```
  public var downsampledFrom: SeriesCounts?

  /// Creates a series.
  ///
  /// ```swift
  /// let series = Series(name: "loss", points: [Point(x: 0, y: 2.3), Point(x: 1, y: 1.1)])
  /// ```
  public init(name: String, points: [Point], downsampledFrom: SeriesCounts? = nil) {
    self.name = name
    self.points = points
    self.downsampledFrom = downsampledFrom
  }
}

/// How many points a whole line series had, and how many of them a chart
/// cannot draw: see ``Series/downsampledFrom``.
///
/// ```swift
/// let counts = SeriesCounts(points: 10_000_000, nonFinite: 12, nonPositive: 0)
/// ```
public struct SeriesCounts: Codable, Equatable, Sendable {
  /// The number of points.
  ///
  /// ```swift
  /// let total = series.downsampledFrom?.points ?? series.points.count
  /// ```
  public var points: Int
  /// The points with a NaN or infinite coordinate.
  ///
  /// ```swift
  /// let diverged = (series.downsampledFrom?.nonFinite ?? 0) > 0
  /// ```
  public var nonFinite: Int
  /// The finite points a log axis leaves out: those with y ≤ 0 on a log y
  /// axis, or x ≤ 0 on a log x axis; with linear axes, those with y ≤ 0.
  ///
  /// ```swift
  /// let leftOutOnLogScale = series.downsampledFrom?.nonPositive ?? 0
  /// ```
  public var nonPositive: Int

  /// Creates the counts of a series.
  ///
  /// ```swift
  /// let counts = SeriesCounts(points: 10_000_000, nonFinite: 12, nonPositive: 0)
  /// ```
  public init(points: Int, nonFinite: Int, nonPositive: Int) {
    self.points = points
    self.nonFinite = nonFinite
    self.nonPositive = nonPositive
  }
}

/// Bin counts over equal-width bins from `lowerBound` to `upperBound`,
/// and how many values fell outside those bins.
public struct HistogramSeries: Codable, Equatable, Sendable {
  /// The legend entry or cell label.
  public var name: String
  /// The lower edge of the first bin.
  public var lowerBound: Double
  /// The upper edge of the last bin.
  public var upperBound: Double
  /// The count in each bin.
  public var counts: [Int]
  /// How many values lay outside `lowerBound…upperBound` (below or above,
  /// infinities included): they are in no bin, and the chart says how many.
  ///
  /// ```swift
  /// let series = HistogramSeries(name: "w", lowerBound: -4, upperBound: 4, counts: counts, outside: 12)
  /// ```
  public var outside: Int
  /// How many values were NaN: they are in no bin, and the chart says how
  /// many.
  ///
  /// ```swift
  /// let series = HistogramSeries(name: "w", lowerBound: -4, upperBound: 4, counts: counts, notANumber: 3)
  /// ```
  public var notANumber: Int

  /// Creates a histogram series.
  ///
  /// ```swift
  /// let series = HistogramSeries(name: "w", lowerBound: 0, upperBound: 3, counts: [1, 2, 4])
  /// ```
  public init(
    name: String, lowerBound: Double, upperBound: Double, counts: [Int], outside: Int = 0, notANumber: Int = 0
  ) {
    self.name = name
    self.lowerBound = lowerBound
    self.upperBound = upperBound
    self.counts = counts
    self.outside = outside
    self.notANumber = notANumber
  }

  private enum CodingKeys: String, CodingKey {
    case name, lowerBound, upperBound, counts, outside, notANumber
  }

  /// Decodes a series; data written before `outside` or `notANumber`
  /// existed decodes with zero for them.
  ///
  /// ```swift
  /// let series = try JSONDecoder().decode(HistogramSeries.self, from: data)
  /// ```
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    lowerBound = try container.decode(Double.self, forKey: .lowerBound)
    upperBound = try container.decode(Double.self, forKey: .upperBound)
    counts = try container.decode([Int].self, forKey: .counts)
    outside = try container.decodeIfPresent(Int.self, forKey: .outside) ?? 0
    notANumber = try container.decodeIfPresent(Int.self, forKey: .notANumber) ?? 0
  }
}

/// One bar per category.
public struct BarSeries: Codable, Equatable, Sendable {
  /// The legend entry.
  public var name: String
  /// One value per category.
  public var values: [Double]
  /// Creates a bar series.
  public init(name: String, values: [Double]) {
    self.name = name
    self.values = values
  }
}

/// A point with a class, or a value, for scatter plots.
public struct ScatterPoint: Codable, Equatable, Sendable {
  /// The horizontal coordinate.
  public var x: Double
  /// The vertical coordinate.
  public var y: Double
  /// The class index (colour).
  public var label: Int
  /// The value that colours the point in a scatter plot with a colour
  /// scale (e.g. the validation accuracy at a sampled learning rate and
  /// regularization strength); nil in one coloured by class. Data written
  /// before it existed decodes with nil.
  ///
  /// ```swift
  /// let point = ScatterPoint(x: 0.01, y: 1e-4, value: 0.87)
  /// ```
  public var value: Double?
  /// Creates a point of class `label`, or coloured by `value`.
  ///
  /// ```swift
  /// let point = ScatterPoint(x: 1.5, y: -0.2, label: 1)
  /// ```
  public init(x: Double, y: Double, label: Int = 0, value: Double? = nil) {
    self.x = x
    self.y = y
    self.label = label
    self.value = value
  }
}

/// How values map to colours (scatter points coloured by value, the cells
/// of a value grid): along a colour-blind-safe sequential scale (viridis,
/// dark violet for the lowest value to yellow for the highest), shown by a
/// colour bar labelled `label`.
///
/// ```swift
/// let scale = ColorScale(label: "validation accuracy", lower: 0, upper: 1)
/// ```
public struct ColorScale: Codable, Equatable, Sendable {
  /// The colour bar's title, e.g. "validation accuracy".
  public var label: String?
  /// The value of the scale's low end; the finite values' smallest when nil.
  public var lower: Double?
  /// The value of the scale's high end; the finite values' largest when nil.
  public var upper: Double?

  /// Creates a colour scale; without bounds it spans the data.
  ///
  /// ```swift
  /// let scale = ColorScale(label: "accuracy")
  /// ```
  public init(label: String? = nil, lower: Double? = nil, upper: Double? = nil) {
    self.label = label
    self.lower = lower
    self.upper = upper
  }
}

/// Something drawn over a chart's data to point at a value: a reference
/// line across the plot, or a marked, labelled point.
///
/// ```swift
/// chart.marks = [.horizontal(y: 0.5, label: "chance"), .point(x: 12, y: 0.31, label: "best epoch")]
/// ```
public enum Mark: Codable, Equatable, Sendable {
  /// A vertical line at `x` across the plot, labelled at its top.
  case vertical(x: Double, label: String?)
  /// A horizontal line at `y` across the plot, labelled at its right end.
  case horizontal(y: Double, label: String?)
  /// A ringed point at (`x`, `y`) with a short label beside it.
  case point(x: Double, y: Double, label: String?)
}

/// Values sampled on a regular grid over a rectangle, row by row from
/// `yRange.lowerBound` upwards.
public struct Grid: Codable, Equatable, Sendable {
  /// The horizontal extent.
  public var xMin: Double, xMax: Double
  /// The vertical extent.
  public var yMin: Double, yMax: Double
  /// Samples per row.
  public var columns: Int
  /// Number of rows.
  public var rows: Int
  /// `rows × columns` values, row-major, first row at `yMin`.
  public var values: [Double]
  /// Creates a grid.
  public init(xMin: Double, xMax: Double, yMin: Double, yMax: Double, columns: Int, rows: Int, values: [Double]) {
    // fatalError, not precondition: its message survives an optimized build.
    if values.count != columns * rows { fatalError("Grid needs \(columns * rows) values, got \(values.count)") }
    self.xMin = xMin
    self.xMax = xMax
    self.yMin = yMin
    self.yMax = yMax
    self.columns = columns
    self.rows = rows
    self.values = values
  }
}
