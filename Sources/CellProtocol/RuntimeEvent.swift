import Foundation

/// A rich output of a cell: what `show`, `table` and the chart functions
/// record.
public enum DisplayItem: Codable, Equatable, Sendable {
  /// Preformatted text (a value's description).
  case text(String)
  /// A table with a header row.
  case table(columns: [String], rows: [[String]])
  /// A chart, with an optional caption.
  case chart(Chart, caption: String?)
}

/// What a lesson program reports to the runner, one JSON object per line.
///
/// The runner points `LESSONKIT_EVENTS` at a file; LessonKit appends each
/// event with a single unbuffered `write`, so everything reported before a
/// crash survives it. Printed text is not an event: stdout and stderr go to
/// one file, and the cell markers record its byte offset, so the runner can
/// cut the text per cell.
public enum RuntimeEvent: Codable, Equatable, Sendable {
  /// Cell `cell` starts; its printed text starts at `outputOffset`.
  case cellStarted(cell: Int, outputOffset: Int)
  /// Cell `cell` ended normally after `seconds`; its text ends at
  /// `outputOffset`.
  case cellFinished(cell: Int, outputOffset: Int, seconds: Double)
  /// A cell marked `error: expected` threw, as it should.
  case cellThrew(cell: Int, message: String)
  /// A rich output of the current cell.
  case display(cell: Int, item: DisplayItem)
  /// An `expect` claim: where it was made and whether it held.
  case expectation(cell: Int, passed: Bool, message: String, file: String, line: Int)
  /// Inline expression `index` of the prose was evaluated to `text`.
  case inlineValue(index: Int, text: String)
  /// The program read a data file (part of the lesson's cache key); `stamp`
  /// is the file's ``FileStamp`` when it was read.
  case fileRead(path: String, stamp: String?)
  /// A rich output of the current cell could not be recorded (it could not
  /// be encoded, or it would pass the lesson's output budget); the cell
  /// fails with `reason`, so that no output is ever dropped silently.
  case outputRejected(cell: Int, reason: String)
  /// The program forked checkpoint `pid`, which holds its state from just
  /// before cell `beforeCell` started (printed text up to `outputOffset`),
  /// for `lessons notebook` to run edited cells from (see
  /// ``runtimeCheckpointsVariable``). Every event before this one belongs to
  /// the state the checkpoint holds.
  case checkpoint(beforeCell: Int, pid: Int32, outputOffset: Int)
}

/// The one JSON dialect of runtime events, shared by the lesson program that
/// writes them and the runner that reads them.
///
/// Non-finite numbers are legal data (a diverging loss is NaN): they are
/// written as the strings `"nan"`, `"inf"` and `"-inf"` instead of making the
/// encoder fail.
///
/// ```swift
/// let line = try EventCoding.encoder().encode(RuntimeEvent.fileRead(path: "/data/x.csv", stamp: nil))
/// let event = try EventCoding.decoder().decode(RuntimeEvent.self, from: line)
/// ```
public enum EventCoding {
  /// An encoder with sorted keys and non-finite numbers as strings.
  public static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }

  /// A decoder that reads what ``encoder()`` writes.
  public static func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }
}

/// The environment variable naming the events file.
public let runtimeEventsVariable = "LESSONKIT_EVENTS"

/// The environment variable naming the folder where a program compiled with
/// checkpoints (`lessons notebook`'s kernel) makes one Unix socket per
/// checkpoint, `before-<cell>.sock`; without it, checkpoints do nothing.
public let runtimeCheckpointsVariable = "LESSONKIT_CHECKPOINTS"

/// The environment variable holding the process id whose end ends the
/// checkpoints (the notebook server's).
public let runtimeCheckpointOwnerVariable = "LESSONKIT_CHECKPOINT_OWNER"

/// A request to a checkpoint: run the library at `library` (its
/// `__lessons_resume` function) with printed text appended to `output` and
/// events to `events`. Sent as three lines and an empty line.
public struct ResumeRequest: Equatable, Sendable {
  /// The compiled cells to run.
  public var library: String
  /// The file standard output and standard error append to.
  public var output: String
  /// The events file.
  public var events: String

  /// A request.
  public init(library: String, output: String, events: String) {
    self.library = library
    self.output = output
    self.events = events
  }

  /// The exit status of a worker that could not start the library's cells
  /// (before any cell started): the runner then runs the program whole.
  public static let failureStatus: Int32 = 70

  /// The name of the C function a resumed library exports.
  public static let entryPoint = "__lessons_resume"

  /// The request as sent.
  public var encoded: String { "\(library)\n\(output)\n\(events)\n\n" }

  /// The request `text` encodes, or `nil`.
  public init?(decoding text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.count >= 3, !lines[0].isEmpty, !lines[1].isEmpty, !lines[2].isEmpty else { return nil }
    self.init(library: String(lines[0]), output: String(lines[1]), events: String(lines[2]))
  }
}

/// A cheap identity of a file's contents: its size, modification time and
/// inode. Taken when a lesson reads a data file and again when its result is
/// cached, so that a file edited while the lesson ran is never cached as if
/// the run had read the new version.
///
/// ```swift
/// let stamp = FileStamp.of("/course/Sources/LessonKit/Resources/digits.csv")  // "467984 1764460800.123456789 1311"
/// ```
public enum FileStamp {
  /// The stamp of the file at `path`, or `nil` when it cannot be read.
  public static func of(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)"
  }
}
