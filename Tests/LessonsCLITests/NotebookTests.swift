import Foundation
import Testing

/// A lesson of two cells: the first with an option line, the second
/// printing from the first's value.
private let twoCells = """
  ---
  title: Two cells
  ---

  # Two cells

  Some *prose* that must stay.

  ```swift
  //| caption: The base
  let base = 2
  ```

  Between the cells.

  ```swift
  print("value", base * 3)
  ```

  The end.

  """

/// `lessons notebook` serving `lessons/01-notebook.md` with `source` from a
/// new folder; runs `body` with the page's requests, the server and the
/// folder, then stops the server and removes the folder.
private func withNotebook(
  _ source: String, config: String? = nil, _ body: (Notebook, PreviewProcess, URL) async throws -> Void
) async throws {
  let folder = try temporaryFolder()
  defer { try? FileManager.default.removeItem(at: folder) }
  try FileManager.default.createDirectory(at: folder.appendingPathComponent("lessons"), withIntermediateDirectories: true)
  if let config { try Data(config.utf8).write(to: folder.appendingPathComponent("lessons/course.yml")) }
  let lesson = folder.appendingPathComponent("lessons/01-notebook.md")
  try Data(source.utf8).write(to: lesson)
  let server = try await PreviewProcess(folder: folder, command: "notebook")
  defer { server.stop() }
  try await body(Notebook(port: server.port, token: server.token ?? "", lesson: lesson), server, folder)
}

/// The requests a notebook page makes, to the server on `port`.
private struct Notebook: Sendable {
  let port: UInt16
  let token: String
  /// The lesson file.
  let lesson: URL
  /// The lesson's path as the page names it.
  let path = "lessons/01-notebook.md"

  /// An answer: status and body.
  struct Answer {
    var status: Int
    var head: String
    var body: String
    /// The body as JSON.
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
  }

  /// Sends a request with `headers` (the `Host` header is 127.0.0.1:PORT
  /// unless `headers` has one) and waits up to `timeout` seconds.
  func send(_ method: String, _ target: String, headers: [String: String] = [:], body: String = "", timeout: TimeInterval = 120)
    throws -> Answer
  {
    var lines = ["\(method) \(target) HTTP/1.1"]
    if headers["Host"] == nil { lines.append("Host: 127.0.0.1:\(port)") }
    lines += headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
    if method == "POST" { lines.append("Content-Length: \(body.utf8.count)") }
    lines.append("Connection: close")
    let answer = try exchange(lines.joined(separator: "\r\n") + "\r\n\r\n" + body, port: port, timeout: timeout) ?? ""
    let parts = answer.components(separatedBy: "\r\n\r\n")
    return Answer(status: status(answer) ?? 0, head: parts[0], body: parts.dropFirst().joined(separator: "\r\n\r\n"))
  }

  /// A POST of `json` to a notebook action with the page's headers.
  func post(_ action: String, _ json: [String: Any], headers: [String: String]? = nil, timeout: TimeInterval = 120) throws -> Answer {
    let body = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
    let sent = headers ?? ["X-Lessons-Token": token, "Content-Type": "application/json", "Origin": "http://127.0.0.1:\(port)"]
    return try send("POST", "/__lessons/notebook/" + action, headers: sent, body: body, timeout: timeout)
  }

  /// The lesson page's notebook data (cells and digest), fetched with the
  /// cookie.
  func pageData() throws -> [String: Any] {
    let page = try send("GET", "/01-notebook.html", headers: ["Cookie": "lessons-notebook-\(port)=\(token)"])
    guard let start = page.body.range(of: "type=\"application/json\">"), let end = page.body.range(of: "</script>", range: start.upperBound..<page.body.endIndex)
    else { return [:] }
    return (try? JSONSerialization.jsonObject(with: Data(page.body[start.upperBound..<end.lowerBound].utf8))) as? [String: Any] ?? [:]
  }

  /// Runs cells 0…`cell` with `edits` (cell index → editor text).
  func run(_ cell: Int, _ edits: [Int: String], digest: String, timeout: TimeInterval = 120) throws -> Answer {
    try post("run", [
      "lesson": path, "digest": digest, "cell": cell,
      "edits": edits.sorted { $0.key < $1.key }.map { ["cell": $0.key, "code": $0.value] },
    ], timeout: timeout)
  }

