import CellProtocol
import Foundation
import LessonModel
import Synchronization

/// How a lesson program's process ended.
enum Termination: Equatable {
  /// It exited with a status.
  case exited(Int32)
  /// A signal killed it (a trap is SIGILL or SIGTRAP).
  case signaled(Int32)
  /// The runner killed it: `cell` ran past `limit` seconds (the cell's own
  /// timeout, or what was left of the lesson's).
  case timedOut(cell: Int?, limit: Double)
  /// The runner killed it for printing more than the output limit.
  case outputLimitExceeded(bytes: Int)
  /// The runner killed it for writing more events than the events limit (a
  /// backstop behind LessonKit's own budget for rich outputs).
  case eventsLimitExceeded(limit: Int)
}

/// What one run of a lesson program left behind.
struct Execution {
  /// The events the program reported, in order.
  var events: [RuntimeEvent]
  /// Complete lines of the events file that were not valid events.
  var unreadableEventLines = 0
  /// Everything it printed, stdout and stderr interleaved.
  var output: Data
  /// How it ended.
  var termination: Termination
  /// Wall time in seconds.
  var seconds: Double
}

/// Runs a compiled lesson program as a child process with time limits.
///
/// Standard output and standard error share one file (so their lines stay in
/// order, and the runtime can record byte offsets at cell boundaries); events
/// go to a second file. A watchdog polls both: it kills the process when the
/// running cell passes its timeout, when the lesson passes its limit, or when
/// the output passes `outputLimit` bytes. However the program ends, every
/// process it started is killed with it (see ``ChildProcess``).
struct Executor {
  /// The lesson's total time limit in seconds.
  var lessonTimeout: Double
  /// Per-cell limits from `//| timeout:` (cell index → seconds).
  var cellTimeouts: [Int: Double]
  /// The most output a program may print before it is killed.
  var outputLimit = 64 << 20
  /// The most event bytes a program may write before it is killed: twice
  /// LessonKit's budget for a lesson's rich outputs, so only a program that
  /// bypasses LessonKit meets it.
  var eventsLimit = 16 << 20
  /// Limits for untrusted code, set in the child before it starts, or `nil`.
  var limits: ResourceLimits?

  /// More environment for the program (a kernel's checkpoint folder and
  /// owner).
  var environment: [String: String] = [:]
  /// Whether the checkpoints the program forks outlive it (a kernel's run:
  /// see ``LessonKernel``); otherwise they die with it like any process it
  /// started.
  var keepsCheckpoints = false

  /// Runs `executable` in `lessonDirectory`, its output files in
  /// `workDirectory`. The watchdog runs on a thread of its own, resumed
  /// through a continuation: it blocks no thread of the concurrency pool,
  /// and no busy pool can delay a timeout. Cancelling the task kills the
  /// program's tree within one poll, and then throws `CancellationError`.
  func run(_ executable: URL, lessonDirectory: URL, workDirectory: URL) async throws -> Execution {
    try await watch(workDirectory: workDirectory, prefix: (Data(), Data())) { outputURL, eventsURL, outputHandle in
      var environment = ProcessInfo.processInfo.environment.merging(self.environment) { _, own in own }
      environment[runtimeEventsVariable] = eventsURL.path
      environment["LESSONKIT_LESSON_DIR"] = lessonDirectory.path
      // Swift's crash reporter: a short, symbolicated backtrace without colour
      // or prompts, which names the lesson line of a trap.
      environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,sanitize=no"
      // Under an address-space limit, glibc's per-thread malloc arenas (each
      // reserving 64 MiB) would use it up on a machine with many cores.
      if limits != nil { environment["MALLOC_ARENA_MAX"] = "2" }
      return try ChildProcess(
        executable: executable, environment: environment, directory: lessonDirectory, output: outputHandle,
        limits: limits)
    }
  }

  /// Runs the library of cells `library` in a worker of `checkpoint`: the
  /// output and events files start as the checkpoint's program had written
  /// them (`prefix`), so the execution reads as a run of the whole program.
  /// The same limits apply as to ``run(_:lessonDirectory:workDirectory:)``.
  func resume(
    _ checkpoint: URL, library: URL, prefix: (output: Data, events: Data), workDirectory: URL
  ) async throws -> Execution {
    try await watch(workDirectory: workDirectory, prefix: prefix) { outputURL, eventsURL, _ in
      try ResumedWorker(
        checkpoint: checkpoint,
        request: ResumeRequest(library: library.path, output: outputURL.path, events: eventsURL.path))
    }
  }

