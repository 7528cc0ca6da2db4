import FlyingFox
import Foundation
import Markup
import Site

/// Serves the built site, adding the live-reload script and the problem
/// banner to every HTML page, plus `/__lessons/wait?since=N`, which answers
/// when build N+1 is done. In notebook mode every request passes the
/// notebook's checks first, the notebook's actions and assets are served
/// too, and pages get the editors.
struct PreviewHandler: HTTPHandler {
  /// The built site.
  let root: URL
  let state: PreviewState
  /// Notebook mode (`lessons notebook`), or `nil` (`lessons serve`).
  var notebook: NotebookMode? = nil

  /// Answers `request`: in notebook mode after the notebook's checks.
  func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
    guard let notebook else { return try await site(request) }
    var response: HTTPResponse
    var cookie: String?
    switch notebook.gate.access(request) {
    case .refused(let refusal):
      response = refusal
    case .allowed(let setCookie):
      cookie = setCookie
      if request.path.hasPrefix(NotebookGuard.actionPrefix) {
        response = await notebook.service.handle(request)
      } else if let asset = notebook.assets.response(for: request.path) {
        response = asset
      } else {
        response = try await site(request)
      }
    }
    // No page of the notebook names itself (its address may hold the
    // token) to another site.
    response.headers[HTTPHeader("Referrer-Policy")] = "no-referrer"
    if let cookie { response.headers[.setCookie] = cookie }
    return response
  }

  /// The answer from the site: a page, a file, or the reload long poll.
  private func site(_ request: HTTPRequest) async throws -> HTTPResponse {
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
    var html = String(decoding: try Data(contentsOf: file), as: UTF8.self)
    if notebook != nil {
      let course = await state.course
      let lesson = course?.lessons.first { SitePaths.page(forLessonFile: $0.lesson.path) == file.lastPathComponent }
      html = NotebookPage.adding(to: html, lesson: lesson?.lesson, edition: course?.config.edition ?? .instructor)
      // Like Jupyter, opening a lesson starts its kernel.
      if let path = lesson?.lesson.path { await notebook?.service.opened(path) }
    }
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

  /// A small page with `body` (already escaped), with the banner and the
  /// reload script.
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
  /// is published; retries quietly while the server restarts. A page may
  /// define `lessonsBeforeReload(reload)` to decide when to reload (the
  /// notebook asks first when cells have unsaved edits).
  static let reloadScript = """
    (function () {
      var seen = GENERATION;
      function reload() { location.reload(); }
      function wait() {
        fetch("/__lessons/wait?since=" + seen, { cache: "no-store" })
          .then(function (r) { return r.json(); })
          .then(function (s) {
            if (s.generation > seen) {
              seen = s.generation;
              if (window.lessonsBeforeReload) { window.lessonsBeforeReload(reload); } else { reload(); }
            }
            wait();
          })
          .catch(function () { setTimeout(wait, 1000); });
      }
      wait();
    })();
    """
}
