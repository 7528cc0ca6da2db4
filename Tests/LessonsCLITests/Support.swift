import Foundation

#if canImport(Glibc)
  import Glibc
  let streamSocket = Int32(SOCK_STREAM.rawValue)
  let noSignal = Int32(MSG_NOSIGNAL)
#elseif canImport(Darwin)
  import Darwin
  let streamSocket = SOCK_STREAM
  let noSignal: Int32 = 0  // SO_NOSIGPIPE is set on the socket instead.
#endif

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

/// `lessons serve` (or `lessons notebook`) running in a folder (lessons in
/// `lessons/`, the site in `site/`, the cache in `cache/`) on a free
/// loopback port. `stop()` ends it.
final class PreviewProcess {
  /// The server's address, `http://127.0.0.1:PORT/`.
  let root: URL
  /// The port it listens on.
  let port: UInt16
  /// The notebook's token (`lessons notebook`), or `nil`.
  let token: String?
  private let process: Process
  private let pipe: Pipe
  private let collector: OutputCollector

  /// Starts the server (`command` is `serve` or `notebook`) and waits (at
  /// most two minutes) until the first build is done and it says where it
  /// listens.
  init(folder: URL, command: String = "serve") async throws {
    process = Process()
    process.executableURL = lessonsExecutable
    process.arguments = [command, "lessons", "--port", "0", "-o", "site", "--cache-dir", "cache", "--interval", "0.1"]
    process.currentDirectoryURL = folder
    let collector = OutputCollector(), pipe = Pipe()
    (self.collector, self.pipe) = (collector, pipe)
    process.standardOutput = pipe
    process.standardError = pipe
    pipe.fileHandleForReading.readabilityHandler = { collector.append($0.availableData) }
    try process.run()

    let deadline = Date().addingTimeInterval(120)
    var port: UInt16?, token: String?
    while port == nil && Date() < deadline && process.isRunning {
      if let match = collector.text.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\/(\?token=([0-9a-f]+))?\s/) {
        port = UInt16(match.1)
        token = match.3.map(String.init)
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    guard let port else {
      process.terminate()
      process.waitUntilExit()
      throw ServerDidNotStart(output: collector.text)
    }
    self.port = port
    self.token = token
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

/// A TCP connection to the preview server over plain sockets, so that a
/// request reaches it byte for byte: URLSession would remove `..` and could
/// not send an oversized or slow request. Every read and write gives up
/// after `timeout` seconds.
final class RawConnection {
  private let descriptor: Int32
  private let timeout: TimeInterval

  /// Connects to 127.0.0.1:`port`.
  init(port: UInt16, timeout: TimeInterval = 5) throws {
    descriptor = socket(AF_INET, streamSocket, 0)
    self.timeout = timeout
    #if canImport(Darwin)
      var on: Int32 = 1
      setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
    #endif
    var limit = timeval(tv_sec: Int(timeout), tv_usec: .init((timeout - timeout.rounded(.down)) * 1_000_000))
    for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
      setsockopt(descriptor, SOL_SOCKET, option, &limit, socklen_t(MemoryLayout<timeval>.size))
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
      close(descriptor)
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED)
    }
  }

  deinit { close(descriptor) }

  /// Sends `text`; `false` when the server has closed the connection or
  /// does not take the bytes in time.
  @discardableResult func write(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, noSignal) }
      guard count > 0 else { return false }
      sent += count
    }
    return true
  }

  /// What the server sends until it closes the connection; `nil` when it
  /// has not closed it after `timeout`.
  func response() -> String? {
    let deadline = Date().addingTimeInterval(timeout)
    var data = [UInt8](), buffer = [UInt8](repeating: 0, count: 65536)
    while Date() < deadline {
      let count = recv(descriptor, &buffer, buffer.count, 0)
      if count > 0 {
        data += buffer[..<count]
      } else if count == 0 || errno == ECONNRESET {
        return String(decoding: data, as: UTF8.self)
      } else if errno != EINTR {
        return nil
      }
    }
    return nil
  }

  /// Whether the server has closed the connection (looked at without waiting).
  var isClosedByServer: Bool {
    var byte: UInt8 = 0
    let count = recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
    return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
  }
}

/// Sends `request` to the server on a new connection; its answer, `nil` if
/// there is none within `timeout` seconds.
func exchange(_ request: String, port: UInt16, timeout: TimeInterval = 5) throws -> String? {
  let connection = try RawConnection(port: port, timeout: timeout)
  connection.write(request)
  return connection.response()
}

/// The status code of an answer, from its status line.
func status(_ response: String?) -> Int? {
  response.flatMap { $0.split(separator: " ", maxSplits: 2).dropFirst().first }.flatMap { Int($0) }
}

