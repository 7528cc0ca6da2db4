import ArgumentParser
import Foundation
import LessonRunner

/// `lessons notebook`: `lessons serve` where every cell of a lesson page
/// can be edited, run and saved back to the Markdown.
struct Notebook: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the course like `serve`, with every cell editable, runnable and savable in the browser.",
    discussion: """
      Open the address it prints (http://127.0.0.1:PORT/?token=…): the token, new at every start, \
      is what lets a page run code and write files, so keep it to yourself. On a lesson page every \
      cell is a code editor: Run (or Shift+Enter) runs the lesson's cells up to that one with your \
      edits, as `lessons check` would, and shows the new outputs in place; Save writes the edited \
      cells into the lesson's Markdown, changing nothing else. Prose is edited in your editor: the \
      page reloads when the lesson changes, and asks first when cells have unsaved edits. See \
      lessons/authoring.md, "Notebook mode".
      """)

  @OptionGroup var preview: PreviewOptions

  @Option(help: "The port to listen on (0 picks a free one).")
  var port: UInt16 = 8888

  /// Builds the course, then serves it in notebook mode and rebuilds on
  /// every change until interrupted.
  func run() async throws {
    let session = PreviewSession(preview)
    let assets = try NotebookAssets()
    let courseRunner = try makeCourseRunner(preview.options)
    // Programs compiled while the reader looks at an edit are run as they are.
    var runner = courseRunner.runner
    runner.programs = try CompiledPrograms()
    await session.rebuild()
    let server = try PreviewServer(port: port)
    let token = NotebookGuard.newToken()
    let mode = NotebookMode(
      gate: NotebookGuard(token: token, port: server.port),
      service: NotebookService(
        state: session.state, runner: runner, cache: courseRunner.cache,
        renderCache: session.renderCache),
      assets: assets)
    let handler = PreviewHandler(root: URL(fileURLWithPath: preview.site.output), state: session.state, notebook: mode)
    printNow("notebook: http://127.0.0.1:\(server.port)/?token=\(token) — watching \(session.watched.joined(separator: ", ")) (Ctrl-C stops)")
    try await session.serve(server, handler)
  }
}

/// What notebook mode adds to the preview: the checks every request
/// passes, the run and save actions, and the editor's files.
struct NotebookMode: Sendable {
  /// Checks every request first.
  let gate: NotebookGuard
  /// Runs and saves.
  let service: NotebookService
  /// The editor's files.
  let assets: NotebookAssets
}
