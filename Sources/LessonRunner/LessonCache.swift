import CellProtocol
import Foundation
import LessonModel
import Synchronization

/// Stores lesson results so that unchanged lessons are not compiled and run
/// again.
///
/// A result is keyed by a SHA-256 (``Fingerprint``) of everything that can change what the
/// cells do: the runtime (the bytes of `libLessonKit.so`, which contains the
/// training core), the compiler version, the runner (its build, its time
/// limit and output cap), the lesson's path, and every runnable cell's code
/// and options. Prose, front matter (but `optimize`) and line numbers are
/// not in the key, and neither are the options that only change the page (`echo`,
/// `output`, `id`, `caption`): editing them re-uses the result, whose lines
/// are moved to where the cells now are. The data files a run read are stored with their
/// digests and checked on every lookup, so editing a data file re-runs the
/// lessons that read it.
///
/// Only passing results are stored, and the failing results of variants
/// that are meant to fail (``LessonVariant/cachesFailures``) unless an error
/// outside the cells says the run itself went wrong. A variant of a lesson
/// (a blanked solution, the student edition) has an entry of its own beside
/// the lesson's. Entries are written to a temporary file and renamed into
/// place, so a killed run never leaves a torn entry.
public struct LessonCache: Sendable {
  /// The folder holding one JSON file per lesson.
  public let directory: URL
  /// The digest of the runtime and compiler (see the type's documentation).
  let runtimeFingerprint: String
  /// Entries and data-file digests already read by this process.
  /// One memo for the process: `lessons serve` makes a cache per rebuild.
  private var memo: Memo { Memo.shared }

  /// Creates a cache in `directory` for results of `runner`: its
  /// toolchain's compiler and LessonKit, its time limit, and the runner's own
  /// sources (a runner whose code changed never reuses results an older one
  /// produced, while the same runner reuses them on any machine and in any
  /// checkout, e.g. from a CI cache).
  public init(directory: URL, runner: Runner) throws {
    try self.init(directory: directory, runner: runner, runnerIdentity: Self.runnerIdentity)
  }

  /// Creates a cache for `runner` as built and installed as `runnerIdentity`
  /// describes.
  init(directory: URL, runner: Runner, runnerIdentity: String) throws {
    self.directory = directory
    var hasher = Fingerprint()
    hasher.update(field: runner.toolchain.compilerVersion)
    // The library's digest, through the memo: read again only when it changed.
    let library = runner.toolchain.buildDirectory.appendingPathComponent("libLessonKit.so")
    guard let libraryDigest = Memo.shared.digest(of: library) else {
      throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: library.path])
    }
    hasher.update(field: libraryDigest)
    hasher.update(field: "timeout \(runner.lessonTimeout) text \(runner.textLimit)")
    hasher.update(field: runnerIdentity)
    if let limits = runner.limits { hasher.update(field: "limits \(limits)") }
    runtimeFingerprint = hasher.hexDigest()
  }

  /// A digest of the sources of the runner and of the modules it is built
  /// from, computed at build time (the RunnerDigestPlugin): the same on every
  /// machine and checkout path, different after any change to them.
  static var runnerIdentity: String { "runner " + runnerSourceDigest }

  /// What is stored per lesson.
  struct Entry: Codable {
    var key: String
    /// Each cell's first code line when the result was made.
    var cellLines: [Int]
    /// Digests of the data files the run read, by path relative to the
    /// lesson's folder (absolute for files outside it).
    var files: [String: String]
    /// The result, without the parse diagnostics (those are recomputed).
    var result: LessonResult
  }

  /// The cache key of `lesson`.
  func key(for lesson: Lesson) -> String {
    var hasher = Fingerprint()
    hasher.update(field: runtimeFingerprint)
    hasher.update(field: lesson.path)
    hasher.update(field: "optimize \(lesson.frontMatter.optimize)")
    // The inline expressions run in the program; their lines do not matter
    // (values are kept by index), where they run does.
    for expression in lesson.inlineExpressions {
      hasher.update(field: "inline \(expression.afterCell.map(String.init) ?? "-") \(expression.code)")
    }
    for shared in lesson.sharedSources {
      hasher.update(field: "shared " + shared.path)
      hasher.update(field: shared.text)
    }
    for cell in lesson.cells {
      hasher.update(field: "cell \(cell.index) runs=\(cell.runs)")
      guard cell.runs else { continue }
      hasher.update(field: cell.code)
      // Only the options that change what runs: `echo`, `output`, `id` and
      // `caption` change the page, which is rendered from the lesson anew.
      hasher.update(field: "error=\(cell.options.expectsError) timeout=\(cell.options.timeout.map { "\($0)" } ?? "none")")
    }
    return hasher.hexDigest()
  }

  /// The stored result for `lesson`, moved to its current lines, or `nil`
  /// when there is none, the key differs, or a data file it read changed.
  public func result(for lesson: Lesson) -> LessonResult? {
    guard let entry = memo.entry(at: entryURL(lesson)),
      entry.key == key(for: lesson), entry.cellLines.count == lesson.cells.count
    else { return nil }
    let folder = Self.folder(of: lesson)
    for (path, digest) in entry.files {
      let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
      guard memo.digest(of: url) == digest else { return nil }
    }
    var result = entry.result.relocated(from: entry.cellLines, to: lesson.cells.map(\.firstCodeLine))
    result.diagnostics = lesson.diagnostics + result.diagnostics
    result.fromCache = true
    // How the stored run was made (from a notebook kernel or whole) is not
    // how this answer was.
    result.resumedFromCell = nil
    result.wholeRunReason = nil
    return result
  }

  /// Stores a passing result (failing ones are always run again, but for
  /// variants meant to fail), unless a data file it read has changed since
  /// it was read.
  public func store(_ result: LessonResult, for lesson: Lesson) throws {
    let failureKept = lesson.variant?.cachesFailures == true
      && !result.diagnostics.contains { $0.severity == .error && $0.cell == nil }
    guard result.passed || failureKept else { return }
    var stored = result
    stored.diagnostics.removeAll { lesson.diagnostics.contains($0) }
    var files = [String: String]()
    for file in result.filesRead {
      // A file edited (or removed) while the lesson ran: the result may be
      // the old version's, so it is not stored. The digest is remembered for
      // the next lookup.
      guard let digest = memo.digest(of: URL(fileURLWithPath: file.path)),
        let stamp = file.stamp, FileStamp.of(file.path) == stamp
      else { return }
      files[Self.relative(file.path, to: Self.folder(of: lesson))] = digest
    }
    let entry = Entry(key: key(for: lesson), cellLines: lesson.cells.map(\.firstCodeLine), files: files, result: stored)
    let encoder = EventCoding.encoder()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try encoder.encode(entry).write(to: entryURL(lesson), options: .atomic)
  }

  /// The folder of `lesson`'s file, which its data paths are relative to.
  private static func folder(of lesson: Lesson) -> URL {
    URL(fileURLWithPath: lesson.path).deletingLastPathComponent().standardizedFileURL
  }

  /// `path` relative to `folder` when it lies inside it (so that a cache
  /// restored into another checkout finds the data), else as is.
  private static func relative(_ path: String, to folder: URL) -> String {
    let base = folder.resolvingSymlinksInPath().path + "/"
    let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    return resolved.hasPrefix(base) ? String(resolved.dropFirst(base.count)) : path
  }

  private func entryURL(_ lesson: Lesson) -> URL {
    let name = lesson.path + (lesson.variant.map { "\u{0}" + $0.name } ?? "")
    return directory.appendingPathComponent(Fingerprint.hex(Data(name.utf8)).prefix(16) + ".json")
  }
}