  /// Saves `edits`.
  func save(_ edits: [Int: String], digest: String) throws -> Answer {
    try post("save", ["lesson": path, "digest": digest, "edits": edits.map { ["cell": $0.key, "code": $0.value] }])
  }

  /// Waits until the lesson's kernel (started when its page was opened)
  /// is ready.
  func waitForKernel() async throws {
    for _ in 0..<600 {
      if try post("kernel", ["lesson": path]).json["state"] as? String == "ready" { return }
      try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("the lesson's kernel did not start")
  }

  /// The outcome of cell `index` in a run's answer.
  func outcome(_ answer: Answer, _ index: Int) -> [String: Any] {
    (answer.json["cells"] as? [[String: Any]])?.first { $0["index"] as? Int == index } ?? [:]
  }
}

/// The SHA-256 of a file in hex (`sha256sum`), as the page knows it.
private func sha256(of url: URL) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
  process.arguments = [url.path]
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return String(text.prefix(64))
}

/// A lesson of a student edition: an exercise with its placeholder between
/// the markers, and its checks.
private let studentLesson = """
  # An exercise

  ```swift
  //| exercise: double
  func double(_ x: Int) -> Int {
    // BEGIN SOLUTION
    return 0
    // END SOLUTION
  }
  ```

  ```swift
  //| grades: double
  expect(double(2) == 4, "double(2) is 4")
  ```

  """

@Suite("Notebook mode: editing, running and saving cells over loopback")
struct NotebookTests {
  /// In a student edition only the solution regions can be edited: the
  /// page gets those lines, a run with an answer there is graded by the
  /// visible checks, and edits anywhere else are refused.
  @Test(.timeLimit(.minutes(3)))
  func aStudentEditsOnlyTheSolutionRegions() async throws {
    try await withNotebook(studentLesson, config: "edition: student\n") { notebook, _, _ in
      let data = try notebook.pageData()
      let digest = try #require(data["digest"] as? String)
      let cells = try #require(data["cells"] as? [[String: Any]])
      #expect(cells.map { $0["regions"] as? [[Int]] } == [[[2, 3]], []])
      let answer = "func double(_ x: Int) -> Int {\n  // BEGIN SOLUTION\n  return 2 * x\n  // END SOLUTION\n}"
      let solved = try notebook.run(1, [0: answer], digest: digest)
      #expect(solved.status == 200, "\(solved.body)")
      #expect(notebook.outcome(solved, 1)["status"] as? String == "passed", "\(solved.body)")
      let outside = answer.replacingOccurrences(of: "func double(_ x: Int)", with: "func double(_ y: Int)")
      #expect(try notebook.run(1, [0: outside], digest: digest).status == 422)
      #expect(try notebook.run(1, [1: "expect(true, \"free points\")"], digest: digest).status == 422)
    }
  }

  /// An edited cell runs with the cells before it, and its new output comes
  /// back as the page's HTML; the file is not touched.
  @Test(.timeLimit(.minutes(3)))
  func editedCellRuns() async throws {
    try await withNotebook(twoCells) { notebook, _, _ in
      let data = try notebook.pageData()
      let digest = try #require(data["digest"] as? String)
      let cells = try #require(data["cells"] as? [[String: Any]])
      #expect(cells.map { $0["code"] as? String } == ["let base = 2", "print(\"value\", base * 3)"])
      #expect(cells[0]["options"] as? [String] == ["//| caption: The base"])
      let answer = try notebook.run(1, [1: "print(\"value\", base * 7)"], digest: digest)
      #expect(answer.status == 200, "\(answer.body)")
      let outcome = notebook.outcome(answer, 1)
      #expect(outcome["status"] as? String == "passed")
      #expect((outcome["html"] as? String)?.contains("value 14") == true, "\(outcome)")
      #expect(notebook.outcome(answer, 0)["status"] as? String == "passed")
      #expect(try String(contentsOf: notebook.lesson, encoding: .utf8) == twoCells)
    }
  }

