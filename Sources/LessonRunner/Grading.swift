import Foundation
import LessonModel

/// How one check (one claim of a cell marked `//| grades: ID`) went for a
/// submission.
public struct CheckGrade: Codable, Equatable, Sendable {
  /// The claim's message, as the submission's run made it (else as the
  /// course's run did).
  public var message: String
  /// Whether it held.
  public var passed: Bool
  /// Its line in the course's lesson.
  public var line: Int
  /// Whether it is a hidden check (not in the student edition).
  public var hidden: Bool
  /// Why a check that was not made failed (its cell crashed, did not run).
  public var why: String?
}

/// How one exercise of a submission was graded.
public struct ExerciseGrade: Codable, Equatable, Sendable {
  /// The lesson's file name.
  public var lesson: String
  /// The exercise's id.
  public var exercise: String
  /// What the exercise is worth.
  public var possible: Int
  /// What the submission earned: `possible` split equally across the checks
  /// (the claims of the exercise's check cells), for those that held.
  public var earned: Double
  /// Each check, in the order the course's run made them.
  public var checks: [CheckGrade]
  /// What went wrong, compiler-style at the student's lines where it was
  /// their code (`alice/03-init.md:41:5: error: …`): a missing or broken
  /// region, a compile error, a crash.
  public var problems: [String]
  /// Whether it was graded in a run of its own, with the other exercises'
  /// placeholders in place of their answers and their checks left out.
  public var gradedAlone: Bool
}

/// A submission's grades.
public struct SubmissionGrade: Codable, Equatable, Sendable {
  /// The student (the submission folder's name).
  public var student: String
  /// The submission folder as given.
  public var folder: String
  /// Every exercise of the course, in course order.
  public var exercises: [ExerciseGrade]
  /// Points earned and possible.
  public var earned: Double, possible: Int
  /// What the report should say about how the submission was graded.
  public var notes: [String]
}

/// Grades students' submissions of a course's exercises.
///
/// A submission is a folder of the student's edited lesson files. Only the
/// answers are taken from them: the lines between the solution markers of
/// each exercise, matched by exercise id and region order, are spliced into
/// the course's own lesson, so the checks (hidden ones too) and the starter
/// code are always the course's. The lesson then runs through the course
/// runner (give it ``ResourceLimits``) and its cache.
///
/// An exercise is graded from the run of all the answers together, unless
/// that run did not compile or stopped before the exercise's checks for a
/// reason outside the exercise (another answer crashed, say): then it is
/// graded in a run of its own, with the other exercises' placeholders in
/// place of their answers and their checks left out.
public struct Grader: Sendable {
  /// The course, as written.
  let course: Course
  /// The course's own results, by lesson path (they must pass).
  let results: [String: LessonResult]
  /// Runs the submissions' lessons.
  let runner: CourseRunner

  /// Creates a grader for `course`, whose lessons as written gave `results`.
  public init(course: Course, results: [LessonResult], runner: CourseRunner) {
    self.course = course
    self.results = Dictionary(results.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    self.runner = runner
  }

  /// Grades the submission in `folder`, named in reports as `displayPath`.
  public func grade(_ folder: URL, displayPath: String) async -> SubmissionGrade {
    var grades = [ExerciseGrade](), notes = [String]()
    for file in course.lessons where !file.lesson.exercises.isEmpty {
      let name = file.url.lastPathComponent
      let path = displayPath + "/" + name
      guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
        grades += file.lesson.exercises.map { zero($0, of: file.lesson, problems: ["\(path) is missing from the submission"]) }
        continue
      }
      let (lessonGrades, note) = await grade(file, answeredBy: LessonParser.parse(data: data, path: path), student: folder.lastPathComponent)
      grades += lessonGrades
      notes += note.map { ["\(path): \($0)"] } ?? []
    }
    return SubmissionGrade(
      student: folder.lastPathComponent, folder: displayPath, exercises: grades,
      earned: grades.reduce(0) { $0 + $1.earned }, possible: grades.reduce(0) { $0 + $1.possible }, notes: notes)
  }

