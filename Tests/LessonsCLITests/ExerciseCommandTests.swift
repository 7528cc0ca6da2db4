import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The grading fixture: `course/` (two exercises, visible and hidden
/// checks) and `submissions/` (one folder per kind of student).
private let gradingFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures/grading")

/// A copy of the grading fixture in a new temporary folder.
private func gradingCopy() throws -> URL {
  let folder = try temporaryFolder()
  for name in ["course", "submissions"] {
    try FileManager.default.copyItem(at: gradingFixture.appendingPathComponent(name), to: folder.appendingPathComponent(name))
  }
  return folder
}

/// Every file below `folder`, by relative path, with its bytes.
private func files(in folder: URL) throws -> [String: Data] {
  var found = [String: Data]()
  let walker = FileManager.default.enumerator(atPath: folder.path)
  while let path = walker?.nextObject() as? String {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
      found[path] = try Data(contentsOf: folder.appendingPathComponent(path))
    }
  }
  return found
}

/// The lines of the fixture's solutions that appear nowhere else in the
/// lesson (so that finding one in an edition means a solution leaked).
private func solutionLines() throws -> [String] {
  let text = try String(contentsOf: gradingFixture.appendingPathComponent("course/01-exercises.md"), encoding: .utf8)
  var inside = false, solution = Set<String>(), other = Set<String>()
  for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
    if line == "// BEGIN SOLUTION" || line == "// END SOLUTION" {
      inside = line == "// BEGIN SOLUTION"
    } else if inside && !line.hasPrefix("// PLACEHOLDER:") {
      solution.insert(line)
    } else {
      other.insert(line)
    }
  }
  return solution.subtracting(other).sorted()
}

