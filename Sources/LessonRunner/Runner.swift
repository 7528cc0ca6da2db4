import CellProtocol
import Foundation
import LessonModel

/// Compiles and runs lessons, and turns what happened into cell results and
/// Markdown-located diagnostics.
///
/// ```swift
/// let runner = Runner(toolchain: try Toolchain.locate())
/// let result = await runner.run(lesson, lessonDirectory: folder)
/// for diagnostic in result.diagnostics { print(diagnostic) }
/// ```
public struct Runner: Sendable {
  /// The compiler and LessonKit build to use.
  public var toolchain: Toolchain
  /// A lesson's total time limit, in seconds.
  public var lessonTimeout: Double
  /// The most printed text kept per cell; the middle of longer text is cut.
  public var textLimit: Int
  /// Programs compiled before, reused when the same program runs again,
  /// or `nil` to compile every program in the run's own folder.
  public var programs: CompiledPrograms?
  /// Limits for lesson programs that run untrusted code (`lessons grade`),
  /// or `nil` for none.
  public var limits: ResourceLimits?

  /// Creates a runner.
  public init(toolchain: Toolchain, lessonTimeout: Double = 600, textLimit: Int = 32 << 10) {
    self.toolchain = toolchain
    self.lessonTimeout = lessonTimeout
    self.textLimit = textLimit
  }

  /// What a lesson is doing, for progress displays.
  public enum Phase: Sendable {
    /// The lesson program is being compiled.
    case compiling
    /// The lesson program is running.
    case running
  }

  /// Compiles and runs `lesson`, whose data files are resolved against
  /// `lessonDirectory`; `phase` hears when compiling and running start.
  /// With a `kernel` (`lessons notebook`), cells run from its checkpoint
  /// when that means the same as running the whole program. Cancelling the
  /// task kills the compiler or the lesson program (their whole process
  /// trees) and returns a result that says so.
  public func run(
    _ lesson: Lesson, lessonDirectory: URL, kernel: LessonKernel? = nil, phase: (Phase) -> Void = { _ in }
  ) async -> LessonResult {
    var result = LessonResult(
      path: lesson.path, cells: [], diagnostics: lesson.diagnostics, filesRead: [],
      compileSeconds: 0, runSeconds: 0, fromCache: false)
    let parseErrors = lesson.diagnostics.filter { $0.severity == .error }
    guard parseErrors.isEmpty else {
      result.cells = lesson.cells.map { cell in
        if let own = parseErrors.first(where: { $0.cell == cell.index }) {
          return CellResult(index: cell.index, status: .failed, failure: own.message)
        }
        return CellResult(index: cell.index, status: cell.runs ? .notRun : .skipped)
      }
      return result
    }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-\(UUID().uuidString)")
    RunningChildren.add(folder: work)
    defer {
      try? FileManager.default.removeItem(at: work)
      RunningChildren.remove(folder: work)
    }
    do {
      try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
      if let kernel,
        try await runResumed(lesson, kernel: kernel, lessonDirectory: lessonDirectory, work: work, phase: phase, into: &result)
      {
        return result
      }
      try await runConfirmingExpectedFailures(lesson, lessonDirectory: lessonDirectory, work: work, phase: phase, into: &result)
    } catch is CancellationError {
      result.diagnostics.append(Diagnostic(file: lesson.path, line: 1, message: "the run was cancelled"))
      result.cells = lesson.cells.map { CellResult(index: $0.index, status: $0.runs ? .notRun : .skipped) }
    } catch {
      result.diagnostics.append(Diagnostic(file: lesson.path, line: 1, message: "could not run the lesson: \(error)"))
      result.cells = lesson.cells.map { CellResult(index: $0.index, status: $0.runs ? .notRun : .skipped) }
    }
    return result
  }