  /// A program compiled ahead of its run (the page asks when an edit
  /// pauses) is run without compiling it again.
  @Test(.timeLimit(.minutes(3)))
  func preparedProgramIsNotCompiledAgain() async throws {
    try await withNotebook(twoCells) { notebook, _, _ in
      let digest = try #require(try notebook.pageData()["digest"] as? String)
      let request: [String: Any] = [
        "lesson": notebook.path, "digest": digest, "cell": 1, "edits": [["cell": 1, "code": "print(\"prepared\", base)"]],
      ]
      // Before the kernel is ready the whole program is compiled ahead;
      // once it is, the edited cell's library.
      for kernel in [false, true] {
        if kernel { try await notebook.waitForKernel() }
        var request = request
        request["edits"] = [["cell": 1, "code": "print(\"prepared\", base, \(kernel))"]]
        #expect(try notebook.post("prepare", request).status == 202)
        let answer = try notebook.post("run", request)
        #expect(answer.status == 200, "\(answer.body)")
        #expect((notebook.outcome(answer, 1)["html"] as? String)?.contains("prepared 2 \(kernel)") == true, "\(answer.body)")
        let compileSeconds = try #require(answer.json["compileSeconds"] as? Double)
        #expect(compileSeconds < 0.1, "the run compiled again (\(compileSeconds) s)")
        if kernel { #expect(answer.json["resumedFromCell"] as? Int == 1) }
      }
    }
  }

  /// Like a Jupyter kernel: once the page's lesson has run with
  /// checkpoints, a run starts from the state before the first edited cell;
  /// after a run with an earlier cell edited, a new kernel starts from the
  /// edited lesson, so the next run starts late again.
  @Test(.timeLimit(.minutes(3)))
  func runsStartFromTheKernelState() async throws {
    try await withNotebook(twoCells) { notebook, _, _ in
      let digest = try #require(try notebook.pageData()["digest"] as? String)
      try await notebook.waitForKernel()
      let late = try notebook.run(1, [1: "print(\"late\", base * 5)"], digest: digest)
      #expect(late.json["resumedFromCell"] as? Int == 1, "\(late.body)")
      #expect((notebook.outcome(late, 1)["html"] as? String)?.contains("late 10") == true)
      let early = try notebook.run(1, [0: "let base = 4", 1: "print(\"early\", base * 5)"], digest: digest)
      #expect(early.json["resumedFromCell"] as? Int == 0, "\(early.body)")
      #expect((notebook.outcome(early, 1)["html"] as? String)?.contains("early 20") == true)
      // The kernel started from the edited lesson replaces the first.
      var resumed: Int?, reasons = [String]()
      for attempt in 0..<100 where resumed != 1 {
        try await Task.sleep(for: .milliseconds(200))
        // A new edit each time, so that no answer comes from the cache.
        let again = try notebook.run(1, [0: "let base = 4", 1: "print(\"again\", base, \(attempt))"], digest: digest)
        #expect((notebook.outcome(again, 1)["html"] as? String)?.contains("again 4 \(attempt)") == true)
        resumed = again.json["resumedFromCell"] as? Int
        reasons.append(again.json["wholeRunReason"] as? String ?? "from \(resumed.map(String.init) ?? "?")")
      }
      #expect(resumed == 1, "\(reasons)")
    }
  }

  /// A compile error, and a failed claim, come back at their lines of the
  /// edited cell.
  @Test(.timeLimit(.minutes(3)))
  func errorsAtTheirLines() async throws {
    try await withNotebook(twoCells) { notebook, _, _ in
      let digest = try #require(try notebook.pageData()["digest"] as? String)
      let broken = try notebook.run(1, [1: "let a = 1\nlet b: Int = \"text\"\nprint(a, b)"], digest: digest)
      #expect(broken.status == 200, "\(broken.body)")
      let outcome = notebook.outcome(broken, 1)
      #expect(outcome["status"] as? String == "failed")
      let markers = try #require(outcome["markers"] as? [[String: Any]])
      #expect(markers.contains { $0["line"] as? Int == 2 && $0["severity"] as? String == "error" }, "\(markers)")
      #expect(notebook.outcome(broken, 0)["status"] as? String == "passed")

      let claimed = try notebook.run(1, [1: "let tripled = base * 3\n\nexpect(tripled == 7, \"three twos make seven\")"], digest: digest)
      let claim = notebook.outcome(claimed, 1)
      #expect(claim["status"] as? String == "failed")
      #expect((claim["html"] as? String)?.contains("claim-failed") == true)
      let claimMarkers = try #require(claim["markers"] as? [[String: Any]])
      #expect(claimMarkers.contains { $0["line"] as? Int == 3 && ($0["message"] as? String)?.contains("three twos make seven") == true },
              "\(claimMarkers)")
    }
  }

