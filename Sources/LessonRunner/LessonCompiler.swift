import Foundation
import LessonModel

/// One message from `swiftc`, as printed: `file:line:column: severity: text`.
struct CompilerMessage: Equatable {
  var file: String
  var line: Int
  var column: Int
  var severity: Diagnostic.Severity
  var text: String

  /// Parses the compiler's one-line message format; other lines (source
  /// excerpts, carets) return `nil`.
  init?(_ line: Substring) {
    // Split from the right of "severity: " so that paths may contain colons.
    for severity in [Diagnostic.Severity.error, .warning, .note] {
      guard let marker = line.range(of: ": \(severity.rawValue): ") else { continue }
      let location = line[..<marker.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
      guard location.count >= 3, let lineNumber = Int(location[location.count - 2]),
        let column = Int(location[location.count - 1])
      else { continue }
      file = location.dropLast(2).joined(separator: ":")
      self.line = lineNumber
      self.column = column
      self.severity = severity
      text = String(line[marker.upperBound...])
      return
    }
    return nil
  }
}

/// Compiles a generated lesson program with `swiftc`.
struct LessonCompiler {
  let toolchain: Toolchain

  /// Compiles `source` (with `sharedSources`) to `executable` (a `product`); returns whether it succeeded, the
  /// parsed messages and the raw output (for messages that are not in the
  /// one-line format, such as linker errors).
  func compile(
    source: URL, executable: URL, optimized: Bool, sharedSources: [URL] = [], product: Toolchain.Product = .executable
  ) async throws -> (succeeded: Bool, messages: [CompilerMessage], output: String) {
    let (status, output) = try await runCapturingOutput(
      toolchain.compiler,
      toolchain.compileArguments(
        source: source, executable: executable, optimized: optimized, sharedSources: sharedSources, product: product))
    let messages = output.split(separator: "\n").compactMap(CompilerMessage.init)
    return (status == 0, messages, output)
  }
}
