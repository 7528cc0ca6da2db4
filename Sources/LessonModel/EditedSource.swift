/// Where a line of an edited lesson came from, to put what is said about
/// it back at the line a person wrote.
public enum LineOrigin: Equatable, Sendable {
  /// That line of the lesson, unchanged.
  case original(Int)
  /// A placeholder standing for that line of the lesson (its
  /// `// PLACEHOLDER:` line, or `// BEGIN SOLUTION` for the default), whose
  /// prefix took `columnShift` columns there.
  case placeholder(line: Int, columnShift: Int)
  /// That line of a student's submission.
  case submitted(Int)
}

/// A lesson's Markdown with some of its lines replaced, and the origin of
/// each line of the result. Lines keep their own endings (LF, CRLF or CR);
/// a replacement line takes the ending of the line before it.
///
/// ```swift
/// let edited = EditedSource.replacing("a\r\nb\r\nc\r\n", [2..<3: [("B", .placeholder(line: 2, columnShift: 0))]])
/// edited.text      // "a\r\nB\r\nc\r\n"
/// edited.origins   // [.original(1), .placeholder(line: 2, columnShift: 0), .original(3)]
/// ```
public struct EditedSource: Equatable, Sendable {
  /// The edited Markdown.
  public var text: String
  /// The origin of each of its lines, the first line first.
  public var origins: [LineOrigin]

  /// The origin of 1-based line `line`, or `nil` past the end.
  public func origin(of line: Int) -> LineOrigin? {
    origins.indices.contains(line - 1) ? origins[line - 1] : nil
  }

  /// `diagnostic`, about this edited version of the lesson at `path`, at
  /// the line it stands for: in the lesson as written, or in `submission`
  /// (a file's path) for a line a student wrote. Diagnostics about other
  /// files are left as they are.
  public func placing(_ diagnostic: Diagnostic, path: String, submission: String? = nil) -> Diagnostic {
    guard diagnostic.file == path, let origin = origin(of: diagnostic.line) else { return diagnostic }
    var placed = diagnostic
    switch origin {
    case .original(let line):
      placed.line = line
    case .placeholder(let line, let shift):
      placed.line = line
      placed.column = diagnostic.column.map { $0 + shift }
    case .submitted(let line):
      placed.line = line
      placed.file = submission ?? path
    }
    return placed
  }

  /// `source` with each range of 1-based lines (half-open, so an empty
  /// range inserts) replaced by the given lines. Ranges must not overlap.
  public static func replacing(_ source: String, _ replacements: [Range<Int>: [(String, LineOrigin)]]) -> EditedSource {
    let lines = SourceLines(source).lines
    let starts = Dictionary(replacements.map { ($0.key.lowerBound, $0.value) }, uniquingKeysWith: { first, _ in first })
    let replaced = Set(replacements.keys.flatMap { Array($0) })
    var edited = EditedSource(text: "", origins: [])
    var ending = "\n"
    for number in 1...(lines.count + 1) {
      for (line, origin) in starts[number] ?? [] {
        edited.text += line + ending
        edited.origins.append(origin)
      }
      guard number <= lines.count, !replaced.contains(number) else { continue }
      edited.text += lines[number - 1].text + lines[number - 1].ending
      edited.origins.append(.original(number))
      if !lines[number - 1].ending.isEmpty { ending = lines[number - 1].ending }
    }
    return edited
  }
}

/// A text split into lines, each with its ending as written: `\r\n`, `\n`,
/// `\r`, or nothing for a last line without one (the line breaks cmark
/// counts).
///
/// ```swift
/// SourceLines("a\r\nb").lines.map(\.ending)  // ["\r\n", ""]
/// ```
public struct SourceLines: Sendable {
  /// The lines, the first first.
  public var lines: [(text: String, ending: String)]

  /// Splits `text`.
  public init(_ text: String) {
    lines = []
    var line = String.UnicodeScalarView()
    var scalars = text.unicodeScalars[...]
    while let scalar = scalars.first {
      scalars = scalars.dropFirst()
      switch scalar {
      case "\n":
        lines.append((String(line), "\n"))
        line = String.UnicodeScalarView()
      case "\r":
        let crlf = scalars.first == "\n"
        if crlf { scalars = scalars.dropFirst() }
        lines.append((String(line), crlf ? "\r\n" : "\r"))
        line = String.UnicodeScalarView()
      default:
        line.append(scalar)
      }
    }
    if !line.isEmpty { lines.append((String(line), "")) }
  }
}
