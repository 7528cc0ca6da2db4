import ArgumentParser
import Foundation
import LessonRunner
import Site

/// `lessons build`: run the lessons and write the static course site.
struct Build: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run every lesson and render the course as a static HTML site.",
    discussion: """
      Writes index.html, one page per lesson and assets/ into the output folder, atomically: \
      the site is built beside it and swapped in. Lessons that fail still get a page, showing \
      their errors, and the command exits non-zero. With --check nothing is written: the command \
      fails when the output folder differs from what a build would write.
      """)

  @Argument(help: "Lesson files or folders of lessons.")
  var paths: [String] = ["lessons"]

  @Option(name: [.short, .long], help: "The folder to write the site to.")
  var output = "output"

  @Option(help: "A folder whose page.mustache, index.mustache, style.css or site.js replace the built-in ones.")
  var theme = "theme"

  @Option(help: "The course title shown on every page.")
  var title = "Training Neural Networks"

  @Option(help: "One sentence about the course, for the index page.")
  var about = "How neural networks are trained, one experiment at a time: every figure is computed and every claim is checked by the lessons' own Swift cells."

  @Flag(help: "Check that the output folder is up to date instead of writing it.")
  var check = false

  @OptionGroup var options: RunOptions

  func run() throws {
    let course = try Course.load(paths: paths)
    let results = try makeCourseRunner(options).run(course) { progress in
      if case .finished(let result) = progress { printSummary(of: result) }
    }
    for result in results {
      for diagnostic in result.diagnostics { printError(diagnostic.description) }
    }
    let themeFolder = URL(fileURLWithPath: theme)
    var isDirectory: ObjCBool = false
    let overrides = FileManager.default.fileExists(atPath: theme, isDirectory: &isDirectory) && isDirectory.boolValue ? themeFolder : nil
    let builder = SiteBuilder(theme: try Theme(overrides: overrides), courseTitle: title, courseDescription: about)
    let outputURL = URL(fileURLWithPath: output)
    if check {
      let differences = try builder.differences(course: course, results: results, from: outputURL)
      guard differences.isEmpty else {
        printError("error: \(output)/ is stale; run `make` (or `lessons build`) and commit it. Differences:")
        for difference in differences.prefix(20) { printError("  " + difference) }
        throw ExitCode.failure
      }
      print("\(output)/ is up to date")
    } else {
      try builder.build(course: course, results: results, into: outputURL)
      print("wrote \(output)/ (\(course.lessons.count) lesson pages)")
    }
    if results.contains(where: { !$0.passed }) { throw ExitCode.failure }
  }
}
