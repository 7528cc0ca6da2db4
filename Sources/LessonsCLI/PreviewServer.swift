import FlyingFox
import FlyingSocks
import Foundation

/// The preview's HTTP/1.1 server on 127.0.0.1: FlyingFox's sockets,
/// handlers and request and response types, with our own connection loop.
///
/// Why not FlyingFox's `HTTPServer` (0.27.1): its request decoder reads the
/// request line and every header line one byte at a time and, after each
/// byte, looks for the line end with `Sequence.suffix(_:)`, which walks the
/// whole line so far (`CollectUntil` in `AsyncSequence+Extensions.swift`):
/// the cost grows with the square of the line (in a debug build a 32 KB
/// URL took 28 s to answer and 19 s of CPU; a 100 KB one kept a core busy
/// for minutes, also after the client had left). It has no
/// limit on the size of a request and no deadline for reading one (its
/// `timeout` bounds the handler only), and the decoder is internal to the
/// server, so neither can be configured or wrapped.
///
/// Here `RequestHeadParser` reads a request in one pass within its limits,
/// and a client must send its request, body included, within
/// `requestDeadline`. A body must have a `Content-Length` of at most
/// `maxBodyBytes` (the notebook's runs and saves are small JSON). Each
/// connection carries one request (`Connection: close`): no idle
/// keep-alive connections to look after, and on loopback a new connection
/// costs next to nothing.
struct PreviewServer: Sendable {
  /// How long a client has, from connecting, to send its request line and
  /// headers; a slower one is disconnected without an answer.
  static let requestDeadline: Duration = .seconds(5)
  /// The largest request body accepted; a larger one is refused with 413.
  static let maxBodyBytes = 4 << 20

  /// The port it listens on.
  let port: UInt16
  private let listener: Socket
  private let pool: any AsyncSocketPool

  /// Listens on 127.0.0.1:`port` (0 picks a free port); `run(_:)` serves
  /// the requests.
  init(port: UInt16) throws {
    listener = try Socket(domain: AF_INET)
    try listener.setValue(true, for: .localAddressReuse)
    #if canImport(Darwin)
      try listener.setValue(true, for: .noSIGPIPE)
    #endif
    try listener.bind(to: .inet(ip4: "127.0.0.1", port: port))
    try listener.listen()
    guard case .ip4(_, let boundPort) = try listener.sockname() else { throw SocketError.unsupportedAddress }
    self.port = boundPort
    self.pool = HTTPServer.defaultPool()
  }

  /// Accepts connections and answers them with `handler`, each in its own
  /// task, until cancelled.
  func run(_ handler: some HTTPHandler) async throws {
    try await pool.prepare()
    let listening = try AsyncSocket(socket: listener, pool: pool)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await pool.run() }
      group.addTask {
        try await withThrowingDiscardingTaskGroup { connections in
          for try await client in listening.sockets {
            connections.addTask { await serve(client, handler) }
          }
        }
      }
      try await group.next()
    }
  }

  /// Reads one request from `client`, answers it and closes the connection.
  /// A refused request gets its status; a client that leaves or misses the
  /// deadline gets nothing.
  private func serve(_ client: AsyncSocket, _ handler: some HTTPHandler) async {
    defer { try? client.close() }
    do {
      let request = try await readRequest(from: client)
      let response = await answer(request, handler)
      let body = try await response.bodyData
      try await client.write(Self.encode(response, body: body, sendingBody: request.method != .HEAD))
    } catch let refused as RequestRefused {
      try? await client.write(Self.encode(HTTPResponse(statusCode: refused.status), body: Data(), sendingBody: true))
    } catch {
      // The client left or ran out of time: nobody to answer.
    }
  }

  /// The request `client` sends, body included, read before
  /// `requestDeadline` passes.
  private func readRequest(from client: AsyncSocket) async throws -> HTTPRequest {
    let deadline = ContinuousClock.now + Self.requestDeadline
    var parser = RequestHeadParser()
    while true {
      let chunk = try await withDeadline(deadline) { try await client.read(atMost: 4096) }
      if var request = try parser.consume(chunk) {
        request.setBodyData(try await readBody(of: request, after: parser.bytesAfterHead, from: client, deadline: deadline))
        return request
      }
    }
  }

  /// The body of `request`: its `Content-Length` bytes, the first of which
  /// came with the head. No length means no body; chunked bodies are
  /// refused (411), as are bodies over `maxBodyBytes` (413).
  private func readBody(
    of request: HTTPRequest, after head: ArraySlice<UInt8>, from client: AsyncSocket, deadline: ContinuousClock.Instant
  ) async throws -> Data {
    guard request.headers[.transferEncoding] == nil else { throw RequestRefused(status: .lengthRequired) }
    guard let declared = request.headers[.contentLength] else { return Data() }
    guard let length = Int(declared), length >= 0 else { throw RequestRefused(status: .badRequest) }
    guard length <= Self.maxBodyBytes else { throw RequestRefused(status: .payloadTooLarge) }
    var body = Data(head.prefix(length))
    while body.count < length {
      let wanted = length - body.count
      let chunk = try await withDeadline(deadline) { try await client.read(atMost: min(wanted, 65536)) }
      body.append(contentsOf: chunk)
    }
    return body
  }

  /// The handler's response; 500 when it fails.
  private func answer(_ request: HTTPRequest, _ handler: some HTTPHandler) async -> HTTPResponse {
    do {
      return try await handler.handleRequest(request)
    } catch {
      return HTTPResponse(statusCode: .internalServerError)
    }
  }

  /// `response` as bytes: status line, headers with `Content-Length` (the
  /// length of `body`) and `Connection: close`, then `body` unless this
  /// answers a HEAD request.
  private static func encode(_ response: HTTPResponse, body: Data, sendingBody: Bool) -> Data {
    var headers = response.headers
    headers[.contentLength] = String(body.count)
    headers[.connection] = "close"
    var head = "HTTP/1.1 \(response.statusCode.code) \(response.statusCode.phrase)\r\n"
    for (name, value) in headers { head += "\(name.rawValue): \(value)\r\n" }
    var data = Data((head + "\r\n").utf8)
    if sendingBody { data.append(body) }
    return data
  }
}

/// Runs `operation`, but cancels it and throws `DeadlinePassed` when
/// `deadline` comes first.
private func withDeadline<T: Sendable>(
  _ deadline: ContinuousClock.Instant, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
  try await withThrowingTaskGroup(of: T.self) { group in
    group.addTask(operation: operation)
    group.addTask {
      try await Task.sleep(until: deadline, clock: .continuous)
      throw DeadlinePassed()
    }
    defer { group.cancelAll() }
    return try await group.next()!
  }
}

/// `withDeadline`'s operation did not finish in time.
private struct DeadlinePassed: Error {}
