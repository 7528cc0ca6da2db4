import CellProtocol
import Foundation
import LessonModel
import Testing

@testable import LessonRunner

/// Writes `markdown` as `name` in a new folder and runs it without the cache.
func runSource(_ markdown: String, name: String = "lesson.md", timeout: Double = 120) async throws -> LessonResult {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-green-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  try Data(markdown.utf8).write(to: folder.appendingPathComponent(name))
  let course = try Course.load(paths: [folder.appendingPathComponent(name).path])
  return await CourseRunner(runner: Runner(toolchain: try Toolchain.locate(), lessonTimeout: timeout), cache: nil, jobs: 1).run(course)[0]
}

/// Whether process `pid` is gone (or a zombie nobody has reaped yet).
func isGone(_ pid: pid_t) -> Bool {
  guard kill(pid, 0) == 0 else { return true }
  let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
  return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
}

/// Waits up to `seconds` for `condition`.
func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if condition() { return true }
    Thread.sleep(forTimeInterval: 0.05)
  }
  return condition()
}

@Suite("Green means true: the paths that used to pass without running")
struct GreenMeansTrueTests {
  static let lesson = """
    ---
    title: Line endings
    ---

    # Heading

    ```swift
    let x = 20
    print("first")
    ```

    Prose between.

    ```swift
    //| id: second
    expect(x * 2 == 40, "the first cell's value is visible")
    ```

    """

  @Test("CRLF, CR and mixed line endings find the same cells at the same lines as LF", arguments: ["\r\n", "\r", "mixed"])
  func lineEndings(_ ending: String) throws {
    let reference = LessonParser.parse(source: Self.lesson, path: "l.md")
    let lines = Self.lesson.split(separator: "\n", omittingEmptySubsequences: false)
    let converted = ending == "mixed"
      ? lines.enumerated().map { $0.element + ($0.offset == lines.count - 1 ? "" : $0.offset % 2 == 0 ? "\r\n" : "\n") }.joined()
      : lines.joined(separator: ending)
    let lesson = LessonParser.parse(source: "\u{FEFF}" + converted, path: "l.md")
    #expect(lesson.cells.count == 2)
    #expect(lesson.cells == reference.cells)
    #expect(lesson.title == "Line endings")
    #expect(lesson.frontMatter.title == "Line endings")
    #expect(lesson.body == reference.body)
    #expect(lesson.diagnostics.isEmpty)
  }

  @Test func crlfLessonRunsItsCells() async throws {
    let result = try await runSource(Self.lesson.replacingOccurrences(of: "\n", with: "\r\n"))
    #expect(result.passed, "\(result.diagnostics)")
    #expect(result.cells.map(\.status) == [.passed, .passed])
    #expect(result.cells[0].text == "first\n")
    #expect(result.cells[1].expectations.map(\.line) == [16])
  }

  @Test func aFigureWithNonFiniteValuesIsKept() async throws {
    let result = try await runSource("""
      ```swift
      plot(["loss": [1, 0.5, .nan, 0.2, .infinity]])
      ```
      """)
    #expect(result.passed, "\(result.diagnostics)")
    guard case .chart(let chart, _)? = result.cells.first?.displays.first, case .line(let series, _) = chart.kind else {
      Issue.record("no line chart: \(result.cells)")
      return
    }
    let y = series.first?.points.map(\.y) ?? []
    #expect(y.count == 5)
    #expect(y.count == 5 && y[2].isNaN && y[4] == .infinity)
  }

  @Test func aCrashAfterTheLastCellFailsTheLesson() async throws {
    let result = try await runSource("""
      # Crash at exit

      ```swift
      print("fine so far")
      ```

      ```swift
      import Foundation
      atexit { abort() }
      ```
      """)
    #expect(!result.passed)
    #expect(result.cells.map(\.status) == [.passed, .failed])
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(error.cell == 1 && error.line == 8)
    #expect(error.message.hasPrefix("after this cell finished, the program crashed (SIGABRT) while exiting"))
  }

  @Test func aNonZeroExitAfterTheLastCellFailsTheLesson() async throws {
    let result = try await runSource("""
      ```swift
      import Foundation
      atexit { _exit(3) }
      ```
      """)
    #expect(!result.passed)
    #expect(result.diagnostics.map(\.message) == ["after this cell finished, the program exited with status 3"])
  }

