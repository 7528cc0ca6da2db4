import CellProtocol
import Markup

/// A legend entry: a name and the class that colours its swatch.
struct LegendEntry: Equatable, Sendable {
  /// How the swatch looks: like what it names.
  enum Swatch: Equatable, Sendable {
    /// A filled square (bars, regions, points).
    case box
    /// A short line (a line series).
    case line
    /// A short dashed line (a line series drawn dashed).
    case dashedLine
    /// A ring (scatter points drawn hollow).
    case ring
    /// A filled circle (a unit of a network diagram).
    case dot
    /// A crossed-out ring (a dropped unit).
    case crossedRing
  }

  /// The text shown.
  var name: String
  /// `series-k` or `class-k`.
  var cssClass: String
  /// The swatch's shape.
  var swatch = Swatch.box
}

/// The layout around the plot area: title, legend, axis labels and
/// the margins that leave room for tick labels.
struct Frame {
  /// The height of a legend row.
  static let legendRowHeight = 16.0
  /// The estimated advance of one character of 12 px text.
  static let characterWidth = 6.5
  /// The estimated advance of one character of the 14 px bold title.
  static let titleCharacterWidth = 8.0
  /// The distance between the baselines of a wrapped title's lines.
  static let titleLineHeight = 18.0

  /// Where the data goes (a drawing may use a centred part of it, see
  /// `ChartDrawing.area(in:)`).
  let plot: Rect
  /// The title, one text per line.
  private let title: [Node]
  /// The legend, when there is one, and the width of its widest row.
  private let legend: (node: Node, width: Double)?
  /// The colour bar of a chart coloured by value, and the top of its row.
  private let colorBar: (ramp: ColorRamp, top: Double)?
  /// The axis labels, placed by `decorations(around:)`.
  private let xLabel: String?, yLabel: String?
  /// The view-box height.
  private let height: Double
  /// How far left of the plot the y-axis label sits.
  private let yLabelOffset: Double
  /// How far below the plot the x-axis label's baseline sits.
  private let xLabelOffset: Double

  /// Lays out a `width × height` chart; `axes` reserves room for tick
  /// labels left of and below the plot, `colorBar` a row under the legend
  /// for the colour bar of a chart coloured by value.
  init(
    width: Double, height: Double, title: String?, legend: [LegendEntry],
    xLabel: String?, yLabel: String?, axes: Bool = true, colorBar: ColorRamp? = nil
  ) {
    var top = 10.0
    let lines = title.map { Self.wrapped($0, width: width - 16) } ?? []
    self.title = lines.enumerated().map { index, line in
      SVG.text(line, x: width / 2, y: 20 + Double(index) * Self.titleLineHeight, cssClass: "chart-title", anchor: "middle")
    }
    if !lines.isEmpty { top = 32 + Double(lines.count - 1) * Self.titleLineHeight }
    let left = (axes ? 52.0 : 12) + (yLabel == nil ? 0 : 18)
    let bottom = (axes ? 26.0 : 8) + (xLabel == nil ? 0 : 18)
    var legendNode: (Node, Double)?
    // One entry needs no legend (the title names it), unless the colour bar
    // would leave it the only thing unexplained.
    if legend.count > 1 || (colorBar != nil && !legend.isEmpty) {
      let rows = Self.legend(legend, left: left, top: top, width: width - left - 16)
      legendNode = (rows.node, rows.width)
      top += Double(rows.count) * Self.legendRowHeight + 6
    }
    self.colorBar = colorBar.map { ($0, top) }
    if let colorBar { top += colorBar.height(width: width - left - 16) + 4 }
    plot = Rect(x: left, y: top, width: max(width - left - 16, 10), height: max(height - top - bottom, 10))
    self.legend = legendNode
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.height = height
    yLabelOffset = left - 14
    xLabelOffset = bottom - 8
  }

