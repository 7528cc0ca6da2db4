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
