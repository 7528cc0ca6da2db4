import Foundation

/// Runs a Node.js script on a JSON file and returns what it prints.
enum NodeScript {
  /// `node` (or Debian's older name, `nodejs`) on `PATH`.
  static var executable: URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      for name in ["node", "nodejs"] {
        let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      }
    }
    return nil
  }

  /// Runs `node SCRIPT ARGUMENTS… INPUT_FILE`, where the input file holds
  /// `input`, and returns its standard output.
  ///
  /// - Throws: ``SiteError`` when Node.js is missing or the script fails.
  static func run(_ script: URL, arguments: [String], input: Data) throws -> Data {
    guard let node = executable else {
      throw SiteError("Node.js (`node`) not found on PATH; the site is built with it. Install it with `apt-get install -y nodejs` (scripts/install-deps does)")
    }
    let fileManager = FileManager.default
    let folder = fileManager.temporaryDirectory.appendingPathComponent("lessons-node-\(UUID().uuidString)")
    try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? fileManager.removeItem(at: folder) }
    // Files, not pipes: nothing can fill up and block either side.
    let inputFile = folder.appendingPathComponent("input.json")
    let outputFile = folder.appendingPathComponent("output"), errorFile = folder.appendingPathComponent("errors")
    try input.write(to: inputFile)
    try Data().write(to: outputFile)
    try Data().write(to: errorFile)
    let process = Process()
    process.executableURL = node
    process.arguments = [script.path] + arguments + [inputFile.path]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: outputFile)
    process.standardError = try FileHandle(forWritingTo: errorFile)
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let complaints = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
      throw SiteError("node \(script.lastPathComponent) failed (exit status \(process.terminationStatus)): \(complaints.prefix(2000))")
    }
    return try Data(contentsOf: outputFile)
  }
}
