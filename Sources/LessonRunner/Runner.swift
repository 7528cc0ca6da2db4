import CellProtocol
import Foundation

/// Compiles and runs lessons, and turns what happened into cell results and
/// Markdown-located diagnostics.
///
/// ```swift
/// let runner = Runner(toolchain: try Toolchain.locate())
/// let result = runner.run(lesson, lessonDirectory: folder)
/// for diagnostic in result.diagnostics { print(diagnostic) }
/// ```
public struct Runner: Sendable {
  /// The compiler and LessonKit build to use.
  public var toolchain: Toolchain
  /// A lesson's total time limit, in seconds.
  public var lessonTimeout: Double
  /// The most printed text kept per cell; the middle of longer text is cut.
  public var textLimit: Int

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
  public func run(
    _ lesson: Lesson, lessonDirectory: URL, phase: (Phase) -> Void = { _ in }
  ) -> LessonResult {
    var result = LessonResult(
      path: lesson.path, cells: [], diagnostics: lesson.diagnostics, filesRead: [],
      compileSeconds: 0, runSeconds: 0, fromCache: false)
    guard !lesson.diagnostics.contains(where: { $0.severity == .error }) else {
      result.cells = lesson.cells.map { CellResult(index: $0.index, status: $0.runs ? .notRun : .skipped) }
      return result
    }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: work) }
    do {
      try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
      try runConfirmingExpectedFailures(lesson, lessonDirectory: lessonDirectory, work: work, phase: phase, into: &result)
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
  ) throws {
    let generator = ProgramGenerator(lessonPath: lesson.path)
    let compiler = LessonCompiler(toolchain: toolchain)
    var confirmed = [Int: String]()  // expected-error cell → how it failed
    while true {
      let program = generator.program(for: lesson.cells, excluding: Set(confirmed.keys))
      let source = work.appendingPathComponent("main.swift")
      let executable = work.appendingPathComponent("lesson")
      try program.source.write(to: source, atomically: true, encoding: .utf8)
      phase(.compiling)
      let compileStart = Date()
      let compilation = try compiler.compile(source: source, executable: executable)
      result.compileSeconds += Date().timeIntervalSince(compileStart)
      let located = compilation.messages.map { locate($0, lesson: lesson, program: program, source: source) }
      let errorCells = Set(located.filter { $0.diagnostic.severity == .error }.compactMap(\.cell))
      if !compilation.succeeded {
        let expected = errorCells.filter { lesson.cells[$0].options.expectsError }
        if !expected.isEmpty && expected == errorCells {
          for cell in expected {
            confirmed[cell] = "compile error: " + (located.first { $0.cell == cell && $0.diagnostic.severity == .error }?.diagnostic.message ?? "")
          }
          continue
        }
        result.diagnostics += located.filter { !($0.cell.map { expected.contains($0) } ?? false) }.map(\.diagnostic)
        if errorCells.isEmpty {
          result.diagnostics.append(Diagnostic(
            file: lesson.path, line: 1, message: "the lesson program did not build:\n" + compilation.output))
        }
        result.cells = lesson.cells.map { cell in
          guard cell.runs else { return CellResult(index: cell.index, status: .skipped) }
          if expected.contains(cell.index) { return CellResult(index: cell.index, status: .passed) }
          return errorCells.contains(cell.index)
            ? CellResult(index: cell.index, status: .failed, failure: "does not compile")
            : CellResult(index: cell.index, status: .notRun)
        }
        return
      }
      // Warnings about the cells' own lines; those about generated lines (the
      // wrapper of an `error: expected` cell) are the runner's business.
      let warnings = zip(compilation.messages, located)
        .filter { $0.0.file == lesson.path && $0.0.severity == .warning }.map(\.1.diagnostic)
      let executor = Executor(
        lessonTimeout: lessonTimeout,
        cellTimeouts: Dictionary(uniqueKeysWithValues: lesson.cells.compactMap { cell in cell.options.timeout.map { (cell.index, $0) } }))
      phase(.running)
      let execution = try executor.run(executable, lessonDirectory: lessonDirectory, workDirectory: work)
      result.runSeconds += execution.seconds
      let assembled = assemble(execution, lesson: lesson, confirmed: confirmed)
      if let crashed = assembled.expectedCrash {
        confirmed[crashed.cell] = crashed.message
        continue
      }
      result.cells = assembled.cells
      result.diagnostics += warnings + assembled.diagnostics
      result.filesRead = execution.events.compactMap {
        if case .fileRead(let path) = $0 { return path }
        return nil
      }
      return
    }
  }

  /// A compiler message placed in the Markdown, with the cell it belongs to.
  private func locate(
    _ message: CompilerMessage, lesson: Lesson, program: ProgramGenerator.Program, source: URL
  ) -> (diagnostic: Diagnostic, cell: Int?) {
    if message.file == lesson.path {
      let cell = lesson.cells.last { $0.runs && $0.firstCodeLine <= message.line }
      var text = message.text
      if message.severity == .error && NameSuggestions.unknownName(in: text) != nil {
        text = NameSuggestions.forToolchain(toolchain).annotate(text)
      }
      return (Diagnostic(
        file: lesson.path, line: message.line, column: message.column + (cell?.column ?? 1) - 1,
        severity: message.severity, message: text), cell?.index)
    }
    if message.file == source.path, let index = program.cell(containingGeneratedLine: message.line) {
      // Reported outside the cell's own lines, e.g. an unbalanced brace: point at the fence.
      let cell = lesson.cells[index]
      return (Diagnostic(
        file: lesson.path, line: cell.fenceLine, column: cell.column, severity: message.severity,
        message: message.text + " (at the end of this cell)"), index)
    }
    return (Diagnostic(file: lesson.path, line: 1, severity: message.severity, message: "\(message.file): \(message.text)"), nil)
  }

  /// Cell results and diagnostics from one execution.
  private func assemble(
    _ execution: Execution, lesson: Lesson, confirmed: [Int: String]
  ) -> (cells: [CellResult], diagnostics: [Diagnostic], expectedCrash: (cell: Int, message: String)?) {
    var starts = [Int: Int](), finishes = [Int: (offset: Int, seconds: Double)]()
    var displays = [Int: [DisplayItem]](), expectations = [Int: [ExpectationResult]](), threw = [Int: String]()
    var rejected = [Int: [String]]()
    var diagnostics = [Diagnostic]()
    for event in execution.events {
      switch event {
      case .cellStarted(let cell, let offset): starts[cell] = offset
      case .cellFinished(let cell, let offset, let seconds): finishes[cell] = (offset, seconds)
      case .cellThrew(let cell, let message): threw[cell] = message
      case .display(let cell, let item): displays[cell, default: []].append(item)
      case .expectation(let cell, let passed, let message, _, let line):
        expectations[cell, default: []].append(ExpectationResult(passed: passed, message: message, line: line))
      case .outputRejected(let cell, let reason): rejected[cell, default: []].append(reason)
      case .fileRead: break
      }
    }
    var cells = [CellResult]()
    var expectedCrash: (Int, String)?
    for cell in lesson.cells {
      guard cell.runs else {
        cells.append(CellResult(index: cell.index, status: .skipped))
        continue
      }
      if let how = confirmed[cell.index] {
        cells.append(CellResult(index: cell.index, status: .passed, failure: "failed as expected: \(how)"))
        continue
      }
      guard let start = starts[cell.index] else {
        cells.append(CellResult(index: cell.index, status: .notRun))
        continue
      }
      let end = finishes[cell.index]?.offset ?? execution.output.count
      var cellResult = CellResult(
        index: cell.index, status: .passed,
        text: capped(execution.output, from: start, to: end),
        displays: displays[cell.index] ?? [], expectations: expectations[cell.index] ?? [],
        seconds: finishes[cell.index]?.seconds ?? 0)
      let failedClaims = cellResult.expectations.filter { !$0.passed }
      if finishes[cell.index] != nil {
        if cell.options.expectsError {
          if threw[cell.index] == nil && failedClaims.isEmpty {
            cellResult.status = .failed
            cellResult.failure = "the cell is marked 'error: expected' but ran without an error"
            diagnostics.append(Diagnostic(file: lesson.path, line: cell.fenceLine, column: cell.column, message: cellResult.failure!))
          } else {
            cellResult.failure = "failed as expected: " + (threw[cell.index] ?? "expectation failed: \(failedClaims[0].message)")
          }
        } else if let reasons = rejected[cell.index] {
          cellResult.status = .failed
          cellResult.failure = reasons[0]
          diagnostics += reasons.map { Diagnostic(file: lesson.path, line: cell.firstCodeLine, column: cell.column, message: $0) }
          diagnostics += failedClaims.map {
            Diagnostic(file: lesson.path, line: $0.line, message: "expectation failed: \($0.message)")
          }
        } else if !failedClaims.isEmpty {
          cellResult.status = .failed
          cellResult.failure = "\(failedClaims.count) expectation\(failedClaims.count == 1 ? "" : "s") failed"
          diagnostics += failedClaims.map {
            Diagnostic(file: lesson.path, line: $0.line, message: "expectation failed: \($0.message)")
          }
        }
      } else {
        // The program stopped inside this cell.
        let (line, message) = stopReason(execution, cell: cell, lessonPath: lesson.path, text: cellResult.text)
        cellResult.text = withoutBacktrace(cellResult.text)
        if cell.options.expectsError, case .signaled = execution.termination {
          expectedCrash = (cell.index, message)
        }
        cellResult.status = .failed
        cellResult.failure = message
        diagnostics += failedClaims.map {
          Diagnostic(file: lesson.path, line: $0.line, message: "expectation failed: \($0.message)")
        }
        diagnostics.append(Diagnostic(file: lesson.path, line: line, message: message))
      }
      cells.append(cellResult)
    }
    if case .timedOut(nil, let limit) = execution.termination {
      diagnostics.append(Diagnostic(file: lesson.path, line: 1, message: "the lesson timed out after \(format(limit)) s before its first cell"))
    }
    return (cells, diagnostics, expectedCrash.map { (cell: $0.0, message: $0.1) })
  }

  /// Why the program stopped inside `cell`, and the best Markdown line for it:
  /// the trap's line from the backtrace when it points into the lesson, else
  /// the cell's first line.
  private func stopReason(_ execution: Execution, cell: Cell, lessonPath: String, text: String) -> (Int, String) {
    switch execution.termination {
    case .timedOut(_, let limit):
      return (cell.firstCodeLine, "the cell timed out after \(format(limit)) s and was stopped")
    case .outputLimitExceeded(let bytes):
      return (cell.firstCodeLine, "the cell printed more than \(bytes >> 20) MiB and was stopped")
    case .exited(let status):
      let fatal = text.split(separator: "\n").last { $0.contains("Fatal error") }.map(String.init)
      return (cell.firstCodeLine, "the program exited with status \(status) during this cell" + (fatal.map { ": \($0)" } ?? ""))
    case .signaled(let signal):
      let lines = text.split(separator: "\n")
      let fatal = lines.first { $0.contains("Fatal error") }.map { String($0).trimmingCharacters(in: .whitespaces) }
      // A backtrace frame such as "… at lessons/03.md:42:7"; the first one naming
      // this lesson is the trap site.
      let needle = "/" + (lessonPath as NSString).lastPathComponent + ":"
      let trapLine = lines.lazy.compactMap { line -> Int? in
        guard let at = line.range(of: needle, options: .backwards) else { return nil }
        return Int(line[at.upperBound...].prefix { $0.isNumber })
      }.first
      let name = signalName(signal)
      let site = fatal ?? crashedFunction(lines).map { "trapped in \($0)" }
      return (trapLine ?? cell.firstCodeLine, "the program crashed (\(name)) in this cell" + (site.map { ": \($0)" } ?? ""))
    }
  }

  /// The text printed between two byte offsets, with its middle cut when it
  /// is longer than `textLimit`.
  private func capped(_ output: Data, from start: Int, to end: Int) -> String {
    let lower = min(max(start, 0), output.count), upper = min(max(end, lower), output.count)
    let bytes = output[lower..<upper]
    guard bytes.count > textLimit else { return String(decoding: bytes, as: UTF8.self) }
    let head = bytes.prefix(textLimit * 3 / 4), tail = bytes.suffix(textLimit / 4)
    let omitted = bytes.count - head.count - tail.count
    return String(decoding: head, as: UTF8.self)
      + "\n… [output truncated: \(omitted) bytes omitted] …\n"
      + String(decoding: tail, as: UTF8.self)
  }
}

