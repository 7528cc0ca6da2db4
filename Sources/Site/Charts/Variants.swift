import CellProtocol
import Markup

/// The same experiment for several values of a parameter, as CSS-only tabs.
///
/// Per variant, in order: a radio `<input class="variant-tab">`, its
/// `<label>` ("parameter = label") and a `<div class="variant-panel">` with
/// the chart, so `.variant-tab:checked + label + .variant-panel` selects
/// the visible panel with no limit on the number of variants (flex `order`
/// puts the labels in a row above the panels; see ``ChartRenderer``).
/// Notes on the set (e.g. "showing the first 20 of 50 variants") follow as
/// `<p class="variants-note">`.
enum Variants {
  /// The tabs and panels for `charts`, the first variant checked, and a
  /// paragraph per note.
  static func render(
    parameter: String, labels: [String], charts: [Chart], notes: [String] = [], id: String, renderer: ChartRenderer
  ) -> String {
    var children = [Node]()
    for (index, chart) in charts.enumerated() {
      let tab = "\(id)-v\(index)"
      var input = ["type": "radio", "name": id + "-v", "id": tab, "class": "variant-tab"]
      if index == 0 { input["checked"] = "" }
      let label = index < labels.count ? labels[index] : "\(index + 1)"
      children.append(.element("input", input, []))
      children.append(.element("label", ["for": tab], [.text(parameter + " = " + label)]))
      children.append(.element("div", ["class": "variant-panel"], [.raw(renderer.render(chart, id: "\(id)-p\(index)"))]))
    }
    let tabs = Node.element("div", ["class": "variants", "role": "group", "aria-label": parameter], children)
    return Node.group([tabs] + notes.map { .element("p", ["class": "variants-note"], [.text($0)]) }).render()
  }
}
