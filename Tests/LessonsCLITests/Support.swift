import Foundation

/// The `lessons` executable built beside this test bundle.
let lessonsExecutable: URL = {
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
  if directory.pathExtension == "xctest" { directory = directory.deletingLastPathComponent() }
  return directory.appendingPathComponent("lessons")
}()

/// The runner's fixture lessons.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("LessonRunnerTests/Fixtures")

/// Runs `lessons` with `arguments` in `directory` (the fixtures by default)
/// and waits for it; `environment` replaces the inherited one.
func lessons(
  _ arguments: [String], in directory: URL = fixtures, environment: [String: String]? = nil
) throws -> (status: Int32, stdout: String, stderr: String) {
  let process = Process()
  if let environment { process.environment = environment }
  process.executableURL = lessonsExecutable
  process.arguments = arguments
  process.currentDirectoryURL = directory
  let out = Pipe(), err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// A new empty folder under the temporary directory.
func temporaryFolder() throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder
}
