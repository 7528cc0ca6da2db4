import CellProtocol
import _LessonKitShims
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The notebook runtime inside a compiled lesson: tracks the current cell
/// and reports events to the runner.
///
/// The runner's generated program marks the start and end of each cell
/// through functions with reserved names, which lesson code cannot use. Outside
/// the runner (no `LESSONKIT_EVENTS`), events are dropped and charts print a
/// one-line summary, so a lesson's code also runs as a plain script.
///
/// ```swift
/// // What the runner generates around a cell (lesson authors write only the middle):
/// __lessons_startCell(2)
/// let model = Sequential { Dense(2, 3) }
/// __lessons_finishCell(2)
/// ```
public final class Runtime: @unchecked Sendable {
  /// The one runtime of the process.
  public static let shared = Runtime()

  private let lock = NSLock()
  /// The events file; replaced in a worker resumed from a checkpoint.
  private var eventsDescriptor: Int32?
  private var currentCell = -1
  private var cellStart = Date()
  private var budget = OutputBudget()
  private let encoder = EventCoding.encoder()

  /// Where checkpoints make their sockets, when the runner asked for them.
  private let checkpointFolder: String?
  /// The process whose end ends the checkpoints.
  private let checkpointOwner: pid_t

  private init() {
    // The checkpoint settings are the runner's business: the cells never
    // see them, so a kernel's cells see the environment a whole run does.
    checkpointFolder = ProcessInfo.processInfo.environment[runtimeCheckpointsVariable]
    checkpointOwner = ProcessInfo.processInfo.environment[runtimeCheckpointOwnerVariable].flatMap { pid_t($0) } ?? 0
    unsetenv(runtimeCheckpointsVariable)
    unsetenv(runtimeCheckpointOwnerVariable)
    if let path = ProcessInfo.processInfo.environment[runtimeEventsVariable] {
      let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
      eventsDescriptor = fd >= 0 ? fd : nil
      // Line-buffer stdout so a crash loses no finished line of output.
      lessonkit_line_buffer_stdout()
    } else {
      eventsDescriptor = nil
    }
  }

  /// Whether a runner is listening (the `LESSONKIT_EVENTS` file could be
  /// opened).
  ///
  /// ```swift
  /// if !Runtime.shared.isConnected { print("running as a plain script") }
  /// ```
  public var isConnected: Bool { lock.withLock { eventsDescriptor != nil } }

  /// Marks the start of cell `index`.
  func startCell(_ index: Int) {
    lock.withLock {
      currentCell = index
      cellStart = Date()
    }
    send(.cellStarted(cell: index, outputOffset: flushedOutputOffset()))
  }

  /// Marks the normal end of cell `index`.
  func finishCell(_ index: Int) {
    let seconds = lock.withLock { Date().timeIntervalSince(cellStart) }
    send(.cellFinished(cell: index, outputOffset: flushedOutputOffset(), seconds: seconds))
  }

  /// Records that a cell marked `error: expected` threw `error`.
  func cellThrew(_ index: Int, _ error: any Error) {
    send(.cellThrew(cell: index, message: String(describing: error)))
  }

  /// Records a rich output of the current cell (already cut down to
  /// ``OutputLimits``), unless it would pass ``OutputLimits/outputBytes``
  /// or the lesson's ``OutputLimits/lessonBytes``: then the cell fails with
  /// an ``RuntimeEvent/outputRejected(cell:reason:)`` saying so.
  func display(_ item: DisplayItem) {
    send(.display(cell: cell, item: item), budgetAdvice: item.advice)
    if !isConnected, case .chart(let chart, _) = item {
      print("[chart: \(chart.title ?? "untitled")]")
    }
  }

  /// Records an expectation of the current cell.
  func expectation(passed: Bool, message: String, file: String, line: Int) {
    send(.expectation(cell: cell, passed: passed, message: message, file: file, line: line))
    if !isConnected && !passed {
      FileHandle.standardError.write(Data("\(file):\(line): error: expectation failed: \(message)\n".utf8))
    }
  }

  /// Records that a data file was read.
  func fileRead(_ path: String) {
    send(.fileRead(path: path, stamp: FileStamp.of(path)))
  }

  /// Records the formatted value of an inline expression of the prose.
  func inlineValue(_ index: Int, _ text: String) {
    send(.inlineValue(index: index, text: text))
  }

  private var cell: Int { lock.withLock { currentCell } }

  /// Forks a checkpoint holding the state before cell `index` (see
  /// ``RuntimeEvent/checkpoint(beforeCell:pid:outputOffset:)``), when the
  /// runner asked for checkpoints. In the checkpoint's workers this call
  /// does not return: they run the requested cells and exit.
  func checkpoint(beforeCell index: Int) {
    guard isConnected, let folder = checkpointFolder else { return }
    let offset = flushedOutputOffset()
    var request = [CChar](repeating: 0, count: 8192)
    let pid = lessonkit_checkpoint("\(folder)/before-\(index).sock", checkpointOwner, &request, request.count)
    if pid > 0 {
      send(.checkpoint(beforeCell: index, pid: pid, outputOffset: offset))
    } else if pid == 0 {
      let text = request.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
      resume(ResumeRequest(decoding: text))
    }
  }

