import CellProtocol
import Foundation
import LessonModel
import LessonRunner
@testable import Site
import Testing

/// Every internal link and asset reference in a built site that does not
/// resolve: `href`/`src` attributes in HTML and `url(…)` in CSS, including
/// `#anchors`, which must name an `id` on the target page.
func brokenLinks(in site: URL) throws -> [String] {
  let fileManager = FileManager.default
  let root = site.resolvingSymlinksInPath().path
  var files = [String]()
  let walker = fileManager.enumerator(atPath: root)
  while let path = walker?.nextObject() as? String { files.append(path) }
  var ids = [String: Set<String>]()
  func idsOf(_ page: String) -> Set<String> {
    if let known = ids[page] { return known }
    let html = (try? String(contentsOfFile: root + "/" + page, encoding: .utf8)) ?? ""
    let found = Set(matches(of: #"\bid="([^"]+)""#, in: html))
    ids[page] = found
    return found
  }
  var broken = [String]()
  // api/ is DocC's site (`make docs`), not committed: its own pages use
  // absolute /api/ paths (served by `lessons serve`), and links into it are
  // checked only when it has been generated.
  let hasAPI = fileManager.fileExists(atPath: root + "/api/index.html")
  for file in files where (file.hasSuffix(".html") || file.hasSuffix(".css")) && !file.hasPrefix("api/") {
    let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
    let references = file.hasSuffix(".html")
      ? matches(of: #"\b(?:href|src)="([^"]*)""#, in: text)
      : matches(of: #"url\(["']?([^"')]+)["']?\)"#, in: text)
    let folder = (file as NSString).deletingLastPathComponent
    for reference in references where !reference.contains("://") && !reference.hasPrefix("data:") && !reference.hasPrefix("mailto:") {
      let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      let path = parts[0].split(separator: "?").first.map(String.init) ?? ""
      var target = path.isEmpty ? file : ((folder as NSString).appendingPathComponent(path) as NSString).standardizingPath
      if target.hasPrefix("api/") && !hasAPI { continue }
      if path.hasSuffix("/") { target += "/index.html" }
      if !fileManager.fileExists(atPath: root + "/" + target) {
        broken.append("\(file): \(reference) (no such file)")
      } else if parts.count == 2, !parts[1].isEmpty, target.hasSuffix(".html"),
        // A browser finds `#sweeping-the-strength-%CE%BB` as `…-λ`.
        !idsOf(target).contains(parts[1].removingPercentEncoding ?? parts[1])
      {
        broken.append("\(file): \(reference) (no such anchor)")
      }
    }
  }
  return broken
}

private func matches(of pattern: String, in text: String) -> [String] {
  let regex = try! NSRegularExpression(pattern: pattern)
  return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
    Range($0.range(at: 1), in: text).map { String(text[$0]) }
  }
}

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("LessonRunnerTests/Fixtures")

@Suite("Building the site")
struct SiteBuilderTests {
  /// Two fixture lessons with hand-made results (no compiler needed).
  private func course() throws -> (Course, [LessonResult]) {
    let course = try Course.load(paths: ["shared-state.md", "expectations.md"].map { fixtures.appendingPathComponent($0).path })
    let results = course.lessons.map { file in
      LessonResult(
        path: file.lesson.path,
        cells: file.lesson.cells.map { CellResult(index: $0.index, status: .passed, text: "<b>printed</b>\n") },
        diagnostics: [])
    }
    return (course, results)
  }

  private func temporaryFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("site-test-\(UUID().uuidString)")
  }

  @Test func buildIsCompleteDeterministicAndLinked() throws {
    let (course, results) = try course()
    let builder = SiteBuilder(theme: try Theme(), courseTitle: "Course <&>", courseDescription: "About \"it\"")
    let first = temporaryFolder(), second = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: first); try? FileManager.default.removeItem(at: second) }
    try builder.build(course: course, results: results, into: first)
    try builder.build(course: course, results: results, into: second)
    for page in ["index.html", "shared-state.html", "expectations.html", "assets/style.css", "assets/site.js",
                 "assets/search-index.js", "assets/katex/katex.min.css"] {
      #expect(FileManager.default.fileExists(atPath: first.appendingPathComponent(page).path), "missing \(page)")
    }
    #expect(try builder.differences(course: course, results: results, from: second).isEmpty)
    let broken = try brokenLinks(in: first)
    #expect(broken == [], "\(broken)")
    let index = try String(contentsOf: first.appendingPathComponent("index.html"), encoding: .utf8)
    #expect(index.contains("<title>Course &lt;&amp;&gt;</title>"))
    #expect(index.range(of: "expectations.html")!.lowerBound < index.range(of: "shared-state.html")!.lowerBound)
    let page = try String(contentsOf: first.appendingPathComponent("shared-state.html"), encoding: .utf8)
    #expect(page.contains("&lt;b&gt;printed&lt;/b&gt;") && !page.contains("<b>printed</b>"))
    #expect(page.contains(#"<a class="pager-previous" href="expectations.html" rel="prev">"#))
  }

  @Test func rebuildSwapsTheWholeFolderAndStaleSitesAreDetected() throws {
    let (course, results) = try course()
    let builder = SiteBuilder(theme: try Theme(), courseTitle: "Course")
    let output = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: output) }
    try builder.build(course: course, results: results, into: output)
    try "left over".write(to: output.appendingPathComponent("old-page.html"), atomically: true, encoding: .utf8)
    try builder.build(course: course, results: results, into: output)
    #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("old-page.html").path))
    let siblings = try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
    #expect(!siblings.contains { $0.hasPrefix(".\(output.lastPathComponent).") })  // no staging left behind

    try "tampered".write(to: output.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(at: output.appendingPathComponent("expectations.html"))
    var changed = results
    changed[1].cells[0].text = "different\n"  // shared-state.md, second in course order
    let differences = try builder.differences(course: course, results: changed, from: output)
    #expect(differences.contains("changed: index.html"))
    #expect(differences.contains("missing: expectations.html"))
    #expect(differences.contains("changed: shared-state.html"))
  }

  @Test func themeFolderOverridesTemplatesFileByFile() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "<p>custom index for {{courseTitle}}</p>".write(to: folder.appendingPathComponent("index.mustache"), atomically: true, encoding: .utf8)
    let (course, results) = try course()
    let output = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: output) }
    try SiteBuilder(theme: try Theme(overrides: folder), courseTitle: "Mine").build(course: course, results: results, into: output)
    #expect(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8) == "<p>custom index for Mine</p>")
    #expect(try String(contentsOf: output.appendingPathComponent("shared-state.html"), encoding: .utf8).contains("<nav class=\"sidebar\""))
  }

  @Test func sectionedPagesAreListedApartAndUnnumbered() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "---\ntitle: Guide\nsection: For authors\norder: 1\n---\n# Guide\n".write(
      to: folder.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
    try "---\ntitle: First\norder: 2\n---\n# First\n".write(to: folder.appendingPathComponent("first.md"), atomically: true, encoding: .utf8)
    let course = try Course.load(paths: [folder.path])
    let output = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: output) }
    try SiteBuilder(theme: try Theme(), courseTitle: "C").build(course: course, results: [], into: output)
    let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
    #expect(index.contains("<p class=\"course-stats\">1 lesson ·"))
    #expect(index.contains("<span class=\"lesson-number\">1</span> <span class=\"lesson-title\">First</span>"))
    #expect(index.contains("<h2 class=\"course-section\">For authors</h2>"))
    let first = try String(contentsOf: output.appendingPathComponent("first.html"), encoding: .utf8)
    #expect(first.contains("<p class=\"lesson-list-section\">For authors</p>"))
    #expect(first.contains("<a href=\"guide.html\">Guide</a>"))
    // Readers' lessons and the authors' pages are separate sequences.
    #expect(!first.contains("rel=\"prev\"") && !first.contains("rel=\"next\""))
    let guide = try String(contentsOf: output.appendingPathComponent("guide.html"), encoding: .utf8)
    #expect(!guide.contains("rel=\"prev\"") && !guide.contains("rel=\"next\""))
  }

  @Test func serveWritesAChangedSearchIndexAfterTheSite() throws {
    let folder = temporaryFolder(), output = temporaryFolder(), fresh = temporaryFolder()
    defer { for url in [folder, output, fresh] { try? FileManager.default.removeItem(at: url) } }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let lesson = folder.appendingPathComponent("01-a.md")
    try "# A\n\nThe first wording.\n".write(to: lesson, atomically: true, encoding: .utf8)
    var builder = SiteBuilder(theme: try Theme(), courseTitle: "C")
    builder.renderCache = RenderCache()
    let index = output.appendingPathComponent("assets/search-index.js")
    #expect(try builder.build(course: Course.load(paths: [folder.path]), results: [], into: output) == nil)
    let first = try Data(contentsOf: index)
    #expect(String(decoding: first, as: UTF8.self).contains("first wording"))
    // Nothing changed: the kept index is written, nothing is left to do.
    #expect(try builder.build(course: Course.load(paths: [folder.path]), results: [], into: output) == nil)
    // A prose edit: the site first goes in place with the previous index…
    try "# A\n\nThe second wording.\n".write(to: lesson, atomically: true, encoding: .utf8)
    let course = try Course.load(paths: [folder.path])
    let print = output.appendingPathComponent(SiteBuilder.printPage)
    let firstPrint = try Data(contentsOf: print)
    let pending = try #require(try builder.build(course: course, results: [], into: output))
    #expect(try Data(contentsOf: index) == first)
    #expect(try Data(contentsOf: print) == firstPrint)
    // …then the new index replaces it, the same as a full build writes.
    try pending.write()
    try SiteBuilder(theme: try Theme(), courseTitle: "C").build(course: course, results: [], into: fresh)
    #expect(try Data(contentsOf: index) == Data(contentsOf: fresh.appendingPathComponent("assets/search-index.js")))
    #expect(try Data(contentsOf: print) == Data(contentsOf: fresh.appendingPathComponent(SiteBuilder.printPage)))
    #expect(String(decoding: try Data(contentsOf: index), as: UTF8.self).contains("second wording"))
  }

  @Test func partsHeadTheirLessonsInTheListAndTheIndex() throws {
    let folder = temporaryFolder(), output = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: output) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in ["01-a", "02-b"] {
      try "# \(name)\n".write(to: folder.appendingPathComponent(name + ".md"), atomically: true, encoding: .utf8)
    }
    try "parts:\n  - title: Part <one>\n    lessons: [01-a.md]\n  - title: Part two\n    lessons: [02-b.md]\n"
      .write(to: folder.appendingPathComponent("course.yml"), atomically: true, encoding: .utf8)
    let course = try Course.load(paths: [folder.path])
    var builder = SiteBuilder(theme: try Theme(), courseTitle: "C")
    builder.config = course.config
    try builder.build(course: course, results: [], into: output)
    let page = try String(contentsOf: output.appendingPathComponent("02-b.html"), encoding: .utf8)
    #expect(page.contains(#"<li class="lesson-list-part">Part &lt;one&gt;</li>"#))
    #expect(page.range(of: "Part two</li>")!.lowerBound < page.range(of: "02-b.html")!.lowerBound)
    let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
    #expect(index.contains(#"<li class="course-part"><h2>Part two</h2></li>"#))
  }

  @Test func pagesLinkTheirSourceAndSayHowTheyWereChecked() throws {
    let (course, results) = try course()
    var builder = SiteBuilder(theme: try Theme(), courseTitle: "Course")
    builder.compilerVersion = "Swift version 9.9 <test>"
    let output = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: output) }
    try builder.build(course: course, results: results, into: output)
    var page = try String(contentsOf: output.appendingPathComponent("shared-state.html"), encoding: .utf8)
    #expect(page.contains(#"<a href="source/shared-state.md">View the Markdown source</a>"#))
    #expect(!page.contains("Edit this page"))
    #expect(page.contains("Checked by lessons check with Swift version 9.9 &lt;test&gt;: 3 cells ran and 0 claims held."))
    let source = try String(contentsOf: output.appendingPathComponent("source/shared-state.md"), encoding: .utf8)
    #expect(source == course.lessons.first { $0.lesson.path.hasSuffix("shared-state.md") }!.lesson.source)

    builder.config.repository = "https://github.com/example/course"
    builder.config.branch = "trunk"
    builder.commit = "abc1234"
    var failing = results
    failing[0].cells[0].status = .failed
    try builder.build(course: course, results: failing, into: output)
    page = try String(contentsOf: output.appendingPathComponent("shared-state.html"), encoding: .utf8)
    let path = course.lessons.first { $0.lesson.path.hasSuffix("shared-state.md") }!.lesson.path
    #expect(page.contains(#"<a href="https://github.com/example/course/edit/trunk/\#(path)">Edit this page</a>"#))
    #expect(page.contains("with Swift version 9.9 &lt;test&gt; at commit abc1234: 3 cells ran"))
    let failed = try String(contentsOf: output.appendingPathComponent("expectations.html"), encoding: .utf8)
    #expect(failed.contains("This lesson does not pass lessons check"))
  }

  @Test func committedSiteHasNoBrokenLinks() throws {
    let output = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("output")
    try #require(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path), "output/ has not been built")
    #expect(try brokenLinks(in: output) == [])
  }
}

