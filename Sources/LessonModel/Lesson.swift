/// The metadata block at the top of a lesson, between `---` lines (YAML).
///
/// ```yaml
/// ---
/// title: Weight initialization
/// summary: Why zeros fail and He keeps ReLU activations alive.
/// order: 3
/// ---
/// ```
public struct FrontMatter: Equatable, Sendable, Codable {
  /// The lesson's title; the first heading when absent.
  public var title: String?
  /// One or two sentences for the course index.
  public var summary: String?
  /// The lesson's position in the course; file names order lessons without it.
  public var order: Int?
  /// A heading that lists the page apart from the numbered lessons, such as
  /// `For authors`; lessons without one are numbered in course order.
  public var section: String?
  /// Whether the cells are compiled with optimization (`-O`), for lessons
  /// whose own cell code has hot loops. By default cells compile without it,
  /// several times faster; the training itself always runs in the optimized
  /// library.
  public var optimize: Bool = false
  /// The lesson's default for its cells' `code-fold` option.
  public var codeFold: CodeFold?
  /// The lesson's default for its cells' `echo-expect` option.
  public var echoExpect: Bool?

  /// The keys front matter may have; others are warnings.
  public static let knownKeys = ["title", "summary", "order", "section", "optimize", "code-fold", "echo-expect"]

  /// Creates front matter.
  public init(title: String? = nil, summary: String? = nil, order: Int? = nil, section: String? = nil) {
    self.title = title
    self.summary = summary
    self.order = order
    self.section = section
  }
}

/// One ` ```swift ` block of a lesson: an experiment cell.
public struct Cell: Equatable, Sendable {
  /// The cell's position among the lesson's Swift cells (0-based).
  public var index: Int
  /// The code without its `//|` option lines.
  public var code: String
  /// The options from the `//|` lines.
  public var options: CellOptions
  /// Where each `//|` line is in the Markdown.
  public var optionLines: OptionLines
  /// The Markdown line of the first line of `code`.
  public var firstCodeLine: Int
  /// The Markdown line of the opening fence.
  public var fenceLine: Int
  /// The 1-based column of the block (greater than 1 inside lists and quotes).
  public var column: Int
  /// Whether the block was marked `swift norun` (shown, never compiled).
  public var isNoRun: Bool

  /// Whether the cell is compiled and run.
  public var runs: Bool { options.eval && !isNoRun }
  /// The Markdown lines of its code (after its option lines; the closing
  /// fence is the line after them).
  public var codeLines: Range<Int> { firstCodeLine..<(firstCodeLine + code.count { $0 == "\n" }) }

  /// Creates a cell.
  public init(
    index: Int, code: String, options: CellOptions = CellOptions(), optionLines: OptionLines = OptionLines(),
    firstCodeLine: Int, fenceLine: Int, column: Int = 1, isNoRun: Bool = false
  ) {
    self.index = index
    self.code = code
    self.options = options
    self.optionLines = optionLines
    self.firstCodeLine = firstCodeLine
    self.fenceLine = fenceLine
    self.column = column
    self.isNoRun = isNoRun
  }
}

/// A parsed lesson: front matter, cells and any problems found while parsing.
public struct Lesson: Sendable {
  /// The path used in diagnostics, e.g. `lessons/03-init.md`.
  public var path: String
  /// The Markdown source exactly as read.
  public var source: String
  /// The Markdown with `\n` line endings and the front matter replaced by
  /// blank lines, so cmark's line numbers still match the file.
  public var body: String
  /// The front matter (empty when the file has none).
  public var frontMatter: FrontMatter
  /// The Swift cells in order.
  public var cells: [Cell]
  /// Every heading, in document order, with its anchor on the page.
  public var headings: [Heading]
  /// Errors and warnings found while parsing (bad options, unclosed fences).
  public var diagnostics: [Diagnostic]

