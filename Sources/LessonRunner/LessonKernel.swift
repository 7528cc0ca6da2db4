import CellProtocol
import Foundation
import LessonModel
import Synchronization
import _ProcessShims

/// A lesson program kept at hand for `lessons notebook`, as a Jupyter
/// kernel keeps a notebook's state: run once with a *checkpoint* before each
/// cell (a forked copy of the process, waiting), so that a run of edited
/// cells k…n starts from the state before cell k instead of running cells
/// 0…k−1 again, and compiles only cells k…n.
///
/// The edited cells are compiled as the body of one function in a library
/// that sees the kernel's declarations through `@testable import` of its
/// module; a worker forked from the checkpoint loads it and runs it, its
/// printed text and events appended to copies of what the program had
/// written before the checkpoint, so that the run reads exactly as a run of
/// the whole program would (see ``Runner/run(_:lessonDirectory:kernel:phase:)``).
///
/// A run takes this path only when it means the same as a run of the whole
/// program (``plan(for:toolchain:)``): the cells before k and the inline expressions
/// between them are unchanged, as are the shared files and the data files
/// they read; and the names the edited cells declare and use mean the same
/// inside a function as at the top level of the program. Otherwise, or when
/// the library does not compile or its worker cannot start, the runner runs
/// the whole program as `lessons check` does, and says why
/// (``LessonResult/wholeRunReason``). `lessons check` never uses a kernel.
public final class LessonKernel: Sendable {
  /// The lesson as the kernel ran it.
  public let lesson: Lesson
  /// The kernel's folder: its program, module, and checkpoint sockets.
  let folder: URL
  /// The checkpoints, by the cell each precedes.
  let checkpoints: [Int: Checkpoint]
  /// The warnings of the kernel's compile, placed in the Markdown.
  let warnings: [Diagnostic]
  /// What each of the kernel's cells declares and uses, by cell index.
  let names: [Int: CellNames]
  /// Which names the modules the cells import provide.
  let importedNames: ImportedNames
  /// Whether the kernel's run changed files in the lesson's folder: a run
  /// from a checkpoint would find them as the whole run left them.
  let writesFiles: Bool
  /// The lesson's folder.
  let lessonDirectory: URL
  /// The stamps of the files in the lesson's folder after the kernel's run,
  /// the lessons' Markdown aside (see ``FolderStamps``), or `nil` for a
  /// folder too large to watch.
  let folderStamps: [String: String]?
  /// The libraries of edited cells compiled last (at most
  /// ``libraryLimit``), by their source's digest, the one used last at the
  /// end.
  private let libraries = Mutex(RecentEntries<(folder: URL, compilation: CompiledPrograms.Compilation)>(limit: libraryLimit))
  /// How many libraries are kept.
  static let libraryLimit = 8
  /// Whether ``shutdown()`` has run.
  private let ended = Mutex(false)

  /// The process state before one cell, and what the program had written
  /// by then.
  struct Checkpoint: Sendable {
    /// The cell it precedes.
    var cell: Int
    /// The checkpoint process.
    var pid: pid_t
    /// The socket it waits on.
    var socket: URL
    /// The events file up to the checkpoint, as JSON lines.
    var events: Data
    /// The printed text up to the checkpoint.
    var output: Data
    /// The data files read before the checkpoint.
    var filesRead: [FileRead]
    /// The seconds the cells before it took, which count against the
    /// lesson's time limit.
    var seconds: Double
  }

  /// How a run of edited cells starts from a checkpoint.
  struct Plan: Sendable {
    /// The checkpoint to start from.
    var checkpoint: Checkpoint
    /// The library's program: the cells from the checkpoint's on.
    var program: ProgramGenerator.Program
  }

  /// A kernel whose program, run from `lesson`, left `checkpoints` in
  /// `folder`.
  init(
    lesson: Lesson, folder: URL, checkpoints: [Int: Checkpoint], warnings: [Diagnostic], importedNames: ImportedNames,
    writesFiles: Bool, lessonDirectory: URL, folderStamps: [String: String]?
  ) {
    self.writesFiles = writesFiles
    self.lessonDirectory = lessonDirectory
    self.folderStamps = folderStamps
    self.lesson = lesson
    self.folder = folder
    self.checkpoints = checkpoints
    self.warnings = warnings
    self.importedNames = importedNames
    names = Dictionary(uniqueKeysWithValues: lesson.cells.filter(\.runs).map {
      ($0.index, CellNames(code: $0.code, wrapped: $0.options.expectsError))
    })
  }

