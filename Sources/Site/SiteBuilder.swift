import Foundation
import LessonModel
import Mustache

/// Page templates and static files: the built-in theme, with any file of an
/// author's `theme/` folder taking its place.
///
/// Templates are Mustache (`page.mustache`, `index.mustache`, and the
/// partial `search.mustache` they include with `{{> search}}`); `{{x}}` is
/// HTML-escaped and `{{{body}}}` inserts the already-escaped lesson body.
public struct Theme: Sendable {
  /// The templates by name.
  let templates: MustacheLibrary
  /// Static files for `assets/` by name (`style.css`, `site.js`).
  let assets: [String: Data]

  /// The names a theme folder may override (`search` is the search form,
  /// a partial of the other two).
  static let templateNames = ["page", "index", "search", "print"]
  static let assetNames = ["style.css", "site.js", "theme.js"]

  /// Loads the built-in theme, overridden file by file from `overrides`.
  public init(overrides: URL? = nil) throws {
    guard let builtIn = Bundle.module.url(forResource: "Theme", withExtension: nil) else {
      throw SiteError("the built-in theme is missing from the Site resource bundle")
    }
    func file(_ name: String) throws -> Data {
      if let overrides, FileManager.default.fileExists(atPath: overrides.appendingPathComponent(name).path) {
        return try Data(contentsOf: overrides.appendingPathComponent(name))
      }
      return try Data(contentsOf: builtIn.appendingPathComponent(name))
    }
    var library = MustacheLibrary()
    for name in Self.templateNames {
      let text = String(decoding: try file(name + ".mustache"), as: UTF8.self)
      do {
        try library.register(text, named: name)
      } catch {
        throw SiteError("template \(name).mustache does not parse: \(error)")
      }
    }
    templates = library
    var assets = [String: Data]()
    for name in Self.assetNames { assets[name] = try file(name) }
    self.assets = assets
  }
}

/// A problem building the site.
public struct SiteError: Error, CustomStringConvertible {
  /// What went wrong.
  public let description: String
  init(_ description: String) { self.description = description }
}

/// Writes a course and its lesson results as a static site.
///
/// The site is written to a fresh folder beside `output` and swapped in at the
/// end, so an interrupted build leaves the previous site intact; the same
/// lessons and results give byte-identical files.
///
/// ```swift
/// let builder = SiteBuilder(theme: try Theme(), courseTitle: "Training neural networks")
/// try builder.build(course: course, results: results, into: URL(fileURLWithPath: "output"))
/// ```
public struct SiteBuilder: Sendable {
  /// The page templates and assets.
  public var theme: Theme
  /// The course's name, shown on every page.
  public var courseTitle: String
  /// One sentence about the course, for the index page.
  public var courseDescription: String
  /// A DocC static-hosting folder (hosting base path `api`) copied into the
  /// site as `api/`, or `nil`. DocC's JSON is not byte-stable from run to
  /// run, so `api/` is left out of ``differences(course:results:from:)`` and
  /// out of git; `make` regenerates it.
  public var apiDocumentation: URL?
  /// The folder of the site that holds the API reference.
  public static let apiFolder = "api"
  /// Rendered lesson bodies kept from earlier builds (see ``RenderCache``),
  /// or `nil` to render every lesson.
  public var renderCache: RenderCache?
  /// Where KaTeX is installed (Debian's libjs-katex): its style sheet and
  /// fonts are copied into the site.
  public var katexDirectory = URL(fileURLWithPath: "/usr/share/javascript/katex")
  /// Typesets the lessons' math at build time.
  public var math = MathRenderer()
  /// The course's settings: authors, repository links, cell defaults.
  public var config = CourseConfig()
  /// The compiler the lessons were checked with (`swiftc --version`'s first
  /// line), for each page's footer; `nil` leaves it out.
  public var compilerVersion: String?
  /// The course's commit, for each page's footer (`lessons build --commit`,
  /// e.g. in CI); `nil` leaves it out, so that a committed site does not
  /// change with every commit.
  public var commit: String?
  /// Builds the search index and copies lunr (Debian's libjs-lunr).
  var search = SearchIndex()

  /// Creates a builder.
  public init(theme: Theme, courseTitle: String, courseDescription: String = "") {
    self.theme = theme
    self.courseTitle = courseTitle
    self.courseDescription = courseDescription
  }