  @Test func declarationsNamedLikeTheRuntimeDoNotBreakTheProgram() async throws {
    let result = try await runSource("""
      ```swift
      struct Runtime { static let shared = 0 }
      enum LessonKit { static let version = 1 }
      func startCell(_ i: Int) {}
      let error = "mine"
      print(Runtime.shared, LessonKit.version, error)
      ```

      ```swift
      //| error: expected
      struct Boom: Error {}
      throw Boom()
      ```

      ```swift
      expect(error == "mine", "the cell's own names still work")
      ```
      """)
    #expect(result.passed, "\(result.diagnostics)")
    #expect(result.cells.map(\.status) == [.passed, .passed, .passed])
    #expect(result.cells[0].text == "0 1 mine\n")
  }

  @Test func reservedRunnerNamesAreAnErrorAtTheirLine() throws {
    let lesson = LessonParser.parse(source: """
      # Faking the markers

      ```swift
      print("a")
      __lessons_finishCell(0)
      ```
      """, path: "fake.md")
    #expect(lesson.diagnostics.map(\.description) == ["fake.md:5:1: error: names starting with '__lessons_' are reserved for the lesson runner"])
    #expect(lesson.diagnostics.first?.cell == 0)
  }

  @Test func duplicateAndGeneratedIdsAreErrorsAtTheLaterCell() throws {
    let lesson = LessonParser.parse(source: """
      # Ids

      ## Results

      ```swift
      //| id: train
      print(1)
      ```

      ```swift
      //| echo: true
      //| id: train
      print(2)
      ```

      ```swift
      //| id: fig-1
      print(3)
      ```

      ```swift
      //| id: results
      print(4)
      ```

      ```swift
      //| id: cell-1
      print(5)
      ```
      """, path: "ids.md")
    #expect(lesson.diagnostics.map { "\($0.line) \($0.cell ?? -1)" } == ["12 1", "17 2", "22 3", "27 4"])
    #expect(lesson.diagnostics[0].message == "cell id 'train' is already used on this page (line 6); ids must be unique")
    #expect(lesson.diagnostics[2].message.contains("line 3"))  // the heading "Results"
    #expect(lesson.diagnostics[1].message.hasPrefix("cell id 'fig-1' is one the page generates"))
  }

  @Test func anOptionSetTwiceIsAnErrorAtTheSecondLine() {
    let lesson = LessonParser.parse(source: "```swift\n//| echo: false\n//| echo: true\nprint(1)\n```\n", path: "twice.md")
    #expect(lesson.diagnostics.map(\.description) == ["twice.md:3:1: error: option 'echo' is already set on line 2"])
    #expect(lesson.cells.first?.code == "print(1)\n")
  }

