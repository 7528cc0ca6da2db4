import Foundation

/// The rules that keep `lessons build` from destroying an author's work: the
/// folder it replaces must be its own, and never a folder of lessons.
///
/// A build writes ``markerName`` into the site. An existing output folder is
/// replaced only when it is empty or carries that marker; it may not be,
/// contain, or lie inside a folder the lessons come from.
enum OutputFolder {
  /// The file that marks a folder as written by `lessons build`.
  static let markerName = ".lessons-site"
  /// What the marker says, for a person who finds it.
  static let markerContents = "This folder was written by `lessons build`, which replaces it on every build.\n"

  /// Throws unless a build may replace `output`.
  static func check(_ output: URL, lessonFolders: [URL]) throws {
    let target = resolved(output)
    for folder in Set(lessonFolders.map(resolved)) {
      if target == folder || folder.hasPrefix(target + "/") {
        throw SiteError("refusing to write the site to \(output.path): it holds the lessons (\(folder)), which the build would delete; choose another folder, such as output")
      }
      if target.hasPrefix(folder + "/") {
        throw SiteError("refusing to write the site to \(output.path): it is inside the lessons folder \(folder); choose a folder outside it, such as output")
      }
    }
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    guard fileManager.fileExists(atPath: output.path, isDirectory: &isDirectory) else { return }
    guard isDirectory.boolValue else {
      throw SiteError("refusing to replace \(output.path): it is a file, not a site folder")
    }
    let contents = try fileManager.contentsOfDirectory(atPath: output.path)
    guard contents.isEmpty || contents.contains(markerName) else {
      throw SiteError("refusing to replace \(output.path): it is not empty and was not written by `lessons build` (it has no \(markerName) file); delete it or choose another folder")
    }
  }

  /// Removes the `.NAME.partial-PID` and `.NAME.previous-PID` folders that
  /// builds of `output` left beside it when they were killed (their process
  /// is gone).
  static func removeStaleFolders(beside output: URL) {
    let parent = output.deletingLastPathComponent()
    let fileManager = FileManager.default
    guard let names = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return }
    for name in names {
      for kind in ["partial", "previous"] {
        let prefix = ".\(output.lastPathComponent).\(kind)-"
        guard name.hasPrefix(prefix), let pid = pid_t(name.dropFirst(prefix.count)),
          pid != getpid(), kill(pid, 0) != 0 && errno == ESRCH
        else { continue }
        try? fileManager.removeItem(at: parent.appendingPathComponent(name))
      }
    }
  }

  /// The absolute path of `url` with symbolic links resolved, also when its
  /// last component does not exist yet.
  private static func resolved(_ url: URL) -> String {
    let absolute = url.standardizedFileURL
    if FileManager.default.fileExists(atPath: absolute.path) {
      return absolute.resolvingSymlinksInPath().path
    }
    return absolute.deletingLastPathComponent().resolvingSymlinksInPath()
      .appendingPathComponent(absolute.lastPathComponent).path
  }
}
