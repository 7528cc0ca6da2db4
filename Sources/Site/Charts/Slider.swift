import CellProtocol
import Markup

/// The frames of a process (every epoch of a training run) under a slider:
/// static HTML and SVG, one frame shown at a time once the page's script
/// has run.
///
/// ```html
/// <div class="slider" role="group" aria-label="epoch" data-parameter="epoch">
///   <div class="slider-controls" hidden>
///     <button type="button" class="slider-play" aria-label="Play">…</button>
///     <label for="ID-range">epoch</label>
///     <input type="range" id="ID-range" class="slider-range" min="0" max="29" value="0" aria-valuetext="epoch = 1 (frame 1 of 30)">
///     <span class="slider-value">1</span>
///   </div>
///   <div class="slider-frame slider-key" data-label="1"><p class="slider-frame-label">epoch = 1</p>SVG…</div>
///   <div class="slider-frame" data-label="2"><p class="slider-frame-label">epoch = 2</p>SVG…</div>
///   …
/// </div>
/// ```
///
/// Every frame's SVG is in the page (wide and narrow layouts, like any
/// chart); the first, middle and last frames are `slider-key`. Without the
/// script, and on paper, the page shows the key frames, each under its
/// label, as a strip of small multiples; the script (`Theme/site.js`)
/// reveals the controls, adds `slider-ready` and then shows only the
/// current frame (`slider-current`): the range input steps with the arrow
/// keys, Home and End, and the play button steps through the frames (never
/// by itself). Notes on the set (e.g. "Showing 60 of 200 frames.") follow
/// as `p.variants-note`.
///
/// With shared axes, frames of the first frame's kind span the union of
/// their data ranges (see ``Variants/sharedDomains(_:)``), so the axes
/// stand still while the data moves.
enum Slider {
  /// The positions of the key frames of `count` frames: the first, the
  /// middle and the last (fewer when there are fewer frames).
  static func keyFrames(_ count: Int) -> [Int] {
    guard count > 0 else { return [] }
    return Array(Set([0, (count - 1) / 2, count - 1])).sorted()
  }

  /// The controls and the frames of `charts`, the first current, and a
  /// paragraph per note.
  static func render(
    parameter: String, labels: [String], charts: [Chart], axes: VariantAxes = .shared, notes: [String] = [],
    id: String, renderer: ChartRenderer
  ) -> String {
    let drawings = charts.map(ChartRenderer.drawing)
    let shared = axes == .shared ? Variants.sharedDomains(charts, drawings) : charts.map { _ in AxisDomain() }
    let label = { (index: Int) in index < labels.count ? labels[index] : "\(index + 1)" }
    let keys = Set(keyFrames(charts.count))
    let range = id + "-range"
    let controls = Node.element("div", ["class": "slider-controls", "hidden": ""], [
      .element(
        "button", ["type": "button", "class": "slider-play", "aria-label": "Play", "aria-controls": id + "-frames"],
        [.element("span", ["class": "slider-play-icon", "aria-hidden": "true"], [])]),
      .element("label", ["for": range, "class": "slider-parameter"], [.text(parameter)]),
      .element("input", [
        "type": "range", "id": range, "class": "slider-range", "min": "0", "max": "\(max(charts.count - 1, 0))",
        "step": "1", "value": "0", "aria-valuetext": valueText(parameter, label(0), 0, of: charts.count),
        "aria-controls": id + "-frames",
      ], []),
      .element("span", ["class": "slider-value", "aria-hidden": "true"], [.text(label(0))]),
    ])
    var frames = [Node]()
    for (index, chart) in charts.enumerated() {
      let attributes = [
        "class": "slider-frame" + (keys.contains(index) ? " slider-key" : "") + (index == 0 ? " slider-current" : ""),
        "data-label": label(index), "data-valuetext": valueText(parameter, label(index), index, of: charts.count),
      ]
      frames.append(.element("div", attributes, [
        .element("p", ["class": "slider-frame-label"], [.text(parameter + " = " + label(index))]),
        .raw(renderer.render(chart, id: "\(id)-f\(index)", shared: shared[index], drawing: drawings[index])),
      ]))
    }
    let slider = Node.element(
      "div", ["class": "slider", "role": "group", "aria-label": parameter, "data-parameter": parameter], [
        controls, .element("div", ["class": "slider-frames", "id": id + "-frames"], frames),
      ])
    return Node.group([slider] + notes.map { .element("p", ["class": "variants-note"], [.text($0)]) }).render()
  }

  /// What the range input says to a screen reader at frame `index`:
  /// "epoch = 5 (frame 3 of 30)".
  static func valueText(_ parameter: String, _ label: String, _ index: Int, of count: Int) -> String {
    parameter + " = " + label + " (frame \(index + 1) of \(count))"
  }
}
