import Foundation
import LessonModel
import LessonRunner
import Testing

@testable import Site

/// One typesetter for the site tests: KaTeX starts once per batch of new formulas.
let testMath = MathRenderer()

private func course(_ lessons: [(path: String, markdown: String)]) -> Course {
  Course(lessons: lessons.map { lesson in
    LessonFile(url: URL(fileURLWithPath: lesson.path), lesson: LessonParser.parse(source: lesson.markdown, path: lesson.path))
  })
}

@Suite("Math typeset at build time")
struct MathRendererTests {
  @Test func typesetsInlineAndDisplayMath() throws {
    guard case .html(let inline, let warnings) = try testMath.typeset(.init(tex: "x^2", display: false)) else {
      Issue.record("x^2 did not typeset")
      return
    }
    #expect(inline.hasPrefix(#"<span class="katex">"#))
    #expect(inline.contains("<msup>"))
    #expect(warnings.isEmpty)
    guard case .html(let display, _) = try testMath.typeset(.init(tex: "x^2", display: true)) else {
      Issue.record("x^2 did not typeset as a display equation")
      return
    }
    #expect(display.contains(#"<span class="katex-display">"#))
  }

  @Test func reportsWhereKaTeXStopped() throws {
    guard case .error(let message, let offset) = try testMath.typeset(.init(tex: "\\lambda_\\max", display: false)) else {
      Issue.record("\\lambda_\\max typeset, but KaTeX rejects a subscript operator without braces")
      return
    }
    #expect(message.contains("\\max"))
    #expect(offset == 8)
  }

  @Test func findsFormulasAtTheirLinesAndColumns() {
    let markdown = """
      ---
      title: T
      ---
      Inline $`a + b`$ and `code` and $``c`d``$.

      - ```math
        \\frac{1}{2}
        ```
      """
    let spans = MathSpan.find(in: LessonParser.parse(source: markdown, path: "x.md"))
    #expect(spans.map(\.formula) == [
      .init(tex: "a + b", display: false), .init(tex: "c`d", display: false), .init(tex: "\\frac{1}{2}\n", display: true),
    ])
    #expect(spans.map(\.line) == [4, 4, 7])
    // The TeX starts after "Inline $`" (column 10) and after "$``" (column 36).
    #expect(spans[0].column == 10)
    #expect(spans[1].column == 36)
    #expect(spans[2].column == 3)
  }

  @Test func diagnosticsPointAtTheTeXInTheMarkdown() throws {
    let lessons = course([
      (
        "lessons/01-a.md",
        """
        # A

        The largest eigenvalue $`\\lambda_\\max`$ sets the step.

        ```math
        x = 1 \\\\
        y = \\frac{1}{
        ```
        """
      ),
      ("lessons/02-b.md", "# B\n\nFine: $`\\lambda_{\\max}`$.\n"),
    ])
    let diagnostics = try ProseCheck.diagnostics(for: lessons, math: testMath)
    #expect(diagnostics["lessons/02-b.md"] == nil)
    let found = try #require(diagnostics["lessons/01-a.md"])
    #expect(found.count == 2)
    #expect(found.allSatisfy { $0.severity == .error && $0.file == "lessons/01-a.md" })
    // `\max` starts 8 characters into the TeX, which starts at column 26.
    #expect(found[0].line == 3)
    #expect(found[0].column == 34)
    #expect(found[0].message.hasPrefix("math does not typeset: "))
    #expect(found[0].message.contains("(in `\\lambda_\\max`)"))
    // The unclosed brace is found at the end of the block's second line.
    #expect(found[1].line == 7)
  }

  @Test func keepsResultsInTheCacheFileAcrossRenderers() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("math-cache-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("math.json")
    let formula = MathRenderer.Formula(tex: "\\sqrt{2} + \\alpha_\(UInt32.random(in: 0...UInt32.max))", display: false)
    let first = MathRenderer(cacheFile: file)
    let typeset = try first.typeset(formula)
    first.saveCache()
    // Mark the stored HTML, to tell a cached result from a fresh one.
    let stored = try String(contentsOf: file, encoding: .utf8)
    #expect(stored.contains("sqrt"))
    try stored.replacingOccurrences(of: #"<span class=\"katex\">"#, with: #"<span class=\"from-cache\">"#)
      .write(to: file, atomically: true, encoding: .utf8)
    guard case .html(let cached, _) = try MathRenderer(cacheFile: file).typeset(formula) else {
      Issue.record("the cached formula did not come back as HTML")
      return
    }
    #expect(cached.hasPrefix(#"<span class="from-cache">"#))
    #expect(cached != { if case .html(let html, _) = typeset { html } else { "" } }())

    // Results stored by another KaTeX are not used: without KaTeX, it fails.
    let katexless = URL(fileURLWithPath: "/nonexistent-katex")
    #expect(throws: SiteError.self) { try MathRenderer(katexDirectory: katexless, cacheFile: file).typeset(formula) }
  }

  @Test func nodeIsFoundOnPath() {
    #expect(NodeScript.executable != nil, "Node.js must be installed for these tests (scripts/install-deps)")
  }
}
