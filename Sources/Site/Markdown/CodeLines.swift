/// Highlighted code as one block per source line, each with its own
/// indentation, so that a long line that wraps continues indented under its
/// start instead of at the left margin, where it would look like a new
/// statement.
///
/// Each line keeps its text and its newline (copying the code copies it
/// unchanged); CSS gives every line a hanging indent of its leading spaces
/// plus four (`--indent`).
///
/// ```swift
/// CodeLines.html(#"let x = 1\n  <span class="tok-comment">// a</span>\n"#)
/// // <span class="code-line" style="--indent: 0">let x = 1\n</span><span class="code-line" style="--indent: 2">  <span …>// a</span>\n</span>
/// ```
enum CodeLines {
  /// The blocks of ``html(_:)``'s output, one per line (the text between
  /// them is only ever another block).
  static func lines(_ html: String) -> [String] {
    html.components(separatedBy: "<span class=\"code-line\"").dropFirst().map { "<span class=\"code-line\"" + $0 }
  }

  /// `highlighted` (``SwiftHighlighter`` output: flat `<span class="…">`
  /// tokens, never nested) split into line blocks. A token that spans lines
  /// (a block comment, a multi-line string) is closed at each line's end and
  /// opened again on the next.
  static func html(_ highlighted: String) -> String {
    var result = "", line = "", open: Substring? = nil  // the open token's `<span …>` tag
    var leading = 0, atStart = true
    func emit(_ text: String) {
      result += "<span class=\"code-line\" style=\"--indent: \(leading)\">" + text + "</span>"
    }
    func finish() {
      emit(line + (open == nil ? "" : "</span>") + "\n")
      line = open.map(String.init) ?? ""
      leading = 0
      atStart = true
    }
    var rest = Substring(highlighted)
    while let first = rest.first {
      if first == "<" {
        let end = rest.firstIndex(of: ">").map { rest.index(after: $0) } ?? rest.endIndex
        let tag = rest[..<end]
        open = tag.hasPrefix("</") ? nil : tag
        line += tag
        rest = rest[end...]
      } else if first == "\n" {
        finish()
        rest = rest.dropFirst()
      } else {
        if atStart && first == " " { leading += 1 } else { atStart = false }
        line.append(first)
        rest = rest.dropFirst()
      }
    }
    // The last line, when the code does not end with a newline.
    if !line.isEmpty && line != open.map(String.init) { emit(line + (open == nil ? "" : "</span>")) }
    return result
  }
}
