import Foundation
import LessonModel
@testable import LessonRunner
import Testing

/// A lesson with two exercises: a function body with the default
/// placeholder, a top-level region with an author's placeholder, and
/// visible and hidden checks.
private let twoExercises = """
  # Two

  ```swift
  //| exercise: relu
  //| points: 2
  func relu(_ x: Float) -> Float {
    // BEGIN SOLUTION
    return max(0, x)
    // END SOLUTION
  }
  ```

  ```swift
  //| grades: relu
  expect(relu(-1) == 0, "relu(-1) is 0")
  ```

  ```swift
  //| exercise: scale
  // BEGIN SOLUTION
  // PLACEHOLDER: let scale: Float = 1
  let scale = Float(2).squareRoot()
  // END SOLUTION
  ```

  ```swift
  //| grades: scale
  //| hidden: true
  expect(scale > 1.4, "scale is √2")
  ```

  """

/// The error messages of parsing `source`, as `LINE: message`.
private func errors(_ source: String) -> [String] {
  LessonParser.parse(source: source, path: "e.md").diagnostics.filter { $0.severity == .error }.map { "\($0.line): \($0.message)" }
}

@Suite("Solution markers")
struct SolutionMarkerTests {
  @Test func regionsWithPlaceholdersAndTheirShifts() {
    let lines = ["func f() -> Int {", "  // BEGIN SOLUTION", "  // PLACEHOLDER: return 0", "  // PLACEHOLDER:x", "  return 1", "  // END SOLUTION  ", "}"]
    let (regions, problems) = SolutionMarkers.scan(lines, firstLine: 10)
    #expect(problems.isEmpty)
    #expect(regions.map(\.begin) == [11] && regions.map(\.end) == [15] && regions.map(\.indentation) == ["  "])
    #expect(regions.map(\.placeholder) == [["  return 0", "  x"]] && regions.map(\.placeholderShifts) == [[16, 15]])
    #expect(regions[0].solution == 14..<15 && regions[0].inside == 12..<15)
  }

  @Test func brokenMarkersAreProblemsAtTheirLines() {
    let lines = [
      "// END SOLUTION", "// BEGIN SOLUTION", "x = 1", "// PLACEHOLDER: too late", "  // BEGIN SOLUTION", "// END SOLUTION",
      "//BEGIN SOLUTION", "// BEGIN SOLUTION",
    ]
    let problems = SolutionMarkers.scan(lines, firstLine: 1).problems.map { "\($0.line): \($0.message)" }
    #expect(problems == [
      "1: '// END SOLUTION' without a '// BEGIN SOLUTION' before it",
      "4: a '// PLACEHOLDER:' line must come right after '// BEGIN SOLUTION' (or another placeholder line)",
      "5: '// BEGIN SOLUTION' inside the region opened on line 2; close it with '// END SOLUTION' first",
      "7: a solution marker must be alone on its line, exactly '// BEGIN SOLUTION' or '// END SOLUTION'",
      "8: this solution region is never closed: add '// END SOLUTION' after the solution",
    ])
  }

  @Test func theStudentCodeOfACell() {
    let lesson = LessonParser.parse(source: twoExercises, path: "e.md")
    #expect(lesson.exercises[0].studentCode(lesson.cells[0].code)
      == "func relu(_ x: Float) -> Float {\n  // BEGIN SOLUTION\n  fatalError(\"exercise relu: write this\")\n  // END SOLUTION\n}\n")
    #expect(lesson.exercises[1].studentCode(lesson.cells[2].code) == "// BEGIN SOLUTION\nlet scale: Float = 1\n// END SOLUTION\n")
  }
}

@Suite("Exercises in a lesson")
struct ExerciseParsingTests {
  @Test func exercisesChecksAndPoints() {
    let lesson = LessonParser.parse(source: twoExercises, path: "e.md")
    #expect(lesson.diagnostics.isEmpty, "\(lesson.diagnostics)")
    #expect(lesson.exercises.map(\.id) == ["relu", "scale"])
    #expect(lesson.exercises.map(\.points) == [2, 1])
    #expect(lesson.exercises.map(\.checks) == [[1], [3]])
    #expect(lesson.exercises.map(\.line) == [4, 19])
    #expect(lesson.exercises[0].regions.map(\.begin) == [7])
    #expect(lesson.cells[3].options.hidden)
  }

