import LessonMarkdown
import LessonModel

/// Finds the prose's inline expressions, Quarto's inline code: a code span
/// that starts with `{swift}` (`` `{swift} format(accuracy * 100)` ``).
/// Each is evaluated after the last cell before it and its value replaces
/// the span on the page, so a number in a sentence is the number the cells
/// computed, not one typed by hand that drifts when an experiment changes.
enum InlineExpressions {
  /// The inline expressions of `document` (a lesson body whose cells are
  /// `cells`), with errors for malformed ones: spread over lines, or using
  /// the runner's reserved names.
  static func find(
    in document: MarkdownDocument, cells: [Cell], path: String, diagnostics: inout [Diagnostic]
  ) -> [InlineExpression] {
    var found = [InlineExpression]()
    for node in document.allNodes() where node.kind == .code {
      guard let literal = node.literal, let code = InlineExpression.code(inSpan: literal) else { continue }
      // cmark places a span at its content; a span whose content is not all
      // on that line holds a line break (the literal has a space there).
      let line = document.line(node.startLine)?.utf8
      let content = line.map { $0.dropFirst(node.startColumn - 1).drop { $0 == UInt8(ascii: " ") } }
      guard let line, let content, content.starts(with: literal.utf8) else {
        diagnostics.append(Diagnostic(
          file: path, line: node.startLine, column: node.startColumn,
          message: "an inline expression must fit on one line; shorten it or compute it in a cell"))
        continue
      }
      if code.contains(ProgramGenerator.reservedPrefix) {
        diagnostics.append(Diagnostic(
          file: path, line: node.startLine, column: node.startColumn,
          message: "names starting with '\(ProgramGenerator.reservedPrefix)' are reserved for the lesson runner"))
        continue
      }
      // The expression's byte column: after the marker and the spaces around it.
      let afterMarker = content.dropFirst(InlineExpression.marker.utf8.count).drop { $0 == UInt8(ascii: " ") }
      let column = line.count - afterMarker.count + 1
      let before = cells.last { $0.runs && $0.fenceLine < node.startLine }
      found.append(InlineExpression(
        index: found.count, code: code, line: node.startLine, column: column, spanColumn: node.startColumn,
        afterCell: before?.index))
    }
    return found
  }
}