  /// A worker's life: points standard output, standard error and the events
  /// at the request's files, runs the request's library, and exits as the
  /// program would have (status 0, or the library's crash).
  private func resume(_ request: ResumeRequest?) -> Never {
    guard let request else { Self.abandon("the checkpoint received a malformed request") }
    let output = open(request.output, O_WRONLY | O_APPEND)
    let events = open(request.events, O_WRONLY | O_APPEND)
    guard output >= 0, events >= 0 else { Self.abandon("cannot open \(request.output) or \(request.events)") }
    dup2(output, STDOUT_FILENO)
    dup2(output, STDERR_FILENO)
    close(output)
    lseek(STDOUT_FILENO, 0, SEEK_END)
    lock.withLock {
      if let old = eventsDescriptor { close(old) }
      eventsDescriptor = events
    }
    guard let library = dlopen(request.library, RTLD_NOW) else {
      Self.abandon("cannot load the cells: " + (dlerror().map { String(cString: $0) } ?? "unknown error"))
    }
    guard let entry = dlsym(library, ResumeRequest.entryPoint) else {
      Self.abandon("the cells' library has no \(ResumeRequest.entryPoint)")
    }
    unsafeBitCast(entry, to: (@convention(c) () -> Void).self)()
    exit(0)
  }

  /// Ends a worker that could not start its cells: the runner then runs
  /// the lesson program whole instead.
  private static func abandon(_ reason: String) -> Never {
    FileHandle.standardError.write(Data("lessons: \(reason)\n".utf8))
    exit(ResumeRequest.failureStatus)
  }

  /// Flushes C stdio and returns the write offset of standard output, which
  /// the runner points at a file shared with standard error.
  private func flushedOutputOffset() -> Int {
    fflush(nil)  // every C stdio output stream
    let offset = lseek(STDOUT_FILENO, 0, SEEK_CUR)
    return offset < 0 ? 0 : Int(offset)
  }

  /// Appends `event` to the events file. An event that cannot be encoded is
  /// replaced by an ``RuntimeEvent/outputRejected(cell:reason:)`` naming the
  /// reason, which fails the cell: nothing is dropped silently. With
  /// `budgetAdvice`, the event is a rich output that counts against the
  /// output budget; one that would pass it is replaced in the same way, the
  /// reason ending with the advice on how to show less.
  private func send(_ event: RuntimeEvent, budgetAdvice: String? = nil) {
    guard isConnected else { return }
    let reason: String
    do {
      let line = try encoder.encode(event)
      guard let advice = budgetAdvice, let rejection = lock.withLock({ budget.admit(line.count, advice: advice) }) else {
        return append(line)
      }
      reason = rejection
    } catch {
      reason = "an output of this cell could not be recorded: \(error)"
    }
    if let line = try? encoder.encode(RuntimeEvent.outputRejected(cell: cell, reason: reason)) { append(line) }
  }

  /// Appends one encoded event and a newline to the events file.
  private func append(_ encoded: Data) {
    var line = encoded
    line.append(UInt8(ascii: "\n"))
    lock.withLock {
      guard let fd = eventsDescriptor else { return }
      line.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
          let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
          if written <= 0 { break }
          offset += written
        }
      }
    }
  }
}

/// Marks the start of cell `index`; called only by the code the runner
/// generates around each cell (names starting with `__lessons_` are reserved).
public func __lessons_startCell(_ index: Int) {
  Runtime.shared.startCell(index)
}

/// Marks the normal end of cell `index`; called only by generated code.
public func __lessons_finishCell(_ index: Int) {
  Runtime.shared.finishCell(index)
}

/// Forks a checkpoint of the program's state before cell `index` when the
/// runner asks for one (`lessons notebook`); called only by generated code.
public func __lessons_checkpoint(_ index: Int) {
  Runtime.shared.checkpoint(beforeCell: index)
}

/// Runs the cells of a library resumed from a checkpoint; an error they
/// throw ends the program as an error thrown at top level would. Called
/// only by generated code.
public func __lessons_runResumed(_ cells: () throws -> Void) {
  do {
    try cells()
  } catch {
    fatalError("Error raised at top level: \(String(reflecting: error))")
  }
}

/// Records that cell `index`, marked `error: expected`, threw `error`;
/// called only by generated code.
public func __lessons_cellThrew(_ index: Int, _ error: any Error) {
  Runtime.shared.cellThrew(index, error)
}

/// Records the value of the prose's inline expression `index`
/// (`` `{swift} expr` ``), formatted as the page shows it; called only by
/// generated code. Numbers are formatted like ``format(_:)-(Double)``, text
/// is shown as is, anything else by its description.
public func __lessons_inlineValue<Value>(_ index: Int, _ value: Value) {
  Runtime.shared.inlineValue(index, InlineValueText.of(value))
}

/// The text an inline expression's value shows as.
enum InlineValueText {
  /// `value` formatted for a sentence.
  static func of<Value>(_ value: Value) -> String {
    switch value {
    case let number as Double: format(number)
    case let number as Float: format(number)
    case let text as String: text
    case let text as Substring: String(text)
    default: String(describing: value)
    }
  }
}
