import LessonModel

extension RunReply {
  /// The reply to a run of `lesson` that gave `result`: each cell's
  /// section (`sections`, by cell index) and its messages at the lines of
  /// its editor; messages about no cell as problems.
  init(lesson: Lesson, result: LessonResult, sections: [Int: String]) {
    var markers = [Int: [Marker]]()
    var problems = [String]()
    for diagnostic in result.diagnostics {
      guard diagnostic.file == lesson.path, let cell = Self.owner(of: diagnostic, in: lesson) else {
        problems.append(diagnostic.description)
        continue
      }
      markers[cell.index, default: []].append(Marker(
        line: cell.codeLines.contains(diagnostic.line) ? diagnostic.line - cell.firstCodeLine + 1 : nil,
        severity: diagnostic.severity.rawValue, message: diagnostic.message))
    }
    self.init(
      cells: lesson.cells.map { cell in
        CellOutcome(
          index: cell.index, status: (result.cells.first { $0.index == cell.index }?.status ?? .notRun).rawValue,
          html: sections[cell.index] ?? "", markers: markers[cell.index] ?? [])
      },
      problems: problems, compileSeconds: result.compileSeconds, runSeconds: result.runSeconds, fromCache: result.fromCache,
      resumedFromCell: result.resumedFromCell, wholeRunReason: result.wholeRunReason)
  }

  /// The cell a message is about: the one it names, else the one whose
  /// lines (opening fence to closing fence) hold its line.
  private static func owner(of diagnostic: Diagnostic, in lesson: Lesson) -> Cell? {
    if let index = diagnostic.cell { return lesson.cells.first { $0.index == index } }
    return lesson.cells.first { ($0.fenceLine...$0.codeLines.upperBound).contains(diagnostic.line) }
  }
}
