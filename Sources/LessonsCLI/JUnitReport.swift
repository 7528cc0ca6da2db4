import Foundation
import LessonRunner
import Site

/// A JUnit XML report: one test suite per lesson, one test case per cell.
/// A failed cell's details are the errors located inside that cell's lines
/// (all the lesson's errors when none is).
struct JUnitReport {
  let results: [LessonResult]
  /// The lessons, by path, to place errors in their cells.
  let lessons: [String: Lesson]

  var xml: String {
    var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
    let tests = results.reduce(0) { $0 + $1.cells.count }
    let failures = results.reduce(0) { $0 + $1.counts.failed }
    lines.append(#"<testsuites name="lessons" tests="\#(tests)" failures="\#(failures)">"#)
    for result in results {
      let skipped = result.cells.filter { $0.status == .skipped || $0.status == .notRun }.count
      lines.append(
        #"  <testsuite name="\#(escape(result.path))" tests="\#(result.cells.count)" failures="\#(result.counts.failed)" skipped="\#(skipped)" time="\#(seconds(result.compileSeconds + result.runSeconds))">"#)
      for cell in result.cells {
        lines.append(#"    <testcase classname="\#(escape(result.path))" name="cell \#(cell.index + 1)" time="\#(seconds(cell.seconds))">"#)
        switch cell.status {
        case .failed:
          let details = errors(of: cell.index, in: result).map(\.description).joined(separator: "\n")
          lines.append(#"      <failure message="\#(escape(cell.failure ?? "failed"))">\#(escape(details))</failure>"#)
        case .skipped:
          lines.append(#"      <skipped message="not run (norun or eval: false)"/>"#)
        case .notRun:
          lines.append(#"      <skipped message="not run: an earlier cell stopped the lesson"/>"#)
        case .passed:
          break
        }
        lines.append("    </testcase>")
      }
      lines.append("  </testsuite>")
    }
    lines.append("</testsuites>")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The errors inside cell `index`'s fence, or every error of the lesson
  /// when none falls inside it.
  private func errors(of index: Int, in result: LessonResult) -> [Diagnostic] {
    let errors = result.diagnostics.filter { $0.severity == .error }
    guard let cell = lessons[result.path]?.cells.first(where: { $0.index == index }) else { return errors }
    let lastLine = cell.firstCodeLine + cell.code.split(separator: "\n", omittingEmptySubsequences: false).count
    let inside = errors.filter { (cell.fenceLine...lastLine).contains($0.line) }
    return inside.isEmpty ? errors : inside
  }

  private func seconds(_ value: Double) -> String {
    String(format: "%.3f", value)
  }

  /// Escapes text for XML attributes and content: the site's HTML escaping
  /// (`&`, `<`, `>`, quotes), after replacing the control characters XML 1.0
  /// cannot hold (all but tab and line breaks) with `?`.
  private func escape(_ text: String) -> String {
    var printable = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      printable.append(scalar.value < 0x20 && !["\n", "\t", "\r"].contains(scalar) ? "?" : scalar)
    }
    return Escape.attribute(String(printable))
  }
}
