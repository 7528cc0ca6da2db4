import Foundation
import Synchronization

/// Lesson programs already compiled, kept by what they were compiled from,
/// so that a program compiled ahead of its run is not compiled again:
/// `lessons notebook` compiles a cell's program while the reader is still
/// looking at the edit, and Run then only runs it.
///
/// A program is kept by a digest of its source, its shared files and the
/// optimization asked for, in a folder of its own under ``directory`` that
/// holds the source as compiled (compiler messages name it) and the
/// executable. The ``limit`` programs used last are kept.
public final class CompiledPrograms: Sendable {
  /// Where the programs are kept.
  public let directory: URL
  /// How many programs are kept.
  public let limit: Int
  /// The programs kept, the one used last at the end.
  private let kept: Mutex<RecentEntries<(folder: URL, compilation: Compilation)>>

  /// A store in a new temporary folder, which an interrupted command
  /// removes (see ``Interruption``).
  public init(limit: Int = 16) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-programs-\(UUID().uuidString)")
    self.limit = limit
    kept = Mutex(RecentEntries(limit: limit))
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    RunningChildren.add(folder: directory)
  }

  deinit {
    try? FileManager.default.removeItem(at: directory)
    RunningChildren.remove(folder: directory)
  }

  /// What the compiler made of a program.
  struct Compilation: Sendable {
    /// Whether it compiled.
    var succeeded: Bool
    /// The compiler's messages.
    var messages: [CompilerMessage]
    /// All the compiler printed.
    var output: String
  }

  /// The program compiled from `source` and `shared` (each shared file's
  /// generated text) with `optimized`: kept, or compiled now by `compile`,
  /// which is given the source, shared and executable files to use.
  /// Returns the program's `main.swift`, its executable and the result.
  func program(
    source: String, shared: [String], optimized: Bool,
    compile: (_ source: URL, _ shared: [URL], _ executable: URL) async throws -> Compilation
  ) async throws -> (source: URL, executable: URL, compilation: Compilation) {
    var fingerprint = Fingerprint()
    fingerprint.update(field: "optimized \(optimized)")
    fingerprint.update(field: source)
    for text in shared { fingerprint.update(field: text) }
    let key = fingerprint.hexDigest()
    if let found = kept.withLock({ $0.use(key) }) {
      return (found.folder.appendingPathComponent("main.swift"), found.folder.appendingPathComponent("lesson"), found.compilation)
    }
    let folder = directory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let files: ProgramFiles, compilation: Compilation
    do {
      files = try ProgramFiles(source: source, shared: shared, in: folder)
      compilation = try await compile(files.main, files.shared, files.executable)
    } catch {
      try? FileManager.default.removeItem(at: folder)
      throw error
    }
    for evicted in kept.withLock({ $0.add(key, (folder, compilation)) }) {
      try? FileManager.default.removeItem(at: evicted.folder)
    }
    return (files.main, files.executable, compilation)
  }
}

/// A lesson program's files in a folder: `main.swift`, the shared files
/// beside it, and where its executable goes.
struct ProgramFiles {
  /// The generated program.
  let main: URL
  /// The shared files, as generated (``ProgramGenerator/sharedSource(_:)``).
  let shared: [URL]
  /// The executable to make.
  let executable: URL

  /// Writes `source` and the `shared` texts into `folder`.
  init(source: String, shared: [String], in folder: URL) throws {
    main = folder.appendingPathComponent("main.swift")
    executable = folder.appendingPathComponent("lesson")
    self.shared = shared.indices.map { folder.appendingPathComponent("shared-\($0).swift") }
    try source.write(to: main, atomically: false, encoding: .utf8)
    for (text, url) in zip(shared, self.shared) { try text.write(to: url, atomically: false, encoding: .utf8) }
  }
}
