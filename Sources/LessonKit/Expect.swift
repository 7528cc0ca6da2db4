/// States a claim the lesson makes; `lessons check` fails when it does not
/// hold.
///
/// Failed claims do not stop the cell (like XCTest's soft failures), so one
/// run reports every false claim. The page shows failures plainly. Pass a
/// message that says what is claimed, with the measured value:
///
/// ```swift
/// expect(accuracy >= 0.95, "He init reaches 95% accuracy (got \(accuracy))")
/// ```
///
/// - Parameters:
///   - condition: The claim.
///   - message: What is claimed, shown on the page and in `lessons check`.
public func expect(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
  file: String = #filePath, line: Int = #line
) {
  Runtime.shared.expectation(passed: condition(), message: message(), file: file, line: line)
}