  /// The title from the front matter, else the first level-1 heading, else
  /// the file name.
  public var title: String
  /// The course's shared Swift files (`shared/*.swift` beside the lesson),
  /// compiled into the lesson's program with its cells.
  public var sharedSources: [SourceFile] = []
  /// The inline expressions of the prose (`` `{swift} expr` ``), in
  /// document order.
  public var inlineExpressions: [InlineExpression] = []
  /// The exercises, in document order (see ``Exercise``).
  public var exercises: [Exercise] = []
  /// Which version of the file this is when the commands made it from the
  /// file as written (a blanked solution, the student edition, a
  /// submission), or `nil` for the file itself.
  public var variant: LessonVariant?

  /// Creates a lesson.
  public init(
    path: String, source: String, body: String, frontMatter: FrontMatter, cells: [Cell], headings: [Heading],
    diagnostics: [Diagnostic], title: String
  ) {
    self.path = path
    self.source = source
    self.body = body
    self.frontMatter = frontMatter
    self.cells = cells
    self.headings = headings
    self.diagnostics = diagnostics
    self.title = title
  }
}

/// A version of a lesson that the commands make from its file, run and
/// cached apart from the file itself (its code differs, its path does not).
///
/// ```swift
/// LessonVariant(name: "blank relu", cachesFailures: true)
/// ```
public struct LessonVariant: Equatable, Sendable {
  /// Names the version in the cache: `blank relu`, `student`, `submission alice`.
  public var name: String
  /// Whether a failing result is cached too, for versions that are meant
  /// to fail (a blanked solution, the student edition).
  public var cachesFailures: Bool

  /// Creates a variant.
  public init(name: String, cachesFailures: Bool) {
    self.name = name
    self.cachesFailures = cachesFailures
  }
}

/// An inline expression in a lesson's prose, Quarto's inline code:
/// `` `{swift} format(accuracy * 100)` `` is replaced on the page by the
/// value the expression has after the cells before it ran.
///
/// ```swift
/// InlineExpression(index: 0, code: "format(accuracy * 100)", line: 12, column: 30,
///                  spanColumn: 21, afterCell: 3)
/// ```
public struct InlineExpression: Equatable, Sendable {
  /// Its position among the lesson's inline expressions (0-based).
  public var index: Int
  /// The Swift expression.
  public var code: String
  /// The Markdown line it is on.
  public var line: Int
  /// The 1-based byte column where the expression starts.
  public var column: Int
  /// The 1-based byte column cmark gives the code span (where its content
  /// starts; how the site finds the span again).
  public var spanColumn: Int
  /// The index of the last runnable cell before it, after which it is
  /// evaluated; `nil` when no cell comes before it.
  public var afterCell: Int?

  /// Creates an inline expression.
  public init(index: Int, code: String, line: Int, column: Int, spanColumn: Int, afterCell: Int?) {
    self.index = index
    self.code = code
    self.line = line
    self.column = column
    self.spanColumn = spanColumn
    self.afterCell = afterCell
  }

  /// The prefix of a code span that makes it an inline expression.
  public static let marker = "{swift}"

  /// The expression of a code span's text when it is an inline expression:
  /// the marker, white space, then code. `{swift}` alone is just code (how
  /// prose names the marker), as is `` `{swift} x` `` in double backticks.
  ///
  /// ```swift
  /// InlineExpression.code(inSpan: "{swift} accuracy")   // "accuracy"
  /// InlineExpression.code(inSpan: "{swift}")            // nil
  /// ```
  public static func code(inSpan text: String) -> String? {
    guard text.hasPrefix(marker), text.dropFirst(marker.count).first?.isWhitespace == true else { return nil }
    let code = text.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
    return code.isEmpty ? nil : code
  }
}

/// A Swift file shared by the lessons of a folder: declarations (helpers,
/// types) that every lesson program there compiles with its cells.
///
/// ```swift
/// SourceFile(path: "lessons/shared/Training.swift", text: "func trainSpiral() { … }\n")
/// ```
public struct SourceFile: Equatable, Sendable {
  /// The path used in diagnostics, e.g. `lessons/shared/Training.swift`.
  public var path: String
  /// The file's text as read.
  public var text: String

  /// Creates a source file.
  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }
}

