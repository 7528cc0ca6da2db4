import LessonMarkdown
import LessonModel

/// A formula in a lesson's Markdown and where its TeX starts.
///
/// Lessons write math in GitHub's syntax: ```` ```math ```` blocks for display
/// equations and $`…`$ (a code span between dollar signs) inline.
public struct MathSpan: Sendable, Equatable {
  /// The TeX and how it is set.
  public var formula: MathRenderer.Formula
  /// The line of the lesson file where the TeX starts (1-based).
  public var line: Int
  /// The column where the TeX starts (1-based, in UTF-8 bytes, as cmark counts).
  public var column: Int
  /// A display equation's label, from ```` ```math {#eq-label} ```` (Quarto's
  /// syntax), for `@eq-label` references.
  public var label: String?
  /// A labelled equation's number on its page (1, 2, …), shown at its right.
  public var number: Int?

  /// Every formula of `lesson`, in document order. Labelled display
  /// equations are numbered in order, with `\tag{N}` added to their TeX.
  public static func find(in lesson: Lesson) -> [MathSpan] {
    ProseMemo.mathSpans.value(for: lesson.body) { findParsing(lesson.body) }
  }

  private static func findParsing(_ body: String) -> [MathSpan] {
    let document = MarkdownDocument(body)
    var numbered = 0
    var spans = document.codeBlocks().filter { $0.isFenced && $0.language == "math" }.map { block in
      let label = equationLabel(info: block.info)
      if label != nil { numbered += 1 }
      let number = label == nil ? nil : numbered
      return MathSpan(
        formula: .init(tex: block.code + (number.map { "\\tag{\($0)}" } ?? ""), display: true),
        line: block.fenceLine + 1, column: block.column, label: label, number: number)
    }
    for node in document.allNodes() where isInlineMath(node) {
      // cmark puts a code span at its opening backtick(s); the TeX starts
      // after them (and after the one space cmark strips, if any).
      let line = document.line(node.startLine).map { Array($0.utf8) } ?? []
      var column = node.startColumn
      while column - 1 < line.count, line[column - 1] == UInt8(ascii: "`") { column += 1 }
      if column - 1 < line.count, line[column - 1] == UInt8(ascii: " "), node.literal?.first != " " { column += 1 }
      spans.append(MathSpan(formula: .init(tex: node.literal ?? "", display: false), line: node.startLine, column: column))
    }
    spans.sort { ($0.line, $0.column) < ($1.line, $1.column) }
    return spans
  }

  /// The label in a math fence's info string: `math {#eq-adam}` → `eq-adam`.
  static func equationLabel(info: String) -> String? {
    info.firstMatch(of: /^math\s+\{#(eq-[a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$/).map { String($0.1) }
  }

  /// Whether `node` is inline math: a code span right between a `$` that ends
  /// the text before it and a `$` that starts the text after it.
  static func isInlineMath(_ node: MarkdownNode) -> Bool {
    guard node.kind == .code, let before = node.previous, before.kind == .text, before.literal?.hasSuffix("$") == true,
      let after = node.next, after.kind == .text, after.literal?.hasPrefix("$") == true
    else { return false }
    return true
  }

  /// The line and column of `offset` (UTF-16 code units, as KaTeX counts)
  /// in the TeX.
  func position(ofOffset offset: Int) -> (line: Int, column: Int) {
    let tex = formula.tex
    // "At end of input" means after a block's final newline: point at the
    // end of its last line instead of at the closing fence.
    let end = tex.hasSuffix("\n") ? tex.utf16.count - 1 : tex.utf16.count
    let index = String.Index(utf16Offset: min(max(offset, 0), end), in: tex)
    let before = tex[..<index]
    let newlines = before.filter { $0 == "\n" }.count
    guard newlines > 0, let lastNewline = before.lastIndex(of: "\n") else {
      return (line, column + before.utf8.count)
    }
    return (line + newlines, column + tex[tex.index(after: lastNewline)..<index].utf8.count)
  }
}

extension MathRenderer {
  /// The TeX error (or KaTeX's strict-mode warnings) of one formula, at
  /// its Markdown line.
  func diagnostics(for span: MathSpan, path: String) throws -> [Diagnostic] {
    let shown = span.formula.tex.count > 60 ? span.formula.tex.prefix(57) + "…" : Substring(span.formula.tex)
    switch try typeset(span.formula) {
    case .error(let message, let offset):
      let (line, column) = offset.map(span.position(ofOffset:)) ?? (span.line, span.column)
      return [Diagnostic(
        file: path, line: line, column: column,
        message: "math does not typeset: \(message) (in `\(shown.replacingOccurrences(of: "\n", with: " "))`)")]
    case .html(_, let warnings):
      return warnings.map {
        Diagnostic(file: path, line: span.line, column: span.column, severity: .warning, message: "math: \($0) (in `\(shown)`)")
      }
    }
  }
}
