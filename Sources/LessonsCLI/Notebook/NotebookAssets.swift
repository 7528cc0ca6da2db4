import FlyingFox
import Foundation

/// The files notebook pages load besides the site's: CodeMirror 5 from
/// Debian's libjs-codemirror (its Swift mode and two editing add-ons) and
/// the notebook's own script and style sheet. `lessons notebook` serves
/// them under ``path`` from memory; they are never written into the site
/// folder, so the site stays exactly what `lessons build` writes.
struct NotebookAssets: Sendable {
  /// Where they are served.
  static let path = "/assets/notebook/"
  /// Where Debian installs CodeMirror 5.
  static let codeMirrorDirectory = URL(fileURLWithPath: "/usr/share/javascript/codemirror")
  /// The CodeMirror files served, by served name: their paths in
  /// ``codeMirrorDirectory``.
  static let codeMirrorFiles = [
    "codemirror.js": "lib/codemirror.js", "codemirror.css": "lib/codemirror.css", "swift.js": "mode/swift/swift.js",
    "matchbrackets.js": "addon/edit/matchbrackets.js", "closebrackets.js": "addon/edit/closebrackets.js",
  ]
  /// The scripts a lesson page loads before `notebook.js`, in order.
  static let editorScripts = ["codemirror.js", "swift.js", "matchbrackets.js", "closebrackets.js"]

  /// The files by served name.
  private let files: [String: Data]

  /// Reads the files.
  ///
  /// - Throws: `CommandError` when CodeMirror is not installed.
  init(codeMirror: URL = codeMirrorDirectory) throws {
    var files = [String: Data]()
    for (name, relative) in Self.codeMirrorFiles {
      guard let data = FileManager.default.contents(atPath: codeMirror.appendingPathComponent(relative).path) else {
        throw CommandError(
          "CodeMirror's \(relative) is missing from \(codeMirror.path); install it with `apt-get install libjs-codemirror` (scripts/install-deps does)")
      }
      files[name] = data
    }
    for name in ["notebook.js", "notebook.css"] {
      guard let url = Bundle.module.url(forResource: name, withExtension: nil), let data = FileManager.default.contents(atPath: url.path)
      else { throw CommandError("\(name) is missing from the LessonsCLI resource bundle") }
      files[name] = data
    }
    self.files = files
  }

  /// The answer to a request for `path`, or `nil` when it is not one of
  /// these files.
  func response(for path: String) -> HTTPResponse? {
    guard path.hasPrefix(Self.path), let data = files[String(path.dropFirst(Self.path.count))] else { return nil }
    let type = path.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
    return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: data)
  }
}
