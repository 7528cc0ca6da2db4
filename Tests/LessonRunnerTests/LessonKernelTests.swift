import CellProtocol
import Foundation
import LessonModel
@testable import LessonRunner
import Testing

/// A lesson file in a folder of its own, and the folder.
private struct LessonFolder {
  let folder: URL
  let path: String

  init(_ source: String, shared: String? = nil) throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    path = folder.appendingPathComponent("kernel.md").path
    try source.write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// `source` parsed as this lesson, cut after cell `last` when given (as
  /// the notebook runs cells 0…last).
  func lesson(_ source: String, through last: Int? = nil, shared: [SourceFile] = []) -> Lesson {
    var lesson = LessonParser.parse(source: source, path: path)
    lesson.sharedSources = shared
    if let last {
      lesson.cells = Array(lesson.cells.prefix(last + 1))
      lesson.inlineExpressions = lesson.inlineExpressions.filter { ($0.afterCell ?? -1) <= last }
    }
    return lesson
  }
}

/// The runner the tests use.
private func runner() throws -> Runner { Runner(toolchain: try Toolchain.locate(), lessonTimeout: 60) }

/// Runs `lesson` from `kernel` and as a whole program, and checks that the
/// two results agree on everything a reader sees; returns the run from the
/// kernel.
private func runBothWays(_ lesson: Lesson, kernel: LessonKernel, folder: URL) async throws -> LessonResult {
  let runner = try runner()
  let resumed = await runner.run(lesson, lessonDirectory: folder, kernel: kernel)
  let whole = await runner.run(lesson, lessonDirectory: folder)
  #expect(whole.resumedFromCell == nil && whole.wholeRunReason == nil)
  #expect((resumed.resumedFromCell == nil) == (resumed.wholeRunReason != nil))
  #expect(resumed.cells.map(\.text) == whole.cells.map(\.text))
  #expect(resumed.cells.map(\.status) == whole.cells.map(\.status))
  #expect(resumed.cells.map(\.expectations) == whole.cells.map(\.expectations))
  #expect(resumed.cells.map(\.displays) == whole.cells.map(\.displays))
  #expect(resumed.cells.map(\.failure) == whole.cells.map(\.failure))
  #expect(resumed.inlineValues == whole.inlineValues)
  #expect(resumed.diagnostics.map(\.description) == whole.diagnostics.map(\.description))
  return resumed
}

@Suite("Notebook kernels")
struct LessonKernelTests {
  static let source = """
    # Kernel

    ```swift
    import Foundation
    var total = 0
    let words = ["one", "two"]
    func bump(_ by: Int) { total += by }
    print("first", total)
    ```

    Then `{swift} total` so far.

    ```swift
    bump(5)
    print("second", total, words.count, sqrt(16.0))
    expect(total == 5, "bumped once")
    show(words)
    ```

    After: `{swift} total * 10`.

    ```swift
    let doubled = total * 2
    print("third", doubled)
    ```

    """

  /// Starts a kernel for ``source`` (or `text`).
  private func kernel(_ text: String = source) async throws -> (LessonKernel, LessonFolder) {
    let folder = try LessonFolder(text)
    let kernel = try #require(try await runner().startKernel(folder.lesson(text), lessonDirectory: folder.folder))
    return (kernel, folder)
  }

  @Test func anEditedCellRunsFromTheCheckpointAsTheWholeProgramWould() async throws {
    let (kernel, folder) = try await kernel()
    defer { kernel.shutdown() }
    #expect(Set(kernel.checkpoints.keys) == [0, 1, 2])
    let edited = Self.source.replacingOccurrences(of: "bump(5)", with: "bump(7)\nprint(\"edited\")")
    let resumed = try await runBothWays(folder.lesson(edited), kernel: kernel, folder: folder.folder)
    #expect(resumed.resumedFromCell == 1)
    #expect(resumed.cells[1].text == "edited\nsecond 7 2 4.0\n")
    #expect(resumed.cells[2].text == "third 14\n")
    #expect(resumed.inlineValues == [0: "0", 1: "70"])
    #expect(!resumed.passed)  // the claim that total is 5
    // Run again through cell 1 only: from the same checkpoint.
    let shorter = try await runBothWays(folder.lesson(edited, through: 1), kernel: kernel, folder: folder.folder)
    #expect(shorter.resumedFromCell == 1 && shorter.cells.count == 2)
  }

