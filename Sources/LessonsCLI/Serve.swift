import ArgumentParser
import FlyingFox
import Foundation
import LessonModel
import LessonRunner
import Markup
import Site

/// `lessons serve`: build the course, serve it on loopback, rebuild on every
/// change and reload the open pages.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Build the course, serve it on 127.0.0.1, and rebuild and reload the pages on every change.",
    discussion: """
      Watches the lessons folder (lessons and their data files) and the theme folder. A change \
      rebuilds the site: the result cache re-runs only lessons whose cells changed, so a prose edit \
      shows up at once. Open pages reload by themselves. Problems (compile errors, failed \
      expectations, a broken theme) appear at the top of every page with their file:line; the \
      server keeps running. Stop it with Ctrl-C.
      """)

  @Argument(help: "The folder of lessons.")
  var directory = "lessons"

  @OptionGroup var site: SiteOptions

  @Option(help: "The port to listen on (0 picks a free one).")
  var port: UInt16 = 3000

  @Option(help: "How often to look for changed files, in seconds.")
  var interval = 0.1

  @OptionGroup var options: RunOptions
  @OptionGroup var reporting: OutputOptions

  func validate() throws {
    guard interval > 0 else { throw ValidationError("--interval must be positive") }
  }

  func run() async throws {
    let state = PreviewState()
    let watched = [directory, site.theme ?? "theme"]
    // Lesson bodies are rendered again only when their lesson or result changed.
    let renderCache = RenderCache()
    // One typesetter for the whole session: only new formulas start KaTeX.
    let math = options.makeMathRenderer()
    await rebuild(renderCache, math: math, state: state)

    let server = try PreviewServer(
      port: port, handler: PreviewHandler(root: URL(fileURLWithPath: site.output), state: state))
    let serverTask = Task { try await server.run() }
    printNow("serving \(site.output)/ at http://127.0.0.1:\(server.port)/ — watching \(watched.joined(separator: ", ")) (Ctrl-C stops)")

    var snapshot = FileSnapshot(folders: watched)
    while !Task.isCancelled && !serverTask.isCancelled {
      try await Task.sleep(for: .seconds(interval))
      let current = FileSnapshot(folders: watched)
      guard current != snapshot else { continue }
      let changed = current.changes(since: snapshot)
      snapshot = current
      printNow("changed: \(changed.prefix(5).joined(separator: ", "))\(changed.count > 5 ? ", …" : "") — rebuilding")
      await rebuild(renderCache, math: math, state: state)
    }
  }

  /// Builds the site and publishes it (the open pages reload), then writes
  /// a changed search index, which the reload need not wait for.
  private func rebuild(_ renderCache: RenderCache, math: MathRenderer, state: PreviewState) async {
    let (problems, pendingSearch) = await buildOnce(renderCache, math: math)
    await state.publish(problems: problems)
    do {
      try pendingSearch?.write()
    } catch {
      printError("error: the search index was not updated: \(error)")
    }
  }

  /// Runs the course and writes the site; returns the problems to show on
  /// every page (empty when all is well) and the search index left to write.
  /// Never throws: an error becomes a problem and the previous site stays in
  /// place.
  private func buildOnce(_ renderCache: RenderCache, math: MathRenderer) async -> ([String], PendingSearchIndex?) {
    let start = Date()
    do {
      let course = try Course.load(paths: [directory])
      let results = try await runCourse(course, options, verbosity: reporting.verbosity, math: math)
      let problems = results.flatMap { $0.diagnostics.filter { $0.severity == .error }.map(\.description) }
      for problem in problems { printError(problem) }
      var builder = try site.makeBuilder(for: course)
      builder.renderCache = renderCache
      builder.math = math
      let pendingSearch = try builder.build(course: course, results: results, into: URL(fileURLWithPath: site.output))
      printNow(String(format: "built %@/ in %.1f s%@", site.output, Date().timeIntervalSince(start),
                   problems.isEmpty ? "" : " (\(problems.count) problem\(problems.count == 1 ? "" : "s"))"))
      return (problems, pendingSearch)
    } catch {
      printError("error: \(error)")
      return (["error: \(error)"], nil)
    }
  }
}

