import CellProtocol
import Foundation

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
}

/// What one run of a lesson program left behind.
struct Execution {
  /// The events the program reported, in order.
  var events: [RuntimeEvent]
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
/// the output passes `outputLimit` bytes.
struct Executor {
  /// The lesson's total time limit in seconds.
  var lessonTimeout: Double
  /// Per-cell limits from `//| timeout:` (cell index → seconds).
  var cellTimeouts: [Int: Double]
  /// The most output a program may print before it is killed.
  var outputLimit = 64 << 20

  func run(_ executable: URL, lessonDirectory: URL, workDirectory: URL) throws -> Execution {
    let outputURL = workDirectory.appendingPathComponent("output.txt")
    let eventsURL = workDirectory.appendingPathComponent("events.jsonl")
    for url in [outputURL, eventsURL] { try Data().write(to: url) }
    let outputHandle = try FileHandle(forWritingTo: outputURL)
    defer { try? outputHandle.close() }

    let process = Process()
    process.executableURL = executable
    process.currentDirectoryURL = lessonDirectory
    var environment = ProcessInfo.processInfo.environment
    environment[runtimeEventsVariable] = eventsURL.path
    environment["LESSONKIT_LESSON_DIR"] = lessonDirectory.path
    // Swift's crash reporter: a short, symbolicated backtrace without colour
    // or prompts, which names the lesson line of a trap.
    environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,sanitize=no"
    process.environment = environment
    process.standardOutput = outputHandle
    process.standardError = outputHandle
    process.standardInput = FileHandle.nullDevice

    let start = Date()
    try process.run()
    var reader = EventReader(url: eventsURL)
    var current: (cell: Int, started: Date)?
    var killedFor: Termination?
    while process.isRunning {
      Thread.sleep(forTimeInterval: 0.02)
      for event in reader.readNew() {
        switch event {
        case .cellStarted(let cell, _): current = (cell, Date())
        case .cellFinished: current = nil
        default: break
        }
      }
      let now = Date()
      let elapsed = now.timeIntervalSince(start)
      if let current, let limit = cellTimeouts[current.cell], now.timeIntervalSince(current.started) > limit {
        killedFor = .timedOut(cell: current.cell, limit: limit)
      } else if elapsed > lessonTimeout {
        killedFor = .timedOut(cell: current?.cell, limit: lessonTimeout)
      } else if let size = try? FileManager.default.attributesOfItem(atPath: outputURL.path)[.size] as? Int, size > outputLimit {
        killedFor = .outputLimitExceeded(bytes: size)
      }
      if killedFor != nil {
        kill(process.processIdentifier, SIGKILL)
        break
      }
    }
    process.waitUntilExit()
    let events = reader.readAll()
    let termination: Termination
    if let killedFor {
      termination = killedFor
    } else if process.terminationReason == .uncaughtSignal {
      termination = .signaled(process.terminationStatus)
    } else {
      termination = .exited(process.terminationStatus)
    }
    return Execution(
      events: events, output: (try? Data(contentsOf: outputURL)) ?? Data(),
      termination: termination, seconds: Date().timeIntervalSince(start))
  }
}

/// Reads the JSON-lines events file as it grows, decoding complete lines.
struct EventReader {
  let url: URL
  private var consumed = 0
  private var events = [RuntimeEvent]()
  private let decoder = EventCoding.decoder()

  init(url: URL) { self.url = url }

  /// Decodes the lines completed since the last call.
  mutating func readNew() -> [RuntimeEvent] {
    guard let data = try? Data(contentsOf: url), data.count > consumed else { return [] }
    let fresh = data[consumed...]
    guard let lastNewline = fresh.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
    let complete = data[consumed...lastNewline]
    consumed = lastNewline + 1
    let decoded = complete.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(RuntimeEvent.self, from: Data($0)) }
    events += decoded
    return decoded
  }

  /// Every event of the file, after the process has ended.
  mutating func readAll() -> [RuntimeEvent] {
    _ = readNew()
    return events
  }
}
