import LessonModel

/// Proves that a lesson's exercises can be graded: that their checks have
/// teeth and that the student edition compiles.
///
/// Besides the lesson as written (where every check must pass), it runs, for
/// each exercise, the lesson with only that exercise's solution regions
/// replaced by its placeholder, and the student edition (every placeholder,
/// no hidden checks). A check of an exercise *fails on the blank answer*
/// when one of its claims ran and was false, or its own cell crashed or
/// threw. Only the verdicts become diagnostics, at the lines of the lesson as
/// written:
///
/// - an exercise has no checks, or (once the lesson as written passes) its
///   checks make no claim;
/// - no check of an exercise fails on the blank answer (tried once the
///   lesson as written passes): its checks cannot tell a blank answer from
///   a right one;
/// - the placeholder stops the program before any check of its exercise
///   runs (a top-level `fatalError`, say): students would learn nothing;
/// - a version does not compile: an error at the placeholder's line (or the
///   line that no longer compiles without the hidden checks).
struct ExerciseProof {
  /// The lesson as written.
  let lesson: Lesson
  /// The versions to run: one per exercise with its regions blanked, then
  /// the student edition.
  let versions: [Version]

  /// A version of the lesson to run.
  struct Version {
    /// The version, parsed.
    var lesson: Lesson
    /// Its Markdown, with the origin of each line.
    var edited: EditedSource
    /// The exercise it blanks, or `nil` for the student edition.
    var blanked: String?
  }

  /// The proof of `lesson`, or `nil` when it has no exercises or does not
  /// parse (its own errors come first).
  init?(_ lesson: Lesson) {
    guard !lesson.exercises.isEmpty, !lesson.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
    self.lesson = lesson
    versions = lesson.exercises.map { exercise in
      let edited = lesson.withPlaceholders(for: [exercise.id], removingHiddenChecks: false)
      let variant = LessonVariant(name: "blank \(exercise.id)", cachesFailures: true)
      return Version(lesson: lesson.reparsed(edited, variant: variant), edited: edited, blanked: exercise.id)
    } + [Version(
      lesson: lesson.reparsed(lesson.studentEdition, variant: LessonVariant(name: "student", cachesFailures: true)),
      edited: lesson.studentEdition, blanked: nil)]
  }

  /// The errors the versions' results prove, given the result of the
  /// lesson as written (`results` in the order of ``versions``).
  func verdicts(asWritten: LessonResult, versions results: [LessonResult]) -> [Diagnostic] {
    var diagnostics = [Diagnostic]()
    // Compile errors, the student edition's first; a blanked version's
    // error that the student edition has too is said once.
    var said = Set<String>()
    for (version, result) in zip(versions, results).reversed() {
      let what = version.blanked.map { "with exercise '\($0)' blanked (its placeholder in place of its solution), this does not compile" }
        ?? "the student edition (placeholders in place of the solutions, no hidden checks) does not compile"
      for error in Self.compileErrors(of: result, lesson: version.lesson) {
        var placed = version.edited.placing(error, path: lesson.path)
        guard said.insert("\(placed.file):\(placed.line):\(placed.column ?? 0) \(error.message)").inserted else { continue }
        placed.message = "\(what): \(error.message)"
        placed.cell = placed.file == lesson.path ? lesson.cells.last { $0.fenceLine <= placed.line }?.index : nil
        diagnostics.append(placed)
      }
    }
    for (index, (exercise, result)) in zip(lesson.exercises, results).enumerated() {
      let column = lesson.cells[exercise.cell].column
      func error(_ message: String) {
        diagnostics.append(Diagnostic(
          file: lesson.path, line: exercise.line, column: column, message: "exercise '\(exercise.id)': " + message, cell: exercise.cell))
      }
      if exercise.checks.isEmpty {
        error("it has no checks: mark a later cell whose claims grade it with '//| grades: \(exercise.id)'")
        continue
      }
      // The checks are tried on the blank answers only once they hold on the solutions.
      guard asWritten.passed else { continue }
      if asWritten.claims(of: exercise, in: lesson).isEmpty {
        error("its checks make no claims (`expect`) when the lesson runs, so there is nothing to grade")
      }
      guard Self.compileErrors(of: result, lesson: versions[index].lesson).isEmpty else { continue }
      let checks = exercise.checks.map { result.cells[$0] }
      if !checks.contains(where: \.started) {
        let stop = result.cells.first { $0.status == .failed }
        let reason = stop.map { " (\(cellLine($0.index)): \($0.failure ?? "failed"))" } ?? ""
        error("with its placeholder in place of the solution, the lesson stops before any of its checks runs\(reason); give a placeholder that runs, with '\(SolutionMarkers.placeholder) …' lines right after '\(SolutionMarkers.begin)'")
      } else if !checks.contains(where: { $0.started && $0.status == .failed }) {
        error("its checks pass without a solution: with its placeholder in place of the solution, every claim of its checks held; add a check that fails on the placeholder")
      }
    }
    return diagnostics
  }

  /// The errors that keep a version from compiling: its parse errors, and
  /// the compiler's (at the cells that do not compile, or outside cells),
  /// not what went wrong when the cells before them ran.
  static func compileErrors(of result: LessonResult, lesson: Lesson) -> [Diagnostic] {
    let parsing = lesson.diagnostics.filter { $0.severity == .error }
    guard parsing.isEmpty else { return parsing }
    guard !result.compiled else { return [] }
    let broken = Set(result.cells.filter { $0.failure == CellResult.compileFailure }.map(\.index))
    return result.diagnostics.filter { $0.severity == .error && ($0.cell.map(broken.contains) ?? true) }
  }

  /// Where a cell of the lesson as written begins, in words.
  private func cellLine(_ index: Int) -> String {
    "the cell at line \(lesson.cells[index].fenceLine)"
  }
}

extension Lesson {
  /// The lesson made from an edited version of its Markdown: parsed anew
  /// under the same path, with the same shared sources.
  func reparsed(_ edited: EditedSource, variant: LessonVariant) -> Lesson {
    var lesson = LessonParser.parse(source: edited.text, path: path)
    lesson.sharedSources = sharedSources
    lesson.variant = variant
    return lesson
  }
}

extension LessonResult {
  /// The claims that `exercise`'s checks made, each with its cell: those
  /// made on the checks' own lines (a claim made elsewhere, in code the
  /// check called, is not a check).
  func claims(of exercise: Exercise, in lesson: Lesson) -> [(cell: Int, claim: ExpectationResult)] {
    exercise.checks.flatMap { index in
      cells[index].expectations.filter { lesson.cells[index].codeLines.contains($0.line) }.map { (index, $0) }
    }
  }
}
