import CellProtocol
import Foundation
import LessonMarkdown
import LessonModel
import Markup

/// A heading in a page's table of contents.
public struct TableOfContentsEntry: Equatable, Sendable {
  /// 2 or 3.
  public var level: Int
  /// The heading's text.
  public var title: String
  /// The heading's `id`.
  public var anchor: String
}

/// A section of a lesson for the search index: what a reader sees under
/// one heading, as plain text.
public struct SearchSection: Equatable, Sendable {
  /// The heading the section starts with (the lesson title for the first).
  public var heading: String
  /// The heading's `id`, or `""` for the top of the page.
  public var anchor: String
  /// The section's prose as plain text (see ``SearchText``).
  public var text = ""
  /// The terms its prose defines: the short runs of strong emphasis
  /// (`**weight decay**`), which search ranks above the prose.
  public var terms: [String] = []
  /// The captions and titles of its cells' figures.
  public var captions: [String] = []
  /// Its cells' claims (`expect` messages).
  public var claims: [String] = []
  /// The names in its cells' shown code, each once.
  public var code: [String] = []
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
/// blocks and $`…`$ inline math (GitHub's syntax, typeset by KaTeX at build
/// time; see ``MathRenderer``), and the cells. Links to `other-lesson.md` become `other-lesson.html`.
struct BodyRenderer {
  let charts: ChartRenderer
  /// Typesets math (formulas the site builder prepared are already known).
  let math: MathRenderer
  /// The course's settings (cells' display defaults).
  var config = CourseConfig()
  /// Code and charts from earlier builds (`lessons serve`), or `nil`.
  var memo: RenderCache? = nil

  func render(_ lesson: Lesson, result: LessonResult?) -> RenderedBody {
    Palette.$slotsByName.withValue(Palette.slots(for: Self.charts(of: lesson, result: result))) {
      renderColoured(lesson, result: result)
    }
  }

  /// The charts a lesson's page shows, in order: a series keeps its colour
  /// from figure to figure on the page.
  static func charts(of lesson: Lesson, result: LessonResult?) -> [Chart] {
    lesson.cells.filter { $0.options.output && $0.runs }.flatMap { cell in
      (result?.cells.first { $0.index == cell.index }?.displays ?? []).compactMap { display -> Chart? in
        if case .chart(let chart, _) = display { chart } else { nil }
      }
    }
  }

  private func renderColoured(_ lesson: Lesson, result: LessonResult?) -> RenderedBody {
    let document = MarkdownDocument(lesson.body)
    let anchors = Dictionary(lesson.headings.map { ($0.line, $0.anchor) }, uniquingKeysWith: { first, _ in first })
    let cells = CellRenderer(charts: charts, memo: memo, lesson: lesson, result: result, config: config)
    // The parser found the cells in this same text; a cell is the block whose
    // fence is on its line.
    let cellsByLine = Dictionary(lesson.cells.map { ($0.fenceLine, $0) }, uniquingKeysWith: { first, _ in first })
    let (toc, sections) = outline(document, title: lesson.title, anchors: anchors, cells: cells, cellsByLine: cellsByLine)
    replaceInlineValues(document, lesson: lesson, result: result)
    replaceTables(document)
    Callouts.render(document)
    // Math first: a reference turns its text into markup, and the `$` of
    // math next to it would no longer be found.
    replaceInlineMath(document)
    CrossReferences(lesson: lesson, firstFigure: CellRenderer.firstFigureNumbers(of: lesson, result: result)).link(document)
    rewriteLessonLinks(document)
    replaceHeadings(document, anchors: anchors)
    // Display equations by their fence line (numbered ones carry \tag).
    let equations = Dictionary(
      MathSpan.find(in: lesson).filter(\.formula.display).map { ($0.line - 1, $0) }, uniquingKeysWith: { first, _ in first })
    var figures = 0
    for block in document.codeBlocks() where block.isFenced {
      if block.language == "swift", let cell = cellsByLine[block.fenceLine] {
        document.replace(block.node, withHTML: cells.render(cell, figureNumber: &figures))
      } else if block.language == "math" {
        let equation = equations[block.fenceLine]
        document.replace(
          block.node,
          withHTML: mathHTML(equation?.formula ?? .init(tex: block.code, display: true), id: equation?.label) + "\n")
      }
    }
    return RenderedBody(html: document.renderHTML(), tableOfContents: toc, searchSections: sections, figureCount: figures)
  }

