import Markup

/// Builders for the SVG nodes charts are made of; numbers are rounded to
/// 0.1 and every string is escaped by `Node`.
enum SVG {
  /// An element with attributes and children.
  static func element(_ name: String, _ attributes: [String: String], _ children: [Node] = []) -> Node {
    .element(name, attributes, children)
  }

  /// A `<g>` with the given classes.
  static func group(_ cssClass: String, _ children: [Node], attributes: [String: String] = [:]) -> Node {
    .element("g", attributes.merging(["class": cssClass]) { _, new in new }, children)
  }

  /// A `<text>` at (x, y); `anchor` is `start`, `middle` or `end`; `style`
  /// is an inline style, for what the stylesheet does not know (the text
  /// colour of a value-grid cell).
  static func text(
    _ string: String, x: Double, y: Double, cssClass: String, anchor: String = "start", rotated: Bool = false,
    style: String? = nil
  ) -> Node {
    var attributes = [
      "class": cssClass, "x": NumberFormat.coordinate(x), "y": NumberFormat.coordinate(y),
    ]
    if anchor != "start" { attributes["text-anchor"] = anchor }
    if let style { attributes["style"] = style }
    if rotated {
      attributes["transform"] = "rotate(-90 \(NumberFormat.coordinate(x)) \(NumberFormat.coordinate(y)))"
    }
    return .element("text", attributes, [.text(string)])
  }

  /// A `<rect>` covering `rect`, its edges rounded so that neighbours
  /// share them exactly.
  static func rect(_ rect: Rect, cssClass: String) -> Node {
    let left = rounded(rect.x), top = rounded(rect.y)
    let right = rounded(rect.maxX), bottom = rounded(rect.maxY)
    return .element("rect", [
      "class": cssClass,
      "x": NumberFormat.coordinate(left), "y": NumberFormat.coordinate(top),
      "width": NumberFormat.coordinate(right - left), "height": NumberFormat.coordinate(bottom - top),
    ], [])
  }

  /// A `<path>` with the given data; `fill="none"` keeps unstyled lines
  /// from filling black (the stylesheet overrides it where needed).
  static func path(_ data: PathData, cssClass: String, filled: Bool = false) -> Node {
    var attributes = ["class": cssClass, "d": data.commands]
    if !filled { attributes["fill"] = "none" }
    return .element("path", attributes, [])
  }

  /// A `<circle>` of radius `radius` at (x, y).
  static func circle(x: Double, y: Double, radius: Double, cssClass: String) -> Node {
    .element("circle", [
      "class": cssClass, "cx": NumberFormat.coordinate(x), "cy": NumberFormat.coordinate(y),
      "r": NumberFormat.coordinate(radius),
    ], [])
  }

  /// A `<clipPath>` with id `id` around `rect`.
  static func clipPath(id: String, _ rect: Rect) -> Node {
    .element("clipPath", ["id": id], [Self.rect(rect, cssClass: "clip")])
  }

  /// `value` rounded to the 0.1 grid coordinates are written on.
  static func rounded(_ value: Double) -> Double {
    (value * 10).rounded() / 10
  }
}