/// What the preview shows: the build generation (bumped by every rebuild,
/// which reloads the pages) and the problems of the latest build.
actor PreviewState {
  private(set) var generation = 0
  private(set) var problems: [String] = []
  /// Long polls waiting for the next build, answered the moment it is done.
  private var waiting: [UUID: CheckedContinuation<Int, Never>] = [:]

  /// Records a finished build and answers every waiting long poll.
  func publish(problems: [String]) {
    self.problems = problems
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

/// Serves the built site, adding the live-reload script and the problem
/// banner to every HTML page, plus `/__lessons/wait?since=N`, which answers
/// when build N+1 is done.
struct PreviewHandler: HTTPHandler {
  /// The built site.
  let root: URL
  let state: PreviewState

  func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
    if request.path == "/__lessons/wait" {
      let seen = request.query.first { $0.name == "since" }.flatMap { Int($0.value) } ?? 0
      let generation = await state.generation(after: seen, timeout: .seconds(25))
      return HTTPResponse(
        statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
        body: Data("{\"generation\":\(generation)}".utf8))
    }
    guard let file = resolve(request.path) else {
      return try await page(status: .notFound, body: "<h1>Not found</h1><p>\(Escape.text(request.path))</p>")
    }
    guard file.pathExtension == "html" else {
      // The file found, by its real path: the handler cannot look it up anew
      // through a link.
      var direct = request
      direct.path = "/" + file.lastPathComponent
      let folder = file.deletingLastPathComponent()
      return try await DirectoryHTTPHandler(root: folder, serverPath: "/", cacheControl: [.noStore]).handleRequest(direct)
    }
    let html = String(decoding: try Data(contentsOf: file), as: UTF8.self)
    return try await page(status: .ok, html: html)
  }

  /// The real path (symbolic links resolved) of the file a request path
  /// names; a folder means its index.html. `nil` for anything missing or
  /// outside the site, also when a symbolic link leads out of it.
  private func resolve(_ path: String) -> URL? {
    let parts = path.split(separator: "/").map(String.init)
    guard !parts.contains(where: { $0.hasPrefix(".") }), let site = realPath(root.path),
      var file = realPath(([site] + parts).joined(separator: "/"))
    else { return nil }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
      guard let index = realPath(file + "/index.html") else { return nil }
      file = index
    }
    guard file.utf8.starts(with: (site + "/").utf8),
      FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue
    else { return nil }
    return URL(fileURLWithPath: file)
  }

  private func page(status: HTTPStatusCode, body: String) async throws -> HTTPResponse {
    try await page(status: status, html: "<!doctype html><html><head><meta charset=\"utf-8\"><title>lessons serve</title></head><body>\(body)</body></html>")
  }

  /// `html` with the banner after `<body…>` and the reload script before `</body>`.
  private func page(status: HTTPStatusCode, html: String) async throws -> HTTPResponse {
    let generation = await state.generation
    let problems = await state.problems
    var html = html
    if !problems.isEmpty, let body = html.range(of: "<body"), let end = html[body.upperBound...].firstIndex(of: ">") {
      html.insert(contentsOf: Self.banner(problems), at: html.index(after: end))
    }
    let script = "<script>\(Self.reloadScript.replacingOccurrences(of: "GENERATION", with: String(generation)))</script>"
    if let close = html.range(of: "</body>", options: .backwards) {
      html.insert(contentsOf: script, at: close.lowerBound)
    } else {
      html += script
    }
    return HTTPResponse(
      statusCode: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
      body: Data(html.utf8))
  }

  /// The problems of the latest build, escaped, styled inline so that no
  /// theme can hide them.
  static func banner(_ problems: [String]) -> String {
    let style = "position:sticky;top:0;z-index:1000;margin:0;padding:.75rem 1rem;background:#fff1f0;color:#5c0b0b;"
      + "border-bottom:3px solid #c62828;font:14px/1.4 system-ui,sans-serif;max-height:40vh;overflow:auto"
    var children: [Node] = [
      .element("strong", [.text("lessons serve: \(problems.count) problem\(problems.count == 1 ? "" : "s") in the latest build")]),
      .element("ul", ["style": "margin:.4rem 0 0;padding-left:1.2rem;white-space:pre-wrap"],
               problems.prefix(50).map { .element("li", [.element("code", [.text($0)])]) }),
    ]
    if problems.count > 50 { children.append(.element("p", [.text("… and \(problems.count - 50) more")])) }
    return Node.element("div", ["role": "alert", "id": "lessons-serve-problems", "style": style], children).render()
  }

  /// Long-polls `/__lessons/wait` and reloads the page when a newer build
  /// is published; retries quietly while the server restarts.
  static let reloadScript = """
    (function () {
      var seen = GENERATION;
      function wait() {
        fetch("/__lessons/wait?since=" + seen, { cache: "no-store" })
          .then(function (r) { return r.json(); })
          .then(function (s) { if (s.generation > seen) { location.reload(); } else { wait(); } })
          .catch(function () { setTimeout(wait, 1000); });
      }
      wait();
    })();
    """
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