@Suite("Templates and their typed contexts")
struct TemplateContextTests {
  /// Every property name reachable from `value`, through arrays and optionals.
  private func names(in value: Any) -> Set<String> {
    var found = Set<String>()
    for child in Mirror(reflecting: value).children {
      if let label = child.label { found.insert(label) }
      found.formUnion(names(in: child.value))
    }
    return found
  }

  /// The names a Mustache template looks up (`{{x}}`, `{{#x}}`, `{{{x}}}`…).
  private func tags(in template: String) throws -> Set<String> {
    let theme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/Site/Theme")
    let text = try String(contentsOf: theme.appendingPathComponent("\(template).mustache"), encoding: .utf8)
    return Set(text.matches(of: /\{\{[#^\/{]?\s*([A-Za-z]+)/).map { String($0.1) })
  }

  @Test func everyNameInTheTemplatesIsAPropertyOfItsContext() throws {
    let link = PageLink(title: "t", href: "h", number: "1", current: true)
    let page = PageContext(
      courseTitle: "c", title: "t", summary: "s", lead: "l", body: "b", hasProblems: true, problems: ["p"], hasContents: true,
      contents: [TableOfContentsEntry(level: 2, title: "t", anchor: "a")], lessons: [link],
      sections: [.init(title: "s", lessons: [link])], previous: link, next: link, sourceHref: "s", editHref: "e",
      provenance: "p")
    let entry = IndexContext.Entry(part: "p", title: "t", href: "h", number: "1", summary: "s", figures: "f", claims: "c", passed: true)
    let index = IndexContext(
      courseTitle: "c", courseDescription: "d", lessonCount: "l", figureCount: "f", claimCount: "c",
      lessons: [entry], sections: [.init(title: "s", lessons: [entry])])
    let pageTags = try tags(in: "page"), indexTags = try tags(in: "index")
    #expect(pageTags.subtracting(names(in: page)).isEmpty, "\(pageTags.subtracting(names(in: page)))")
    #expect(indexTags.subtracting(names(in: index)).isEmpty, "\(indexTags.subtracting(names(in: index)))")
    #expect(pageTags.count > 15 && indexTags.count > 12)
    let print = PrintContext(
      courseTitle: "c", courseDescription: "d", hasAuthors: true, authors: "a", lessonCount: "l", claimCount: "c",
      lessons: [.init(title: "t", number: "1", anchor: "a", body: "b")])
    let printTags = try tags(in: "print")
    #expect(printTags.subtracting(names(in: print)).isEmpty, "\(printTags.subtracting(names(in: print)))")
  }
}

@Suite("The whole course on one page, for print and PDF")
struct PrintPageTests {
  @Test func idsAndTheirReferencesArePrefixed() {
    let html = ##"<h2 id="a">A <a class="permalink" href="#a">#</a></h2><input id="v-1" name="v"><label for="v-1">"##
      + ##"<svg aria-describedby="fig-1-desc fig-1-notes"><a href="other.html#a">x</a>"##
    #expect(PrintIDs.prefixing(html, with: "p--") == ##"<h2 id="p--a">A <a class="permalink" href="#p--a">#</a></h2>"##
      + ##"<input id="p--v-1" name="p--v"><label for="p--v-1"><svg aria-describedby="p--fig-1-desc p--fig-1-notes">"##
      + ##"<a href="other.html#a">x</a>"##)
  }

  @Test func everyLessonIsOnThePageOnceWithUniqueIDs() throws {
    let site = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("output")
    let page = try String(contentsOf: site.appendingPathComponent(SiteBuilder.printPage), encoding: .utf8)
    let lessons = try FileManager.default.contentsOfDirectory(atPath: site.path)
      .filter { $0.hasSuffix(".html") && $0 != "index.html" && $0 != SiteBuilder.printPage }
    #expect(lessons.count >= 10)
    for lesson in lessons {
      let anchor = (lesson as NSString).deletingPathExtension
      #expect(page.contains(#"<article class="lesson print-lesson" id="\#(anchor)">"#), "\(lesson) is missing")
      #expect(page.contains(##"<a href="#\##(anchor)">"##), "\(lesson) is not in the contents")
    }
    let ids = page.matches(of: /\sid="([^"]+)"/).map { String($0.1) }
    #expect(Set(ids).count == ids.count, "repeated ids: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted().prefix(5))")
    // Folded code is printed unfolded.
    #expect(!page.contains(#"<details class="cell-code cell-code-fold">"#))
  }
}

@Suite("Render cache")
struct RenderCacheTests {
  @Test func aBodyIsRenderedAgainOnlyWhenItsLessonOrResultChanged() {
    let cache = RenderCache()
    let lesson = LessonParser.parse(source: "# A\n\n```swift\nprint(1)\n```\n", path: "a.md")
    let result = LessonResult(path: "a.md", cells: [CellResult(index: 0, status: .passed, text: "1\n")], diagnostics: [])
    var renders = 0
    func body(_ lesson: Lesson, _ result: LessonResult, config: CourseConfig = CourseConfig()) -> String {
      cache.body(for: lesson, result: result, config: config) {
        renders += 1
        return BodyRenderer(charts: ChartRenderer(), math: testMath, config: config).render(lesson, result: result)
      }.html
    }
    let first = body(lesson, result)
    #expect(body(lesson, result) == first && renders == 1)
    var changed = result
    changed.cells[0].text = "2\n"
    #expect(body(lesson, changed).contains("2\n") && renders == 2)
    let edited = LessonParser.parse(source: "# A\n\nNew prose.\n\n```swift\nprint(1)\n```\n", path: "a.md")
    #expect(body(edited, changed).contains("New prose.") && renders == 3)
    // Front matter and the course config change how cells show.
    let folded = LessonParser.parse(source: "---\ncode-fold: true\n---\n# A\n\nNew prose.\n\n```swift\nprint(1)\n```\n", path: "a.md")
    #expect(body(folded, changed).contains("<details") && renders == 4)
    var config = CourseConfig()
    config.codeFold = .foldable
    #expect(body(edited, changed, config: config).contains("open=\"\"") && renders == 5)
  }

  @Test func codeAndChartsAreKeptByContent() {
    let cache = RenderCache()
    #expect(cache.highlighted("let x = 1") == CodeLines.html(SwiftHighlighter.html(for: "let x = 1")))
    #expect(cache.highlighted("let x = 1") == cache.highlighted("let x = 1"))
    let renderer = ChartRenderer()
    let chart = Chart(.bar(categories: ["a"], series: [BarSeries(name: "v", values: [1])], logY: false))
    var other = chart
    other.title = "other"
    #expect(cache.chart(chart, id: "fig-1", renderer: renderer) == renderer.render(chart, id: "fig-1"))
    #expect(cache.chart(chart, id: "fig-2", renderer: renderer) == renderer.render(chart, id: "fig-2"))
    #expect(cache.chart(other, id: "fig-1", renderer: renderer) == renderer.render(other, id: "fig-1"))
  }
}