  /// Builds the whole site into `output`, atomically.
  ///
  /// `output` is replaced only when it is absent, empty, or a site an earlier
  /// build wrote (it holds the `.lessons-site` marker), and never when it is,
  /// holds or lies inside a folder of lessons: anything else is refused with
  /// an error, so no command can delete an author's files.
  ///
  /// With a ``renderCache`` (`lessons serve`), the two slow whole-course
  /// files, a search index that changed and the print page, are left to the
  /// returned ``PendingSearchIndex``: the site goes in place with their
  /// previous versions, so the page can reload first, and the caller writes
  /// the new ones right after.
  @discardableResult
  public func build(course: Course, results: [LessonResult], into output: URL) throws -> PendingSearchIndex? {
    let pending = try OutputFolder.site.replace(output, lessonFolders: course.lessons.map { $0.url.deletingLastPathComponent() }) {
      try write(course: course, results: results, to: $0, deferSearch: renderCache != nil)
    }
    return pending.map { PendingSearchIndex(work: $0, output: output, builder: self) }
  }

  /// Throws when two lessons would be written to the same page (`a/01.md`
  /// and `b/01.md`, or names that differ only in case), or a lesson would
  /// replace the course index.
  private func checkPageNames(_ course: Course) throws {
    var owners = [String: String]()  // lowercased page → lesson path
    for file in course.lessons {
      let page = SitePaths.page(forLessonFile: file.lesson.path)
      if page.lowercased() == "index.html" {
        throw SiteError("\(file.lesson.path) would be written to index.html, which is the course index; rename the lesson")
      }
      if let other = owners[page.lowercased()] {
        throw SiteError("\(other) and \(file.lesson.path) would both be written to \(page); rename one of them")
      }
      owners[page.lowercased()] = file.lesson.path
    }
  }

  /// The files that differ between `output` and what a build would write
  /// (empty when the committed site is up to date).
  public func differences(course: Course, results: [LessonResult], from output: URL) throws -> [String] {
    let fileManager = FileManager.default
    let fresh = fileManager.temporaryDirectory.appendingPathComponent("lessons-site-\(UUID().uuidString)")
    defer { try? fileManager.removeItem(at: fresh) }
    try write(course: course, results: results, to: fresh)
    let generated = { (path: String) in path.hasPrefix(Self.apiFolder + "/") }
    let expected = Set(try relativeFiles(in: fresh).filter { !generated($0) })
    let actual = Set(((try? relativeFiles(in: output)) ?? []).filter { !generated($0) })
    var differences = expected.subtracting(actual).sorted().map { "missing: \($0)" }
    differences += actual.subtracting(expected).sorted().map { "extra: \($0)" }
    for path in expected.intersection(actual).sorted()
    where fileManager.contents(atPath: fresh.appendingPathComponent(path).path)
      != fileManager.contents(atPath: output.appendingPathComponent(path).path) {
      differences.append("changed: \(path)")
    }
    return differences
  }

