import CCmark

/// The kinds of CommonMark nodes, mapped once from cmark's `cmark_node_type`.
public enum MarkdownNodeKind: Sendable, Equatable {
  case document, blockQuote, list, item, codeBlock, htmlBlock, customBlock
  case paragraph, heading, thematicBreak
  case text, softBreak, lineBreak, code, htmlInline, customInline
  case emphasis, strong, link, image
  case unknown

  init(_ type: cmark_node_type) {
    switch type {
    case CMARK_NODE_DOCUMENT: self = .document
    case CMARK_NODE_BLOCK_QUOTE: self = .blockQuote
    case CMARK_NODE_LIST: self = .list
    case CMARK_NODE_ITEM: self = .item
    case CMARK_NODE_CODE_BLOCK: self = .codeBlock
    case CMARK_NODE_HTML_BLOCK: self = .htmlBlock
    case CMARK_NODE_CUSTOM_BLOCK: self = .customBlock
    case CMARK_NODE_PARAGRAPH: self = .paragraph
    case CMARK_NODE_HEADING: self = .heading
    case CMARK_NODE_THEMATIC_BREAK: self = .thematicBreak
    case CMARK_NODE_TEXT: self = .text
    case CMARK_NODE_SOFTBREAK: self = .softBreak
    case CMARK_NODE_LINEBREAK: self = .lineBreak
    case CMARK_NODE_CODE: self = .code
    case CMARK_NODE_HTML_INLINE: self = .htmlInline
    case CMARK_NODE_CUSTOM_INLINE: self = .customInline
    case CMARK_NODE_EMPH: self = .emphasis
    case CMARK_NODE_STRONG: self = .strong
    case CMARK_NODE_LINK: self = .link
    case CMARK_NODE_IMAGE: self = .image
    default: self = .unknown
    }
  }
}

/// A node of a ``MarkdownDocument``'s tree.
///
/// A node keeps its document alive; strings are copied out of cmark on access.
public struct MarkdownNode {
  /// The `cmark_node *`.
  let pointer: OpaquePointer
  /// Keeps the tree alive while the node is in use.
  let owner: MarkdownDocument

  /// What kind of node this is.
  public var kind: MarkdownNodeKind { MarkdownNodeKind(cmark_node_get_type(pointer)) }

  /// The text of a text, code, code-block or HTML node; `nil` otherwise.
  public var literal: String? { cmark_node_get_literal(pointer).map { String(cString: $0) } }

  /// The info string of a fenced code block; `nil` for other nodes.
  public var fenceInfo: String? {
    kind == .codeBlock ? cmark_node_get_fence_info(pointer).map { String(cString: $0) } : nil
  }

  /// The level (1–6) of a heading; 0 for other nodes.
  public var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }

  /// The destination of a link or image; `nil` otherwise.
  public var url: String? {
    kind == .link || kind == .image ? cmark_node_get_url(pointer).map { String(cString: $0) } : nil
  }

  /// The 1-based line where the node starts.
  public var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
  /// The 1-based byte column where the node starts.
  public var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }
  /// The 1-based line where the node ends.
  public var endLine: Int { Int(cmark_node_get_end_line(pointer)) }
  /// The 1-based byte column where the node ends.
  public var endColumn: Int { Int(cmark_node_get_end_column(pointer)) }

  /// The node's children, in order.
  public var children: [MarkdownNode] {
    var result = [MarkdownNode]()
    var child = cmark_node_first_child(pointer)
    while let current = child {
      result.append(MarkdownNode(pointer: current, owner: owner))
      child = cmark_node_next(current)
    }
    return result
  }

  /// The next sibling, or `nil` for the last child.
  public var next: MarkdownNode? {
    cmark_node_next(pointer).map { MarkdownNode(pointer: $0, owner: owner) }
  }

  /// The previous sibling, or `nil` for the first child.
  public var previous: MarkdownNode? {
    cmark_node_previous(pointer).map { MarkdownNode(pointer: $0, owner: owner) }
  }

  /// The parent node, or `nil` for the document.
  public var parent: MarkdownNode? {
    cmark_node_parent(pointer).map { MarkdownNode(pointer: $0, owner: owner) }
  }

  /// The concatenated text of the node's inline descendants (for heading
  /// titles, anchors and search).
  public var plainText: String {
    switch kind {
    case .text, .code: return literal ?? ""
    case .softBreak, .lineBreak: return " "
    default: return children.map(\.plainText).joined()
    }
  }
}
