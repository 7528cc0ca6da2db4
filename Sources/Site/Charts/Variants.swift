import CellProtocol
import Markup

/// The same experiment for several values of a parameter, as CSS-only tabs.
///
/// Per variant, in order: a radio `<input class="variant-tab">`, its
/// `<label>` ("parameter = label") and a `<div class="variant-panel">` with
/// the chart, so `.variant-tab:checked + label + .variant-panel` selects
/// the visible panel with no limit on the number of variants (flex `order`
/// puts the labels in a row above the panels; see ``ChartRenderer``).
/// Notes on the set (e.g. "Showing the first 20 of 50 variants.") follow as
/// `<p class="variants-note">`.
///
/// With shared axes, the charts of the first chart's kind (and scales: a log
/// line chart shares only with log line charts) span the union of their
/// data ranges, so switching tabs shows how the values change. Value grids
/// have no ranges to share.
enum Variants {
  /// The tabs and panels for `charts`, the first variant checked, and a
  /// paragraph per note.
  static func render(
    parameter: String, labels: [String], charts: [Chart], axes: VariantAxes = .shared, notes: [String] = [],
    id: String, renderer: ChartRenderer
  ) -> String {
    let drawings = charts.map(ChartRenderer.drawing)
    let shared = axes == .shared ? sharedDomains(charts, drawings) : charts.map { _ in AxisDomain() }
    var children = [Node]()
    for (index, chart) in charts.enumerated() {
      let tab = "\(id)-v\(index)"
      var input = ["type": "radio", "name": id + "-v", "id": tab, "class": "variant-tab"]
      if index == 0 { input["checked"] = "" }
      let label = index < labels.count ? labels[index] : "\(index + 1)"
      children.append(.element("input", input, []))
      children.append(.element("label", ["for": tab], [.text(parameter + " = " + label)]))
      children.append(.element("div", ["class": "variant-panel"], [
        .raw(renderer.render(chart, id: "\(id)-p\(index)", shared: shared[index], drawing: drawings[index]))
      ]))
    }
    let tabs = Node.element("div", ["class": "variants", "role": "group", "aria-label": parameter], children)
    return Node.group([tabs] + notes.map { .element("p", ["class": "variants-note"], [.text($0)]) }).render()
  }

  /// Per chart, the ranges its axes share: the union of the extents of the
  /// charts with the first one's scale key, empty for the others.
  /// `drawings` are the charts' drawings, when they are made already (they
  /// are then measured, not made again).
  static func sharedDomains(_ charts: [Chart], _ drawings: [(any ChartDrawing)?]? = nil) -> [AxisDomain] {
    let keys = charts.map(scaleKey)
    let union = charts.indices.filter { keys[$0] != nil && keys[$0] == keys.first }
      .compactMap { (drawings?[$0] ?? ChartRenderer.drawing(charts[$0]))?.extent }
      .reduce(AxisDomain()) { $0.union($1) }
    return keys.map { $0 != nil && $0 == keys.first ? union : AxisDomain() }
  }

  /// What charts must have in common to share axes: their kind and their
  /// y scale; nil for kinds whose axes are not shared (histogram grids
  /// scale each cell, variants nest).
  static func scaleKey(_ chart: Chart) -> String? {
    switch chart.kind {
    case .line(_, let logY): return "line" + (chart.logX ? " logx" : "") + (logY ? " log" : "")
    case .histogram: return "histogram"
    case .bar(_, _, let logY): return logY ? "bar log" : "bar"
    case .scatter(_, _, _, _, let logY) where chart.logX || logY:
      return "plane" + (chart.logX ? " logx" : "") + (logY ? " log" : "")
    case .scatter, .heatmap, .contour: return "plane"
    case .histogramGrid, .valueGrid, .variants, .slider, .network: return nil
    }
  }
}
