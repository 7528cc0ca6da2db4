import Foundation
import CellProtocol
import LessonModel
import Synchronization

/// The rendered bodies of a site's lessons, kept between builds by a
/// long-running command (`lessons serve`), so that a rebuild renders only
/// the lessons whose text or results changed: a prose edit to one lesson
/// re-renders one page body, not the course.
///
/// A body is reused when the lesson's Markdown, front matter, cells, headings
/// and title, its result and the course config are all equal to those it was
/// rendered from.
///
/// ```swift
/// var builder = SiteBuilder(theme: try Theme(), courseTitle: "Course")
/// builder.renderCache = RenderCache()   // keep it across rebuilds
/// ```
public final class RenderCache: Sendable {
  private struct Entry {
    var body: String
    var cells: [Cell]
    var headings: [Heading]
    var title: String
    var frontMatter: FrontMatter
    var config: CourseConfig
    var result: LessonResult?
    var rendered: RenderedBody
  }

  private let entries = Mutex<[String: Entry]>([:])
  /// Highlighted code by source text, and chart markup by chart and id: a
  /// changed lesson re-renders only its changed cells' code and charts.
  private let highlighted = Mutex<[String: String]>([:])
  /// Code without its `expect` statements, and the names in code, by source
  /// text: each takes a swift-syntax parse, which is slow in a debug build.
  private let withoutExpects = Mutex<[String: ExpectStatements.Removal]>([:])
  private let names = Mutex<[String: [String]]>([:])
  /// Lesson bodies for the print page by prefix and body (a regular
  /// expression over the whole course, slow in a debug build).
  private let printBodies = Mutex<[String: String]>([:])
  /// The most code blocks or charts kept; past it the memo starts afresh.
  private static let limit = 2_000
  private let charts = Mutex<[ChartKey: String]>([:])

  private struct ChartKey: Hashable {
    var id: String
    var chart: Chart
    /// The page's colour slots of the chart's series.
    var colours: [Int]

    static func == (a: ChartKey, b: ChartKey) -> Bool { a.id == b.id && a.colours == b.colours && a.chart == b.chart }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }
  }

  /// The latest search index script and the documents it indexes.
  private let search = Mutex<(documents: [SearchIndex.Document], script: Data)?>(nil)

  /// An empty cache.
  public init() {}

  /// `code` highlighted, one block per line (``CodeLines``), from an earlier
  /// build when the code is the same.
  func highlighted(_ code: String) -> String {
    Self.remember(code, in: highlighted) { CodeLines.html(SwiftHighlighter.html(for: $0)) }
  }

  /// A lesson body with its ids prefixed for the print page, from an earlier
  /// build when the body is the same.
  func printBody(_ html: String, prefix: String) -> String {
    Self.remember(prefix + "\u{0}" + html, in: printBodies) { _ in PrintIDs.forPrint(html, prefix: prefix) }
  }

  /// `code` without its `expect` statements, from an earlier build when the
  /// code is the same.
  func removingExpects(from code: String) -> ExpectStatements.Removal {
    Self.remember(code, in: withoutExpects, ExpectStatements.removing(from:))
  }

  /// The names in `code` (for search), from an earlier build when the code
  /// is the same.
  func codeNames(_ code: String) -> [String] {
    Self.remember(code, in: names, CodeNames.of)
  }

  /// The search index script of `documents`, when it is the latest one kept.
  func searchScript(for documents: [SearchIndex.Document]) -> Data? {
    search.withLock { $0?.documents == documents ? $0?.script : nil }
  }

  /// The print page of the latest build, with what it was rendered from.
  private let printPage = Mutex<(context: PrintContext, page: Data)?>(nil)

  /// The print page of the latest build, if any.
  var latestPrintPage: Data? { printPage.withLock { $0?.page } }

  /// The print page rendered from `context`, when it is the latest one kept.
  func printPage(for context: PrintContext) -> Data? {
    printPage.withLock { $0?.context == context ? $0?.page : nil }
  }

  /// Keeps `page` as the latest print page, rendered from `context`.
  func rememberPrintPage(_ page: Data, for context: PrintContext) {
    printPage.withLock { $0 = (context, page) }
  }

  /// The latest search index script kept, whatever its documents.
  var latestSearchScript: Data? { search.withLock { $0?.script } }

  /// Keeps `script` as the search index of `documents`.
  func rememberSearchScript(_ script: Data, for documents: [SearchIndex.Document]) {
    search.withLock { $0 = (documents, script) }
  }

  /// The value kept for `key` in `store`, else `compute(key)`, kept.
  private static func remember<Value: Sendable>(
    _ key: String, in store: borrowing Mutex<[String: Value]>, _ compute: (String) -> Value
  ) -> Value {
    if let kept = store.withLock({ $0[key] }) { return kept }
    let value = compute(key)
    store.withLock { kept in
      if kept.count >= limit { kept.removeAll() }  // a long session's old versions
      kept[key] = value
    }
    return value
  }

  /// `chart` rendered with `id`, from an earlier build when both are the same.
  func chart(_ chart: Chart, id: String, renderer: ChartRenderer) -> String {
    let key = ChartKey(id: id, chart: chart, colours: Palette.colourSlots(of: chart))
    if let kept = charts.withLock({ $0[key] }) { return kept }
    let svg = renderer.render(chart, id: id)
    charts.withLock { kept in
      if kept.count >= Self.limit { kept.removeAll() }
      kept[key] = svg
    }
    return svg
  }

  /// The body of `lesson` with `result`: the kept one when nothing it
  /// depends on changed, else `render()`'s, kept for next time.
  func body(for lesson: Lesson, result: LessonResult?, config: CourseConfig, render: () -> RenderedBody) -> RenderedBody {
    let kept = entries.withLock { $0[lesson.path] }
    if let kept, kept.body == lesson.body, kept.cells == lesson.cells, kept.headings == lesson.headings,
      kept.title == lesson.title, kept.frontMatter == lesson.frontMatter, kept.config == config, kept.result == result
    {
      return kept.rendered
    }
    let rendered = render()
    let entry = Entry(
      body: lesson.body, cells: lesson.cells, headings: lesson.headings, title: lesson.title,
      frontMatter: lesson.frontMatter, config: config, result: result, rendered: rendered)
    entries.withLock { $0[lesson.path] = entry }
    return rendered
  }
}
