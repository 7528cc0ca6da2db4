import Foundation

/// The `lessons` executable built beside this test bundle.
let lessonsExecutable: URL = {
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
  if directory.pathExtension == "xctest" { directory = directory.deletingLastPathComponent() }
  return directory.appendingPathComponent("lessons")
}()

/// The runner's fixture lessons.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("LessonRunnerTests/Fixtures")

/// Runs `lessons` with `arguments` in `directory` (the fixtures by default)
/// and waits for it; `environment` replaces the inherited one.
func lessons(
  _ arguments: [String], in directory: URL = fixtures, environment: [String: String]? = nil
) throws -> (status: Int32, stdout: String, stderr: String) {
  let process = Process()
  if let environment { process.environment = environment }
  process.executableURL = lessonsExecutable
  process.arguments = arguments
  process.currentDirectoryURL = directory
  let out = Pipe(), err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// A new empty folder under the temporary directory.
func temporaryFolder() throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder
}

/// Collects a child process's output as it arrives.
final class OutputCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()

  func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
  var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

/// `lessons serve` running in a folder (lessons in `lessons/`, the site in
/// `site/`, the cache in `cache/`) on a free loopback port. `stop()` ends it.
final class PreviewProcess {
  /// The server's address, `http://127.0.0.1:PORT/`.
  let root: URL
  /// The port it listens on.
  let port: UInt16
  private let process: Process
  private let pipe: Pipe
  private let collector: OutputCollector

  /// Starts the server and waits (at most two minutes) until the first
  /// build is done and it says where it listens.
  init(folder: URL) async throws {
    process = Process()
    process.executableURL = lessonsExecutable
    process.arguments = ["serve", "lessons", "--port", "0", "-o", "site", "--cache-dir", "cache", "--interval", "0.1"]
    process.currentDirectoryURL = folder
    let collector = OutputCollector(), pipe = Pipe()
    (self.collector, self.pipe) = (collector, pipe)
    process.standardOutput = pipe
    process.standardError = pipe
    pipe.fileHandleForReading.readabilityHandler = { collector.append($0.availableData) }
    try process.run()

    let deadline = Date().addingTimeInterval(120)
    var port: UInt16?
    while port == nil && Date() < deadline && process.isRunning {
      if let match = collector.text.firstMatch(of: /at http:\/\/127\.0\.0\.1:(\d+)\//) { port = UInt16(match.1) }
      try await Task.sleep(for: .milliseconds(100))
    }
    guard let port else {
      process.terminate()
      process.waitUntilExit()
      throw ServerDidNotStart(output: collector.text)
    }
    self.port = port
    root = URL(string: "http://127.0.0.1:\(port)/")!
  }

  /// Everything the server printed so far.
  var output: String { collector.text }
  /// Whether the server is still running.
  var isRunning: Bool { process.isRunning }

  /// The CPU time (user and system) the server has used so far, in seconds,
  /// from `/proc` (Linux).
  func cpuSeconds() throws -> Double {
    let stat = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
    // After the command name in parentheses: state is field 3, utime 14, stime 15.
    let fields = stat[stat.lastIndex(of: ")")!...].split(separator: " ").dropFirst()
    let ticks = fields.dropFirst(11).prefix(2).compactMap { Double($0) }.reduce(0, +)
    return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  /// Stops the server and waits for it to exit.
  func stop() {
    process.terminate()
    process.waitUntilExit()
    pipe.fileHandleForReading.readabilityHandler = nil
  }
}

/// `lessons serve` exited or never said where it listens.
struct ServerDidNotStart: Error, CustomStringConvertible {
  var output: String
  var description: String { "the server never said where it listens:\n\(output)" }
}
