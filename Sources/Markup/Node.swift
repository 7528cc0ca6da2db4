/// A piece of HTML or SVG: an element, escaped text, or trusted markup.
///
/// Text and attribute values are escaped when rendered, so building pages
/// from nodes cannot inject markup by accident; `.raw` is only for markup the
/// site produced itself (cmark's HTML, a rendered chart).
///
/// ```swift
/// let node = Node.element("p", ["class": "caption"], [.text("Loss < 0.1 & falling")])
/// node.render()   // <p class="caption">Loss &lt; 0.1 &amp; falling</p>
/// ```
public indirect enum Node: Sendable, Equatable {
  /// An element with attributes (rendered in key order, so output is stable)
  /// and children.
  case element(String, [String: String], [Node])
  /// Text, escaped on rendering.
  case text(String)
  /// Markup inserted as is.
  case raw(String)
  /// Several nodes in a row.
  case group([Node])

  /// Elements that have no closing tag in HTML.
  static let voidElements: Set<String> = ["br", "hr", "img", "input", "link", "meta", "source"]
  /// SVG shapes, written self-closing when empty (`<line …/>`).
  static let selfClosingSVGElements: Set<String> = ["line", "path", "rect", "circle", "polyline", "polygon", "stop", "use"]

  /// Renders the node as markup.
  public func render() -> String {
    var out = ""
    render(into: &out)
    return out
  }

  /// Appends the node's markup to `out`.
  public func render(into out: inout String) {
    switch self {
    case .text(let string):
      out += Escape.text(string)
    case .raw(let markup):
      out += markup
    case .group(let nodes):
      for node in nodes { node.render(into: &out) }
    case .element(let name, let attributes, let children):
      out += "<" + name
      for key in attributes.keys.sorted() {
        out += " " + key + "=\"" + Escape.attribute(attributes[key]!) + "\""
      }
      if children.isEmpty && Self.voidElements.contains(name) {
        out += ">"
        return
      }
      if children.isEmpty && Self.selfClosingSVGElements.contains(name) {
        out += "/>"
        return
      }
      out += ">"
      for child in children { child.render(into: &out) }
      out += "</" + name + ">"
    }
  }

}

extension Node {
  /// An element without attributes.
  public static func element(_ name: String, _ children: [Node]) -> Node {
    .element(name, [:], children)
  }
}