  private func relativeFiles(in folder: URL) throws -> [String] {
    let base = folder.resolvingSymlinksInPath().path
    guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
    var files = [String]()
    while let path = walker.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
        files.append(path)
      }
    }
    return files
  }

  /// Writes every file of the site into `folder`.
  /// Writes every file of the site into `folder`. With `deferSearch`, a
  /// search index not in the ``renderCache``, and the print page, are
  /// written as their previous versions (when there are some) and returned,
  /// for ``PendingSearchIndex`` to finish.
  @discardableResult
  func write(
    course: Course, results: [LessonResult], to folder: URL, deferSearch: Bool = false
  ) throws -> PendingSearchIndex.Work? {
    try checkPageNames(course)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(OutputFolder.site.markerContents.utf8).write(to: folder.appendingPathComponent(OutputFolder.site.markerName))
    let assets = folder.appendingPathComponent("assets")
    try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
    for (name, data) in theme.assets { try data.write(to: assets.appendingPathComponent(name)) }
    try copyKaTeX(into: assets.appendingPathComponent("katex"))
    try search.copyScripts(into: assets)
    if let apiDocumentation {
      guard FileManager.default.fileExists(atPath: apiDocumentation.appendingPathComponent("index.html").path) else {
        throw SiteError("no DocC site in \(apiDocumentation.path); run `make docs` first")
      }
      try FileManager.default.copyItem(at: apiDocumentation, to: folder.appendingPathComponent(Self.apiFolder))
    }

    let resultsByPath = Dictionary(results.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    let sources = folder.appendingPathComponent(Self.sourceFolder)
    try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
    for file in course.lessons {
      try Data(shownSource(of: file.lesson).utf8).write(to: sources.appendingPathComponent(file.url.lastPathComponent))
    }
    // Every formula of the course in one KaTeX run (known ones are skipped).
    try math.prepare(course.lessons.flatMap { MathSpan.find(in: $0.lesson).map(\.formula) })
    let bodies = course.lessons.map { file in
      let result = resultsByPath[file.lesson.path]
      let render = {
        BodyRenderer(charts: .site, math: math, config: config, memo: renderCache).render(file.lesson, result: result)
      }
      return renderCache?.body(for: file.lesson, result: result, config: config, render: render) ?? render()
    }
    let navigation = Navigation(course)
    var documents = [SearchIndex.Document]()
    for (index, file) in course.lessons.enumerated() {
      let lesson = file.lesson
      let body = bodies[index]
      let result = resultsByPath[lesson.path]
      let problems = (result?.diagnostics ?? lesson.diagnostics).filter { $0.severity == .error }.map(\.description)
      // The lesson's title heading comes first; the folded contents for
      // narrow screens go right under it.
      let titleEnd = body.html.range(of: "</h1>\n").map(\.upperBound) ?? body.html.startIndex
      let context = PageContext(
        courseTitle: courseTitle, title: lesson.title, summary: lesson.frontMatter.summary,
        lead: String(body.html[..<titleEnd]), body: String(body.html[titleEnd...]),
        hasProblems: !problems.isEmpty, problems: problems,
        hasContents: !body.tableOfContents.isEmpty, contents: body.tableOfContents,
        lessons: navigation.numbered.map { navigation.link($0, current: index) },
        sections: navigation.sections.map { section in
          PageContext.Section(title: section.title, lessons: section.pages.map { navigation.link($0, current: index) })
        },
        previous: navigation.neighbours(of: index).previous.map { navigation.link($0, current: index) },
        next: navigation.neighbours(of: index).next.map { navigation.link($0, current: index) },
        sourceHref: Self.sourceFolder + "/" + (lesson.path as NSString).lastPathComponent,
        editHref: config.repository.map { "\($0)/edit/\(config.branch)/\(Self.repositoryPath(of: lesson.path))" },
        provenance: provenance(of: result))
      try render("page", context, to: folder.appendingPathComponent(navigation.pages[index].href))
      documents += body.searchSections.map { section in
        let top = section.anchor.isEmpty
        return SearchIndex.Document(
          url: navigation.pages[index].href + (top ? "" : "#" + section.anchor), lesson: lesson.title,
          title: top ? lesson.title : nil, summary: top ? lesson.frontMatter.summary : nil,
          heading: top ? "" : section.heading, text: section.text, terms: section.terms,
          captions: section.captions, claims: section.claims, code: section.code)
      }
    }
    let claims = results.reduce(0) { $0 + $1.cells.reduce(0) { $0 + $1.expectations.count } }
    func entry(_ i: Int) -> IndexContext.Entry {
      let result = resultsByPath[course.lessons[i].lesson.path]
      let link = navigation.link(i, current: -1)
      return IndexContext.Entry(
        part: link.part, title: link.title, href: link.href, number: link.number, summary: course.lessons[i].lesson.frontMatter.summary,
        figures: counted(bodies[i].figureCount, "figure"),
        claims: counted(result?.cells.reduce(0) { $0 + $1.expectations.count } ?? 0, "claim"),
        exercises: course.lessons[i].lesson.exercises.isEmpty ? nil : counted(course.lessons[i].lesson.exercises.count, "exercise"),
        passed: result?.passed ?? false)
    }
    let index = IndexContext(
      courseTitle: courseTitle, courseDescription: courseDescription,
      lessonCount: counted(navigation.numbered.count, "lesson"),
      figureCount: counted(bodies.reduce(0) { $0 + $1.figureCount }, "figure"),
      claimCount: counted(claims, "claim"),
      lessons: navigation.numbered.map(entry),
      sections: navigation.sections.map { IndexContext.Section(title: $0.title, lessons: $0.pages.map(entry)) })
    try render("index", index, to: folder.appendingPathComponent("index.html"))
    var work = PendingSearchIndex.Work()
    let print = printContext(course: course, navigation: navigation, bodies: bodies, claims: claims)
    if let kept = renderCache?.printPage(for: print) {
      try kept.write(to: folder.appendingPathComponent(Self.printPage))
    } else if deferSearch, let previous = renderCache?.latestPrintPage {
      try previous.write(to: folder.appendingPathComponent(Self.printPage))
      work.printPage = print
    } else {
      try writePrintPage(print, to: folder.appendingPathComponent(Self.printPage))
    }
    let indexFile = assets.appendingPathComponent(SearchIndex.scriptName)
    if let kept = renderCache?.searchScript(for: documents) {
      try kept.write(to: indexFile)
    } else if deferSearch, let previous = renderCache?.latestSearchScript {
      try previous.write(to: indexFile)
      work.documents = documents
    } else {
      let script = try search.script(for: documents)
      renderCache?.rememberSearchScript(script, for: documents)
      try script.write(to: indexFile)
    }
    return work.documents == nil && work.printPage == nil ? nil : work
  }

  /// A lesson's Markdown as the site links it: as written, or with the
  /// students' placeholders in place of the solutions when the course
  /// config does not show solutions.
  private func shownSource(of lesson: Lesson) -> String {
    guard config.edition == .instructor, !config.showSolutions else { return lesson.source }
    return lesson.withPlaceholders(for: Set(lesson.exercises.map(\.id)), removingHiddenChecks: false).text
  }

  /// Renders the print page to `url` (atomically) and keeps it for the
  /// next build of `lessons serve`.
  func writePrintPage(_ context: PrintContext, to url: URL) throws {
    guard let html = theme.templates.render(context, withTemplate: "print") else { throw SiteError("no template named print") }
    let data = Data(html.utf8)
    renderCache?.rememberPrintPage(data, for: context)
    try data.write(to: url, options: .atomic)
  }

  /// The page that holds the whole course, for printing (like mdBook's
  /// `print.html`) and for `lessons build --pdf`.
  public static let printPage = "print.html"

  /// The whole course on one page: a title page, the contents, and every
  /// page in course order, each starting a new sheet. Element ids get the
  /// page's name as a prefix, so that no two lessons share one.
  private func printContext(course: Course, navigation: Navigation, bodies: [RenderedBody], claims: Int) -> PrintContext {
    let order = navigation.numbered + navigation.sections.flatMap(\.pages)
    return PrintContext(
      courseTitle: courseTitle, courseDescription: courseDescription,
      hasAuthors: !config.authors.isEmpty, authors: config.authors.joined(separator: ", "),
      lessonCount: counted(navigation.numbered.count, "lesson"), claimCount: counted(claims, "claim"),
      lessons: order.map { index in
        let page = navigation.pages[index]
        let prefix = (page.href as NSString).deletingPathExtension
        let body = renderCache?.printBody(bodies[index].html, prefix: prefix + "--")
          ?? PrintIDs.forPrint(bodies[index].html, prefix: prefix + "--")
        return PrintContext.Lesson(title: page.title, number: page.number.map(String.init) ?? "", anchor: prefix, body: body)
      })
  }

  /// The folder of the site that holds each lesson's Markdown source.
  public static let sourceFolder = "source"

  /// A lesson's path inside its repository: its path as given, without a
  /// leading `./`.
  static func repositoryPath(of path: String) -> String {
    path.hasPrefix("./") ? String(path.dropFirst(2)) : path
  }

  /// What the footer says about how the page was checked.
  private func provenance(of result: LessonResult?) -> String {
    guard let result else { return "This lesson was not run." }
    guard result.passed else { return "This lesson does not pass lessons check; its problems are listed at the top of the page." }
    let ran = result.cells.filter { $0.status == .passed }.count
    let claims = result.cells.reduce(0) { $0 + $1.expectations.filter(\.passed).count }
    let compiler = compilerVersion.map { " with \($0)" } ?? ""
    let commit = commit.map { " at commit \($0)" } ?? ""
    return "Checked by lessons check\(compiler)\(commit): \(counted(ran, "cell")) ran and \(counted(claims, "claim")) held."
  }

  /// "1 figure", "3 figures".
  private func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }

  private func render(_ template: String, _ context: some Sendable, to url: URL) throws {
    guard let html = theme.templates.render(context, withTemplate: template) else {
      throw SiteError("no template named \(template)")
    }
    try Data(html.utf8).write(to: url)
  }

  /// Copies KaTeX's style sheet and fonts (math is typeset at build time, so
  /// pages need no script), so math shows offline.
  private func copyKaTeX(into destination: URL) throws {
    let fileManager = FileManager.default
    guard fileManager.fileExists(atPath: katexDirectory.appendingPathComponent("katex.min.css").path) else {
      throw SiteError("KaTeX not found in \(katexDirectory.path); install it with `apt-get install libjs-katex`")
    }
    try fileManager.createDirectory(at: destination.appendingPathComponent("fonts"), withIntermediateDirectories: true)
    // Debian ships fonts/ as a symbolic link (to /usr/share/fonts/truetype/katex):
    // copy what it points at.
    func copy(_ source: URL, to target: URL) throws {
      try Data(contentsOf: source.resolvingSymlinksInPath()).write(to: target)
    }
    try copy(katexDirectory.appendingPathComponent("katex.min.css"), to: destination.appendingPathComponent("katex.min.css"))
    let fonts = katexDirectory.appendingPathComponent("fonts").resolvingSymlinksInPath()
    for name in try fileManager.contentsOfDirectory(atPath: fonts.path).sorted() {
      try copy(fonts.appendingPathComponent(name), to: destination.appendingPathComponent("fonts/" + name))
    }
  }
}

