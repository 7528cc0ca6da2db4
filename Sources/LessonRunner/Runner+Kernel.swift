import CellProtocol
import Foundation
import LessonModel

extension Runner {
  /// Starts a ``LessonKernel`` for `lesson`: compiles its program with a
  /// checkpoint before each cell and runs it once, under the runner's
  /// limits. `nil` when the lesson has parse errors or no cell to run, or
  /// its program does not compile. Cancelling the task kills the compiler
  /// or the program and every checkpoint made so far.
  public func startKernel(_ lesson: Lesson, lessonDirectory: URL) async throws -> LessonKernel? {
    guard !lesson.diagnostics.contains(where: { $0.severity == .error }), lesson.cells.contains(where: \.runs) else {
      return nil
    }
    // Checkpoint sockets live in the folder: its path must leave room for
    // their names within a socket address (108 bytes).
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("lk-\(UUID().uuidString.prefix(8))")
    guard folder.path.utf8.count + 24 < 108 else { return nil }
    // Only this user may reach the sockets: a checkpoint runs the library a
    // connection names.
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    RunningChildren.add(folder: folder)
    var kept = false, checkpointPIDs = [pid_t]()
    defer {
      if !kept {
        for pid in checkpointPIDs { kill(-pid, SIGKILL) }
        try? FileManager.default.removeItem(at: folder)
        RunningChildren.remove(folder: folder)
      }
    }
    let program = ProgramGenerator(lessonPath: lesson.path)
      .program(for: lesson.cells, inline: lesson.inlineExpressions, checkpoints: true)
    let files = try ProgramFiles(
      source: program.source, shared: lesson.sharedSources.map(ProgramGenerator.sharedSource), in: folder)
    let (source, executable) = (files.main, files.executable)
    let compilation = try await LessonCompiler(toolchain: toolchain).compile(
      source: source, executable: executable, optimized: lesson.frontMatter.optimize, sharedSources: files.shared,
      product: .kernel(modules: folder))
    guard compilation.succeeded else { return nil }
    let warnings = ownWarnings(compilation.messages, lesson: lesson, program: program, source: source)

    var executor = executor(for: lesson)
    executor.environment = [runtimeCheckpointsVariable: folder.path, runtimeCheckpointOwnerVariable: "\(getpid())"]
    executor.keepsCheckpoints = true
    let work = folder.appendingPathComponent("run")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let filesBefore = FolderStamps.of(lessonDirectory)
    let execution = try await executor.run(executable, lessonDirectory: lessonDirectory, workDirectory: work)
    checkpointPIDs = execution.events.checkpointPIDs
    // A file the run wrote beside the lesson is as the whole run left it,
    // not as the cells before a checkpoint did.
    let filesAfter = FolderStamps.of(lessonDirectory)
    let writesFiles = filesBefore == nil || filesAfter != filesBefore

    // Each checkpoint holds the state after the events before it.
    let encoder = EventCoding.encoder()
    var checkpoints = [Int: LessonKernel.Checkpoint](), events = Data(), filesRead = [FileRead](), seconds = 0.0
    for event in execution.events {
      if case .checkpoint(let cell, let pid, let offset) = event {
        checkpoints[cell] = LessonKernel.Checkpoint(
          cell: cell, pid: pid, socket: folder.appendingPathComponent("before-\(cell).sock"), events: events,
          output: execution.output.prefix(offset), filesRead: filesRead, seconds: seconds)
        continue
      }
      if case .fileRead(let path, let stamp) = event { filesRead.append(FileRead(path: path, stamp: stamp)) }
      if case .cellFinished(_, _, let cellSeconds) = event { seconds += cellSeconds }
      events += try encoder.encode(event) + Data("\n".utf8)
    }
    RunningChildren.add(kept: checkpointPIDs)
    kept = true
    let kernel = LessonKernel(
      lesson: lesson, folder: folder, checkpoints: checkpoints, warnings: warnings, importedNames: ImportedNames(),
      writesFiles: writesFiles, lessonDirectory: lessonDirectory,
      folderStamps: FolderStamps.withoutMarkdown(filesAfter))
    // Ask now about the names the cells declare, so that runs find the
    // answers known.
    let declared = kernel.names.values.reduce(into: Set<String>()) { $0.formUnion($1.declared) }
    let imports = Set(kernel.names.values.flatMap(\.imports)).sorted()
    _ = await kernel.importedNames.provided(among: declared, imports: imports, toolchain: toolchain)
    return kernel
  }

