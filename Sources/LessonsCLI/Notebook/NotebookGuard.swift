import FlyingFox
import Foundation
import Markup

/// The checks every request to `lessons notebook` passes before anything
/// else looks at it: the server runs the code it is sent, so only the
/// pages it served, in the browser of the person who started it, may
/// drive it.
///
/// - `Host` must be `127.0.0.1:PORT` or `localhost:PORT` (a page served
///   from another name that resolves to 127.0.0.1, DNS rebinding, is
///   refused), and `Origin`, when the browser sends one, `http://` and one
///   of those.
/// - The token, 32 random bytes from the system's CSPRNG in hex, generated
///   at start and printed once in the URL, must come with the request:
///   requests that run code or write files (`POST /__lessons/notebook/…`)
///   carry it in the `X-Lessons-Token` header, which the page sets and
///   which no other site can set on a request to this one (it would need
///   a CORS preflight, which the server never grants); pages, assets and
///   the reload poll carry it in the `?token=` query or in the cookie that
///   query sets (`HttpOnly`, `SameSite=Strict`, so other sites' requests
///   never carry it).
///
/// Everything else gets 403.
struct NotebookGuard: Sendable {
  /// The secret a request must show.
  let token: String
  /// The port the server listens on, which `Host` and `Origin` must name.
  let port: UInt16

  /// The header that carries the token on requests that run or save.
  static let tokenHeader = HTTPHeader("X-Lessons-Token")
  /// The path prefix of the requests that run code or write files.
  static let actionPrefix = "/__lessons/notebook/"

  /// The cookie that holds the token; named after the port, since cookies
  /// are shared by every port of a host.
  var cookieName: String { "lessons-notebook-\(port)" }

  /// A new token: 32 bytes from the system's cryptographically secure
  /// generator (`getrandom` on Linux, through Swift's
  /// `SystemRandomNumberGenerator`), as 64 hex digits.
  static func newToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
  }

  /// Whether a request may go on, and the cookie to set on its answer.
  enum Access {
    /// It may: with `setCookie`, the `Set-Cookie` value for its answer (the
    /// token came in the query).
    case allowed(setCookie: String?)
    /// It may not: the answer is this.
    case refused(HTTPResponse)
  }

  /// Checks `request`.
  func access(_ request: HTTPRequest) -> Access {
    guard let host = request.headers[.host], ownHosts.contains(host.lowercased()) else {
      return .refused(Self.forbidden("the Host header must be 127.0.0.1:\(port) or localhost:\(port)"))
    }
    if let origin = request.headers[HTTPHeader("Origin")], !ownHosts.contains(where: { "http://" + $0 == origin.lowercased() }) {
      return .refused(Self.forbidden("requests from other sites are refused"))
    }
    if request.path.hasPrefix(Self.actionPrefix) {
      guard request.method == .POST else { return .refused(HTTPResponse(statusCode: .methodNotAllowed)) }
      guard matches(request.headers[Self.tokenHeader]) else {
        return .refused(Self.forbidden("a request that runs or saves must carry the notebook's token in X-Lessons-Token"))
      }
      return .allowed(setCookie: nil)
    }
    guard request.method == .GET || request.method == .HEAD else {
      return .refused(HTTPResponse(statusCode: .methodNotAllowed))
    }
    if matches(request.query.first { $0.name == "token" }?.value) {
      return .allowed(setCookie: "\(cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict")
    }
    guard matches(cookie(in: request)) || matches(request.headers[Self.tokenHeader]) else {
      return .refused(Self.forbidden(
        "this notebook needs its token: open the address `lessons notebook` printed (http://127.0.0.1:\(port)/?token=…)"))
    }
    return .allowed(setCookie: nil)
  }

  /// `host:port` for the names the server answers to.
  private var ownHosts: [String] { ["127.0.0.1:\(port)", "localhost:\(port)"] }

  /// The value of the notebook's cookie in `request`, if it has one.
  private func cookie(in request: HTTPRequest) -> String? {
    guard let header = request.headers[.cookie] else { return nil }
    for pair in header.split(whereSeparator: { $0 == ";" || $0 == "," }) {
      let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      if parts.count == 2, parts[0] == cookieName { return parts[1] }
    }
    return nil
  }

  /// Whether `candidate` is the token, compared in constant time.
  private func matches(_ candidate: String?) -> Bool {
    guard let candidate else { return false }
    let a = Array(candidate.utf8), b = Array(token.utf8)
    guard a.count == b.count else { return false }
    return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
  }

  /// A 403 answer saying `why`, as a small page.
  private static func forbidden(_ why: String) -> HTTPResponse {
    let page = Node.group([
      .raw("<!doctype html>"),
      .element("html", [
        .element("head", [.element("meta", ["charset": "utf-8"], []), .element("title", [.text("403 Forbidden")])]),
        .element("body", [.element("h1", [.text("403 Forbidden")]), .element("p", [.text(why)])]),
      ]),
    ])
    return HTTPResponse(
      statusCode: .forbidden, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
      body: Data(page.render().utf8))
  }
}