  @Test func headingsNeverTakeAnIdThePageGenerates() throws {
    let lesson = LessonParser.parse(source: "## Fig 1\n\n## Cell 2\n\n## Content\n\n## Fig 1\n\n## Search results\n\n## Search result 3\n", path: "h.md")
    #expect(lesson.headings.map(\.anchor) == [
      "section-fig-1", "section-cell-2", "section-content", "section-fig-1-2", "section-search-results", "section-search-result-3",
    ])
  }

  @Test("Near misses of ```swift and fences swallowed by HTML are reported, never silently skipped")
  func fencesThatWouldNeverRun() throws {
    let lesson = LessonParser.parse(source: """
      ```Swift
      print(1)
      ```

      <details>
      ```swift
      print(2)
      ```
      </details>

      ```{swift}
      print(3)
      ```
      """, path: "f.md")
    #expect(lesson.cells.isEmpty)
    #expect(lesson.diagnostics.map(\.line) == [1, 11, 6])
    #expect(lesson.diagnostics.allSatisfy { $0.severity == .error })
  }

  @Test func aTopLevelThrowIsReportedOnceAsTheErrorsMessage() async throws {
    let result = try await runSource("""
      ```swift
      import Foundation
      print("reading")
      let text = try String(contentsOfFile: "/nonexistent/data.csv", encoding: .utf8)
      ```

      ```swift
      print(text)
      ```
      """)
    #expect(result.cells.map(\.status) == [.failed, .notRun])
    #expect(result.cells[0].text == "reading\n")
    #expect(result.diagnostics.map(\.description) == [
      // A thrown error leaves no lesson frame in the backtrace: the cell's first line.
      result.path + ":2: error: the cell threw an error: The file doesn’t exist. (/nonexistent/data.csv)"
    ])
  }

  @Test func invalidUTF8IsAnErrorAtItsLine() throws {
    var data = Data("# Title\n\nfine line\n".utf8)
    data += [0x62, 0x61, 0x64, 0xFF, 0x0A]
    let lesson = LessonParser.parse(data: data, path: "bad.md")
    #expect(lesson.diagnostics.map(\.description) == ["bad.md:4: error: the file is not valid UTF-8 (from this line on, some bytes cannot be read as text); save it as UTF-8"])
    #expect(lesson.title == "Title")
  }

  @Test func theCellTimeoutExtendsTheLessonLimit() async throws {
    let result = try await runSource("""
      ```swift
      //| timeout: 4
      import Foundation
      Thread.sleep(forTimeInterval: 1.5)
      ```
      """, timeout: 1)
    #expect(result.passed, "\(result.diagnostics)")
  }

  @Test func aProgramFloodingTheEventsFileIsStopped() async throws {
    let result = try await runSource("""
      ```swift
      import Foundation
      // Bypassing LessonKit's budget: raw bytes into the events file.
      let events = FileHandle(forWritingAtPath: ProcessInfo.processInfo.environment["LESSONKIT_EVENTS"]!)!
      events.seekToEndOfFile()
      for _ in 0..<20 { events.write(Data(repeating: 0x0A, count: 1 << 20)) }
      Thread.sleep(forTimeInterval: 20)
      ```
      """)
    #expect(!result.passed)
    #expect(result.runSeconds < 15)
    #expect(result.diagnostics.first?.message.hasPrefix("the program recorded more than 16 MiB of outputs and events and was stopped") == true)
  }

  @Test func aLessonProgramStartsWithNoSignalBlocked() async throws {
    let result = try await runSource("""
      ```swift
      import Glibc
      var blocked = sigset_t()
      sigprocmask(SIG_BLOCK, nil, &blocked)
      let names = [(SIGTERM, "TERM"), (SIGINT, "INT"), (SIGHUP, "HUP"), (SIGCHLD, "CHLD")]
      expect(names.allSatisfy { sigismember(&blocked, $0.0) == 0 }, "no signal is blocked")
      expect(getsid(0) == getpid(), "the program leads its own session")
      ```
      """)
    #expect(result.passed, "\(result.diagnostics)")
  }

  @Test("Processes a cell starts die with the lesson: at the end, at a timeout", arguments: [false, true])
  func descendantsAreKilled(timingOut: Bool) async throws {
    let pids = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-pids-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: pids) }
    let result = try await runSource("""
      ```swift
      //| timeout: 3
      import Foundation
      var started = [String]()
      for detach in [false, true] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // `setsid` leaves the lesson's process group; the tag still finds it.
        process.arguments = ["-c", detach ? "exec setsid sleep 300" : "exec sleep 300"]
        try process.run()
        started.append(String(process.processIdentifier))
      }
      Thread.sleep(forTimeInterval: 0.3)
      try started.joined(separator: " ").write(toFile: "\(pids.path)", atomically: true, encoding: .utf8)
      if \(timingOut) { while true { Thread.sleep(forTimeInterval: 1) } }
      ```
      """)
    #expect(result.passed == !timingOut)
    let started = try String(contentsOf: pids, encoding: .utf8).split(separator: " ").compactMap { pid_t($0) }
    #expect(started.count == 2)
    for pid in started {
      #expect(eventually { isGone(pid) }, "process \(pid) outlived its lesson")
    }
  }
}

@Suite("Interpreting recorded runs")
struct ExecutionInterpreterTests {
  let lesson = LessonParser.parse(source: "```swift\nprint(1)\n```\n\n```swift\nprint(2)\n```\n", path: "two.md")

  func interpret(_ events: [RuntimeEvent], _ termination: Termination, output: String = "") -> ExecutionInterpreter.Interpretation {
    ExecutionInterpreter(lesson: lesson, confirmed: [:], textLimit: 1000).interpret(
      Execution(events: events, output: Data(output.utf8), termination: termination, seconds: 0))
  }

  @Test func aProgramThatEndsBeforeACellFailsThatCell() {
    let result = interpret([.cellStarted(cell: 0, outputOffset: 0), .cellFinished(cell: 0, outputOffset: 2, seconds: 0)], .exited(0), output: "1\n")
    #expect(result.cells.map(\.status) == [.passed, .failed])
    #expect(result.diagnostics.map(\.message) == ["this cell never ran: the program ended before this cell started"])
    #expect(result.diagnostics.first?.line == 5)
  }