  /// Starts a program with `start` (given its output and events files and
  /// a handle writing the output file, after `prefix` is written to them)
  /// and watches it on a thread of its own until it ends.
  private func watch(
    workDirectory: URL, prefix: (output: Data, events: Data),
    start: @escaping @Sendable (URL, URL, FileHandle) throws -> any WatchedProgram
  ) async throws -> Execution {
    let cancelled = CancellationFlag()
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
          continuation.resume(with: Result {
            try runWatched(workDirectory: workDirectory, prefix: prefix, cancelled: cancelled, start: start)
          })
        }
      }
    } onCancel: {
      cancelled.set()
    }
  }

  /// `watch`'s work, on the calling thread: starts the program and polls it
  /// every 20 ms until it ends, a limit stops it or `cancelled` is set.
  private func runWatched(
    workDirectory: URL, prefix: (output: Data, events: Data), cancelled: CancellationFlag,
    start launch: (URL, URL, FileHandle) throws -> any WatchedProgram
  ) throws -> Execution {
    let outputURL = workDirectory.appendingPathComponent("output.txt")
    let eventsURL = workDirectory.appendingPathComponent("events.jsonl")
    try prefix.output.write(to: outputURL)
    try prefix.events.write(to: eventsURL)
    let outputHandle = try FileHandle(forWritingTo: outputURL)
    defer { try? outputHandle.close() }
    try outputHandle.seekToEnd()

    let start = Date()
    let child = try launch(outputURL, eventsURL, outputHandle)
    // However the program ends, whatever it started dies with it.
    var stopped: ChildProcess.Exit?
    defer { if stopped == nil { _ = child.stop(sparing: []) } }
    var reader = try EventReader(url: eventsURL)
    var current: (cell: Int, started: Date)?
    var killedFor: Termination?
    while killedFor == nil {
      Thread.sleep(forTimeInterval: 0.02)
      if cancelled.isSet {
        stopped = child.stop(sparing: [])
        throw CancellationError()
      }
      let ended = child.hasEnded
      for event in reader.readNew() {
        switch event {
        case .cellStarted(let cell, _): current = (cell, Date())
        case .cellFinished: current = nil
        default: break
        }
      }
      if ended { break }
      let now = Date()
      if let current, let limit = cellTimeouts[current.cell], now.timeIntervalSince(current.started) > limit {
        killedFor = .timedOut(cell: current.cell, limit: limit)
      } else if now.timeIntervalSince(start) > lessonTimeout {
        killedFor = .timedOut(cell: current?.cell, limit: lessonTimeout)
      } else if outputHandle.offsetInFile > outputLimit {
        killedFor = .outputLimitExceeded(bytes: Int(outputHandle.offsetInFile))
      } else if reader.bytesRead > eventsLimit {
        killedFor = .eventsLimitExceeded(limit: eventsLimit)
      }
    }
    // The checkpoints to spare are those reported before the program stops.
    _ = reader.readNew()
    let checkpoints = keepsCheckpoints ? Set(reader.events.checkpointPIDs) : []
    let exit = child.stop(sparing: checkpoints)
    stopped = exit
    _ = reader.readNew()
    let termination: Termination
    switch (killedFor, exit) {
    case (let killed?, _): termination = killed
    case (nil, .signaled(let signal)): termination = .signaled(signal)
    case (nil, .exited(let status)): termination = .exited(status)
    }
    return Execution(
      events: reader.events, unreadableEventLines: reader.unreadableLines,
      output: (try? Data(contentsOf: outputURL)) ?? Data(),
      termination: termination, seconds: Date().timeIntervalSince(start))
  }
}

extension [RuntimeEvent] {
  /// The checkpoints the program reported
  /// (``RuntimeEvent/checkpoint(beforeCell:pid:outputOffset:)``).
  var checkpointPIDs: [pid_t] {
    compactMap { if case .checkpoint(_, let pid, _) = $0 { pid } else { nil } }
  }
}

/// A lesson program ``Executor`` watches.
protocol WatchedProgram: Sendable {
  /// Whether it has ended.
  var hasEnded: Bool { get }
  /// Kills it and everything it started except the processes in `kept`,
  /// and returns how it ended.
  func stop(sparing kept: Set<pid_t>) -> ChildProcess.Exit
}

extension ChildProcess: WatchedProgram {}

/// Reads the JSON-lines events file as it grows, decoding complete lines.
/// Each call reads only the bytes added since the last one.
struct EventReader {
  private let handle: FileHandle
  private var pending = Data()
  private let decoder = EventCoding.decoder()
  /// Every event read so far.
  private(set) var events = [RuntimeEvent]()
  /// Complete lines that did not decode as an event.
  private(set) var unreadableLines = 0
  /// The size of the file read so far.
  private(set) var bytesRead = 0

  init(url: URL) throws { handle = try FileHandle(forReadingFrom: url) }

  /// Decodes the lines completed since the last call.
  mutating func readNew() -> [RuntimeEvent] {
    guard let fresh = try? handle.readToEnd(), !fresh.isEmpty else { return [] }
    bytesRead += fresh.count
    pending += fresh
    guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
    let complete = pending[..<lastNewline]
    pending = Data(pending[(lastNewline + 1)...])
    var decoded = [RuntimeEvent]()
    for line in complete.split(separator: UInt8(ascii: "\n")) {
      if let event = try? decoder.decode(RuntimeEvent.self, from: Data(line)) {
        decoded.append(event)
      } else {
        unreadableLines += 1
      }
    }
    events += decoded
    return decoded
  }
}

/// Set once when a task is cancelled, and read by the thread that watches
/// the task's child process.
final class CancellationFlag: Sendable {
  private let state = Mutex(false)

  /// Whether ``set()`` was called.
  var isSet: Bool { state.withLock { $0 } }

  /// Marks the task cancelled.
  func set() { state.withLock { $0 = true } }
}
