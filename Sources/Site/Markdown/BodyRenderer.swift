import CellProtocol
import Foundation
import LessonMarkdown
import LessonRunner

/// A heading in a page's table of contents.
public struct TableOfContentsEntry: Equatable, Sendable {
  /// 2 or 3.
  public var level: Int
  /// The heading's text.
  public var title: String
  /// The heading's `id`.
  public var anchor: String
}

/// A section of a lesson for the search index.
public struct SearchSection: Equatable, Sendable, Encodable {
  /// The heading the section starts with (the lesson title for the first).
  public var heading: String
  /// The heading's `id`, or `""` for the top of the page.
  public var anchor: String
  /// The section's prose as plain text.
  public var text: String
}

/// A lesson's body as HTML, with what the page around it needs.
struct RenderedBody {
  var html: String
  var tableOfContents: [TableOfContentsEntry]
  var searchSections: [SearchSection]
  var figureCount: Int
}

/// Renders a lesson's Markdown with cmark and puts each cell's code and
/// outputs in place of its block.
///
/// cmark's safe HTML renderer does the prose (author HTML is omitted). On the
/// parsed tree the site then swaps in, as cmark custom nodes: headings with
/// `id`s and permalinks, pipe tables (see ``PipeTable``), ```` ```math ````
/// blocks and $`…`$ inline math (GitHub's syntax; KaTeX renders them in the
/// browser, and the escaped TeX stays readable without JavaScript), and the
/// cells. Links to `other-lesson.md` become `other-lesson.html`.
struct BodyRenderer {
  let charts: ChartRenderer

  func render(_ lesson: Lesson, result: LessonResult?) -> RenderedBody {
    let document = MarkdownDocument(lesson.body)
    let (toc, sections, anchors) = outline(document, title: lesson.title)
    replaceTables(document)
    replaceInlineMath(document)
    rewriteLessonLinks(document)
    replaceHeadings(document, anchors: anchors)
    let cells = CellRenderer(charts: charts, lesson: lesson, result: result)
    var figures = 0
    var cellIndex = 0
    for block in document.codeBlocks() {
      if block.isFenced && block.language == "swift" {
        let html = cells.render(lesson.cells[cellIndex], figureNumber: &figures)
        document.replace(block.node, withHTML: html)
        cellIndex += 1
      } else if block.isFenced && block.language == "math" {
        document.replace(block.node, withHTML: "<div class=\"math math-display\">" + Escape.text(block.code) + "</div>\n")
      }
    }
    return RenderedBody(html: document.renderHTML(), tableOfContents: toc, searchSections: sections, figureCount: figures)
  }

  /// The table of contents (levels 2–3), the search sections, and a unique
  /// anchor per heading (in document order).
  private func outline(_ document: MarkdownDocument, title: String)
    -> ([TableOfContentsEntry], [SearchSection], [String])
  {
    var toc = [TableOfContentsEntry]()
    var sections = [SearchSection(heading: title, anchor: "", text: "")]
    var anchors = [String]()
    var used = Set<String>()
    for node in document.document.children {
      if node.kind == .heading {
        let text = node.plainText
        let anchor = uniqueSlug(text, used: &used)
        anchors.append(anchor)
        if node.headingLevel == 2 || node.headingLevel == 3 {
          toc.append(TableOfContentsEntry(level: node.headingLevel, title: text, anchor: anchor))
          sections.append(SearchSection(heading: text, anchor: anchor, text: ""))
        }
      } else if node.kind != .codeBlock && node.kind != .htmlBlock {
        let text = node.plainText.replacingOccurrences(of: "\n", with: " ")
        sections[sections.count - 1].text += (sections[sections.count - 1].text.isEmpty ? "" : " ") + text
      }
    }
    // Headings nested in lists or quotes get anchors too, after the top-level ones.
    for node in document.allNodes() where node.kind == .heading && node.parent?.kind != .document {
      anchors.append(uniqueSlug(node.plainText, used: &used))
    }
    return (toc, sections.filter { !$0.text.isEmpty || !$0.anchor.isEmpty }, anchors)
  }

  /// Replaces headings by the same HTML with an `id` and a permalink.
  private func replaceHeadings(_ document: MarkdownDocument, anchors: [String]) {
    let topLevel = document.document.children.filter { $0.kind == .heading }
    let nested = document.allNodes().filter { $0.kind == .heading && $0.parent?.kind != .document }
    for (node, anchor) in zip(topLevel + nested, anchors) {
      let level = node.headingLevel
      var html = document.renderHTML(of: node).trimmingCharacters(in: .whitespacesAndNewlines)
      let open = "<h\(level)>"
      guard html.hasPrefix(open) else { continue }
      html = "<h\(level) id=\"\(Escape.attribute(anchor))\">" + html.dropFirst(open.count).dropLast("</h\(level)>".count)
        + " <a class=\"permalink\" href=\"#\(Escape.attribute(anchor))\" aria-label=\"Link to this section\">#</a></h\(level)>\n"
      document.replace(node, withHTML: html)
    }
  }