  /// The title, the legend and colour bar (left-aligned with `area` as far
  /// as they fit) and the axis labels centred on `area` (the plot, or the
  /// part of it a drawing uses); `id` prefixes the colour bar's gradient id.
  func decorations(around area: Rect, id: String = "chart") -> [Node] {
    var decorations = title
    if let (node, width) = legend {
      let shift = max(min(area.x - plot.x, plot.width - width), 0)
      decorations.append(
        shift < 0.05 ? node : SVG.element("g", ["transform": "translate(" + NumberFormat.coordinate(shift) + " 0)"], [node]))
    }
    if let (ramp, top) = colorBar {
      let x = max(min(area.x, plot.maxX - ColorRamp.maximumBarWidth), plot.x)
      decorations.append(ramp.bar(x: x, y: top, width: plot.maxX - x, id: id + "-ramp"))
    }
    if let xLabel {
      decorations.append(
        SVG.text(xLabel, x: area.midX, y: area.maxY + xLabelOffset, cssClass: "axis-label", anchor: "middle"))
    }
    if let yLabel {
      decorations.append(
        SVG.text(yLabel, x: area.x - yLabelOffset, y: area.midY, cssClass: "axis-label", anchor: "middle", rotated: true))
    }
    return decorations
  }

  /// `title` broken at spaces into as few lines as fit `width`, as even
  /// as they can be (a word longer than that keeps a line of its own).
  static func wrapped(_ title: String, width: Double) -> [String] {
    let words = title.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    let lines = { (fits: Int) -> [String] in
      var lines = [String]()
      for word in words {
        if let last = lines.last, last.count + 1 + word.count <= fits {
          lines[lines.count - 1] = last + " " + word
        } else {
          lines.append(word)
        }
      }
      return lines
    }
    var fits = max(Int(width / titleCharacterWidth), 1)
    let count = lines(fits).count
    while fits > 1 && lines(fits - 1).count == count { fits -= 1 }
    return lines(fits)
  }

  /// Legend items left to right, wrapping to new rows within `width`.
  private static func legend(
    _ entries: [LegendEntry], left: Double, top: Double, width: Double
  ) -> (node: Node, count: Int, width: Double) {
    var items = [Node]()
    var x = left, row = 0, widest = 0.0
    for entry in entries {
      let itemWidth = 16 + Double(entry.name.count) * characterWidth + 14
      if x > left && x + itemWidth > left + width {
        x = left
        row += 1
      }
      let y = top + Double(row) * legendRowHeight
      items.append(SVG.group("legend-item " + entry.cssClass, [
        swatch(entry.swatch, x: x, y: y), SVG.text(entry.name, x: x + 14, y: y + 11, cssClass: "legend-label"),
      ]))
      x += itemWidth
      widest = max(widest, x - 14 - left)
    }
    return (SVG.group("legend", items), row + 1, widest)
  }

  /// A 10 × 10 swatch whose top left corner is (x, y + 2).
  private static func swatch(_ swatch: LegendEntry.Swatch, x: Double, y: Double) -> Node {
    switch swatch {
    case .box:
      return SVG.rect(Rect(x: x, y: y + 2, width: 10, height: 10), cssClass: "swatch")
    case .line, .dashedLine:
      var data = PathData()
      data.addSegment(from: Point(x: x - 1, y: y + 7), to: Point(x: x + 11, y: y + 7))
      return SVG.path(data, cssClass: swatch == .line ? "swatch-line" : "swatch-line dashed")
    case .ring:
      return SVG.circle(x: x + 5, y: y + 7, radius: 4, cssClass: "swatch-ring")
    case .dot:
      return SVG.circle(x: x + 5, y: y + 7, radius: 4.5, cssClass: "swatch-dot")
    case .crossedRing:
      var cross = PathData()
      cross.addSegment(from: Point(x: x + 2, y: y + 4), to: Point(x: x + 8, y: y + 10))
      cross.addSegment(from: Point(x: x + 2, y: y + 10), to: Point(x: x + 8, y: y + 4))
      return SVG.group("swatch-crossed", [
        SVG.circle(x: x + 5, y: y + 7, radius: 4.5, cssClass: "swatch-ring"), SVG.path(cross, cssClass: "swatch-cross"),
      ])
    }
  }
}
