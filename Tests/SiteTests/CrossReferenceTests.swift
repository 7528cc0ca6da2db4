import CellProtocol
import Foundation
import LessonModel
import LessonRunner
import Testing

@testable import Site

private let lessonText = """
  # Optimizers

  As @fig-loss shows, and @eq-adam says (see @sec-momentum and
  [a link with @fig-loss](https://example.com)), Adam adapts. `@fig-loss` in code stays.

  ```math {#eq-sgd}
  w \\leftarrow w - \\eta g
  ```

  ```math {#eq-adam}
  w \\leftarrow w - \\eta \\hat m
  ```

  ```math
  x = 1
  ```

  ## Momentum {#sec-momentum}

  ```swift
  //| id: other
  bar(["a"], ["v": [1]])
  ```

  ```swift
  //| id: fig-loss
  plot(["loss": [3, 2, 1]])
  ```
  """

private func chartResult(_ index: Int) -> CellResult {
  CellResult(index: index, status: .passed, displays: [.chart(Chart(.bar(categories: ["a"], series: [BarSeries(name: "v", values: [1])], logY: false)), caption: nil)])
}

@Suite("Cross-references and callouts")
struct CrossReferenceTests {
  let lesson = LessonParser.parse(source: lessonText, path: "lessons/08-opt.md")

  @Test func referencesLinkToNumberedTargets() {
    let result = LessonResult(path: lesson.path, cells: [chartResult(0), chartResult(1)], diagnostics: [])
    let html = BodyRenderer(charts: ChartRenderer(), math: testMath).render(lesson, result: result).html
    // The second cell's chart is the page's second figure.
    #expect(html.contains(##"As <a class="xref" href="#fig-loss">Figure 2</a> shows"##))
    #expect(html.contains(##"<a class="xref" href="#eq-adam">Equation 2</a> says (see <a class="xref" href="#sec-momentum">Momentum</a>"##))
    // Not inside links or code.
    #expect(html.contains("a link with @fig-loss</a>"))
    #expect(html.contains("<code>@fig-loss</code>"))
    // Labelled equations carry their number and id; the heading its id, without the braces.
    #expect(html.contains(#"<div class="math math-display" id="eq-adam" tabindex="0">"#))
    #expect(html.contains("(2)"))
    #expect(html.contains(#"<h2 id="sec-momentum">Momentum <a aria-label="Link to this section""#))
    #expect(!html.contains("{#"))
    #expect(lesson.headings.map(\.title) == ["Optimizers", "Momentum"])
  }

  @Test func mathAndAReferenceShareALine() {
    let html = BodyRenderer(charts: ChartRenderer(), math: testMath)
      .render(LessonParser.parse(source: "Over $`W`$ steps (@eq-a), see $`x`$.\n\n```math {#eq-a}\ny\n```\n", path: "m.md"), result: nil).html
    #expect(html.contains(##"steps (<a class="xref" href="#eq-a">Equation 1</a>), see <span class="math math-inline">"##), "\(html)")
    #expect(!html.contains("$"))
  }

  @Test func unknownReferencesAreErrorsAtTheirColumns() {
    let broken = LessonParser.parse(source: "# T\n\nSee @fig-nothing, @eq-none and @sec-gone.\n", path: "x.md")
    let diagnostics = CrossReferences.diagnostics(for: broken)
    #expect(diagnostics.map { "\($0.line):\($0.column ?? 0)" } == ["3:5", "3:19", "3:32"])
    #expect(diagnostics[0].message == "unknown cross-reference @fig-nothing: the page has no cell with `//| id: fig-nothing`")
    #expect(diagnostics[1].message.contains("```math {#eq-none}"))
    #expect(diagnostics[2].message.contains("heading ending in {#sec-gone}"))
    #expect(CrossReferences.diagnostics(for: lesson).isEmpty)
    // An email address is not a reference, and a trailing period is not part of one.
    let prose = LessonParser.parse(source: "Mail me@fig-host.org or see @fig-x.\n\n```swift\n//| id: fig-x\nprint(1)\n```\n", path: "y.md")
    #expect(CrossReferences.diagnostics(for: prose).map(\.message) == ["unknown cross-reference @fig-host: the page has no cell with `//| id: fig-host`"])
  }

  @Test func duplicateHeadingIDsAreErrors() {
    let twice = LessonParser.parse(source: "## A {#sec-a}\n\n## B {#sec-a}\n\n## Fig {#fig-1}\n", path: "z.md")
    let messages = twice.diagnostics.map { "\($0.line): \($0.message)" }
    #expect(messages.contains("3: heading id 'sec-a' is already used on this page (line 1); ids must be unique"))
    #expect(messages.contains { $0.hasPrefix("5: heading id 'fig-1' is one the page generates") })
  }

  @Test func alertsBecomeCallouts() {
    let markdown = """
      > [!WARNING]
      > Some code takes *p* as the keep probability.

      > [!tip] Not an alert: text follows the marker.

      > [!NOTE]
      >
      > Two paragraphs.
      >
      > Second.

      > [!UNKNOWN]
      > Stays a quote.
      """
    let html = BodyRenderer(charts: ChartRenderer(), math: testMath)
      .render(LessonParser.parse(source: markdown, path: "c.md"), result: nil).html
    #expect(html.contains("""
      <div class="callout callout-warning" role="note">
      <p class="callout-title">Warning</p>
      <p>Some code takes <em>p</em> as the keep probability.</p>
      </div>
      """))
    #expect(html.contains("<blockquote>\n<p>[!tip] Not an alert"))
    #expect(html.contains("<p class=\"callout-title\">Note</p>\n<p>Two paragraphs.</p>\n<p>Second.</p>\n</div>"))
    #expect(html.contains("<blockquote>\n<p>[!UNKNOWN]"))
  }
}

@Suite("A series keeps its colour on the page")
struct SeriesColourTests {
  private func line(_ names: [String]) -> DisplayItem {
    .chart(Chart(.line(series: names.map { Series(name: $0, points: [Point(x: 0, y: 1), Point(x: 1, y: 2)]) }, logY: false)), caption: nil)
  }

  @Test func aNameKeepsItsColourFromFigureToFigure() {
    let lesson = LessonParser.parse(source: "```swift\nprint(1)\n```\n\n```swift\nprint(2)\n```\n", path: "c.md")
    let result = LessonResult(path: lesson.path, cells: [
      CellResult(index: 0, status: .passed, displays: [line(["SGD", "Adam"])]),
      CellResult(index: 1, status: .passed, displays: [line(["Adam", "RMSProp"]), line(["x", "y"])]),
    ], diagnostics: [])
    let html = BodyRenderer(charts: ChartRenderer(), math: testMath).render(lesson, result: result).html
    func colour(of name: String, inFigure figure: Int) -> String? {
      let part = html.components(separatedBy: "id=\"fig-\(figure)\"").dropFirst().first ?? ""
      // The legend entry whose label is `name`: `<g class="legend-item series-N">…<text …>name</text>`.
      let entries = part.components(separatedBy: "<g class=\"legend-item ").dropFirst()
      return entries.first { $0.contains(">\(name)</text>") }.map { String($0.prefix { $0 != " " && $0 != "\"" }) }
    }
    #expect(colour(of: "Adam", inFigure: 1) == "series-2")
    #expect(colour(of: "Adam", inFigure: 2) == "series-2")   // not series-1, its position there
    #expect(colour(of: "RMSProp", inFigure: 2) == "series-3")
    // New names keep distinct colours of their own.
    #expect(colour(of: "x", inFigure: 3) == "series-4")
  }
}