  deinit { shutdown() }

  /// Whether the kernel still has its checkpoints.
  public var isAlive: Bool { !ended.withLock { $0 } }

  /// Kills the checkpoints (and any worker of theirs) and removes the
  /// kernel's folder. Calling it again does nothing.
  public func shutdown() {
    let first = ended.withLock { ended in
      defer { ended = true }
      return !ended
    }
    guard first else { return }
    let pids = checkpoints.values.map(\.pid)
    for pid in pids { kill(-pid, SIGKILL) }
    RunningChildren.remove(kept: pids)
    try? FileManager.default.removeItem(at: folder)
    RunningChildren.remove(folder: folder)
  }

  /// Why a run cannot start from a checkpoint, in words for the notebook
  /// bar ("ran the whole lesson: …").
  struct WholeRun: Error, Equatable {
    /// The reason.
    let reason: String
    /// A refusal for `reason`.
    init(_ reason: String) { self.reason = reason }
  }

  /// How to run `lesson` (the cells to run, with edits) from a checkpoint,
  /// or why only a run of the whole program would mean the same.
  func plan(for lesson: Lesson, toolchain: Toolchain) async -> Result<Plan, WholeRun> {
    guard isAlive else { return .failure(WholeRun("the lesson's kernel has ended")) }
    guard lesson.path == self.lesson.path, lesson.frontMatter.optimize == self.lesson.frontMatter.optimize else {
      return .failure(WholeRun("the kernel runs another version of the lesson"))
    }
    guard !writesFiles else {
      return .failure(WholeRun("the lesson writes files beside it, which a run from the kernel would find as its whole run left them"))
    }
    // A file beside the lesson changed since the kernel ran (the lessons'
    // Markdown aside): the checkpoints may hold what the cells read of it.
    guard folderStamps != nil, FolderStamps.withoutMarkdown(FolderStamps.of(lessonDirectory)) == folderStamps else {
      return .failure(WholeRun("a file beside the lesson changed since the kernel ran"))
    }
    guard lesson.sharedSources == self.lesson.sharedSources else {
      return .failure(WholeRun("a shared file changed since the kernel started"))
    }
    guard !lesson.diagnostics.contains(where: { $0.severity == .error }), let lastRun = lesson.cells.last(where: \.runs) else {
      return .failure(WholeRun("the lesson has errors or no cell to run"))
    }
    // From the first cell that differs from the kernel's (a cell that runs
    // in neither changes nothing the program does); with none, or none that
    // runs from there on, the last cell that runs runs again.
    let changed = lesson.cells.first { cell in
      guard self.lesson.cells.indices.contains(cell.index) else { return true }
      let kernelCell = self.lesson.cells[cell.index]
      return (cell.runs || kernelCell.runs) && kernelCell != cell
    }
    let first = lesson.cells.first { $0.runs && $0.index >= (changed?.index ?? lastRun.index) } ?? lastRun
    guard let checkpoint = checkpoints[first.index] else {
      return .failure(WholeRun(
        "the kernel kept no state before cell \(first.index + 1) (its run stopped before it, or the lesson had started threads)"))
    }
    // The inline expressions the checkpoint has evaluated are unchanged.
    let before = { (expression: InlineExpression) in (expression.afterCell ?? -1) < first.index }
    guard lesson.inlineExpressions.filter(before) == self.lesson.inlineExpressions.filter(before) else {
      return .failure(WholeRun("the prose's inline expressions changed since the kernel started"))
    }
    if let stale = checkpoint.filesRead.first(where: { FileStamp.of($0.path) != $0.stamp }) {
      return .failure(WholeRun("\(URL(fileURLWithPath: stale.path).lastPathComponent) changed since the kernel read it"))
    }
    let edited = lesson.cells.filter { $0.runs && $0.index >= first.index }.map { cell in
      (cell: cell, names: CellNames(code: cell.code, wrapped: cell.options.expectsError))
    }
    let inline = lesson.inlineExpressions.filter { !before($0) }
    // In program order: each cell, then the inline expressions after it.
    let units = edited.flatMap { cell, names in
      [(cell.index, names)] + inline.filter { $0.afterCell == cell.index }.map { (cell.index, CellNames(code: $0.code, wrapped: true)) }
    }
    // Imports apply to the whole program: the edited lesson's must be the
    // kernel's, and the library has them at its top.
    let imports = Set(edited.flatMap(\.names.imports) + names.filter { $0.key < first.index }.flatMap(\.value.imports))
    guard imports == Set(names.values.flatMap(\.imports)) else {
      return .failure(WholeRun("the lesson's imports changed since the kernel started"))
    }
    if let refusal = await differences(units, from: first.index, imports: imports.sorted(), toolchain: toolchain) {
      return .failure(refusal)
    }
    let cells = edited.map { cell, names in
      var cell = cell
      cell.code = names.blankingImports(in: cell.code)
      return cell
    }
    // The kernel's module declares the names of its later cells too, never
    // initialized at the checkpoint; in the library each is a type that
    // cannot be used, so a use the edited cells do not declare themselves
    // first does not compile (and the whole program runs).
    let later = names.filter { $0.key >= first.index }.reduce(into: Set<String>()) { $0.formUnion($1.value.declared) }
    let program = ProgramGenerator(lessonPath: lesson.path).resumedProgram(
      for: cells, inline: inline, imports: imports.sorted(), unavailable: later.sorted())
    return .success(Plan(checkpoint: checkpoint, program: program))
  }