  @Test func anEditOfAnEarlierCellRunsFromThatCell() async throws {
    let (kernel, folder) = try await kernel()
    defer { kernel.shutdown() }
    let edited = Self.source.replacingOccurrences(of: "var total = 0", with: "var total = 100")
    let resumed = try await runBothWays(folder.lesson(edited), kernel: kernel, folder: folder.folder)
    #expect(resumed.resumedFromCell == 0)
    #expect(resumed.cells[2].text == "third 210\n")
  }

  @Test func unchangedCellsRunTheLastCellAgain() async throws {
    let (kernel, folder) = try await kernel()
    defer { kernel.shutdown() }
    let resumed = try await runBothWays(folder.lesson(Self.source, through: 1), kernel: kernel, folder: folder.folder)
    #expect(resumed.resumedFromCell == 1)
    #expect(resumed.passed)
    // An edited cell that does not run changes nothing the program does.
    let text = Self.source + "```swift norun\nprint(\"shown only\")\n```\n"
    let (withNoRun, noRunFolder) = try await self.kernel(text)
    defer { withNoRun.shutdown() }
    let edited = text.replacingOccurrences(of: "shown only", with: "still shown only")
    let again = try await runBothWays(noRunFolder.lesson(edited), kernel: withNoRun, folder: noRunFolder.folder)
    #expect(again.resumedFromCell == 2 && again.passed)
  }

