import CellProtocol
import Foundation
import Markup

/// A sequential colour scale for values (scatter points coloured by value,
/// the cells of a value grid): viridis, from dark violet for the lowest
/// value to yellow for the highest. It is perceptually uniform, reads in
/// order for colour-blind readers and in greyscale, and keeps its contrast
/// on light and dark pages, so unlike the categorical palette it is drawn
/// with fixed colours (`fill` attributes, a `linearGradient` for the bar).
struct ColorRamp: Equatable, Sendable {
  /// Viridis (matplotlib's) at 0, 1/8, …, 1, interpolated linearly between.
  static let stops: [(red: Double, green: Double, blue: Double)] = [
    (68, 1, 84), (72, 36, 117), (59, 82, 139), (44, 114, 142), (33, 145, 140),
    (40, 174, 128), (94, 201, 98), (173, 220, 48), (253, 231, 37),
  ]

  /// The value of the low end.
  var lower: Double
  /// The value of the high end.
  var upper: Double
  /// The colour bar's title.
  var label: String?

  /// The ramp over `scale`'s bounds, or the finite `values`' extent where
  /// it has none (a single value is widened by ½ either side, as ticks are).
  init(_ scale: ColorScale, values: [Double]) {
    let finite = Extent(values.filter(\.isFinite))
    var lower = scale.lower.flatMap { $0.isFinite ? $0 : nil } ?? finite?.lower ?? 0
    var upper = scale.upper.flatMap { $0.isFinite ? $0 : nil } ?? finite?.upper ?? 1
    if !(upper > lower) {
      lower -= 0.5
      upper = lower + 1
    }
    self.lower = lower
    self.upper = upper
    label = scale.label
  }

  /// Where `value` lies on the ramp, 0…1 (clamped).
  func position(_ value: Double) -> Double {
    min(max((value - lower) / (upper - lower), 0), 1)
  }

  /// The colour of `value` as `#rrggbb`.
  func color(_ value: Double) -> String {
    Self.hex(Self.rgb(position(value)))
  }

  /// The colour at `t` (0…1) as red, green and blue, 0…255.
  static func rgb(_ t: Double) -> (red: Double, green: Double, blue: Double) {
    let scaled = min(max(t.isNaN ? 0 : t, 0), 1) * Double(stops.count - 1)
    let index = min(Int(scaled), stops.count - 2), fraction = scaled - Double(index)
    let a = stops[index], b = stops[index + 1]
    let mix = { (from: Double, to: Double) in from + (to - from) * fraction }
    return (mix(a.red, b.red), mix(a.green, b.green), mix(a.blue, b.blue))
  }

  /// `#rrggbb` for a colour of components 0…255.
  static func hex(_ color: (red: Double, green: Double, blue: Double)) -> String {
    let digits = Array("0123456789abcdef")
    return "#" + [color.red, color.green, color.blue].map { component -> String in
      let byte = Int(min(max(component, 0), 255).rounded())
      return String([digits[byte / 16], digits[byte % 16]])
    }.joined()
  }

  /// Black or white, whichever contrasts more with the colour of `value`
  /// (by WCAG's relative luminance), for text written on it.
  func textColor(on value: Double) -> String {
    let color = Self.rgb(position(value))
    let linear = { (component: Double) -> Double in
      let c = component / 255
      return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    let luminance = 0.2126 * linear(color.red) + 0.7152 * linear(color.green) + 0.0722 * linear(color.blue)
    // Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05).
    return (luminance + 0.05) * (luminance + 0.05) > 0.05 * 1.05 ? "#000000" : "#ffffff"
  }

  /// The colour bar: the title, a horizontal gradient from the low end to
  /// the high end, and ticks under it, with its top left corner at (x, y)
  /// within `width` (the title goes beside the bar when both fit, else
  /// above it); `id` names the gradient. Its height is `height(width:)`.
  func bar(x: Double, y: Double, width: Double, id: String) -> Node {
    let layout = barLayout(width: width)
    let left = x + layout.barX, top = y + layout.barY
    let gradient = SVG.element("linearGradient", ["id": id, "x1": "0", "x2": "1", "y1": "0", "y2": "0"],
      Self.stops.indices.map { index in
        SVG.element("stop", [
          "offset": NumberFormat.fixed(Double(index) / Double(Self.stops.count - 1), decimals: 3),
          "stop-color": Self.hex(Self.stops[index]),
        ])
      })
    var children: [Node] = [
      SVG.element("defs", [:], [gradient]),
      SVG.element("rect", [
        "class": "color-bar", "x": NumberFormat.coordinate(left), "y": NumberFormat.coordinate(top),
        "width": NumberFormat.coordinate(layout.barWidth), "height": NumberFormat.coordinate(Self.barHeight),
        "fill": "url(#" + id + ")",
      ]),
    ]
    if let label, !label.isEmpty {
      children.append(
        SVG.text(label, x: x, y: layout.barY == 0 ? top + Self.barHeight - 1 : y + 11, cssClass: "color-bar-label"))
    }
    let ticks = Ticks.linear(inside: lower, upper, count: layout.barWidth >= 120 ? 4 : 3)
    let scale = Scale(lower: lower, upper: upper, start: left, end: left + layout.barWidth)
    var marks = PathData()
    for (value, text) in zip(ticks.values, ticks.labels) {
      marks.addSegment(from: Point(x: scale(value), y: top + Self.barHeight), to: Point(x: scale(value), y: top + Self.barHeight + 3))
      children.append(
        SVG.text(text, x: scale(value), y: top + Self.barHeight + 14, cssClass: "tick-label", anchor: "middle"))
    }
    children.insert(SVG.path(marks, cssClass: "tick"), at: 2)
    return SVG.group("color-scale", children)
  }

  /// The height of the gradient.
  static let barHeight = 10.0
  /// The widest the gradient gets.
  static let maximumBarWidth = 160.0

  /// The height the colour bar takes in a frame `width` wide.
  func height(width: Double) -> Double {
    barLayout(width: width).barY + Self.barHeight + 18
  }

  /// Where the gradient sits relative to the bar's top left corner, and how
  /// wide it is: beside the title when both fit, else under it.
  private func barLayout(width: Double) -> (barX: Double, barY: Double, barWidth: Double) {
    let title = label.map { $0.isEmpty ? 0 : Double($0.count) * Frame.characterWidth + 10 } ?? 0
    let barWidth = min(Self.maximumBarWidth, width)
    if title + barWidth <= width { return (title, 0, barWidth) }
    return (0, 16, barWidth)
  }
}
