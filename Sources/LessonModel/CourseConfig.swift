/// A course's settings, from `course.yml` in the folder of lessons (like
/// mdBook's `book.toml` or Quarto's `_quarto.yml`). Every key is optional;
/// command-line flags override the file.
///
/// ```yaml
/// title: Training Neural Networks
/// description: How neural networks are trained, one experiment at a time.
/// authors: [Ada Lovelace]
/// repository: https://github.com/example/course
/// branch: main
/// code-fold: false
/// echo-expect: true
/// ```
public struct CourseConfig: Equatable, Sendable {
  /// The file name looked for in the folder of lessons.
  public static let fileName = "course.yml"
  /// The keys the file may have; others are warnings.
  public static let knownKeys = [
    "title", "description", "authors", "repository", "branch", "theme", "code-fold", "echo-expect",
  ]

  /// The course's name, shown on every page.
  public var title: String?
  /// One sentence about the course, for the index page.
  public var description: String?
  /// The course's authors, shown on the index page.
  public var authors: [String] = []
  /// The web address of the course's repository (GitHub, GitLab, Gitea…),
  /// for each page's "view source" and "edit this page" links.
  public var repository: String?
  /// The repository branch those links point into.
  public var branch = "main"
  /// A folder whose templates and style sheet replace the built-in theme's,
  /// relative to the config file.
  public var theme: String?
  /// The course's default for cells' `code-fold` option.
  public var codeFold: CodeFold?
  /// The course's default for cells' `echo-expect` option.
  public var echoExpect: Bool?

  /// Creates a configuration with every setting at its default.
  public init() {}
}