  @Test func aProgramThatDiesBeforeItsFirstCellFailsTheFirstCell() {
    let result = interpret([], .exited(127), output: "error while loading shared libraries\n")
    #expect(result.cells.map(\.status) == [.failed, .notRun])
    #expect(result.diagnostics.map(\.message) == ["this cell never ran: the program exited with status 127 before this cell started"])
  }

  @Test func unreadableEventLinesAreAnError() {
    var execution = Execution(
      events: [.cellStarted(cell: 0, outputOffset: 0), .cellFinished(cell: 0, outputOffset: 0, seconds: 0),
               .cellStarted(cell: 1, outputOffset: 0), .cellFinished(cell: 1, outputOffset: 0, seconds: 0)],
      output: Data(), termination: .exited(0), seconds: 0)
    execution.unreadableEventLines = 2
    let result = ExecutionInterpreter(lesson: lesson, confirmed: [:], textLimit: 1000).interpret(execution)
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics.first?.message.hasPrefix("2 lines of the lesson program's event stream could not be read") == true)
  }

  @Test func aRejectedOutputFailsItsCell() {
    let result = interpret(
      [.cellStarted(cell: 0, outputOffset: 0), .outputRejected(cell: 0, reason: "too big"), .cellFinished(cell: 0, outputOffset: 0, seconds: 0),
       .cellStarted(cell: 1, outputOffset: 0), .cellFinished(cell: 1, outputOffset: 0, seconds: 0)], .exited(0))
    #expect(result.cells.map(\.status) == [.failed, .passed])
    #expect(result.diagnostics.map(\.message) == ["too big"])
  }

  @Test func aFailedClaimOutsideAnyCellFailsTheLesson() {
    let result = interpret(
      [.cellStarted(cell: 0, outputOffset: 0), .cellFinished(cell: 0, outputOffset: 0, seconds: 0),
       .cellStarted(cell: 1, outputOffset: 0), .cellFinished(cell: 1, outputOffset: 0, seconds: 0),
       .expectation(cell: 7, passed: false, message: "late", file: "two.md", line: 6)], .exited(0))
    #expect(result.diagnostics.map(\.description) == ["two.md:6: error: expectation failed outside any cell: late"])
  }

  @Test func aLessonWithACellThatDidNotRunNeverPasses() {
    let result = LessonResult(path: "x.md", cells: [CellResult(index: 0, status: .notRun)], diagnostics: [])
    #expect(!result.passed)
  }
}

@Suite("The authors' guide says what the code does")
struct AuthoringGuideTests {
  let guide = try! String(
    contentsOf: fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("lessons/authoring.md"), encoding: .utf8)

  @Test func frontMatterKeysAreTheParsersAndUnknownKeysAreWarnings() throws {
    let example = try #require(guide.components(separatedBy: "```yaml\n---\n").dropFirst().first?.components(separatedBy: "---\n```").first)
    let keys = example.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) }
    #expect(keys == FrontMatter.knownKeys)
    #expect(guide.contains("Seven keys are known; any other key\nis a warning"))
    let lesson = LessonParser.parse(source: "---\ntitle: T\ncolour: red\n---\n", path: "w.md")
    #expect(lesson.diagnostics.map(\.severity) == [.warning])
    #expect(lesson.diagnostics.first?.line == 3)
  }

  @Test func everyCourseConfigKeyIsDocumentedAndTheExampleParses() throws {
    let example = try #require(guide.components(separatedBy: "## The course config").dropFirst().first?
      .components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
    let keys = example.split(separator: "\n").filter { !$0.hasPrefix(" ") }
      .compactMap { $0.split(separator: ":").first.map(String.init) }
    #expect(keys == CourseConfig.knownKeys)
    let (config, warnings) = try CourseConfigParser.parse(example, path: "course.yml")
    #expect(warnings.isEmpty)
    #expect(config.authors == ["Ada Lovelace", "Alan Turing"])
    #expect(config.parts.map(\.title) == ["Getting started", "Going further"])
  }

  @Test func everyCellOptionIsDocumented() {
    for key in CellOptions.knownKeys {
      #expect(guide.contains("| `\(key)` |"), "option \(key) is missing from the guide's table")
    }
  }
}

