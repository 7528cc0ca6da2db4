import Foundation
import LessonModel
import Yams

/// Reads `course.yml` (see ``CourseConfig``) with Yams.
public enum CourseConfigParser {
  /// A problem with the file that stops the command: `course.yml:LINE: error: …`.
  public struct ConfigError: Error, CustomStringConvertible {
    /// The problem, at its line of the file.
    public let description: String
  }

  /// The configuration in `text`, read from `path`; unknown keys come back
  /// as warnings.
  ///
  /// - Throws: ``ConfigError`` for YAML that does not parse and for values of
  ///   the wrong kind.
  public static func parse(_ text: String, path: String) throws -> (config: CourseConfig, warnings: [String]) {
    var config = CourseConfig()
    var warnings = [String]()
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch {
      let line = ((error as? YamlError).flatMap(\.markLine) ?? 0) + 1
      throw ConfigError(description: "\(path):\(line): error: not valid YAML: \(error)")
    }
    guard let root else { return (config, []) }
    guard let mapping = root.mapping else {
      throw ConfigError(description: "\(path):1: error: the course config must be a YAML mapping of 'key: value' lines")
    }
    for (key, value) in mapping {
      let line = (key.mark?.line ?? 0)
      func fail(_ message: String) -> ConfigError { ConfigError(description: "\(path):\(line): error: \(message)") }
      func text() throws -> String {
        guard let string = value.string, value.scalar != nil else { throw fail("'\(key.string ?? "")' must be a text") }
        return string
      }
      switch key.string {
      case "title": config.title = try text()
      case "description": config.description = try text()
      case "authors":
        if let list = value.sequence {
          config.authors = try list.map { item in
            guard let name = item.string else { throw fail("'authors' must be a list of names") }
            return name
          }
        } else {
          config.authors = [try text()]
        }
      case "repository":
        let url = try text()
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
          throw fail("'repository' must be a web address (https://…), got '\(url)'")
        }
        config.repository = url.hasSuffix("/") ? String(url.dropLast()) : url
      case "branch": config.branch = try text()
      case "theme": config.theme = try text()
      case "code-fold":
        guard let fold = CodeFold(yaml: value) else {
          throw fail("'code-fold' must be true, false or show")
        }
        config.codeFold = fold
      case "echo-expect":
        guard let echo = value.bool else { throw fail("'echo-expect' must be true or false") }
        config.echoExpect = echo
      case "show-solutions":
        guard let show = value.bool else { throw fail("'show-solutions' must be true or false") }
        config.showSolutions = show
      case "edition":
        guard let edition = value.string.flatMap(Edition.init(rawValue:)) else {
          throw fail("'edition' must be instructor or student")
        }
        config.edition = edition
      case "parts":
        let shape = "'parts' must be a list of parts, each with a 'title' and a list of 'lessons' (file names)"
        guard let list = value.sequence else { throw fail(shape) }
        config.parts = try list.map { item in
          guard let part = item.mapping, let title = part["title"]?.string,
            let files = part["lessons"]?.sequence, part.count == 2
          else { throw ConfigError(description: "\(path):\(item.mark?.line ?? line): error: \(shape)") }
          let names = try files.map { file in
            guard let name = file.string, name.hasSuffix(".md"), !name.contains("/") else {
              throw ConfigError(description: "\(path):\(file.mark?.line ?? line): error: a part lists lesson files by name, such as 01-intro.md")
            }
            return name
          }
          return CoursePart(title: title, lessons: names, line: item.mark?.line ?? line)
        }
      default:
        let name = key.string ?? "?"
        let suggestion = CourseConfig.knownKeys.first { editDistance(name, $0) <= 2 }.map { "; did you mean '\($0)'?" } ?? ""
        warnings.append("\(path):\(line): warning: unknown course config key '\(name)'\(suggestion) (known: \(CourseConfig.knownKeys.joined(separator: ", ")))")
      }
    }
    return (config, warnings)
  }
}

extension CodeFold {
  /// A `code-fold` value in YAML (front matter or `course.yml`): YAML reads
  /// `true` and `false` as booleans and `show` as a string.
  init?(yaml node: Node) {
    if let fold = node.bool {
      self = fold ? .folded : .shown
    } else if let fold = node.string.flatMap(CodeFold.init(rawValue:)) {
      self = fold
    } else {
      return nil
    }
  }
}
