import ArgumentParser
import Foundation
import LessonModel
import LessonRunner
import Site

/// `lessons grade`: grade students' submissions of a course's exercises.
struct Grade: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Grade students' submissions: their answers spliced into the course's lessons, run with limits for untrusted code.",
    discussion: """
      Each submission is a folder (one per student) of edited lesson files. Only the lines between each \
      exercise's solution markers are taken from them, matched by exercise id and region order, and run in \
      the course's own lessons, with its visible and hidden checks. Each program runs with limits set before \
      it starts (CPU time, memory, file size, processes), in a network namespace of its own when the system \
      permits, and is killed with everything it started at the wall-clock limit. Nothing else is isolated: \
      grade code you do not trust inside a container. Writes REPORTS/STUDENT/report.json and report.md, and \
      REPORTS/summary.csv and summary.json. The course must pass `lessons check` first.
      """)

  @Argument(help: "Submission folders, one per student, holding their edited lesson files.")
  var submissions: [String]

  @Option(help: "The course's folder of lessons, with the solutions.")
  var course = "lessons"

  @Option(name: [.short, .long], help: "The folder to write the reports to.")
  var output: String

  @Option(help: "Also write a JUnit XML report (a test case per student and exercise) to this file.")
  var junit: String?

  @Option(help: "CPU seconds a program may use.")
  var cpu = 60

  @Option(help: "Memory (address space) a program may use, in MiB.")
  var memory = 2048

  @Option(name: .customLong("file-size"), help: "The largest file a program may write, in MiB (its printed output is one).")
  var fileSize = 128

  @Option(help: "RLIMIT_NPROC: the processes and threads the user may have when a program starts one (not enforced for root).")
  var processes = 4096

  @OptionGroup var options: RunOptions

  func validate() throws {
    guard !submissions.isEmpty else { throw ValidationError("give at least one submission folder") }
    guard cpu > 0, memory > 0, fileSize > 0, processes > 0 else {
      throw ValidationError("--cpu, --memory, --file-size and --processes must be positive")
    }
  }

  func run() async throws {
    let course = try Course.load(paths: [self.course])
    guard course.config.edition == .instructor else {
      throw CommandError("\(self.course) is a student edition; grade against the course with its solutions")
    }
    guard course.lessons.contains(where: { !$0.lesson.exercises.isEmpty }) else {
      throw CommandError("the lessons in \(self.course) have no exercises")
    }
    let folders = try submissionFolders()
    // The course as written: its checks must hold on its own solutions.
    let results = try await runCourse(course, options, verbosity: .quiet, math: options.makeMathRenderer())
    guard results.allSatisfy(\.passed) else {
      for diagnostic in results.flatMap(\.diagnostics) where diagnostic.severity == .error { printError(diagnostic.description) }
      throw CommandError("the course does not pass `lessons check`; fix it before grading")
    }
    let limits = ResourceLimits(
      cpuSeconds: cpu, memoryBytes: memory << 20, fileBytes: fileSize << 20, processes: processes)
    let environment = GradingEnvironment(limits: limits)
    let grader = Grader(
      course: course, results: results,
      runner: try makeCourseRunner(options, timeout: options.timeout ?? 120, limits: limits))
    let grades = await grade(folders, with: grader)
    let report = GradeReport(grades: grades, environment: environment)
    let lessonFolders = course.lessons.map { $0.url.deletingLastPathComponent() } + folders.map { URL(fileURLWithPath: $0) }
    try OutputFolder.grades.replace(URL(fileURLWithPath: output), lessonFolders: lessonFolders) { try report.write(into: $0) }
    if let junit { try report.junit.write(toFile: junit, atomically: true, encoding: .utf8) }
    for line in environment.lines { print(line) }
    print("wrote \(output)/ (\(grades.count) submission\(grades.count == 1 ? "" : "s"))")
  }

  /// The submission folders, in the order of their students' names.
  private func submissionFolders() throws -> [String] {
    var seen = [String: String]()
    for folder in submissions {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw CommandError("\(folder): not a folder; a submission is a folder of lesson files")
      }
      let name = URL(fileURLWithPath: folder).lastPathComponent
      if let other = seen[name] { throw CommandError("\(other) and \(folder) are both named \(name); each student needs a name of their own") }
      seen[name] = folder
    }
    return seen.sorted { $0.key < $1.key }.map(\.value)
  }

  /// Every submission's grades, `--jobs` submissions at a time, in the
  /// order of `folders`.
  private func grade(_ folders: [String], with grader: Grader) async -> [SubmissionGrade] {
    var grades = [SubmissionGrade?](repeating: nil, count: folders.count)
    await withTaskGroup(of: (Int, SubmissionGrade).self) { group in
      var next = 0
      func start() {
        guard next < folders.count else { return }
        let index = next
        next += 1
        let folder = folders[index]
        group.addTask {
          let path = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
          return (index, await grader.grade(URL(fileURLWithPath: folder), displayPath: path))
        }
      }
      for _ in 0..<options.jobs { start() }
      while let (index, grade) = await group.next() {
        grades[index] = grade
        printNow("\(grade.student): \(GradeReport.points(grade.earned, of: grade.possible))")
        start()
      }
    }
    return grades.compactMap { $0 }
  }
}

/// What the limits of a grading run did on this machine, for the summary.
struct GradingEnvironment: Codable {
  /// The limits, in words.
  var limits: String
  /// Whether programs got a network namespace of their own.
  var networkIsolated: Bool
  /// Whether the process limit was enforced (the kernel exempts root).
  var processLimitEnforced: Bool

  /// What `limits` do here: asks whether a network namespace applies.
  init(limits: ResourceLimits) {
    self.limits = limits.description
    networkIsolated = limits.networkIsolationApplies()
    processLimitEnforced = getuid() != 0
  }

  /// The environment in sentences.
  var lines: [String] {
    [
      "limits: \(limits)",
      "network: " + (networkIsolated ? "isolated (each program in a network namespace of its own)" : "NOT isolated (the system refused a network namespace)"),
      "processes: " + (processLimitEnforced ? "limited" : "NOT limited (the kernel does not enforce RLIMIT_NPROC for root)"),
      "files: NOT isolated (programs can read and write what the user can; grade untrusted code in a container)",
    ]
  }
}
