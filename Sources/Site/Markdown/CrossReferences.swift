import LessonMarkdown
import LessonModel
import Markup

/// Quarto's cross-references, within a page: `@fig-ID` links to the figure of
/// the cell with `//| id: fig-ID` ("Figure 3"), `@eq-ID` to the display
/// equation fenced as ```` ```math {#eq-ID} ```` ("Equation 2", numbered on
/// the page), and `@sec-ID` to the heading that ends in `{#sec-ID}` (its
/// title). A reference to an unknown ID is an error at its line.
///
/// ```markdown
/// As @fig-loss shows, the update of @eq-adam … (see @sec-momentum).
/// ```
struct CrossReferences {
  /// What a reference can point at.
  struct Target: Equatable {
    /// The element id on the page.
    var anchor: String
    /// The link text: "Figure 3", "Equation 2", or a heading's title.
    var text: String
  }

  /// A reference found in the prose.
  struct Reference: Equatable {
    /// `fig-loss`, `eq-adam`, `sec-momentum`.
    var id: String
    var line: Int
    var column: Int
  }

  /// The targets of the page by id.
  let targets: [String: Target]

  /// The targets of `lesson`: its `fig-` cells (numbered with
  /// `firstFigure`, each cell's first figure number, when known), its
  /// labelled equations and its headings with an explicit `sec-` id.
  init(lesson: Lesson, firstFigure: [Int: Int] = [:]) {
    var targets = [String: Target]()
    for cell in lesson.cells {
      guard let id = cell.options.id, id.hasPrefix("fig-") else { continue }
      targets[id] = Target(anchor: id, text: firstFigure[cell.index].map { "Figure \($0)" } ?? "the figure")
    }
    for span in MathSpan.find(in: lesson) {
      guard let label = span.label, let number = span.number else { continue }
      targets[label] = Target(anchor: label, text: "Equation \(number)")
    }
    for heading in lesson.headings where heading.anchor.hasPrefix("sec-") {
      targets[heading.anchor] = Target(anchor: heading.anchor, text: heading.title)
    }
    self.targets = targets
  }

  /// The pattern of a reference: `@` and a kind, then lowercase letters and
  /// digits joined by single `-` (so `@fig-loss.` ends before the period).
  nonisolated(unsafe) static let pattern = /@((?:fig|eq|sec)-[a-z0-9]+(?:-[a-z0-9]+)*)/

  /// Every reference in the text of `document` (not in code, links or
  /// math), with the node that holds it.
  static func references(in document: MarkdownDocument) -> [(node: MarkdownNode, references: [Reference])] {
    document.allNodes().compactMap { node in
      guard node.kind == .text, let text = node.literal, text.contains("@"), !isInsideLink(node) else { return nil }
      let found = text.matches(of: pattern).map { match in
        Reference(
          id: String(match.1), line: node.startLine,
          column: node.startColumn + text[..<match.range.lowerBound].utf8.count)
      }
      return found.isEmpty ? nil : (node, found)
    }
  }

  /// Errors for references to ids the page does not have.
  static func diagnostics(for lesson: Lesson) -> [Diagnostic] {
    ProseMemo.referenceProblems.value(for: lesson.path + "\u{0}" + lesson.body) { findingProblems(in: lesson) }
  }

  private static func findingProblems(in lesson: Lesson) -> [Diagnostic] {
    let known = CrossReferences(lesson: lesson).targets
    return references(in: MarkdownDocument(lesson.body)).flatMap(\.references).compactMap { reference in
      guard known[reference.id] == nil else { return nil }
      let kind = reference.id.prefix { $0 != "-" }
      let how = switch kind {
      case "fig": "cell with `//| id: \(reference.id)`"
      case "eq": "display equation fenced as ```math {#\(reference.id)}"
      default: "heading ending in {#\(reference.id)}"
      }
      return Diagnostic(
        file: lesson.path, line: reference.line, column: reference.column,
        message: "unknown cross-reference @\(reference.id): the page has no \(how)")
    }
  }

  /// Replaces every reference in `document` with a link to its target; an
  /// unknown one stays as text (``diagnostics(for:)`` reports it).
  func link(_ document: MarkdownDocument) {
    for (node, references) in Self.references(in: document) {
      guard let text = node.literal, references.contains(where: { targets[$0.id] != nil }) else { continue }
      var parts = [Node]()
      var rest = Substring(text)
      for match in text.matches(of: Self.pattern) {
        parts.append(.text(String(rest[..<match.range.lowerBound])))
        if let target = targets[String(match.1)] {
          parts.append(.element("a", ["class": "xref", "href": "#" + target.anchor], [.text(target.text)]))
        } else {
          parts.append(.text(String(match.0)))
        }
        rest = rest[match.range.upperBound...]
      }
      parts.append(.text(String(rest)))
      document.replaceInline(node, withHTML: Node.group(parts).render())
    }
  }

  private static func isInsideLink(_ node: MarkdownNode) -> Bool {
    var parent = node.parent
    while let current = parent {
      if current.kind == .link || current.kind == .image { return true }
      parent = current.parent
    }
    return false
  }
}
