import Foundation
import LessonModel

/// New code for some of a lesson's cells, written into the lesson's
/// Markdown without changing any other byte of it: prose, front matter,
/// fences, `//|` option lines, line endings (LF, CRLF or CR) and the end of
/// the file stay as they are. Used by `lessons notebook` to run and save the
/// cells edited in the browser.
///
/// Only the code of a cell changes, never its option lines: the code is the
/// cell's ``Cell/code`` (the lines after its `//|` lines). New lines take
/// the line ending of the cell's fence line and, inside a list or a block
/// quote, the prefix the cell's lines have there (`> `, indentation).
///
/// ```swift
/// let markdown = try CellEdits([0: "print(2)\n"]).apply(to: lesson)
/// ```
public struct CellEdits: Sendable, Equatable {
  /// The new code by cell index, with `\n` line ends (`\r\n` and `\r` are
  /// read as `\n`); it ends with a newline when it is not empty (one is
  /// added when missing).
  public private(set) var codes: [Int: String]

  /// Edits that give cell `i` the code `codes[i]`.
  public init(_ codes: [Int: String]) {
    self.codes = codes.mapValues(Self.normalized)
  }

  /// `lesson.source` with the code of every edited cell replaced.
  ///
  /// - Throws: ``CellEditError`` when a cell does not exist, cannot be
  ///   edited in place (see ``CellPlacement``), when an edit changes lines
  ///   outside the cell's editable regions, or when the new code would
  ///   change the Markdown around it (a line that closes the fence, a
  ///   leading `//|` line that would become an option): the edited
  ///   Markdown is parsed again and must hold the same cells with the same
  ///   options, each with the code it was given.
  public func apply(to lesson: Lesson, regions: (Cell) -> [Range<Int>] = { CellEdits.wholeCell($0) }) throws(CellEditError) -> String {
    var lines = SourceLines(lesson.source).lines
    var expected = lesson.cells.map(\.code)
    // From the last cell up, so that the lines of earlier cells stay put.
    for (index, code) in codes.sorted(by: { $0.key > $1.key }) {
      guard lesson.cells.indices.contains(index) else {
        throw CellEditError(cell: index, message: "the lesson has no cell \(index + 1)")
      }
      let cell = lesson.cells[index]
      guard !code.utf8.elementsEqual(cell.code.utf8) else { continue }
      guard Self.keepsFixedLines(of: cell.code, outside: regions(cell), in: code) else {
        throw CellEditError(cell: index, message: "cell \(index + 1): only its editable regions may change")
      }
      let placement = try CellPlacement(of: cell, in: lines)
      lines.replaceSubrange(placement.lines, with: placement.sourceLines(for: code))
      expected[index] = code
    }
    let edited = lines.map { $0.text + $0.ending }.joined()
    try Self.check(edited, of: lesson, expected: expected)
    return edited
  }

  /// The editable region of a cell that may be edited as a whole: all of
  /// its code lines (an empty range for an empty cell, which still takes
  /// new lines).
  public static func wholeCell(_ cell: Cell) -> [Range<Int>] {
    [0..<codeLines(cell.code).count]
  }

  /// Whether `edited` keeps the lines of `original` that lie outside
  /// `regions` (0-based line ranges of `original`, in order, not
  /// overlapping): the fixed runs of lines between the regions must appear
  /// in `edited` in order, the first at its start and the last at its end,
  /// while each region may become any number of lines.
  static func keepsFixedLines(of original: String, outside regions: [Range<Int>], in edited: String) -> Bool {
    let old = codeLines(original), new = codeLines(edited)
    var fixed = [ArraySlice<Substring>](), start = 0
    for region in regions {
      fixed.append(old[start..<max(start, min(region.lowerBound, old.count))])
      start = max(start, min(region.upperBound, old.count))
    }
    fixed.append(old[start...])
    guard fixed.count > 1 else { return old == new }
    guard new.starts(with: fixed[0]), new.count >= fixed[0].count + fixed[fixed.count - 1].count,
      new.suffix(fixed[fixed.count - 1].count).elementsEqual(fixed[fixed.count - 1])
    else { return false }
    var position = fixed[0].count
    let end = new.count - fixed[fixed.count - 1].count
    for run in fixed.dropFirst().dropLast() {
      guard let found = (position...max(position, end - run.count)).first(where: { at in
        at + run.count <= end && new[at..<(at + run.count)].elementsEqual(run)
      }) else { return false }
      position = found + run.count
    }
    return true
  }

  /// Why each cell of `lesson` that cannot be edited in place cannot, by
  /// cell index (see ``CellPlacement``); the cells that can are absent.
  public static func uneditableCells(of lesson: Lesson) -> [Int: String] {
    let lines = SourceLines(lesson.source).lines
    var reasons = [Int: String]()
    for cell in lesson.cells {
      do {
        _ = try CellPlacement(of: cell, in: lines)
      } catch {
        reasons[cell.index] = error.message
      }
    }
    return reasons
  }

  /// The lines of cell code (without the newline that ends the last).
  static func codeLines(_ code: String) -> [Substring] {
    code.isEmpty ? [] : Array(code.dropLast(code.hasSuffix("\n") ? 1 : 0).split(separator: "\n", omittingEmptySubsequences: false))
  }

  /// `code` with `\n` line ends, ending with one unless empty.
  private static func normalized(_ code: String) -> String {
    var text = code.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
    return text
  }

