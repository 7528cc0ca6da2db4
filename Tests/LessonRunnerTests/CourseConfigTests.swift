import Foundation
import LessonModel
import Testing

@testable import LessonRunner

@Suite("The course config file")
struct CourseConfigTests {
  @Test func readsEveryKey() throws {
    let (config, warnings) = try CourseConfigParser.parse(
      """
      title: Deep Learning, by Experiment
      description: "Every figure is computed: even this one."
      authors: [Ada, Alan]
      repository: https://github.com/example/course/
      branch: trunk
      theme: ../theme
      code-fold: show
      echo-expect: false
      """, path: "lessons/course.yml")
    #expect(warnings.isEmpty)
    #expect(config.title == "Deep Learning, by Experiment")
    #expect(config.description == "Every figure is computed: even this one.")
    #expect(config.authors == ["Ada", "Alan"])
    #expect(config.repository == "https://github.com/example/course")
    #expect(config.branch == "trunk")
    #expect(config.theme == "../theme")
    #expect(config.codeFold == .foldable)
    #expect(config.echoExpect == false)
    #expect(try CourseConfigParser.parse("authors: Ada\ncode-fold: true\n", path: "c.yml").config.authors == ["Ada"])
  }

  @Test func unknownKeysAreWarningsWithASuggestion() throws {
    let (config, warnings) = try CourseConfigParser.parse("titel: X\n", path: "lessons/course.yml")
    #expect(config == CourseConfig())
    #expect(warnings == [
      "lessons/course.yml:1: warning: unknown course config key 'titel'; did you mean 'title'? (known: \(CourseConfig.knownKeys.joined(separator: ", ")))"
    ])
  }

  @Test func wrongValuesAreErrorsAtTheirLines() {
    func error(_ yaml: String) -> String {
      do {
        _ = try CourseConfigParser.parse(yaml, path: "course.yml")
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    #expect(error("title: T\ncode-fold: sometimes\n") == "course.yml:2: error: 'code-fold' must be true, false or show")
    #expect(error("echo-expect: 3\n") == "course.yml:1: error: 'echo-expect' must be true or false")
    #expect(error("repository: github.com/x\n").hasPrefix("course.yml:1: error: 'repository' must be a web address"))
    #expect(error("title: [a, b]\n") == "course.yml:1: error: 'title' must be a text")
    #expect(error("- a\n- b\n") == "course.yml:1: error: the course config must be a YAML mapping of 'key: value' lines")
    #expect(error("title: \"unclosed\n").hasPrefix("course.yml:"))
  }

  @Test func courseLoadReadsTheConfigBesideTheLessons() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "# One\n".write(to: folder.appendingPathComponent("01-one.md"), atomically: true, encoding: .utf8)
    #expect(try Course.load(paths: [folder.path]).configURL == nil)
    try "title: Configured\n".write(to: folder.appendingPathComponent("course.yml"), atomically: true, encoding: .utf8)
    let course = try Course.load(paths: [folder.path])
    #expect(course.config.title == "Configured")
    #expect(course.configURL?.lastPathComponent == "course.yml")
    // A lesson file given alone finds the config in its folder too.
    #expect(try Course.load(paths: [folder.appendingPathComponent("01-one.md").path]).config.title == "Configured")
  }

  @Test func partsOrderTheLessonsAndUnlistedOnesComeLast() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parts-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in ["01-a", "02-b", "03-c"] {
      try "# \(name)\n".write(to: folder.appendingPathComponent(name + ".md"), atomically: true, encoding: .utf8)
    }
    try "---\nsection: For authors\n---\n# Guide\n".write(to: folder.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
    let config = folder.appendingPathComponent("course.yml")
    try "parts:\n  - title: Second first\n    lessons: [02-b.md]\n  - title: Then\n    lessons: [01-a.md]\n"
      .write(to: config, atomically: true, encoding: .utf8)
    let course = try Course.load(paths: [folder.path])
    #expect(course.lessons.map(\.url.lastPathComponent) == ["02-b.md", "01-a.md", "03-c.md", "guide.md"])
    #expect(course.config.parts.map(\.title) == ["Second first", "Then"])
    // The numbered lesson no part lists is a warning; the guide (a section page) is not.
    #expect(course.warnings.filter { $0.contains("in no part") }.count == 1)
    #expect(course.warnings.contains { $0.contains("03-c.md is in no part of the course config") })

    try "parts:\n  - title: P\n    lessons: [01-a.md, 09-missing.md]\n".write(to: config, atomically: true, encoding: .utf8)
    #expect { try Course.load(paths: [folder.path]) } throws: { "\($0)".contains(":2: error: part 'P' lists 09-missing.md, which is not a lesson in ") }
    // Checking one lesson of a course with parts passes over the parts' other files.
    try "parts:\n  - title: P\n    lessons: [01-a.md, 02-b.md]\n".write(to: config, atomically: true, encoding: .utf8)
    #expect(try Course.load(paths: [folder.appendingPathComponent("02-b.md").path]).lessons.map(\.url.lastPathComponent) == ["02-b.md"])
    try "parts:\n  - title: P\n    lessons: [01-a.md]\n  - title: Q\n    lessons: [01-a.md]\n".write(to: config, atomically: true, encoding: .utf8)
    #expect { try Course.load(paths: [folder.path]) } throws: { "\($0)".contains("part 'Q' lists 01-a.md, which is already listed") }
    try "parts:\n  - P\n".write(to: config, atomically: true, encoding: .utf8)
    #expect { try Course.load(paths: [folder.path]) } throws: { "\($0)".contains("'parts' must be a list of parts") }
  }
}