@Suite("Exercises: the student edition, grading and checks with teeth")
struct ExerciseCommandTests {
  @Test(.timeLimit(.minutes(5))) func gradingTakesOnlyTheAnswersAndStopsRunawayPrograms() throws {
    let folder = try gradingCopy()
    defer { try? FileManager.default.removeItem(at: folder) }
    let names = ["blank", "broken", "correct", "hog", "loop", "partial", "renamed", "tamper"]
    let run = try lessons(
      ["grade"] + names.map { "submissions/\($0)" } + [
        "--course", "course", "-o", "reports", "--junit", "junit.xml", "--cache-dir", "cache",
        "--cpu", "3", "--memory", "1024", "-j", "2",
      ], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("limits: cpu 3 s, memory 1024 MiB"))
    #expect(run.stdout.contains("network: "))

    let summary = try String(contentsOf: folder.appendingPathComponent("reports/summary.csv"), encoding: .utf8)
    #expect(summary == """
      student,earned,possible,01-exercises.md#relu,01-exercises.md#he-scale
      blank,0,3,0,0
      broken,1,3,0,1
      correct,3,3,2,1
      hog,1,3,0,1
      loop,1,3,0,1
      partial,1,3,1,0
      renamed,0,3,0,0
      tamper,0,3,0,0

      """)
    func report(_ name: String) throws -> String {
      try String(contentsOf: folder.appendingPathComponent("reports/\(name)/report.md"), encoding: .utf8)
    }
    // A blank submission names every check that failed, hidden ones too.
    let blank = try report("blank")
    #expect(blank.contains("- ✗ relu zeroes negatives and keeps positives: the program crashed"))
    #expect(blank.contains("- ✗ (hidden) relu of three more values: its cell did not run"))
    #expect(blank.contains("- ✗ He's scale for 8 inputs is 0.5 (1.0)"))
    // Partial credit: two of relu's four checks hold.
    let partial = try report("partial")
    #expect(partial.contains("exercise relu: 1 of 2 points"))
    #expect(partial.contains("- ✓ relu of nothing is nothing") && partial.contains("- ✓ (hidden) relu keeps the number of values"))
    // A compile error in one exercise is at the student's own line; the other exercise is still graded.
    let broken = try report("broken")
    #expect(broken.contains("the answers together did not compile, so each exercise was graded alone"))
    #expect(broken.contains("submissions/broken/01-exercises.md:14:38: error: cannot find 'notDefinedAnywhere' in scope"))
    #expect(broken.contains("exercise he-scale: 1 of 1 point"))
    // The course's checks and starter code grade a submission that changed its own.
    let tamper = try report("tamper")
    #expect(tamper.contains("- ✗ relu zeroes negatives and keeps positives"))
    #expect(tamper.contains("exercise he-scale: 0 of 1 point"))
    // A program that loops or allocates without end is stopped; its exercise gets nothing, the other is graded.
    #expect(try report("loop").contains("the program was stopped at its CPU time limit (SIGXCPU)"))
    #expect(try report("hog").contains("allocate"))
    // A renamed exercise or region is a clear error, not a crash.
    let renamed = try report("renamed")
    #expect(renamed.contains("there is no exercise 'relu'"))
    #expect(renamed.contains("exercise 'he-scale' has no solution region"))

    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("reports/correct/report.json"))) as? [String: Any]
    #expect(json?["earned"] as? Double == 3)
    let junit = try XMLDocument(contentsOf: folder.appendingPathComponent("junit.xml"))
    #expect(junit.rootElement()?.attribute(forName: "tests")?.stringValue == "16")
    #expect(try junit.nodes(forXPath: "//testcase/failure").count == 11)
  }

  @Test func theStudentEditionIsDeterministicHasNoSolutionAndCompiles() throws {
    let folder = try gradingCopy()
    defer { try? FileManager.default.removeItem(at: folder) }
    for output in ["first", "second"] {
      let run = try lessons(["student", "course", "-o", output], in: folder)
      #expect(run.status == 0, "\(run.stderr)")
    }
    let first = try files(in: folder.appendingPathComponent("first"))
    #expect(first == (try files(in: folder.appendingPathComponent("second"))))
    #expect(Set(first.keys) == [".lessons-student", "01-exercises.md", "course.yml", "README.md"])
    let solutions = try solutionLines()
    #expect(solutions.contains("return values.map { max(0, $0) }"))
    for (path, data) in first {
      let text = String(decoding: data, as: UTF8.self)
      for line in solutions { #expect(!text.contains(line), "\(path) holds the solution line \(line)") }
      #expect(!text.contains("relu of three more values"), "\(path) holds a hidden check")
    }
    #expect(String(decoding: first["course.yml"]!, as: UTF8.self).hasSuffix("edition: student  # written by `lessons student`\n"))
    // It compiles: its site builds (exercises fail as not yet solved, which
    // does not fail the build), and checking it fails only at the placeholder.
    let site = try lessons(["build", "--edition", "student", "course", "-o", "site", "--cache-dir", "cache"], in: folder)
    #expect(site.status == 0, "\(site.stderr)")
    let page = try String(contentsOf: folder.appendingPathComponent("site/01-exercises.html"), encoding: .utf8)
    #expect(page.contains("Not yet solved"))
    for line in solutions { #expect(!page.contains(line.replacingOccurrences(of: ">", with: "&gt;"))) }
    let check = try lessons(["check", "first", "--cache-dir", "cache"], in: folder)
    #expect(check.status == 1)
    #expect(check.stderr.contains("Fatal error: exercise relu: write this"))
    #expect(!check.stderr.contains("does not compile") && !check.stderr.contains("its checks pass without a solution"))
  }

  @Test func theStudentEditionNeverReplacesAnAuthorsFolder() throws {
    let folder = try gradingCopy()
    defer { try? FileManager.default.removeItem(at: folder) }
    let inside = try lessons(["student", "course", "-o", "course/student"], in: folder)
    #expect(inside.status != 0 && inside.stderr.contains("refusing to write the student edition to"))
    let theirs = try lessons(["student", "course", "-o", "submissions"], in: folder)
    #expect(theirs.status != 0 && theirs.stderr.contains("was not written by `lessons student`"))
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("submissions/blank/01-exercises.md").path))
  }

  @Test func checkProvesThatEveryExercisesChecksHaveTeeth() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
      # Weak checks

      ```swift
      //| exercise: double
      func double(_ x: Int) -> Int {
        // BEGIN SOLUTION
        // PLACEHOLDER: return x * 2
        return x + x
        // END SOLUTION
      }
      ```

      ```swift
      //| grades: double
      expect(double(3) == 6, "double(3) is 6")
      ```

      ```swift
      //| exercise: count
      // BEGIN SOLUTION
      let count = 3
      // END SOLUTION
      ```

      ```swift
      //| grades: count
      expect(count == 3, "three")
      ```

      ```swift
      //| exercise: typed
      // BEGIN SOLUTION
      // PLACEHOLDER: let typed: Int = "none"
      let typed = 1
      // END SOLUTION
      ```

      ```swift
      //| grades: typed
      expect(typed == 1, "one")
      ```
      """.write(to: folder.appendingPathComponent("weak.md"), atomically: true, encoding: .utf8)
    let run = try lessons(["check", "weak.md", "--cache-dir", "cache"], in: folder)
    #expect(run.status == 1)
    let errors = run.stderr.split(separator: "\n").map(String.init)
    #expect(errors.contains("weak.md:4:1: error: exercise 'double': its checks pass without a solution: with its placeholder in place of the solution, every claim of its checks held; add a check that fails on the placeholder"))
    #expect(errors.contains { $0.hasPrefix("weak.md:27:8: error: the student edition (placeholders in place of the solutions, no hidden checks) does not compile: cannot find 'count' in scope") })
    #expect(errors.contains { $0.hasPrefix("weak.md:33:34: error: the student edition (placeholders in place of the solutions, no hidden checks) does not compile: cannot convert value of type 'String'") })
    // Twice: the versions that prove the checks are cached too.
    let again = try lessons(["check", "weak.md", "--cache-dir", "cache"], in: folder)
    #expect(again.stderr == run.stderr)
  }

