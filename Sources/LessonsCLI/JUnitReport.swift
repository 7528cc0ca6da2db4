import Foundation
import LessonModel
import LessonRunner
import Markup

/// How a course check went, counted once for the console summary and the
/// JUnit report, so that the two always agree.
struct CheckSummary {
  /// Lessons that passed and failed.
  var passedLessons = 0, failedLessons = 0
  /// Test cases (one per cell, plus one per lesson with lesson-wide errors)
  /// and how many of them failed.
  var tests = 0, failedTests = 0
  /// Warnings across the course.
  var warnings = 0

  init(_ results: [LessonResult], courseWarnings: Int = 0) {
    warnings = courseWarnings
    for result in results {
      if result.passed { passedLessons += 1 } else { failedLessons += 1 }
      let cases = JUnitReport.testCases(of: result)
      tests += cases.count
      failedTests += cases.filter { $0.failure != nil }.count
      warnings += result.diagnostics.filter { $0.severity == .warning }.count
    }
  }

  /// `7 passed, 2 failed (9 lessons; 3 of 140 tests failed; 1 warning)`.
  var line: String {
    let lessons = passedLessons + failedLessons
    var text = "\(passedLessons) passed, \(failedLessons) failed (\(lessons) lesson\(lessons == 1 ? "" : "s")"
    if failedTests > 0 { text += "; \(failedTests) of \(tests) tests failed" }
    if warnings > 0 { text += "; \(warnings) warning\(warnings == 1 ? "" : "s")" }
    return text + ")"
  }
}

/// A JUnit XML report: one test suite per lesson, one test case per cell,
/// and a test case named `lesson` for errors that belong to no cell (front
/// matter, unreadable files, a crash after the last cell). Every failing
/// lesson has at least one `<failure>`, with its messages at `file:line`.
struct JUnitReport {
  let results: [LessonResult]

  /// One JUnit test case.
  struct TestCase {
    var name: String
    var seconds: Double
    /// The failure's one-line message and its located details.
    var failure: (message: String, details: String)?
    /// Why it did not run, when it did not.
    var skipped: String?
  }

  /// The test cases of one lesson.
  static func testCases(of result: LessonResult) -> [TestCase] {
    let errors = result.diagnostics.filter { $0.severity == .error }
    var cases = result.cells.map { cell -> TestCase in
      var test = TestCase(name: "cell \(cell.index + 1)", seconds: cell.seconds)
      switch cell.status {
      case .failed:
        let own = errors.filter { $0.cell == cell.index }
        // The details keep each error's notes (the false condition of a claim).
        let explained = result.diagnostics.filter { $0.cell == cell.index && $0.severity != .warning }
        test.failure = (cell.failure ?? own.first?.message ?? "failed", explained.map(\.description).joined(separator: "\n"))
      case .skipped: test.skipped = "not run (norun or eval: false)"
      case .notRun: test.skipped = "not run: an earlier problem stopped the lesson"
      case .passed: break
      }
      return test
    }
    // Errors no failed cell carries: lesson-wide, or about a cell that could
    // not fail on its own account.
    let failedCells = Set(result.cells.filter { $0.status == .failed }.map(\.index))
    let unclaimed = errors.filter { $0.cell.map { !failedCells.contains($0) } ?? true }
    if !unclaimed.isEmpty {
      cases.append(TestCase(
        name: "lesson", seconds: 0,
        failure: (unclaimed[0].message, unclaimed.map(\.description).joined(separator: "\n"))))
    }
    return cases
  }

  var xml: String {
    let summary = CheckSummary(results)
    var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
    lines.append(#"<testsuites name="lessons" tests="\#(summary.tests)" failures="\#(summary.failedTests)">"#)
    for result in results {
      let cases = Self.testCases(of: result)
      let failures = cases.filter { $0.failure != nil }.count
      let skipped = cases.filter { $0.skipped != nil }.count
      lines.append(
        #"  <testsuite name="\#(Self.escape(result.path))" tests="\#(cases.count)" failures="\#(failures)" skipped="\#(skipped)" time="\#(seconds(result.compileSeconds + result.runSeconds))">"#)
      for test in cases {
        lines.append(#"    <testcase classname="\#(Self.escape(result.path))" name="\#(test.name)" time="\#(seconds(test.seconds))">"#)
        if let failure = test.failure {
          lines.append(#"      <failure message="\#(Self.escape(failure.message))">\#(Self.escape(failure.details))</failure>"#)
        }
        if let skipped = test.skipped {
          lines.append(#"      <skipped message="\#(Self.escape(skipped))"/>"#)
        }
        lines.append("    </testcase>")
      }
      lines.append("  </testsuite>")
    }
    lines.append("</testsuites>")
    return lines.joined(separator: "\n") + "\n"
  }

  private func seconds(_ value: Double) -> String {
    String(format: "%.3f", value)
  }

  /// Escapes text for XML attributes and content: the site's HTML escaping
  /// (`&`, `<`, `>`, quotes), after replacing what XML 1.0 cannot hold
  /// (control characters but tab and line breaks, U+FFFE and U+FFFF) with
  /// U+FFFD.
  static func escape(_ text: String) -> String {
    var printable = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let forbidden = (scalar.value < 0x20 && !["\n", "\t", "\r"].contains(scalar)) || scalar.value == 0xFFFE || scalar.value == 0xFFFF
      printable.append(forbidden ? "\u{FFFD}" : scalar)
    }
    return Escape.attribute(String(printable))
  }
}
