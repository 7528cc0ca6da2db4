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
/// show-solutions: true
/// parts:
///   - title: Getting started
///     lessons: [01-the-training-loop.md, 02-data.md]
/// ```
public struct CourseConfig: Equatable, Sendable {
  /// The file name looked for in the folder of lessons.
  public static let fileName = "course.yml"
  /// The keys the file may have; others are warnings.
  public static let knownKeys = [
    "title", "description", "authors", "repository", "branch", "theme", "code-fold", "echo-expect", "show-solutions",
    "edition", "parts",
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
  /// Whether the instructor's site shows the exercises' solutions (under a
  /// toggle); `false` shows the students' placeholders instead.
  public var showSolutions = true
  /// Which edition the course's folder holds: the instructor's (with
  /// solutions), or a student edition that `lessons student` wrote.
  public var edition = Edition.instructor
  /// The numbered lessons grouped into titled parts, in course order (like
  /// Jupyter Book's parts); empty to number them by front matter `order` and
  /// file name.
  public var parts: [CoursePart] = []

  /// Creates a configuration with every setting at its default.
  public init() {}
}

/// The two editions of a course with exercises.
public enum Edition: String, Equatable, Sendable, CaseIterable {
  /// The lessons as written: solutions, hidden checks.
  case instructor
  /// What students get: placeholders in place of the solutions, no hidden
  /// checks.
  case student
}

/// A titled group of lessons in the course config.
public struct CoursePart: Equatable, Sendable {
  /// The part's title, shown above its lessons.
  public var title: String
  /// Its lesson files' names (`03-weight-initialization.md`), in order.
  public var lessons: [String]
  /// The line of `course.yml` that names the part.
  public var line: Int

  /// Creates a part.
  public init(title: String, lessons: [String], line: Int = 0) {
    self.title = title
    self.lessons = lessons
    self.line = line
  }
}
