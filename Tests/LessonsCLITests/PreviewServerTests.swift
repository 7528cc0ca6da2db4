import Foundation
import Testing

/// What the files kept outside the served folder contain; it must never
/// appear in an answer.
private let secret = "TOP-SECRET-8f41c2"

/// Serves a course of one prose page from a new folder that also holds
/// `secret.html`, `secret.txt` and `private/secret.txt` beside the served
/// `site/`, runs `body` against it, then stops the server and removes the
/// folder.
private func withServedCourse(_ body: (PreviewProcess, URL) async throws -> Void) async throws {
  let folder = try temporaryFolder()
  defer { try? FileManager.default.removeItem(at: folder) }
  let files = FileManager.default
  try files.createDirectory(at: folder.appendingPathComponent("lessons"), withIntermediateDirectories: true)
  try files.createDirectory(at: folder.appendingPathComponent("private"), withIntermediateDirectories: true)
  try "---\ntitle: Page\n---\n# Page\n\nJust prose.\n".write(
    to: folder.appendingPathComponent("lessons/01-page.md"), atomically: true, encoding: .utf8)
  for name in ["secret.html", "secret.txt", "private/secret.txt"] {
    try "<p>\(secret)</p>\n".write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }
  let server = try await PreviewProcess(folder: folder)
  defer { server.stop() }
  try await body(server, folder)
}

/// A GET of `target` (sent as is) with `headers`; `Connection: close` has
/// any server close the connection after its answer.
private func get(_ target: String, headers: String = "") -> String {
  "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\(headers)\r\n"
}

/// Header lines over one of the limits.
enum OversizedHeaders: CaseIterable {
  /// 40 lines of 1 KiB: over 32 KiB.
  case tooManyBytes
  /// 150 short lines: over 100.
  case tooManyLines

  /// The header lines, each ending in CRLF.
  var lines: String {
    switch self {
    case .tooManyBytes: (1...40).map { "X-Big-\($0): \(String(repeating: "b", count: 1024))\r\n" }.joined()
    case .tooManyLines: (1...150).map { "X-Many-\($0): 1\r\n" }.joined()
    }
  }
}

@Suite("Preview server: request limits, slow clients, paths out of the site")
struct PreviewServerTests {
  /// A request line far over the 8 KiB limit is refused (414) at once, without
  /// reading it all, and the server goes on serving; one just under the
  /// limit is read as usual.
  @Test(.timeLimit(.minutes(2)), arguments: [32 * 1024, 100 * 1024])
  func longRequestLineIsRefusedAtOnce(length: Int) async throws {
    try await withServedCourse { server, _ in
      let start = Date()
      let answer = try exchange(get("/" + String(repeating: "a", count: length)), port: server.port)
      #expect(status(answer) == 414, "\(answer ?? "no answer")")
      #expect(Date().timeIntervalSince(start) < 1)
      #expect(status(try exchange(get("/" + String(repeating: "a", count: 8000)), port: server.port)) == 404)
      #expect(try exchange(get("/"), port: server.port)?.contains("/__lessons/wait?since=") == true)
    }
  }

  /// Header lines over 32 KiB, or over 100 of them, are refused with 431.
  @Test(.timeLimit(.minutes(2)), arguments: OversizedHeaders.allCases)
  func oversizedHeadersAreRefused(headers: OversizedHeaders) async throws {
    try await withServedCourse { server, _ in
      let answer = try exchange(get("/", headers: headers.lines), port: server.port)
      #expect(status(answer) == 431, "\(answer ?? "no answer")")
      #expect(status(try exchange(get("/"), port: server.port)) == 200)
    }
  }

  /// A client that sends part of a request and then stalls, or trickles a
  /// byte now and then, is disconnected after the 5 s deadline, while
  /// another client is served meanwhile.
  @Test(.timeLimit(.minutes(2)), arguments: [false, true])
  func slowClientIsDisconnected(trickling: Bool) async throws {
    try await withServedCourse { server, _ in
      let slow = try RawConnection(port: server.port)
      let start = Date()
      #expect(slow.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "))
      #expect(status(try exchange(get("/"), port: server.port)) == 200)
      var closed = false
      while !closed && Date().timeIntervalSince(start) < 12 {
        if trickling { slow.write("s") }
        // Blocking: the time measured must not wait for a free task thread.
        usleep(250_000)
        closed = slow.isClosedByServer
      }
      #expect(closed)
      #expect(Date().timeIntervalSince(start) < 8)
    }
  }

  /// Once a client with a 100 KB request line has left, the server does no
  /// more work on it.
  @Test(.timeLimit(.minutes(2)), .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat")))
  func hugeRequestLeavesNoWorkBehind() async throws {
    try await withServedCourse { server, _ in
      do {
        let client = try RawConnection(port: server.port)
        client.write(get("/" + String(repeating: "a", count: 100 * 1024)))
      }
      let before = try server.cpuSeconds()
      try await Task.sleep(for: .seconds(3))
      let used = try server.cpuSeconds() - before
      #expect(used < 1, "the server used \(used) s of CPU in the 3 s after the client left")
    }
  }

  /// A symbolic link in the site that leads out of it (to a file, to a
  /// folder, to /etc/passwd) is not followed, for HTML pages and other
  /// files alike; a link within the site still is.
  @Test(.timeLimit(.minutes(2)))
  func linksOutOfTheSiteAreNotFollowed() async throws {
    try await withServedCourse { server, folder in
      let site = folder.appendingPathComponent("site")
      let links = [
        "leak.html": folder.appendingPathComponent("secret.html").path,
        "leak.txt": folder.appendingPathComponent("secret.txt").path,
        "assets/leak.css": "../../secret.txt",
        "private": folder.appendingPathComponent("private").path,
        "passwd.txt": "/etc/passwd",
        "alias.css": "assets/style.css",
      ]
      for (link, target) in links {
        try FileManager.default.createSymbolicLink(
          atPath: site.appendingPathComponent(link).path, withDestinationPath: target)
      }
      for target in ["/leak.html", "/leak.txt", "/assets/leak.css", "/private/secret.txt", "/passwd.txt"] {
        let answer = try exchange(get(target), port: server.port)
        #expect(status(answer) == 404, "\(target): \(answer ?? "no answer")")
        #expect(answer?.contains(secret) == false && answer?.contains("root:") == false, "\(target)")
      }
      #expect(status(try exchange(get("/alias.css"), port: server.port)) == 200)
    }
  }

  /// `..`, plain or percent-encoded, does not lead out of the site to files
  /// that exist beside it; `/../` is the site's own index.
  @Test(.timeLimit(.minutes(2)))
  func dotSegmentsDoNotEscape() async throws {
    try await withServedCourse { server, _ in
      let targets = [
        "/../secret.txt", "/../secret.html", "/%2e%2e/secret.txt", "/%2E%2E/secret.html",
        "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.html", "/%2e%2e%2fsecret.txt",
        "/..%2Fsecret.html", "/./../private/secret.txt",
      ]
      for target in targets {
        let answer = try exchange(get(target), port: server.port)
        #expect([400, 403, 404].contains(status(answer)), "\(target): \(answer ?? "no answer")")
        #expect(answer?.contains(secret) == false, "\(target)")
      }
      // Above the root is the root.
      #expect(try exchange(get("/../"), port: server.port)?.contains("/__lessons/wait?since=") == true)
    }
  }
}
