import CellProtocol
import Foundation
import LessonModel
@testable import LessonRunner
import Testing

/// The fixture lessons beside this file.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Runs one fixture lesson without the cache.
func runFixture(_ name: String, timeout: Double = 120) async throws -> LessonResult {
  let course = try Course.load(paths: [fixtures.appendingPathComponent(name).path])
  let runner = Runner(toolchain: try Toolchain.locate(), lessonTimeout: timeout)
  return await CourseRunner(runner: runner, cache: nil, jobs: 1).run(course)[0]
}

/// The diagnostics as `name.md:LINE: severity: message`, without the folder.
func located(_ result: LessonResult) -> [String] {
  result.diagnostics.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.line): \($0.severity.rawValue): \($0.message)" }
}

@Suite("Running lessons")
struct RunnerTests {
  @Test func cellsShareStateInOrder() async throws {
    let result = try await runFixture("shared-state.md")
    #expect(result.passed, "\(result.diagnostics)")
    #expect(result.cells.map(\.status) == [.passed, .passed, .passed])
    #expect(result.cells[2].text == "doubled: 40 log: [\"second\", \"third\"]\n")
    #expect(result.cells[2].expectations == [ExpectationResult(passed: true, message: "the second cell's let is visible here", line: 22)])
  }

  @Test func compileErrorPointsAtTheMarkdownLine() async throws {
    let result = try await runFixture("compile-error.md")
    #expect(!result.passed)
    let errors = located(result).filter { $0.contains(": error: ") }
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("compile-error.md:11: error: cannot find 'notDefinedAnywhere' in scope") == true)
    #expect(result.diagnostics.first { $0.severity == .error }?.column == 9)
    // The cell before the broken one still runs, as in a notebook.
    #expect(result.cells.map(\.status) == [.passed, .failed])
  }

  @Test func trapInTheThirdOfFiveCells() async throws {
    let result = try await runFixture("trap-in-third-cell.md")
    #expect(result.cells.map(\.status) == [.passed, .passed, .failed, .notRun, .notRun])
    #expect(result.cells[0].text == "cell one\n" && result.cells[1].text == "cell two\n")
    #expect(result.cells[2].text.hasPrefix("cell three starts\n"))
    let errors = located(result)
    #expect(errors.count == 1)
    // The backtrace names the line of `values[index]` in the Markdown, and the
    // trapping function; the backtrace itself (with its addresses) is not kept.
    // Compiled without optimization, a trap carries the runtime's own message.
    #expect(errors == ["trap-in-third-cell.md:15: error: the program crashed (SIGILL, a Swift runtime trap) in this cell: Fatal error: Index out of range"])
    #expect(result.cells[2].text == "cell three starts\n")
  }

  @Test func infiniteLoopIsKilledAtItsTimeout() async throws {
    let result = try await runFixture("infinite-loop.md")
    // Killed at its 1 s timeout, not at the lesson's 120 s limit (the run
    // time excludes compiling, which a busy machine can slow down).
    #expect(result.runSeconds < 10)
    #expect(result.cells.map(\.status) == [.passed, .failed, .notRun])
    #expect(located(result) == ["infinite-loop.md:9: error: the cell timed out after 1 s and was stopped"])
  }

  @Test func failingAndPassingExpectations() async throws {
    let result = try await runFixture("expectations.md")
    #expect(result.cells[0].status == .failed)
    #expect(result.cells[0].expectations.map(\.passed) == [true, false])
    #expect(result.cells[0].text == "the cell goes on after a failed claim\n")
    #expect(located(result) == [
      "expectations.md:6: error: expectation failed: accuracy is at least 99% (got 0.97)",
      "expectations.md:6: note: this condition was false: accuracy >= 0.99",
    ])
  }

  @Test func aFalseConditionIsQuotedFromTheSourceOnOneLine() {
    let code = "let x = 3\n  expect(x > 4 &&\n         x < 10, \"big\") // why\nexpect(true, \"fine\")\nexpect(condition: x == 1)\n"
    #expect(ClaimConditions.condition(in: code, line: 2) == "x > 4 && x < 10")
    #expect(ClaimConditions.condition(in: code, line: 4) == "true")
    #expect(ClaimConditions.condition(in: code, line: 1) == nil)
    #expect(ClaimConditions.condition(in: code, line: 5) == nil)  // a labelled first argument is not the condition
  }

  @Test func expectedErrorsPassAndAMissingErrorFails() async throws {
    let result = try await runFixture("expected-errors.md")
    #expect(result.cells.map(\.status) == [.passed, .passed, .passed, .passed, .passed, .failed])
    #expect(result.cells[0].expectedFailure?.hasPrefix("compile error: cannot convert value") == true)
    #expect(result.cells[1].expectedFailure?.contains("Diverged") == true)
    #expect(result.cells[2].expectedFailure?.contains("crashed") == true)
    #expect(result.cells[3].expectedFailure == "expectation failed: arithmetic is broken")
    #expect(result.cells[0...4].allSatisfy { $0.failure == nil })
    #expect(result.cells[4].text == "still running\n")
    #expect(located(result) == ["expected-errors.md:41: error: the cell is marked 'error: expected' but ran without an error"])
  }

  @Test func hugeOutputIsCapped() async throws {
    let result = try await runFixture("huge-output.md")
    #expect(result.passed)
    let text = result.cells[0].text
    #expect(text.utf8.count < 40 << 10)
    #expect(text.hasPrefix("line 0 of a very chatty cell\n"))
    #expect(text.contains("[output truncated: "))
    #expect(text.hasSuffix("line 199999 of a very chatty cell\n"))
    #expect(result.cells[1].text == "small\n")
  }
}

