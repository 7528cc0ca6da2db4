import CellProtocol
import Foundation

// Cutting rich outputs down to `OutputLimits` before they are recorded. The
// chart factories cut as they build (a 10-million-point series never becomes
// 10 million `Point`s); `Chart.capped()` cuts whatever else reaches `show`,
// and is a no-op on what is already within the limits. Every cut leaves a
// note the page shows.

/// `text`, or at most `limit` bytes of it: its first three quarters and last
/// quarter of `limit`, joined by "… [N bytes omitted] …" on a line of its
/// own (cut between Unicode scalars).
func cappedText(_ text: String, limit: Int = OutputLimits.textBytes, separator: String = "\n") -> String {
  let utf8 = text.utf8
  guard utf8.count > limit else { return text }
  let headEnd = scalarBoundary(in: text, at: limit * 3 / 4, roundingUp: false)
  let tailStart = scalarBoundary(in: text, at: utf8.count - limit / 4, roundingUp: true)
  let omitted = utf8.distance(from: headEnd, to: tailStart)
  return String(text[..<headEnd]) + separator + "… [\(groupedDigits(omitted)) bytes omitted] …" + separator
    + String(text[tailStart...])
}

/// The Unicode scalar boundary nearest UTF-8 offset `offset` on one side,
/// so a multi-byte character is never cut in half and the bytes kept stay
/// within the limit.
private func scalarBoundary(in text: String, at offset: Int, roundingUp: Bool) -> String.Index {
  let utf8 = text.utf8
  var index = utf8.index(utf8.startIndex, offsetBy: offset)
  while index > utf8.startIndex && index < utf8.endIndex && utf8[index] & 0xC0 == 0x80 {
    index = roundingUp ? utf8.index(after: index) : utf8.index(before: index)
  }
  return index
}

/// A table within `OutputLimits`: the first three quarters and the last
/// quarter of `tableRows` rows around a row saying how many were left out,
/// at most `tableColumns` columns (then one saying how many more), every
/// cell at most `tableCellBytes`.
func cappedTable(_ columns: [String], _ rows: [[String]]) -> DisplayItem {
  let limit = OutputLimits.tableRows
  let width = min(columns.count, OutputLimits.tableColumns)
  let moreColumns = columns.count - width
  let cell = { (text: String) in cappedText(text, limit: OutputLimits.tableCellBytes, separator: " ") }
  let formatRow = { (row: [String]) -> [String] in
    row.prefix(width).map(cell) + (moreColumns > 0 ? ["…"] : [])
  }
  var header = columns.prefix(width).map(cell)
  if moreColumns > 0 { header.append("… \(groupedDigits(moreColumns)) more columns") }
  guard rows.count > limit else { return .table(columns: header, rows: rows.map(formatRow)) }
  let head = limit * 3 / 4, tail = limit - head
  let marker = ["… showing \(groupedDigits(limit)) of \(groupedDigits(rows.count)) rows: "
    + "\(groupedDigits(rows.count - limit)) omitted …"] + Array(repeating: "", count: max(header.count - 1, 0))
  return .table(
    columns: header, rows: rows[..<head].map(formatRow) + [marker] + rows[(rows.count - tail)...].map(formatRow))
}

/// A line series of `count` points, read through `point`, with at most
/// `limit` points, and a note when it was downsampled.
///
/// A longer series is split into runs of drawable points (finite, and
/// positive on a log axis: y with `logY`, x with `logX`) and runs of the
/// rest; each drawable run is
/// downsampled with LTTB to its share of `limit`, and each other run keeps
/// its first point, so the page still breaks the line and marks the first
/// NaN where they were. A series so fragmented that its runs alone would
/// take half the points is sampled evenly instead, keeping the first point
/// of each kind it cannot draw.
func cappedSeries(
  _ name: String, count: Int, logY: Bool, logX: Bool = false, limit: Int = OutputLimits.pointsPerSeries,
  point: (Int) -> Point
) -> (series: Series, note: String?) {
  guard count > limit else { return (Series(name: name, points: (0..<count).map(point)), nil) }
  var runs = [(kind: PointKind, range: Range<Int>)]()
  var firsts = [PointKind: Int]()
  var nonFinite = 0, nonPositive = 0, runStart = 0
  var runKind = PointKind(point(0), logY: logY, logX: logX)
  for index in 0..<count {
    let p = point(index)
    let kind = PointKind(p, logY: logY, logX: logX)
    // With log axes, the points they leave out; else those with y ≤ 0 (see
    // `SeriesCounts.nonPositive`).
    if !(p.x.isFinite && p.y.isFinite) {
      nonFinite += 1
    } else if logY || logX ? kind == .nonPositive : p.y <= 0 {
      nonPositive += 1
    }
    if kind != .drawable && firsts[kind] == nil { firsts[kind] = index }
    if kind != runKind {
      if runs.count <= limit { runs.append((runKind, runStart..<index)) }
      runStart = index
      runKind = kind
    }
  }
  runs.append((runKind, runStart..<count))
  let drawableRuns = runs.filter { $0.kind == .drawable }
  let drawable = drawableRuns.reduce(0) { $0 + $1.range.count }
  let spare = limit - (runs.count - drawableRuns.count) - 3 * drawableRuns.count
  var indices = [Int]()
  if runs.count <= limit && spare >= limit / 2 {
    for run in runs {
      if run.kind == .drawable {
        indices += LTTB.indices(in: run.range, to: 3 + spare * run.range.count / drawable, point: point)
      } else {
        indices.append(run.range.lowerBound)
      }
    }
  } else {
    let evenly = limit - firsts.count
    indices = Array(Set((0..<evenly).map { $0 * count / evenly }).union(firsts.values)).sorted()
  }
  let series = Series(
    name: name, points: indices.map(point),
    downsampledFrom: SeriesCounts(points: count, nonFinite: nonFinite, nonPositive: nonPositive))
  return (series, "“\(name)” is downsampled from \(groupedDigits(count)) to \(groupedDigits(indices.count)) points.")
}

