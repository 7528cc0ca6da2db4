import Foundation
import LessonMarkdown
import Yams

/// Reads a lesson's Markdown into a ``Lesson``: front matter through Yams,
/// blocks through cmark, cell options from `//|` lines.
public enum LessonParser {
  /// Parses the lesson at `path` (used in diagnostics) from `source`.
  public static func parse(source: String, path: String) -> Lesson {
    var diagnostics = [Diagnostic]()
    let (frontMatter, body) = splitFrontMatter(source, path: path, diagnostics: &diagnostics)
    let document = MarkdownDocument(body)
    var cells = [Cell]()
    for block in document.codeBlocks() where block.isFenced && block.language == "swift" {
      let flags = block.info.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().map(String.init)
      for flag in flags where flag != "norun" {
        diagnostics.append(Diagnostic(
          file: path, line: block.fenceLine, column: block.column,
          message: "unknown word '\(flag)' after 'swift' in the fence; cell options go in '//| key: value' lines, and 'norun' is the only flag"))
      }
      if !block.isClosed {
        diagnostics.append(Diagnostic(
          file: path, line: block.fenceLine, column: block.column,
          message: "this code fence is never closed, so the cell runs to the end of the file"))
      }
      let (options, code, optionLineCount) = parseOptions(block, path: path, diagnostics: &diagnostics)
      cells.append(Cell(
        index: cells.count, code: code, options: options,
        firstCodeLine: block.firstCodeLine + optionLineCount, fenceLine: block.fenceLine,
        column: block.column, isNoRun: flags.contains("norun")))
    }
    let firstHeading = document.allNodes().first { $0.kind == .heading && $0.headingLevel == 1 }?.plainText
    let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    return Lesson(
      path: path, source: source, body: body, frontMatter: frontMatter, cells: cells,
      diagnostics: diagnostics, title: frontMatter.title ?? firstHeading ?? fileName)
  }

  /// Separates a leading `---` … `---` YAML block from the Markdown and
  /// blanks its lines, so that line numbers are unchanged.
  static func splitFrontMatter(
    _ source: String, path: String, diagnostics: inout [Diagnostic]
  ) -> (FrontMatter, String) {
    var lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
      let end = lines.indices.dropFirst().first(where: {
        let line = lines[$0].trimmingCharacters(in: .whitespaces)
        return line == "---" || line == "..."
      })
    else { return (FrontMatter(), source) }
    let yaml = lines[1..<end].joined(separator: "\n")
    for i in 0...end { lines[i] = "" }
    let body = lines.joined(separator: "\n")
    do {
      guard let node = try Yams.compose(yaml: yaml) else { return (FrontMatter(), body) }
      guard let mapping = node.mapping else {
        diagnostics.append(Diagnostic(file: path, line: 2, message: "front matter must be a YAML mapping of 'key: value' lines"))
        return (FrontMatter(), body)
      }
      var frontMatter = FrontMatter()
      for (key, value) in mapping {
        let line = (key.mark?.line ?? 0) + 1  // Yams counts from 1, below the opening "---"
        switch key.string {
        case "title": frontMatter.title = value.string
        case "summary": frontMatter.summary = value.string
        case "section": frontMatter.section = value.string
        case "order":
          guard let order = value.int else {
            diagnostics.append(Diagnostic(file: path, line: line, message: "front matter 'order' must be an integer"))
            continue
          }
          frontMatter.order = order
        default:
          diagnostics.append(Diagnostic(
            file: path, line: line, severity: .warning,
            message: "unknown front matter key '\(key.string ?? "?")' (known: title, summary, order, section)"))
        }
      }
      return (frontMatter, body)
    } catch {
      let line = ((error as? YamlError).flatMap(\.markLine) ?? 0) + 2
      diagnostics.append(Diagnostic(file: path, line: line, message: "front matter is not valid YAML: \(error)"))
      return (FrontMatter(), body)
    }
  }

  /// Splits leading `//| key: value` lines off a cell's code.
  static func parseOptions(
    _ block: CodeBlock, path: String, diagnostics: inout [Diagnostic]
  ) -> (CellOptions, String, Int) {
    var options = CellOptions()
    let lines = block.code.split(separator: "\n", omittingEmptySubsequences: false)
    var count = 0
    for line in lines {
      let trimmed = line.drop(while: { $0 == " " })
      guard trimmed.hasPrefix("//|") else { break }
      let entry = trimmed.dropFirst(3)
      let lineNumber = block.firstCodeLine + count
      count += 1
      guard let colon = entry.firstIndex(of: ":") else {
        diagnostics.append(Diagnostic(
          file: path, line: lineNumber, column: block.column,
          message: "cell option line must read '//| key: value'"))
        continue
      }
      let key = entry[..<colon].trimmingCharacters(in: .whitespaces)
      let value = entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      do {
        try options.set(key, to: value)
      } catch {
        diagnostics.append(Diagnostic(file: path, line: lineNumber, column: block.column, message: error.message))
      }
    }
    let code = lines.dropFirst(count).joined(separator: "\n")
    return (options, code, count)
  }
}

extension YamlError {
  /// The 0-based line of the problem, when Yams knows it.
  var markLine: Int? {
    switch self {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return mark.line - 1
    default:
      return nil
    }
  }
}
