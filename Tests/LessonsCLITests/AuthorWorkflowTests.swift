import Foundation
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// GETs `url` from the preview server; status and body.
private func get(_ url: URL) async throws -> (status: Int, body: String) {
  var request = URLRequest(url: url)
  request.timeoutInterval = 40
  let (data, response) = try await URLSession.shared.data(for: request)
  return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

@Suite("Author workflow: serve, new, helpful errors, progress")
struct AuthorWorkflowTests {
  @Test func scaffoldedLessonPassesCheck() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let lessonsFolder = folder.appendingPathComponent("lessons")
    try FileManager.default.createDirectory(at: lessonsFolder, withIntermediateDirectories: true)
    try "---\ntitle: Old\n---\n# Old\n".write(to: lessonsFolder.appendingPathComponent("07-old.md"), atomically: true, encoding: .utf8)

    let created = try lessons(["new", "Learning Rates: a \"First\" Look"], in: folder)
    #expect(created.status == 0, "\(created.stderr)")
    #expect(created.stdout == "created lessons/08-learning-rates-a-first-look.md\n")
    let again = try lessons(["new", "Learning Rates: a \"First\" Look"], in: folder)
    #expect(again.stdout == "created lessons/09-learning-rates-a-first-look.md\n")

    let check = try lessons(["check", "--cache-dir", "cache", "lessons/08-learning-rates-a-first-look.md"], in: folder)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.contains("1 passed, 0 failed (1 lesson)"))
    let text = try String(contentsOf: lessonsFolder.appendingPathComponent("08-learning-rates-a-first-look.md"), encoding: .utf8)
    #expect(text.contains("title: \"Learning Rates: a \\\"First\\\" Look\""))
    #expect(text.contains("order: 8"))
  }

  @Test func misspelledNamesGetSuggestions() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
      # Typos

      ```swift
      let data = SyntheticData.spirl(pointsPerClass: 10, classes: 2, seed: 1)
      histogran([1, 2, 3])
      ```
      """.write(to: folder.appendingPathComponent("typos.md"), atomically: true, encoding: .utf8)
    try """
      # Options

      ```swift
      //| ecko: false
      print(1)
      ```
      """.write(to: folder.appendingPathComponent("options.md"), atomically: true, encoding: .utf8)
    try """
      # PyTorch habits

      ```swift
      let optimizer = Adam(lr: 0.01)
      ```
      """.write(to: folder.appendingPathComponent("habits.md"), atomically: true, encoding: .utf8)
    let run = try lessons(["check", "--no-cache", "typos.md", "options.md", "habits.md"], in: folder)
    #expect(run.status == 1)
    #expect(run.stderr.contains("typos.md:4:26: error: type 'SyntheticData' has no member 'spirl'; did you mean 'spiral'?"), "\(run.stderr)")
    #expect(run.stderr.contains("typos.md:5:1: error: cannot find 'histogran' in scope; did you mean 'histogram'?"), "\(run.stderr)")
    #expect(run.stderr.contains("options.md:4:1: error: unknown cell option 'ecko'; did you mean 'echo'?"), "\(run.stderr)")
    #expect(run.stderr.contains("habits.md:4:26: error: extra argument 'lr' in call; the learning rate is 'learningRate:'"), "\(run.stderr)")
  }

  @Test func missingCompilerSaysHowToInstallIt() throws {
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = "/nonexistent"
    environment["SWIFTC"] = nil
    let run = try lessons(["check", "shared-state.md"], environment: environment)
    #expect(run.status != 0)
    #expect(run.stderr.contains("swiftc not found on PATH. Install Swift 6 (https://www.swift.org/install/)"), "\(run.stderr)")
  }

  @Test func runSummarizesChartsAndOpensThePage() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
      # Charts in a terminal

      ```swift
      let x = 1
      ```

      ```swift
      //| caption: Falls, then rises.
      plot(["loss": [4, 2, 1, 1, 3]], title: "Loss", xLabel: "step", yLabel: "value")
      histogram(["w": [0.5, 1.5, 1.5, 2.5]], bins: 3, range: 0...3, title: "Weights")
      ```
      """.write(to: folder.appendingPathComponent("charts.md"), atomically: true, encoding: .utf8)
    // A stand-in for the desktop's opener, which records the address it gets.
    let bin = folder.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let opened = folder.appendingPathComponent("opened")
    try "#!/bin/sh\necho \"$1\" > \(opened.path)\n".write(to: bin.appendingPathComponent("xdg-open"), atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("xdg-open").path)
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    let run = try lessons(["run", "--cache-dir", "cache", "--open", "charts.md"], in: folder, environment: environment)
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n").map(String.init)
    // The fence lines, as `check --verbose` reports them.
    #expect(lines.contains { $0.hasPrefix("── cell 1 · line 3 · passed") })
    #expect(lines.contains { $0.hasPrefix("── cell 2 · line 7 · passed") })
    #expect(lines.contains("chart: Loss"))
    #expect(lines.contains("caption: Falls, then rises."))  // the cell's caption, under its two charts
    #expect(lines.contains("  x: step · y: value"))
    #expect(lines.contains("  loss  █▃▁▁▆  4 → 3  (min 1 at 2, max 4 at 0; 5 points)"), "\(run.stdout)")
    #expect(lines.contains("  w  ▁█▁  0 to 3, 4 values"), "\(run.stdout)")
    let page = try String(contentsOfFile: opened.path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(page.hasPrefix("file://") && page.hasSuffix("/charts.html"))
    let html = try String(contentsOf: try #require(URL(string: page)), encoding: .utf8)
    #expect(html.contains("Charts in a terminal"))
  }

  @Test func aLessonInAnyFolderReadsTheDigitsAndJSONFiles() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
    try #"{"rates": [0.1, 0.01], "name": "sweep"}"#.write(
      to: folder.appendingPathComponent("data/sweep.json"), atomically: true, encoding: .utf8)
    try """
      # Data

      ```swift
      struct Sweep: Decodable { var rates: [Float]; var name: String }
      let sweep = try LessonData.json("data/sweep.json", as: Sweep.self)
      let digits = try LessonData.digits()
      expect(sweep.rates == [0.1, 0.01] && sweep.name == "sweep", "the JSON file decodes")
      expect(digits.count == 1797 && digits.inputs.cols == 64, "the digits ship with LessonKit")
      ```
      """.write(to: folder.appendingPathComponent("data.md"), atomically: true, encoding: .utf8)
    let run = try lessons(["check", "--cache-dir", "cache", "data.md"], in: folder)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.hasPrefix("data.md: 1 passed, 0 failed (2 expectations"))
    // Editing the JSON file re-runs the lesson, and a value of the wrong type is an error that names it.
    try #"{"rates": "fast", "name": "sweep"}"#.write(
      to: folder.appendingPathComponent("data/sweep.json"), atomically: true, encoding: .utf8)
    let broken = try lessons(["check", "--cache-dir", "cache", "data.md"], in: folder)
    #expect(broken.status == 1)
    #expect(broken.stderr.contains("data.md:4: error: the cell threw an error: data/sweep.json: DecodingError.typeMismatch"), "\(broken.stderr)")
    #expect(broken.stderr.contains("Path: rates"), "\(broken.stderr)")
  }

  @Test func sharedSwiftFilesCompileIntoEveryLessonOfTheirFolder() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("shared"), withIntermediateDirectories: true)
    let helpers = folder.appendingPathComponent("shared/Helpers.swift")
    try "/// Twice `x`.\nfunc double(_ x: Float) -> Float { 2 * x }\n".write(to: helpers, atomically: true, encoding: .utf8)
    for name in ["01-a", "02-b"] {
      try "# \(name)\n\n```swift\nexpect(double(2) == 4, \"the shared helper doubles\")\n```\n".write(
        to: folder.appendingPathComponent("\(name).md"), atomically: true, encoding: .utf8)
    }
    let run = try lessons(["check", "--cache-dir", "cache", "."], in: folder)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.hasSuffix("2 passed, 0 failed (2 lessons)\n"))
    // Editing the shared file re-runs every lesson; an error in it is reported at its own line, once per lesson.
    try "/// Twice `x`.\nfunc double(_ x: Float) -> Float { \"2\" * x }\n".write(to: helpers, atomically: true, encoding: .utf8)
    let broken = try lessons(["check", "--cache-dir", "cache", "."], in: folder)
    #expect(broken.status == 1)
    let errors = broken.stderr.split(separator: "\n").filter { $0.hasPrefix("shared/Helpers.swift:2:") && $0.contains(": error: ") }
    #expect(errors.count == 2, "\(broken.stderr)")
    #expect(!broken.stderr.contains("did not build"), "\(broken.stderr)")
  }

  @Test func quietAndVerboseOutput() throws {
    let quiet = try lessons(["check", "--no-cache", "--quiet", "shared-state.md"])
    #expect(quiet.status == 0)
    #expect(quiet.stdout == "1 passed, 0 failed (1 lesson)\n")
    let verbose = try lessons(["check", "--no-cache", "--verbose", "shared-state.md"])
    let lines = verbose.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "shared-state.md: compiling…")
    #expect(lines.contains("shared-state.md: running…"))
    #expect(lines.contains { $0.hasPrefix("  cell 1, line ") && $0.contains(": passed") })
    #expect(lines.contains { $0.hasPrefix("  compile ") })
    #expect(lines.last == "1 passed, 0 failed (1 lesson)")
    let both = try lessons(["check", "--quiet", "--verbose", "shared-state.md"])
    #expect(both.status != 0)
    #expect(both.stderr.contains("--quiet and --verbose cannot be used together"))
  }

  /// Starts `lessons serve` on a free loopback port, edits the lesson, and
  /// checks that the server rebuilds, reloads and shows errors; every wait
  /// is bounded.
  @Test(.timeLimit(.minutes(5))) func serveRebuildsAfterAChange() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try lessons(["new", "Live Preview"], in: folder).status == 0)
    let lesson = folder.appendingPathComponent("lessons/01-live-preview.md")

    let server = try await PreviewProcess(folder: folder)
    defer { server.stop() }
    let root = server.root

    let index = try await get(root)
    #expect(index.status == 200)
    #expect(index.body.contains("Live Preview"))
    #expect(index.body.contains("/__lessons/wait?since="))
    let page = root.appendingPathComponent("01-live-preview.html")
    #expect(try await get(page).body.contains("Why this matters"))
    #expect(try await get(root.appendingPathComponent("assets/style.css")).status == 200)
    #expect(try await get(root.appendingPathComponent("no-such-page.html")).status == 404)

    // A prose edit: the wait endpoint answers with the next generation.
    var text = try String(contentsOf: lesson, encoding: .utf8)
    text = text.replacingOccurrences(of: "Why this matters, in a paragraph or two.", with: "Edited while serving.")
    try text.write(to: lesson, atomically: true, encoding: .utf8)
    let second = try await get(URL(string: "__lessons/wait?since=1", relativeTo: root)!)
    #expect(second.body == "{\"generation\":2}", "\(server.output)")
    let edited = try await get(page).body
    #expect(edited.contains("Edited while serving."))
    #expect(!edited.contains("lessons-serve-problems"))

    // A broken cell: the server keeps running and shows the error on the page.
    text = text.replacingOccurrences(of: "Sequential(seed: 1)", with: "Sequentil(seed: 1)")
    try text.write(to: lesson, atomically: true, encoding: .utf8)
    let third = try await get(URL(string: "__lessons/wait?since=2", relativeTo: root)!)
    #expect(third.body == "{\"generation\":3}", "\(server.output)")
    let broken = try await get(page).body
    #expect(broken.contains("id=\"lessons-serve-problems\""))
    #expect(broken.contains("lessons/01-live-preview.md:19:13: error: cannot find &#39;Sequentil&#39; in scope; did you mean &#39;Sequential&#39;?")
      || broken.contains("lessons/01-live-preview.md:19:13: error: cannot find 'Sequentil' in scope; did you mean 'Sequential'?"))
    #expect(server.isRunning)
  }
}