  /// Why cells and inline expressions with the names `edited` (in program
  /// order, each with its cell), compiled in a function after the kernel's
  /// cells before `start`, might not mean what they mean at the top level
  /// of the lesson program (whose imports are `imports`), or `nil` when
  /// they do:
  ///
  /// - they declare no name the earlier cells declare (a redeclaration at
  ///   top level, a legal shadowing in a function);
  /// - neither they nor the kernel's later cells have declarations whose
  ///   effect reaches past a name (extensions, operators);
  /// - they have no `return` outside a function and no `#function`;
  /// - no variable they use from the earlier cells, and no function they
  ///   declare, is also provided by an imported module: at top level the
  ///   program's variable hides everything of its name, and a function of
  ///   the program's competes with the imported ones of its name, while
  ///   across modules the variable competes and a function in a function
  ///   hides. (An earlier cell's function or type means the same across
  ///   modules, or is ambiguous there and does not compile.)
  private func differences(_ edited: [(cell: Int, names: CellNames)], from start: Int, imports: [String], toolchain: Toolchain)
    async -> WholeRun?
  {
    let units = edited.map(\.names)
    let declared = units.reduce(into: Set<String>()) { $0.formUnion($1.declared) }
    let used = units.reduce(into: Set<String>()) { $0.formUnion($1.used) }
    let functions = units.reduce(into: Set<String>()) { $0.formUnion($1.functions) }
    var earlier = [String: Int](), earlierVariables = Set<String>(), earlierReferences = [String: Int]()
    var later = Set<String>()
    for (cell, names) in self.names.sorted(by: { $0.key < $1.key }) {
      if cell < start {
        for name in names.declared where earlier[name] == nil { earlier[name] = cell }
        for name in names.references where earlierReferences[name] == nil { earlierReferences[name] = cell }
        earlierVariables.formUnion(names.variables)
      } else {
        later.formUnion(names.declared)
        if names.hasGlobalEffects {
          return WholeRun("cell \(cell + 1) of the kernel's lesson has an extension or operator, which reaches past its cell")
        }
      }
    }
    if let unit = edited.first(where: { $0.names.hasGlobalEffects }) {
      return WholeRun("cell \(unit.cell + 1) has an extension, operator or protocol, which reaches past its cell")
    }
    if let unit = edited.first(where: { $0.names.needsTopLevel }) {
      return WholeRun("cell \(unit.cell + 1) has a `return` outside a function or `#function`")
    }
    if let unit = edited.first(where: { $0.names.hasTopLevelVariableAttributes }) {
      return WholeRun("cell \(unit.cell + 1) has a variable with a property wrapper or a `lazy`, `weak` or `unowned` modifier")
    }
    // An earlier cell's code that names a later declaration (a function
    // calling one declared further down) was compiled against the
    // kernel's, not the edited cells'.
    if let name = declared.union(later).sorted().first(where: { earlierReferences[$0] != nil }) {
      return WholeRun("cell \(earlierReferences[name]! + 1) uses `\(name)`, which a later cell declares")
    }
    if let name = declared.sorted().first(where: { earlier[$0] != nil }) {
      return WholeRun("`\(name)` is declared again, after cell \(earlier[name]! + 1)")
    }
    let contested = used.intersection(earlierVariables).union(functions)
    guard let provided = await importedNames.provided(among: contested, imports: imports, toolchain: toolchain) else {
      return WholeRun("the compiler could not say which names the imported modules have")
    }
    if let name = provided.sorted().first {
      if let unit = edited.first(where: { $0.names.functions.contains(name) }) {
        return WholeRun("cell \(unit.cell + 1) declares a function `\(name)`, a name an imported module also has")
      }
      return WholeRun("`\(name)`, a variable of cell \((earlier[name] ?? 0) + 1), is also a name an imported module has")
    }
    return nil
  }