  /// The grades of one lesson's exercises, from the student's file
  /// `answers`, and a note when they had to be graded alone.
  private func grade(_ file: LessonFile, answeredBy mine: Lesson, student: String) async -> ([ExerciseGrade], String?) {
    let lesson = file.lesson
    var (answers, problems) = Self.answers(to: lesson, in: mine)
    // Each answer alone must leave the lesson's cells as they are.
    for exercise in lesson.exercises {
      guard let answer = answers[exercise.id] else { continue }
      let problem = Self.structureProblems(of: [exercise.id: answer], in: lesson, exercise: exercise, file: mine.path)
      if !problem.isEmpty {
        answers[exercise.id] = nil
        problems[exercise.id, default: []] += problem
      }
    }
    let together = await run(lesson, answers: answers, variant: "submission \(student)")
    let stop = together.result.stopCell
    var grades = [ExerciseGrade](), alone = false
    for exercise in lesson.exercises {
      guard answers[exercise.id] != nil else {
        grades.append(zero(exercise, of: lesson, problems: problems[exercise.id] ?? []))
        continue
      }
      let own = Set([exercise.cell] + exercise.checks)
      let checksRan = exercise.checks.allSatisfy { together.result.cells[$0].started }
      if together.result.compiled && (checksRan || stop.map(own.contains) == true) {
        grades.append(grade(exercise, of: lesson, in: together, file: mine.path, alone: false))
        continue
      }
      alone = true
      let run = await self.run(
        lesson, answers: answers.filter { $0.key == exercise.id }, variant: "submission \(student) alone \(exercise.id)",
        leavingOut: lesson.exercises.filter { $0.id != exercise.id }.flatMap(\.checks))
      grades.append(grade(exercise, of: lesson, in: run, file: mine.path, alone: true))
    }
    let note = !alone ? nil : together.result.compiled
      ? "an answer stopped the lesson before other exercises' checks ran, so those were graded alone (the other exercises' placeholders in place of their answers, their checks left out)"
      : "the answers together did not compile, so each exercise was graded alone (the other exercises' placeholders in place of their answers, their checks left out)"
    return (grades, note)
  }

  /// A lesson run with answers spliced in.
  private struct Run {
    var lesson: Lesson
    var edited: EditedSource
    var result: LessonResult
  }

  /// Runs `lesson` with `answers` spliced in (placeholders elsewhere), the
  /// cells `leavingOut` not run.
  private func run(_ lesson: Lesson, answers: [String: [Lesson.Answer]], variant: String, leavingOut: [Int] = []) async -> Run {
    let edited = lesson.splicing(answers)
    var spliced = lesson.reparsed(edited, variant: LessonVariant(name: variant, cachesFailures: false))
    for index in leavingOut { spliced.cells[index].options.eval = false }
    let file = course.lessons.first { $0.lesson.path == lesson.path }!
    return Run(lesson: spliced, edited: edited, result: await runner.run(LessonFile(url: file.url, lesson: spliced)))
  }

  /// The grade of `exercise` from `run`.
  private func grade(_ exercise: Exercise, of lesson: Lesson, in run: Run, file: String, alone: Bool) -> ExerciseGrade {
    let expected = results[lesson.path]?.claims(of: exercise, in: lesson) ?? []
    // The run's claims of the same checks, at the lines of the lesson as written.
    let made: [(cell: Int, line: Int, claim: ExpectationResult)] = run.lesson.exercises.first { $0.id == exercise.id }
      .map { run.result.claims(of: $0, in: run.lesson) }?.compactMap { cell, claim in
        guard case .original(let line)? = run.edited.origin(of: claim.line) else { return nil }
        return (cell, line, claim)
      } ?? []
    let stop = run.result.stopCell
    let checks = expected.enumerated().map { position, expectedClaim -> CheckGrade in
      let (cell, claim) = expectedClaim
      let occurrence = expected[..<position].filter { $0.cell == cell && $0.claim.line == claim.line }.count
      let same = made.filter { $0.cell == cell && $0.line == claim.line }
      let hidden = lesson.cells[cell].options.hidden
      guard same.indices.contains(occurrence) else {
        let outcome = run.result.cells[cell]
        let why = outcome.started
          ? (outcome.failure ?? "the claim was not made")
          : "its cell did not run" + (stop.map { " (the cell at line \(lesson.cells[$0].fenceLine) stopped the lesson)" } ?? "")
        return CheckGrade(message: claim.message, passed: false, line: claim.line, hidden: hidden, why: why)
      }
      let mine = same[occurrence].claim
      return CheckGrade(message: mine.message, passed: mine.passed, line: claim.line, hidden: hidden, why: nil)
    }
    // Compile errors, and what went wrong in the exercise's own cells (failed
    // claims are the checks above).
    let own = Set([exercise.cell] + exercise.checks)
    let claimLines = Set(run.result.cells.flatMap { $0.expectations.filter { !$0.passed }.map(\.line) })
    let runtime = run.result.compiled
      ? run.result.diagnostics.filter { $0.severity == .error && ($0.cell.map(own.contains) ?? false) && !claimLines.contains($0.line) } : []
    let problems = (ExerciseProof.compileErrors(of: run.result, lesson: run.lesson) + runtime).map {
      run.edited.placing($0, path: lesson.path, submission: file).description
    }
    let passed = checks.filter(\.passed).count
    return ExerciseGrade(
      lesson: URL(fileURLWithPath: lesson.path).lastPathComponent, exercise: exercise.id, possible: exercise.points,
      earned: checks.isEmpty ? 0 : Double(exercise.points) * Double(passed) / Double(checks.count),
      checks: checks, problems: problems, gradedAlone: alone)
  }

