import Foundation
import LessonModel

/// One cell's code as edited on a notebook page.
struct EditedCell: Codable, Equatable, Sendable {
  /// The cell's index in the lesson (0-based).
  var cell: Int
  /// Its code as the editor holds it: without its `//|` option lines, and
  /// without a newline after the last line.
  var code: String
}

/// What a page sends to run or save: `POST /__lessons/notebook/run` runs
/// cells 0…`cell` of the lesson with the page's edits, `…/prepare`
/// compiles what that run would run, ahead of it, and `…/save` writes the
/// edits into the lesson file.
struct CellsRequest: Decodable, Equatable, Sendable {
  /// The lesson's path, as the page names it (``NotebookPage/Data/lesson``).
  var lesson: String
  /// The digest of the file the page shows; the request is refused when
  /// the file on disk has another.
  var digest: String
  /// The last cell to run (a run needs it; a save has none).
  var cell: Int?
  /// The edited cells (for a run, those after `cell` are ignored).
  var edits: [EditedCell]
}

/// What a run sends back: the cells that ran, rendered as the page shows
/// them, with their messages placed at the lines of the cells' editors.
struct RunReply: Encodable, Sendable {
  /// One cell that was part of the run.
  struct CellOutcome: Encodable, Sendable {
    /// The cell's index.
    var index: Int
    /// `passed`, `failed`, `notRun` or `skipped`.
    var status: String
    /// The cell's `<section>` as on the page (its outputs replace the
    /// page's).
    var html: String
    /// Compiler messages, failed claims and crashes about this cell.
    var markers: [Marker]
  }

  /// A message about a cell, at a line of its editor.
  struct Marker: Encodable, Sendable {
    /// The 1-based line in the cell's code, or `nil` for the cell as a
    /// whole (its fence or options).
    var line: Int?
    /// `error`, `warning` or `note`.
    var severity: String
    /// The message.
    var message: String
  }

  /// The cells 0…k.
  var cells: [CellOutcome]
  /// Messages about no cell (`file:line: error: …`).
  var problems: [String]
  /// Seconds spent compiling and running.
  var compileSeconds: Double
  var runSeconds: Double
  /// Whether the result came from the cache.
  var fromCache: Bool
  /// The cell the run started from, in the lesson's kernel state before
  /// it (the cells before it kept the kernel's results), or `nil` when the
  /// whole program ran.
  var resumedFromCell: Int?
  /// Why the whole program ran although the lesson has (or will have) a
  /// kernel, or `nil`.
  var wholeRunReason: String?
}

/// What `…/kernel` answers about a lesson's kernel.
struct KernelReply: Encodable, Sendable {
  /// `ready`, `starting` or `none`.
  var state: String
}

/// What a save sends back.
struct SaveReply: Encodable, Sendable {
  /// The digest of the file as written: the version the page now shows.
  var digest: String
}

/// A refused run or save, for the page to show.
struct ErrorReply: Encodable, Sendable {
  /// What went wrong, in a sentence.
  var error: String
  /// The cell it is about, if any.
  var cell: Int?
  /// Whether the file changed on disk since the page loaded (the page
  /// offers to reload, keeping its edits).
  var changedOnDisk = false
}