  /// The library compiled from `plan`'s program (compiled before, or now by
  /// `compile`, given the source and library files to use).
  func library(
    for plan: Plan,
    compile: (_ source: URL, _ library: URL) async throws -> CompiledPrograms.Compilation
  ) async throws -> (source: URL, library: URL, compilation: CompiledPrograms.Compilation) {
    var fingerprint = Fingerprint()
    fingerprint.update(field: plan.program.source)
    let key = fingerprint.hexDigest()
    if let found = libraries.withLock({ $0.use(key) }) {
      return (found.folder.appendingPathComponent("cells.swift"), found.folder.appendingPathComponent("cells.so"), found.compilation)
    }
    // Never recreates the folder of a kernel that has ended.
    guard isAlive else { throw CancellationError() }
    let libraryFolder = folder.appendingPathComponent("cells-\(key.prefix(16))")
    try FileManager.default.createDirectory(at: libraryFolder, withIntermediateDirectories: false)
    let source = libraryFolder.appendingPathComponent("cells.swift"), library = libraryFolder.appendingPathComponent("cells.so")
    try plan.program.source.write(to: source, atomically: false, encoding: .utf8)
    let compilation = try await compile(source, library)
    // A worker that has loaded an evicted library keeps its mapping.
    for evicted in libraries.withLock({ $0.add(key, (libraryFolder, compilation)) }) {
      try? FileManager.default.removeItem(at: evicted.folder)
    }
    return (source, library, compilation)
  }
}

/// Which names the modules lesson cells import (LessonKit, the standard
/// library, and the cells' own imports) provide, asked of the compiler:
/// one type-check of `_ = name` per name, where "cannot find 'name' in
/// scope" means no module provides it. Answers are kept, so each name is
/// asked about once.
final class ImportedNames: Sendable {
  private let known = Mutex<[String: Bool]>([:])

  /// The names among `names` that some imported module provides, or `nil`
  /// when the compiler could not say.
  func provided(among names: Set<String>, imports: [String], toolchain: Toolchain) async -> Set<String>? {
    let context = imports.joined(separator: "\n")
    let key = { (name: String) in context + "\n" + name }
    let unknown = known.withLock { known in names.filter { known[key($0)] == nil } }.sorted()
    if !unknown.isEmpty {
      guard let answers = await ask(unknown, imports: imports, toolchain: toolchain) else { return nil }
      known.withLock { known in
        for (name, answer) in answers { known[key(name)] = answer }
      }
    }
    return known.withLock { known in names.filter { known[key($0)] == true } }
  }

  /// Type-checks one probe of each name; whether each is provided.
  private func ask(_ names: [String], imports: [String], toolchain: Toolchain) async -> [String: Bool]? {
    let header = ["import LessonKit"] + imports + ["func __lessons_probe() {"]
    let source = (header + names.map { "_ = \($0)" } + ["}"]).joined(separator: "\n") + "\n"
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-probe-\(UUID().uuidString).swift")
    defer { try? FileManager.default.removeItem(at: file) }
    guard (try? source.write(to: file, atomically: false, encoding: .utf8)) != nil,
      let (_, output) = try? await runCapturingOutput(toolchain.compiler, toolchain.typecheckArguments(source: file))
    else { return nil }
    let messages = output.split(separator: "\n").compactMap(CompilerMessage.init).filter { $0.severity == .error }
    var answers = [String: Bool]()
    for (offset, name) in names.enumerated() {
      let line = header.count + offset + 1
      let errors = messages.filter { $0.line == line }
      answers[name] = !(errors.count == 1 && errors[0].text.hasPrefix("cannot find '\(name)' in scope"))
    }
    // An error on no probe's line: the probe itself failed.
    let lines = (header.count + 1)...(header.count + names.count)
    if messages.contains(where: { !lines.contains($0.line) }) { return nil }
    return answers
  }
}