/// The text before the runtime's crash report ("*** Signal 4: Backtracing…"):
/// the report's addresses change from run to run, and what it tells (the line
/// and the function) is in the failure message.
private func withoutBacktrace(_ text: String) -> String {
  guard let report = text.range(of: "*** Signal ") else { return text }
  var kept = text[..<report.lowerBound]
  while kept.hasSuffix("\n\n") { kept.removeLast() }
  return String(kept)
}

/// The function of the backtrace's first frame, e.g. `Array.subscript.getter`
/// from "0 [inlined] [system] 0x… specialized Array.subscript.getter in lesson at …".
private func crashedFunction(_ lines: [Substring]) -> String? {
  guard let frame = lines.first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("0 ") }),
    let address = frame.range(of: " 0x"),
    let end = frame.range(of: " in ", range: address.upperBound..<frame.endIndex)
  else { return nil }
  let afterAddress = frame[address.upperBound...].drop { $0 != " " }.dropFirst()
  let function = afterAddress[..<end.lowerBound].replacingOccurrences(of: "specialized ", with: "")
  return function.isEmpty ? nil : function
}

private func signalName(_ signal: Int32) -> String {
  switch signal {
  case SIGILL: return "SIGILL, a Swift runtime trap"
  case SIGTRAP: return "SIGTRAP, a Swift runtime trap"
  case SIGSEGV: return "SIGSEGV"
  case SIGABRT: return "SIGABRT"
  case SIGBUS: return "SIGBUS"
  case SIGFPE: return "SIGFPE"
  case SIGKILL: return "SIGKILL"
  default: return "signal \(signal)"
  }
}

private func format(_ seconds: Double) -> String {
  seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
}
