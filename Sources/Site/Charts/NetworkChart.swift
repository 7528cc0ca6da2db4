import CellProtocol
import Markup

/// A layer graph with a dropout mask: one column of units per layer (the
/// input on the left, the output on the right), every unit joined to every
/// unit of the next column by a thin, faint edge, and the dropped units
/// drawn hollow and crossed out, with their edges removed.
///
/// Inside the SVG: `edges` (one path per pair of neighbouring layers),
/// `unit layer-input|layer-hidden|layer-output` groups of circles, a
/// `unit dropped` group with a `unit-cross` path over it, and under each column a
/// `layer-label` (its name) and a `layer-count` ("8 units", "3 of 8
/// dropped"). The legend explains the crossed unit when one is dropped. A
/// layer with more than `maximumUnits` units draws the first of them, and a
/// `chart-note` says so.
struct NetworkChart: ChartDrawing {
  /// The most units drawn in one column.
  static let maximumUnits = 32
  /// The largest radius of a unit.
  static let maximumRadius = 9.0
  /// The room under the columns for their labels.
  static let labelHeight = 34.0

  /// The number of units of each layer, the input first.
  let layers: [Int]
  /// Per layer, whether each unit is dropped (as many entries as units).
  let dropped: [[Bool]]
  var shared = AxisDomain()
  var isNarrow = false

  /// Normalizes `dropped` to one flag per unit of each layer.
  init(layers: [Int], dropped: [[Bool]]) {
    let sizes = layers.map { max($0, 0) }
    self.layers = sizes
    self.dropped = sizes.indices.map { layer in
      let given = layer < dropped.count ? dropped[layer] : []
      return (0..<sizes[layer]).map { $0 < given.count && given[$0] }
    }
  }

  var kind: String { "network" }

  var hasData: Bool { layers.contains { $0 > 0 } }

  var hasAxes: Bool { false }

  var legend: [LegendEntry] {
    guard dropped.contains(where: { $0.contains(true) }) else { return [] }
    return [
      LegendEntry(name: "unit", cssClass: "unit-kept", swatch: .dot),
      LegendEntry(name: "dropped unit", cssClass: "unit-dropped", swatch: .crossedRing),
    ]
  }

  var extent: AxisDomain { AxisDomain() }

  var notes: [String] {
    layers.indices.filter { layers[$0] > Self.maximumUnits }.map { layer in
      "The diagram draws \(Self.maximumUnits) of the \(groupedDigits(layers[layer])) units of "
        + Self.name(layer, of: layers.count) + "."
    }
  }

  /// "input layer", "hidden layer 2", "output layer".
  static func name(_ layer: Int, of count: Int) -> String {
    layer == 0 ? "input layer" : layer == count - 1 ? "output layer" : "hidden layer \(layer)"
  }

  /// The column's label: "input", "hidden 2", "output".
  static func shortName(_ layer: Int, of count: Int) -> String {
    layer == 0 ? "input" : layer == count - 1 ? "output" : "hidden \(layer)"
  }

  var summary: String {
    let sizes = layers.indices.map { Self.name($0, of: layers.count) + " \(layers[$0]) " + (layers[$0] == 1 ? "unit" : "units") }
    var text = "Network diagram of \(layers.count) layers: " + sizes.joined(separator: ", ")
      + "; every unit is joined to every unit of the next layer."
    let masked = layers.indices.filter { dropped[$0].contains(true) }
    if masked.isEmpty { return text + " No unit is dropped." }
    for layer in masked {
      let units = dropped[layer].indices.filter { dropped[layer][$0] }.map { $0 + 1 }
      text += " \(units.count) of \(layers[layer]) units of " + Self.name(layer, of: layers.count) + " dropped ("
        + (units.count == 1 ? "unit " : "units ") + Self.list(units.map(String.init)) + ")."
    }
    return text + " Dropped units are crossed out and their edges removed."
  }

  /// "1, 4 and 7".
  static func list(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items.last!
  }

  /// The centre of each drawn unit, per layer, and the units' radius.
  func positions(in plot: Rect) -> (centres: [[Point]], radius: Double) {
    let drawn = layers.map { min($0, Self.maximumUnits) }
    let columnWidth = plot.width / Double(max(layers.count, 1))
    let height = max(plot.height - Self.labelHeight, 10)
    let spacing = min(height / Double(max(drawn.max() ?? 1, 1)), 4 * Self.maximumRadius)
    let radius = max(min(spacing * 0.36, columnWidth * 0.2, Self.maximumRadius), 1.5)
    let centres = drawn.enumerated().map { layer, count in
      let x = plot.x + columnWidth * (Double(layer) + 0.5)
      let top = plot.y + (height - spacing * Double(count)) / 2 + spacing / 2
      return (0..<count).map { Point(x: x, y: top + spacing * Double($0)) }
    }
    return (centres, radius)
  }

  func draw(in plot: Rect, id: String) -> [Node] {
    let (centres, radius) = positions(in: plot)
    var nodes = [Node]()
    for layer in centres.indices.dropLast() {
      var edges = PathData()
      for (i, from) in centres[layer].enumerated() where !dropped[layer][i] {
        for (j, to) in centres[layer + 1].enumerated() where !dropped[layer + 1][j] {
          edges.addSegment(from: from, to: to)
        }
      }
      nodes.append(SVG.path(edges, cssClass: "edges"))
    }
    // The units of each kind in one group that styles them, so a circle
    // carries only its position.
    var units = [String: [Node]](), crosses = PathData()
    let arm = radius * 0.7, r = NumberFormat.coordinate(radius)
    for (layer, column) in centres.enumerated() {
      let role = layer == 0 ? "layer-input" : layer == layers.count - 1 ? "layer-output" : "layer-hidden"
      for (index, centre) in column.enumerated() {
        let isDropped = dropped[layer][index]
        units[isDropped ? "dropped" : role, default: []].append(SVG.element("circle", [
          "cx": NumberFormat.coordinate(centre.x), "cy": NumberFormat.coordinate(centre.y), "r": r,
        ]))
        if isDropped {
          crosses.addSegment(from: Point(x: centre.x - arm, y: centre.y - arm), to: Point(x: centre.x + arm, y: centre.y + arm))
          crosses.addSegment(from: Point(x: centre.x - arm, y: centre.y + arm), to: Point(x: centre.x + arm, y: centre.y - arm))
        }
      }
    }
    for role in ["layer-input", "layer-hidden", "dropped", "layer-output"] where units[role] != nil {
      nodes.append(SVG.group("unit " + role, units[role]!))
    }
    if !crosses.commands.isEmpty { nodes.append(SVG.path(crosses, cssClass: "unit-cross")) }
    let labelTop = plot.maxY - Self.labelHeight
    for (layer, column) in centres.enumerated() {
      let x = column.first?.x ?? plot.x + plot.width / Double(layers.count) * (Double(layer) + 0.5)
      let count = dropped[layer].filter { $0 }.count
      let detail = count > 0
        ? (isNarrow ? "\(count)/\(layers[layer]) dropped" : "\(count) of \(layers[layer]) dropped")
        : "\(layers[layer]) " + (layers[layer] == 1 ? "unit" : "units")
      nodes.append(SVG.text(
        Self.shortName(layer, of: layers.count), x: x, y: labelTop + 16, cssClass: "layer-label", anchor: "middle"))
      nodes.append(SVG.text(detail, x: x, y: labelTop + 30, cssClass: "layer-count", anchor: "middle"))
    }
    return nodes
  }
}
