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

  /// Creates a chart.
  public init(_ kind: Kind, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
    self.kind = kind
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
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
    /// Bars per category, one group per series.
    case bar(categories: [String], series: [BarSeries])
    /// Points coloured by class.
    case scatter(points: [ScatterPoint], classNames: [String])
    /// A grid of class predictions (a decision boundary) or values, with
    /// optional points on top.
    case heatmap(Grid, points: [ScatterPoint], classNames: [String])
    /// Contour lines of a scalar field (a 2-D loss surface), with an
    /// optional path (an optimizer's trajectory) on top.
    case contour(Grid, levels: [Double], path: [Point])
    /// The same experiment for several values of a parameter: one chart per
    /// variant, switched by tabs on the page.
    case variants(parameter: String, labels: [String], charts: [Chart])
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
  /// Creates a series.
  public init(name: String, points: [Point]) {
    self.name = name
    self.points = points
  }
}

/// Bin counts over equal-width bins from `lowerBound` to `upperBound`.
public struct HistogramSeries: Codable, Equatable, Sendable {
  /// The legend entry or cell label.
  public var name: String
  /// The lower edge of the first bin.
  public var lowerBound: Double
  /// The upper edge of the last bin.
  public var upperBound: Double
  /// The count in each bin.
  public var counts: [Int]
  /// Creates a histogram series.
  public init(name: String, lowerBound: Double, upperBound: Double, counts: [Int]) {
    self.name = name
    self.lowerBound = lowerBound
    self.upperBound = upperBound
    self.counts = counts
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

/// A point with a class, for scatter plots.
public struct ScatterPoint: Codable, Equatable, Sendable {
  /// The horizontal coordinate.
  public var x: Double
  /// The vertical coordinate.
  public var y: Double
  /// The class index (colour).
  public var label: Int
  /// Creates a point.
  public init(x: Double, y: Double, label: Int) {
    self.x = x
    self.y = y
    self.label = label
  }
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
    precondition(values.count == columns * rows, "Grid needs \(columns * rows) values, got \(values.count)")
    self.xMin = xMin
    self.xMax = xMax
    self.yMin = yMin
    self.yMax = yMax
    self.columns = columns
    self.rows = rows
    self.values = values
  }
}