  @Test func misplacedTagsAndMarkersAreErrorsAtTheirLines() {
    let source = """
      ```swift
      //| grades: late
      //| hidden: true
      print(1)
      ```

      ```swift
      //| points: 3
      //| hidden: true
      // BEGIN SOLUTION
      ```

      ```swift
      //| exercise: late
      let x = 1
      ```

      ```swift
      //| exercise: late
      //| grades: late
      // BEGIN SOLUTION
      // END SOLUTION
      ```

      ```swift
      //| grades: lat
      print(2)
      ```
      """
    #expect(errors(source) == [
      "2: these checks come before exercise 'late' (line 14); move them after it",
      "8: option 'points' belongs on an exercise cell (one with '//| exercise: ID')",
      "9: option 'hidden' belongs on a cell of checks (one with '//| grades: ID')",
      "10: solution markers belong in an exercise cell (one marked '//| exercise: ID')",
      "14: exercise 'late' has no solution region: put the lines students write between '// BEGIN SOLUTION' and '// END SOLUTION'",
      "20: a cell cannot be an exercise and its checks at once: put the checks in a later cell",
      "19: exercise 'late' is already defined on line 14; exercise ids must be unique in a lesson",
      "26: no exercise 'lat' in this lesson; did you mean 'late'? (it has 'late')",
    ])
  }

  @Test func badOptionValues() {
    let source = "```swift\n//| exercise: Relu\n//| points: 0\n// BEGIN SOLUTION\n// END SOLUTION\n```\n"
    #expect(errors(source).prefix(2) == [
      "2: option 'exercise' takes lowercase letters, digits and '-', got 'Relu'",
      "3: option 'points' takes a positive whole number, got '0'",
    ])
  }
}

@Suite("Editions of a lesson")
struct LessonEditionTests {
  @Test func theStudentEditionKeepsEveryOtherByteAndCRLF() {
    let crlf = twoExercises.replacingOccurrences(of: "\n", with: "\r\n")
    let lesson = LessonParser.parse(source: crlf, path: "e.md")
    let edition = lesson.studentEdition
    let expected = """
      # Two

      ```swift
      //| exercise: relu
      //| points: 2
      func relu(_ x: Float) -> Float {
        // BEGIN SOLUTION
        fatalError("exercise relu: write this")
        // END SOLUTION
      }
      ```

      ```swift
      //| grades: relu
      expect(relu(-1) == 0, "relu(-1) is 0")
      ```

      ```swift
      //| exercise: scale
      // BEGIN SOLUTION
      let scale: Float = 1
      // END SOLUTION
      ```


      """.replacingOccurrences(of: "\n", with: "\r\n")
    #expect(edition.text == expected)
    #expect(edition.origins[7] == .placeholder(line: 7, columnShift: 0))
    #expect(edition.origins[20] == .placeholder(line: 21, columnShift: 16))
    #expect(edition.origins[21] == .original(23))
    // The student edition parses: its exercise keeps its markers, its hidden checks are gone.
    let student = LessonParser.parse(source: edition.text, path: "e.md")
    #expect(student.diagnostics.isEmpty)
    #expect(student.cells.count == 3 && student.exercises.map(\.id) == ["relu", "scale"])
  }

  @Test func blankingOneExerciseKeepsTheOthersSolutionsAndHiddenChecks() {
    let lesson = LessonParser.parse(source: twoExercises, path: "e.md")
    let blanked = lesson.withPlaceholders(for: ["scale"], removingHiddenChecks: false).text
    #expect(blanked.contains("return max(0, x)"))
    #expect(!blanked.contains("squareRoot") && blanked.contains("\nlet scale: Float = 1\n"))
    #expect(blanked.contains("//| hidden: true"))
  }

  @Test func aPlaceholderInAQuoteKeepsTheQuote() {
    let source = "> ```swift\n> //| exercise: q\n> // BEGIN SOLUTION\n> let q = 1\n> // END SOLUTION\n> ```\n"
    let lesson = LessonParser.parse(source: source, path: "q.md")
    #expect(lesson.studentEdition.text == "> ```swift\n> //| exercise: q\n> // BEGIN SOLUTION\n> fatalError(\"exercise q: write this\")\n> // END SOLUTION\n> ```\n")
  }

  @Test func splicingTakesOnlyTheAnswersAndKnowsTheirLines() {
    let lesson = LessonParser.parse(source: twoExercises, path: "e.md")
    let mine = LessonParser.parse(source: lesson.studentEdition.text.replacingOccurrences(
      of: "fatalError(\"exercise relu: write this\")", with: "return x > 0 ? x : 0\n  // a second line"), path: "alice/e.md")
    let answers = mine.answers
    #expect(answers["relu"]?[0].map(\.text) == ["  return x > 0 ? x : 0", "  // a second line"])
    #expect(answers["relu"]?[0].map(\.line) == [8, 9])
    let spliced = lesson.splicing(["relu": answers["relu"]!])
    #expect(spliced.text.contains("  // BEGIN SOLUTION\n  return x > 0 ? x : 0\n  // a second line\n  // END SOLUTION\n"))
    #expect(spliced.text.contains("let scale: Float = 1") && spliced.text.contains("//| hidden: true"))
    #expect(spliced.origin(of: 8) == .submitted(8))
    let error = Diagnostic(file: "e.md", line: 9, column: 5, message: "m")
    #expect(spliced.placing(error, path: "e.md", submission: "alice/e.md").description == "alice/e.md:9:5: error: m")
    let placeholderError = Diagnostic(file: "e.md", line: 22, column: 19, message: "p")
    #expect(spliced.placing(placeholderError, path: "e.md").description == "e.md:21:35: error: p")
  }

