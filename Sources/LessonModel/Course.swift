import Foundation

/// A lesson file on disk, parsed.
public struct LessonFile: Sendable {
  /// The file.
  public var url: URL
  /// The parsed lesson; its `path` is the file as named on the command line.
  public var lesson: Lesson

  /// Creates a lesson file.
  public init(url: URL, lesson: Lesson) {
    self.url = url
    self.lesson = lesson
  }
}

/// The lessons of a course, in course order.
///
/// A course is a folder of Markdown lessons. Lessons are ordered by their
/// front matter `order`, then by file name (so `01-…`, `02-…` need no front
/// matter). `README.md` files are not lessons.
public struct Course: Sendable {
  /// The lessons in order.
  public var lessons: [LessonFile]
  /// Warnings about the course as a whole, such as a subfolder of Markdown
  /// files that is not read.
  public var warnings: [String]
  /// The settings from the course's `course.yml` (defaults without one).
  public var config: CourseConfig
  /// Where `course.yml` was read from, or `nil` when there is none.
  public var configURL: URL?

  /// Creates a course.
  public init(lessons: [LessonFile], warnings: [String] = [], config: CourseConfig = CourseConfig(), configURL: URL? = nil) {
    self.lessons = lessons
    self.warnings = warnings
    self.config = config
    self.configURL = configURL
  }

  /// The lessons of shard `index` (1-based) of `count`: every `count`-th
  /// lesson in course order, starting with the `index`-th. Deterministic, so a
  /// CI matrix of `count` jobs runs every lesson exactly once.
  public func shard(_ index: Int, of count: Int) -> Course {
    Course(
      lessons: lessons.enumerated().filter { $0.offset % count == index - 1 }.map(\.element), warnings: warnings,
      config: config, configURL: configURL)
  }
}
