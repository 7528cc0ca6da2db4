import ArgumentParser
import Foundation
import LessonModel
import LessonRunner
import Site

/// `lessons check`: run every lesson and report what failed, for CI.
struct Check: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run every lesson and verify that each cell compiles, runs, and keeps its claims.",
    discussion: """
      Prints `file.md:LINE: error: …` for each compile error, crash, timeout, failed `expect`, \
      and expected error that did not happen, then a summary. Exits 0 only when every lesson passes.
      """)

  @Argument(help: "Lesson files or folders of lessons.")
  var paths: [String] = ["lessons"]

  @OptionGroup var options: RunOptions
  @OptionGroup var reporting: OutputOptions

  @Option(help: "Also write a JUnit XML report to this file.")
  var junit: String?

  @Option(help: "How to print problems: 'plain', or 'github' for GitHub Actions annotations.")
  var format: OutputFormat = .plain

  @Option(help: "Run only shard I of N (e.g. 2/4), for splitting a course across CI jobs.")
  var shard: Shard?

  func run() async throws {
    var course = try Course.load(paths: paths)
    if let shard { course = course.shard(shard.index, of: shard.count) }
    let results = try await runCourse(course, options, verbosity: reporting.verbosity, math: options.makeMathRenderer())
    for warning in course.warnings { printError("warning: " + warning) }
    for result in results {
      for diagnostic in result.diagnostics {
        printError(format == .github ? githubAnnotation(diagnostic) : diagnostic.description)
      }
    }
    let summary = CheckSummary(results, courseWarnings: course.warnings.count)
    print(summary.line)
    if let junit {
      try JUnitReport(results: results).xml.write(toFile: junit, atomically: true, encoding: .utf8)
    }
    if summary.failedLessons > 0 { throw ExitCode.failure }
  }
}

/// How `check` prints problems.
enum OutputFormat: String, ExpressibleByArgument {
  case plain, github
}

/// `I/N`: shard I (1-based) of N.
struct Shard: ExpressibleByArgument {
  let index: Int
  let count: Int

  init?(argument: String) {
    let parts = argument.split(separator: "/")
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index)
    else { return nil }
    self.index = index
    self.count = count
  }
}

/// Builds the course runner from the shared options; `timeout` and
/// `limits` are for programs that run untrusted code (`lessons grade`).
func makeCourseRunner(_ options: RunOptions, timeout: Double? = nil, limits: ResourceLimits? = nil) throws -> CourseRunner {
  // Ctrl-C or SIGTERM stops the lesson programs and compilers too.
  Interruption.install()
  let toolchain = try Toolchain.locate()
  if toolchain.isDebugLessonKit {
    printError("""
      warning: lesson programs will link the debug LessonKit in \(toolchain.buildDirectory.path), where training runs \
      10-100x slower. Build the optimized one with `swift build -c release --product LessonKit` (or run \
      `bin/lessons`, which does), or set LESSONKIT_BUILD_DIR to it.
      """)
  }
  var runner = Runner(toolchain: toolchain, lessonTimeout: timeout ?? options.lessonTimeout)
  runner.limits = limits
  let cache = options.noCache ? nil : try LessonCache(directory: URL(fileURLWithPath: options.cacheDirectory), runner: runner)
  return CourseRunner(runner: runner, cache: cache, jobs: options.jobs)
}

/// Runs `course` with a progress display and returns the results, with the
/// problems of each lesson's prose added (see `ProseCheck`): math is typeset
/// when the site is built, so a formula KaTeX cannot typeset, or a
/// cross-reference to nothing, fails its lesson like a broken cell.
func runCourse(_ course: Course, _ options: RunOptions, verbosity: Verbosity, math: MathRenderer) async throws
  -> [LessonResult]
{
  let proseDiagnostics = try ProseCheck.diagnostics(for: course, math: math)
  math.saveCache()
  let runner = try makeCourseRunner(options)
  let display = ProgressDisplay(course: course, verbosity: verbosity)
  defer { display.finish() }
  return await runner.run(course, proseDiagnostics: proseDiagnostics, progress: display.handle)
}

/// Writes a line to standard output at once (`print` may buffer it).
func printNow(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Writes a line to standard error, after whatever `print` buffered for
/// standard output, so that the two stay in order.
func printError(_ line: String) {
  fflush(nil)  // every C stdio output stream, standard output included
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// A GitHub Actions workflow command that annotates the Markdown line.
func githubAnnotation(_ diagnostic: Diagnostic) -> String {
  func escape(_ text: String, property: Bool) -> String {
    var escaped = text.replacingOccurrences(of: "%", with: "%25")
      .replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    if property { escaped = escaped.replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C") }
    return escaped
  }
  let kind = diagnostic.severity == .error ? "error" : diagnostic.severity == .warning ? "warning" : "notice"
  let column = diagnostic.column.map { ",col=\($0)" } ?? ""
  return "::\(kind) file=\(escape(diagnostic.file, property: true)),line=\(diagnostic.line)\(column)::\(escape(diagnostic.message, property: false))"
}

/// The number of cores, the default for `--jobs`.
enum ProcessInfoCores {
  static var count: Int { ProcessInfo.processInfo.activeProcessorCount }
}