  /// Compiles and runs until no cell marked `error: expected` stops the
  /// program: such a cell's compile error or crash is confirmed, the cell is
  /// dropped from the program, and the lesson runs again so later cells run.
  private func runConfirmingExpectedFailures(
    _ lesson: Lesson, lessonDirectory: URL, work: URL, phase: (Phase) -> Void, into result: inout LessonResult
  ) async throws {
    let generator = ProgramGenerator(lessonPath: lesson.path)
    var confirmed = [Int: String]()  // expected-error cell → how it failed
    while true {
      try Task.checkCancellation()
      let program = generator.program(for: lesson.cells, inline: lesson.inlineExpressions, excluding: Set(confirmed.keys))
      phase(.compiling)
      let compileStart = Date()
      let (source, executable, compilation) = try await compile(program, of: lesson, in: work)
      try Task.checkCancellation()
      result.compileSeconds += Date().timeIntervalSince(compileStart)
      // A slow expression is reported once (the compiler may time it twice).
      var slowSeen = Set<String>()
      let messages = compilation.messages.filter {
        !$0.text.contains("to type-check (limit: ") || slowSeen.insert("\($0.file):\($0.line):\($0.column)").inserted
      }
      let placed = messages.map { locate($0, lesson: lesson, program: program, source: source) }
      let located = placed.map(\.diagnostic)
      let errorCells = Set(located.filter { $0.severity == .error }.compactMap(\.cell))
      let brokenInline = Set(placed.filter { $0.diagnostic.severity == .error }.compactMap(\.inline))
      if !compilation.succeeded {
        let expected = errorCells.filter { lesson.cells[$0].options.expectsError }
        if !expected.isEmpty && expected == errorCells {
          for cell in expected {
            confirmed[cell] = "compile error: " + (located.first { $0.cell == cell && $0.severity == .error }?.message ?? "")
          }
          continue
        }
        result.compiled = false
        result.diagnostics += located.filter { !($0.cell.map { expected.contains($0) } ?? false) }
        // Errors in no cell and no shared file: show the compiler's own words.
        if errorCells.isEmpty && brokenInline.isEmpty
          && !located.contains(where: { $0.severity == .error && $0.file != lesson.path })
        {
          result.diagnostics.append(Diagnostic(
            file: lesson.path, line: 1, message: "the lesson program did not build:\n" + compilation.output))
        }
        // Show what ran, as a notebook does: the cells before the first one
        // that does not compile (or before the first broken inline
        // expression's next cell) run on their own.
        let inlineStops = brokenInline.map { (lesson.inlineExpressions[$0].afterCell ?? -1) + 1 }
        let firstBroken = (Array(errorCells.subtracting(expected)) + inlineStops).min() ?? Int.max
        var ran = [CellResult]()
        if lesson.cells.contains(where: { $0.runs && $0.index < firstBroken }) && firstBroken != Int.max {
          var prefix = lesson
          prefix.cells = lesson.cells.filter { $0.index < firstBroken }
          prefix.inlineExpressions = lesson.inlineExpressions.filter { !brokenInline.contains($0.index) }
          var prefixResult = LessonResult(path: lesson.path, cells: [], diagnostics: [])
          try await runConfirmingExpectedFailures(
            prefix, lessonDirectory: lessonDirectory, work: work, phase: phase, into: &prefixResult)
          ran = prefixResult.cells
          result.diagnostics += prefixResult.diagnostics
          result.compileSeconds += prefixResult.compileSeconds
          result.runSeconds += prefixResult.runSeconds
          result.filesRead = prefixResult.filesRead
          result.inlineValues = prefixResult.inlineValues
        }
        result.cells = lesson.cells.map { cell in
          if let outcome = ran.first(where: { $0.index == cell.index }) { return outcome }
          guard cell.runs else { return CellResult(index: cell.index, status: .skipped) }
          if expected.contains(cell.index) {
            let how = located.first { $0.cell == cell.index && $0.severity == .error }?.message ?? ""
            return CellResult(index: cell.index, status: .passed, expectedFailure: "compile error: " + how)
          }
          return errorCells.contains(cell.index)
            ? CellResult(index: cell.index, status: .failed, failure: CellResult.compileFailure)
            : CellResult(index: cell.index, status: .notRun)
        }
        return
      }
      // Warnings about the cells' own lines; those about generated lines (the
      // wrapper of an `error: expected` cell) are the runner's business.
      let warnings = ownWarnings(compilation.messages, lesson: lesson, program: program, source: source)
      if lesson.variant?.compileOnly == true {
        result.cells = lesson.cells.map { CellResult(index: $0.index, status: .skipped) }
        result.diagnostics += warnings
        return
      }
      phase(.running)
      let execution = try await executor(for: lesson).run(executable, lessonDirectory: lessonDirectory, workDirectory: work)
      result.runSeconds += execution.seconds
      let assembled = ExecutionInterpreter(lesson: lesson, confirmed: confirmed, textLimit: textLimit).interpret(execution)
      if let crashed = assembled.expectedCrash {
        confirmed[crashed.cell] = crashed.message
        continue
      }
      result.record(assembled, warnings: warnings, of: execution)
      return
    }
  }

  /// Compiles `program` with the lesson's shared files: through
  /// ``programs`` when there is a store (a program compiled before is not
  /// compiled again), else in `work`.
  func compile(_ program: ProgramGenerator.Program, of lesson: Lesson, in work: URL) async throws
    -> (source: URL, executable: URL, compilation: CompiledPrograms.Compilation)
  {
    let compiler = LessonCompiler(toolchain: toolchain)
    let optimized = lesson.frontMatter.optimize
    // The shared files as hashed into the cache key, each naming its own
    // path, so their messages point into them.
    let shared = lesson.sharedSources.map(ProgramGenerator.sharedSource)
    let compile = { (source: URL, sharedFiles: [URL], executable: URL) in
      let (succeeded, messages, output) = try await compiler.compile(
        source: source, executable: executable, optimized: optimized, sharedSources: sharedFiles)
      return CompiledPrograms.Compilation(succeeded: succeeded, messages: messages, output: output)
    }
    if let programs {
      return try await programs.program(source: program.source, shared: shared, optimized: optimized, compile: compile)
    }
    let files = try ProgramFiles(source: program.source, shared: shared, in: work)
    return (files.main, files.executable, try await compile(files.main, files.shared, files.executable))
  }

