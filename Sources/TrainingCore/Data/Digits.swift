import Foundation

/// The UCI "Optical Recognition of Handwritten Digits" test set (Alpaydin &
/// Kaynak, 1998), the same 1,797 samples as scikit-learn's `load_digits`.
///
/// Each sample is an 8 × 8 image, flattened row by row into 64 features, each
/// the count of ink pixels in a 4 × 4 block of a 32 × 32 bitmap (an integer in
/// 0...16), with a label 0–9. The file format is one sample per line: 64
/// pixel counts then the label, comma-separated (`Sources/LessonKit/Resources/digits.csv`).
///
/// Features are returned unscaled, as `Float` in 0...16; scaling them (by
/// 1/16, or with a ``Standardizer``) is the lesson's job.
///
/// ```swift
/// let digits = try Digits.load(contentsOf: URL(fileURLWithPath: "Sources/LessonKit/Resources/digits.csv"))
/// digits.inputs.shape  // (1797, 64)
/// ```
///
/// In a lesson, read the file with LessonKit's `LessonData.digits()`, which
/// also tells the runner's cache that the lesson depends on it.
public enum Digits {
  /// The pixels of one image (8 × 8).
  public static let featureCount = 64
  /// The number of classes (digits 0–9).
  public static let classCount = 10
  /// The largest pixel value: a 4 × 4 block has 16 pixels.
  public static let maximumPixelValue = 16

  /// Why a digits file could not be read, with the 1-based line it happened on.
  ///
  /// ```swift
  /// do {
  ///   _ = try Digits.parse("1,2,3\n")
  /// } catch let error as Digits.ParseError {
  ///   print(error)   // line 1: expected 65 comma-separated values, found 3
  /// }
  /// ```
  public struct ParseError: Error, Equatable, CustomStringConvertible {
    /// The 1-based line number of the offending line.
    public let line: Int
    /// What is wrong with it.
    public let reason: String

    /// `line N: reason`.
    public var description: String { "line \(line): \(reason)" }
  }

  /// Reads the digits file at `url` (see ``parse(_:)``).
  ///
  /// ```swift
  /// let url = URL(fileURLWithPath: "Sources/LessonKit/Resources/digits.csv")
  /// let digits = try Digits.load(contentsOf: url)
  /// let scaled = Dataset(inputs: digits.inputs / 16, labels: digits.labels)
  /// ```
  ///
  /// - Parameter url: A file URL of a digits CSV file.
  /// - Returns: A classification data set of `n × 64` inputs and labels 0–9.
  /// - Throws: The file-reading error, or ``ParseError`` for a malformed line.
  public static func load(contentsOf url: URL) throws -> Dataset {
    try parse(String(contentsOf: url, encoding: .utf8))
  }

  /// Parses digits text: one sample per line, 64 integers in 0...16 and then a
  /// label in 0...9, separated by commas. Throws ``ParseError`` naming the
  /// first bad line. A final newline and `\r\n` line endings are accepted;
  /// blank lines are not.
  ///
  /// ```swift
  /// let line = Array(repeating: "0", count: 64).joined(separator: ",") + ",7\n"
  /// let one = try Digits.parse(line)
  /// one.labels   // [7]
  /// ```
  ///
  /// - Parameter text: The file's contents.
  /// - Returns: A classification data set of `n × 64` inputs and labels 0–9.
  /// - Throws: ``ParseError`` for the first malformed line.
  public static func parse(_ text: String) throws -> Dataset {
    // "\r\n" is one `Character` in Swift, so it is matched as a separator of its own.
    var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    if lines.last?.isEmpty == true { lines.removeLast() }
    guard !lines.isEmpty else { throw ParseError(line: 1, reason: "no samples") }
    var pixels = [Float]()
    pixels.reserveCapacity(lines.count * featureCount)
    var labels = [Int]()
    labels.reserveCapacity(lines.count)
    for (index, line) in lines.enumerated() {
      let lineNumber = index + 1
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == featureCount + 1 else {
        throw ParseError(
          line: lineNumber,
          reason: "expected \(featureCount + 1) comma-separated values, found \(line.isEmpty ? 0 : fields.count)")
      }
      for (column, field) in fields.enumerated() {
        guard let value = Int(field.trimmingCharacters(in: .whitespaces)) else {
          throw ParseError(line: lineNumber, reason: "value \(column + 1) is \"\(field)\", not an integer")
        }
        if column < featureCount {
          guard (0...maximumPixelValue).contains(value) else {
            throw ParseError(line: lineNumber, reason: "pixel \(column + 1) is \(value), outside 0...\(maximumPixelValue)")
          }
          pixels.append(Float(value))
        } else {
          guard (0..<classCount).contains(value) else {
            throw ParseError(line: lineNumber, reason: "label is \(value), outside 0...\(classCount - 1)")
          }
          labels.append(value)
        }
      }
    }
    return Dataset(inputs: Tensor(rows: labels.count, cols: featureCount, scalars: pixels), labels: labels)
  }
}