extension LessonResult {
  /// The same result with every line inside cell `i` moved by
  /// `new[i] − old[i]`, after the prose around the cells changed.
  func relocated(from old: [Int], to new: [Int]) -> LessonResult {
    guard old != new, old.count == new.count else { return self }
    func shift(_ line: Int) -> Int {
      guard let cell = old.indices.last(where: { old[$0] <= line }) else { return line }
      return line + new[cell] - old[cell]
    }
    var moved = self
    moved.diagnostics = diagnostics.map { diagnostic in
      var copy = diagnostic
      copy.line = shift(diagnostic.line)
      return copy
    }
    moved.cells = cells.map { cell in
      var copy = cell
      copy.expectations = cell.expectations.map { expectation in
        var e = expectation
        e.line = shift(expectation.line)
        return e
      }
      return copy
    }
    return moved
  }
}

/// What a long-running command (`lessons serve`) has already read from the
/// cache: decoded entries and data files' digests, each kept with the file's
/// ``FileStamp`` and read again when the file changes.
private final class Memo: Sendable {
  /// The memo every cache of the process shares.
  static let shared = Memo()

  private let entries = Mutex<[String: (stamp: String, entry: LessonCache.Entry)]>([:])
  private let digests = Mutex<[String: (stamp: String, digest: String)]>([:])

  /// The decoded entry at `url`, or `nil` when there is none or it does not decode.
  func entry(at url: URL) -> LessonCache.Entry? {
    guard let stamp = FileStamp.of(url.path) else { return nil }
    if let kept = entries.withLock({ $0[url.path] }), kept.stamp == stamp { return kept.entry }
    guard let data = try? Data(contentsOf: url), let entry = try? EventCoding.decoder().decode(LessonCache.Entry.self, from: data)
    else { return nil }
    entries.withLock { $0[url.path] = (stamp, entry) }
    return entry
  }

  /// The SHA-256 of the file at `url` in hex, or `nil` when it cannot be read.
  func digest(of url: URL) -> String? {
    guard let stamp = FileStamp.of(url.path) else { return nil }
    if let kept = digests.withLock({ $0[url.path] }), kept.stamp == stamp { return kept.digest }
    guard let contents = try? Data(contentsOf: url) else { return nil }
    let digest = Fingerprint.hex(contents)
    digests.withLock { $0[url.path] = (stamp, digest) }
    return digest
  }
}
