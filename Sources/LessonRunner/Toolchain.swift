import Foundation
import Synchronization
import LessonModel

/// Where the Swift compiler and the LessonKit library are, and how to call
/// the compiler for a lesson program.
public struct Toolchain: Sendable {
  /// The `swiftc` executable.
  public var compiler: URL
  /// The SwiftPM build folder holding `libLessonKit.so` and `Modules/`.
  public var buildDirectory: URL
  /// `swiftc --version`'s first line, part of the cache key.
  public var compilerVersion: String

  /// Errors finding the toolchain, each with what to do about it.
  public enum LookupError: Error, CustomStringConvertible {
    case compilerNotFound
    case lessonKitNotFound(searched: [String])

    /// The problem and how to fix it.
    public var description: String {
      switch self {
      case .compilerNotFound:
        return "swiftc not found on PATH. Install Swift 6 (https://www.swift.org/install/) or set SWIFTC to the compiler's path."
      case .lessonKitNotFound(let searched):
        return "LessonKit (libLessonKit.so and Modules/LessonKit.swiftmodule) not found in: \(searched.joined(separator: ", ")). "
          + "Build it with `swift build --product LessonKit` (or `make`), or set LESSONKIT_BUILD_DIR to the build folder."
      }
    }
  }

  /// Finds `swiftc` (`$SWIFTC`, else on `PATH`) and the LessonKit build
  /// beside the running executable (`$LESSONKIT_BUILD_DIR` overrides). Beside
  /// a debug build of the tool, the optimized LessonKit of the same checkout
  /// (`.build/release`) comes first: lessons train 10–100× slower on a debug
  /// one (see ``isDebugLessonKit``).
  public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Toolchain {
    guard let compiler = findCompiler(environment) else { throw LookupError.compilerNotFound }
    var candidates = [URL]()
    if let override = environment["LESSONKIT_BUILD_DIR"] { candidates.append(URL(fileURLWithPath: override)) }
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = executable.deletingLastPathComponent()
    // An XCTest bundle runs from .build/debug/x.xctest; an executable from .build/debug.
    for _ in 0..<3 {
      if directory.lastPathComponent == "debug" {
        candidates.append(directory.deletingLastPathComponent().appendingPathComponent("release"))
      }
      candidates.append(directory)
      directory = directory.deletingLastPathComponent()
    }
    let fileManager = FileManager.default
    guard let build = candidates.first(where: {
      fileManager.fileExists(atPath: $0.appendingPathComponent("libLessonKit.so").path)
        && fileManager.fileExists(atPath: $0.appendingPathComponent("Modules/LessonKit.swiftmodule").path)
    }) else { throw LookupError.lessonKitNotFound(searched: candidates.map(\.path)) }
    return Toolchain(compiler: compiler, buildDirectory: build, compilerVersion: version(of: compiler))
  }

  /// `swiftc --version`'s first line, asked once per compiler for the life
  /// of the process (`lessons serve` locates the toolchain on every rebuild).
  private static func version(of compiler: URL) -> String {
    if let known = knownVersions.withLock({ $0[compiler.path] }) { return known }
    let version = (try? runCapturingOutputBlocking(compiler, ["--version"]))?.output.split(separator: "\n").first.map(String.init) ?? "unknown"
    knownVersions.withLock { $0[compiler.path] = version }
    return version
  }

  private static let knownVersions = Mutex<[String: String]>([:])

  /// Whether lesson programs would link a debug build of LessonKit, whose
  /// training runs 10–100× slower than the optimized one's.
  public var isDebugLessonKit: Bool {
    buildDirectory.resolvingSymlinksInPath().pathComponents.contains("debug")
  }

  /// The target triple of this machine, which lesson programs are built for.
  var targetTriple: String {
    #if arch(x86_64)
      "x86_64-unknown-linux-gnu"
    #elseif arch(arm64)
      "aarch64-unknown-linux-gnu"
    #else
      "unknown-unknown-linux-gnu"
    #endif
  }

  /// The type-checking time of one expression above which the compiler
  /// warns (issue: no expression of the course takes longer than 100 ms).
  static let slowExpressionMilliseconds = 100

  /// What a compile makes.
  enum Product {
    /// A lesson program.
    case executable
    /// A lesson program with checkpoints that libraries of edited cells
    /// can run from (``LessonKernel``): its module, with internal
    /// declarations visible to `@testable import`, is written to
    /// `modules`, and its symbols are exported to libraries it loads.
    case kernel(modules: URL)
    /// A library of cells resumed from a checkpoint of the kernel whose
    /// module is in `kernelModules`.
    case resumedCells(kernelModules: URL)
  }