/// The whole-course files that `lessons serve` writes after the rebuilt
/// site is in place: the search index (lunr under Node.js takes a few tenths
/// of a second) and the print page (every lesson on one page), which the
/// page's reload need not wait for.
public struct PendingSearchIndex: Sendable {
  /// What is left to write.
  struct Work: Sendable {
    /// The documents of a search index to build, if it changed.
    var documents: [SearchIndex.Document]?
    /// The print page to render.
    var printPage: PrintContext?
  }

  let work: Work
  /// The site.
  let output: URL
  let builder: SiteBuilder

  /// Writes the print page and builds the search index, replacing the
  /// site's files atomically.
  ///
  /// - Throws: ``SiteError`` when lunr or Node.js is missing or fails.
  public func write() throws {
    if let printPage = work.printPage {
      try builder.writePrintPage(printPage, to: output.appendingPathComponent(SiteBuilder.printPage))
    }
    if let documents = work.documents {
      let script = try builder.search.script(for: documents)
      builder.renderCache?.rememberSearchScript(script, for: documents)
      try script.write(to: output.appendingPathComponent("assets/" + SearchIndex.scriptName), options: .atomic)
    }
  }
}

/// The course's pages in order: numbered lessons, then pages listed under
/// their front matter `section` (such as the authors' guide), unnumbered.
struct Navigation {
  /// One page of the site.
  struct Page {
    var title: String
    var href: String
    /// The lesson number, or `nil` for a page in a section.
    var number: Int?
  }

