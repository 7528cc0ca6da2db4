import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Writes `files` (name → text) into a new folder.
private func course(_ files: [String: String]) throws -> URL {
  let folder = try temporaryFolder()
  for (name, text) in files {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }
  return folder
}

private let passing = "# Fine\n\n```swift\nexpect(1 + 1 == 2, \"arithmetic\")\n```\n"

@Suite("No command loses an author's work")
struct OutputFolderTests {
  @Test("build refuses an output folder that is, holds or lies inside the lessons", arguments: ["lessons", ".", "lessons/site"])
  func refusesLessonFolders(_ output: String) throws {
    let folder = try course(["lessons/01.md": passing, "keep.txt": "mine"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try lessons(["build", "--no-cache", "lessons", "-o", output], in: folder)
    #expect(run.status != 0)
    #expect(run.stderr.contains("refusing to write the site to"))
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("lessons/01.md").path))
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("keep.txt").path))
  }

  @Test func refusesAFolderItDidNotWriteAndReplacesOneItDid() throws {
    let folder = try course(["lessons/01.md": passing, "site/notes.txt": "mine"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let refused = try lessons(["build", "--no-cache", "lessons", "-o", "site"], in: folder)
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("was not written by `lessons build`"))
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("site/notes.txt").path))

    let built = try lessons(["build", "--no-cache", "lessons", "-o", "output"], in: folder)
    #expect(built.status == 0, "\(built.stderr)")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/.lessons-site").path))
    let again = try lessons(["build", "lessons", "-o", "output"], in: folder)
    #expect(again.status == 0, "\(again.stderr)")
  }

  @Test func twoLessonsForOnePageAreAnErrorNamingBoth() throws {
    let folder = try course(["a/01.md": passing, "b/01.md": passing])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try lessons(["build", "--no-cache", "a", "b", "-o", "output"], in: folder)
    #expect(run.status != 0)
    #expect(run.stderr.contains("a/01.md and b/01.md would both be written to 01.html"))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output").path))
  }

  @Test func aLessonNamedIndexIsAnError() throws {
    let folder = try course(["lessons/index.md": passing])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try lessons(["build", "--no-cache", "lessons", "-o", "output"], in: folder)
    #expect(run.status != 0)
    #expect(run.stderr.contains("lessons/index.md would be written to index.html, which is the course index"))
  }

  @Test func staleStagingFoldersOfKilledBuildsAreRemoved() throws {
    let folder = try course(["lessons/01.md": passing, ".output.partial-2147483000/x.html": "", ".output.previous-2147483001/y.html": ""])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try lessons(["build", "--no-cache", "lessons", "-o", "output"], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(!names.contains { $0.hasPrefix(".output.") })
  }
}

