import Foundation

/// Limits for lesson programs that run untrusted code (`lessons grade`),
/// set in the child process before it starts (see ``ChildProcess``): CPU
/// time, address space, file size and processes, and no network when the
/// system lets it have a network namespace of its own. The runner's wall
/// clock limit (``Runner/lessonTimeout``) kills the whole process group on
/// top of these.
///
/// Nothing else is isolated: the program can read and write every file the
/// user can. Grading code one does not trust belongs inside a container.
///
/// ```swift
/// var runner = Runner(toolchain: try Toolchain.locate(), lessonTimeout: 120)
/// runner.limits = ResourceLimits(cpuSeconds: 60, memoryBytes: 2 << 30)
/// ```
public struct ResourceLimits: Equatable, Sendable, CustomStringConvertible {
  /// CPU seconds: SIGXCPU at the limit, SIGKILL a second later.
  public var cpuSeconds: Int
  /// Address space in bytes (RLIMIT_AS); an allocation past it fails.
  public var memoryBytes: Int
  /// The largest file the program may write, in bytes (its printed output
  /// is a file too); SIGXFSZ beyond.
  public var fileBytes: Int
  /// RLIMIT_NPROC: how many processes and threads the user may have when
  /// the program starts one (counted over all of the user's processes; the
  /// kernel does not enforce it for root).
  public var processes: Int
  /// Whether to give the program a network namespace of its own (no
  /// interfaces but a loopback that is down), when the system permits.
  public var isolatesNetwork: Bool

  /// Creates limits.
  public init(
    cpuSeconds: Int = 60, memoryBytes: Int = 2 << 30, fileBytes: Int = 128 << 20, processes: Int = 4096,
    isolatesNetwork: Bool = true
  ) {
    self.cpuSeconds = cpuSeconds
    self.memoryBytes = memoryBytes
    self.fileBytes = fileBytes
    self.processes = processes
    self.isolatesNetwork = isolatesNetwork
  }

  /// The limits in words, e.g. for the cache key and reports.
  public var description: String {
    "cpu \(cpuSeconds) s, memory \(memoryBytes >> 20) MiB, files \(fileBytes >> 20) MiB, processes \(processes)"
      + (isolatesNetwork ? ", no network" : "")
  }

  /// Whether a program started under these limits gets a network namespace
  /// of its own on this system: starts `/bin/true` under them and asks.
  public func networkIsolationApplies() -> Bool {
    guard isolatesNetwork, let output = FileHandle(forWritingAtPath: "/dev/null"),
      let child = try? ChildProcess(
        executable: URL(fileURLWithPath: "/bin/true"), environment: [:], directory: nil, output: output, limits: self)
    else { return false }
    _ = child.stop()
    return child.networkIsolated
  }
}
