import CellProtocol
import LessonModel

/// Turns a lesson's cells into one Swift program, in the style of a notebook
/// kernel: cells run in order at top level, so a `let` in one cell is visible
/// in every later cell.
///
/// Each cell is wrapped in runtime markers and a `#sourceLocation` directive,
/// so compiler diagnostics, `#line` in `expect`, and runtime traps name the
/// Markdown file and line:
///
/// ```swift
/// __lessons_startCell(2)
/// #sourceLocation(file: "lessons/03-init.md", line: 41)
/// let model = Sequential { … }
/// #sourceLocation()
/// __lessons_finishCell(2)
/// ```
///
/// The markers are LessonKit functions with reserved names
/// (``reservedPrefix``), which the parser forbids in cells, so that no
/// declaration of a cell can shadow them and no cell can fake them.
///
/// A cell marked `error: expected` is wrapped in `do { … } catch` so that a
/// thrown error counts as its expected failure; its declarations are then
/// local to it.
struct ProgramGenerator {
  /// The path written into `#sourceLocation`, as diagnostics should show it.
  let lessonPath: String

  /// The prefix of the names generated code uses; cells may not use it.
  static let reservedPrefix = "__lessons_"

  /// A generated program and which of its lines belong to which cell.
  struct Program {
    /// The Swift source.
    var source: String
    /// For each cell index, the 1-based range of generated lines it spans
    /// (markers included), to attribute diagnostics that cmark positions
    /// cannot (e.g. a missing `}` reported after the cell).
    var cellLines: [Int: ClosedRange<Int>]
    /// For each inline expression's index, the generated lines it spans.
    var inlineLines: [Int: ClosedRange<Int>] = [:]

    /// The inline expression whose generated lines contain `line`.
    func inlineExpression(containingGeneratedLine line: Int) -> Int? {
      inlineLines.first { $0.value.contains(line) }?.key
    }

    /// The cell whose generated lines contain `line`, or the last cell before
    /// it.
    func cell(containingGeneratedLine line: Int) -> Int? {
      cellLines.filter { $0.value.lowerBound <= line }.max { $0.value.lowerBound < $1.value.lowerBound }?.key
    }
  }

  /// A `#sourceLocation` directive that makes the next line `line` of `path`.
  static func sourceLocation(_ path: String, line: Int) -> String {
    let file = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return "#sourceLocation(file: \"\(file)\", line: \(line))"
  }

  /// A shared file as compiled with the cells: LessonKit imported, and its
  /// lines numbered as in `file`.
  static func sharedSource(_ file: SourceFile) -> String {
    "import LessonKit\n" + sourceLocation(file.path, line: 1) + "\n" + file.text
  }

  /// The prefix of the generated line that holds inline expression
  /// `index`; the expression follows it, so a compiler column minus the
  /// prefix's length is a column of the expression.
  static func inlinePrefix(_ index: Int) -> String { "let \(reservedPrefix)inline\(index) = " }

  /// The program for the given cells and inline expressions (each evaluated
  /// right after the cell before it); cells in `excluded` are replaced by
  /// their markers only (used to drop a cell whose expected failure has been
  /// confirmed, so that the cells after it can run). With `checkpoints`,
  /// the program forks a checkpoint before each cell (`lessons notebook`'s
  /// kernel: see ``LessonKernel``).
  func program(
    for cells: [Cell], inline: [InlineExpression] = [], excluding excluded: Set<Int> = [], checkpoints: Bool = false
  ) -> Program {
    body(for: cells, inline: inline, excluding: excluded, checkpoints: checkpoints, header: ["import LessonKit", ""])
  }

  /// A library that runs `cells` (and the inline expressions after them)
  /// in a worker forked from a kernel's checkpoint: the cells become the
  /// body of one function, which sees the kernel's earlier cells through
  /// `@testable import` of its module, and the library exports it as
  /// ``ResumeRequest/entryPoint``. `imports` are the lesson's imports,
  /// which the whole program sees; each name in `unavailable` is declared
  /// as a type that cannot be used, hiding the kernel's declaration of it.
  func resumedProgram(for cells: [Cell], inline: [InlineExpression], imports: [String], unavailable: [String]) -> Program {
    let hidden = unavailable.filter { !$0.hasPrefix("$") }.flatMap { name in
      [
        "@available(*, unavailable, message: \"declared in a later cell of the kernel's program\")",
        "private struct `\(name)` {}",
      ]
    }
    let header = ["@testable import \(Self.kernelModule)", "import LessonKit"] + imports + hidden + [
      "",
      "@_cdecl(\"\(ResumeRequest.entryPoint)\") public func \(Self.reservedPrefix)resume() {",
      "  \(Self.reservedPrefix)runResumed(\(Self.reservedPrefix)cells)",
      "}",
      "",
      "private func \(Self.reservedPrefix)cells() throws {",
    ]
    var program = body(for: cells, inline: inline, excluding: [], checkpoints: false, header: header, resumed: true)
    program.source += "}\n"
    return program
  }

  /// The module name of every lesson program, which a resumed library
  /// imports.
  static let kernelModule = "Lesson"

  /// The module name of a resumed library (reserved: cells cannot name it).
  static let resumedModule = "\(reservedPrefix)resumed"

  /// `header`'s lines, then the cells with their markers and the inline
  /// expressions after each (and before the first, unless `resumed`).
  private func body(
    for cells: [Cell], inline: [InlineExpression], excluding excluded: Set<Int>, checkpoints: Bool, header: [String],
    resumed: Bool = false
  ) -> Program {
    var lines = header
    var cellLines = [Int: ClosedRange<Int>]()
    var inlineLines = [Int: ClosedRange<Int>]()
    func appendInline(after cell: Int?) {
      for expression in inline where expression.afterCell == cell {
        let first = lines.count + 1
        lines.append(Self.sourceLocation(lessonPath, line: expression.line))
        lines.append(Self.inlinePrefix(expression.index) + expression.code)
        lines.append("#sourceLocation()")
        lines.append("\(Self.reservedPrefix)inlineValue(\(expression.index), \(Self.reservedPrefix)inline\(expression.index))")
        inlineLines[expression.index] = first...lines.count
      }
    }
    // A resumed library's checkpoint has evaluated those already.
    if !resumed { appendInline(after: nil) }
    for cell in cells where cell.runs {
      if checkpoints { lines.append("\(Self.reservedPrefix)checkpoint(\(cell.index))") }
      let first = lines.count + 1
      lines.append("__lessons_startCell(\(cell.index))")
      if !excluded.contains(cell.index) {
        if cell.options.expectsError { lines.append("do {") }
        lines.append(Self.sourceLocation(lessonPath, line: cell.firstCodeLine))
        lines.append(cell.code.hasSuffix("\n") ? String(cell.code.dropLast()) : cell.code)
        lines.append("#sourceLocation()")
        if cell.options.expectsError {
          lines.append("} catch { __lessons_cellThrew(\(cell.index), error) }")
        }
      }
      lines.append("__lessons_finishCell(\(cell.index))")
      cellLines[cell.index] = first...lines.count
      appendInline(after: cell.index)
      lines.append("")
    }
    return Program(source: lines.joined(separator: "\n") + "\n", cellLines: cellLines, inlineLines: inlineLines)
  }
}
