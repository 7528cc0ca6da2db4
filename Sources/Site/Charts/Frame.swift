/// A legend entry: a name and the class that colours its swatch.
struct LegendEntry: Equatable, Sendable {
  /// The text shown.
  var name: String
  /// `series-k` or `class-k`.
  var cssClass: String
}

/// The layout around the plot area: title, legend, axis labels and the
/// margins that leave room for tick labels.
struct Frame {
  /// The height of a legend row.
  static let legendRowHeight = 16.0
  /// The estimated advance of one character of 12 px text.
  static let characterWidth = 6.5

  /// Where the data goes.
  let plot: Rect
  /// The title, legend and axis labels.
  let decorations: [Node]

  /// Lays out a `width × height` chart; `axes` reserves room for tick
  /// labels left of and below the plot.
  init(
    width: Double, height: Double, title: String?, legend: [LegendEntry],
    xLabel: String?, yLabel: String?, axes: Bool = true
  ) {
    var decorations = [Node]()
    var top = 10.0
    if let title {
      decorations.append(SVG.text(title, x: width / 2, y: 20, cssClass: "chart-title", anchor: "middle"))
      top = 32
    }
    let left = (axes ? 52.0 : 12) + (yLabel == nil ? 0 : 18)
    let bottom = (axes ? 26.0 : 8) + (xLabel == nil ? 0 : 18)
    if legend.count > 1 {
      let rows = Self.legend(legend, left: left, top: top, width: width - left - 16)
      decorations.append(rows.node)
      top += Double(rows.count) * Self.legendRowHeight + 6
    }
    let plot = Rect(x: left, y: top, width: max(width - left - 16, 10), height: max(height - top - bottom, 10))
    if let xLabel {
      decorations.append(SVG.text(xLabel, x: plot.midX, y: height - 8, cssClass: "axis-label", anchor: "middle"))
    }
    if let yLabel {
      decorations.append(
        SVG.text(yLabel, x: 14, y: plot.midY, cssClass: "axis-label", anchor: "middle", rotated: true))
    }
    self.plot = plot
    self.decorations = decorations
  }

  /// Legend items left to right, wrapping to new rows within `width`.
  private static func legend(_ entries: [LegendEntry], left: Double, top: Double, width: Double) -> (node: Node, count: Int) {
    var items = [Node]()
    var x = left, row = 0
    for entry in entries {
      let itemWidth = 16 + Double(entry.name.count) * characterWidth + 14
      if x > left && x + itemWidth > left + width {
        x = left
        row += 1
      }
      let y = top + Double(row) * legendRowHeight
      items.append(SVG.group("legend-item " + entry.cssClass, [
        SVG.rect(Rect(x: x, y: y + 2, width: 10, height: 10), cssClass: "swatch"),
        SVG.text(entry.name, x: x + 14, y: y + 11, cssClass: "legend-label"),
      ]))
      x += itemWidth
    }
    return (SVG.group("legend", items), row + 1)
  }
}