/// A worker forked from a kernel's checkpoint to run a library of cells: it
/// is not this process's child, so its checkpoint reports its process id
/// and, when it ends, its wait status, over the connection that asked for
/// it.
final class ResumedWorker: WatchedProgram {
  /// The worker's process id (also its process group's).
  let pid: pid_t
  private let connection: Int32
  private let state = Mutex<(received: [UInt8], status: Int32?)>(([], nil))

  /// The checkpoint at `checkpoint` could not start a worker.
  struct Unavailable: Error {}

  /// Asks the checkpoint listening at `checkpoint` to run `request`.
  init(checkpoint: URL, request: ResumeRequest) throws {
    let connection = lessons_connect_unix(checkpoint.path)
    guard connection >= 0 else { throw Unavailable() }
    self.connection = connection
    let bytes = Array(request.encoded.utf8)
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard count > 0 else {
        close(connection)
        throw Unavailable()
      }
      sent += count
    }
    var received = [UInt8]()
    guard case .line(let line) = Self.readLine(connection, into: &received, wait: 5), let pid = pid_t(line), pid > 0 else {
      close(connection)
      throw Unavailable()
    }
    self.pid = pid
    state.withLock { $0.received = received }
  }

  deinit { close(connection) }

  /// Whether the worker has ended (its checkpoint has sent its status).
  var hasEnded: Bool { status(wait: 0) != nil }

  /// Kills the worker's process group unless it has ended, and returns how
  /// it ended. (`kept` does not apply: a worker starts no checkpoints.)
  func stop(sparing kept: Set<pid_t>) -> ChildProcess.Exit {
    if status(wait: 0) == nil {
      kill(-pid, SIGKILL)
      kill(pid, SIGKILL)
    }
    // A checkpoint that died (killed with its kernel) sends nothing.
    guard let status = status(wait: 5) else { return .signaled(SIGKILL) }
    return ChildProcess.decode(status)
  }

  /// The worker's wait status once its checkpoint has sent it, waiting at
  /// most `wait` seconds for it. A connection that closes without one (the
  /// checkpoint died) counts as a worker killed by SIGKILL.
  private func status(wait: Double) -> Int32? {
    state.withLock { state in
      if state.status == nil {
        switch Self.readLine(connection, into: &state.received, wait: wait) {
        case .line(let line): state.status = Int32(line) ?? SIGKILL
        case .closed: state.status = SIGKILL
        case .pending: break
        }
      }
      return state.status
    }
  }

  /// What reading a line from the connection found.
  private enum Reading {
    case line(String)
    case pending
    case closed
  }

  /// The next line from `fd` (bytes already read in `buffer`), waiting at
  /// most `wait` seconds for it.
  private static func readLine(_ fd: Int32, into buffer: inout [UInt8], wait: Double) -> Reading {
    let deadline = Date().addingTimeInterval(wait)
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = String(decoding: buffer[..<newline], as: UTF8.self)
        buffer.removeSubrange(...newline)
        return .line(line)
      }
      var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let milliseconds = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
      guard poll(&ready, 1, milliseconds) > 0 else { return .pending }
      var chunk = [UInt8](repeating: 0, count: 256)
      let count = read(fd, &chunk, chunk.count)
      guard count > 0 else { return .closed }
      buffer += chunk[..<count]
    }
  }
}

/// The stamps (``FileStamp``) of the files under a lesson's folder, hidden
/// ones included, by path: what tells a kernel that files its cells may
/// have read, by any means, changed.
enum FolderStamps {
  /// The stamps of the files under `folder`, or `nil` for a folder of more
  /// than 10,000 files.
  static func of(_ folder: URL) -> [String: String]? {
    guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [:] }
    var stamps = [String: String]()
    for case let file as URL in files {
      guard stamps.count < 10_000 else { return nil }
      stamps[file.path] = FileStamp.of(file.path) ?? ""
    }
    return stamps
  }

  /// `stamps` without the lessons' Markdown files, which authors edit
  /// while a kernel runs and lesson programs do not read.
  static func withoutMarkdown(_ stamps: [String: String]?) -> [String: String]? {
    stamps?.filter { !$0.key.hasSuffix(".md") }
  }
}
