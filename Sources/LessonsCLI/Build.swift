import ArgumentParser
import Foundation
import LessonModel
import LessonRunner
import Site

/// `lessons build`: run the lessons and write the static course site.
struct Build: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run every lesson and render the course as a static HTML site.",
    discussion: """
      Writes index.html, one page per lesson and assets/ into the output folder, atomically: \
      the site is built beside it and swapped in. Lessons that fail still get a page, showing \
      their errors, and the command exits non-zero. With --check nothing is written: the command \
      fails when the output folder differs from what a build would write. With --edition student \
      the student edition is run and rendered (placeholders in place of the solutions, no hidden \
      checks); its exercises' failing checks show on the pages as not yet solved, and do not make \
      the command fail.
      """)

  @Argument(help: "Lesson files or folders of lessons.")
  var paths: [String] = ["lessons"]

  @OptionGroup var site: SiteOptions

  @Flag(help: "Check that the output folder is up to date instead of writing it.")
  var check = false

  @Option(help: "The course's commit, named in each page's footer (e.g. in CI: --commit \"$GITHUB_SHA\").")
  var commit: String?

  @Option(help: "Also print the whole course (print.html) to this PDF file with headless Chromium.")
  var pdf: String?

  @Option(help: "The edition to render: instructor (solutions under toggles) or student (placeholders, no hidden checks).")
  var edition: Edition = .instructor

  @OptionGroup var options: RunOptions
  @OptionGroup var reporting: OutputOptions

  func validate() throws {
    if check && pdf != nil { throw ValidationError("--pdf writes a file; it cannot be combined with --check") }
  }

  func run() async throws {
    let loaded = try Course.load(paths: paths)
    let course = edition == .student ? loaded.studentEdition() : loaded
    let math = options.makeMathRenderer()
    let results = try await runCourse(course, options, verbosity: reporting.verbosity, math: math)
    for warning in course.warnings { printError("warning: " + warning) }
    for result in results {
      for diagnostic in result.diagnostics { printError(diagnostic.description) }
    }
    var builder = try site.makeBuilder(for: course)
    builder.math = math
    builder.commit = commit
    let output = site.output
    if check {
      let differences = try builder.differences(course: course, results: results, from: URL(fileURLWithPath: output))
      guard differences.isEmpty else {
        printError("error: \(output)/ is stale; run `make` (or `lessons build`) and commit it. Differences:")
        for difference in differences.prefix(20) { printError("  " + difference) }
        throw ExitCode.failure
      }
      print("\(output)/ is up to date")
    } else {
      try builder.build(course: course, results: results, into: URL(fileURLWithPath: output))
      print("wrote \(output)/ (\(course.lessons.count) lesson pages)")
      if let pdf {
        try PDFPrinter.print(URL(fileURLWithPath: output).appendingPathComponent(SiteBuilder.printPage), to: URL(fileURLWithPath: pdf))
        print("wrote \(pdf)")
      }
    }
    if results.contains(where: { !course.passesAsEdition($0) }) { throw ExitCode.failure }
  }
}

extension Edition: ExpressibleByArgument {}

extension Course {
  /// Whether a lesson's result passes for this course's edition: in a
  /// student edition, failures of exercises and their checks (and the cells
  /// they kept from running) are what students have yet to do; anything
  /// else, such as a cell that does not compile, still fails.
  func passesAsEdition(_ result: LessonResult) -> Bool {
    guard !result.passed else { return true }
    guard config.edition == .student, result.compiled,
      let lesson = lessons.first(where: { $0.lesson.path == result.path })?.lesson
    else { return false }
    let exerciseCells = Set(lesson.exercises.flatMap { [$0.cell] + $0.checks })
    return !result.diagnostics.contains { $0.severity == .error && !($0.cell.map(exerciseCells.contains) ?? false) }
  }
}

/// Where the site goes and how it looks; shared by `build` and `serve`.
struct SiteOptions: ParsableArguments {
  @Option(name: [.short, .long], help: "The folder to write the site to.")
  var output = "output"

  @Option(help: "A folder whose page.mustache, index.mustache, search.mustache, style.css or site.js replace the built-in ones (default: the course config's 'theme', else theme).")
  var theme: String?

  @Option(help: "The course title shown on every page (default: the course config's 'title').")
  var title: String?

  @Option(help: "One sentence about the course, for the index page (default: the course config's 'description').")
  var about: String?

  @Option(name: .customLong("api-docs"), help: "A DocC static-hosting folder (from `make docs`) to include as api/.")
  var apiDocs: String?

  /// The theme folder: `--theme`, else the config's `theme` (relative to
  /// the config file), else `theme`.
  func themePath(for course: Course) -> String {
    if let theme { return theme }
    if let configured = course.config.theme, let configURL = course.configURL {
      return configURL.deletingLastPathComponent().appendingPathComponent(configured).path
    }
    return "theme"
  }

  /// A site builder for `course`, with the theme's overrides read now; flags
  /// override the course config.
  func makeBuilder(for course: Course) throws -> SiteBuilder {
    let path = themePath(for: course)
    var isDirectory: ObjCBool = false
    let folder = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
      ? URL(fileURLWithPath: path) : nil
    if folder == nil, theme != nil || course.config.theme != nil {
      throw CommandError("theme folder \(path) does not exist")
    }
    var builder = SiteBuilder(
      theme: try Theme(overrides: folder), courseTitle: title ?? course.config.title ?? "Lessons",
      courseDescription: about ?? course.config.description ?? "")
    builder.config = course.config
    builder.compilerVersion = try? Toolchain.locate().compilerVersion
    builder.apiDocumentation = apiDocs.map { URL(fileURLWithPath: $0) }
    return builder
  }
}
