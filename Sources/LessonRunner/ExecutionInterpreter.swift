import CellProtocol
import Foundation
import LessonModel

/// Works out what one run of a lesson program means: a result per cell and
/// the diagnostics, from the recorded events, printed text and exit.
///
/// It only reads a recorded ``Execution``, so every path can be tested on
/// recorded outputs without a compiler. The rule it enforces: a lesson passes
/// only when its program exited with status 0 and every runnable cell
/// started and finished. A cell that never ran, with no earlier failure to
/// explain it, is an error; so is any non-zero exit or signal, even after the
/// last cell finished.
struct ExecutionInterpreter {
  /// The lesson whose program ran.
  let lesson: Lesson
  /// Cells marked `error: expected` whose failure an earlier attempt
  /// confirmed (cell index → how it failed); they were left out of this run.
  let confirmed: [Int: String]
  /// The most printed text kept per cell; the middle of longer text is cut.
  let textLimit: Int

  /// Cell results and diagnostics from one execution.
  struct Interpretation {
    /// One result per cell of the lesson.
    var cells: [CellResult]
    /// Failed claims, crashes, timeouts, cells that never ran.
    var diagnostics: [Diagnostic]
    /// A cell marked `error: expected` that crashed the program, as it
    /// should: the runner confirms it and runs the lesson again without it.
    var expectedCrash: (cell: Int, message: String)?
    /// The formatted values of the inline expressions that were evaluated.
    var inlineValues: [Int: String] = [:]
  }

  /// The longest value an inline expression may have: it stands in a
  /// sentence.
  static let inlineValueLimit = 200

  /// What the events say about each cell.
  private struct CellEvents {
    var start: Int?
    var finish: (offset: Int, seconds: Double)?
    var displays = [DisplayItem]()
    var expectations = [ExpectationResult]()
    var threw: String?
    var rejected = [String]()
  }

