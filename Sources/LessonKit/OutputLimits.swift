/// The most that one rich output (``show(_:)``, ``table(_:)``, a chart)
/// may carry, and the most a lesson's rich outputs may add up to.
///
/// LessonKit cuts every output down to these limits before recording it, and
/// says what it cut where the reader sees it: a line in the text, a row in
/// the table, a note on the chart. A long training curve stays a faithful
/// picture (downsampling keeps its peaks, dips and gaps); a page stays small.
/// An output still too large after the cuts (say, 10,000 series) is not
/// recorded: its cell fails with a message saying how to show less.
///
/// ```swift
/// plot(["loss": history.stepLosses])   // 10 million steps: recorded as 2,000 points, with a note
/// print("tables show at most \(OutputLimits.tableRows) rows")
/// ```
public enum OutputLimits {
  /// The most bytes of text one ``show(_:)`` records (64 KiB): longer
  /// text keeps its first three quarters and its last quarter of that,
  /// joined by a line "… [N bytes omitted] …".
  ///
  /// ```swift
  /// show(String(repeating: "0123456789", count: 100_000))   // 64 KiB kept, 936,000 bytes omitted
  /// ```
  public static let textBytes = 64 << 10

  /// The most body rows one ``table(_:)`` records (1,000): a longer table
  /// keeps its first 750 rows and its last 250, with a row between them
  /// saying how many were left out.
  ///
  /// ```swift
  /// table(["step", "loss"], losses.enumerated().map { [$0, $1] })   // 300,000 rows: 1,000 shown
  /// ```
  public static let tableRows = 1_000

  /// The most columns one ``table(_:)`` records (100): further columns
  /// are replaced by one column saying how many were left out.
  ///
  /// ```swift
  /// table(names, [weights])   // 784 columns: the first 100 shown
  /// ```
  public static let tableColumns = 100

  /// The most bytes of one table cell or header (500): a longer one keeps
  /// its start and end around "… [N bytes omitted] …".
  ///
  /// ```swift
  /// table(["model"], [[String(describing: model)]])   // a long description is shortened
  /// ```
  public static let tableCellBytes = 500

  /// The most points one line series records (2,000): a longer series is
  /// downsampled with largest-triangle-three-buckets, which keeps its peaks
  /// and dips, and keeps where its values turn NaN or infinite.
  ///
  /// ```swift
  /// plot(["loss": history.stepLosses])   // 10,000,000 steps: 2,000 points
  /// ```
  public static let pointsPerSeries = 2_000

  /// The most points a scatter plot, or the data on a decision boundary,
  /// records (5,000): more are sampled evenly (every k-th point, the same
  /// ones on every run).
  ///
  /// ```swift
  /// scatter(SyntheticData.blobs(count: 1_000_000, centers: [[0, 0], [3, 3]], std: 1, seed: 1))   // 5,000 shown
  /// ```
  public static let scatterPoints = 5_000

  /// The most grid values per side of a decision boundary, heat map or
  /// contour plot (200): a finer grid is computed (or resampled) at 200 ×
  /// 200.
  ///
  /// ```swift
  /// decisionBoundary(model, data: train, resolution: 1_000)   // computed on 200 × 200
  /// ```
  public static let gridSide = 200

  /// The most contour levels (50): more are thinned evenly.
  ///
  /// ```swift
  /// show(Chart.contour(x: -2...2, y: -2...2, levels: 500) { a, b in a * a + b * b })   // 50 levels
  /// ```
  public static let contourLevels = 50

  /// The most bins per histogram (1,000): more are merged, neighbours
  /// together.
  ///
  /// ```swift
  /// histogram(["w": weights], bins: 100_000)   // 1,000 bins
  /// ```
  public static let histogramBins = 1_000

  /// The most rows, and the most columns, of a histogram grid (20 each):
  /// the first 20 are shown.
  ///
  /// ```swift
  /// show(Chart.histogramGrid(rows: seeds, columns: layers, samples: samples))   // at most 20 × 20 panels
  /// ```
  public static let histogramGridSide = 20

  /// The most categories of a bar chart (500): the first 500 are shown.
  ///
  /// ```swift
  /// bar(layerNames, ["gradient norm": norms])   // 5,000 layers: the first 500
  /// ```
  public static let barCategories = 500

  /// The most variants of one ``showVariants(_:_:axes:caption:)-(_,KeyValuePairs<String,Chart>,_,_)`` (20): the
  /// first 20 are shown.
  ///
  /// ```swift
  /// showVariants("seed", (1...50).map { ("\($0)", curve(seed: $0)) })   // the first 20 tabs
  /// ```
  public static let variants = 20

  /// The most frames of one ``showSlider(_:frames:axes:caption:)`` (60):
  /// more are thinned evenly, the first and the last kept, with a note.
  /// Every frame is in the page (its wide and narrow SVG), so a slider
  /// weighs about its number of frames times one chart.
  ///
  /// ```swift
  /// showSlider("epoch", frames: (1...200).map { ("\($0)", chart(epoch: $0)) })   // 60 frames, from 1 to 200
  /// ```
  public static let sliderFrames = 60

  /// The most units one layer of a ``CellProtocol/Chart/network(layers:dropped:title:)``
  /// may have (1,000): a larger layer is an error. The page draws the
  /// first 32 units of a layer, and says so under the diagram.
  ///
  /// ```swift
  /// network(layers: [784, 128, 10], dropped: [mask])   // the page draws 32 of the 784 inputs
  /// ```
  public static let networkUnits = 1_000

  /// The most encoded bytes of one rich output after the cuts above
  /// (2 MiB): a larger output is not recorded, and its cell fails saying
  /// how to show less (e.g. fewer series).
  ///
  /// ```swift
  /// plot((1...10_000).map { ("run \($0)", runs[$0 - 1]) })   // 10,000 series: too large, the cell fails
  /// ```
  public static let outputBytes = 2 << 20

  /// The most encoded bytes all rich outputs of one lesson may add up to
  /// (8 MiB): an output that would pass it is not recorded, and its cell
  /// fails saying how to show less.
  ///
  /// ```swift
  /// for seed in 1...1_000 { scatter(data(seed: seed)) }   // fails once the lesson's outputs pass 8 MiB
  /// ```
  public static let lessonBytes = 8 << 20
}