@Suite("check tells the truth about every lesson")
struct CheckTruthTests {
  @Test func parseFailuresAreJUnitFailuresAndCountsAgreeWithTheConsole() throws {
    let folder = try course([
      "a.md": "# A\n\n```swift\n//| colour: red\nprint(1)\n```\n",
      "b.md": "---\ntitle: [unclosed\n---\n\n# B\n",
      "c.md": passing,
      "d.md": "# D\n\n```swift\nexpect(false, \"bad \u{FFFF} \u{01} text\")\n```\n",
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = folder.appendingPathComponent("report.xml")
    let run = try lessons(["check", "--no-cache", "--junit", report.path, "a.md", "b.md", "c.md", "d.md"], in: folder)
    #expect(run.status == 1)
    // Tests: a.md's cell, b.md's lesson-wide error, c.md's cell, d.md's cell.
    #expect(run.stdout.hasSuffix("1 passed, 3 failed (4 lessons; 3 of 4 tests failed)\n"))
    let document = try XMLDocument(contentsOf: report)
    let root = try #require(document.rootElement())
    #expect(root.attribute(forName: "tests")?.stringValue == "4")
    #expect(root.attribute(forName: "failures")?.stringValue == "3")
    let failingSuites = root.elements(forName: "testsuite").filter { $0.attribute(forName: "failures")?.stringValue != "0" }
    #expect(failingSuites.compactMap { $0.attribute(forName: "name")?.stringValue } == ["a.md", "b.md", "d.md"])
    let details = try document.nodes(forXPath: "//testcase/failure").map { $0.stringValue ?? "" }
    #expect(details[0].hasPrefix("a.md:4:1: error: unknown cell option 'colour'"))
    #expect(details[1].hasPrefix("b.md:"))
    #expect(details[1].contains("front matter is not valid YAML"))
  }

  @Test func aFolderWithoutLessonsIsAnErrorNotAGreenCheck() throws {
    let folder = try course(["notes.txt": "no lessons here", "README.md": "# Read me"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try lessons(["check", "--no-cache", "."], in: folder)
    #expect(run.status != 0)
    #expect(run.stderr.contains("no lessons in ."))
  }

  @Test func lessonsInASubfolderAreAWarningNotSilentlySkipped() throws {
    let folder = try course(["lessons/01.md": passing, "lessons/part2/02.md": passing, "lessons/data/README.md": "# Data"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try lessons(["check", "--no-cache", "lessons"], in: folder)
    #expect(run.status == 0)
    #expect(run.stderr.contains("warning: lessons/part2/ holds Markdown files that are not read as lessons"))
    #expect(!run.stderr.contains("lessons/data/"))
    #expect(run.stdout.hasSuffix("1 passed, 0 failed (1 lesson; 1 warning)\n"))
  }

  @Test func aCacheRestoredInAnotherCheckoutIsReused() throws {
    let first = try course([
      "lessons/01.md": passing,
      "lessons/02.md": "```swift\nlet text = try LessonData.text(\"data/n.txt\")\nexpect(text == \"42\\n\", \"the data file is read\")\n```\n",
      "lessons/data/n.txt": "42\n",
    ])
    defer { try? FileManager.default.removeItem(at: first) }
    let cold = try lessons(["check", "--cache-dir", ".cache", "lessons"], in: first)
    #expect(cold.status == 0, "\(cold.stderr)")
    #expect(!cold.stdout.contains("cached"))
    // Another machine's checkout: the same files and the restored cache, elsewhere.
    let second = try temporaryFolder().appendingPathComponent("elsewhere/checkout")
    defer { try? FileManager.default.removeItem(at: second.deletingLastPathComponent().deletingLastPathComponent()) }
    try FileManager.default.createDirectory(at: second.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: first, to: second)
    let warm = try lessons(["check", "--cache-dir", ".cache", "lessons"], in: second)
    #expect(warm.status == 0, "\(warm.stderr)")
    #expect(warm.stdout.contains("lessons/01.md: 1 passed, 0 failed (1 expectation, cached)"))
    #expect(warm.stdout.contains("lessons/02.md: 1 passed, 0 failed (1 expectation, cached)"))
    // Its data file edited there, the lesson that read it runs again.
    try "43\n".write(to: second.appendingPathComponent("lessons/data/n.txt"), atomically: true, encoding: .utf8)
    let edited = try lessons(["check", "--cache-dir", ".cache", "lessons"], in: second)
    #expect(edited.status == 1)
    #expect(edited.stdout.contains("lessons/01.md: 1 passed, 0 failed (1 expectation, cached)"))
  }

  @Test func shardReportsMergeIntoOneReport() throws {
    let folder = try course(["a.md": passing, "b.md": passing, "c.md": "```swift\nexpect(false, \"no\")\n```\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    for shard in 1...2 {
      _ = try lessons(["check", "--no-cache", "--shard", "\(shard)/2", "--junit", "junit-\(shard).xml", "."], in: folder)
    }
    let merge = Process()
    merge.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("scripts/merge-junit")
    merge.arguments = ["python3", script.path, "junit-1.xml", "junit-2.xml"]
    merge.currentDirectoryURL = folder
    let pipe = Pipe()
    merge.standardOutput = pipe
    try merge.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    merge.waitUntilExit()
    let root = try #require(try XMLDocument(data: data).rootElement())
    #expect(root.attribute(forName: "tests")?.stringValue == "3")
    #expect(root.attribute(forName: "failures")?.stringValue == "1")
    #expect(root.elements(forName: "testsuite").compactMap { $0.attribute(forName: "name")?.stringValue }.sorted() == ["a.md", "b.md", "c.md"])
  }

  @Test func aTimeoutIsPartOfTheCacheKey() throws {
    let folder = try course(["slow.md": "```swift\nimport Foundation\nThread.sleep(forTimeInterval: 2)\n```\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try lessons(["check", "slow.md"], in: folder)
    #expect(first.status == 0, "\(first.stderr)")
    let limited = try lessons(["check", "--timeout", "1", "slow.md"], in: folder)
    #expect(limited.status == 1)
    #expect(limited.stderr.contains("timed out after 1 s"))
  }

  @Test func anUnreadableLessonDoesNotStopTheOthers() throws {
    let folder = try course(["good.md": passing])
    defer { try? FileManager.default.removeItem(at: folder) }
    try (Data("# Bad\n\nline \u{e9}\n".utf8) + [0xC3, 0x28, 0x0A]).write(to: folder.appendingPathComponent("bad.md"))
    let run = try lessons(["check", "--no-cache", "."], in: folder)
    #expect(run.status == 1)
    #expect(run.stderr.contains("bad.md:4: error: the file is not valid UTF-8"))
    #expect(run.stdout.hasPrefix("good.md: 1 passed") || run.stdout.contains("\ngood.md: 1 passed"))
    #expect(run.stdout.hasSuffix("1 passed, 1 failed (2 lessons; 1 of 2 tests failed)\n"))
  }

  @Test func runPrintsAThrownErrorOnce() throws {
    let folder = try course(["throws.md": "```swift\nstruct Missing: Error, CustomStringConvertible { var description: String { \"no data.csv\" } }\nthrow Missing()\n```\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try lessons(["run", "throws.md"], in: folder)
    #expect(run.status == 1)
    let all = run.stdout + run.stderr
    #expect(all.components(separatedBy: "no data.csv").count == 2, "\(all)")
    #expect(run.stderr.contains("throws.md:2: error: the cell threw an error: no data.csv"))
  }

  @Test("Ctrl-C or SIGTERM stops the lesson program and removes its folder", arguments: [SIGINT, SIGTERM])
  func interruptionCleansUp(_ signal: Int32) throws {
    let folder = try course([:])
    defer { try? FileManager.default.removeItem(at: folder) }
    let marker = folder.appendingPathComponent("running")
    try Data("""
      ```swift
      import Foundation
      try "\\(getpid()) \\(FileManager.default.currentDirectoryPath)".write(toFile: "\(marker.path)", atomically: true, encoding: .utf8)
      while true {}
      ```
      """.utf8).write(to: folder.appendingPathComponent("spin.md"))
    let process = Process()
    process.executableURL = lessonsExecutable
    process.arguments = ["check", "--no-cache", "spin.md"]
    process.currentDirectoryURL = folder
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { process.terminate() } }
    #expect(eventually(60) { FileManager.default.fileExists(atPath: marker.path) })
    let pid = try #require(pid_t(String(contentsOf: marker, encoding: .utf8).split(separator: " ")[0]))
    // The program runs from the runner's temporary folder, which must go too.
    let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")
    let work = URL(fileURLWithPath: executable).deletingLastPathComponent().path
    #expect(work.contains("lessons-"))
    kill(process.processIdentifier, signal)
    #expect(eventually(10) { !process.isRunning })
    #expect(eventually(5) { isGone(pid) }, "the lesson program \(pid) outlived the runner")
    #expect(!FileManager.default.fileExists(atPath: work), "\(work) was left behind")
    // It dies of the signal (or, failing that, exits with 128 + the signal).
    #expect(
      (process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
        || (process.terminationReason == .exit && process.terminationStatus == 128 + signal))
  }
}

/// Whether process `pid` is gone (or a zombie).
private func isGone(_ pid: pid_t) -> Bool {
  guard kill(pid, 0) == 0 else { return true }
  let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
  return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
}

/// Waits up to `seconds` for `condition`.
private func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if condition() { return true }
    Thread.sleep(forTimeInterval: 0.05)
  }
  return condition()
}

@Suite("Determinism across processes")
struct CrossProcessDeterminismTests {
  /// Every kind of chart, with several series and classes, so that any
  /// ordering that follows a per-process hash seed (dictionary or set
  /// iteration) shows up as a difference between two runs.
  static let lesson = """
    # Every chart

    ```swift
    let data = SyntheticData.spiral(pointsPerClass: 40, classes: 3, noise: 0.2, seed: 1)
    let model = Sequential(seed: 1) { Dense(2, 16, init: .heNormal()); ReLU(); Dense(16, 3) }
    let history = try model.fit(data, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.02), epochs: 20, batchSize: 30, shuffleSeed: 1)
    plot(["train": history.trainLoss, "b": history.trainLoss.map { $0 * 2 }, "a": history.trainLoss.map { $0 / 2 }])
    histogram(["x": data.inputs.column(0), "y": data.inputs.column(1)], bins: 20)
    bar(["one", "two", "three"], ["p": [1, 2, 3], "q": [3, 2, 1]])
    scatter(data, classNames: ["a", "b", "c"])
    decisionBoundary(model, data: data, resolution: 30)
    contour(x: -2...2, y: -2...2, resolution: 30, levels: 8, path: [(-1.5, 1.5), (0, 0)]) { a, b in a * a + 3 * b * b }
    histogramGrid(rows: ["r1", "r2"], columns: ["c1", "c2"], samples: [[[1, 2], [2, 3]], [[3, 4], [4, 5]]])
    showVariants("k", ["1": .plot(["s": [1, 2, 3]]), "2": .plot(["s": [3, 2, 1]])])
    table(Column("name", ["a", "b"]), Column("value", [1.5, 2]))
    ```
    """

  @Test func twoBuildsInTwoProcessesWriteTheSameBytes() throws {
    let folder = try course(["lessons/charts.md": Self.lesson])
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["first", "second"] {
      let run = try lessons(["build", "lessons", "-o", name, "--cache-dir", "cache-" + name], in: folder)
      #expect(run.status == 0, "\(run.stderr)")
    }
    let first = folder.appendingPathComponent("first"), second = folder.appendingPathComponent("second")
    let files = try FileManager.default.subpathsOfDirectory(atPath: first.path).sorted()
    #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: second.path).sorted()))
    #expect(files.contains("charts.html"))
    for file in files {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: first.appendingPathComponent(file).path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      else { continue }
      #expect(
        FileManager.default.contents(atPath: first.appendingPathComponent(file).path)
          == FileManager.default.contents(atPath: second.appendingPathComponent(file).path), "\(file) differs")
    }
    let page = try String(contentsOf: first.appendingPathComponent("charts.html"), encoding: .utf8)
    #expect(page.components(separatedBy: "<svg").count - 1 >= 9)
  }
}
