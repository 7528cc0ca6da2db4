import Foundation
import LessonModel
import Synchronization
import _ProcessShims

#if canImport(Glibc)
  import Glibc
#endif

/// A process the runner starts (a lesson program or the compiler), in a
/// session of its own, with a clean signal mask and default signal actions.
///
/// Everything it starts is stopped with it: ``terminate()`` kills its
/// process group and every process that inherited its tag (the environment
/// variable ``tagVariable``), which also finds descendants that left the
/// group with `setsid`. While it runs it is listed in ``RunningChildren``,
/// so an interrupted runner stops it too.
///
/// Foundation's `Process` is not used here: it cannot start a new session,
/// and its children inherit the signal mask of the thread that starts them.
final class ChildProcess: Sendable {
  /// The environment variable every process of a child's tree inherits.
  static let tagVariable = "LESSONS_PROCESS_TAG"

  /// The process id (also its session and process group id).
  let pid: pid_t
  /// This child's value of ``tagVariable``.
  let tag: String
  /// Whether it runs in a network namespace of its own (only ever with
  /// ``ResourceLimits/isolatesNetwork``).
  let networkIsolated: Bool

  /// How a process ended.
  enum Exit: Equatable, Sendable {
    /// It exited with a status.
    case exited(Int32)
    /// A signal killed it.
    case signaled(Int32)
  }

  /// Starts `executable` with `arguments` in `directory`, its standard output
  /// and standard error going to `output` and its standard input empty,
  /// under `limits` when there are some.
  init(
    executable: URL, arguments: [String] = [], environment: [String: String], directory: URL?, output: FileHandle,
    limits: ResourceLimits? = nil
  ) throws {
    tag = UUID().uuidString
    var environment = environment
    environment[Self.tagVariable] = tag
    let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
    guard input >= 0 else { throw ChildProcessError(executable: executable, code: errno) }
    defer { close(input) }
    var pid: pid_t = 0
    var isolated: Int32 = 0
    let code: Int32
    if let limits {
      var values = lessons_limits(
        cpu_seconds: limits.cpuSeconds, memory_bytes: limits.memoryBytes, file_bytes: limits.fileBytes,
        processes: limits.processes, isolate_network: limits.isolatesNetwork ? 1 : 0)
      code = lessons_spawn_limited(
        executable.path, argv, envp, directory?.path, input, output.fileDescriptor, &values, &pid, &isolated)
    } else {
      code = lessons_spawn(executable.path, argv, envp, directory?.path, input, output.fileDescriptor, &pid)
    }
    guard code == 0 else { throw ChildProcessError(executable: executable, code: code) }
    self.pid = pid
    networkIsolated = isolated != 0
    RunningChildren.add(self)
  }

  /// Whether the process has ended (it is not reaped: see ``stop()``).
  var hasEnded: Bool { lessons_child_ended(pid, 0) != 0 }

  /// Waits until the process has ended, without reaping it.
  func waitUntilEnded() {
    _ = lessons_child_ended(pid, 1)
  }

  /// Suspends until the process has ended, without reaping it: a thread of
  /// its own waits, so no thread of the concurrency pool is blocked.
  func ended() async {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        self.waitUntilEnded()
        continuation.resume()
      }
    }
  }

  /// Kills the process's tree (see ``terminate()``) except the processes
  /// in `kept`, then reaps the process and returns how it ended: its own
  /// exit if it had already ended, else SIGKILL.
  func stop(sparing kept: Set<pid_t> = []) -> Exit {
    terminate(sparing: kept)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    RunningChildren.remove(self)
    // Killed because the command was interrupted: the process is about to
    // die of that signal, and must not go on to report a failed lesson.
    while RunningChildren.isStopping { sleep(60) }
    return Self.decode(status)
  }

  /// Kills the process, its process group, and every process that carries
  /// its tag, except those in `kept` (a kernel's checkpoints, which lead
  /// process groups of their own). Before the process is reaped its id
  /// cannot be reused, so the group it names is still its own.
  func terminate(sparing kept: Set<pid_t> = []) {
    kill(-pid, SIGKILL)
    kill(pid, SIGKILL)
    // A process may start another while its siblings are being killed; a few
    // rounds catch those.
    for _ in 0..<5 {
      let survivors = Self.processes(carrying: tag).filter { !kept.contains($0) }
      if survivors.isEmpty { break }
      for survivor in survivors { kill(survivor, SIGKILL) }
    }
  }

  /// The ids of the processes whose environment holds `tagVariable=tag`.
  static func processes(carrying tag: String) -> [pid_t] {
    let needle = Array("\(tagVariable)=\(tag)".utf8)
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    return entries.compactMap { entry -> pid_t? in
      guard let pid = pid_t(entry), pid != getpid(), let environment = readProcFile("/proc/\(entry)/environ") else { return nil }
      return environment.split(separator: 0).contains { $0.elementsEqual(needle) } ? pid : nil
    }
  }

  /// A raw wait status as an ``Exit`` (the `WIFEXITED` macros, which Swift
  /// does not import).
  static func decode(_ status: Int32) -> Exit {
    status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
  }
}