  /// Compiles `lesson`'s program into ``programs`` ahead of its run, so
  /// that running it does not wait for the compiler (`lessons notebook`
  /// compiles while the reader is still looking at an edit). Does nothing
  /// without a store, or for a lesson with parse errors (it would not be
  /// compiled). Cancelling the task kills the compiler.
  public func precompile(_ lesson: Lesson) async throws {
    guard programs != nil, !lesson.diagnostics.contains(where: { $0.severity == .error }) else { return }
    let program = ProgramGenerator(lessonPath: lesson.path).program(for: lesson.cells, inline: lesson.inlineExpressions)
    _ = try await compile(program, of: lesson, in: FileManager.default.temporaryDirectory)
  }

  /// The inline expression a compiler message is about, and the message's
  /// column in the Markdown: on the expression's line (the generated line
  /// holds a fixed prefix, then the expression), or on the generated lines
  /// around it.
  private func inlineExpression(
    of message: CompilerMessage, lesson: Lesson, program: ProgramGenerator.Program, source: URL
  ) -> (index: Int, column: Int)? {
    if message.file == lesson.path {
      let onLine = lesson.inlineExpressions.filter { $0.line == message.line }
      let placed = onLine.map { ($0, message.column - ProgramGenerator.inlinePrefix($0.index).utf8.count + $0.column - 1) }
      guard let best = placed.first(where: { $1 >= $0.column && $1 <= $0.column + $0.code.utf8.count }) ?? placed.first
      else { return nil }
      return (best.0.index, max(best.1, best.0.column))
    }
    if message.file == source.path, let index = program.inlineExpression(containingGeneratedLine: message.line) {
      return (index, lesson.inlineExpressions[index].column)
    }
    return nil
  }

  /// A compiler message placed in the Markdown, with the cell it belongs to
  /// and the inline expression it is about, if any.
  func locate(
    _ message: CompilerMessage, lesson: Lesson, program: ProgramGenerator.Program, source: URL
  ) -> (diagnostic: Diagnostic, inline: Int?) {
    if let (index, column) = inlineExpression(of: message, lesson: lesson, program: program, source: source) {
      let diagnostic = Diagnostic(
        file: lesson.path, line: lesson.inlineExpressions[index].line, column: column, severity: message.severity,
        message: helpfulText(of: message))
      return (diagnostic, index)
    }
    return (locateOutsideProse(message, lesson: lesson, program: program, source: source), nil)
  }

  /// A compiler message about a line of the lesson's own Markdown, with
  /// what helps: the closest known name for an unknown one, this library's
  /// spelling of a PyTorch or Keras label, advice on a slow expression.
  private func helpfulText(of message: CompilerMessage) -> String {
    var text = message.text
    if message.severity == .error && NameSuggestions.unknownName(in: text) != nil {
      text = NameSuggestions.forToolchain(toolchain).annotate(text)
    }
    if message.severity == .error { text = ForeignLabels.annotate(text) }
    if message.severity == .warning && text.contains("to type-check (limit: ") {
      text += "; every compile of this lesson pays for it: give the values a type (`let rows: [[String]] = …`) or split the expression"
    }
    return text
  }

  /// A compiler message about a cell, the generated program or a shared file.
  private func locateOutsideProse(
    _ message: CompilerMessage, lesson: Lesson, program: ProgramGenerator.Program, source: URL
  ) -> Diagnostic {
    if message.file == lesson.path {
      let cell = lesson.cells.last { $0.runs && $0.firstCodeLine <= message.line }
      return Diagnostic(
        file: lesson.path, line: message.line, column: message.column + (cell?.column ?? 1) - 1,
        severity: message.severity, message: helpfulText(of: message), cell: cell?.index)
    }
    if message.file == source.path, let index = program.cell(containingGeneratedLine: message.line) {
      // Reported outside the cell's own lines, e.g. an unbalanced brace: point at the fence.
      let cell = lesson.cells[index]
      return Diagnostic(
        file: lesson.path, line: cell.fenceLine, column: cell.column, severity: message.severity,
        message: message.text + " (at the end of this cell)", cell: index)
    }
    if lesson.sharedSources.contains(where: { $0.path == message.file }) {
      return Diagnostic(
        file: message.file, line: message.line, column: message.column, severity: message.severity, message: message.text)
    }
    return Diagnostic(file: lesson.path, line: 1, severity: message.severity, message: "\(message.file): \(message.text)")
  }
}

extension LessonResult {
  /// Records what a run of the lesson program (`execution`) meant, after
  /// the compiler's `warnings`.
  mutating func record(
    _ assembled: ExecutionInterpreter.Interpretation, warnings: [Diagnostic], of execution: Execution
  ) {
    cells = assembled.cells
    inlineValues = assembled.inlineValues
    diagnostics += warnings + assembled.diagnostics
    filesRead = execution.events.compactMap {
      if case .fileRead(let path, let stamp) = $0 { return FileRead(path: path, stamp: stamp) }
      return nil
    }
  }
}
