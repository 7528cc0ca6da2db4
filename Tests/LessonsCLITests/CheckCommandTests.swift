import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("lessons check, end to end")
struct CheckCommandTests {
  @Test func passingLessonExitsZero() throws {
    let run = try lessons(["check", "--no-cache", "shared-state.md"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("shared-state.md: 3 passed, 0 failed (1 expectation, "))
    #expect(run.stdout.hasSuffix("1 passed, 0 failed (1 lesson)\n"))
  }

  @Test func failuresAreReportedAtMarkdownLinesAndExitNonZero() throws {
    let run = try lessons(["check", "--no-cache", "-j", "2", "expectations.md", "compile-error.md", "shared-state.md"])
    #expect(run.status == 1)
    let errors = run.stderr.split(separator: "\n").map(String.init)
    #expect(errors.contains("expectations.md:6: error: expectation failed: accuracy is at least 99% (got 0.97)"))
    #expect(errors.contains("expectations.md:6: note: this condition was false: accuracy >= 0.99"))
    #expect(errors.contains { $0.hasPrefix("compile-error.md:11:9: error: cannot find 'notDefinedAnywhere' in scope") })
    #expect(run.stdout.hasSuffix("1 passed, 2 failed (3 lessons; 2 of 6 tests failed)\n"))
  }

  @Test func githubAnnotations() throws {
    let run = try lessons(["check", "--no-cache", "--format", "github", "expectations.md"])
    #expect(run.stderr == """
      ::error file=expectations.md,line=6::expectation failed: accuracy is at least 99%25 (got 0.97)
      ::notice file=expectations.md,line=6::this condition was false: accuracy >= 0.99

      """)  // % is escaped as %25
  }

  @Test func junitReportParsesAsXML() throws {
    let report = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(UUID().uuidString).xml")
    defer { try? FileManager.default.removeItem(at: report) }
    _ = try lessons(["check", "--no-cache", "--junit", report.path, "expectations.md", "shared-state.md", "trap-in-third-cell.md"])
    let document = try XMLDocument(contentsOf: report)
    let root = try #require(document.rootElement())
    #expect(root.name == "testsuites")
    #expect(root.attribute(forName: "tests")?.stringValue == "9")
    #expect(root.attribute(forName: "failures")?.stringValue == "2")
    let suites = root.elements(forName: "testsuite")
    #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["expectations.md", "shared-state.md", "trap-in-third-cell.md"])
    let failures = try document.nodes(forXPath: "//testcase/failure")
    #expect(failures.count == 2)
    let skipped = try document.nodes(forXPath: "//testcase/skipped")
    #expect(skipped.count == 2)  // cells 4 and 5 after the trap
  }

  @Test func junitFailuresCarryTheirOwnCellsErrors() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
      # Two failing cells

      ```swift
      expect(1 + 1 == 3, "first claim")
      ```

      ```swift
      expect(2 + 2 == 5, "second claim")
      ```
      """.write(to: folder.appendingPathComponent("two.md"), atomically: true, encoding: .utf8)
    let report = folder.appendingPathComponent("report.xml")
    _ = try lessons(["check", "--no-cache", "--junit", report.path, "two.md"], in: folder)
    let failures = try XMLDocument(contentsOf: report).nodes(forXPath: "//testcase/failure").map { $0.stringValue ?? "" }
    #expect(failures == [
      "two.md:4: error: expectation failed: first claim\ntwo.md:4: note: this condition was false: 1 + 1 == 3",
      "two.md:8: error: expectation failed: second claim\ntwo.md:8: note: this condition was false: 2 + 2 == 5",
    ])
  }

  @Test func texErrorsFailTheLessonAtTheirLineWarmOrCold() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("lessons"), withIntermediateDirectories: true)
    try """
      # Eigenvalues

      ```swift
      expect(1 + 1 == 2, "arithmetic holds")
      ```

      The step must stay below $`2 / \\lambda_\\max`$.
      """.write(to: folder.appendingPathComponent("lessons/01-math.md"), atomically: true, encoding: .utf8)
    // Cold, then warm: the cached cell results must not hide the prose error.
    for _ in 0..<2 {
      let run = try lessons(["check", "lessons", "--cache-dir", "cache"], in: folder)
      #expect(run.status == 1)
      #expect(run.stderr.contains("lessons/01-math.md:7:40: error: math does not typeset: "), "\(run.stderr)")
      #expect(run.stdout.contains("lessons/01-math.md: 1 passed, 0 failed, 1 error outside cells ("), "\(run.stdout)")
      #expect(run.stdout.hasSuffix("0 passed, 1 failed (1 lesson; 1 of 2 tests failed)\n"), "\(run.stdout)")
    }
    // The site is still written, with the TeX shown and the problem listed.
    let build = try lessons(["build", "lessons", "-o", "site", "--cache-dir", "cache"], in: folder)
    #expect(build.status == 1)
    let page = try String(contentsOf: folder.appendingPathComponent("site/01-math.html"), encoding: .utf8)
    #expect(page.contains("lessons/01-math.md:7:40: error: math does not typeset"))
    #expect(page.contains(#"math math-inline math-error"#))
  }

  @Test func aLibraryCheckThatFailsSaysWhyAtTheCellsLine() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
      # Tables

      ```swift
      table(Column("x", [1, 2, 3]), Column("y", [1, 2]))
      ```
      """.write(to: folder.appendingPathComponent("01-table.md"), atomically: true, encoding: .utf8)
    let run = try lessons(["check", "--no-cache", "01-table.md"], in: folder)
    #expect(run.status == 1)
    // The library's own message, although it runs optimized (-O drops precondition messages).
    #expect(run.stderr.contains("01-table.md:4: error:"), "\(run.stderr)")
    #expect(run.stderr.contains("table: column 'y' has 2 values, but 'x' has 3"), "\(run.stderr)")
  }

  @Test func theLibrariesStopWithMessagesThatSurviveOptimization() throws {
    // `precondition` and `preconditionFailure` lose their message under -O,
    // and lessons run on the optimized library: the code lessons call uses
    // `require` and `fatalError` instead.
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources")
    var offenders = [String]()
    for module in ["TrainingCore", "LessonKit", "CellProtocol"] {
      let folder = sources.appendingPathComponent(module)
      for case let path as String in FileManager.default.enumerator(atPath: folder.path)! where path.hasSuffix(".swift") {
        let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains("precondition(") || line.contains("preconditionFailure(") {
          if !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") { offenders.append("\(module)/\(path):\(number + 1)") }
        }
      }
    }
    #expect(offenders.isEmpty, "\(offenders)")
  }

  @Test func buildPrintsTheCourseToPDF() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("lessons"), withIntermediateDirectories: true)
    try "# One\n\nFirst.\n".write(to: folder.appendingPathComponent("lessons/01-one.md"), atomically: true, encoding: .utf8)
    try "# Two\n\nSecond.\n".write(to: folder.appendingPathComponent("lessons/02-two.md"), atomically: true, encoding: .utf8)
    let run = try lessons(["build", "lessons", "-o", "site", "--cache-dir", "cache", "--pdf", "course.pdf"], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let pdf = try Data(contentsOf: folder.appendingPathComponent("course.pdf"))
    #expect(pdf.starts(with: Data("%PDF-".utf8)))
    // A title page, the contents, and a sheet per lesson.
    let pages = String(decoding: pdf, as: UTF8.self).matches(of: /\/Type\s*\/Page[^s]/).count
    #expect(pages >= 4, "\(pages) pages")
    let misuse = try lessons(["build", "lessons", "--check", "--pdf", "x.pdf"], in: folder)
    #expect(misuse.status != 0 && misuse.stderr.contains("--pdf writes a file; it cannot be combined with --check"))
  }

  @Test func invalidArgumentsAreRejectedWithTheirReason() throws {
    let run = try lessons(["check", "--shard", "5/4"])
    #expect(run.status == 64)  // EX_USAGE: a usage mistake
    #expect(run.stderr.contains("The value '5/4' is invalid for '--shard"))
    #expect(run.stdout.isEmpty)  // nothing ran
    let missing = try lessons(["check", "no-such-lesson.md"])
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("no-such-lesson.md: no such file or folder"))
  }
}