@Suite("The cache misses whenever what a result depends on changes")
struct CacheInvalidationTests {
  let lesson = LessonParser.parse(source: "```swift\n//| caption: Loss\nprint(1)\n```\n", path: "cached.md")
  let result = LessonResult(path: "cached.md", cells: [CellResult(index: 0, status: .passed, text: "1\n")], diagnostics: [])

  /// A cache in `folder` for `runner`, with a passing result stored by the reference runner.
  func hits(_ change: (inout Runner) throws -> String, in folder: URL) throws -> Bool {
    let reference = Runner(toolchain: try Toolchain.locate())
    try LessonCache(directory: folder, runner: reference, runnerIdentity: "runner 1").store(result, for: lesson)
    #expect(try LessonCache(directory: folder, runner: reference, runnerIdentity: "runner 1").result(for: lesson) != nil)
    var changed = reference
    let identity = try change(&changed)
    return try LessonCache(directory: folder, runner: changed, runnerIdentity: identity).result(for: lesson) != nil
  }

  func scratch() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("lessons-cache-\(UUID().uuidString)") }

  @Test func aNewCompilerVersionMisses() throws {
    let folder = scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try !hits({ $0.toolchain.compilerVersion += " (patched)"; return "runner 1" }, in: folder))
  }

  @Test func aRebuiltLessonKitMisses() throws {
    let folder = scratch(), build = scratch()
    defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: build) }
    #expect(try !hits({ runner in
      try FileManager.default.createDirectory(at: build, withIntermediateDirectories: true)
      var library = try Data(contentsOf: runner.toolchain.buildDirectory.appendingPathComponent("libLessonKit.so"))
      library[library.count - 1] ^= 0xFF
      try library.write(to: build.appendingPathComponent("libLessonKit.so"))
      runner.toolchain.buildDirectory = build
      return "runner 1"
    }, in: folder))
  }

  @Test func aRebuiltRunnerMisses() throws {
    let folder = scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try !hits({ _ in "runner 2" }, in: folder))
    #expect(LessonCache.runnerIdentity.hasPrefix("runner "))
  }

  @Test func anEditedSharedSourceMisses() throws {
    let folder = scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    var withShared = lesson
    withShared.sharedSources = [SourceFile(path: "shared/Helpers.swift", text: "func helper() -> Int { 1 }\n")]
    let runner = Runner(toolchain: try Toolchain.locate())
    let cache = try LessonCache(directory: folder, runner: runner, runnerIdentity: "runner 1")
    try cache.store(result, for: withShared)
    #expect(cache.result(for: withShared) != nil)
    var edited = withShared
    edited.sharedSources[0].text = "func helper() -> Int { 2 }\n"
    #expect(cache.result(for: edited) == nil)
    var renamed = withShared
    renamed.sharedSources[0].path = "shared/Other.swift"
    #expect(cache.result(for: renamed) == nil)
    #expect(cache.result(for: lesson) == nil)  // a shared file removed
  }

  @Test func anotherTimeLimitMisses() throws {
    let folder = scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try !hits({ $0.lessonTimeout = 5; return "runner 1" }, in: folder))
  }

  @Test func aDataFileEditedWhileTheLessonRunsIsNotCached() async throws {
    let folder = scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "1\n".write(to: folder.appendingPathComponent("n.txt"), atomically: true, encoding: .utf8)
    try """
      ```swift
      let first = try LessonData.text("n.txt")
      ```

      ```swift
      import Foundation
      // Someone saves the file while the lesson is still running.
      Thread.sleep(forTimeInterval: 0.01)
      try "2\\n".write(to: LessonData.url("n.txt"), atomically: true, encoding: .utf8)
      ```
      """.write(to: folder.appendingPathComponent("edit.md"), atomically: true, encoding: .utf8)
    let runner = Runner(toolchain: try Toolchain.locate())
    let courseRunner = CourseRunner(runner: runner, cache: try LessonCache(directory: folder.appendingPathComponent(".cache"), runner: runner), jobs: 1)
    let course = try Course.load(paths: [folder.appendingPathComponent("edit.md").path])
    let first = await courseRunner.run(course)[0]
    #expect(first.passed, "\(first.diagnostics)")
    #expect(first.filesRead.count == 2)
    let second = await courseRunner.run(course)[0]
    #expect(!second.fromCache)
  }

  @Test func aChangedRunOptionMissesAndAPageOptionHits() throws {
    let folder = scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let runner = Runner(toolchain: try Toolchain.locate())
    let cache = try LessonCache(directory: folder, runner: runner, runnerIdentity: "runner 1")
    try cache.store(result, for: lesson)
    func variant(_ option: String) -> Lesson {
      LessonParser.parse(source: "```swift\n\(option)\nprint(1)\n```\n", path: "cached.md")
    }
    #expect(cache.result(for: lesson) != nil)
    // Options that change what runs miss…
    #expect(cache.result(for: variant("//| timeout: 5")) == nil)
    #expect(cache.result(for: variant("//| error: expected")) == nil)
    #expect(cache.result(for: variant("//| eval: false")) == nil)
    // …options that only change the page hit: the page is rendered anew.
    #expect(cache.result(for: variant("//| caption: Accuracy")) != nil)
    #expect(cache.result(for: variant("//| echo: false")) != nil)
  }
}

