import Foundation
import TrainingCore

/// Data files that lessons read, resolved against the lesson's folder and
/// recorded for the runner's cache key (editing a data file re-runs the
/// lessons that read it).
///
/// ```swift
/// let digits = try LessonData.digits()                  // ships with LessonKit
/// let notes = try LessonData.text("data/README.md")
/// let sweep = try LessonData.json("data/sweep.json", as: Sweep.self)
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

  /// A JSON data file decoded as `type` (any `Decodable`), recorded as read.
  ///
  /// ```swift
  /// struct Sweep: Decodable { var learningRates: [Float]; var seeds: [UInt64] }
  /// let sweep = try LessonData.json("data/sweep.json", as: Sweep.self)
  /// ```
  ///
  /// - Parameters:
  ///   - relativePath: A path relative to the lesson's Markdown file.
  ///   - type: What the file holds.
  /// - Returns: The decoded value.
  /// - Throws: The file-reading error, or a ``DataFileError`` that names the
  ///   file and what in it did not match `type`.
  public static func json<Value: Decodable>(_ relativePath: String, as type: Value.Type) throws -> Value {
    let data = try Data(contentsOf: url(relativePath))
    do {
      return try JSONDecoder().decode(type, from: data)
    } catch let error as DecodingError {
      throw DataFileError(path: relativePath, problem: String(describing: error))
    }
  }

  /// The 1,797 UCI 8×8 digits, pixels in 0...16 (see TrainingCore's
  /// `Digits`). They ship with LessonKit, as `load_digits()` ships with
  /// scikit-learn, so a lesson in any folder can load them; the file is
  /// recorded as read like any data file.
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
    guard let file = Bundle.module.url(forResource: "digits", withExtension: "csv") else {
      fatalError("LessonKit's resources lack digits.csv; rebuild LessonKit (swift build -c release --product LessonKit)")
    }
    Runtime.shared.fileRead(file.path)
    return try Digits.load(contentsOf: file)
  }
}

/// A data file whose contents do not fit what the lesson asked for.
///
/// ```swift
/// // data/sweep.json: DecodingError.typeMismatch: … Path: rates. …
/// ```
public struct DataFileError: Error, CustomStringConvertible {
  /// The path the lesson gave, relative to its folder.
  public var path: String
  /// What did not fit, as the decoder described it.
  public var problem: String
  /// `path: problem`.
  public var description: String { "\(path): \(problem)" }
}
