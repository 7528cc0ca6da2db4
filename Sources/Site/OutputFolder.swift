import Foundation

/// A folder a command replaces as a whole (the site of `lessons build`, the
/// student edition of `lessons student`, the reports of `lessons grade`), and the rules that keep it from
/// destroying an author's work: the folder it replaces must be its own, and
/// never a folder of lessons.
///
/// A command writes its ``markerName`` into the folder. An existing folder is
/// replaced only when it is empty or carries that marker; it may not be,
/// contain, or lie inside a folder the lessons come from. The new contents
/// are written beside it and swapped in, so an interrupted command leaves
/// the previous folder intact.
///
/// ```swift
/// try OutputFolder.site.replace(URL(fileURLWithPath: "output"), lessonFolders: folders) { staging in
///   try write(into: staging)
/// }
/// ```
public struct OutputFolder: Sendable {
  /// The file that marks a folder as the command's.
  public let markerName: String
  /// What the marker says, for a person who finds it.
  public let markerContents: String
  /// What the folder holds, in messages ("the site").
  let contents: String
  /// The command that writes it, in messages (`lessons build`).
  let command: String
  /// A folder name to suggest instead of a refused one.
  let suggestion: String

  /// The course site of `lessons build`.
  public static let site = OutputFolder(
    markerName: ".lessons-site",
    markerContents: "This folder was written by `lessons build`, which replaces it on every build.\n",
    contents: "the site", command: "lessons build", suggestion: "output")
  /// The student edition of `lessons student`.
  public static let studentEdition = OutputFolder(
    markerName: ".lessons-student",
    markerContents: "This folder was written by `lessons student`, which replaces it when it is run again.\n",
    contents: "the student edition", command: "lessons student", suggestion: "student-edition")

  /// The reports of `lessons grade`.
  public static let grades = OutputFolder(
    markerName: ".lessons-grades",
    markerContents: "This folder was written by `lessons grade`, which replaces it when it is run again.\n",
    contents: "the reports", command: "lessons grade", suggestion: "reports")

  /// Replaces `output` with what `write` puts into a fresh folder (which
  /// already holds the marker), atomically, after ``check(_:lessonFolders:)``.
  @discardableResult
  public func replace<Result>(_ output: URL, lessonFolders: [URL], write: (URL) throws -> Result) throws -> Result {
    try check(output, lessonFolders: lessonFolders)
    removeStaleFolders(beside: output)
    let fileManager = FileManager.default
    let parent = output.deletingLastPathComponent()
    let staging = parent.appendingPathComponent(".\(output.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
    try? fileManager.removeItem(at: staging)
    try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
    let result: Result
    do {
      try Data(markerContents.utf8).write(to: staging.appendingPathComponent(markerName))
      result = try write(staging)
    } catch {
      try? fileManager.removeItem(at: staging)
      throw error
    }
    // Swap: the old folder moves aside, the new one moves in, the old one goes.
    let previous = parent.appendingPathComponent(".\(output.lastPathComponent).previous-\(ProcessInfo.processInfo.processIdentifier)")
    if fileManager.fileExists(atPath: output.path) { try fileManager.moveItem(at: output, to: previous) }
    try fileManager.moveItem(at: staging, to: output)
    try? fileManager.removeItem(at: previous)
    return result
  }

  /// Throws unless the command may replace `output`.
  func check(_ output: URL, lessonFolders: [URL]) throws {
    let target = Self.resolved(output)
    for folder in Set(lessonFolders.map(Self.resolved)) {
      if target == folder || folder.hasPrefix(target + "/") {
        throw SiteError("refusing to write \(contents) to \(output.path): it holds the lessons (\(folder)), which \(command) would delete; choose another folder, such as \(suggestion)")
      }
      if target.hasPrefix(folder + "/") {
        throw SiteError("refusing to write \(contents) to \(output.path): it is inside the lessons folder \(folder); choose a folder outside it, such as \(suggestion)")
      }
    }
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    guard fileManager.fileExists(atPath: output.path, isDirectory: &isDirectory) else { return }
    guard isDirectory.boolValue else {
      throw SiteError("refusing to replace \(output.path): it is a file, not a folder \(command) wrote")
    }
    let entries = try fileManager.contentsOfDirectory(atPath: output.path)
    guard entries.isEmpty || entries.contains(markerName) else {
      throw SiteError("refusing to replace \(output.path): it is not empty and was not written by `\(command)` (it has no \(markerName) file); delete it or choose another folder")
    }
  }

  /// Removes the `.NAME.partial-PID` and `.NAME.previous-PID` folders that
  /// commands writing `output` left beside it when they were killed (their
  /// process is gone).
  func removeStaleFolders(beside output: URL) {
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
