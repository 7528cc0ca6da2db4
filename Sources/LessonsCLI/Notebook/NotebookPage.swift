import Foundation
import LessonModel
import LessonRunner
import Markup

/// What notebook mode adds to the HTML pages it serves: the editor's style
/// sheets, and on a lesson page the lesson's cells as the editors start
/// from (``Data``, a JSON script element) and the editor's scripts.
/// Nothing of this is written into the site folder: the site stays what
/// `lessons build` writes.
enum NotebookPage {
  /// The lesson a page edits, as its script reads it.
  struct Data: Encodable {
    /// One cell.
    struct CellData: Encodable {
      /// The cell's index (0-based).
      var index: Int
      /// The `id` of the cell's section on the page.
      var anchor: String
      /// Its code as the editor starts (without the `//|` option lines).
      var code: String
      /// Its `//|` option lines, shown above the editor, read-only (they
      /// are edited in the Markdown).
      var options: [String]
      /// The editable regions: `[first, end)` line ranges of `code`
      /// (0-based); lines outside them are read-only.
      var regions: [[Int]]
      /// Why the cell cannot be edited here, or `nil` when it can.
      var readOnly: String?
      /// Whether the cell runs (`swift norun` and `eval: false` cells do not).
      var runs: Bool
    }

    /// The lesson's path, which runs and saves name.
    var lesson: String
    /// The SHA-256 of the file the page shows.
    var digest: String
    var cells: [CellData]
  }

  /// The `id` of the script element that holds a page's ``Data``.
  static let dataElementID = "lessons-notebook-data"

  /// The lines of a cell's code that may be edited (0-based code lines):
  /// all of them in the instructor's edition; in a student edition only
  /// the insides of exercises' solution regions, so other cells are
  /// read-only. The page marks the other lines read-only, and runs and
  /// saves refuse edits outside the regions.
  static func editableRegions(of cell: Cell, in lesson: Lesson, edition: Edition) -> [Range<Int>] {
    guard edition == .student else { return CellEdits.wholeCell(cell) }
    let regions = lesson.exercises.first { $0.cell == cell.index }?.regions ?? []
    return regions.map { ($0.inside.lowerBound - cell.firstCodeLine)..<($0.inside.upperBound - cell.firstCodeLine) }
  }

  /// The page data of `lesson`.
  static func data(for lesson: Lesson, edition: Edition) -> Data {
    let uneditable = CellEdits.uneditableCells(of: lesson)
    let lines = lesson.body.split(separator: "\n", omittingEmptySubsequences: false)
    return Data(
      lesson: lesson.path, digest: CellEdits.digest(of: Array(lesson.source.utf8)),
      cells: lesson.cells.map { cell in
        let options = (cell.fenceLine..<(cell.fenceLine + cell.optionLines.count)).compactMap { index -> String? in
          guard lines.indices.contains(index), let start = lines[index].range(of: "//|") else { return nil }
          return String(lines[index][start.lowerBound...])
        }
        return Data.CellData(
          index: cell.index, anchor: cell.options.id ?? "cell-\(cell.index + 1)",
          code: String(cell.code.dropLast(cell.code.hasSuffix("\n") ? 1 : 0)), options: options,
          regions: editableRegions(of: cell, in: lesson, edition: edition).map { [$0.lowerBound, $0.upperBound] },
          readOnly: uneditable[cell.index], runs: cell.runs)
      })
  }

  /// `html` with notebook mode's additions: the style sheets before
  /// `</head>`, and before `</body>` the page data and editor scripts when
  /// the page is `lesson`'s (editable as `edition` allows), and the
  /// notebook script.
  static func adding(to html: String, lesson: Lesson?, edition: Edition) -> String {
    var html = html
    let styles = ["codemirror.css", "notebook.css"].map { name in
      Node.element("link", ["rel": "stylesheet", "href": NotebookAssets.path + name], []).render()
    }.joined()
    if let head = html.range(of: "</head>") { html.insert(contentsOf: styles, at: head.lowerBound) }
    var tail = [Node]()
    if let lesson {
      tail.append(.element("script", ["type": "application/json", "id": dataElementID], [.raw(scriptJSON(data(for: lesson, edition: edition)))]))
      tail += NotebookAssets.editorScripts.map { .element("script", ["src": NotebookAssets.path + $0], []) }
    }
    tail.append(.element("script", ["src": NotebookAssets.path + "notebook.js"], []))
    let scripts = Node.group(tail).render()
    if let body = html.range(of: "</body>", options: .backwards) {
      html.insert(contentsOf: scripts, at: body.lowerBound)
    } else {
      html += scripts
    }
    return html
  }

  /// `value` as JSON that is safe inside a `<script>` element: `<`, `>`
  /// and `&` are written as `\u` escapes, so no `</script>` can appear.
  static func scriptJSON(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let json = String(decoding: (try? encoder.encode(value)) ?? Foundation.Data("null".utf8), as: UTF8.self)
    return json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
      .replacingOccurrences(of: "&", with: "\\u0026")
  }
}
