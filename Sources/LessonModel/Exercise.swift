/// An exercise: a cell marked `//| exercise: ID` whose solution regions
/// students write, graded by the claims of the later cells marked
/// `//| grades: ID`.
///
/// ```swift
/// lesson.exercises.first  // Exercise(id: "relu", points: 2, cell: 3, line: 41, regions: […], checks: [4, 5])
/// ```
public struct Exercise: Equatable, Sendable {
  /// The exercise's id (lowercase letters, digits and `-`).
  public var id: String
  /// What it is worth (`//| points: N`, else 1), split equally across the
  /// claims of its checks.
  public var points: Int
  /// The index of its cell.
  public var cell: Int
  /// The Markdown line of its `//| exercise:` option.
  public var line: Int
  /// Its solution regions, in order, in Markdown lines.
  public var regions: [SolutionMarkers.Region]
  /// The indices of the cells that grade it, in order.
  public var checks: [Int]

  /// Creates an exercise.
  public init(id: String, points: Int, cell: Int, line: Int, regions: [SolutionMarkers.Region], checks: [Int]) {
    self.id = id
    self.points = points
    self.cell = cell
    self.line = line
    self.regions = regions
    self.checks = checks
  }

  /// A cell's code as students get it: the inside of each solution region
  /// replaced by ``studentLines(of:)`` (the markers stay).
  ///
  /// ```swift
  /// exercise.studentCode("// BEGIN SOLUTION\nx = 1\n// END SOLUTION\n")
  /// // "// BEGIN SOLUTION\nfatalError(\"exercise relu: write this\")\n// END SOLUTION\n"
  /// ```
  public func studentCode(_ code: String) -> String {
    var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for region in SolutionMarkers.scan(lines, firstLine: 0).regions.reversed() {
      lines.replaceSubrange(region.inside, with: studentLines(of: region))
    }
    return lines.joined(separator: "\n")
  }

  /// The code students start with in place of `region`: the author's
  /// placeholder, else a `fatalError` naming the exercise.
  ///
  /// ```swift
  /// exercise.studentLines(of: region)  // ["  fatalError(\"exercise relu: write this\")"]
  /// ```
  public func studentLines(of region: SolutionMarkers.Region) -> [String] {
    region.placeholder.isEmpty ? [region.indentation + "fatalError(\"exercise \(id): write this\")"] : region.placeholder
  }
}

/// The solution markers of an exercise cell: nbgrader's words in Swift
/// comments, each alone on its line. Students write what lies between
/// `// BEGIN SOLUTION` and `// END SOLUTION`; `// PLACEHOLDER:` lines right
/// after `// BEGIN SOLUTION` are the code they start with (comments in the
/// instructor's lesson, so they never run there).
///
/// ```swift
/// func relu(_ x: Float) -> Float {
///   // BEGIN SOLUTION
///   // PLACEHOLDER: return 0
///   return max(0, x)
///   // END SOLUTION
/// }
/// ```
public enum SolutionMarkers {
  /// The line that opens a solution region.
  public static let begin = "// BEGIN SOLUTION"
  /// The line that closes one.
  public static let end = "// END SOLUTION"
  /// The prefix of a placeholder line.
  public static let placeholder = "// PLACEHOLDER:"

  /// A solution region, by line (Markdown lines in a lesson's exercises,
  /// code lines from ``scan(_:firstLine:)`` with `firstLine` 0).
  public struct Region: Equatable, Sendable {
    /// The line of `// BEGIN SOLUTION`.
    public var begin: Int
    /// The line of `// END SOLUTION`.
    public var end: Int
    /// The white space before `// BEGIN SOLUTION`.
    public var indentation: String
    /// The author's placeholder as students get it, one line each (the
    /// `// PLACEHOLDER:` lines without their prefix, at their indentation);
    /// empty for the default.
    public var placeholder: [String]
    /// How many columns each placeholder line's prefix took in the lesson.
    public var placeholderShifts: [Int]

    /// The lines of the solution: after the placeholder lines, before
    /// `// END SOLUTION`.
    public var solution: Range<Int> { (begin + 1 + placeholder.count)..<end }
    /// The lines a student writes: everything between the markers.
    public var inside: Range<Int> { (begin + 1)..<end }
  }

  /// What is wrong with a cell's markers, at a line.
  public struct Problem: Equatable, Sendable {
    /// The line, in the numbering `scan` was given.
    public var line: Int
    /// What is wrong and how to fix it.
    public var message: String
  }

  /// Whether `line` is a marker: `// BEGIN SOLUTION`, `// END SOLUTION` or
  /// a placeholder line, after any indentation.
  public static func isMarker<Line: StringProtocol>(_ line: Line) -> Bool {
    let text = line.drop { $0 == " " || $0 == "\t" }.trimmingTrailingWhitespace
    return text == begin || text == end || text.hasPrefix(placeholder)
  }

  /// The regions of `lines` (a cell's code, line by line; `firstLine` is
  /// the number of its first line), and the problems with its markers: a
  /// marker without its pair, a nested `// BEGIN SOLUTION`, a placeholder
  /// line away from the start of a region, a near miss such as
  /// `//BEGIN SOLUTION`.
  ///
  /// ```swift
  /// SolutionMarkers.scan(["// BEGIN SOLUTION", "x = 1", "// END SOLUTION"], firstLine: 0).regions[0].solution  // 1..<2
  /// ```
  public static func scan<Line: StringProtocol>(_ lines: [Line], firstLine: Int) -> (regions: [Region], problems: [Problem]) {
    var regions = [Region](), problems = [Problem]()
    var open: Region?
    var inPlaceholder = false
    for (offset, line) in lines.enumerated() {
      let number = firstLine + offset
      let indentation = String(line.prefix { $0 == " " || $0 == "\t" })
      let text = line.dropFirst(indentation.count).trimmingTrailingWhitespace
      if text == begin {
        if let region = open {
          problems.append(Problem(line: number, message: "'\(begin)' inside the region opened on line \(region.begin); close it with '\(end)' first"))
        } else {
          open = Region(begin: number, end: number, indentation: indentation, placeholder: [], placeholderShifts: [])
          inPlaceholder = true
        }
      } else if text == end {
        if var region = open {
          region.end = number
          regions.append(region)
          open = nil
        } else {
          problems.append(Problem(line: number, message: "'\(end)' without a '\(begin)' before it"))
        }
      } else if text.hasPrefix(placeholder) {
        guard inPlaceholder, open != nil else {
          problems.append(Problem(line: number, message: "a '\(placeholder)' line must come right after '\(begin)' (or another placeholder line)"))
          continue
        }
        var code = text.dropFirst(placeholder.count)
        if code.first == " " { code = code.dropFirst() }
        open?.placeholder.append(indentation + code)
        open?.placeholderShifts.append(text.count - code.count)
      } else {
        inPlaceholder = false
        let words = text.lowercased().filter { $0.isLetter || $0 == " " }
        if words.contains("begin solution") || words.contains("end solution") {
          problems.append(Problem(line: number, message: "a solution marker must be alone on its line, exactly '\(begin)' or '\(end)'"))
        }
      }
    }
    if let region = open {
      problems.append(Problem(line: region.begin, message: "this solution region is never closed: add '\(end)' after the solution"))
    }
    return (regions, problems)
  }
}

extension StringProtocol {
  /// The text without spaces, tabs and carriage returns at its end.
  var trimmingTrailingWhitespace: String {
    var text = String(self)
    while let last = text.unicodeScalars.last, last == " " || last == "\t" || last == "\r" { text.unicodeScalars.removeLast() }
    return text
  }
}
