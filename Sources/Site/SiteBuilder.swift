import Foundation
import LessonModel
import Mustache

/// Page templates and static files: the built-in theme, with any file of an
/// author's `theme/` folder taking its place.
///
/// Templates are Mustache (`page.mustache`, `index.mustache`); `{{x}}` is
/// HTML-escaped and `{{{body}}}` inserts the already-escaped lesson body.
public struct Theme: Sendable {
  /// The templates by name.
  let templates: MustacheLibrary
  /// Static files for `assets/` by name (`style.css`, `site.js`).
  let assets: [String: Data]

  /// The names a theme folder may override.
  static let templateNames = ["page", "index"]
  static let assetNames = ["style.css", "site.js"]

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
  public func build(course: Course, results: [LessonResult], into output: URL) throws {
    try OutputFolder.check(output, lessonFolders: course.lessons.map { $0.url.deletingLastPathComponent() })
    OutputFolder.removeStaleFolders(beside: output)
    let fileManager = FileManager.default
    let parent = output.deletingLastPathComponent()
    let staging = parent.appendingPathComponent(".\(output.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
    try? fileManager.removeItem(at: staging)
    try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
    do {
      try write(course: course, results: results, to: staging)
    } catch {
      try? fileManager.removeItem(at: staging)
      throw error
    }
    // Swap: the old site moves aside, the new one moves in, the old one goes.
    let previous = parent.appendingPathComponent(".\(output.lastPathComponent).previous-\(ProcessInfo.processInfo.processIdentifier)")
    if fileManager.fileExists(atPath: output.path) { try fileManager.moveItem(at: output, to: previous) }
    try fileManager.moveItem(at: staging, to: output)
    try? fileManager.removeItem(at: previous)
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
  func write(course: Course, results: [LessonResult], to folder: URL) throws {
    try checkPageNames(course)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(OutputFolder.markerContents.utf8).write(to: folder.appendingPathComponent(OutputFolder.markerName))
    let assets = folder.appendingPathComponent("assets")
    try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
    for (name, data) in theme.assets { try data.write(to: assets.appendingPathComponent(name)) }
    try copyKaTeX(into: assets.appendingPathComponent("katex"))
    if let apiDocumentation {
      guard FileManager.default.fileExists(atPath: apiDocumentation.appendingPathComponent("index.html").path) else {
        throw SiteError("no DocC site in \(apiDocumentation.path); run `make docs` first")
      }
      try FileManager.default.copyItem(at: apiDocumentation, to: folder.appendingPathComponent(Self.apiFolder))
    }

    let resultsByPath = Dictionary(results.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    // Every formula of the course in one KaTeX run (known ones are skipped).
    try math.prepare(course.lessons.flatMap { MathSpan.find(in: $0.lesson).map(\.formula) })
    let bodies = course.lessons.map { file in
      let result = resultsByPath[file.lesson.path]
      let render = { BodyRenderer(charts: .site, math: math, memo: renderCache).render(file.lesson, result: result) }
      return renderCache?.body(for: file.lesson, result: result, render: render) ?? render()
    }
    let navigation = Navigation(course)
    var search = [SearchEntry]()
    for (index, file) in course.lessons.enumerated() {
      let lesson = file.lesson
      let body = bodies[index]
      let result = resultsByPath[lesson.path]
      let problems = (result?.diagnostics ?? lesson.diagnostics).filter { $0.severity == .error }.map(\.description)
      let context = PageContext(
        courseTitle: courseTitle, title: lesson.title, summary: lesson.frontMatter.summary, body: body.html,
        hasProblems: !problems.isEmpty, problems: problems,
        hasContents: !body.tableOfContents.isEmpty, contents: body.tableOfContents,
        lessons: navigation.numbered.map { navigation.link($0, current: index) },
        sections: navigation.sections.map { section in
          PageContext.Section(title: section.title, lessons: section.pages.map { navigation.link($0, current: index) })
        },
        previous: index > 0 ? navigation.link(index - 1, current: index) : nil,
        next: index + 1 < navigation.pages.count ? navigation.link(index + 1, current: index) : nil)
      try render("page", context, to: folder.appendingPathComponent(navigation.pages[index].href))
      search += body.searchSections.map {
        SearchEntry(
          lesson: lesson.title, heading: $0.heading, text: $0.text,
          url: navigation.pages[index].href + ($0.anchor.isEmpty ? "" : "#" + $0.anchor))
      }
    }
    let claims = results.reduce(0) { $0 + $1.cells.reduce(0) { $0 + $1.expectations.count } }
    func entry(_ i: Int) -> IndexContext.Entry {
      let result = resultsByPath[course.lessons[i].lesson.path]
      let link = navigation.link(i, current: -1)
      return IndexContext.Entry(
        title: link.title, href: link.href, number: link.number, summary: course.lessons[i].lesson.frontMatter.summary,
        figures: counted(bodies[i].figureCount, "figure"),
        claims: counted(result?.cells.reduce(0) { $0 + $1.expectations.count } ?? 0, "claim"),
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
    try searchIndexScript(search).write(to: assets.appendingPathComponent("search-index.js"))
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

  /// One searchable section.
  struct SearchEntry: Encodable {
    var lesson: String
    var heading: String
    var text: String
    var url: String
  }

  /// The search index as a script that sets a global, so that it loads from
  /// `file://` too (where `fetch` of a JSON file is refused).
  private func searchIndexScript(_ entries: [SearchEntry]) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var json = String(decoding: try encoder.encode(entries), as: UTF8.self)
    // Keep "</script>" in lesson text from closing anything if inlined later.
    json = json.replacingOccurrences(of: "</", with: "<\\/")
    return Data(("window.LESSONS_SEARCH_INDEX = " + json + ";\n").utf8)
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
  }

  /// Page `index` as a link from page `current`.
  func link(_ index: Int, current: Int) -> PageLink {
    let page = pages[index]
    return PageLink(title: page.title, href: page.href, number: page.number.map(String.init) ?? "", current: index == current)
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
  /// The lesson's HTML, inserted unescaped with `{{{body}}}`.
  var body: String
  var hasProblems: Bool
  var problems: [String]
  var hasContents: Bool
  var contents: [TableOfContentsEntry]
  var lessons: [PageLink]
  var sections: [Section]
  var previous: PageLink?
  var next: PageLink?
}

/// What `index.mustache` renders: the course index.
struct IndexContext: Sendable {
  /// One lesson in the list, with what it holds.
  struct Entry: Sendable {
    var title: String
    var href: String
    var number: String
    var summary: String?
    var figures: String
    var claims: String
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
