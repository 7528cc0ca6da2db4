import Foundation

/// The course's search: lunr (Debian's `libjs-lunr`) copied into the site,
/// and the index of every lesson section, built by lunr under Node.js at
/// build time and written as `assets/search-index.js`, a script that sets
/// `window.LESSONS_SEARCH` to `{documents, index}` (a script, not JSON, so
/// that the site works from `file://`, where `fetch` is refused).
///
/// The index is built here rather than in the browser: a page then only
/// loads it (`lunr.Index.load`, a few milliseconds) instead of tokenizing
/// and stemming the whole course on every page, and the output stays
/// byte-identical from build to build (lunr sorts its terms and rounds its
/// scores to three decimals). `search-language.js`, the spelling step that
/// makes British and American spellings meet, runs in both places: lunr
/// records it by name in the index's query pipeline.
///
/// ```swift
/// let search = SearchIndex()
/// try search.copyScripts(into: assets)
/// try search.script(for: documents).write(to: assets.appendingPathComponent(SearchIndex.scriptName))
/// ```
struct SearchIndex: Sendable {
  /// One section of a lesson, as the index and the results list see it.
  struct Document: Encodable, Equatable, Sendable {
    /// The page and anchor the result opens.
    var url: String
    /// The lesson's title, shown with every result.
    var lesson: String
    /// The lesson's title on the document for the top of its page, where
    /// it is ranked highest; absent elsewhere.
    var title: String?
    /// The lesson's summary (front matter) on the document for the top of
    /// its page, ranked above prose; absent elsewhere.
    var summary: String?
    /// The section's heading; `""` for the top of a page.
    var heading: String
    /// The section's prose as plain text.
    var text: String
    /// The terms its prose defines (strong emphasis).
    var terms: [String]
    /// Its figures' captions and chart titles.
    var captions: [String]
    /// Its claims (`expect` messages).
    var claims: [String]
    /// The names in its shown code.
    var code: [String]
  }

  /// Where lunr is installed (Debian's `libjs-lunr`).
  var lunrDirectory = URL(fileURLWithPath: "/usr/share/javascript/lunr")
  /// The index script's name in `assets/`.
  static let scriptName = "search-index.js"
  /// The spelling step's script, a Site resource copied into `assets/`.
  private static let languageScript = "search-language"

  private var lunrScript: URL { lunrDirectory.appendingPathComponent("lunr.min.js") }

  /// Copies lunr and the spelling step into `assets`.
  func copyScripts(into assets: URL) throws {
    guard FileManager.default.fileExists(atPath: lunrScript.path) else {
      throw SiteError("lunr not found at \(lunrScript.path); install it with `apt-get install -y libjs-lunr` (scripts/install-deps does)")
    }
    try Data(contentsOf: lunrScript.resolvingSymlinksInPath()).write(to: assets.appendingPathComponent("lunr.min.js"))
    try Data(contentsOf: try Self.resource(Self.languageScript))
      .write(to: assets.appendingPathComponent(Self.languageScript + ".js"))
  }

  /// The script that sets `window.LESSONS_SEARCH` to the documents and
  /// lunr's index of them (document `i` has ref `"i"`).
  ///
  /// - Throws: ``SiteError`` when lunr or Node.js is missing or Node.js fails.
  func script(for documents: [Document]) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let documentsJSON = try encoder.encode(documents)
    let index = try NodeScript.run(
      try Self.resource("build-search-index"),
      arguments: [lunrScript.path, try Self.resource(Self.languageScript).path], input: documentsJSON)
    var script = "window.LESSONS_SEARCH = {\"documents\":" + String(decoding: documentsJSON, as: UTF8.self)
      + ",\"index\":" + String(decoding: index, as: UTF8.self) + "};\n"
    // Keep "</script>" in lesson text from closing anything if inlined later.
    script = script.replacingOccurrences(of: "</", with: "<\\/")
    return Data(script.utf8)
  }

  /// A script of the Site resource bundle.
  private static func resource(_ name: String) throws -> URL {
    guard let url = Bundle.module.url(forResource: name, withExtension: "js") else {
      throw SiteError("\(name).js is missing from the Site resource bundle")
    }
    return url
  }
}