  /// Every page, in course order (the order of previous/next links).
  let pages: [Page]
  /// The indices of the numbered lessons.
  let numbered: [Int]
  /// The sections in order of first appearance, with their pages' indices.
  let sections: [(title: String, pages: [Int])]
  /// The title of the course config's part that starts at a page, by page.
  let partStarts: [Int: String]

  init(_ course: Course) {
    var pages = [Page](), numbered = [Int](), sections = [(title: String, pages: [Int])]()
    for (index, file) in course.lessons.enumerated() {
      let href = SitePaths.page(forLessonFile: file.lesson.path)
      if let section = file.lesson.frontMatter.section {
        pages.append(Page(title: file.lesson.title, href: href, number: nil))
        if let existing = sections.firstIndex(where: { $0.title == section }) {
          sections[existing].pages.append(index)
        } else {
          sections.append((section, [index]))
        }
      } else {
        numbered.append(index)
        pages.append(Page(title: file.lesson.title, href: href, number: numbered.count))
      }
    }
    self.pages = pages
    self.numbered = numbered
    self.sections = sections
    var partStarts = [Int: String]()
    for part in course.config.parts {
      if let first = part.lessons.first, let index = course.lessons.firstIndex(where: { $0.url.lastPathComponent == first }) {
        partStarts[index] = part.title
      }
    }
    self.partStarts = partStarts
  }