  /// Replaces top-level paragraphs that are pipe tables.
  private func replaceTables(_ document: MarkdownDocument) {
    for node in document.document.children where node.kind == .paragraph {
      let lines = (node.startLine...node.endLine).compactMap { document.line($0) }
      guard let table = PipeTable(lines: lines) else { continue }
      document.replace(node, withHTML: tableHTML(table))
    }
  }

  private func tableHTML(_ table: PipeTable) -> String {
    func style(_ column: Int) -> String {
      switch table.alignments[column] {
      case .none: return ""
      case .left: return " style=\"text-align: left\""
      case .center: return " style=\"text-align: center\""
      case .right: return " style=\"text-align: right\""
      }
    }
    var html = "<div class=\"table-wrap\"><table>\n<thead>\n<tr>"
    for (c, cell) in table.header.enumerated() { html += "<th\(style(c))>" + inlineHTML(cell) + "</th>" }
    html += "</tr>\n</thead>\n"
    if !table.rows.isEmpty {
      html += "<tbody>\n"
      for row in table.rows {
        html += "<tr>"
        for (c, cell) in row.enumerated() { html += "<td\(style(c))>" + inlineHTML(cell) + "</td>" }
        html += "</tr>\n"
      }
      html += "</tbody>\n"
    }
    return html + "</table></div>\n"
  }

  /// Inline Markdown (a table cell) as HTML, without the paragraph around it.
  private func inlineHTML(_ markdown: String) -> String {
    let document = MarkdownDocument(markdown)
    replaceInlineMath(document)
    rewriteLessonLinks(document)
    var html = document.renderHTML().trimmingCharacters(in: .whitespacesAndNewlines)
    if html.hasPrefix("<p>") && html.hasSuffix("</p>") { html = String(html.dropFirst(3).dropLast(4)) }
    return html
  }

  /// Turns GitHub's $`…`$ (a code span between two dollar signs) into a math
  /// span, removing the dollars from the neighbouring text.
  private func replaceInlineMath(_ document: MarkdownDocument) {
    for node in document.allNodes() where node.kind == .code {
      guard let before = node.previous, before.kind == .text, let beforeText = before.literal, beforeText.hasSuffix("$"),
        let after = node.next, after.kind == .text, let afterText = after.literal, afterText.hasPrefix("$")
      else { continue }
      document.setLiteral(before, to: String(beforeText.dropLast()))
      document.setLiteral(after, to: String(afterText.dropFirst()))
      document.replaceInline(node, withHTML: "<span class=\"math math-inline\">" + Escape.text(node.literal ?? "") + "</span>")
    }
  }

  /// Points links to sibling lessons (`02-data.md`, `02-data.md#anchor`) at
  /// their pages.
  private func rewriteLessonLinks(_ document: MarkdownDocument) {
    for node in document.allNodes() where node.kind == .link {
      guard let url = node.url, !url.contains("://"), !url.hasPrefix("/") else { continue }
      let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
      guard let path = parts.first, path.hasSuffix(".md") else { continue }
      let page = SitePaths.page(forLessonFile: String(path))
      document.setURL(node, to: page + (parts.count > 1 ? "#" + parts[1] : ""))
    }
  }
}

/// A URL-friendly id: lowercase letters and digits joined by `-`, unique on
/// the page (`-2`, `-3`, … for repeats).
func uniqueSlug(_ text: String, used: inout Set<String>) -> String {
  var slug = ""
  for character in text.lowercased() {
    if character.isLetter || character.isNumber {
      slug.append(character)
    } else if !slug.isEmpty && slug.last != "-" {
      slug.append("-")
    }
  }
  while slug.hasSuffix("-") { slug.removeLast() }
  if slug.isEmpty { slug = "section" }
  var candidate = slug
  var n = 2
  while used.contains(candidate) {
    candidate = "\(slug)-\(n)"
    n += 1
  }
  used.insert(candidate)
  return candidate
}

/// Where pages live in the built site.
enum SitePaths {
  /// The page of a lesson file: `lessons/03-init.md` → `03-init.html`.
  static func page(forLessonFile path: String) -> String {
    ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".html"
  }
}
