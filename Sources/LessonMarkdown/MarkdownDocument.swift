import CCmark

#if canImport(Glibc)
  import Glibc
#endif

/// A CommonMark document parsed by cmark, the reference C parser.
///
/// The document owns cmark's node tree and frees it when released. Source
/// positions are always recorded (1-based lines; columns count UTF-8 bytes).
///
/// ```swift
/// let document = MarkdownDocument("# Title\n\n```swift\nprint(1)\n```\n")
/// document.codeBlocks().first?.info          // "swift"
/// document.codeBlocks().first?.firstCodeLine // 4
/// document.renderHTML()                      // "<h1>Title</h1>\n<pre>…"
/// ```
///
/// cmark's tree is not thread-safe to mutate; use one document per thread.
public final class MarkdownDocument {
  /// The `cmark_node *` of the document node.
  let root: OpaquePointer
  /// The source text, kept to answer questions cmark's tree cannot (whether a
  /// fence was closed).
  public let source: String
  private let sourceLines: [Substring]

  /// Parses `markdown`; invalid UTF-8 is replaced by U+FFFD. Line endings
  /// are normalized first (see ``normalizingLineEndings(_:)``), so that the
  /// lines this type reports match cmark's.
  public init(_ markdown: String) {
    let markdown = Self.normalizingLineEndings(markdown)
    source = markdown
    sourceLines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
    root = cmark_parse_document(markdown, markdown.utf8.count, CMARK_OPT_VALIDATE_UTF8)
  }

  deinit {
    cmark_node_free(root)
  }

  /// `text` with every line ending (`\r\n`, and old Mac `\r`) turned into
  /// `\n`, and without a leading byte-order mark. Line numbers are unchanged:
  /// cmark counts each of these endings as one line break.
  ///
  /// Needed before splitting Markdown or code into lines in Swift, where
  /// `"\r\n"` is a single `Character` that `split(separator: "\n")` never
  /// splits.
  ///
  /// ```swift
  /// MarkdownDocument.normalizingLineEndings("a\r\nb\rc\n")  // "a\nb\nc\n"
  /// ```
  public static func normalizingLineEndings(_ text: String) -> String {
    // The common case, no carriage return and no byte order mark, is found
    // with memchr: this runs on every parse, also in a debug build.
    let hasBOM = text.utf8.starts(with: [0xEF, 0xBB, 0xBF])
    let hasCR = text.utf8.withContiguousStorageIfAvailable { $0.isEmpty ? false : memchr($0.baseAddress!, 13, $0.count) != nil }
      ?? text.utf8.contains(13)
    guard hasCR || hasBOM else { return text }
    var scalars = text.unicodeScalars[...]
    if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
    var normalized = String.UnicodeScalarView()
    normalized.reserveCapacity(text.utf8.count)
    var previousWasCR = false
    for scalar in scalars {
      if scalar == "\r" {
        normalized.append("\n")
        previousWasCR = true
        continue
      }
      if !(scalar == "\n" && previousWasCR) { normalized.append(scalar) }
      previousWasCR = false
    }
    return String(normalized)
  }

  /// The version of the linked cmark library, e.g. `"0.30.2"`.
  public static var cmarkVersion: String {
    String(cString: cmark_version_string())
  }

  /// The document node.
  public var document: MarkdownNode { MarkdownNode(pointer: root, owner: self) }

