import CellProtocol

/// The `d` attribute of an SVG path, with coordinates rounded to 0.1.
struct PathData {
  /// The commands so far.
  private(set) var commands = ""

  /// Starts a polyline through `points` (pixels); a lone point becomes a
  /// zero-length line, which round caps draw as a dot.
  mutating func addPolyline(_ points: [Point], closed: Bool = false) {
    guard let first = points.first else { return }
    commands += "M" + Self.pair(first)
    if points.count == 1 {
      commands += "h0"
      return
    }
    commands += "L" + points.dropFirst().map(Self.pair).joined(separator: " ")
    if closed { commands += "Z" }
  }

  /// Adds a straight segment from `start` to `end` (pixels).
  mutating func addSegment(from start: Point, to end: Point) {
    commands += "M" + Self.pair(start) + "L" + Self.pair(end)
  }

  /// Starts a new subpath at `point` (pixels).
  mutating func move(to point: Point) {
    commands += "M" + Self.pair(point)
  }

  /// A vertical line to pixel row `y`.
  mutating func vertical(to y: Double) {
    commands += "V" + NumberFormat.coordinate(y)
  }

  /// A horizontal line to pixel column `x`.
  mutating func horizontal(to x: Double) {
    commands += "H" + NumberFormat.coordinate(x)
  }

  /// A rectangle with these edges (pixels, already rounded to 0.1) as a
  /// closed subpath of relative steps: `M left,top h width v height h −width z`.
  mutating func addRectangle(left: Double, top: Double, right: Double, bottom: Double) {
    let width = NumberFormat.coordinate(right - left)
    commands += "M" + NumberFormat.coordinate(left) + "," + NumberFormat.coordinate(top) + "h" + width
      + "v" + NumberFormat.coordinate(bottom - top) + "h-" + width + "z"
  }

  /// A zero-length subpath at `point` (pixels), which a round cap draws
  /// as a dot as wide as the stroke.
  mutating func addDot(_ point: Point) {
    commands += "M" + Self.pair(point) + "h0"
  }

  /// Closes the subpath.
  mutating func close() {
    commands += "Z"
  }

  /// `x,y` rounded.
  static func pair(_ point: Point) -> String {
    NumberFormat.coordinate(point.x) + "," + NumberFormat.coordinate(point.y)
  }
}