  /// Runs `lesson` from a checkpoint of `kernel` (see ``LessonKernel``)
  /// when that means the same as running its whole program, into `result`;
  /// whether it did. When it did not, only `result`'s
  /// ``LessonResult/wholeRunReason`` has changed.
  func runResumed(
    _ lesson: Lesson, kernel: LessonKernel, lessonDirectory: URL, work: URL, phase: (Phase) -> Void,
    into result: inout LessonResult
  ) async throws -> Bool {
    guard lesson.variant?.compileOnly != true else { return false }
    let plan: LessonKernel.Plan
    switch await kernel.plan(for: lesson, toolchain: toolchain) {
    case .success(let found): plan = found
    case .failure(let refusal):
      result.wholeRunReason = refusal.reason
      return false
    }
    phase(.compiling)
    let compileStart = Date()
    let (source, library, compilation) = try await compileLibrary(plan, of: lesson, kernel: kernel)
    try Task.checkCancellation()
    guard compilation.succeeded else {
      let first = compilation.messages.first { $0.severity == .error }
        .map { locate($0, lesson: lesson, program: plan.program, source: source).diagnostic }
      result.wholeRunReason = "the edited cells do not compile as the body of a function"
        + (first.map { " (line \($0.line): \($0.message))" } ?? "")
      return false
    }
    let compileSeconds = Date().timeIntervalSince(compileStart)
    phase(.running)
    var execution: Execution
    // The cells before the checkpoint have used part of the lesson's limit.
    var executor = executor(for: lesson)
    executor.lessonTimeout = max(0, executor.lessonTimeout - plan.checkpoint.seconds)
    do {
      execution = try await executor.resume(
        plan.checkpoint.socket, library: library, prefix: (plan.checkpoint.output, plan.checkpoint.events),
        workDirectory: work)
    } catch is ResumedWorker.Unavailable {
      kernel.shutdown()
      result.wholeRunReason = "the lesson's kernel has ended"
      return false
    }
    // The lesson's limit stopped the run: say the limit as the lesson has it.
    if case .timedOut(let cell, let limit) = execution.termination, limit == executor.lessonTimeout,
      cell.flatMap({ executor.cellTimeouts[$0] }) != limit
    {
      execution.termination = .timedOut(cell: cell, limit: self.executor(for: lesson).lessonTimeout)
    }
    // A kernel replaced while its worker ran has killed it.
    guard kernel.isAlive else {
      result.wholeRunReason = "the lesson's kernel ended during the run"
      return false
    }
    // A worker that could not load the library never started its first cell.
    let first = plan.checkpoint.cell
    guard execution.events.contains(where: { if case .cellStarted(first, _) = $0 { true } else { false } }) else {
      result.wholeRunReason = "the kernel could not start the edited cells"
      return false
    }
    let assembled = ExecutionInterpreter(lesson: lesson, confirmed: [:], textLimit: textLimit).interpret(execution)
    guard assembled.expectedCrash == nil else {
      result.wholeRunReason = "a cell marked `error: expected` crashed, which only a run of the whole lesson confirms"
      return false
    }
    let fence = lesson.cells[first].fenceLine
    let warnings = kernel.warnings.filter { $0.line < fence }
      + ownWarnings(compilation.messages, lesson: lesson, program: plan.program, source: source)
      .filter { !Self.isAboutATopLevelVariable($0, of: lesson, from: first) }
    result.record(assembled, warnings: warnings, of: execution)
    result.compileSeconds += compileSeconds
    result.runSeconds += execution.seconds
    result.resumedFromCell = first
    result = Self.wholeProgramNames(in: result)
    return true
  }

