import Foundation
import TrainingCore

/// Data files that lessons read, resolved against the lesson's folder and
/// recorded for the runner's cache key (editing a data file re-runs the
/// lessons that read it).
public enum LessonData {
  /// The environment variable holding the lesson's folder (set by the runner).
  static let directoryVariable = "LESSONKIT_LESSON_DIR"

  /// The URL of `relativePath` (e.g. `"data/digits.csv"`), resolved against
  /// the lesson's folder, and recorded as read.
  public static func url(_ relativePath: String) -> URL {
    let base = ProcessInfo.processInfo.environment[directoryVariable] ?? FileManager.default.currentDirectoryPath
    let url = URL(fileURLWithPath: relativePath, relativeTo: URL(fileURLWithPath: base, isDirectory: true)).standardizedFileURL
    Runtime.shared.fileRead(url.path)
    return url
  }

  /// The text of a data file.
  public static func text(_ relativePath: String) throws -> String {
    try String(contentsOf: url(relativePath), encoding: .utf8)
  }

  /// The 1,797 UCI 8×8 digits shipped in `lessons/data/digits.csv`, pixels in
  /// 0...16.
  public static func digits() throws -> Dataset {
    try Digits.load(contentsOf: url("data/digits.csv"))
  }
}
