/// A located message about a lesson, printed compiler-style:
/// `lessons/03-bn.md:42:5: error: expected value`.
public struct Diagnostic: Error, Equatable, Sendable, Codable, CustomStringConvertible {
  /// How serious the message is.
  public enum Severity: String, Sendable, Codable {
    case error, warning, note
  }

  /// The lesson file, as given on the command line (e.g. `lessons/01-loop.md`).
  public var file: String
  /// The 1-based line in the Markdown file.
  public var line: Int
  /// The 1-based column, or `nil` when only the line is known.
  public var column: Int?
  /// How serious the message is.
  public var severity: Severity
  /// What is wrong, in one line where possible.
  public var message: String
  /// The index of the cell the message is about, or `nil` for the lesson as
  /// a whole (front matter, a crash before the first cell).
  public var cell: Int?

  /// Creates a diagnostic.
  public init(file: String, line: Int, column: Int? = nil, severity: Severity = .error, message: String, cell: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.severity = severity
    self.message = message
    self.cell = cell
  }

  /// `file:line[:column]: severity: message`.
  public var description: String {
    "\(file):\(line)\(column.map { ":\($0)" } ?? ""): \(severity.rawValue): \(message)"
  }
}