  /// A save changes the edited cell's lines and no other byte of the file.
  @Test(.timeLimit(.minutes(3)))
  func saveChangesOnlyTheEditedCell() async throws {
    try await withNotebook(twoCells) { notebook, _, _ in
      let digest = try #require(try notebook.pageData()["digest"] as? String)
      let answer = try notebook.save([1: "let tripled = base * 3\nprint(\"value\", tripled)"], digest: digest)
      #expect(answer.status == 200, "\(answer.body)")
      let expected = twoCells.replacingOccurrences(
        of: "print(\"value\", base * 3)\n", with: "let tripled = base * 3\nprint(\"value\", tripled)\n")
      #expect(try Data(contentsOf: notebook.lesson) == Data(expected.utf8))
      #expect(answer.json["digest"] as? String == (try sha256(of: notebook.lesson)))
    }
  }

  /// A CRLF file stays CRLF, the edited lines included.
  @Test(.timeLimit(.minutes(3)))
  func crlfFileStaysCRLF() async throws {
    let crlf = twoCells.replacingOccurrences(of: "\n", with: "\r\n")
    try await withNotebook(crlf) { notebook, _, _ in
      let digest = try #require(try notebook.pageData()["digest"] as? String)
      let answer = try notebook.save([0: "let base = 5\nlet unused = 0"], digest: digest)
      #expect(answer.status == 200, "\(answer.body)")
      let expected = crlf.replacingOccurrences(of: "let base = 2\r\n", with: "let base = 5\r\nlet unused = 0\r\n")
      let written = try Data(contentsOf: notebook.lesson)
      #expect(written == Data(expected.utf8))
      #expect(written.filter { $0 == 10 }.count == written.filter { $0 == 13 }.count)
    }
  }

  /// A save or a run of a page whose file changed on disk meanwhile is
  /// refused and says so; the other edit stays.
  @Test(.timeLimit(.minutes(3)))
  func externalEditIsDetected() async throws {
    try await withNotebook(twoCells) { notebook, _, _ in
      let digest = try #require(try notebook.pageData()["digest"] as? String)
      let external = twoCells.replacingOccurrences(of: "The end.", with: "The end, edited elsewhere.")
      try Data(external.utf8).write(to: notebook.lesson)
      let save = try notebook.save([1: "print(1)"], digest: digest)
      #expect(save.status == 409 && save.json["changedOnDisk"] as? Bool == true, "\(save.body)")
      #expect((save.json["error"] as? String)?.contains("changed on disk") == true)
      #expect(try String(contentsOf: notebook.lesson, encoding: .utf8) == external)
      let run = try notebook.run(1, [:], digest: digest)
      #expect(run.status == 409 && run.json["changedOnDisk"] as? Bool == true)
    }
  }

