import Foundation
import LessonMarkdown
import LessonModel
import Yams

/// Reads a lesson's Markdown into a ``Lesson``: front matter through Yams,
/// blocks through cmark, cell options from `//|` lines.
public enum LessonParser {
  /// Parses the lesson at `path` (used in diagnostics) from `source`.
  ///
  /// Line endings are normalized first (CRLF and CR files parse exactly like
  /// LF files, with the same line numbers), and a byte-order mark is ignored.
  public static func parse(source: String, path: String) -> Lesson {
    var diagnostics = [Diagnostic]()
    let text = MarkdownDocument.normalizingLineEndings(source)
    let (frontMatter, body) = splitFrontMatter(text, path: path, diagnostics: &diagnostics)
    let document = MarkdownDocument(body)
    var cells = [Cell]()
    for block in document.codeBlocks() where block.isFenced {
      guard block.language == "swift" else {
        if isMisspelledSwift(block.language) {
          diagnostics.append(Diagnostic(
            file: path, line: block.fenceLine, column: block.column,
            message: "'\(block.language)' is not a cell: only '```swift' fences run; write '```swift norun' to show Swift that does not run"))
        }
        continue
      }
      let firstOfCell = diagnostics.count
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
      let (options, code, optionLines) = parseOptions(block, path: path, diagnostics: &diagnostics)
      let cell = Cell(
        index: cells.count, code: code, options: options, optionLines: optionLines,
        firstCodeLine: block.firstCodeLine + optionLines.count, fenceLine: block.fenceLine,
        column: block.column, isNoRun: flags.contains("norun"))
      if cell.runs { diagnostics += reservedNameUses(in: cell, path: path) }
      for i in diagnostics.indices.dropFirst(firstOfCell) { diagnostics[i].cell = cell.index }
      cells.append(cell)
    }
    let exercises = ExerciseParser.exercises(in: cells, path: path, diagnostics: &diagnostics)
    diagnostics += fencesInsideHTML(document, path: path)
    let inline = InlineExpressions.find(in: document, cells: cells, path: path, diagnostics: &diagnostics)
    let headings = headingAnchors(document)
    diagnostics += duplicateIDs(cells, headings: headings, path: path)
    let firstHeading = headings.first { $0.level == 1 }?.title
    let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    var lesson = Lesson(
      path: path, source: source, body: body, frontMatter: frontMatter, cells: cells, headings: headings,
      diagnostics: diagnostics, title: frontMatter.title ?? firstHeading ?? fileName)
    lesson.inlineExpressions = inline
    lesson.exercises = exercises
    return lesson
  }

  /// Parses a lesson file's bytes. Bytes that are not UTF-8 are an error at
  /// the first line that holds them (the rest is parsed with U+FFFD in their
  /// place, so the page still shows the lesson).
  public static func parse(data: Data, path: String) -> Lesson {
    if let text = String(validating: data, as: UTF8.self) { return parse(source: text, path: path) }
    var lesson = parse(source: String(decoding: data, as: UTF8.self), path: path)
    let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    let bad = lines.firstIndex { String(validating: $0, as: UTF8.self) == nil } ?? 0
    let line = lines.distance(from: lines.startIndex, to: bad) + 1
    lesson.diagnostics.insert(Diagnostic(
      file: path, line: line, message: "the file is not valid UTF-8 (from this line on, some bytes cannot be read as text); save it as UTF-8"), at: 0)
    return lesson
  }

  /// A lesson for a file that could not be read: no cells, one error.
  public static func unreadable(path: String, error: any Error) -> Lesson {
    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    return Lesson(
      path: path, source: "", body: "", frontMatter: FrontMatter(), cells: [], headings: [],
      diagnostics: [Diagnostic(file: path, line: 1, message: "cannot read the file: \(error.localizedDescription)")],
      title: name)
  }

  /// Whether a fence's language is a near miss for `swift` (`Swift`,
  /// `{swift}`, `swift,`), which would otherwise silently show code that
  /// never runs.
  static func isMisspelledSwift(_ language: String) -> Bool {
    let letters = language.lowercased().filter(\.isLetter)
    return letters == "swift" && language != "swift"
  }