/// The Markdown lines of a cell's `//|` option lines, in order.
public struct OptionLines: Equatable, Sendable {
  private var entries: [(key: String, line: Int)] = []

  /// No option lines.
  public init() {}

  /// The number of option lines.
  public var count: Int { entries.count }

  /// The line of the first option line with `key`, or `nil`.
  public subscript(key: String) -> Int? { entries.first { $0.key == key }?.line }

  /// Records an option line.
  public mutating func append(key: String, line: Int) { entries.append((key, line)) }

  /// Whether two sets of option lines are the same, key by key, in order.
  public static func == (a: OptionLines, b: OptionLines) -> Bool {
    a.entries.elementsEqual(b.entries) { $0.key == $1.key && $0.line == $1.line }
  }
}

/// A heading of a lesson and its anchor (`id`) on the page.
public struct Heading: Equatable, Sendable {
  /// The Markdown line where the heading starts.
  public var line: Int
  /// 1 to 6.
  public var level: Int
  /// The heading's plain text.
  public var title: String
  /// The heading's `id`: a slug of its text, unique on the page.
  public var anchor: String

  /// Creates a heading.
  public init(line: Int, level: Int, title: String, anchor: String) {
    self.line = line
    self.level = level
    self.title = title
    self.anchor = anchor
  }
}

/// The element ids a lesson page generates, which headings and cell ids must
/// not take: `cell-N` (cells without an id), `fig-N` and `fig-N-…` (figures
/// and their parts), the theme's `content`, `search-input`, `search-results`
/// and `search-status`, and `search-result-N` (search results).
public enum PageIDs {
  /// The theme's own ids.
  static let theme: Set<String> = ["content", "search-input", "search-results", "search-status"]

  /// Whether the page may generate `id` for something else.
  ///
  /// ```swift
  /// PageIDs.isGenerated("fig-2")       // true
  /// PageIDs.isGenerated("fig-2-clip")  // true
  /// PageIDs.isGenerated("figures")     // false
  /// ```
  public static func isGenerated(_ id: String) -> Bool {
    if theme.contains(id) { return true }
    for prefix in ["cell-", "fig-", "search-result-"] where id.hasPrefix(prefix) {
      let number = id.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber }
      let rest = id.dropFirst(prefix.count + number.count)
      if !number.isEmpty && (rest.isEmpty || rest.hasPrefix("-")) { return true }
    }
    return false
  }
}

/// A heading's explicit id: Quarto's `{#id}` at the end of its text.
public enum HeadingID {
  /// The heading text without a trailing `{#id}`, and the id.
  ///
  /// ```swift
  /// HeadingID.split("Momentum {#sec-momentum}")  // ("Momentum", "sec-momentum")
  /// HeadingID.split("Plain heading")             // ("Plain heading", nil)
  /// ```
  public static func split(_ text: String) -> (title: String, id: String?) {
    guard let match = text.firstMatch(of: /\s*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$/) else { return (text, nil) }
    return (String(text[..<match.range.lowerBound]), String(match.1))
  }
}

/// A URL-friendly id: lowercase letters and digits joined by `-`, unique
/// among `used` (`-2`, `-3`, … for repeats) and never one the page
/// generates (such a slug gets a `section-` prefix).
///
/// ```swift
/// var used = Set<String>()
/// uniqueSlug("Batch norm, in practice", used: &used)  // "batch-norm-in-practice"
/// uniqueSlug("Fig 1", used: &used)                    // "section-fig-1"
/// ```
public func uniqueSlug(_ text: String, used: inout Set<String>) -> String {
  var slug = ""
  for character in text.lowercased() {
    if character.isLetter || character.isNumber {
      slug.append(character)
    } else if !slug.isEmpty && slug.last != "-" {
      slug.append("-")
    }
  }
  while slug.hasSuffix("-") { slug.removeLast() }
  if slug.isEmpty { slug = "section" }
  if PageIDs.isGenerated(slug) { slug = "section-" + slug }
  var candidate = slug
  var n = 2
  while used.contains(candidate) {
    candidate = "\(slug)-\(n)"
    n += 1
  }
  used.insert(candidate)
  return candidate
}
