import LessonMarkdown
import LessonModel
import SwiftParser
import SwiftSyntax

/// Markdown as the plain text a reader sees, for the search index: no
/// markup, math as readable text (``TeXText``), a pipe table as its cells'
/// text, separated by " · ".
///
/// ```swift
/// SearchText.block(paragraph, in: document)   // "the step size η sets how far…"
/// ```
enum SearchText {
  /// The text of a block of `document`; `""` for HTML and for code other
  /// than ```` ```math ````.
  static func block(_ node: MarkdownNode, in document: MarkdownDocument) -> String {
    switch node.kind {
    case .codeBlock:
      let language = node.fenceInfo?.split(separator: " ").first
      return language == "math" ? TeXText.readable(node.literal ?? "") : ""
    case .htmlBlock, .thematicBreak:
      return ""
    case .paragraph:
      // Only top-level paragraphs become tables (see BodyRenderer).
      if node.parent?.kind == .document,
        let table = PipeTable(lines: (node.startLine...node.endLine).compactMap { document.line($0) })
      {
        return (table.header + table.rows.joined()).map(cellText).filter { !$0.isEmpty }.joined(separator: " · ")
      }
      return inline(node)
    case .heading:
      return inline(node)
    default:  // lists, items, quotes
      return node.children.map { block($0, in: document) }.filter { !$0.isEmpty }.joined(separator: " ")
    }
  }

  /// The terms a block defines: the text of each strong emphasis of at most
  /// ``definedTermWords`` words (longer ones stress a sentence, they do not
  /// name a term), the convention of glossaries and textbooks.
  ///
  /// ```swift
  /// SearchText.definedTerms(in: paragraph)   // ["weight decay"] for "… called **weight decay**."
  /// ```
  static func definedTerms(in node: MarkdownNode) -> [String] {
    guard node.kind != .codeBlock, node.kind != .htmlBlock else { return [] }
    if node.kind == .strong {
      let words = inline(node).split(whereSeparator: \.isWhitespace)
      return words.isEmpty || words.count > definedTermWords ? [] : [words.joined(separator: " ")]
    }
    return node.children.flatMap(definedTerms(in:))
  }

  /// The most words a defined term has.
  static let definedTermWords = 4

  /// The text of a table cell's inline Markdown.
  private static func cellText(_ markdown: String) -> String {
    let cell = MarkdownDocument(markdown)
    return cell.document.children.map { block($0, in: cell) }.joined(separator: " ")
  }

  /// The text of a block's inline children; the dollar signs around inline
  /// math (GitHub's $`…`$) are dropped with the TeX made readable.
  private static func inline(_ node: MarkdownNode) -> String {
    var text = ""
    for child in node.children {
      switch child.kind {
      case .text:
        var literal = Substring(child.literal ?? "")
        if let next = child.next, MathSpan.isInlineMath(next) { literal = literal.dropLast() }
        if let previous = child.previous, MathSpan.isInlineMath(previous) { literal = literal.dropFirst() }
        text += literal
      case .code:
        guard let literal = child.literal, InlineExpression.code(inSpan: literal) == nil else { break }  // a computed value
        text += MathSpan.isInlineMath(child) ? TeXText.readable(literal) : literal
      case .softBreak, .lineBreak:
        text += " "
      case .htmlInline:
        break
      default:  // emphasis, strong, links, images (their alt text)
        text += inline(child)
      }
    }
    return text
  }
}

/// The names Swift code uses (types, functions, variables, argument labels),
/// each once in order of first use, for the search index. One-letter names
/// (`x`, `i`) are left out: they would match every lesson.
///
/// ```swift
/// CodeNames.of("let model = Sequential([Dense(2, 8)])")   // ["model", "Sequential", "Dense"]
/// ```
enum CodeNames {
  /// The names in `code`.
  static func of(_ code: String) -> [String] {
    var names = [String](), seen = Set<String>()
    for token in Parser.parse(source: code).tokens(viewMode: .sourceAccurate) {
      guard case .identifier(let text) = token.tokenKind else { continue }
      let name = text.filter { $0 != "`" }
      if name.count > 1, seen.insert(name).inserted { names.append(name) }
    }
    return names
  }
}
