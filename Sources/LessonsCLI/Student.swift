import ArgumentParser
import Foundation
import LessonModel
import LessonRunner
import Site

/// `lessons student`: write the student edition of a course.
struct Student: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the student edition of a course: placeholders in place of the solutions, no hidden checks.",
    discussion: """
      Writes each lesson with the inside of its solution regions replaced by the code students start \
      with (the markers stay, so that `lessons grade` finds the answers) and the cells of hidden checks \
      removed, byte for byte as written elsewhere; the data/ folder, shared/*.swift and course.yml \
      (marked `edition: student`) are copied, and a README.md tells students how to check their work. \
      The folder is replaced atomically, only when it is empty or an earlier student edition, and never \
      when it is, holds or lies inside a folder of lessons. The same course gives the same bytes.
      """)

  @Argument(help: "Lesson files or folders of lessons.")
  var paths: [String] = ["lessons"]

  @Option(name: [.short, .long], help: "The folder to write the student edition to.")
  var output: String

  func run() throws {
    let course = try Course.load(paths: paths)
    guard course.config.edition == .instructor else {
      throw CommandError("\(course.configURL?.path ?? CourseConfig.fileName) says `edition: student`: this course already is a student edition")
    }
    let problems = course.lessons.flatMap(\.lesson.diagnostics).filter { $0.severity == .error }
    guard problems.isEmpty else {
      for problem in problems { printError(problem.description) }
      throw CommandError("fix the lessons' errors first (`lessons check` lists them)")
    }
    let folders = course.lessons.map { $0.url.deletingLastPathComponent() }
    try OutputFolder.studentEdition.replace(URL(fileURLWithPath: output), lessonFolders: folders) { folder in
      try StudentEditionWriter(course: course).write(into: folder)
    }
    let exercises = course.lessons.reduce(0) { $0 + $1.lesson.exercises.count }
    print("wrote \(output)/ (\(course.lessons.count) lessons, \(exercises) exercise\(exercises == 1 ? "" : "s"))")
  }
}

/// Writes a course's student edition into a folder (see ``Student``).
struct StudentEditionWriter {
  let course: Course

  /// Writes every file of the edition into `folder`.
  func write(into folder: URL) throws {
    let fileManager = FileManager.default
    var written = [String: String]()  // file name → the lesson that took it
    for file in course.lessons {
      let name = file.url.lastPathComponent
      if let other = written[name] {
        throw CommandError("\(other) and \(file.lesson.path) would both be written to \(name); rename one of them")
      }
      written[name] = file.lesson.path
      let text = file.lesson.exercises.isEmpty ? file.lesson.source : file.lesson.studentEdition.text
      try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
    let sources = Set(course.lessons.map { $0.url.deletingLastPathComponent().standardizedFileURL }).sorted { $0.path < $1.path }
    for source in sources {
      let data = source.appendingPathComponent("data")
      if fileManager.fileExists(atPath: data.path), !fileManager.fileExists(atPath: folder.appendingPathComponent("data").path) {
        try fileManager.copyItem(at: data, to: folder.appendingPathComponent("data"))
      }
      let shared = source.appendingPathComponent(Course.sharedFolderName)
      let names = ((try? fileManager.contentsOfDirectory(atPath: shared.path)) ?? []).filter { $0.hasSuffix(".swift") }
      for name in names.sorted() {
        let target = folder.appendingPathComponent(Course.sharedFolderName)
        try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
        try Data(contentsOf: shared.appendingPathComponent(name)).write(to: target.appendingPathComponent(name))
      }
    }
    try Data(config.utf8).write(to: folder.appendingPathComponent(CourseConfig.fileName))
    try Data(readme.utf8).write(to: folder.appendingPathComponent("README.md"))
  }

  /// The course config, marked as a student edition (the key replaced, or
  /// added at the end).
  var config: String {
    let text = course.configURL.flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? ""
    let marking = "edition: student  # written by `lessons student`"
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if let index = lines.firstIndex(where: { $0.hasPrefix("edition:") }) {
      lines[index] = marking
      return lines.joined(separator: "\n")
    }
    return text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + marking + "\n"
  }

  /// What students read first: how to work and check their work, and the
  /// exercises.
  var readme: String {
    let title = course.config.title ?? "Lessons"
    var text = """
      # \(title): student edition

      Each exercise is a cell that starts with `//| exercise: ID`. Write your code between its
      `\(SolutionMarkers.begin)` and `\(SolutionMarkers.end)` lines, in place of the placeholder
      there, and change nothing else: when your work is graded, only what lies between the markers
      is taken from your files (so keep the markers as they are), and it runs with the course's own
      checks, including some you do not see here.

      Check your work with the `lessons` tool, from this folder:

      ```sh
      lessons check .              # every lesson: each failing check is an error at its line
      lessons check LESSON.md      # one lesson
      lessons run LESSON.md        # one lesson, printing every cell's outputs and claims
      ```

      A check that fails says what it expected, at its line of the lesson. An exercise is solved
      when `lessons check` passes its checks (the cells marked `//| grades: ID`).

      ## Exercises

      | Lesson | Exercise | Points |
      |---|---|---|

      """
    for file in course.lessons {
      for exercise in file.lesson.exercises {
        text += "| \(file.url.lastPathComponent) | \(exercise.id) | \(exercise.points) |\n"
      }
    }
    return text
  }
}
