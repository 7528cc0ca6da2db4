import FlyingFox
import Foundation

/// Reads the head of one HTTP/1.1 request (its request line and header
/// lines) from bytes as they arrive, within fixed limits.
///
/// Each byte is looked at once, and the limits are checked byte by byte, so
/// an oversized request is refused as soon as it passes a limit, without
/// reading the rest of it.
struct RequestHeadParser {
  /// The longest request line accepted (method, target and version); a
  /// longer one is refused with 414 URI Too Long.
  static let maxRequestLine = 8 * 1024
  /// The most bytes of header lines accepted, line ends included; more is
  /// refused with 431 Request Header Fields Too Large.
  static let maxHeaderBytes = 32 * 1024
  /// The most header lines accepted; more is refused with 431.
  static let maxHeaderLines = 100

  private var bytes: [UInt8] = []
  private var lineStart = 0
  private var requestLine: String?
  private var headerStart = 0
  private var headerLines: [String] = []
  /// Where the head ended, once it has.
  private var headEnd: Int?

  /// The bytes received after the head: the start of the request's body.
  var bytesAfterHead: ArraySlice<UInt8> { headEnd.map { bytes[$0...] } ?? [] }

  /// Adds `chunk`, the next bytes from the client; the request once its
  /// head is complete, `nil` while more bytes are needed. Bytes after the
  /// head are kept as ``bytesAfterHead``.
  mutating func consume(_ chunk: [UInt8]) throws(RequestRefused) -> HTTPRequest? {
    var index = bytes.count
    bytes.append(contentsOf: chunk)
    while index < bytes.count {
      try checkLimits(at: index)
      if bytes[index] == UInt8(ascii: "\n"), let request = try endLine(at: index) {
        return request
      }
      index += 1
    }
    return nil
  }

  /// Refuses the request when the byte at `index` takes the request line or
  /// the header lines past their limit.
  private func checkLimits(at index: Int) throws(RequestRefused) {
    if requestLine == nil {
      // Room for the line's `\r\n` after `maxRequestLine` bytes.
      if index - lineStart > Self.maxRequestLine + 1 { throw RequestRefused(status: .uriTooLong) }
    } else if index - headerStart >= Self.maxHeaderBytes {
      throw RequestRefused(status: .requestHeaderFieldsTooLarge)
    }
  }

  /// Records the line that the `\n` at `index` ends; the request when that
  /// line is the empty one closing the head.
  private mutating func endLine(at index: Int) throws(RequestRefused) -> HTTPRequest? {
    var line = bytes[lineStart..<index]
    if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
    lineStart = index + 1
    let text = String(decoding: line, as: UTF8.self)
    guard let requestLine else {
      requestLine = text
      headerStart = lineStart
      return nil
    }
    if text.isEmpty {
      headEnd = lineStart
      return try Self.request(line: requestLine, headerLines: headerLines)
    }
    guard headerLines.count < Self.maxHeaderLines else { throw RequestRefused(status: .requestHeaderFieldsTooLarge) }
    headerLines.append(text)
    return nil
  }

  /// The request that a request line such as `GET /a?b=1 HTTP/1.1` and its
  /// `Name: value` header lines describe; 400 when they are malformed.
  private static func request(line: String, headerLines: [String]) throws(RequestRefused) -> HTTPRequest {
    let parts = line.split(separator: " ", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[1].hasPrefix("/"), parts[2].hasPrefix("HTTP/1.") else {
      throw RequestRefused(status: .badRequest)
    }
    var headers = HTTPHeaders()
    for headerLine in headerLines {
      guard let colon = headerLine.firstIndex(of: ":") else { throw RequestRefused(status: .badRequest) }
      headers.addValue(
        headerLine[headerLine.index(after: colon)...].trimmingCharacters(in: .whitespaces),
        for: HTTPHeader(headerLine[..<colon].trimmingCharacters(in: .whitespaces)))
    }
    let target = parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    return HTTPRequest(
      method: HTTPMethod(String(parts[0])), version: HTTPVersion(String(parts[2])),
      target: HTTPRequest.Target(path: String(target[0]), query: target.count > 1 ? String(target[1]) : ""),
      headers: headers, body: HTTPBodySequence())
  }
}

/// A request the preview will not serve, and the status that says why.
struct RequestRefused: Error {
  var status: HTTPStatusCode
}