@Suite("Cache, parallel runs and reports")
struct CacheAndReportTests {
  /// A copy of some fixtures in a fresh folder, so tests may edit them.
  private func scratchCourse(_ names: [String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in names {
      try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    return folder
  }

  @Test func proseEditHitsTheCacheAndCodeEditMisses() async throws {
    let folder = try scratchCourse(["shared-state.md", "data-file.md", "numbers.txt"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let toolchain = try Toolchain.locate()
    let cache = try LessonCache(directory: folder.appendingPathComponent(".cache"), runner: Runner(toolchain: toolchain))
    let runner = CourseRunner(runner: Runner(toolchain: toolchain), cache: cache, jobs: 2)
    func check() async throws -> [LessonResult] { await runner.run(try Course.load(paths: [folder.path])) }

    let cold = try await check()
    #expect(cold.allSatisfy { $0.passed && !$0.fromCache })
    #expect(cold[0].cells[0].text == "total: 6\n")

    // Prose and front matter edits, which also move every cell down: cached,
    // with the claim's line moved along.
    let lesson = folder.appendingPathComponent("shared-state.md")
    let original = try String(contentsOf: lesson, encoding: .utf8)
    try ("---\ntitle: Edited\n---\n\nA new paragraph.\n\n" + original).write(to: lesson, atomically: true, encoding: .utf8)
    let warm = try await check()
    #expect(warm.allSatisfy { $0.fromCache })
    #expect(warm[1].cells[2].expectations[0].line == 28)

    // A code edit re-runs that lesson only.
    try original.replacingOccurrences(of: "let base = 20", with: "let base = 21")
      .write(to: lesson, atomically: true, encoding: .utf8)
    let edited = try await check()
    #expect(edited.map(\.fromCache) == [true, false])
    #expect(!edited[1].passed)  // 21 * 2 != 40

    // Editing a data file re-runs the lesson that read it.
    try "10\n20\n".write(to: folder.appendingPathComponent("numbers.txt"), atomically: true, encoding: .utf8)
    let dataEdited = try await check()
    #expect(!dataEdited[0].fromCache && dataEdited[0].cells[0].text == "total: 30\n")
  }

  @Test func parallelRunsGiveTheSameResultsAsSerial() async throws {
    let names = ["shared-state.md", "expectations.md", "trap-in-third-cell.md", "compile-error.md"]
    let course = try Course.load(paths: names.map { fixtures.appendingPathComponent($0).path })
    let runner = Runner(toolchain: try Toolchain.locate())
    let serial = await CourseRunner(runner: runner, cache: nil, jobs: 1).run(course)
    let parallel = await CourseRunner(runner: runner, cache: nil, jobs: 4).run(course)
    #expect(serial.map(\.path) == parallel.map(\.path))
    #expect(serial.map(\.diagnostics) == parallel.map(\.diagnostics))
    #expect(serial.map { $0.cells.map(\.status) } == parallel.map { $0.cells.map(\.status) })
    #expect(serial.map { $0.cells.map(\.text) } == parallel.map { $0.cells.map(\.text) })
  }

  @Test func fourJobsRunFourLessonsAtOnceOnAnyNumberOfCores() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-jobs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for n in 1...4 {
      try """
        ```swift
        import Foundation
        let start = Date().timeIntervalSince1970
        Thread.sleep(forTimeInterval: 6)
        try "\\(start) \\(Date().timeIntervalSince1970)".write(toFile: "\(folder.path)/\(n).times", atomically: true, encoding: .utf8)
        ```
        """.write(to: folder.appendingPathComponent("\(n).md"), atomically: true, encoding: .utf8)
    }
    let course = try Course.load(paths: [folder.path])
    let results = await CourseRunner(runner: Runner(toolchain: try Toolchain.locate()), cache: nil, jobs: 4).run(course)
    let problems = results.flatMap(\.diagnostics)
    #expect(problems.isEmpty, "\(problems)")
    let spans = try (1...4).map { n in
      try String(contentsOf: folder.appendingPathComponent("\(n).times"), encoding: .utf8).split(separator: " ").compactMap { Double($0) }
    }
    // Every lesson program started before any of them ended: all four ran at once.
    #expect(spans.map { $0[0] }.max()! < spans.map { $0[1] }.min()!, "\(spans)")
  }

  @Test func shardsPartitionTheCourse() throws {
    let course = try Course.load(paths: [fixtures.path])
    let shards = (1...3).map { course.shard($0, of: 3).lessons.map(\.lesson.path) }
    #expect(shards.flatMap { $0 }.sorted() == course.lessons.map(\.lesson.path).sorted())
    #expect(Set(shards[0]).isDisjoint(with: shards[1]) && Set(shards[1]).isDisjoint(with: shards[2]))
  }
}
