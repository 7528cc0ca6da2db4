import Foundation

/// Programs the commands start that are not part of the toolchain: Chromium
/// for `build --pdf`, the desktop's opener for `run --open`.
enum Executables {
  /// An executable called `name` on `PATH`.
  static func find(_ name: String) -> URL? {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }

  /// Opens `page` in the desktop's browser (`xdg-open`, or `open` on
  /// macOS); `false` when there is no opener or it fails (a server, a
  /// container), so the caller can print the address instead.
  static func open(_ page: URL) -> Bool {
    guard let opener = ["xdg-open", "open"].lazy.compactMap(find).first else { return false }
    let process = Process()
    process.executableURL = opener
    process.arguments = [page.absoluteString]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}
