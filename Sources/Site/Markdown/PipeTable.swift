/// A GitHub-flavoured Markdown pipe table, recognised in a paragraph's
/// source lines.
///
/// cmark implements CommonMark, which has no tables: a pipe table reaches us
/// as a paragraph. Rather than pre-parse Markdown by hand, the site asks cmark
/// for each top-level paragraph's lines and applies the GFM table rules
/// (https://github.github.com/gfm/#tables-extension-) to just those lines:
/// a header row, a delimiter row of `---` cells with optional `:` for
/// alignment and the same number of cells, then body rows; cells are split on
/// unescaped `|`, outer pipes are optional, `\|` is a literal pipe, short rows
/// are padded and long rows cut. Cell contents are inline Markdown, rendered
/// by cmark.
struct PipeTable: Equatable {
  /// Column alignment from the delimiter row.
  enum Alignment: Equatable { case none, left, center, right }

  var header: [String]
  var alignments: [Alignment]
  var rows: [[String]]

  /// The table in `lines`, or `nil` when they are not a pipe table.
  init?(lines: [Substring]) {
    guard lines.count >= 2 else { return nil }
    let header = Self.cells(of: lines[0])
    let delimiter = Self.cells(of: lines[1])
    guard lines[0].contains("|"), header.count == delimiter.count, !header.isEmpty else { return nil }
    var alignments = [Alignment]()
    for cell in delimiter {
      let left = cell.hasPrefix(":"), right = cell.hasSuffix(":")
      let dashes = cell.drop { $0 == ":" }.reversed().drop { $0 == ":" }
      guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
      alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
    }
    self.header = header
    self.alignments = alignments
    rows = lines.dropFirst(2).map { line in
      let cells = Self.cells(of: line)
      return Array((cells + Array(repeating: "", count: max(0, header.count - cells.count))).prefix(header.count))
    }
  }

  /// A row's cells: outer pipes dropped, split on unescaped pipes, trimmed,
  /// with `\|` turned into `|`.
  static func cells(of line: Substring) -> [String] {
    var text = line.trimmingCharacters(in: .whitespaces)[...]
    if text.hasPrefix("|") { text = text.dropFirst() }
    if text.hasSuffix("|") && !text.hasSuffix("\\|") { text = text.dropLast() }
    var cells = [String]()
    var current = ""
    var escaped = false
    for character in text {
      if escaped {
        current += character == "|" ? "|" : "\\" + String(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "|" {
        cells.append(current.trimmingCharacters(in: .whitespaces))
        current = ""
      } else {
        current.append(character)
      }
    }
    if escaped { current += "\\" }
    cells.append(current.trimmingCharacters(in: .whitespaces))
    return cells
  }
}

import Foundation