  /// The pages a reader steps through from page `index` with the previous
  /// and next links: the numbered lessons, or the pages of its section
  /// (the readers' lessons and, say, the authors' guide are separate).
  func sequence(of index: Int) -> [Int] {
    pages[index].number != nil ? numbered : sections.first { $0.pages.contains(index) }?.pages ?? [index]
  }

  /// The previous and next pages of page `index`, within its sequence.
  func neighbours(of index: Int) -> (previous: Int?, next: Int?) {
    let sequence = sequence(of: index)
    guard let position = sequence.firstIndex(of: index) else { return (nil, nil) }
    return (
      position > 0 ? sequence[position - 1] : nil,
      position + 1 < sequence.count ? sequence[position + 1] : nil
    )
  }

  /// Page `index` as a link from page `current`.
  func link(_ index: Int, current: Int) -> PageLink {
    let page = pages[index]
    return PageLink(
      title: page.title, href: page.href, number: page.number.map(String.init) ?? "", current: index == current,
      part: partStarts[index])
  }
}

/// A link to a lesson page, as the templates see it.
struct PageLink: Sendable {
  /// The lesson's title.
  var title: String
  /// The page's file name.
  var href: String
  /// The lesson's number in the course, or `""` for sectioned pages.
  var number: String
  /// Whether this is the page the link is on.
  var current: Bool
  /// The title of the course part this page starts, if it starts one.
  var part: String? = nil
}

/// What `page.mustache` renders: one lesson page. Every name the template
/// uses is a property here (a test holds the templates to these types).
struct PageContext: Sendable {
  /// A group of pages listed apart, such as the authors' guide.
  struct Section: Sendable {
    var title: String
    var lessons: [PageLink]
  }

  var courseTitle: String
  var title: String
  var summary: String?
  /// The start of the lesson's HTML up to its title heading, inserted
  /// unescaped with `{{{lead}}}`.
  var lead: String
  /// The rest of the lesson's HTML, inserted unescaped with `{{{body}}}`.
  var body: String
  var hasProblems: Bool
  var problems: [String]
  var hasContents: Bool
  var contents: [TableOfContentsEntry]
  var lessons: [PageLink]
  var sections: [Section]
  var previous: PageLink?
  var next: PageLink?
  /// The lesson's Markdown, copied into the site.
  var sourceHref: String
  /// The lesson's "edit this page" address in its repository, if known.
  var editHref: String?
  /// How the page was checked, for the footer.
  var provenance: String
}

/// What `print.mustache` renders: the whole course on one page.
struct PrintContext: Sendable, Equatable {
  /// One page of the course.
  struct Lesson: Sendable, Equatable {
    var title: String
    /// The lesson's number, or `""` for sectioned pages.
    var number: String
    /// The id of the lesson's part of the page.
    var anchor: String
    /// The lesson's HTML with its ids prefixed, inserted unescaped.
    var body: String
  }

  var courseTitle: String
  var courseDescription: String
  var hasAuthors: Bool
  var authors: String
  var lessonCount: String
  var claimCount: String
  var lessons: [Lesson]
}

/// What `index.mustache` renders: the course index.
struct IndexContext: Sendable {
  /// One lesson in the list, with what it holds.
  struct Entry: Sendable {
    /// The title of the course part this lesson starts, if it starts one.
    var part: String?
    var title: String
    var href: String
    var number: String
    var summary: String?
    var figures: String
    var claims: String
    /// "2 exercises", or `nil` for a lesson without any.
    var exercises: String?
    var passed: Bool
  }

  /// A group of pages listed apart.
  struct Section: Sendable {
    var title: String
    var lessons: [Entry]
  }

  var courseTitle: String
  var courseDescription: String
  var lessonCount: String
  var figureCount: String
  var claimCount: String
  var lessons: [Entry]
  var sections: [Section]
}