  /// Interprets `execution`.
  func interpret(_ execution: Execution) -> Interpretation {
    var events = [Int: CellEvents]()
    var inlineValues = [Int: String]()
    for event in execution.events {
      switch event {
      case .cellStarted(let cell, let offset): events[cell, default: CellEvents()].start = offset
      case .cellFinished(let cell, let offset, let seconds): events[cell, default: CellEvents()].finish = (offset, seconds)
      case .cellThrew(let cell, let message): events[cell, default: CellEvents()].threw = message
      case .display(let cell, let item): events[cell, default: CellEvents()].displays.append(item)
      case .expectation(let cell, let passed, let message, _, let line):
        events[cell, default: CellEvents()].expectations.append(ExpectationResult(passed: passed, message: message, line: line))
      case .outputRejected(let cell, let reason): events[cell, default: CellEvents()].rejected.append(reason)
      case .inlineValue(let index, let text): inlineValues[index] = text
      case .fileRead, .checkpoint: break
      }
    }
    var result = Interpretation(cells: [], diagnostics: [], expectedCrash: nil, inlineValues: inlineValues)
    // Whether an earlier failure explains why later cells did not run.
    var explained = false
    var lastFinished: (index: Int, offset: Int)?
    for cell in lesson.cells {
      guard cell.runs else {
        result.cells.append(CellResult(index: cell.index, status: .skipped))
        continue
      }
      if let how = confirmed[cell.index] {
        result.cells.append(CellResult(index: cell.index, status: .passed, expectedFailure: how))
        continue
      }
      let recorded = events[cell.index] ?? CellEvents()
      guard let start = recorded.start else {
        if explained {
          result.cells.append(CellResult(index: cell.index, status: .notRun))
        } else {
          // Nothing failed before this cell, yet it never started: the
          // program ended (or crashed) between cells, or its markers were
          // never reached. Never a pass.
          explained = true
          let stop = describe(execution.termination, text: tail(execution, after: lastFinished?.offset ?? 0), at: .before)
          let message = "this cell never ran: " + stop.message
          result.cells.append(CellResult(index: cell.index, status: .failed, failure: message))
          result.diagnostics.append(error(message, line: cell.fenceLine, cell: cell))
        }
        continue
      }
      var outcome = CellResult(
        index: cell.index, status: .passed,
        text: capped(execution.output, from: start, to: recorded.finish?.offset ?? execution.output.count),
        displays: recorded.displays, expectations: recorded.expectations,
        seconds: recorded.finish?.seconds ?? 0, started: true)
      let failedClaims = recorded.expectations.filter { !$0.passed }
      let claimErrors = failedClaims.flatMap { claim in
        [error("expectation failed: \(claim.message)", line: claim.line, column: nil, cell: cell)]
          + (ClaimConditions.condition(in: cell.code, line: claim.line - cell.firstCodeLine + 1).map {
            [Diagnostic(file: lesson.path, line: claim.line, severity: .note, message: "this condition was false: \($0)", cell: cell.index)]
          } ?? [])
      }
      if let finish = recorded.finish {
        lastFinished = (cell.index, finish.offset)
        if cell.options.expectsError {
          if let how = recorded.threw ?? failedClaims.first.map({ "expectation failed: \($0.message)" }) {
            outcome.expectedFailure = how
          } else {
            outcome.status = .failed
            outcome.failure = "the cell is marked 'error: expected' but ran without an error"
            result.diagnostics.append(error(outcome.failure!, line: cell.fenceLine, cell: cell))
          }
        } else if !recorded.rejected.isEmpty {
          outcome.status = .failed
          outcome.failure = recorded.rejected[0]
          result.diagnostics += recorded.rejected.map { error($0, line: cell.firstCodeLine, cell: cell) } + claimErrors
        } else if !failedClaims.isEmpty {
          outcome.status = .failed
          outcome.failure = "\(failedClaims.count) expectation\(failedClaims.count == 1 ? "" : "s") failed"
          result.diagnostics += claimErrors
        }
      } else {
        // The program stopped inside this cell.
        explained = true
        let stop = describe(execution.termination, text: outcome.text, at: .inside)
        outcome.text = withoutCrashReport(outcome.text, quoted: stop.quoted)
        if cell.options.expectsError, case .signaled = execution.termination {
          result.expectedCrash = (cell.index, stop.message)
        }
        outcome.status = .failed
        outcome.failure = stop.message
        result.diagnostics += claimErrors + [error(stop.message, line: stop.line ?? cell.firstCodeLine, cell: cell)]
      }
      result.cells.append(outcome)
    }
    if !explained && execution.termination != .exited(0) {
      // Every cell finished, then the program failed while exiting.
      let stop = describe(execution.termination, text: tail(execution, after: lastFinished?.offset ?? 0), at: .after)
      if let last = lastFinished, let position = result.cells.firstIndex(where: { $0.index == last.index }) {
        let cell = lesson.cells[last.index]
        let message = "after this cell finished, " + stop.message
        result.cells[position].status = .failed
        result.cells[position].failure = message
        result.diagnostics.append(error(message, line: stop.line ?? cell.firstCodeLine, cell: cell))
      } else {
        result.diagnostics.append(Diagnostic(file: lesson.path, line: stop.line ?? 1, message: "the lesson program failed: " + stop.message))
      }
    }
    // Claims and outputs reported outside any cell (from a thread that ran
    // on after its cell, or from code run at exit) still count.
    let runnable = Set(lesson.cells.filter(\.runs).map(\.index))
    for (index, recorded) in events.sorted(by: { $0.key < $1.key }) where !runnable.contains(index) {
      for claim in recorded.expectations where !claim.passed {
        result.diagnostics.append(Diagnostic(file: lesson.path, line: claim.line, message: "expectation failed outside any cell: \(claim.message)"))
      }
      for reason in recorded.rejected {
        result.diagnostics.append(Diagnostic(file: lesson.path, line: 1, message: reason))
      }
    }
    result.diagnostics += inlineProblems(inlineValues, lessonFailed: result.diagnostics.contains { $0.severity == .error }
      || result.cells.contains { $0.status != .passed && $0.status != .skipped })
    if execution.unreadableEventLines > 0 {
      result.diagnostics.append(Diagnostic(
        file: lesson.path, line: 1,
        message: "\(execution.unreadableEventLines) line\(execution.unreadableEventLines == 1 ? "" : "s") of the lesson program's event stream could not be read, so its results cannot be trusted"))
    }
    return result
  }

  /// Errors for inline expressions whose value cannot stand in the prose:
  /// one that was never evaluated although the lesson ran to its end (a
  /// green check must mean every number on the page was computed), and one
  /// too long for a sentence.
  private func inlineProblems(_ values: [Int: String], lessonFailed: Bool) -> [Diagnostic] {
    // Only the expressions this program holds: a partial run (the cells
    // before a broken one, or a notebook's cells 1…k) leaves later ones out.
    let ran = Set(lesson.cells.filter(\.runs).map(\.index))
    return lesson.inlineExpressions.filter { $0.afterCell.map(ran.contains) ?? true }.compactMap { expression in
      let problem: String
      if let value = values[expression.index] {
        guard value.count > Self.inlineValueLimit else { return nil }
        problem = "this inline expression's value is \(value.count) characters long; an inline value stands in a sentence (at most \(Self.inlineValueLimit)): show longer values from a cell"
      } else {
        guard !lessonFailed else { return nil }
        problem = "this inline expression was never evaluated"
      }
      return Diagnostic(file: lesson.path, line: expression.line, column: expression.column, message: problem)
    }
  }

  /// An error diagnostic about `cell`.
  private func error(_ message: String, line: Int, column: Int? = nil, cell: Cell) -> Diagnostic {
    Diagnostic(file: lesson.path, line: line, column: column, message: message, cell: cell.index)
  }

  /// The text printed after byte `offset` (after the last finished cell).
  private func tail(_ execution: Execution, after offset: Int) -> String {
    capped(execution.output, from: offset, to: execution.output.count)
  }

  /// Where the program was when it stopped, relative to a cell.
  enum Moment {
    case before, inside, after
  }

