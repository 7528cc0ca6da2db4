import CellProtocol
import Foundation
import LessonModel
import LessonRunner
import Testing

@testable import Site

/// A lesson with a table, math, a chart with a caption, a claim and code,
/// and one that mentions its subject in its heading: what the search must
/// find, and rank.
private let initialization = #"""
  ---
  title: Weight initialization
  ---
  # Weight initialization

  Initialization sets the scale: with $`\operatorname{Var}(w) = 2/n_\text{in}`$ the signal keeps its colour.

  | Scheme | Variance |
  |---|---|
  | He | $`2/n`$ |

  ## Momentum in passing

  Batch statistics keep a running mean with momentum 0.9.

  ```math
  \hat\mu \leftarrow 0.9\,\hat\mu + 0.1\,\mu_B
  ```

  ```swift
  //| caption: Activations per layer
  let trainer = SGDTrainer(learningRate: 0.1)
  expect(true, "the spread stays near one")
  ```

  ```swift
  //| echo: false
  let hiddenHelper = 1
  ```
  """#

private let optimizers = """
  ---
  title: Optimizers
  ---
  # Optimizers

  Plain gradient descent first, then a moving average, and a moving average of moving averages.

  ## Momentum

  Momentum keeps a velocity: momentum smooths the steps, and more momentum smooths them more.

  ## Velocity

  The velocity is a **moving average** of past gradients. **A strong sentence that defines nothing at all.**
  """

/// The two lessons in a temporary folder, with results made by hand.
private func searchCourse(in folder: URL) throws -> (Course, [LessonResult]) {
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  try initialization.write(to: folder.appendingPathComponent("03-init.md"), atomically: true, encoding: .utf8)
  try optimizers.write(to: folder.appendingPathComponent("08-optimizers.md"), atomically: true, encoding: .utf8)
  let course = try Course.load(paths: [folder.path])
  let chart = Chart(.line(series: [Series(name: "std", points: [Point(x: 0, y: 1), Point(x: 1, y: 1)])], logY: false), title: "Spread by depth")
  let results = course.lessons.map { file in
    LessonResult(
      path: file.lesson.path,
      cells: file.lesson.cells.map { cell in
        cell.index == 0 && file.lesson.title == "Weight initialization"
          ? CellResult(index: 0, status: .passed, displays: [.chart(chart, caption: nil)],
                       expectations: [ExpectationResult(passed: true, message: "the spread stays near one", line: 24)])
          : CellResult(index: cell.index, status: .passed)
      },
      diagnostics: [])
  }
  return (course, results)
}

/// The documents of a built site's `assets/search-index.js`.
private func searchDocuments(in site: URL) throws -> [[String: Any]] {
  let script = try String(contentsOf: site.appendingPathComponent("assets/search-index.js"), encoding: .utf8)
  let prefix = "window.LESSONS_SEARCH = "
  #expect(script.hasPrefix(prefix) && script.hasSuffix("};\n"))
  let json = Data(script.dropFirst(prefix.count).dropLast(2).utf8)
  let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
  #expect(object["index"] is [String: Any])
  return try #require(object["documents"] as? [[String: Any]])
}

/// Loads a built site's index in Node.js as the browser does (lunr, the
/// spelling step, `lunr.Index.load`) and returns each query's result URLs,
/// best first.
private func search(_ queries: [String], in site: URL) throws -> [[String]] {
  let harness = FileManager.default.temporaryDirectory.appendingPathComponent("search-harness-\(UUID().uuidString).js")
  defer { try? FileManager.default.removeItem(at: harness) }
  try """
    globalThis.window = globalThis;
    const assets = process.argv[2];
    const lunr = require(assets + "/lunr.min.js");
    require(assets + "/search-index.js");
    require(assets + "/search-language.js").register(lunr);
    const index = lunr.Index.load(window.LESSONS_SEARCH.index);
    const queries = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
    process.stdout.write(JSON.stringify(queries.map((query) =>
      index.search(query).map((result) => window.LESSONS_SEARCH.documents[Number(result.ref)].url))));
    """.write(to: harness, atomically: true, encoding: .utf8)
  let output = try NodeScript.run(
    harness, arguments: [site.appendingPathComponent("assets").path], input: try JSONEncoder().encode(queries))
  return try JSONDecoder().decode([[String]].self, from: output)
}

@Suite("Search: what the index holds and how it ranks")
struct SearchTests {
  @Test func texBecomesReadableText() {
    #expect(TeXText.readable(#"\lambda_k/(\lambda_k+\varepsilon)"#) == "λₖ/(λₖ+ε)")
    #expect(TeXText.readable(#"\tfrac{1}{N} X^\top X"#) == "1/N Xᵀ X")
    #expect(TeXText.readable(#"\operatorname{Var}(w) = 2/(n_\text{in} + n_\text{out})"#) == "Var(w) = 2/(nᵢₙ + nₒᵤₜ)")
    // Environments and line breaks of multi-line equations are not text.
    #expect(TeXText.readable(#"\begin{gathered} a = 1, \\[4pt] b = 2 \end{gathered}"#) == "a = 1, ; b = 2")
    #expect(TeXText.readable(#"\begin{aligned} w &\leftarrow v \\ &= u \end{aligned}"#) == "w ← v ; = u")
    #expect(TeXText.readable(#"\frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}"#) == "(xᵢ - μ_B)/√(σ_B² + ϵ)")
    #expect(TeXText.readable(#"\hat y = w_1 x_1,\qquad \epsilon = 10^{-8}"#) == "y\u{302} = w₁ x₁, ϵ = 10⁻⁸")
    #expect(TeXText.readable(#"\sum_{i \in B} \ell\big(f(x_i), y_i\big)"#) == "∑_(i∈B) ℓ(f(xᵢ), yᵢ)")
    #expect(TeXText.readable(#"\lVert g \rVert^2 \le \tfrac12"#) == "‖ g ‖² ≤ 1/2")
    #expect(TeXText.readable(#"L_{\text{data}} + \unknown"#) == "L_data + unknown")
  }

  @Test func sectionsHoldPlainTextCaptionsClaimsAndCodeNames() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("search-sections-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let (course, results) = try searchCourse(in: folder)
    let file = try #require(course.lessons.first { $0.lesson.title == "Weight initialization" })
    let sections = BodyRenderer(charts: ChartRenderer(), math: testMath).render(file.lesson, result: results[0]).searchSections
    #expect(sections.map(\.anchor) == ["", "momentum-in-passing"])
    let top = sections[0], passing = sections[1]
    #expect(top.heading == "Weight initialization")
    // Math as readable text, a table as its cells: no TeX, no dollars, no pipes.
    #expect(top.text == "Initialization sets the scale: with Var(w) = 2/nᵢₙ the signal keeps its colour. Scheme · Variance · He · 2/n")
    #expect(passing.text == "Batch statistics keep a running mean with momentum 0.9. μ\u{302} ← 0.9 μ\u{302} + 0.1 μ_B")
    #expect(passing.captions == ["Spread by depth", "Activations per layer"])
    #expect(passing.claims == ["the spread stays near one"])
    // Names of the shown code only, each once; one-letter names are left out.
    #expect(passing.code == ["trainer", "SGDTrainer", "learningRate", "expect"])
  }

  @Test func theIndexFindsSpellingVariantsCaptionsClaimsAndCodeAndRanksHeadingsFirst() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("search-course-\(UUID().uuidString)")
    let site = FileManager.default.temporaryDirectory.appendingPathComponent("search-site-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: site) }
    let (course, results) = try searchCourse(in: folder.appendingPathComponent("lessons"))
    try SiteBuilder(theme: try Theme(), courseTitle: "C").build(course: course, results: results, into: site)
    for asset in ["lunr.min.js", "search-language.js", "search-index.js"] {
      #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("assets/" + asset).path), "missing \(asset)")
    }
    let documents = try searchDocuments(in: site)
    #expect(documents.map { $0["url"] as? String } == [
      "03-init.html", "03-init.html#momentum-in-passing", "08-optimizers.html", "08-optimizers.html#momentum",
      "08-optimizers.html#velocity",
    ])
    // Short strong emphasis is a defined term; a strong sentence is not.
    #expect(documents[4]["terms"] as? [String] == ["moving average"])
    #expect(documents[2]["terms"] as? [String] == [])
    #expect(documents[0]["title"] as? String == "Weight initialization" && documents[1]["title"] == nil)

    let found = try search(
      ["initialisation", "initialization", "color", "colour", "momentum", "activations", "spread", "sgdtrainer",
       "hiddenHelper", "optimiser", "moving average"],
      in: site)
    // British and American spellings find each other, at the title first.
    #expect(found[0].first == "03-init.html" && found[1].first == "03-init.html")
    #expect(found[2] == ["03-init.html"] && found[3] == ["03-init.html"])
    // A heading outranks prose that says the word more often elsewhere.
    #expect(found[4].first == "08-optimizers.html#momentum" && found[4].contains("03-init.html#momentum-in-passing"))
    // Captions, chart titles, claims and shown code are searched.
    #expect(found[5] == ["03-init.html#momentum-in-passing"])
    #expect(found[6] == ["03-init.html#momentum-in-passing"])
    #expect(found[7] == ["03-init.html#momentum-in-passing"])
    #expect(found[8].isEmpty)  // echo: false
    #expect(found[9].first == "08-optimizers.html")
    // The section that defines a term outranks prose that repeats it.
    #expect(found[10].first == "08-optimizers.html#velocity" && found[10].contains("08-optimizers.html"))
  }
}
