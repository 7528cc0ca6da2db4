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
}

/// A parsed lesson: front matter, cells and any problems found while parsing.
public struct Lesson: Sendable {
  /// The path used in diagnostics, e.g. `lessons/03-init.md`.
  public var path: String
  /// The whole Markdown source.
  public var source: String
  /// The Markdown with the front matter replaced by blank lines, so cmark's
  /// line numbers still match the file.
  public var body: String
  /// The front matter (empty when the file has none).
  public var frontMatter: FrontMatter
  /// The Swift cells in order.
  public var cells: [Cell]
  /// Errors and warnings found while parsing (bad options, unclosed fences).
  public var diagnostics: [Diagnostic]

  /// The title from the front matter, else the first level-1 heading, else
  /// the file name.
  public var title: String
}