  @Test func answersMatchByExerciseAndRegionCount() {
    let lesson = LessonParser.parse(source: twoExercises, path: "e.md")
    let renamed = lesson.studentEdition.text.replacingOccurrences(of: "//| exercise: relu", with: "//| exercise: my-relu")
      .replacingOccurrences(of: "//| grades: relu", with: "//| grades: my-relu")
    let (answers, problems) = Grader.answers(to: lesson, in: LessonParser.parse(source: renamed, path: "bob/e.md"))
    #expect(answers.keys.sorted() == ["scale"])
    #expect(problems["relu"]?.first?.hasPrefix("bob/e.md: there is no exercise 'relu'") == true)
  }

  @Test func anAnswerThatClosesItsFenceIsRejected() {
    let lesson = LessonParser.parse(source: twoExercises, path: "e.md")
    let answer: [Lesson.Answer] = [[("  return 0", 8), ("```", 9), ("", 10), ("```swift", 11)]]
    let problems = Grader.structureProblems(of: ["relu": answer], in: lesson, exercise: lesson.exercises[0], file: "eve/e.md")
    #expect(problems.first?.hasPrefix("eve/e.md: the answer to exercise 'relu' changes the lesson around it") == true)
    let reserved: [Lesson.Answer] = [[("  return __lessons_inline0", 8)]]
    #expect(Grader.structureProblems(of: ["relu": reserved], in: lesson, exercise: lesson.exercises[0], file: "eve/e.md")
      .first?.hasPrefix("eve/e.md:8:") == true)
  }
}

@Suite("Limits for untrusted programs")
struct ResourceLimitTests {
  /// What `executable` printed when started under `limits`, and whether it
  /// got a network namespace of its own.
  private func output(of executable: String, _ arguments: [String], limits: ResourceLimits) throws -> (text: String, isolated: Bool) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString).txt")
    try Data().write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let handle = try FileHandle(forWritingTo: file)
    let child = try ChildProcess(
      executable: URL(fileURLWithPath: executable), arguments: arguments, environment: [:], directory: nil, output: handle,
      limits: limits)
    child.waitUntilEnded()
    _ = child.stop()
    try handle.close()
    return (try String(contentsOf: file, encoding: .utf8), child.networkIsolated)
  }

  @Test func limitsAreSetInTheChildBeforeItStarts() throws {
    let limits = ResourceLimits(cpuSeconds: 7, memoryBytes: 300 << 20, fileBytes: 5 << 20, processes: 999)
    let (text, _) = try output(of: "/bin/cat", ["/proc/self/limits"], limits: limits)
    let rows = Dictionary(text.split(separator: "\n").dropFirst().map { line in
      (String(line.prefix(26)).trimmingCharacters(in: .whitespaces), line.dropFirst(26).split(separator: " ").prefix(2).map(String.init))
    }, uniquingKeysWith: { a, _ in a })
    #expect(rows["Max cpu time"] == ["7", "8"])
    #expect(rows["Max address space"] == ["\(300 << 20)", "\(300 << 20)"])
    #expect(rows["Max file size"] == ["\(5 << 20)", "\(5 << 20)"])
    #expect(rows["Max processes"] == ["999", "999"])
  }

  @Test func theNetworkNamespaceIsTheChildsOwnWhenTheSystemPermits() throws {
    let (text, isolated) = try output(of: "/bin/readlink", ["/proc/self/ns/net"], limits: ResourceLimits())
    let mine = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
    #expect((text.trimmingCharacters(in: .newlines) != mine) == isolated)
    #expect(ResourceLimits().networkIsolationApplies() == isolated)
    #expect(try output(of: "/bin/readlink", ["/proc/self/ns/net"], limits: ResourceLimits(isolatesNetwork: false)).isolated == false)
  }
}

@Suite("The authors' guide shows exercises that run")
struct ExerciseGuideTests {
  @Test func theWrittenOutExampleIsTheLiveOne() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("lessons/authoring.md")
    let guide = try String(contentsOf: url, encoding: .utf8)
    let section = try #require(guide.components(separatedBy: "## Exercises {#sec-exercises}").dropFirst().first)
    let examples = section.components(separatedBy: "````markdown\n").dropFirst()
    #expect(examples.count == 2)
    for example in examples {
      let parts = example.components(separatedBy: "````\n")
      #expect(parts.count > 1 && parts[1].contains(parts[0]), "the cells written out in the guide are not the ones that run below them")
    }
    let lesson = LessonParser.parse(source: guide, path: "authoring.md")
    #expect(lesson.exercises.map(\.id) == ["softmax", "he-std"])
    #expect(lesson.exercises[0].checks.map { lesson.cells[$0].options.hidden } == [false, true])
    #expect(lesson.exercises[1].regions[0].placeholder.count == 1)
  }
}
