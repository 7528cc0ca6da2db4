import Foundation
import LessonRunner

/// The reports of `lessons grade`: per student `report.json` and
/// `report.md`, for the class `summary.csv` and `summary.json`, and a JUnit
/// report. Students and exercises are in a fixed order (students by name,
/// exercises in course order), so the same grades give the same bytes.
struct GradeReport {
  /// Every submission's grades, by student name.
  let grades: [SubmissionGrade]
  /// What the limits did on this machine.
  let environment: GradingEnvironment

  /// Writes the per-student and class reports into `folder`.
  func write(into folder: URL) throws {
    for grade in grades {
      let student = folder.appendingPathComponent(grade.student)
      try FileManager.default.createDirectory(at: student, withIntermediateDirectories: true)
      try Self.json(grade).write(to: student.appendingPathComponent("report.json"))
      try Data(markdown(grade).utf8).write(to: student.appendingPathComponent("report.md"))
    }
    try Data(csv.utf8).write(to: folder.appendingPathComponent("summary.csv"))
    try Self.json(Summary(environment: environment, students: grades.map(Summary.Student.init))).write(
      to: folder.appendingPathComponent("summary.json"))
  }

  /// The class summary as JSON.
  struct Summary: Codable {
    var environment: GradingEnvironment
    var students: [Student]

    /// One student's points, in total and by exercise (`lesson.md#id`).
    struct Student: Codable {
      var student: String
      var earned: Double
      var possible: Int
      var exercises: [String: Double]

      /// The row of `grade`.
      init(_ grade: SubmissionGrade) {
        student = grade.student
        earned = grade.earned
        possible = grade.possible
        exercises = Dictionary(grade.exercises.map { ("\($0.lesson)#\($0.exercise)", $0.earned) }, uniquingKeysWith: { a, _ in a })
      }
    }
  }

  /// Pretty JSON with sorted keys, ending in a newline.
  static func json(_ value: some Encodable) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value) + Data("\n".utf8)
  }

  /// Points for people: at most two decimals, no trailing zeros (`1`, `0.5`, `0.67`).
  static func points(_ value: Double) -> String {
    var text = String(format: "%.2f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

  /// `earned of possible point(s)`: `0.5 of 2 points`, `1 of 1 point`.
  static func points(_ earned: Double, of possible: Int) -> String {
    "\(points(earned)) of \(possible) point\(possible == 1 ? "" : "s")"
  }

  /// One row per student: total, possible, then each exercise's points.
  var csv: String {
    let columns = grades.first?.exercises.map { "\($0.lesson)#\($0.exercise)" } ?? []
    func field(_ text: String) -> String {
      text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    var lines = [(["student", "earned", "possible"] + columns).map(field).joined(separator: ",")]
    for grade in grades {
      lines.append(([grade.student, Self.points(grade.earned), String(grade.possible)] + grade.exercises.map { Self.points($0.earned) })
        .map(field).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A student's report: points per exercise, each check, the problems at
  /// their lines.
  func markdown(_ grade: SubmissionGrade) -> String {
    var text = "# Grades: \(grade.student)\n\n\(Self.points(grade.earned, of: grade.possible)) for \(grade.folder).\n"
    for note in grade.notes { text += "\n> \(note)\n" }
    for exercise in grade.exercises {
      text += "\n## \(exercise.lesson), exercise \(exercise.exercise): \(Self.points(exercise.earned, of: exercise.possible))\n\n"
      if exercise.gradedAlone { text += "Graded alone (the other exercises' placeholders in place of their answers, their checks left out).\n\n" }
      for check in exercise.checks {
        text += "- \(check.passed ? "✓" : "✗") \(check.hidden ? "(hidden) " : "")\(check.message)"
          + (check.why.map { ": \($0)" } ?? "") + "\n"
      }
      if !exercise.problems.isEmpty {
        text += "\n```text\n" + exercise.problems.joined(separator: "\n") + "\n```\n"
      }
    }
    return text
  }

  /// A JUnit report: a test suite per student, a test case per exercise,
  /// failing unless it earned every point.
  var junit: String {
    let cases = grades.flatMap(\.exercises)
    let failures = cases.filter { $0.earned < Double($0.possible) }.count
    var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
    lines.append(#"<testsuites name="lessons grade" tests="\#(cases.count)" failures="\#(failures)">"#)
    for grade in grades {
      let failed = grade.exercises.filter { $0.earned < Double($0.possible) }.count
      lines.append(#"  <testsuite name="\#(JUnitReport.escape(grade.student))" tests="\#(grade.exercises.count)" failures="\#(failed)">"#)
      for exercise in grade.exercises {
        let name = JUnitReport.escape("\(exercise.lesson) exercise \(exercise.exercise)")
        lines.append(#"    <testcase classname="\#(JUnitReport.escape(grade.student))" name="\#(name)">"#)
        if exercise.earned < Double(exercise.possible) {
          let failedChecks = exercise.checks.filter { !$0.passed }
          let message = "\(Self.points(exercise.earned, of: exercise.possible)); \(failedChecks.count) of \(exercise.checks.count) checks failed"
          let details = failedChecks.map { "✗ \($0.message)" + ($0.why.map { ": \($0)" } ?? "") } + exercise.problems
          lines.append(#"      <failure message="\#(JUnitReport.escape(message))">\#(JUnitReport.escape(details.joined(separator: "\n")))</failure>"#)
        }
        lines.append("    </testcase>")
      }
      lines.append("  </testsuite>")
    }
    lines.append("</testsuites>")
    return lines.joined(separator: "\n") + "\n"
  }
}
