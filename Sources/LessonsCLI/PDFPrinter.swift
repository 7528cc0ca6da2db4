import Foundation

/// Prints a page of the built site to PDF with headless Chromium (the
/// browser the tests already use): `lessons build --pdf`. The page's print
/// style sheet does the layout: a title page, the contents, each lesson on a
/// new sheet, page numbers, and figures kept whole.
enum PDFPrinter {
  /// Prints `page` to `pdf`, atomically: written beside it and moved in
  /// place, so a failed print leaves no half-written file.
  static func print(_ page: URL, to pdf: URL) throws {
    guard let browser = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(Executables.find).first else {
      throw CommandError("--pdf needs Chromium; install it with `apt-get install -y chromium` (scripts/install-deps does)")
    }
    let partial = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent).partial-\(getpid())")
    defer { try? FileManager.default.removeItem(at: partial) }
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-pdf-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = browser
    // Chromium refuses to sandbox itself as root (containers, CI).
    process.arguments = (geteuid() == 0 ? ["--no-sandbox"] : []) + [
      "--headless", "--disable-gpu", "--user-data-dir=\(profile.path)", "--no-pdf-header-footer",
      "--virtual-time-budget=20000", "--print-to-pdf=\(partial.path)", page.absoluteURL.absoluteString,
    ]
    let log = Pipe()
    process.standardOutput = log
    process.standardError = log
    try process.run()
    let output = log.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let printed = (try? FileHandle(forReadingFrom: partial).read(upToCount: 5)) ?? nil
    guard process.terminationStatus == 0, printed == Data("%PDF-".utf8) else {
      throw CommandError("Chromium did not print \(page.path) (exit status \(process.terminationStatus)): \(String(decoding: output, as: UTF8.self).suffix(1500))")
    }
    if FileManager.default.fileExists(atPath: pdf.path) { try FileManager.default.removeItem(at: pdf) }
    try FileManager.default.moveItem(at: partial, to: pdf)
  }
}
