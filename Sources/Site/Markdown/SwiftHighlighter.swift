import Markup
import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

/// Highlights Swift code with swift-syntax's own classification: the same
/// parser the compiler uses, so keywords, types, literals and comments are
/// classified exactly, not guessed by regular expressions.
///
/// Output is escaped HTML with `<span class="tok-…">` around classified
/// ranges; unclassified text (identifiers, punctuation, whitespace) is plain.
///
/// ```swift
/// SwiftHighlighter.html(for: "let x = 1 // one")
/// // <span class="tok-keyword">let</span> x = <span class="tok-number">1</span> <span class="tok-comment">// one</span>
/// ```
public enum SwiftHighlighter {
  /// The highlighted HTML of `code` (without the surrounding `<pre><code>`).
  public static func html(for code: String) -> String {
    let tree = Parser.parse(source: code)
    let bytes = Array(code.utf8)
    var tokens = [Node]()
    var cursor = 0
    for range in tree.classifications {
      let start = range.range.lowerBound.utf8Offset, end = range.range.upperBound.utf8Offset
      guard start >= cursor, end <= bytes.count, start < end else { continue }
      if start > cursor { tokens.append(.text(String(decoding: bytes[cursor..<start], as: UTF8.self))) }
      let text = Node.text(String(decoding: bytes[start..<end], as: UTF8.self))
      tokens.append(className(range.kind).map { .element("span", ["class": "tok-\($0)"], [text]) } ?? text)
      cursor = end
    }
    if cursor < bytes.count { tokens.append(.text(String(decoding: bytes[cursor...], as: UTF8.self))) }
    return Node.group(tokens).render()
  }

  /// The CSS class suffix of a classification, or `nil` for plain text.
  static func className(_ kind: SyntaxClassification) -> String? {
    switch kind {
    case .keyword, .ifConfigDirective: return "keyword"
    case .attribute: return "attribute"
    case .type: return "type"
    case .integerLiteral, .floatLiteral: return "number"
    case .stringLiteral, .regexLiteral: return "string"
    case .lineComment, .blockComment: return "comment"
    case .docLineComment, .docBlockComment: return "doc-comment"
    case .argumentLabel: return "label"
    case .dollarIdentifier: return "variable"
    case .operator: return "operator"
    case .identifier, .none, .editorPlaceholder: return nil
    @unknown default: return nil
    }
  }
}