@Suite("Compile modes and partial runs")
struct CompileModeTests {
  @Test func cellsCompileWithoutOptimizationUnlessTheLessonAsks() throws {
    let toolchain = try Toolchain.locate()
    let source = URL(fileURLWithPath: "/tmp/main.swift"), executable = URL(fileURLWithPath: "/tmp/lesson")
    #expect(toolchain.compileArguments(source: source, executable: executable).contains("-Onone"))
    #expect(toolchain.compileArguments(source: source, executable: executable, optimized: true).contains("-O"))
    let lesson = LessonParser.parse(source: "---\noptimize: true\n---\n", path: "o.md")
    #expect(lesson.frontMatter.optimize && lesson.diagnostics.isEmpty)
    #expect(LessonParser.parse(source: "---\noptimize: yes please\n---\n", path: "o.md").diagnostics.map(\.line) == [2])
  }

  @Test(arguments: [false, true])
  func bothModesRunAndLocateTraps(optimized: Bool) async throws {
    let result = try await runSource("""
      ---
      optimize: \(optimized)
      ---

      ```swift
      var total = 0
      for i in 0..<1_000 { total += i }
      expect(total == 499_500, "the loop adds up")
      ```

      ```swift
      let empty: [Int] = []
      print(empty[total])
      ```
      """)
    #expect(result.cells.map(\.status) == [.passed, .failed])
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(error.line == 13)
    #expect(error.message.hasPrefix("the program crashed (SIGILL, a Swift runtime trap) in this cell"))
  }

  @Test func cellsBeforeACompileErrorRunAndShowTheirOutputs() async throws {
    let result = try await runSource("""
      ```swift
      print("before")
      ```

      ```swift
      expect(1 + 1 == 2, "still checked")
      ```

      ```swift
      let broken: Int = "text"
      ```

      ```swift
      print("after")
      ```
      """)
    #expect(!result.passed)
    #expect(result.cells.map(\.status) == [.passed, .passed, .failed, .notRun])
    #expect(result.cells[0].text == "before\n")
    #expect(result.cells[1].expectations.map(\.passed) == [true])
    #expect(result.diagnostics.filter { $0.severity == .error }.map(\.line) == [10])
  }

  @Test func slowExpressionsAreWarningsAtTheirLine() async throws {
    let result = try await runSource("""
      ```swift
      let a: [Float] = [1, 2, 3, 4], b: [Float] = [1, 2, 3, 4]
      func count(_ rows: [[Any]]) -> Int { rows.count }
      print(count((0..<4).map { [$0 + 1, a[$0], b[$0], a[$0], b[$0]] }))
      ```
      """)
    #expect(result.passed)
    let slow = result.diagnostics.filter { $0.severity == .warning && $0.message.contains("to type-check") }
    #expect(slow.map(\.line) == [4])
    #expect(slow.first?.message.contains("give the values a type") == true)
  }
}

@Suite("The tool finds the optimized LessonKit")
struct ToolchainLookupTests {
  @Test func aDebugBuildOfTheToolPrefersTheReleaseLessonKitBesideIt() throws {
    var environment = ProcessInfo.processInfo.environment
    environment["LESSONKIT_BUILD_DIR"] = nil
    let toolchain = try Toolchain.locate(environment: environment)
    #expect(toolchain.buildDirectory.lastPathComponent == "release")
    #expect(!toolchain.isDebugLessonKit)
  }

  @Test func aDebugLessonKitIsRecognized() throws {
    let debug = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".build/debug")
    let toolchain = try Toolchain.locate(environment: ["LESSONKIT_BUILD_DIR": debug.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""])
    #expect(toolchain.isDebugLessonKit)
  }
}
