import Foundation
import LessonModel

/// TeX typeset to HTML at build time by KaTeX (Debian's `libjs-katex`) under
/// Node.js, so that a page needs only KaTeX's style sheet and fonts, and a TeX
/// error is an error of `lessons check` at its Markdown line instead of red
/// text on the page.
///
/// Formulas are typeset in batches, one Node.js run per batch (about 0.2 s to
/// start KaTeX, then under a millisecond per formula). Results are kept by
/// formula for the renderer's life (`lessons serve` keeps one renderer) and,
/// given a cache file, across runs.
///
/// ```swift
/// let math = try MathRenderer()
/// try math.prepare([MathRenderer.Formula(tex: "x^2", display: false)])
/// math.typeset(MathRenderer.Formula(tex: "x^2", display: false))   // .html("<span class=\"katex\">…")
/// ```
public final class MathRenderer: @unchecked Sendable {
  /// One piece of TeX and how it is set: inline or as a display equation.
  public struct Formula: Hashable, Codable, Sendable {
    /// The TeX source, without delimiters.
    public var tex: String
    /// Whether it is a display equation (a ```` ```math ```` block).
    public var display: Bool

    /// Creates a formula.
    public init(tex: String, display: Bool) {
      self.tex = tex
      self.display = display
    }
  }

  /// What KaTeX made of a formula.
  public enum Typeset: Hashable, Codable, Sendable {
    /// The formula as HTML (with MathML for screen readers), and KaTeX's
    /// strict-mode warnings.
    case html(String, warnings: [String])
    /// KaTeX could not parse it; `offset` is where, in UTF-16 code units of
    /// the TeX, when KaTeX knows.
    case error(String, offset: Int?)
  }

  /// The KaTeX script Node.js loads.
  let katexScript: URL
  /// Where results are kept across runs, or `nil`.
  let cacheFile: URL?
  private let lock = NSLock()
  private var known: [Formula: Typeset] = [:]
  /// The formulas asked for since the renderer was made: what the cache
  /// file keeps, so that it does not grow with every formula ever edited.
  private var used: Set<Formula> = []
  private var cacheChanged = false

  /// Creates a renderer.
  ///
  /// - Parameters:
  ///   - katexDirectory: Where KaTeX is installed (Debian's `libjs-katex`).
  ///   - cacheFile: A JSON file that keeps results across runs, or `nil`.
  public init(
    katexDirectory: URL = URL(fileURLWithPath: "/usr/share/javascript/katex"), cacheFile: URL? = nil
  ) {
    katexScript = katexDirectory.appendingPathComponent("katex.min.js")
    self.cacheFile = cacheFile
    if let cacheFile, let stored = try? JSONDecoder().decode(StoredResults.self, from: Data(contentsOf: cacheFile)),
      stored.katex == katexIdentity
    {
      known = Dictionary(stored.results.map { ($0.formula, $0.typeset) }, uniquingKeysWith: { first, _ in first })
    }
  }

  /// Typesets every formula not yet known, in one Node.js run.
  ///
  /// - Throws: ``SiteError`` when Node.js or KaTeX is missing or Node.js fails.
  public func prepare(_ formulas: some Sequence<Formula>) throws {
    let missing: [Formula] = lock.withLock {
      var missing = [Formula](), seen = Set<Formula>()
      for formula in formulas {
        used.insert(formula)
        if known[formula] == nil, seen.insert(formula).inserted { missing.append(formula) }
      }
      return missing
    }
    guard !missing.isEmpty else { return }
    let results = try runKaTeX(missing)
    lock.withLock {
      for (formula, typeset) in zip(missing, results) { known[formula] = typeset }
      cacheChanged = true
    }
  }

  /// The result for `formula`, typesetting it now if ``prepare(_:)`` did not.
  ///
  /// - Throws: ``SiteError`` when Node.js or KaTeX is missing or Node.js fails.
  public func typeset(_ formula: Formula) throws -> Typeset {
    if let typeset = lock.withLock({ () -> Typeset? in
      used.insert(formula)
      return known[formula]
    }) {
      return typeset
    }
    try prepare([formula])
    return lock.withLock { known[formula]! }
  }

  /// Writes the results of the formulas used since the renderer was made to
  /// the cache file, when there is one and something new was typeset.
  public func saveCache() {
    guard let cacheFile else { return }
    let stored: StoredResults? = lock.withLock {
      guard cacheChanged else { return nil }
      cacheChanged = false
      let results = used.compactMap { formula in known[formula].map { StoredResult(formula: formula, typeset: $0) } }
      return StoredResults(
        katex: katexIdentity,
        results: results.sorted { ($0.formula.tex, $0.formula.display ? 1 : 0) < ($1.formula.tex, $1.formula.display ? 1 : 0) })
    }
    guard let stored, let data = try? JSONEncoder().encode(stored) else { return }
    try? FileManager.default.createDirectory(at: cacheFile.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? data.write(to: cacheFile, options: .atomic)
  }

  /// Identifies the installed KaTeX (a new version may typeset differently).
  private var katexIdentity: String {
    let attributes = try? FileManager.default.attributesOfItem(atPath: katexScript.resolvingSymlinksInPath().path)
    let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
    let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "\(katexScript.resolvingSymlinksInPath().path) \(size) \(modified)"
  }

  private struct StoredResult: Codable {
    var formula: Formula
    var typeset: Typeset
  }

  private struct StoredResults: Codable {
    var katex: String
    var results: [StoredResult]
  }

  /// What `typeset-math.js` prints for one formula.
  private struct ScriptResult: Decodable {
    var html: String?
    var warnings: [String]?
    var error: String?
    var offset: Int?
  }

  /// Runs `typeset-math.js` on `formulas`.
  private func runKaTeX(_ formulas: [Formula]) throws -> [Typeset] {
    guard FileManager.default.fileExists(atPath: katexScript.path) else {
      throw SiteError("KaTeX not found at \(katexScript.path); install it with `apt-get install -y libjs-katex` (scripts/install-deps does)")
    }
    guard let script = Bundle.module.url(forResource: "typeset-math", withExtension: "js") else {
      throw SiteError("typeset-math.js is missing from the Site resource bundle")
    }
    let printed = try NodeScript.run(script, arguments: [katexScript.path], input: try JSONEncoder().encode(formulas))
    guard let results = try? JSONDecoder().decode([ScriptResult].self, from: printed), results.count == formulas.count else {
      throw SiteError("typesetting math with KaTeX failed: typeset-math.js printed no result for every formula")
    }
    return results.map { result in
      if let html = result.html { return .html(html, warnings: result.warnings ?? []) }
      return .error(result.error ?? "KaTeX failed", offset: result.offset)
    }
  }
}
