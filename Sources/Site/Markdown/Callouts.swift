import LessonMarkdown

/// GitHub's alerts as callouts: a block quote whose first line is `[!NOTE]`,
/// `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` becomes a titled
/// box. The same Markdown reads as an alert on GitHub.
///
/// ```markdown
/// > [!WARNING]
/// > Some code takes `p` as the probability of *keeping* a unit.
/// ```
enum Callouts {
  /// The kinds GitHub knows, with their titles.
  static let titles = ["NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution"]

  /// Replaces every block quote that starts with an alert marker by a callout.
  static func render(_ document: MarkdownDocument) {
    // Collected first: wrapping replaces the quote.
    let quotes = document.allNodes().filter { $0.kind == .blockQuote }
    for quote in quotes {
      guard let paragraph = quote.children.first, paragraph.kind == .paragraph else { continue }
      // The first line: the inline nodes up to the first line break (cmark
      // may split "[!NOTE]" into several text nodes at the brackets).
      let inlines = paragraph.children
      let firstLine = Array(inlines.prefix { $0.kind != .softBreak && $0.kind != .lineBreak })
      let marker = firstLine.map { $0.kind == .text ? $0.literal ?? "" : "\u{0}" }.joined()
      guard let match = marker.wholeMatch(of: /\s*\[!([A-Za-z]+)\]\s*/), let title = titles[match.1.uppercased()] else {
        continue
      }
      let kind = match.1.lowercased()
      let rest = inlines.dropFirst(firstLine.count)
      for node in firstLine { document.remove(node) }
      if let lineBreak = rest.first { document.remove(lineBreak) }
      if rest.count <= 1 { document.remove(paragraph) }  // the marker stood alone in its paragraph
      // Kind and title come from the fixed table above, so need no escaping.
      document.wrapChildren(
        of: quote,
        enter: "<div class=\"callout callout-\(kind)\" role=\"note\">\n<p class=\"callout-title\">\(title)</p>\n",
        exit: "</div>\n")
    }
  }
}
