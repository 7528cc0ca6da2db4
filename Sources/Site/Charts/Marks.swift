import CellProtocol
import Markup

/// Reference lines and labelled points over a line or scatter chart
/// (`Chart.marks`), in a `marks` group on top of the data.
///
/// A vertical line (`mark-line`) spans the plot at its x, its label
/// (`mark-label`) at the top beside it; a horizontal one spans it at its y,
/// labelled at the right end above it; a point is a ring (`mark-point`)
/// with its label centred above it (below it near the top of the plot),
/// kept inside the plot. Lines are dashed in the text colour, so they read
/// as guides, not data; labels sit on a box of the page's background
/// (`mark-label-box`). The axes span the
/// marks too; a mark at a value the axis cannot show (not finite, or ≤ 0
/// on a log axis) is not drawn, and a note says so.
struct Marks: Sendable {
  let marks: [Mark]
  let logX: Bool
  let logY: Bool

  /// Whether `mark` can be drawn on these axes.
  func isDrawable(_ mark: Mark) -> Bool {
    let fitsX = { (x: Double) in x.isFinite && (!logX || x > 0) }
    let fitsY = { (y: Double) in y.isFinite && (!logY || y > 0) }
    switch mark {
    case .vertical(let x, _): return fitsX(x)
    case .horizontal(let y, _): return fitsY(y)
    case .point(let x, let y, _): return fitsX(x) && fitsY(y)
    }
  }

  /// The marks that can be drawn.
  var drawable: [Mark] { marks.filter(isDrawable) }

  /// The values the axes must span to show the marks.
  var extent: AxisDomain {
    var xs = [Double](), ys = [Double]()
    for mark in drawable {
      switch mark {
      case .vertical(let x, _): xs.append(x)
      case .horizontal(let y, _): ys.append(y)
      case .point(let x, let y, _):
        xs.append(x)
        ys.append(y)
      }
    }
    return AxisDomain(x: Extent(xs), y: Extent(ys))
  }

  /// "1 of 3 marks is at a value the axes cannot show and is not drawn.";
  /// nil when all can be drawn.
  var note: String? {
    let undrawn = marks.count - drawable.count
    guard undrawn > 0 else { return nil }
    return NumberFormat.leftOut(undrawn, of: marks.count, "marks", what: "at a value the axes cannot show") + "."
  }

  /// " Marked: a vertical line at x = 40 (best epoch); the point (12, 0.31)
  /// (lr = 0.1)." for the description; empty without marks.
  var summary: String {
    guard !drawable.isEmpty else { return "" }
    let labelled = { (label: String?) in label.map { $0.isEmpty ? "" : " (" + $0 + ")" } ?? "" }
    let parts = drawable.map { mark -> String in
      switch mark {
      case .vertical(let x, let label): "a vertical line at x = " + NumberFormat.compact(x) + labelled(label)
      case .horizontal(let y, let label): "a horizontal line at y = " + NumberFormat.compact(y) + labelled(label)
      case .point(let x, let y, let label):
        "the point (" + NumberFormat.compact(x) + ", " + NumberFormat.compact(y) + ")" + labelled(label)
      }
    }
    return " Marked: " + parts.joined(separator: "; ") + "."
  }

  /// The marks inside `plot`, drawn with the chart's scales.
  func draw(x: Scale, y: Scale, in plot: Rect) -> Node? {
    guard !drawable.isEmpty else { return nil }
    var nodes = [Node]()
    for mark in drawable {
      switch mark {
      case .vertical(let value, let label):
        let px = x(value)
        var line = PathData()
        line.addSegment(from: Point(x: px, y: plot.y), to: Point(x: px, y: plot.maxY))
        nodes.append(Self.line(line))
        if let label, !label.isEmpty {
          let flip = px + 6 + Self.width(label) > plot.maxX
          nodes.append(Self.label(label, x: flip ? px - 4 : px + 4, y: plot.y + 11, anchor: flip ? "end" : "start"))
        }
      case .horizontal(let value, let label):
        let py = y(value)
        var line = PathData()
        line.addSegment(from: Point(x: plot.x, y: py), to: Point(x: plot.maxX, y: py))
        nodes.append(Self.line(line))
        if let label, !label.isEmpty {
          nodes.append(Self.label(label, x: plot.maxX - 4, y: py - 4 < plot.y + 10 ? py + 13 : py - 4, anchor: "end"))
        }
      case .point(let xValue, let yValue, let label):
        let px = x(xValue), py = y(yValue)
        nodes.append(
          SVG.element("circle", [
            "class": "mark-point", "cx": NumberFormat.coordinate(px), "cy": NumberFormat.coordinate(py), "r": "5",
            "fill": "none", "stroke": "currentColor", "stroke-width": "1.5",
          ]))
        if let label, !label.isEmpty {
          let half = Self.width(label) / 2
          let centre = min(max(px, plot.x + half), plot.maxX - half)
          nodes.append(Self.label(label, x: centre, y: py - 10 < plot.y + 12 ? py + 19 : py - 10, anchor: "middle"))
        }
      }
    }
    return SVG.group("marks", nodes)
  }

  /// The estimated width of a mark's label.
  private static func width(_ label: String) -> Double {
    Double(label.count) * Axes.labelCharacterWidth
  }

  /// A dashed guide line in the text colour.
  private static func line(_ data: PathData) -> Node {
    SVG.element("path", [
      "class": "mark-line", "d": data.commands, "fill": "none", "stroke": "currentColor", "stroke-width": "1",
      "stroke-dasharray": "5 4", "stroke-opacity": "0.75",
    ])
  }

  /// A mark's label on a box of the page's background, so it reads over
  /// lines and points.
  private static func label(_ text: String, x: Double, y: Double, anchor: String) -> Node {
    let width = Self.width(text) + 4
    let left = anchor == "end" ? x - width + 2 : anchor == "middle" ? x - width / 2 : x - 2
    let box = SVG.element("rect", [
      "class": "mark-label-box", "x": NumberFormat.coordinate(left), "y": NumberFormat.coordinate(y - 10),
      "width": NumberFormat.coordinate(width), "height": "13", "rx": "2",
      "style": "fill: var(--bg-raised, transparent); fill-opacity: 0.85",
    ])
    return .group([box, SVG.text(text, x: x, y: y, cssClass: "mark-label", anchor: anchor, style: "font-size: 11px")])
  }
}