  @Test func aPlaceholderThatStopsTheLessonIsAnError() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
      ```swift
      //| exercise: log
      var log = [Int]()
      // BEGIN SOLUTION
      log.append(1)
      // END SOLUTION
      ```

      ```swift
      //| grades: log
      expect(log == [1], "one entry")
      ```
      """.write(to: folder.appendingPathComponent("stop.md"), atomically: true, encoding: .utf8)
    let run = try lessons(["check", "stop.md", "--no-cache"], in: folder)
    #expect(run.status == 1)
    #expect(run.stderr.contains("stop.md:2:1: error: exercise 'log': with its placeholder in place of the solution, the lesson stops before any of its checks runs (the cell at line 1: "))
  }

  @Test func theInstructorsSiteShowsSolutionsUnderTogglesUnlessTheConfigSaysNo() throws {
    let folder = try gradingCopy()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try lessons(["build", "course", "-o", "site", "--cache-dir", "cache"], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let page = try String(contentsOf: folder.appendingPathComponent("site/01-exercises.html"), encoding: .utf8)
    #expect(page.contains(#"<h4 class="exercise-title">Exercise relu · 2 points</h4>"#))
    #expect(page.contains(#"<details class="solution" style="--indent: 2"><summary>Solution · 1 line</summary>"#))
    #expect(page.contains(">Checks for relu<") && page.contains(">Hidden checks for relu · not in the student edition<"))
    let print = try String(contentsOf: folder.appendingPathComponent("site/print.html"), encoding: .utf8)
    #expect(print.contains(#"<details class="solution" open="" "#))
    // The course index says which lessons have exercises.
    let index = try String(contentsOf: folder.appendingPathComponent("site/index.html"), encoding: .utf8)
    #expect(index.contains(" · 2 exercises</p>"), "\(index)")

    try "title: Grading fixture\nshow-solutions: false\n".write(
      to: folder.appendingPathComponent("course/course.yml"), atomically: true, encoding: .utf8)
    let hidden = try lessons(["build", "course", "-o", "site", "--cache-dir", "cache"], in: folder)
    #expect(hidden.status == 0, "\(hidden.stderr)")
    for file in ["site/01-exercises.html", "site/source/01-exercises.md", "site/print.html"] {
      let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      #expect(!text.contains("squareRoot"), "\(file) shows a solution")
      #expect(text.contains("exercise relu: write this"), "\(file) lacks the placeholder")
    }
  }
}
