import CellProtocol
import Foundation
import LessonModel
import LessonRunner
import Testing

@testable import Site

/// A lesson result made by hand: cell outputs without running anything.
private func result(for lesson: Lesson, cells: [CellResult]) -> LessonResult {
  LessonResult(
    path: lesson.path, cells: cells, diagnostics: [], filesRead: [], compileSeconds: 0, runSeconds: 0, fromCache: false)
}

private func render(_ markdown: String, cells: [CellResult] = []) -> RenderedBody {
  let lesson = LessonParser.parse(source: markdown, path: "lessons/01-test.md")
  return BodyRenderer(charts: ChartRenderer(), math: testMath).render(lesson, result: result(for: lesson, cells: cells))
}

@Suite("Lesson bodies: prose, tables, math, headings, cells")
struct BodyRendererTests {
  @Test func headingsGetAnchorsAndTheTableOfContents() {
    let body = render("# Title\n\n## Why *zeros* fail\n\ntext\n\n### Details\n\n## Why zeros fail\n")
    #expect(body.html.contains(##"<h2 id="why-zeros-fail">Why <em>zeros</em> fail <a aria-label="Link to this section" class="permalink" href="#why-zeros-fail">#</a></h2>"##))
    #expect(body.tableOfContents.map(\.anchor) == ["why-zeros-fail", "details", "why-zeros-fail-2"])
    #expect(body.tableOfContents.map(\.level) == [2, 3, 2])
    #expect(body.searchSections.first { $0.anchor == "why-zeros-fail" }?.text == "text")
  }

  @Test func pipeTablesBecomeTables() {
    let body = render("| Loss | Task | Gradient |\n|:---|:--:|---:|\n| MSE | regression | *linear* |\n| hinge \\| SVM | classification |\n")
    #expect(body.html.contains("<table>"))
    #expect(body.html.contains(#"<th style="text-align: left">Loss</th><th style="text-align: center">Task</th><th style="text-align: right">Gradient</th>"#))
    #expect(body.html.contains(#"<td style="text-align: right"><em>linear</em></td>"#))
    // An escaped pipe stays in its cell; a short row is padded.
    #expect(body.html.contains(#"<td style="text-align: left">hinge | SVM</td><td style="text-align: center">classification</td><td style="text-align: right"></td>"#))
  }

  @Test func aParagraphWithPipesButNoDelimiterRowStaysAParagraph() {
    let body = render("a | b\nc | d\n")
    #expect(!body.html.contains("<table>"))
    #expect(body.html.contains("<p>a | b\nc | d</p>"))
  }

  @Test func mathBlocksAndInlineMath() {
    let body = render("Variance $`\\sigma^2 < 1`$ here.\n\n```math\n\\frac{a}{b} < c\n```\n")
    // Typeset at build time: KaTeX's HTML (with MathML) replaces the TeX and
    // the dollar signs around inline math are gone.
    #expect(body.html.contains(#"Variance <span class="math math-inline"><span class="katex">"#))
    #expect(body.html.contains("<mi>σ</mi>"))
    #expect(body.html.contains("</span></span> here."))
    #expect(!body.html.contains("$"))
    #expect(body.html.contains(#"<div class="math math-display" tabindex="0"><span class="katex-display">"#))
    #expect(body.html.contains("<mfrac>"))
  }

  @Test func mathThatDoesNotTypesetShowsItsEscapedTeX() {
    let body = render("Largest $`\\lambda_\\max <b>`$ eigenvalue.\n")
    #expect(body.html.contains(#"<span class="math math-inline math-error" title="TeX error: "#))
    #expect(body.html.contains(#"<code>\lambda_\max &lt;b&gt;</code>"#))
    #expect(!body.html.contains("<b>"))
    // A lone dollar amount is left alone.
    #expect(render("It costs $5 and `code` too.\n").html.contains("It costs $5 and <code>code</code> too."))
  }

  @Test func authorHTMLIsOmittedAndLessonLinksPointAtPages() {
    let body = render("<script>alert(1)</script>\n\nSee [the data lesson](02-data.md#whitening) and [Swift](https://swift.org/a.md).\n")
    #expect(!body.html.contains("<script>"))
    #expect(body.html.contains(#"<a href="02-data.html#whitening">the data lesson</a>"#))
    #expect(body.html.contains(#"<a href="https://swift.org/a.md">"#))
  }

  @Test func cellOutputsAreEscaped() {
    let hostile = "<script>alert(1)</script> & \"quotes\" &amp;"
    let cells = [
      CellResult(
        index: 0, status: .failed, text: hostile + "\n",
        displays: [.text(hostile), .table(columns: [hostile], rows: [[hostile]]),
                   .chart(Chart(.line(series: [Series(name: hostile, points: [Point(x: 0, y: 1), Point(x: 1, y: 2)])], logY: false), title: hostile), caption: hostile)],
        expectations: [ExpectationResult(passed: false, message: hostile, line: 3)],
        failure: hostile)
    ]
    let body = render("```swift\n//| caption: \(hostile)\nprint(\"<script>\")\n```\n", cells: cells)
    #expect(!body.html.contains("<script>"))
    #expect(body.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quotes\" &amp;amp;"))
    #expect(body.figureCount == 1)
  }

  @Test func echoAndOutputOptionsAreHonoured() {
    let cells = [CellResult(index: 0, status: .passed, text: "hidden output\n"), CellResult(index: 1, status: .passed, text: "shown output\n")]
    let body = render("```swift\n//| output: false\nlet codeShown = 1\n```\n\n```swift\n//| echo: false\nlet codeHidden = 2\n```\n", cells: cells)
    #expect(body.html.contains("codeShown") && !body.html.contains("hidden output"))
    #expect(!body.html.contains("codeHidden") && body.html.contains("shown output"))
  }

  @Test func swiftCodeIsHighlightedBySwiftSyntax() {
    let html = SwiftHighlighter.html(for: "let x: Float = 0.5 // half\nprint(\"a<b\")")
    #expect(html.hasPrefix(#"<span class="tok-keyword">let</span> x: "#))
    #expect(html.contains(#"<span class="tok-type">Float</span>"#))
    #expect(html.contains(#"<span class="tok-number">0.5</span>"#))
    #expect(html.contains(#"<span class="tok-comment">// half</span>"#))
    #expect(html.contains("a&lt;b"))
  }
}