  /// Whether `warning` is one the compiler gives only a function's local
  /// variables ("never mutated", "never used", "never read") and is about a
  /// top-level variable of the edited cells (from `first` on), at its
  /// declaration: in the whole program that variable is a global, which
  /// gets no such warning.
  static func isAboutATopLevelVariable(_ warning: Diagnostic, of lesson: Lesson, from first: Int) -> Bool {
    guard ["never mutated", "never used", "never read"].contains(where: { warning.message.contains($0) }),
      let quoted = warning.message.split(separator: "'", omittingEmptySubsequences: false).dropFirst().first,
      let cell = lesson.cells.last(where: { $0.runs && $0.index >= first && $0.firstCodeLine <= warning.line })
    else { return false }
    let line = CellNames(code: cell.code, wrapped: cell.options.expectsError).variableLines[String(quoted)]
    return line.map { cell.firstCodeLine + $0 - 1 == warning.line } ?? false
  }

  /// `result` with the names of types as the whole program prints them:
  /// reflected (`debugPrint`, an array of values, an error's description),
  /// a type declared in a resumed library's cells is
  /// `__lessons_resumed.(unknown context at $…).Name`, where the whole
  /// program says `Lesson.Name`.
  static func wholeProgramNames(in result: LessonResult) -> LessonResult {
    let encoder = EventCoding.encoder(), decoder = EventCoding.decoder()
    encoder.outputFormatting.insert(.withoutEscapingSlashes)
    guard let data = try? encoder.encode(result), let text = String(data: data, encoding: .utf8),
      text.contains(ProgramGenerator.resumedModule),
      let pattern = try? Regex(ProgramGenerator.resumedModule + #"([./])(\(unknown context at \$[0-9a-f]+\)\.){0,2}"#)
    else { return result }
    let rewritten = text.replacing(pattern) { match in
      ProgramGenerator.kernelModule + String(text[match.range].dropFirst(ProgramGenerator.resumedModule.count).prefix(1))
    }
    return (try? decoder.decode(LessonResult.self, from: Data(rewritten.utf8))) ?? result
  }

  /// Compiles the library of `plan`'s cells ahead of its run when `lesson`
  /// can run from a checkpoint of `kernel`; whether it could.
  public func precompile(_ lesson: Lesson, kernel: LessonKernel) async throws -> Bool {
    guard case .success(let plan) = await kernel.plan(for: lesson, toolchain: toolchain) else { return false }
    _ = try await compileLibrary(plan, of: lesson, kernel: kernel)
    return true
  }

  /// The library of `plan`'s cells, compiled against the kernel's module.
  private func compileLibrary(_ plan: LessonKernel.Plan, of lesson: Lesson, kernel: LessonKernel) async throws
    -> (source: URL, library: URL, compilation: CompiledPrograms.Compilation)
  {
    let compiler = LessonCompiler(toolchain: toolchain)
    return try await kernel.library(for: plan) { source, library in
      let (succeeded, messages, output) = try await compiler.compile(
        source: source, executable: library, optimized: lesson.frontMatter.optimize,
        product: .resumedCells(kernelModules: kernel.folder))
      return CompiledPrograms.Compilation(succeeded: succeeded, messages: messages, output: output)
    }
  }

  /// The compiler's warnings about the lesson's own lines, placed in the
  /// Markdown, each slow expression once (the compiler may time it twice).
  func ownWarnings(_ messages: [CompilerMessage], lesson: Lesson, program: ProgramGenerator.Program, source: URL)
    -> [Diagnostic]
  {
    var slowSeen = Set<String>()
    return messages.filter {
      $0.file == lesson.path && $0.severity == .warning
        && (!$0.text.contains("to type-check (limit: ") || slowSeen.insert("\($0.file):\($0.line):\($0.column)").inserted)
    }.map { locate($0, lesson: lesson, program: program, source: source).diagnostic }
  }

  /// The executor for `lesson`'s program: the lesson's time limit, and
  /// each cell's own timeout, which extends the lesson's limit by as much,
  /// so that a slow cell declared as such is never cut short by the
  /// lesson's limit.
  func executor(for lesson: Lesson) -> Executor {
    let cellTimeouts = Dictionary(uniqueKeysWithValues: lesson.cells.compactMap { cell in
      cell.runs ? cell.options.timeout.map { (cell.index, $0) } : nil
    })
    return Executor(
      lessonTimeout: lessonTimeout + cellTimeouts.values.reduce(0, +), cellTimeouts: cellTimeouts, limits: limits)
  }
}
