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
}
