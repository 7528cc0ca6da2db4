import Foundation

/// Makes a lesson's HTML unique on a page that holds several lessons
/// (`print.html`): every id, and every attribute that refers to one, gets a
/// prefix.
///
/// The HTML is the site's own (``Markup/Node`` writes every attribute as
/// `name="value"`, and cmark writes none of these), so the attributes are
/// found by their exact form.
///
/// ```swift
/// PrintIDs.prefixing(#"<h2 id="a">A</h2><a href="#a">"#, with: "p--")
/// // <h2 id="p--a">A</h2><a href="#p--a">
/// ```
enum PrintIDs {
  /// A lesson body as the print page shows it: ids prefixed, and folded code
  /// and solutions unfolded.
  static func forPrint(_ html: String, prefix: String) -> String {
    prefixing(html, with: prefix)
      .replacingOccurrences(of: #"<details class="cell-code cell-code-fold">"#, with: #"<details class="cell-code cell-code-fold" open="">"#)
      .replacingOccurrences(of: #"<details class="solution""#, with: #"<details class="solution" open="""#)
  }

  /// `html` with `prefix` before each id and each reference to one.
  static func prefixing(_ html: String, with prefix: String) -> String {
    html.replacing(/\s(id|for|name|aria-describedby|aria-labelledby|aria-controls)="([^"]*)"/) { match in
      let values = match.2.split(separator: " ").map { prefix + $0 }.joined(separator: " ")
      return " \(match.1)=\"\(values)\""
    }
    .replacing(/\shref="#([^"]+)"/) { match in " href=\"#\(prefix)\(match.1)\"" }
  }
}