  /// Throws unless `edited`, parsed as the lesson, has the lesson's cells
  /// with their options and flags, each with its `expected` code.
  private static func check(_ edited: String, of lesson: Lesson, expected: [String]) throws(CellEditError) {
    let parsed = LessonParser.parse(source: edited, path: lesson.path)
    for (index, cell) in lesson.cells.enumerated() {
      let new = parsed.cells.indices.contains(index) ? parsed.cells[index] : nil
      guard let new, new.code.utf8.elementsEqual(expected[index].utf8), new.options == cell.options, new.isNoRun == cell.isNoRun,
        new.optionLines.count == cell.optionLines.count
      else {
        throw CellEditError(cell: index, message: reason(expected[index], index: index))
      }
    }
    guard parsed.cells.count == lesson.cells.count else {
      throw CellEditError(cell: nil, message: "the edits would add cells to the lesson: a code line must not close its fence")
    }
  }

  /// Why cell `index` with `code` does not survive a new parse.
  private static func reason(_ code: String, index: Int) -> String {
    let lines = codeLines(code).map { $0.drop { $0 == " " || $0 == "\t" } }
    if lines.first?.hasPrefix("//|") == true {
      return "cell \(index + 1): its code cannot start with a '//|' line, which would be a cell option; options are edited in the Markdown"
    }
    if lines.contains(where: { $0.hasPrefix("```") || $0.hasPrefix("~~~") }) {
      return "cell \(index + 1): a line starting with ``` or ~~~ would close the cell's fence"
    }
    return "cell \(index + 1): the new code would change the Markdown around the cell"
  }
}

/// Why edits could not be applied.
public struct CellEditError: Error, Equatable, CustomStringConvertible {
  /// The cell it is about, or `nil` for the lesson as a whole.
  public var cell: Int?
  /// What is wrong, for the page.
  public var message: String
  /// The message.
  public var description: String { message }
}

/// Where a cell's code lies in its lesson's Markdown: a run of whole
/// lines, each being the same prefix (a block quote's `> `, a list item's
/// indentation, the fence's own indentation) followed by one line of the
/// cell's code, with the closing fence on the next line.
///
/// A cell whose lines do not all have this shape (an unclosed fence, a
/// prefix that changes from line to line, tabs that cmark expanded) cannot
/// be edited in place: the initializer throws and says why.
struct CellPlacement: Sendable {
  /// The 0-based indices of the code's lines among the Markdown's lines.
  let lines: Range<Int>
  /// What comes before each non-blank line of code.
  let prefix: String
  /// The line ending of the fence line, for new lines.
  let ending: String

  /// Locates `cell` among the Markdown's `sourceLines`.
  init(of cell: Cell, in sourceLines: [(text: String, ending: String)]) throws(CellEditError) {
    let code = CellEdits.codeLines(cell.code)
    let first = cell.firstCodeLine - 1
    guard first >= 1, first + code.count < sourceLines.count else {
      throw CellEditError(cell: cell.index, message: "cell \(cell.index + 1) has no closing fence; close it in the Markdown to edit it here")
    }
    let closing = sourceLines[first + code.count].text.drop { $0 == " " || $0 == "\t" || $0 == ">" }
    guard closing.hasPrefix("```") || closing.hasPrefix("~~~") else {
      throw CellEditError(cell: cell.index, message: "cell \(cell.index + 1) has no closing fence; close it in the Markdown to edit it here")
    }
    var prefix: String?
    for (offset, line) in code.enumerated() {
      // Bytes, not characters: the prefix must end where the code starts.
      let text = sourceLines[first + offset].text.utf8
      guard text.count >= line.utf8.count, text.suffix(line.utf8.count).elementsEqual(line.utf8) else {
        throw Self.unplaceable(cell)
      }
      let own = String(decoding: text.dropLast(line.utf8.count), as: UTF8.self)
      if line.isEmpty { continue }
      guard prefix == nil || prefix == own else { throw Self.unplaceable(cell) }
      prefix = own
    }
    // An empty cell: the prefix its fence line implies (list markers become
    // spaces, quote markers stay).
    let fence = sourceLines[cell.fenceLine - 1].text
    self.prefix = prefix ?? String(fence.prefix(cell.column - 1).map { $0 == ">" || $0 == " " || $0 == "\t" ? $0 : " " })
    self.lines = first..<(first + code.count)
    self.ending = sourceLines[cell.fenceLine - 1].ending.isEmpty ? "\n" : sourceLines[cell.fenceLine - 1].ending
  }

  /// The Markdown lines for `code`: each line after the prefix (a blank
  /// line gets the prefix without its trailing spaces), with the fence's
  /// line ending.
  func sourceLines(for code: String) -> [(text: String, ending: String)] {
    let blank = String(prefix.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    return CellEdits.codeLines(code).map { line in (line.isEmpty ? blank : prefix + line, ending) }
  }

  /// The error for a cell whose lines do not share one prefix.
  private static func unplaceable(_ cell: Cell) -> CellEditError {
    CellEditError(
      cell: cell.index,
      message: "cell \(cell.index + 1) cannot be edited here: its lines in the Markdown do not share one indentation or quote prefix")
  }
}

extension CellEdits {
  /// The SHA-256 of a lesson file's bytes in hex: what a notebook page
  /// remembers of the version it shows, so that a save over a newer
  /// version is refused.
  public static func digest(of bytes: some DataProtocol) -> String {
    Fingerprint.hex(bytes)
  }
}