  /// The `swiftc` arguments that compile `source` into `executable` (a `product`) against
  /// LessonKit, in Swift 5 mode (top-level notebook variables are globals,
  /// which Swift 6's strict concurrency would reject).
  ///
  /// Without `optimized`, cells compile with `-Onone`: several times faster
  /// to compile, and the training runs in the optimized LessonKit anyway.
  /// Expressions that take more than `slowExpressionMilliseconds` to
  /// type-check are reported as warnings at their line.
  func compileArguments(
    source: URL, executable: URL, optimized: Bool = false, sharedSources: [URL] = [], product: Product = .executable
  ) -> [String] {
    let build = buildDirectory.path
    var made: [String]
    switch product {
    case .executable:
      made = ["-module-name", ProgramGenerator.kernelModule]
    case .kernel(let modules):
      made = [
        "-module-name", ProgramGenerator.kernelModule, "-emit-executable", "-enable-testing",
        "-emit-module", "-emit-module-path", modules.appendingPathComponent("\(ProgramGenerator.kernelModule).swiftmodule").path,
        "-Xlinker", "--export-dynamic",
      ]
    case .resumedCells(let kernelModules):
      made = ["-module-name", ProgramGenerator.resumedModule, "-emit-library", "-I", kernelModules.path]
    }
    // Shared files join the lesson in one frontend (whole-module), so no
    // file is parsed and type-checked twice.
    if !sharedSources.isEmpty { made.append("-wmo") }
    return made + [
      // Line tables are all a backtrace needs to name a trap's line, and cost
      // a third less compile time than full debug information; optimized
      // code keeps `-g`, without which inlined traps lose their exact line.
      optimized ? "-O" : "-Onone", optimized ? "-g" : "-gline-tables-only",
      "-swift-version", "5",
      "-Xfrontend", "-warn-long-expression-type-checking=\(Self.slowExpressionMilliseconds)",
      "-I", build + "/Modules", "-L", build, "-lLessonKit",
      "-Xlinker", "-rpath", "-Xlinker", build,
      "-Xcc", "-fmodule-map-file=" + build + "/_LessonKitShims.build/module.modulemap",
      source.path,
    ] + sharedSources.map(\.path) + ["-o", executable.path]
  }

  /// The `swiftc` arguments that only type-check `source` against
  /// LessonKit, as lesson programs are checked.
  func typecheckArguments(source: URL) -> [String] {
    let build = buildDirectory.path
    return [
      "-typecheck", "-swift-version", "5", "-I", build + "/Modules",
      "-Xcc", "-fmodule-map-file=" + build + "/_LessonKitShims.build/module.modulemap", source.path,
    ]
  }

  private static func findCompiler(_ environment: [String: String]) -> URL? {
    if let explicit = environment["SWIFTC"] { return URL(fileURLWithPath: explicit) }
    let path = environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("swiftc") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }
}

/// A process whose standard output and standard error go to one temporary
/// file, run as a ``ChildProcess`` (so an interrupted runner stops it and its
/// subprocesses).
struct CapturedProcess {
  let child: ChildProcess
  private let capture: URL
  private let handle: FileHandle

  /// Starts `executable` with `arguments`.
  init(_ executable: URL, _ arguments: [String]) throws {
    capture = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-output-\(UUID().uuidString)")
    try Data().write(to: capture)
    RunningChildren.add(folder: capture)
    handle = try FileHandle(forWritingTo: capture)
    child = try ChildProcess(
      executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment,
      directory: nil, output: handle)
  }

  /// After the process has ended: reaps it, removes the capture file, and
  /// returns its exit status (128 + the signal if one killed it) and what it
  /// printed.
  func finish() throws -> (status: Int32, output: String) {
    defer {
      try? handle.close()
      try? FileManager.default.removeItem(at: capture)
      RunningChildren.remove(folder: capture)
    }
    let exit = child.stop()
    let output = String(decoding: try Data(contentsOf: capture), as: UTF8.self)
    switch exit {
    case .exited(let status): return (status, output)
    case .signaled(let signal): return (128 + signal, output)
    }
  }
}

/// Runs `executable` to completion without blocking a thread of the
/// concurrency pool; its exit status and everything it printed. Cancelling
/// the task kills the process's tree, and then throws `CancellationError`.
func runCapturingOutput(_ executable: URL, _ arguments: [String]) async throws -> (status: Int32, output: String) {
  let run = try CapturedProcess(executable, arguments)
  await withTaskCancellationHandler {
    await run.child.ended()
  } onCancel: {
    run.child.terminate()
  }
  let finished = try run.finish()
  try Task.checkCancellation()
  return finished
}

/// Runs `executable` to completion, blocking the calling thread (for quick
/// questions such as `swiftc --version`).
func runCapturingOutputBlocking(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
  let run = try CapturedProcess(executable, arguments)
  run.child.waitUntilEnded()
  return try run.finish()
}