  /// How the program stopped, in words, with the Markdown line of a trap or
  /// thrown error when the backtrace names one, and the line of `text` that
  /// the message quotes (so the cell's text need not repeat it).
  func describe(_ termination: Termination, text: String, at moment: Moment) -> (message: String, line: Int?, quoted: String?) {
    let lines = text.split(separator: "\n")
    let fatal = lines.first { $0.contains("Fatal error") }.map { String($0).trimmingCharacters(in: .whitespaces) }
    // "Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range"
    // says "Fatal error: Index out of range"; the diagnostic has the line.
    let fatalMessage = fatal.map { line in line.range(of: "Fatal error").map { String(line[$0.lowerBound...]) } ?? line }
    switch termination {
    case .exited(0):
      return (moment == .inside ? "the program exited (status 0) during this cell" : "the program ended before this cell started", nil, nil)
    case .exited(let status):
      let when = moment == .inside ? " during this cell" : moment == .before ? " before this cell started" : ""
      return ("the program exited with status \(status)\(when)" + (fatalMessage.map { ": \($0)" } ?? ""), nil, fatal)
    case .timedOut(_, let limit):
      switch moment {
      case .inside: return ("the cell timed out after \(format(limit)) s and was stopped", nil, nil)
      case .before: return ("the lesson timed out after \(format(limit)) s before this cell started", nil, nil)
      case .after: return ("the program was still running at the lesson's limit of \(format(limit)) s and was stopped", nil, nil)
      }
    case .outputLimitExceeded(let bytes):
      return ("the program printed more than \(bytes >> 20) MiB and was stopped", nil, nil)
    case .eventsLimitExceeded(let limit):
      return ("the program recorded more than \(limit >> 20) MiB of outputs and events and was stopped", nil, nil)
    case .signaled(let signal):
      let trapLine = backtraceLine(lines)
      if let fatal, let thrown = fatal.range(of: "Error raised at top level: ") {
        let description = thrownErrorDescription(String(fatal[thrown.upperBound...]))
        return ((moment == .inside ? "the cell threw an error: " : "the program threw an error: ") + description, trapLine, fatal)
      }
      let when = moment == .inside ? " in this cell" : moment == .before ? " before this cell started" : " while exiting"
      if signal == SIGXCPU || signal == SIGXFSZ {
        let limit = signal == SIGXCPU ? "its CPU time limit" : "its file size limit"
        return ("the program was stopped at \(limit) (\(signalName(signal)))\(when)", trapLine, fatal)
      }
      let site = fatalMessage ?? crashedFunction(lines).map { "trapped in \($0)" }
      return ("the program crashed (\(signalName(signal)))\(when)" + (site.map { ": \($0)" } ?? ""), trapLine, fatal)
    }
  }

  /// The Markdown line of the first backtrace frame naming this lesson, such
  /// as "… at lessons/03.md:42:7": the trap site.
  private func backtraceLine(_ lines: [Substring]) -> Int? {
    let needle = "/" + (lesson.path as NSString).lastPathComponent + ":"
    return lines.lazy.compactMap { line -> Int? in
      guard let at = line.range(of: needle, options: .backwards) else { return nil }
      return Int(line[at.upperBound...].prefix { $0.isNumber })
    }.first
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

/// A thrown error as the Swift runtime printed it, made readable: Foundation
/// errors print as `Error Domain=… Code=… "text" UserInfo={…NSFilePath=…}`,
/// of which the quoted text and the file are what a reader needs.
func thrownErrorDescription(_ raw: String) -> String {
  guard raw.hasPrefix("Error Domain="), let open = raw.firstIndex(of: "\""),
    let close = raw[raw.index(after: open)...].firstIndex(of: "\"")
  else { return raw }
  let text = String(raw[raw.index(after: open)..<close])
  guard let path = raw.range(of: "NSFilePath=") else { return text }
  let file = raw[path.upperBound...].prefix { $0 != "," && $0 != "}" }
  return "\(text) (\(file))"
}

/// The text before the runtime's crash report ("*** Signal 4: Backtracing…"),
/// without the line the failure message already quotes: the report's
/// addresses change from run to run, and what it tells (the line and the
/// function) is in the failure message.
private func withoutCrashReport(_ text: String, quoted: String?) -> String {
  var kept = text.range(of: "*** Signal ").map { String(text[..<$0.lowerBound]) } ?? text
  if let quoted {
    kept = kept.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { $0.trimmingCharacters(in: .whitespaces) != quoted }.joined(separator: "\n")
  }
  while kept.hasSuffix("\n\n") { kept.removeLast() }
  return kept.allSatisfy(\.isNewline) ? "" : kept
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
  case SIGTERM: return "SIGTERM"
  case SIGXCPU: return "SIGXCPU"
  case SIGXFSZ: return "SIGXFSZ"
  default: return "signal \(signal)"
  }
}

/// Seconds for messages: whole numbers without decimals.
func format(_ seconds: Double) -> String {
  seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
}