/// What a line chart can do with a point.
private enum PointKind: Hashable {
  case drawable, notANumber, positiveInfinity, negativeInfinity, nonPositive

  init(_ point: Point, logY: Bool, logX: Bool = false) {
    let value = point.y.isFinite ? point.x : point.y
    if value.isNaN {
      self = .notANumber
    } else if value.isInfinite {
      self = value > 0 ? .positiveInfinity : .negativeInfinity
    } else {
      self = (logY && point.y <= 0) || (logX && point.x <= 0) ? .nonPositive : .drawable
    }
  }
}

/// At most `limit` of the indices `0..<count` whose point is finite,
/// sampled evenly (every k-th, the same on every run), and a note when
/// some were left out: "Showing 5,000 of 1,000,000 points, sampled evenly.".
/// A sample says how many of all the points were not finite: they are left
/// out of it.
func sampledIndices(
  count: Int, limit: Int = OutputLimits.scatterPoints, noun: String = "points", isFinite: (Int) -> Bool
) -> (indices: [Int], note: String?) {
  guard count > limit else { return (Array(0..<count), nil) }
  let nonFinite = (0..<count).reduce(0) { $0 + (isFinite($1) ? 0 : 1) }
  let indices = (0..<limit).map { $0 * count / limit }.filter(isFinite)
  var note = "Showing \(groupedDigits(indices.count)) of \(groupedDigits(count)) \(noun), sampled evenly"
  if nonFinite > 0 {
    note += nonFinite == 1 ? "; the 1 that is not finite is left out" : "; the \(groupedDigits(nonFinite)) that are not finite are left out"
  }
  return (indices, note + ".")
}

/// `points` sampled to `OutputLimits.scatterPoints`, and a note when some
/// were left out.
func sampledPoints(_ points: [ScatterPoint], noun: String = "points") -> (points: [ScatterPoint], note: String?) {
  let (indices, note) = sampledIndices(count: points.count, noun: noun) { points[$0].x.isFinite && points[$0].y.isFinite }
  return (note == nil ? points : indices.map { points[$0] }, note)
}

/// The note on a grid computed or resampled at a lower resolution.
func gridNote(from columns: Int, _ rows: Int, to newColumns: Int, _ newRows: Int) -> String {
  "The grid is reduced from \(groupedDigits(columns)) × \(groupedDigits(rows)) to \(newColumns) × \(newRows) values."
}

/// `grid` with at most `OutputLimits.gridSide` values per side, sampling
/// the nearest value: at cell centres for a heat map (`atNodes == false`),
/// keeping the edge nodes for a contour plot.
func cappedGrid(_ grid: Grid, atNodes: Bool) -> (grid: Grid, note: String?) {
  let side = OutputLimits.gridSide
  guard grid.columns > side || grid.rows > side, grid.values.count == grid.columns * grid.rows else { return (grid, nil) }
  let columns = min(grid.columns, side), rows = min(grid.rows, side)
  let source = { (index: Int, count: Int, total: Int) -> Int in
    guard count < total else { return index }
    return atNodes
      ? Int((Double(index * (total - 1)) / Double(max(count - 1, 1))).rounded())
      : (2 * index + 1) * total / (2 * count)
  }
  var values = [Double]()
  values.reserveCapacity(columns * rows)
  for row in 0..<rows {
    let sourceRow = source(row, rows, grid.rows)
    for column in 0..<columns {
      values.append(grid.values[sourceRow * grid.columns + source(column, columns, grid.columns)])
    }
  }
  let capped = Grid(
    xMin: grid.xMin, xMax: grid.xMax, yMin: grid.yMin, yMax: grid.yMax, columns: columns, rows: rows, values: values)
  return (capped, gridNote(from: grid.columns, grid.rows, to: columns, rows))
}

