import LessonModel

/// Finds a lesson's exercises (see ``Exercise``) and checks how they are
/// marked: every problem is an error at its Markdown line.
///
/// An exercise cell needs at least one solution region, well-formed
/// markers and a unique id (that it has checks is proved with the lesson's
/// runs, by ``ExerciseProof``: a student edition may have none left); markers
/// outside exercise cells, checks for an exercise that is not in the lesson
/// or comes after them, `points` off an exercise and `hidden` off checks are
/// errors.
enum ExerciseParser {
  /// The exercises of `cells`, in order; problems go to `diagnostics`.
  static func exercises(in cells: [Cell], path: String, diagnostics: inout [Diagnostic]) -> [Exercise] {
    var exercises = [Exercise]()
    for cell in cells {
      func error(_ line: Int?, _ message: String) {
        diagnostics.append(Diagnostic(file: path, line: line ?? cell.fenceLine, column: cell.column, message: message, cell: cell.index))
      }
      let options = cell.options, lines = cell.optionLines
      let codeLines = cell.code.split(separator: "\n", omittingEmptySubsequences: false)
      if options.points != nil && options.exercise == nil {
        error(lines["points"], "option 'points' belongs on an exercise cell (one with '//| exercise: ID')")
      }
      if options.hidden && options.grades == nil {
        error(lines["hidden"], "option 'hidden' belongs on a cell of checks (one with '//| grades: ID')")
      }
      if (options.exercise != nil || options.grades != nil) && !cell.runs {
        error(lines["exercise"] ?? lines["grades"], "exercises and their checks must run: remove 'eval: false' or 'norun'")
      }
      if (options.exercise != nil || options.grades != nil) && options.expectsError {
        error(lines["error"], "exercises and their checks cannot be marked 'error: expected'")
      }
      guard let id = options.exercise else {
        for (offset, line) in codeLines.enumerated() where SolutionMarkers.isMarker(line) {
          error(cell.firstCodeLine + offset, "solution markers belong in an exercise cell (one marked '//| exercise: ID')")
        }
        if let id = options.grades { attach(cell, to: id, in: &exercises, cells: cells, error: error) }
        continue
      }
      let line = lines["exercise"] ?? cell.fenceLine
      if options.grades != nil {
        error(lines["grades"], "a cell cannot be an exercise and its checks at once: put the checks in a later cell")
      }
      let (regions, problems) = SolutionMarkers.scan(codeLines, firstLine: cell.firstCodeLine)
      for problem in problems { error(problem.line, problem.message) }
      if regions.isEmpty && problems.isEmpty {
        error(line, "exercise '\(id)' has no solution region: put the lines students write between '\(SolutionMarkers.begin)' and '\(SolutionMarkers.end)'")
      }
      if let earlier = exercises.first(where: { $0.id == id }) {
        error(line, "exercise '\(id)' is already defined on line \(earlier.line); exercise ids must be unique in a lesson")
        continue
      }
      exercises.append(Exercise(id: id, points: options.points ?? 1, cell: cell.index, line: line, regions: regions, checks: []))
    }
    return exercises
  }

  /// Records `cell` as checks of exercise `id`, or explains why it cannot be.
  private static func attach(
    _ cell: Cell, to id: String, in exercises: inout [Exercise], cells: [Cell], error: (Int?, String) -> Void
  ) {
    let line = cell.optionLines["grades"]
    if let index = exercises.firstIndex(where: { $0.id == id }) {
      exercises[index].checks.append(cell.index)
    } else if let later = cells.first(where: { $0.options.exercise == id }) {
      error(line, "these checks come before exercise '\(id)' (line \(later.optionLines["exercise"] ?? later.fenceLine)); move them after it")
    } else {
      let known = cells.compactMap(\.options.exercise).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
      let suggestion = known.first { editDistance(id, $0) <= 2 }.map { "; did you mean '\($0)'?" } ?? ""
      let list = known.isEmpty ? "it has none" : "it has \(known.map { "'\($0)'" }.joined(separator: ", "))"
      error(line, "no exercise '\(id)' in this lesson\(suggestion) (\(list))")
    }
  }
}