  /// The table of contents (top-level headings of levels 2–3) and the search
  /// sections, with the anchors the parser gave each heading (by line). A
  /// section holds the text of the blocks under its heading and what the
  /// reader sees of its cells; the first, the top of the page, is kept even
  /// when empty: it is where the lesson's title is searched.
  private func outline(
    _ document: MarkdownDocument, title: String, anchors: [Int: String], cells: CellRenderer, cellsByLine: [Int: Cell]
  ) -> ([TableOfContentsEntry], [SearchSection]) {
    var toc = [TableOfContentsEntry]()
    var sections = [SearchSection(heading: title, anchor: "")]
    for node in document.document.children {
      if node.kind == .heading, node.headingLevel == 2 || node.headingLevel == 3 {
        let anchor = anchors[node.startLine] ?? ""
        // Without an explicit `{#id}` at the end (it is the anchor).
        toc.append(TableOfContentsEntry(level: node.headingLevel, title: HeadingID.split(node.plainText).title, anchor: anchor))
        sections.append(SearchSection(heading: HeadingID.split(SearchText.block(node, in: document)).title, anchor: anchor))
      } else if node.kind == .heading, node.headingLevel == 1 {
        continue  // the title
      } else {
        let text = SearchText.block(node, in: document).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if !text.isEmpty { sections[sections.count - 1].text += (sections[sections.count - 1].text.isEmpty ? "" : " ") + text }
        sections[sections.count - 1].terms += SearchText.definedTerms(in: node)
        for line in node.startLine...max(node.startLine, node.endLine) {
          if let cell = cellsByLine[line] { cells.addSearchTerms(of: cell, to: &sections[sections.count - 1]) }
        }
      }
    }
    return (toc, sections)
  }