  /// Errors for a runnable cell that uses the names the generated program
  /// reserves for the runner (see ``ProgramGenerator/reservedPrefix``): a
  /// cell could otherwise shadow or fake the runner's cell markers.
  static func reservedNameUses(in cell: Cell, path: String) -> [Diagnostic] {
    cell.code.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { offset, line in
      guard let range = line.range(of: ProgramGenerator.reservedPrefix) else { return nil }
      return Diagnostic(
        file: path, line: cell.firstCodeLine + offset,
        column: cell.column + line.utf8.distance(from: line.startIndex, to: range.lowerBound),
        message: "names starting with '\(ProgramGenerator.reservedPrefix)' are reserved for the lesson runner")
    }
  }

  /// Errors for ` ```swift ` fences that cmark reads as raw HTML because they
  /// sit inside an HTML block (no blank line after a tag such as
  /// `<details>`): they would vanish from the page and never run.
  static func fencesInsideHTML(_ document: MarkdownDocument, path: String) -> [Diagnostic] {
    var diagnostics = [Diagnostic]()
    for node in document.allNodes() where node.kind == .htmlBlock {
      for number in node.startLine...max(node.startLine, node.endLine) {
        guard let line = document.line(number) else { continue }
        let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == ">" }
        guard trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") else { continue }
        let language = trimmed.drop { $0 == "`" || $0 == "~" }.prefix { !$0.isWhitespace }
        guard language.lowercased().filter(\.isLetter) == "swift" else { continue }
        diagnostics.append(Diagnostic(
          file: path, line: number,
          message: "this Swift fence is inside an HTML block, so Markdown shows it as raw HTML and it never runs; leave a blank line between the HTML tag and the fence"))
      }
    }
    return diagnostics
  }

  /// Every heading with its anchor, in document order: the id it asks for
  /// with a trailing `{#id}` (Quarto's syntax, e.g. `## Momentum {#sec-momentum}`,
  /// for `@sec-momentum` references), else a slug of its text made unique on
  /// the page and kept clear of the ids the site generates.
  static func headingAnchors(_ document: MarkdownDocument) -> [Heading] {
    let nodes = document.allNodes().filter { $0.kind == .heading }
    // Explicit ids first, so that no slug takes one of them.
    var used = Set(nodes.compactMap { HeadingID.split($0.plainText).id })
    return nodes.map { node in
      let (title, id) = HeadingID.split(node.plainText)
      return Heading(line: node.startLine, level: node.headingLevel, title: title, anchor: id ?? uniqueSlug(title, used: &used))
    }
  }

  /// Errors for cell ids that repeat another cell's id, a heading's anchor,
  /// or an id the site generates, each at the later cell's line.
  static func duplicateIDs(_ cells: [Cell], headings: [Heading], path: String) -> [Diagnostic] {
    var diagnostics = [Diagnostic]()
    var seen = [String: Int]()  // id → the line that claimed it
    for heading in headings {
      if let earlier = seen[heading.anchor] {
        diagnostics.append(Diagnostic(
          file: path, line: heading.line,
          message: "heading id '\(heading.anchor)' is already used on this page (line \(earlier)); ids must be unique"))
      } else if PageIDs.isGenerated(heading.anchor) {
        diagnostics.append(Diagnostic(
          file: path, line: heading.line,
          message: "heading id '\(heading.anchor)' is one the page generates (cell-N, fig-N, content, search-input); choose another"))
      }
      seen[heading.anchor] = heading.line
    }
    for cell in cells {
      guard let id = cell.options.id else { continue }
      let at = cell.optionLines["id"] ?? cell.fenceLine
      if PageIDs.isGenerated(id) {
        diagnostics.append(Diagnostic(
          file: path, line: at, column: cell.column,
          message: "cell id '\(id)' is one the page generates (cell-N, fig-N, content, search-…); choose another",
          cell: cell.index))
      } else if let earlier = seen[id] {
        diagnostics.append(Diagnostic(
          file: path, line: at, column: cell.column,
          message: "cell id '\(id)' is already used on this page (line \(earlier)); ids must be unique",
          cell: cell.index))
      } else {
        seen[id] = at
      }
    }
    return diagnostics
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
        case "optimize":
          guard let optimize = value.bool else {
            diagnostics.append(Diagnostic(file: path, line: line, message: "front matter 'optimize' must be true or false"))
            continue
          }
          frontMatter.optimize = optimize
        case "code-fold":
          guard let fold = CodeFold(yaml: value) else {
            diagnostics.append(Diagnostic(file: path, line: line, message: "front matter 'code-fold' must be true, false or show"))
            continue
          }
          frontMatter.codeFold = fold
        case "echo-expect":
          guard let echo = value.bool else {
            diagnostics.append(Diagnostic(file: path, line: line, message: "front matter 'echo-expect' must be true or false"))
            continue
          }
          frontMatter.echoExpect = echo
        case "order":
          guard let order = value.int else {
            diagnostics.append(Diagnostic(file: path, line: line, message: "front matter 'order' must be an integer"))
            continue
          }
          frontMatter.order = order
        default:
          let name = key.string ?? "?"
          let suggestion = FrontMatter.knownKeys.first { editDistance(name, $0) <= 2 }.map { "; did you mean '\($0)'?" } ?? ""
          diagnostics.append(Diagnostic(
            file: path, line: line, severity: .warning,
            message: "unknown front matter key '\(name)'\(suggestion) (known: \(FrontMatter.knownKeys.joined(separator: ", ")))"))
        }
      }
      return (frontMatter, body)
    } catch {
      let line = ((error as? YamlError).flatMap(\.markLine) ?? 0) + 2
      diagnostics.append(Diagnostic(file: path, line: line, message: "front matter is not valid YAML: \(error)"))
      return (FrontMatter(), body)
    }
  }

  /// Splits leading `//| key: value` lines off a cell's code; returns the
  /// options, the code, and the Markdown line of each option line (by key;
  /// malformed lines count too, under `""`, so that the count is the number
  /// of option lines).
  static func parseOptions(
    _ block: CodeBlock, path: String, diagnostics: inout [Diagnostic]
  ) -> (CellOptions, String, OptionLines) {
    var options = CellOptions()
    var optionLines = OptionLines()
    let lines = block.code.split(separator: "\n", omittingEmptySubsequences: false)
    for line in lines {
      let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
      guard trimmed.hasPrefix("//|") else { break }
      let entry = trimmed.dropFirst(3)
      let lineNumber = block.firstCodeLine + optionLines.count
      guard let colon = entry.firstIndex(of: ":") else {
        optionLines.append(key: "", line: lineNumber)
        diagnostics.append(Diagnostic(
          file: path, line: lineNumber, column: block.column,
          message: "cell option line must read '//| key: value'"))
        continue
      }
      let key = entry[..<colon].trimmingCharacters(in: .whitespaces)
      let value = entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      if let earlier = optionLines[key] {
        diagnostics.append(Diagnostic(
          file: path, line: lineNumber, column: block.column,
          message: "option '\(key)' is already set on line \(earlier)"))
      }
      optionLines.append(key: key, line: lineNumber)
      do {
        try options.set(key, to: value)
      } catch {
        diagnostics.append(Diagnostic(file: path, line: lineNumber, column: block.column, message: error.message))
      }
    }
    // An option line below the code is only a comment: almost surely a
    // mistake, so it is pointed out.
    for (offset, line) in lines.enumerated().dropFirst(optionLines.count)
    where line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("//|") {
      diagnostics.append(Diagnostic(
        file: path, line: block.firstCodeLine + offset, column: block.column, severity: .warning,
        message: "this '//|' line is below the cell's code, so it is a comment, not an option; options go on the first lines of the cell"))
    }
    let code = lines.dropFirst(optionLines.count).joined(separator: "\n")
    return (options, code, optionLines)
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
