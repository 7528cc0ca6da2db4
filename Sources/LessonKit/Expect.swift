/// States a claim the lesson makes; `lessons check` fails when it does not
/// hold.
///
/// Failed claims do not stop the cell (like XCTest's soft failures), so one
/// run reports every false claim. The page shows failures plainly. Pass a
/// message that says what is claimed, with the measured value:
///
/// ```swift
/// let accuracy = model.accuracy(on: validation)
/// expect(accuracy >= 0.95, "He init reaches 95% accuracy (got \(format(accuracy)))")
/// ```
///
/// A failure is reported at the Markdown line of the `expect` call. Outside
/// the runner a failed claim prints `file:line: error: expectation failed: …`
/// to standard error.
///
/// - Parameters:
///   - condition: The claim.
///   - message: What is claimed, shown on the page and in `lessons check`.
///   - file: The file of the call; leave the default (the runner maps it to
///     the lesson's Markdown file).
///   - line: The line of the call; leave the default.
public func expect(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
  file: String = #filePath, line: Int = #line
) {
  Runtime.shared.expectation(passed: condition(), message: message(), file: file, line: line)
}