/// At most `OutputLimits.contourLevels` of `levels`, evenly thinned, and a
/// note when some were left out.
func cappedLevels(_ levels: [Double]) -> (levels: [Double], note: String?) {
  let limit = OutputLimits.contourLevels
  guard levels.count > limit else { return (levels, nil) }
  let kept = (0..<limit).map { levels[$0 * levels.count / limit] }
  return (kept, "Showing \(limit) of \(groupedDigits(levels.count)) contour levels.")
}

/// `histogram` with at most `OutputLimits.histogramBins` bins, neighbours
/// merged k at a time (the range grows to a whole number of merged bins;
/// the added part is empty), and a note when it was merged.
func cappedBins(_ histogram: HistogramSeries) -> (histogram: HistogramSeries, note: String?) {
  let limit = OutputLimits.histogramBins, count = histogram.counts.count
  guard count > limit else { return (histogram, nil) }
  let group = (count + limit - 1) / limit
  var merged = histogram
  merged.counts = stride(from: 0, to: count, by: group).map { histogram.counts[$0..<min($0 + group, count)].reduce(0, +) }
  let width = (histogram.upperBound - histogram.lowerBound) / Double(count)
  merged.upperBound = histogram.lowerBound + Double(merged.counts.count * group) * width
  return (merged, "The \(groupedDigits(count)) bins of “\(histogram.name)” are merged into \(merged.counts.count).")
}

/// The note on a histogram computed with fewer bins than asked for.
func binsNote(asked: Int) -> String {
  "\(groupedDigits(asked)) bins were asked for; \(groupedDigits(OutputLimits.histogramBins)) are drawn."
}

/// The note on a grid of histograms showing only its first rows or columns.
func panelsNote(rows: Int, columns: Int) -> String? {
  let side = OutputLimits.histogramGridSide
  guard rows > side || columns > side else { return nil }
  return "Showing \(min(rows, side)) of \(groupedDigits(rows)) rows and \(min(columns, side)) of \(groupedDigits(columns)) columns of panels."
}

extension Chart {
  /// The chart within `OutputLimits`, with a note for each cut; the chart
  /// itself when it is within them.
  func capped() -> Chart {
    var chart = self
    var notes = [String]()
    func noting<T>(_ result: (T, String?)) -> T {
      if let note = result.1 { notes.append(note) }
      return result.0
    }
    switch kind {
    case .line(let series, let logY):
      chart.kind = .line(series: series.map { noting(cappedLine($0, logY: logY, logX: logX)) }, logY: logY)
    case .histogram(let series):
      chart.kind = .histogram(series: series.map { noting(cappedBins($0)) })
    case .histogramGrid(let rows, let columns, let cells):
      let side = OutputLimits.histogramGridSide
      if let note = panelsNote(rows: rows.count, columns: columns.count) { notes.append(note) }
      chart.kind = .histogramGrid(
        rows: Array(rows.prefix(side)), columns: Array(columns.prefix(side)),
        cells: cells.prefix(side).map { $0.prefix(side).map { noting(cappedBins($0)) } })
    case .bar(let categories, let series, let logY):
      let limit = OutputLimits.barCategories
      guard categories.count > limit else { break }
      notes.append("Showing the first \(limit) of \(groupedDigits(categories.count)) categories.")
      chart.kind = .bar(
        categories: Array(categories.prefix(limit)),
        series: series.map { BarSeries(name: $0.name, values: Array($0.values.prefix(limit))) }, logY: logY)
    case .scatter(let points, let classNames, let lines, let colorScale, let logY):
      chart.kind = .scatter(
        points: noting(sampledPoints(points)), classNames: classNames,
        lines: lines.map { noting(cappedLine($0, logY: logY, logX: logX)) }, colorScale: colorScale, logY: logY)
    case .heatmap(let grid, let points, let classNames):
      chart.kind = .heatmap(
        noting(cappedGrid(grid, atNodes: false)), points: noting(sampledPoints(points, noun: "data points")),
        classNames: classNames)
    case .contour(let grid, let levels, let path):
      chart.kind = .contour(
        noting(cappedGrid(grid, atNodes: true)), levels: noting(cappedLevels(levels)), path: cappedPath(path, &notes))
    case .valueGrid(let rows, let columns, let values, let colorScale, let showValues):
      let side = OutputLimits.gridSide
      guard rows.count > side || columns.count > side else { break }
      notes.append(
        "Showing \(min(rows.count, side)) of \(groupedDigits(rows.count)) rows and \(min(columns.count, side)) of "
          + "\(groupedDigits(columns.count)) columns.")
      chart.kind = .valueGrid(
        rows: Array(rows.prefix(side)), columns: Array(columns.prefix(side)),
        values: values.prefix(side).map { Array($0.prefix(side)) }, colorScale: colorScale, showValues: showValues)
    case .variants(let parameter, let labels, let charts, let axes):
      let limit = OutputLimits.variants
      if charts.count > limit { notes.append("Showing the first \(limit) of \(groupedDigits(charts.count)) variants.") }
      chart.kind = .variants(
        parameter: parameter, labels: Array(labels.prefix(limit)), charts: charts.prefix(limit).map { $0.capped() },
        axes: axes)
    case .slider(let parameter, let labels, let charts, let axes):
      let kept = thinnedFrames(charts.count)
      if kept.count < charts.count {
        notes.append(
          "Showing \(kept.count) of \(groupedDigits(charts.count)) frames, evenly spaced from the first to the last.")
      }
      chart.kind = .slider(
        parameter: parameter, labels: kept.map { $0 < labels.count ? labels[$0] : "\($0 + 1)" },
        charts: kept.map { charts[$0].capped() }, axes: axes)
    case .network: break
    }
    chart.notes += notes
    return chart
  }
}

