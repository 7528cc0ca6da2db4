import CCmark
import Foundation
import LessonModel
import LessonRunner
import Testing
import TrainingCore

#if canImport(Glibc)
  import Glibc
#endif

/// Random lessons built from the constructs that make finding cells hard:
/// fences of both kinds and several lengths, near-miss languages, lists, block
/// quotes, HTML blocks, indented code, tabs, a byte-order mark, and LF, CRLF
/// and CR line endings mixed line by line.
private struct LessonGenerator {
  var random: RandomGenerator

  mutating func pick<T>(_ choices: [T]) -> T { choices[random.integer(below: choices.count)] }

  mutating func fence(language: String, indent: String = "", body: [String]) -> [String] {
    let character = pick(["`", "~"])
    let length = pick([3, 3, 4])
    let marker = String(repeating: character, count: length)
    let closing = pick([true, true, true, false]) ? [indent + marker] : []
    return [indent + marker + language] + body.map { indent + $0 } + closing
  }

  mutating func block() -> [String] {
    let code = pick([["print(1)"], ["//| echo: false", "let x = 2", "", "print(x)"], ["\tlet tab = 1"], ["```swift inside a string?"]])
    let language = pick(["swift", "swift", "swift norun", "Swift", "{swift}", "python", "", "swift\t", "math"])
    switch random.integer(below: 9) {
    case 0: return ["Some prose with `code` and *emphasis*.", ""]
    case 1: return fence(language: language, body: code) + [""]
    case 2: return ["- a list item", ""] + fence(language: language, indent: "  ", body: code) + [""]
    case 3: return fence(language: language, indent: "> ", body: code) + [""]
    case 4: return ["<div>", "```swift", "print(\"in html\")", "```", "</div>", ""]
    case 5: return ["<details>", "", "```swift", "print(\"after a blank line\")", "```", "", "</details>", ""]
    case 6: return ["    indented code", "    ```swift", ""]
    case 7: return ["````markdown"] + fence(language: "swift", body: code) + ["````", ""]
    default: return ["## A heading", ""]
    }
  }

  /// A lesson, and how its lines end.
  mutating func lesson() -> String {
    var lines = [String]()
    for _ in 0..<(1 + random.integer(below: 8)) { lines += block() }
    var text = random.integer(below: 4) == 0 ? "\u{FEFF}" : ""
    for line in lines { text += line + pick(["\n", "\n", "\r\n", "\r"]) }
    return text
  }
}

/// The fenced code blocks cmark itself finds in `markdown` (no normalizing
/// on our side): start line, info string and literal.
private func cmarkCodeBlocks(_ markdown: String) -> [(line: Int, info: String, code: String)] {
  let root = cmark_parse_document(markdown, markdown.utf8.count, CMARK_OPT_VALIDATE_UTF8)
  defer { cmark_node_free(root) }
  let iterator = cmark_iter_new(root)
  defer { cmark_iter_free(iterator) }
  var blocks = [(line: Int, info: String, code: String)]()
  while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
    guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK
    else { continue }
    blocks.append((
      Int(cmark_node_get_start_line(node)),
      cmark_node_get_fence_info(node).map { String(cString: $0) } ?? "",
      cmark_node_get_literal(node).map { String(cString: $0) } ?? ""))
  }
  return blocks
}

@Suite("Markdown → cells, checked against cmark on random lessons")
struct MarkdownCellsFuzzTests {
  @Test("Every swift code block cmark finds is a cell or an error; near misses and swallowed fences are errors")
  func cellsMatchCmark() throws {
    var generator = LessonGenerator(random: RandomGenerator(seed: 2026))
    var cellsSeen = 0, swallowedSeen = 0, crlfSeen = 0
    for round in 0..<400 {
      let source = generator.lesson()
      let lesson = LessonParser.parse(source: source, path: "fuzz.md")
      let blocks = cmarkCodeBlocks(source)
      cellsSeen += lesson.cells.count
      if source.contains("\r\n") { crlfSeen += 1 }
      let swift = blocks.filter { $0.info.split(whereSeparator: \.isWhitespace).first == "swift" }
      let context = "round \(round): \(source.debugDescription)"
      #expect(lesson.cells.map(\.fenceLine) == swift.map(\.line), "\(context)")
      for (cell, block) in zip(lesson.cells, swift) {
        // cmark's literal, with our option lines taken off, is the cell's code.
        let literal = block.code.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = literal.split(separator: "\n", omittingEmptySubsequences: false)
        let code = lines.dropFirst(cell.optionLines.count).joined(separator: "\n")
        #expect(cell.code == code, "\(context)")
      }
      let errorLines = Set(lesson.diagnostics.filter { $0.severity == .error }.map(\.line))
      for block in blocks {
        let language = block.info.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
        if language.lowercased().filter(\.isLetter) == "swift" && language != "swift" {
          #expect(errorLines.contains(block.line), "near miss '\(language)' at line \(block.line) not reported: \(context)")
        }
      }
      // A swift fence inside an HTML block (no blank line after the tag) is
      // raw HTML to cmark: it must be reported.
      let lines = splitLines(source)
      for (number, line) in lines.enumerated() where line == "```swift" {
        let inBlock = blocks.contains { $0.line == number + 1 } || isInsideCodeBlock(number + 1, lines: lines, blocks: blocks)
        if !inBlock {
          swallowedSeen += 1
          #expect(errorLines.contains(number + 1), "swallowed fence at line \(number + 1) not reported: \(context)")
        }
      }
    }
    // The generator really produced what the test is about.
    #expect(cellsSeen > 400 && swallowedSeen > 50 && crlfSeen > 300, "\(cellsSeen) \(swallowedSeen) \(crlfSeen)")
  }

  /// Whether line `number` lies inside one of `blocks` (as content).
  private func isInsideCodeBlock(_ number: Int, lines: [String], blocks: [(line: Int, info: String, code: String)]) -> Bool {
    blocks.contains { block in
      let count = block.code.split(separator: "\n", omittingEmptySubsequences: false).count
      return number > block.line && number <= block.line + count
    }
  }
}

/// The lines of `source` split at LF, CRLF and CR, without a byte-order mark.
private func splitLines(_ source: String) -> [String] {
  var lines = [String](), current = ""
  var previousWasCR = false
  for scalar in source.unicodeScalars where scalar != "\u{FEFF}" {
    if scalar == "\n" && previousWasCR { previousWasCR = false; continue }
    previousWasCR = scalar == "\r"
    if scalar == "\n" || scalar == "\r" {
      lines.append(current)
      current = ""
    } else {
      current.unicodeScalars.append(scalar)
    }
  }
  lines.append(current)
  return lines
}
