import ArgumentParser
import Foundation
import LessonModel
import LessonRunner
import Synchronization

/// `--quiet` / `--verbose`, shared by the commands that run lessons.
struct OutputOptions: ParsableArguments {
  @Flag(name: [.short, .long], help: "Print only problems and the final summary.")
  var quiet = false

  @Flag(name: [.short, .long], help: "Also print each lesson's phases and each cell's status and time.")
  var verbose = false

  func validate() throws {
    if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
  }

  /// The chosen amount of output.
  var verbosity: Verbosity { quiet ? .quiet : verbose ? .verbose : .normal }
}

/// How much the commands print.
enum Verbosity: Comparable {
  case quiet, normal, verbose
}

/// Reports a course run as it happens.
///
/// On a terminal a status line at the bottom (standard error) shows which
/// lessons are compiling or running and for how long, redrawn a few times a
/// second, while each finished lesson's summary scrolls above it. When
/// standard error is not a terminal (CI logs, pipes) there is no status line:
/// only plain lines, which `--verbose` extends with each phase and each cell.
final class ProgressDisplay: Sendable {
  private let verbosity: Verbosity
  private let interactive: Bool
  private let lessons: [String: Lesson]
  private let total: Int

  /// What changes as the run goes on, shared by the runner's tasks and the
  /// redraw timer.
  private struct State {
    var active: [(path: String, phase: String, since: Date)] = []
    var finished = 0
    var statusShown = false
    var timer: (any DispatchSourceTimer)?
  }
  private let state = Mutex(State())

  /// A display for a run of `course`. `interactive` defaults to whether
  /// standard error is a terminal (and `TERM` is not `dumb`).
  init(course: Course, verbosity: Verbosity, interactive: Bool? = nil) {
    self.verbosity = verbosity
    self.lessons = Dictionary(course.lessons.map { ($0.lesson.path, $0.lesson) }, uniquingKeysWith: { a, _ in a })
    self.total = course.lessons.count
    let terminal = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    self.interactive = (interactive ?? terminal) && verbosity != .quiet
    if self.interactive {
      state.withLock { state in
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "lessons.progress"))
        timer.schedule(deadline: .now() + 0.2, repeating: 0.2)
        timer.setEventHandler { [weak self] in self?.redraw() }
        timer.resume()
        state.timer = timer
      }
    }
  }

  /// Takes one progress event from the course runner.
  func handle(_ progress: CourseRunner.Progress) {
    state.withLock { state in
      switch progress {
      case .compiling(let path):
        begin(path, phase: "compiling", in: &state)
      case .running(let path):
        begin(path, phase: "running", in: &state)
      case .finished(let result):
        state.active.removeAll { $0.path == result.path }
        state.finished += 1
        clearStatus(&state)
        if verbosity >= .normal { printNow(summaryLine(of: result)) }
        if verbosity == .verbose { printCells(of: result) }
        drawStatus(&state)
      }
    }
  }

  /// Stops the status line; call once the run is over.
  func finish() {
    state.withLock { state in
      state.timer?.cancel()
      clearStatus(&state)
    }
  }

  private func begin(_ path: String, phase: String, in state: inout State) {
    state.active.removeAll { $0.path == path }
    state.active.append((path, phase, Date()))
    if verbosity == .verbose && !interactive { printNow("\(path): \(phase)…") }
    drawStatus(&state)
  }

  private func redraw() {
    state.withLock { drawStatus(&$0) }
  }

  private func drawStatus(_ state: inout State) {
    guard interactive, !state.active.isEmpty else { return }
    let now = Date()
    let parts = state.active.map { "\($0.phase) \(($0.path as NSString).lastPathComponent) \(String(format: "%.1f", now.timeIntervalSince($0.since))) s" }
    var line = "[\(state.finished)/\(total)] " + parts.joined(separator: " · ")
    let width = terminalWidth()
    if line.count > width - 1 { line = String(line.prefix(width - 2)) + "…" }
    writeError("\r\u{1B}[2K" + line)
    state.statusShown = true
  }

  private func clearStatus(_ state: inout State) {
    guard state.statusShown else { return }
    writeError("\r\u{1B}[2K")
    state.statusShown = false
  }

  private func printCells(of result: LessonResult) {
    let cells = lessons[result.path]?.cells ?? []
    for cell in result.cells where cell.status != .skipped {
      let line = cells.first { $0.index == cell.index }.map { ", line \($0.fenceLine)" } ?? ""
      let claims = cell.expectations.count
      let claimText = claims == 0 ? "" : ", \(cell.expectations.filter(\.passed).count)/\(claims) expectations"
      printNow("  cell \(cell.index + 1)\(line): \(cell.status.rawValue)\(claimText), \(String(format: "%.2f", cell.seconds)) s")
    }
    if !result.fromCache {
      printNow(String(format: "  compile %.1f s, run %.1f s", result.compileSeconds, result.runSeconds))
    }
  }

  private func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  private func terminalWidth() -> Int {
    var size = winsize()
    return ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
  }
}

/// `path: N passed, N failed[, N not run][, N errors outside cells][, N
/// other errors] (…)` for one lesson.
func summaryLine(of result: LessonResult) -> String {
  let (passed, failed) = result.counts
  let claims = result.cells.reduce(0) { $0 + $1.expectations.count }
  let timing = result.fromCache ? "cached" : String(format: "%.1f s", result.compileSeconds + result.runSeconds)
  let notRun = result.cells.filter { $0.status == .notRun }.count
  let stopped = notRun == 0 ? "" : ", \(notRun) not run"
  // Errors no cell carries (TeX that does not typeset, a lesson that could
  // not start): the lesson fails although every cell may have passed.
  let outside = result.diagnostics.filter { $0.severity == .error && $0.cell == nil }.count
  var other = outside == 0 ? "" : ", \(outside) error\(outside == 1 ? "" : "s") outside cells"
  // Errors about cells that passed (an exercise whose checks have no teeth).
  let passedCells = Set(result.cells.filter { $0.status == .passed }.map(\.index))
  let aboutPassed = result.diagnostics.filter { $0.severity == .error && $0.cell.map(passedCells.contains) == true }.count
  if aboutPassed > 0 { other += ", \(aboutPassed) other error\(aboutPassed == 1 ? "" : "s")" }
  return "\(result.path): \(passed) passed, \(failed) failed\(stopped)\(other) (\(claims) expectation\(claims == 1 ? "" : "s"), \(timing))"
}