  /// Every node in document order (a node before its children).
  public func allNodes() -> [MarkdownNode] {
    var nodes = [MarkdownNode]()
    let iterator = cmark_iter_new(root)
    defer { cmark_iter_free(iterator) }
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      if event == CMARK_EVENT_ENTER {
        nodes.append(MarkdownNode(pointer: cmark_iter_get_node(iterator), owner: self))
      }
    }
    return nodes
  }

  /// Every code block (fenced or indented), wherever it is nested, in
  /// document order.
  public func codeBlocks() -> [CodeBlock] {
    allNodes().filter { $0.kind == .codeBlock }.map { node in
      let info = node.fenceInfo ?? ""
      let fenced = isFenced(node)
      return CodeBlock(
        node: node,
        info: info,
        language: info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? "",
        code: node.literal ?? "",
        isFenced: fenced,
        fenceLine: node.startLine,
        column: node.startColumn,
        isClosed: !fenced || hasClosingFence(node))
    }
  }

  /// Replaces `node` with a block whose HTML is `html`, printed verbatim by
  /// ``renderHTML(smartPunctuation:)`` (cmark's custom block). The caller is
  /// responsible for escaping `html`.
  public func replace(_ node: MarkdownNode, withHTML html: String) {
    let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
    cmark_node_set_on_enter(custom, html)
    cmark_node_set_on_exit(custom, "")
    cmark_node_replace(node.pointer, custom)
    cmark_node_free(node.pointer)
  }

  /// Replaces an inline `node` with markup printed verbatim (cmark's custom
  /// inline). The caller is responsible for escaping `html`.
  public func replaceInline(_ node: MarkdownNode, withHTML html: String) {
    let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)
    cmark_node_set_on_enter(custom, html)
    cmark_node_set_on_exit(custom, "")
    cmark_node_replace(node.pointer, custom)
    cmark_node_free(node.pointer)
  }

  /// Replaces `node` with a block that prints `enter`, then `node`'s children
  /// rendered as usual, then `exit` (cmark's custom block can hold blocks).
  /// The caller is responsible for escaping `enter` and `exit`.
  public func wrapChildren(of node: MarkdownNode, enter: String, exit: String) {
    let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
    cmark_node_set_on_enter(custom, enter)
    cmark_node_set_on_exit(custom, exit)
    // Appending a child unlinks it from its old parent first.
    while let child = cmark_node_first_child(node.pointer) { cmark_node_append_child(custom, child) }
    cmark_node_replace(node.pointer, custom)
    cmark_node_free(node.pointer)
  }

  /// Removes `node` and its children from the document.
  public func remove(_ node: MarkdownNode) {
    cmark_node_free(node.pointer)  // unlinks it first
  }

  /// Changes the text of a text, code or code-block node.
  public func setLiteral(_ node: MarkdownNode, to literal: String) {
    cmark_node_set_literal(node.pointer, literal)
  }

  /// Changes the destination of a link or image.
  public func setURL(_ node: MarkdownNode, to url: String) {
    cmark_node_set_url(node.pointer, url)
  }

  /// Renders one node and its children as HTML (cmark's safe defaults).
  public func renderHTML(of node: MarkdownNode) -> String {
    guard let html = cmark_render_html(node.pointer, CMARK_OPT_VALIDATE_UTF8) else { return "" }
    defer { free(html) }
    return String(cString: html)
  }

  /// Inserts a block of raw HTML before `node`.
  public func insert(html: String, before node: MarkdownNode) {
    let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
    cmark_node_set_on_enter(custom, html)
    cmark_node_set_on_exit(custom, "")
    cmark_node_insert_before(node.pointer, custom)
  }

  /// Renders the document as HTML with cmark's safe defaults: raw HTML in the
  /// author's prose and `javascript:` links are omitted.
  public func renderHTML(smartPunctuation: Bool = false) -> String {
    let options = CMARK_OPT_VALIDATE_UTF8 | (smartPunctuation ? CMARK_OPT_SMART : 0)
    guard let html = cmark_render_html(root, options) else { return "" }
    defer { free(html) }
    return String(cString: html)
  }

  /// The source line with the given 1-based number, or `nil`.
  public func line(_ number: Int) -> Substring? {
    sourceLines.indices.contains(number - 1) ? sourceLines[number - 1] : nil
  }

  /// Whether the code block at `node` was opened with a fence (``` or ~~~):
  /// cmark reports both kinds as code blocks, and an indented block has no
  /// info string and no fence on its first line.
  private func isFenced(_ node: MarkdownNode) -> Bool {
    fence(onLine: node.startLine, column: node.startColumn) != nil
  }

  /// Whether the fenced block at `node` ends with a closing fence; an
  /// unclosed fence runs to the end of the document (and of its container).
  private func hasClosingFence(_ node: MarkdownNode) -> Bool {
    guard let opening = fence(onLine: node.startLine, column: node.startColumn), node.endLine > node.startLine,
      let closing = fence(onLine: node.endLine, column: node.startColumn)
    else { return false }
    return closing.character == opening.character && closing.length >= opening.length
  }

  /// The fence run (character and length) starting the given line at the
  /// block's column, after at most three spaces of indentation.
  private func fence(onLine number: Int, column: Int) -> (character: Character, length: Int)? {
    guard let line = line(number) else { return nil }
    let utf8 = line.utf8
    let start = utf8.index(utf8.startIndex, offsetBy: min(max(column - 1, 0), utf8.count))
    let rest = Substring(utf8[start...]).drop(while: { $0 == " " })
    guard let first = rest.first, first == "`" || first == "~" else { return nil }
    let length = rest.prefix(while: { $0 == first }).count
    return length >= 3 ? (first, length) : nil
  }
}

/// A code block found by cmark, with its position in the Markdown source.
public struct CodeBlock {
  /// The cmark node, for replacing the block when rendering.
  public let node: MarkdownNode
  /// The whole info string after the opening fence (`"swift norun"`), or `""`.
  public let info: String
  /// The first word of the info string (`"swift"`), or `""`.
  public let language: String
  /// The code, ending with a newline when non-empty.
  public let code: String
  /// Whether the block was fenced (rather than indented).
  public let isFenced: Bool
  /// The 1-based line of the opening fence (or of the first indented line).
  public let fenceLine: Int
  /// The 1-based byte column where the block starts (greater than 1 inside
  /// lists and block quotes).
  public let column: Int
  /// Whether a fenced block has its closing fence; `true` for indented blocks.
  public let isClosed: Bool

  /// The 1-based source line of the first line of code.
  public var firstCodeLine: Int { isFenced ? fenceLine + 1 : fenceLine }
}
