import CellProtocol
import Markup

/// Tick positions (pixels) and their labels along one axis.
struct Axis {
  /// Pixel positions of the ticks.
  var positions: [Double]
  /// One label per tick.
  var labels: [String]

  /// The ticks of a value axis drawn with `scale`.
  init(_ ticks: Ticks, scale: Scale) {
    positions = ticks.values.map { scale($0) }
    labels = ticks.labels
  }

  /// Ticks at explicit positions (category axes).
  init(positions: [Double], labels: [String]) {
    self.positions = positions
    self.labels = labels
  }
}

/// Grid lines, axis lines, ticks and tick labels.
enum Axes {
  /// The length of a tick mark.
  static let tickLength = 5.0
  /// The estimated advance of one character of an 11 px tick label.
  static let labelCharacterWidth = 6.2

  /// Grid lines across `plot` at the ticks of `x` (vertical) and `y`
  /// (horizontal), as one path.
  static func grid(x: Axis?, y: Axis?, in plot: Rect) -> Node {
    var data = PathData()
    for position in x?.positions ?? [] {
      data.addSegment(from: Point(x: position, y: plot.y), to: Point(x: position, y: plot.maxY))
    }
    for position in y?.positions ?? [] {
      data.addSegment(from: Point(x: plot.x, y: position), to: Point(x: plot.maxX, y: position))
    }
    return SVG.path(data, cssClass: "grid")
  }

  /// A horizontal axis along `y` from `left` to `right`, labels below.
  static func bottom(_ axis: Axis, y: Double, left: Double, right: Double) -> Node {
    var line = PathData(), ticks = PathData()
    line.addSegment(from: Point(x: left, y: y), to: Point(x: right, y: y))
    var labels = [Node]()
    for (position, label) in zip(axis.positions, axis.labels) {
      ticks.addSegment(from: Point(x: position, y: y), to: Point(x: position, y: y + tickLength))
      labels.append(SVG.text(label, x: position, y: y + tickLength + 12, cssClass: "tick-label", anchor: "middle"))
    }
    return SVG.group("axis axis-x", [SVG.path(line, cssClass: "domain"), SVG.path(ticks, cssClass: "tick")] + labels)
  }

  /// A vertical axis along `x` from `top` to `bottom`, labels left.
  static func left(_ axis: Axis, x: Double, top: Double, bottom: Double) -> Node {
    var line = PathData(), ticks = PathData()
    line.addSegment(from: Point(x: x, y: top), to: Point(x: x, y: bottom))
    var labels = [Node]()
    for (position, label) in zip(axis.positions, axis.labels) {
      ticks.addSegment(from: Point(x: x - tickLength, y: position), to: Point(x: x, y: position))
      labels.append(SVG.text(label, x: x - tickLength - 3, y: position + 4, cssClass: "tick-label", anchor: "end"))
    }
    return SVG.group("axis axis-y", [SVG.path(line, cssClass: "domain"), SVG.path(ticks, cssClass: "tick")] + labels)
  }

  /// Both axes around `plot`.
  static func frame(x: Axis, y: Axis, in plot: Rect) -> [Node] {
    [
      bottom(x, y: plot.maxY, left: plot.x, right: plot.maxX),
      left(y, x: plot.x, top: plot.y, bottom: plot.maxY),
    ]
  }
}
