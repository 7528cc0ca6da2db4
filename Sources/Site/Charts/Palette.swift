import CellProtocol

/// The colour classes: eight series colours, reused in turn.
///
/// On a lesson page a series keeps its colour from figure to figure: the
/// page assigns each series name a colour slot in order of first appearance
/// (``slots(for:)``), and a chart uses those slots when its series all have
/// different ones, else its series' positions.
enum Palette {
  /// The number of distinct colours the stylesheet defines.
  static let size = 8

  /// The colour slot of each series name on the page being rendered (empty
  /// outside a page: charts then colour series by position).
  @TaskLocal static var slotsByName: [String: Int] = [:]

  /// `series-1`…`series-8` for colour slot `slot` (zero-based).
  static func series(_ slot: Int) -> String {
    "series-\(slot % size + 1)"
  }

  /// The colour of the series at `index` of a chart whose series are `names`.
  static func series(_ index: Int, among names: [String]) -> String {
    series(slot(index, among: names))
  }

  /// The colour slot of the series at `index` of a chart whose series are
  /// `names`: its name's slot on the page, unless two of the chart's series
  /// would then share a colour.
  static func slot(_ index: Int, among names: [String]) -> Int {
    let slots = names.compactMap { slotsByName[$0] }
    guard slots.count == names.count, Set(slots.map { $0 % size }).count == names.count, index < slots.count else {
      return index
    }
    return slots[index]
  }

  /// Colour slots for the series names of `charts`, in order of first
  /// appearance.
  static func slots(for charts: [Chart]) -> [String: Int] {
    var slots = [String: Int]()
    func add(_ chart: Chart) {
      for name in seriesNames(chart) where slots[name] == nil { slots[name] = slots.count }
    }
    for chart in charts {
      if let inner = chart.kind.frames { inner.forEach(add) } else { add(chart) }
    }
    return slots
  }

  /// The colour slots a chart's series get on the current page (those of
  /// each variant's chart, in turn), for memos of rendered charts.
  static func colourSlots(of chart: Chart) -> [Int] {
    if let inner = chart.kind.frames { return inner.flatMap(colourSlots(of:)) }
    let names = seriesNames(chart)
    return names.indices.map { slot($0, among: names) }
  }

  /// The names of a chart's coloured series (none for charts coloured by class).
  static func seriesNames(_ chart: Chart) -> [String] {
    switch chart.kind {
    case .line(let series, _): series.map(\.name)
    case .histogram(let series): series.map(\.name)
    case .histogramGrid(let rows, _, _): rows
    case .bar(_, let series, _): series.map(\.name)
    case .scatter, .heatmap, .contour, .valueGrid, .variants, .slider, .network: []
    }
  }

  /// `class-0`…`class-7` for class label `label`.
  static func dataClass(_ label: Int) -> String {
    "class-\(((label % size) + size) % size)"
  }
}

extension Chart.Kind {
  /// The charts of variants or of a slider, nil for a single chart.
  var frames: [Chart]? {
    switch self {
    case .variants(_, _, let charts, _), .slider(_, _, let charts, _): charts
    default: nil
    }
  }
}