  /// Edits after which only the whole program means what the lesson says:
  /// each is run the whole way, and gives the whole program's result.
  @Test(arguments: [
    // A redeclaration at top level would be a legal shadowing in a function.
    ("let words = 3", "invalid redeclaration of 'words'", "`words` is declared again, after cell 1"),
    // `doubled` exists in the kernel (cell 3) but is not set before it:
    // a use before cell 3 declares it means the program's global.
    ("print(doubled)", nil, "the edited cells do not compile as the body of a function"),
    // A function named like an imported one competes with it across modules.
    ("func sqrt(_ x: Int) -> Int { x }", nil, "cell 2 declares a function `sqrt`, a name an imported module also has"),
    // An extension reaches past its cell.
    ("extension Int { var twice: Int { self * 2 } }", nil, "cell 2 has an extension, operator or protocol"),
    // An import the kernel's program did not have.
    ("import Dispatch", nil, "the lesson's imports changed since the kernel started"),
    // `return` is an error at top level, not in a function.
    ("if words.isEmpty { return }", "return invalid outside of a func", "cell 2 has a `return` outside a function"),
    // `#function` names the top level `main`.
    ("print(#function)", nil, "cell 2 has a `return` outside a function or `#function`"),
  ] as [(String, String?, String)])
  func editsThatOnlyTheWholeProgramMeans(insert: String, error: String?, reason: String) async throws {
    let (kernel, folder) = try await kernel()
    defer { kernel.shutdown() }
    let edited = Self.source.replacingOccurrences(of: "bump(5)", with: insert + "\nbump(5)")
    let result = try await runBothWays(folder.lesson(edited), kernel: kernel, folder: folder.folder)
    #expect(result.resumedFromCell == nil)
    #expect(result.wholeRunReason?.contains(reason) == true, "\(result.wholeRunReason ?? "no reason")")
    if let error { #expect(result.diagnostics.contains { $0.message.contains(error) }, "\(result.diagnostics)") }
  }

  @Test func aVariableThatHidesAnImportedFunctionIsNotResumedPast() async throws {
    // At top level `sqrt` is the program's Int, so `sqrt(2.0)` does not
    // compile; across modules it would find Foundation's function.
    let text = Self.source.replacingOccurrences(of: "var total = 0", with: "var total = 0\nlet sqrt = 5")
      .replacingOccurrences(of: ", sqrt(16.0)", with: "")
    let (kernel, folder) = try await kernel(text)
    defer { kernel.shutdown() }
    let edited = text.replacingOccurrences(of: "bump(5)", with: "print(sqrt(2.0))\nbump(5)")
    let result = try await runBothWays(folder.lesson(edited, through: 1), kernel: kernel, folder: folder.folder)
    #expect(result.resumedFromCell == nil)
    #expect(result.diagnostics.contains { $0.message.contains("cannot call value of non-function type 'Int'") })
    #expect(result.wholeRunReason == "`sqrt`, a variable of cell 1, is also a name an imported module has")
  }

  @Test func typesDeclaredInEditedCellsPrintAsInTheWholeProgram() async throws {
    let (kernel, folder) = try await kernel()
    defer { kernel.shutdown() }
    let edited = Self.source.replacingOccurrences(
      of: "bump(5)", with: "struct Point { var x = 1 }\nprint([Point()])\ndebugPrint(Point.self)\nbump(5)")
    let result = try await runBothWays(folder.lesson(edited), kernel: kernel, folder: folder.folder)
    #expect(result.resumedFromCell == 1)
    #expect(result.cells[1].text.hasPrefix("[Lesson.Point(x: 1)]\nLesson.Point\n"))
  }

  @Test func namesOfLaterCellsMeanOnlyWhatTheEditedCellsDeclare() async throws {
    let text = Self.source + "```swift\nstruct Later { var x = 1 }\n```\n"
    let (kernel, folder) = try await kernel(text)
    defer { kernel.shutdown() }
    // A parameter and a member named like later globals: the cell resumes.
    let local = text.replacingOccurrences(
      of: "bump(5)", with: "let twice = { (doubled: Int) in doubled * 2 }\nprint(twice(total), words.first?.count ?? 0)\nbump(5)")
    let resumed = try await runBothWays(folder.lesson(local, through: 1), kernel: kernel, folder: folder.folder)
    #expect(resumed.resumedFromCell == 1 && resumed.cells[1].text.hasPrefix("0 3\n"))
    // A type only a later cell declares, named where a type goes: the
    // lesson through cell 2 does not compile, and neither may the run.
    let later = text.replacingOccurrences(of: "bump(5)", with: "let nothing: Later? = nil\nbump(5)")
    let whole = try await runBothWays(folder.lesson(later, through: 1), kernel: kernel, folder: folder.folder)
    #expect(whole.resumedFromCell == nil)
    #expect(whole.diagnostics.contains { $0.message.contains("cannot find type 'Later' in scope") })
  }

  @Test(arguments: [
    // Another signature: the two overloads compete in both programs.
    (
      "func softmax(_ logits: [Float]) -> [Float] { logits.map { $0 / 2 } }",
      "print(softmax([2, 4] as [Float]), softmax(Tensor(row: [0, 0])).scalars)", 1 as Int?, "[1.0, 2.0] [0.5, 0.5]\n"
    ),
    // The same signature: the lesson's hides the module's at top level,
    // and the two are ambiguous across modules, so the run is whole.
    ("func softmax(_ logits: Tensor) -> Tensor { logits }", "print(softmax(Tensor(row: [0, 0])).scalars)", nil, "[0.0, 0.0]\n"),
  ])
  func anEarlierFunctionNamedLikeAnImportedOne(declaration: String, call: String, resumed: Int?, printed: String) async throws {
    let text = "```swift\n\(declaration)\n```\n\n```swift\nprint(1)\n```\n"
    let (kernel, folder) = try await kernel(text)
    defer { kernel.shutdown() }
    let result = try await runBothWays(
      folder.lesson(text.replacingOccurrences(of: "print(1)", with: call)), kernel: kernel, folder: folder.folder)
    #expect(result.resumedFromCell == resumed)
    #expect(result.cells[1].text == printed)
  }

  /// Edits after which the kernel's earlier cells, or the top level, would
  /// mean something else: each runs whole and gives the whole result.
  @Test(arguments: [
    // An earlier function calls a function the edited cell declares.
    ("func run() { helper() }\n", "func helper() { print(\"helper v1\") }\nrun()\n", "v1", "v2", "cell 1 uses `helper`"),
    // An earlier computed variable reads one the edited cell declares.
    ("var doubled: Int { late * 2 }\n", "let late = 7\nprint(doubled)\n", "7", "8", "cell 1 uses `late`"),
    // A property wrapper is refused at top level, not in a function.
    (
      "@propertyWrapper struct Clamped { var value: Int\n  var wrappedValue: Int { get { value } set { value = min(newValue, 10) } }\n  init(wrappedValue: Int) { value = min(wrappedValue, 10) } }\n",
      "print(1)\n", "print(1)", "@Clamped var level = 50\nprint(level)", "property wrapper"
    ),
    // `lazy` is refused on a global.
    ("let base = 1\n", "print(base)\n", "print(base)", "lazy var later = base + 1\nprint(later)", "`lazy`"),
  ] as [(String, String, String, String, String)])
  func editsTheEarlierCellsMeanOtherwise(first: String, second: String, from: String, to: String, reason: String) async throws {
    let text = "```swift\n\(first)```\n\n```swift\n\(second)```\n"
    let (kernel, folder) = try await kernel(text)
    defer { kernel.shutdown() }
    let result = try await runBothWays(
      folder.lesson(text.replacingOccurrences(of: from, with: to)), kernel: kernel, folder: folder.folder)
    #expect(result.resumedFromCell == nil)
    #expect(result.wholeRunReason?.contains(reason) == true, "\(result.wholeRunReason ?? "no reason")")
  }

  @Test func theLessonsTimeLimitCountsTheCellsBeforeTheCheckpoint() async throws {
    let text = "```swift\nimport Foundation\nThread.sleep(forTimeInterval: 2)\n```\n\n```swift\nprint(1)\n```\n"
    let folder = try LessonFolder(text)
    let runner = Runner(toolchain: try Toolchain.locate(), lessonTimeout: 3)
    let kernel = try #require(try await runner.startKernel(folder.lesson(text), lessonDirectory: folder.folder))
    defer { kernel.shutdown() }
    let edited = folder.lesson(text.replacingOccurrences(of: "print(1)", with: "Thread.sleep(forTimeInterval: 2)\nprint(2)"))
    let resumed = await runner.run(edited, lessonDirectory: folder.folder, kernel: kernel)
    let whole = await runner.run(edited, lessonDirectory: folder.folder)
    #expect(resumed.resumedFromCell == 1)
    #expect(resumed.diagnostics.map(\.message) == ["the cell timed out after 3 s and was stopped"])
    #expect(whole.diagnostics.map(\.message) == resumed.diagnostics.map(\.message))
  }

  @Test func filesBesideTheLessonAndTheEnvironmentAreAsInAWholeRun() async throws {
    let text = """
      ```swift
      import Foundation
      let environment = ProcessInfo.processInfo.environment.keys.filter { $0.contains("CHECKPOINT") }
      ```

      ```swift
      print(environment, try String(contentsOfFile: "input.txt", encoding: .utf8))
      ```

      """
    let folder = try LessonFolder(text)
    try "one".write(to: folder.folder.appendingPathComponent("input.txt"), atomically: true, encoding: .utf8)
    let (runner, lesson) = (try runner(), folder.lesson(text))
    let kernel = try #require(try await runner.startKernel(lesson, lessonDirectory: folder.folder))
    defer { kernel.shutdown() }
    #expect(!kernel.writesFiles)
    let resumed = try await runBothWays(lesson, kernel: kernel, folder: folder.folder)
    #expect(resumed.resumedFromCell == 1 && resumed.cells[1].text == "[] one\n")
    // Read by any means, a file beside the lesson that changed since the
    // kernel ran keeps runs whole.
    try "two".write(to: folder.folder.appendingPathComponent("input.txt"), atomically: true, encoding: .utf8)
    let whole = try await runBothWays(lesson, kernel: kernel, folder: folder.folder)
    #expect(whole.resumedFromCell == nil && whole.cells[1].text == "[] two\n")
    #expect(whole.wholeRunReason == "a file beside the lesson changed since the kernel ran")
  }

  @Test func warningsAreThoseOfTheWholeProgram() async throws {
    let text = "```swift\nlet base = 1\n```\n\n```swift\nprint(base)\n```\n"
    let (kernel, folder) = try await kernel(text)
    defer { kernel.shutdown() }
    // A top-level `var` never mutated is a global: no warning; one in a
    // block is a local: a warning, in both programs.
    let edited = text.replacingOccurrences(
      of: "print(base)", with: "var top = base\nlet unused = 2\ndo { var t = base; print(t, top) }")
    let result = try await runBothWays(folder.lesson(edited), kernel: kernel, folder: folder.folder)
    #expect(result.resumedFromCell == 1)
    #expect(result.diagnostics.map(\.message).filter { $0.contains("'t'") }.count == 1, "\(result.diagnostics)")
    #expect(!result.diagnostics.contains { $0.message.contains("'top'") || $0.message.contains("'unused'") })
  }

  @Test func aLaterExtensionInTheKernelKeepsRunsWhole() async throws {
    let text = Self.source + "```swift\nextension Int { var twice: Int { self * 2 } }\n```\n"
    let (kernel, folder) = try await kernel(text)
    defer { kernel.shutdown() }
    let result = try await runBothWays(folder.lesson(text, through: 1), kernel: kernel, folder: folder.folder)
    #expect(result.resumedFromCell == nil)
  }

  @Test func aCrashAThrowAndATimeoutReadAsInTheWholeProgram() async throws {
    let (kernel, folder) = try await kernel()
    defer { kernel.shutdown() }
    for (insert, message) in [
      ("let values = [1]\nprint(values[total + 5])", "Index out of range"),
      ("struct Failure: Error {}\nif total == 0 { throw Failure() }", "Failure"),
    ] {
      let edited = Self.source.replacingOccurrences(of: "bump(5)", with: insert + "\nbump(5)")
      let result = try await runBothWays(folder.lesson(edited), kernel: kernel, folder: folder.folder)
      #expect(result.resumedFromCell == 1)
      #expect(result.cells.map(\.status) == [.passed, .failed, .notRun])
      #expect(result.diagnostics.contains { $0.severity == .error && $0.message.contains(message) }, "\(result.diagnostics)")
    }
    let looping = Self.source.replacingOccurrences(of: "bump(5)", with: "//| timeout: 1\nwhile total >= 0 { total = 0 }\nbump(5)")
    let runner = try runner()
    let result = await runner.run(folder.lesson(looping), lessonDirectory: folder.folder, kernel: kernel)
    #expect(result.resumedFromCell == 1)
    #expect(result.diagnostics.map(\.message) == ["the cell timed out after 1 s and was stopped"])
    // The checkpoint survives its worker.
    let again = await runner.run(folder.lesson(Self.source), lessonDirectory: folder.folder, kernel: kernel)
    #expect(again.resumedFromCell == 2 && again.passed)
  }

  @Test func aDataFileChangedSinceTheCheckpointKeepsRunsWhole() async throws {
    let text = """
      ```swift
      let note = try LessonData.text("note.txt")
      print(note)
      ```

      ```swift
      print(note.count)
      ```

      """
    let folder = try LessonFolder(text)
    let data = folder.folder.appendingPathComponent("note.txt")
    try "first".write(to: data, atomically: true, encoding: .utf8)
    let runner = try runner()
    let kernel = try #require(try await runner.startKernel(folder.lesson(text), lessonDirectory: folder.folder))
    defer { kernel.shutdown() }
    let resumed = await runner.run(folder.lesson(text), lessonDirectory: folder.folder, kernel: kernel)
    #expect(resumed.resumedFromCell == 1 && resumed.cells[1].text == "5\n")
    try "changed".write(to: data, atomically: true, encoding: .utf8)
    let whole = await runner.run(folder.lesson(text), lessonDirectory: folder.folder, kernel: kernel)
    #expect(whole.resumedFromCell == nil && whole.cells[1].text == "7\n")
  }

  @Test func aLessonThatWritesFilesBesideItRunsWhole() async throws {
    let text = """
      ```swift
      import Foundation
      try "first".write(toFile: "note.txt", atomically: true, encoding: .utf8)
      ```

      ```swift
      print(try String(contentsOfFile: "note.txt", encoding: .utf8))
      ```

      ```swift
      try "later".write(toFile: ".note", atomically: true, encoding: .utf8)
      ```

      """
    let (kernel, folder) = try await kernel(text)
    defer { kernel.shutdown() }
    #expect(kernel.writesFiles)
    // From the kernel, cell 2 would read what cell 3 wrote.
    let edited = text.replacingOccurrences(of: "encoding: .utf8))", with: "encoding: .utf8) + \"!\")")
    let result = try await runBothWays(folder.lesson(edited, through: 1), kernel: kernel, folder: folder.folder)
    #expect(result.resumedFromCell == nil && result.cells[1].text == "first!\n")
    #expect(result.wholeRunReason?.contains("writes files") == true)
  }

  @Test func aChangedSharedFileKeepsRunsWhole() async throws {
    let text = "```swift\nprint(greeting)\n```\n\n```swift\nprint(greeting.count)\n```\n"
    let folder = try LessonFolder(text)
    let first = [SourceFile(path: "/shared/a.swift", text: "let greeting = \"hi\"\n")]
    let runner = try runner()
    let kernel = try #require(try await runner.startKernel(folder.lesson(text, shared: first), lessonDirectory: folder.folder))
    defer { kernel.shutdown() }
    let same = await runner.run(folder.lesson(text, shared: first), lessonDirectory: folder.folder, kernel: kernel)
    #expect(same.resumedFromCell == 1 && same.cells[1].text == "2\n")
    let second = [SourceFile(path: "/shared/a.swift", text: "let greeting = \"hello\"\n")]
    let changed = await runner.run(folder.lesson(text, shared: second), lessonDirectory: folder.folder, kernel: kernel)
    #expect(changed.resumedFromCell == nil && changed.cells[1].text == "5\n")
  }

  @Test func aProgramWithThreadsMakesNoCheckpointsFromThenOn() async throws {
    let text = """
      ```swift
      let a = Tensor(rows: 256, cols: 256, repeating: 1)
      ```

      ```swift
      let b = matmul(a, a, threads: 2)
      ```

      ```swift
      print(b[0, 0])
      ```

      """
    let (kernel, folder) = try await kernel(text)
    defer { kernel.shutdown() }
    // The thread pool that ran the product lives on: no copy of the
    // process is made after it.
    #expect(Set(kernel.checkpoints.keys) == [0, 1])
    let edited = text.replacingOccurrences(of: "print(b[0, 0])", with: "print(b[0, 0] + 1)")
    let whole = try await runBothWays(folder.lesson(edited), kernel: kernel, folder: folder.folder)
    #expect(whole.resumedFromCell == nil && whole.cells[2].text == "257.0\n")
    // From before the product, the copy runs it with a pool of its own.
    let early = edited.replacingOccurrences(of: "threads: 2)", with: "threads: 2) + a")
    let resumed = try await runBothWays(folder.lesson(early), kernel: kernel, folder: folder.folder)
    #expect(resumed.resumedFromCell == 1 && resumed.cells[2].text == "258.0\n")
  }

  @Test func shutdownEndsEveryCheckpoint() async throws {
    let (kernel, _) = try await kernel()
    let pids = kernel.checkpoints.values.map(\.pid)
    #expect(pids.allSatisfy { kill($0, 0) == 0 })
    // Only this user reaches the checkpoints' sockets.
    let permissions = try FileManager.default.attributesOfItem(atPath: kernel.folder.path)[.posixPermissions] as? Int
    #expect(permissions == 0o700)
    kernel.shutdown()
    try await Task.sleep(for: .milliseconds(200))
    #expect(pids.allSatisfy { kill($0, 0) != 0 || isZombie($0) })
    #expect(!kernel.isAlive)
  }
}

@Suite("Cell names")
struct CellNamesTests {
  @Test func topLevelDeclarationsUsesAndImports() {
    let code = "import Foundation\nlet (a, `b`) = (1, 2)\nfunc f(_ x: Int) -> Int { let inner = x; return inner }\nstruct S {}\nprint(a + f(b))\n"
    let names = CellNames(code: code)
    #expect(names.declared == ["a", "b", "f", "S"])
    #expect(names.functions == ["f"])
    #expect(names.used.isSuperset(of: ["a", "b", "f", "S", "x", "inner", "print", "Foundation"]))
    #expect(names.imports == ["import Foundation"])
    #expect(!names.hasGlobalEffects && !names.needsTopLevel)
    // The import is blanked, every line and byte count kept.
    let blanked = names.blankingImports(in: code)
    #expect(blanked.hasPrefix("                 \nlet (a"))
    #expect(blanked.utf8.count == code.utf8.count)
  }

