import ArgumentParser
import FlyingFox
import Foundation
import LessonModel
import LessonRunner
import Site

/// The options of the commands that preview a course while it is edited
/// (`serve` and `notebook`), but the port, whose default differs.
struct PreviewOptions: ParsableArguments {
  @Argument(help: "The folder of lessons.")
  var directory = "lessons"

  @OptionGroup var site: SiteOptions

  @Option(help: "How often to look for changed files, in seconds.")
  var interval = 0.1

  @OptionGroup var options: RunOptions
  @OptionGroup var reporting: OutputOptions

  func validate() throws {
    guard interval > 0 else { throw ValidationError("--interval must be positive") }
  }
}

/// What `serve` and `notebook` share: build the course into the site
/// folder, serve it, watch the lessons and the theme, and rebuild and
/// publish on every change (the open pages reload).
struct PreviewSession: Sendable {
  /// The commands' options.
  let options: PreviewOptions
  /// The latest build, for the pages and the long polls.
  let state = PreviewState()
  /// Lesson bodies are rendered again only when their lesson or result changed.
  let renderCache = RenderCache()
  /// One typesetter for the whole session: only new formulas start KaTeX.
  let math: MathRenderer

  /// A session with `options`; nothing is built yet.
  init(_ options: PreviewOptions) {
    self.options = options
    math = options.options.makeMathRenderer()
  }

  /// The folders watched for changes: the lessons and the theme.
  var watched: [String] { [options.directory, options.site.theme ?? "theme"] }

  /// Serves the site with `handler` on `server` and rebuilds on every
  /// change, until the server stops or the task is cancelled.
  func serve(_ server: PreviewServer, _ handler: some HTTPHandler) async throws {
    let serverTask = Task { try await server.run(handler) }
    var snapshot = FileSnapshot(folders: watched)
    while !Task.isCancelled && !serverTask.isCancelled {
      try await Task.sleep(for: .seconds(options.interval))
      let current = FileSnapshot(folders: watched)
      guard current != snapshot else { continue }
      let changed = current.changes(since: snapshot)
      snapshot = current
      printNow("changed: \(changed.prefix(5).joined(separator: ", "))\(changed.count > 5 ? ", …" : "") — rebuilding")
      await rebuild()
    }
  }

  /// Builds the site and publishes it (the open pages reload), then writes
  /// a changed search index, which the reload need not wait for.
  func rebuild() async {
    let (problems, course, pendingSearch) = await buildOnce()
    await state.publish(problems: problems, course: course)
    do {
      try pendingSearch?.write()
    } catch {
      printError("error: the search index was not updated: \(error)")
    }
  }

  /// Runs the course and writes the site; returns the problems to show on
  /// every page (empty when all is well), the course the site was built
  /// from and the search index left to write. Never throws: an error
  /// becomes a problem and the previous site stays in place.
  private func buildOnce() async -> ([String], Course?, PendingSearchIndex?) {
    let start = Date()
    let output = options.site.output
    do {
      let course = try Course.load(paths: [options.directory])
      let results = try await runCourse(course, options.options, verbosity: options.reporting.verbosity, math: math)
      let problems = results.flatMap { $0.diagnostics.filter { $0.severity == .error }.map(\.description) }
      for problem in problems { printError(problem) }
      var builder = try options.site.makeBuilder(for: course)
      builder.renderCache = renderCache
      builder.math = math
      let pendingSearch = try builder.build(course: course, results: results, into: URL(fileURLWithPath: output))
      printNow(String(format: "built %@/ in %.1f s%@", output, Date().timeIntervalSince(start),
                   problems.isEmpty ? "" : " (\(problems.count) problem\(problems.count == 1 ? "" : "s"))"))
      return (problems, course, pendingSearch)
    } catch {
      printError("error: \(error)")
      return (["error: \(error)"], nil, nil)
    }
  }
}

/// What the preview shows: the build generation (bumped by every rebuild,
/// which reloads the pages), the problems of the latest build and the
/// course it was built from.
actor PreviewState {
  private(set) var generation = 0
  private(set) var problems: [String] = []
  /// The course as read by the latest build that read it.
  private(set) var course: Course?
  /// Long polls waiting for the next build, answered the moment it is done.
  private var waiting: [UUID: CheckedContinuation<Int, Never>] = [:]

  /// Records a finished build, of `course` unless it could not be read,
  /// and answers every waiting long poll.
  func publish(problems: [String], course: Course?) {
    self.problems = problems
    if let course { self.course = course }
    generation += 1
    for waiter in waiting.values { waiter.resume(returning: generation) }
    waiting.removeAll()
  }

  /// Waits until the generation passes `seen`, or `timeout` runs out;
  /// returns the generation then (a long poll).
  func generation(after seen: Int, timeout: Duration) async -> Int {
    guard generation <= seen else { return generation }
    let id = UUID()
    Task {
      try? await Task.sleep(for: timeout)
      self.expire(id)
    }
    return await withCheckedContinuation { waiting[id] = $0 }
  }

  /// Answers a long poll whose time ran out, unless a build answered it.
  private func expire(_ id: UUID) {
    waiting.removeValue(forKey: id)?.resume(returning: generation)
  }
}


/// `path` with every symbolic link, `.` and `..` resolved; `nil` when it
/// does not exist.
func realPath(_ path: String) -> String? {
  guard let resolved = realpath(path, nil) else { return nil }
  defer { free(resolved) }
  return String(cString: resolved)
}

/// The modification time and size of every file under some folders (hidden
/// files left out); two snapshots differ when a file was added, removed or
/// changed.
///
/// Polling, not inotify: Foundation on Linux has no file-system events API,
/// and a few hundred `stat` calls every 0.1 s cost nothing next to a build.
struct FileSnapshot: Equatable {
  private var files: [String: FileStamp] = [:]

  /// Reads every file under `folders` (missing folders are empty).
  init(folders: [String]) {
    let fileManager = FileManager.default
    for folder in folders {
      guard let walker = fileManager.enumerator(atPath: folder) else { continue }
      while let relative = walker.nextObject() as? String {
        // Hidden files are editors' and atomic writes' temporary files (and
        // a hidden folder's contents): saving a lesson must rebuild once.
        guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
        let path = folder + "/" + relative
        guard let attributes = try? fileManager.attributesOfItem(atPath: path),
          attributes[.type] as? FileAttributeType == .typeRegular
        else { continue }
        files[path] = FileStamp(
          modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0,
          size: (attributes[.size] as? NSNumber)?.int64Value ?? 0)
      }
    }
  }

  /// The paths added, removed or changed since `earlier`, sorted.
  func changes(since earlier: FileSnapshot) -> [String] {
    Set(files.keys).union(earlier.files.keys).filter { files[$0] != earlier.files[$0] }.sorted()
  }
}

/// When a file was last modified and how big it is.
private struct FileStamp: Equatable {
  var modified: Double
  var size: Int64
}
