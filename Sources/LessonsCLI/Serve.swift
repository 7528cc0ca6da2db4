import ArgumentParser
import Foundation

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

  @OptionGroup var preview: PreviewOptions

  @Option(help: "The port to listen on (0 picks a free one).")
  var port: UInt16 = 3000

  /// Builds the course, then serves it and rebuilds on every change until
  /// interrupted.
  func run() async throws {
    let session = PreviewSession(preview)
    await session.rebuild()
    let server = try PreviewServer(port: port)
    let handler = PreviewHandler(root: URL(fileURLWithPath: preview.site.output), state: session.state)
    printNow("serving \(preview.site.output)/ at http://127.0.0.1:\(server.port)/ — watching \(session.watched.joined(separator: ", ")) (Ctrl-C stops)")
    try await session.serve(server, handler)
  }
}
