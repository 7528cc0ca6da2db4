/// Stops the program with `message` when `condition` is false, in every
/// build.
///
/// `precondition` drops its message in optimized builds (`-O`), and lesson
/// programs always run on the optimized library: an author would read only
/// "precondition failure". `fatalError` keeps the message, so the runner can
/// report what went wrong at the cell's line. Visible to the package's
/// modules (`package`, inlinable for the tensor code), not to lessons.
@inlinable
@inline(__always)
package func require(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
  file: StaticString = #fileID, line: UInt = #line
) {
  if !condition() { fatalError(message(), file: file, line: line) }
}