/// A child process could not be started.
struct ChildProcessError: Error, CustomStringConvertible {
  let executable: URL
  let code: Int32
  var description: String { "cannot start \(executable.path): \(String(cString: strerror(code)))" }
}

/// The whole contents of a `/proc` file (whose size `stat` reports as 0), or
/// `nil` when it cannot be read (another user's process, or one that ended).
private func readProcFile(_ path: String) -> [UInt8]? {
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  guard fd >= 0 else { return nil }
  defer { close(fd) }
  var bytes = [UInt8]()
  var buffer = [UInt8](repeating: 0, count: 4096)
  while true {
    let count = read(fd, &buffer, buffer.count)
    if count < 0 { return nil }
    if count == 0 { return bytes }
    bytes += buffer[..<count]
  }
}

/// The child processes and temporary folders alive now, so that an
/// interrupted runner can stop and remove them (see ``Interruption``).
enum RunningChildren {
  private static let state = Mutex<(children: [pid_t: ChildProcess], folders: Set<String>, kept: Set<pid_t>, stopping: Bool)>(
    ([:], [], [], false))

  /// Whether the command was interrupted and is stopping everything.
  static var isStopping: Bool { state.withLock { $0.stopping } }

  static func add(_ child: ChildProcess) {
    let stopping = state.withLock { state in
      state.children[child.pid] = child
      return state.stopping
    }
    if stopping { child.terminate() }  // started while the command is being interrupted
  }
  static func remove(_ child: ChildProcess) { state.withLock { _ = $0.children.removeValue(forKey: child.pid) } }

  /// Records processes that outlive the program that started them (a
  /// kernel's checkpoints, each leading a process group), to kill if the
  /// runner is interrupted.
  static func add(kept pids: [pid_t]) {
    let stopping = state.withLock { state in
      state.kept.formUnion(pids)
      return state.stopping
    }
    if stopping { for pid in pids { kill(-pid, SIGKILL) } }
  }
  /// Forgets processes recorded with ``add(kept:)`` (they were killed).
  static func remove(kept pids: [pid_t]) { state.withLock { $0.kept.subtract(pids) } }

  /// Records a temporary folder to remove if the runner is interrupted.
  static func add(folder: URL) { state.withLock { _ = $0.folders.insert(folder.path) } }
  /// Forgets a temporary folder (it was removed normally).
  static func remove(folder: URL) { state.withLock { _ = $0.folders.remove(folder.path) } }

  /// Kills every running child's tree and removes every temporary folder.
  static func stopAll() {
    let (children, folders, kept) = state.withLock { state in
      defer { state = ([:], [], [], true) }
      return (Array(state.children.values), state.folders, state.kept)
    }
    for child in children { child.terminate() }
    for pid in kept { kill(-pid, SIGKILL) }
    for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
  }
}

/// What the commands do when the user interrupts them (Ctrl-C, `kill`):
/// stop every lesson program and compiler they started, remove their
/// temporary folders, and die of the same signal.
///
/// A C handler for SIGINT, SIGTERM and SIGHUP writes the signal's number to
/// a pipe (the only thing a signal handler may safely do), and a thread of
/// its own reads the pipe and does the cleaning up: whichever thread the
/// signal lands on, it is handled once, outside the handler. (Lesson
/// programs start with default signal actions: see ``ChildProcess``.)
public enum Interruption {
  /// Whether the reading thread has been started.
  private static let installed = Mutex(false)

  /// Handles SIGINT, SIGTERM and SIGHUP from now on. Calling it again does
  /// nothing.
  public static func install() {
    let first = installed.withLock { installed in
      defer { installed = true }
      return !installed
    }
    guard first else { return }
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return }
    let reading = ends[0]
    guard lessons_forward_signals(ends[1]) == 0 else { return }
    Thread.detachNewThread {
      var byte: UInt8 = 0
      while read(reading, &byte, 1) != 1 {}
      let received = Int32(byte)
      RunningChildren.stopAll()
      // Die of the same signal, so that a parent (a shell, make) sees it.
      Glibc.signal(received, SIG_DFL)
      var only = sigset_t()
      sigemptyset(&only)
      sigaddset(&only, received)
      pthread_sigmask(SIG_UNBLOCK, &only, nil)
      raise(received)
      exit(128 + received)
    }
  }
}
