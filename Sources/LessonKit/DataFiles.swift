import Foundation
import TrainingCore

/// Data files that lessons read, resolved against the lesson's folder and
/// recorded for the runner's cache key (editing a data file re-runs the
/// lessons that read it).
///
/// ```swift
/// let digits = try LessonData.digits()                  // lessons/data/digits.csv
/// let notes = try LessonData.text("data/README.md")
/// let url = LessonData.url("data/my-measurements.csv")  // for any other reader
/// ```
///
/// Read every file a lesson uses through `LessonData`: a file opened by other
/// means is not part of the cache key, so editing it would not re-run the
/// lesson.
public enum LessonData {
  /// The environment variable holding the lesson's folder (set by the runner).
  static let directoryVariable = "LESSONKIT_LESSON_DIR"

  /// The URL of `relativePath` (e.g. `"data/digits.csv"`), resolved against
  /// the lesson's folder, and recorded as read.
  ///
  /// Outside the runner, paths resolve against the current directory.
  ///
  /// ```swift
  /// let url = LessonData.url("data/digits.csv")
  /// let digits = try Digits.load(contentsOf: url)
  /// ```
  ///
  /// - Parameter relativePath: A path relative to the lesson's Markdown file.
  /// - Returns: The standardized file URL.
  public static func url(_ relativePath: String) -> URL {
    let base = ProcessInfo.processInfo.environment[directoryVariable] ?? FileManager.default.currentDirectoryPath
    let url = URL(fileURLWithPath: relativePath, relativeTo: URL(fileURLWithPath: base, isDirectory: true)).standardizedFileURL
    Runtime.shared.fileRead(url.path)
    return url
  }

  /// The text of a data file, read as UTF-8 and recorded as read.
  ///
  /// ```swift
  /// let rows = try LessonData.text("data/measurements.csv").split(separator: "\n")
  /// ```
  ///
  /// - Parameter relativePath: A path relative to the lesson's Markdown file.
  /// - Returns: The file's contents.
  /// - Throws: The file-reading error when the file is missing or not UTF-8.
  public static func text(_ relativePath: String) throws -> String {
    try String(contentsOf: url(relativePath), encoding: .utf8)
  }

  /// The 1,797 UCI 8×8 digits shipped in `lessons/data/digits.csv`, pixels in
  /// 0...16 (see TrainingCore's `Digits`).
  ///
  /// ```swift
  /// let digits = try LessonData.digits()
  /// let (train, validation) = digits.split(validationFraction: 0.2, seed: 1)
  /// let scaler = Standardizer.fit(train.inputs)
  /// ```
  ///
  /// - Returns: A classification data set of `1797 × 64` inputs and labels 0–9.
  /// - Throws: The file-reading error, or `Digits.ParseError`.
  public static func digits() throws -> Dataset {
    try Digits.load(contentsOf: url("data/digits.csv"))
  }
}