  /// No points for `exercise`, for `problems`.
  private func zero(_ exercise: Exercise, of lesson: Lesson, problems: [String]) -> ExerciseGrade {
    let expected = results[lesson.path]?.claims(of: exercise, in: lesson) ?? []
    return ExerciseGrade(
      lesson: URL(fileURLWithPath: lesson.path).lastPathComponent, exercise: exercise.id, possible: exercise.points, earned: 0,
      checks: expected.map {
        CheckGrade(message: $0.claim.message, passed: false, line: $0.claim.line, hidden: lesson.cells[$0.cell].options.hidden, why: "not graded")
      },
      problems: problems, gradedAlone: false)
  }

  /// The answers in a student's file `mine` to `lesson`'s exercises, by
  /// exercise id and region order, and the problems of the exercises that
  /// have none: no exercise cell with the id, broken markers, regions
  /// missing or added.
  static func answers(to lesson: Lesson, in mine: Lesson) -> (answers: [String: [Lesson.Answer]], problems: [String: [String]]) {
    var answers = [String: [Lesson.Answer]](), problems = [String: [String]]()
    let theirs = mine.answers
    for exercise in lesson.exercises {
      guard let found = mine.exercises.first(where: { $0.id == exercise.id }) else {
        problems[exercise.id] = ["\(mine.path): there is no exercise '\(exercise.id)' (a cell starting with '//| exercise: \(exercise.id)'); was it renamed or removed? Copy its cell from the student edition again"]
        continue
      }
      let broken = mine.diagnostics.filter { $0.severity == .error && $0.cell == found.cell }
      guard broken.isEmpty else {
        problems[exercise.id] = broken.map(\.description)
        continue
      }
      guard found.regions.count == exercise.regions.count else {
        problems[exercise.id] = ["\(mine.path):\(found.line): exercise '\(exercise.id)' has \(found.regions.count) solution region\(found.regions.count == 1 ? "" : "s") here and \(exercise.regions.count) in the course; keep the '\(SolutionMarkers.begin)' and '\(SolutionMarkers.end)' lines of the student edition"]
        continue
      }
      answers[exercise.id] = theirs[exercise.id]
    }
    return (answers, problems)
  }

  /// What is wrong when `answers` are spliced into `lesson`: the cells or
  /// regions no longer match (an answer holding a code fence, say), or a
  /// line of the answer does not parse (a reserved name).
  static func structureProblems(of answers: [String: [Lesson.Answer]], in lesson: Lesson, exercise: Exercise, file: String) -> [String] {
    let edited = lesson.splicing(answers)
    let spliced = LessonParser.parse(source: edited.text, path: lesson.path)
    let regions = spliced.exercises.first { $0.id == exercise.id }.map { spliced.answers[$0.id] ?? [] } ?? []
    let same = spliced.cells.count == lesson.cells.count
      && regions.map { $0.map(\.text) } == (answers[exercise.id] ?? []).map { $0.map(\.text) }
    guard same else {
      return ["\(file): the answer to exercise '\(exercise.id)' changes the lesson around it (does it hold a code fence or a solution marker?); only the lines between the markers are graded"]
    }
    return spliced.diagnostics.filter { diagnostic in
      guard diagnostic.severity == .error, case .submitted? = edited.origin(of: diagnostic.line) else { return false }
      return true
    }.map { edited.placing($0, path: lesson.path, submission: file).description }
  }
}

extension LessonResult {
  /// The cell where the program stopped: the last failed cell before the
  /// first that did not run, or `nil` when none was kept from running.
  var stopCell: Int? {
    guard let firstNotRun = cells.firstIndex(where: { $0.status == .notRun }) else { return nil }
    return cells[..<firstNotRun].last { $0.status == .failed }?.index
  }
}