  /// Replaces headings by the same HTML with an `id` and a permalink.
  private func replaceHeadings(_ document: MarkdownDocument, anchors: [Int: String]) {
    // Collected first: replacing a heading frees it and its children.
    let headings = document.allNodes().filter { $0.kind == .heading }
    for node in headings {
      guard let anchor = anchors[node.startLine] else { continue }
      // An explicit `{#id}` at the end is the anchor, not part of the text.
      if let last = node.children.last, last.kind == .text, let literal = last.literal, HeadingID.split(literal).id != nil {
        document.setLiteral(last, to: HeadingID.split(literal).title)
      }
      let inline = node.children.map { document.renderHTML(of: $0) }.joined()
      let heading = Node.element("h\(node.headingLevel)", ["id": anchor], [
        .raw(inline), .text(" "),
        .element("a", ["class": "permalink", "href": "#" + anchor, "aria-label": "Link to this section"], [.text("#")]),
      ])
      document.replace(node, withHTML: heading.render() + "\n")
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
    func cell(_ name: String, _ markdown: String, column: Int) -> Node {
      let alignment: String? = switch table.alignments[column] {
      case .none: nil
      case .left: "left"
      case .center: "center"
      case .right: "right"
      }
      return .element(name, alignment.map { ["style": "text-align: \($0)"] } ?? [:], [.raw(inlineHTML(markdown))])
    }
    func row(_ cells: [Node]) -> Node { .group([.element("tr", cells), .raw("\n")]) }
    var parts: [Node] = [
      .element("thead", [.raw("\n"), row(table.header.enumerated().map { cell("th", $0.element, column: $0.offset) })]),
      .raw("\n"),
    ]
    if !table.rows.isEmpty {
      parts.append(.element("tbody", [.raw("\n")] + table.rows.map { cells in
        row(cells.enumerated().map { cell("td", $0.element, column: $0.offset) })
      }))
      parts.append(.raw("\n"))
    }
    return Node.element("div", ["class": "table-wrap"], [.element("table", [.raw("\n")] + parts)]).render() + "\n"
  }

  /// Inline Markdown (a table cell) as HTML, without the paragraph around it.
  private func inlineHTML(_ markdown: String) -> String {
    let document = MarkdownDocument(markdown)
    replaceInlineMath(document)
    rewriteLessonLinks(document)
    let blocks = document.document.children
    if blocks.count == 1, let paragraph = blocks.first, paragraph.kind == .paragraph {
      return paragraph.children.map { document.renderHTML(of: $0) }.joined().trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return document.renderHTML().trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Turns GitHub's $`…`$ (a code span between two dollar signs) into a math
  /// span, removing the dollars from the neighbouring text.
  /// Replaces each inline expression (`` `{swift} expr` ``) with the value
  /// the lesson program computed for it; one without a value (the lesson
  /// stopped before it) shows its expression, marked as not computed.
  private func replaceInlineValues(_ document: MarkdownDocument, lesson: Lesson, result: LessonResult?) {
    guard !lesson.inlineExpressions.isEmpty else { return }
    let byPosition = Dictionary(
      lesson.inlineExpressions.map { ("\($0.line):\($0.spanColumn)", $0) }, uniquingKeysWith: { first, _ in first })
    for node in document.allNodes() where node.kind == .code {
      guard let expression = byPosition["\(node.startLine):\(node.startColumn)"] else { continue }
      let html: Node
      if let value = result?.inlineValues[expression.index] {
        html = .element("span", ["class": "inline-value", "title": "computed: " + expression.code], [.text(value)])
      } else {
        html = .element(
          "code", ["class": "inline-value inline-missing", "title": "not computed: the lesson stopped before this value"],
          [.text(expression.code)])
      }
      document.replaceInline(node, withHTML: html.render())
    }
  }

  private func replaceInlineMath(_ document: MarkdownDocument) {
    for node in document.allNodes() where MathSpan.isInlineMath(node) {
      guard let before = node.previous, let beforeText = before.literal, let after = node.next, let afterText = after.literal
      else { continue }
      document.setLiteral(before, to: String(beforeText.dropLast()))
      document.setLiteral(after, to: String(afterText.dropFirst()))
      document.replaceInline(node, withHTML: mathHTML(.init(tex: node.literal ?? "", display: false)))
    }
  }

  /// A formula typeset by KaTeX; a formula that does not typeset shows its
  /// TeX, marked (`lessons check` reports it at its line).
  private func mathHTML(_ formula: MathRenderer.Formula, id: String? = nil) -> String {
    let tag = formula.display ? "div" : "span"
    let kind = formula.display ? "math math-display" : "math math-inline"
    // A display equation wider than the column scrolls sideways; it can take
    // the keyboard focus, so it scrolls without a mouse too.
    var extra: [String: String] = formula.display ? ["tabindex": "0"] : [:]
    if let id { extra["id"] = id }
    switch try? math.typeset(formula) {
    case .html(let html, _)?:
      return Node.element(tag, ["class": kind].merging(extra) { a, _ in a }, [.raw(html)]).render()
    case .error(let message, _)?:
      return Node.element(tag, ["class": kind + " math-error", "title": "TeX error: " + message].merging(extra) { a, _ in a }, [
        .element("code", [.text(formula.tex)])
      ]).render()
    case nil:
      return Node.element(tag, ["class": kind + " math-error", "title": "math was not typeset"], [.element("code", [.text(formula.tex)])]).render()
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

/// Where pages live in the built site.
public enum SitePaths {
  /// The page of a lesson file: `lessons/03-init.md` → `03-init.html`.
  public static func page(forLessonFile path: String) -> String {
    ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".html"
  }
}