  @Test func referencesLeaveOutParametersLocalsAndMembers() {
    let code = "func within(_ limit: Float) -> Bool { let scale: Float = 2; return abs(scale) <= limit }\nfunc total() -> Float { limit + model.count }\nlet f = { (limit: Int) in limit }\n"
    let names = CellNames(code: code)
    // `limit` is a parameter in `within` and the closure, a global in `total`.
    #expect(names.references.isSuperset(of: ["limit", "model", "abs", "Float", "Bool", "Int"]))
    #expect(!names.references.contains("scale") && !names.references.contains("count"))
    #expect(!CellNames(code: "func within(_ limit: Float) -> Bool { 0 <= limit }\n").references.contains("limit"))
  }

  @Test func whatReachesPastANameOrNeedsTheTopLevel() {
    #expect(CellNames(code: "extension Int { var twice: Int { self * 2 } }\n").hasGlobalEffects)
    #expect(CellNames(code: "protocol P {}\n").hasGlobalEffects)
    #expect(CellNames(code: "infix operator +++\n").hasGlobalEffects)
    #expect(CellNames(code: "if true { return }\n").needsTopLevel)
    #expect(!CellNames(code: "let f = { () -> Int in return 1 }\nvar x: Int { return 2 }\n").needsTopLevel)
    #expect(CellNames(code: "print(#function)\n").needsTopLevel)
    // A cell wrapped in `do { … }` declares nothing at top level.
    #expect(CellNames(code: "let x = 1\n", wrapped: true).declared.isEmpty)
  }
}

/// Whether `pid` has ended but is not reaped yet.
private func isZombie(_ pid: pid_t) -> Bool {
  guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
  return status.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") == true
}