  /// Requests without the token, with another token, from another origin or
  /// for another host are refused with 403; the token shows up in no page
  /// and in no output but the address printed at start.
  @Test(.timeLimit(.minutes(3)))
  func foreignRequestsAreRefused() async throws {
    try await withNotebook(twoCells) { notebook, server, _ in
      let digest = try #require(try notebook.pageData()["digest"] as? String)
      let body: [String: Any] = ["lesson": notebook.path, "digest": digest, "cell": 0, "edits": [[String: Any]]()]
      let own = "http://127.0.0.1:\(notebook.port)"
      let refused: [[String: String]] = [
        ["Content-Type": "application/json"],
        ["Content-Type": "application/json", "X-Lessons-Token": String(repeating: "0", count: 64)],
        ["Content-Type": "application/json", "Cookie": "lessons-notebook-\(notebook.port)=\(notebook.token)"],
        ["Content-Type": "application/json", "X-Lessons-Token": notebook.token, "Origin": "http://evil.example"],
        ["Content-Type": "application/json", "X-Lessons-Token": notebook.token, "Origin": "null"],
        ["Content-Type": "application/json", "X-Lessons-Token": notebook.token, "Host": "evil.example:\(notebook.port)"],
        ["Content-Type": "application/json", "X-Lessons-Token": notebook.token, "Host": "127.0.0.1:1"],
      ]
      for headers in refused {
        #expect(try notebook.post("run", body, headers: headers).status == 403, "\(headers)")
        #expect(try notebook.post("save", body, headers: headers).status == 403, "\(headers)")
      }
      let allowed = ["Content-Type": "application/json", "X-Lessons-Token": notebook.token, "Origin": own]
      #expect(try notebook.post("run", body, headers: allowed).status == 200)
      #expect(try notebook.post("run", body, headers: allowed.merging(["Host": "localhost:\(notebook.port)"]) { $1 }).status == 200)
      // Pages: the token in the query sets the cookie; the cookie alone will do.
      #expect(try notebook.send("GET", "/").status == 403)
      #expect(try notebook.send("GET", "/01-notebook.html").status == 403)
      #expect(try notebook.send("GET", "/?token=\(notebook.token)", headers: ["Host": "evil.example"]).status == 403)
      #expect(try notebook.send("GET", "/__lessons/wait?since=999").status == 403)
      let first = try notebook.send("GET", "/?token=\(notebook.token)")
      #expect(first.status == 200)
      #expect(first.head.contains("Set-Cookie: lessons-notebook-\(notebook.port)=\(notebook.token); Path=/; HttpOnly; SameSite=Strict"))
      #expect(first.head.contains("Referrer-Policy: no-referrer"))
      let cookie = ["Cookie": "lessons-notebook-\(notebook.port)=\(notebook.token)"]
      let page = try notebook.send("GET", "/01-notebook.html", headers: cookie)
      #expect(page.status == 200 && !page.body.contains(notebook.token) && !first.body.contains(notebook.token))
      #expect(try notebook.send("GET", "/assets/notebook/codemirror.js", headers: cookie).status == 200)
      #expect(server.output.components(separatedBy: notebook.token).count == 2, "the token is printed once")
    }
  }

  /// A cell that never ends is stopped at its time limit, and a new run of
  /// the lesson cancels the running one and kills its program.
  @Test(.timeLimit(.minutes(3)))
  func runawayCellsAreKilled() async throws {
    let timed = twoCells.replacingOccurrences(of: "```swift\nprint", with: "```swift\n//| timeout: 2\nprint")
    try await withNotebook(timed) { notebook, _, folder in
      let digest = try #require(try notebook.pageData()["digest"] as? String)
      let start = Date()
      let limited = try notebook.run(1, [1: "while base > 0 {}"], digest: digest)
      #expect(limited.status == 200, "\(limited.body)")
      #expect(notebook.outcome(limited, 1)["status"] as? String == "failed")
      #expect(Date().timeIntervalSince(start) < 60)

      let pidFile = folder.appendingPathComponent("pid.txt")
      let forever = """
        import Foundation
        try! String(ProcessInfo.processInfo.processIdentifier).write(toFile: "\(pidFile.path)", atomically: true, encoding: .utf8)
        while base > 0 {}
        """
      let first = Task { try notebook.run(0, [0: "let base = 2\n" + forever], digest: digest, timeout: 300) }
      var pid: Int32?
      for _ in 0..<600 where pid == nil {
        try await Task.sleep(for: .milliseconds(100))
        pid = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0) }
      }
      let running = try #require(pid)
      #expect(kill(running, 0) == 0, "the first run's program is running")
      let second = try notebook.run(1, [:], digest: digest)
      #expect(second.status == 200 && notebook.outcome(second, 1)["status"] as? String == "passed", "\(second.body)")
      let cancelled = try await first.value
      #expect(cancelled.status == 409 && (cancelled.json["error"] as? String)?.contains("cancelled") == true, "\(cancelled.body)")
      #expect(kill(running, 0) == -1 && errno == ESRCH, "the first run's program was killed")
    }
  }
}