/// The positions of the frames a slider of `count` frames keeps: all of
/// them, or `limit` evenly spaced ones from the first to the last.
func thinnedFrames(_ count: Int, limit: Int = OutputLimits.sliderFrames) -> [Int] {
  guard count > limit else { return Array(0..<count) }
  return (0..<limit).map { Int((Double($0 * (count - 1)) / Double(limit - 1)).rounded()) }
}

/// `series` downsampled to `OutputLimits.pointsPerSeries` when it is
/// longer, with a note.
private func cappedLine(_ series: Series, logY: Bool, logX: Bool) -> (Series, String?) {
  guard series.points.count > OutputLimits.pointsPerSeries else { return (series, nil) }
  return cappedSeries(series.name, count: series.points.count, logY: logY, logX: logX) { series.points[$0] }
}

/// An optimizer's path downsampled like a line series, noting how many of
/// its points were not finite (the page counts only those it receives).
private func cappedPath(_ path: [Point], _ notes: inout [String]) -> [Point] {
  guard path.count > OutputLimits.pointsPerSeries else { return path }
  let (series, _) = cappedSeries("path", count: path.count, logY: false) { path[$0] }
  if let counts = series.downsampledFrom {
    let nonFinite = counts.nonFinite == 1 ? "; 1 of them is not finite" : "; \(groupedDigits(counts.nonFinite)) of them are not finite"
    notes.append(
      "The path is downsampled from \(groupedDigits(path.count)) to \(groupedDigits(series.points.count)) points"
        + (counts.nonFinite > 0 ? nonFinite : "") + ".")
  }
  return series.points
}

/// The bytes of a rich output for messages: "3.1 MiB", "812 KiB", "96 bytes".
func byteSize(_ bytes: Int) -> String {
  if bytes >= 1 << 20 {
    let mebibytes = String(format: "%.1f", Double(bytes) / Double(1 << 20))
    return (mebibytes.hasSuffix(".0") ? String(mebibytes.dropLast(2)) : mebibytes) + " MiB"
  }
  return bytes >= 1 << 10 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
}

/// What a lesson's rich outputs have used of `OutputLimits.lessonBytes`,
/// and the verdict on each new one.
struct OutputBudget {
  /// The encoded bytes recorded so far.
  private(set) var used = 0

  /// Counts an output of `bytes` encoded bytes and returns nil, or returns
  /// why it cannot be recorded (then nothing is counted); `advice` says
  /// how to show less ("show less data, e.g. fewer series").
  mutating func admit(_ bytes: Int, advice: String) -> String? {
    if bytes > OutputLimits.outputBytes {
      return "this output (\(byteSize(bytes))) is larger than the \(byteSize(OutputLimits.outputBytes)) allowed "
        + "for one rich output; \(advice)"
    }
    if used + bytes > OutputLimits.lessonBytes {
      return "this output (\(byteSize(bytes))) would pass the lesson's \(byteSize(OutputLimits.lessonBytes)) budget "
        + "for rich outputs (\(byteSize(used)) used so far); \(advice)"
    }
    used += bytes
    return nil
  }
}

extension DisplayItem {
  /// How to make this kind of output smaller, for a rejection message.
  var advice: String {
    switch self {
    case .text: return "show less, e.g. a summary of the value instead of all of it"
    case .table: return "show less data, e.g. fewer columns, shorter cells or fewer tables"
    case .chart: return "show less data, e.g. fewer series, variants or charts, or a coarser grid"
    }
  }
}
