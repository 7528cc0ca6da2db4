/// The versions of a lesson with exercises that the commands make from its
/// Markdown: the student edition, the lesson with some solutions blanked
/// (to prove that its checks fail without them), and the lesson with a
/// student's answers spliced in. Everything outside the edited lines stays
/// byte for byte as written, line endings included.
extension Lesson {
  /// One answer to one solution region: the lines a student wrote between
  /// the markers, each with its line in the submission.
  public typealias Answer = [(text: String, line: Int)]

  /// The student edition: every solution region holds the code students
  /// start with (between the markers, which stay), and the hidden checks'
  /// cells are gone, fences and all.
  public var studentEdition: EditedSource {
    withPlaceholders(for: Set(exercises.map(\.id)), removingHiddenChecks: true)
  }

  /// The lesson with the solution regions of the exercises in `ids` holding
  /// the code students start with; with `removingHiddenChecks`, without
  /// the cells of hidden checks.
  public func withPlaceholders(for ids: Set<String>, removingHiddenChecks: Bool) -> EditedSource {
    var replacements = [Range<Int>: [(String, LineOrigin)]]()
    for exercise in exercises where ids.contains(exercise.id) {
      for region in exercise.regions {
        replacements[region.inside] = placeholder(of: region, in: exercise)
      }
    }
    if removingHiddenChecks {
      for cell in cells where cell.options.hidden && cell.options.grades != nil {
        replacements[cell.fenceLine..<(cell.codeLines.upperBound + 1)] = []
      }
    }
    return EditedSource.replacing(source, replacements)
  }

  /// The lesson with `answers[id][i]` between the markers of region `i` of
  /// exercise `id`; exercises without answers hold their placeholders.
  public func splicing(_ answers: [String: [Answer]]) -> EditedSource {
    var replacements = [Range<Int>: [(String, LineOrigin)]]()
    for exercise in exercises {
      for (index, region) in exercise.regions.enumerated() {
        if let answer = answers[exercise.id], answer.indices.contains(index) {
          replacements[region.inside] = answer[index].map { ($0.text, .submitted($0.line)) }
        } else {
          replacements[region.inside] = placeholder(of: region, in: exercise)
        }
      }
    }
    return EditedSource.replacing(source, replacements)
  }

  /// The answers in this lesson's own regions (a student's file): for each
  /// exercise, the lines between the markers of each region.
  public var answers: [String: [Answer]] {
    let lines = SourceLines(source).lines
    return Dictionary(exercises.map { exercise in
      (exercise.id, exercise.regions.map { region in region.inside.map { (lines[$0 - 1].text, $0) } })
    }, uniquingKeysWith: { first, _ in first })
  }

  /// The placeholder lines of `region`, each with what comes before the
  /// cell's code on the Markdown line (`> ` in a quote), and their origins.
  private func placeholder(of region: SolutionMarkers.Region, in exercise: Exercise) -> [(String, LineOrigin)] {
    let lines = SourceLines(source).lines
    let beginLine = lines.indices.contains(region.begin - 1) ? lines[region.begin - 1].text : ""
    let beforeMarker = beginLine.components(separatedBy: SolutionMarkers.begin).first ?? ""
    let container = beforeMarker.hasSuffix(region.indentation) ? String(beforeMarker.dropLast(region.indentation.count)) : ""
    if region.placeholder.isEmpty {
      return exercise.studentLines(of: region).map { (container + $0, .placeholder(line: region.begin, columnShift: 0)) }
    }
    return region.placeholder.enumerated().map { offset, line in
      (container + line, .placeholder(line: region.begin + 1 + offset, columnShift: region.placeholderShifts[offset]))
    }
  }
}
