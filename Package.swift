// swift-tools-version:6.0
import Foundation
import PackageDescription

/// The training core is compiled for Haswell-class x86-64 (AVX2, the x86-64-v3 level) when the machine that
/// builds it has it: the matrix multiply then runs eight lanes per
/// instruction instead of four, about 4× faster (`bench/README.md`).
/// Results stay bitwise identical to the baseline SSE2 build, because the
/// kernels fix their summation order and Swift never fuses a multiply and an
/// add into an FMA; vector width only changes how many lanes run at once.
/// `LESSONS_PORTABLE=1` builds for baseline x86-64, e.g. to copy the build to
/// an older machine.
let trainingCoreSettings: [SwiftSetting] = {
  #if arch(x86_64) && os(Linux)
    guard ProcessInfo.processInfo.environment["LESSONS_PORTABLE"] == nil,
      let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let flagLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return [] }
    let flags = Set(flagLine.split(separator: " ").map(String.init))
    let v3 = ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "xsave"]
    return flags.isSuperset(of: v3) ? [.unsafeFlags(["-target-cpu", "haswell", "-Xcc", "-fno-math-errno"])] : []
  #else
    return []
  #endif
}()

let package = Package(
  name: "lessons",
  products: [
    // MARK: - Products
    .library(name: "TrainingCore", targets: ["TrainingCore"]),
    /// What lesson programs link against (loaded at run time by each lesson).
    .library(name: "LessonKit", type: .dynamic, targets: ["LessonKit"]),
    /// The command-line tool.
    .executable(name: "lessons", targets: ["lessons"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    .package(url: "https://github.com/swiftlang/swift-syntax", from: "602.0.0"),
    .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    // `swift package generate-documentation`: the API reference (make docs).
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // MARK: - Public API
    /// From-scratch, deterministic neural-network training core. Imports only the
    /// standard library and Foundation.
    .target(name: "TrainingCore", exclude: ["README.md"], swiftSettings: trainingCoreSettings),
    /// The notebook runtime for cells: show, charts, expect, data files.
    .target(
      name: "LessonKit", dependencies: ["TrainingCore", "CellProtocol", "_LessonKitShims"],
      exclude: ["Resources/digits.md"], resources: [.copy("Resources/digits.csv")]),
    /// The records a lesson program sends to the runner (shared by both sides).
    .target(name: "CellProtocol"),
    /// The Swift face of cmark: parsing, walking, source positions, rendering.
    .target(name: "LessonMarkdown", dependencies: ["CCmark"]),
    /// What a course is made of, shared by the runner, the site and the
    /// commands: lessons, cells, options, diagnostics and results (values only).
    .target(name: "LessonModel", dependencies: ["CellProtocol"]),
    /// HTML and XML writing: escaping and the `Node` tree (used by the site and
    /// the JUnit report).
    .target(name: "Markup"),
    /// Running lessons: parsing, code generation, compilation, execution,
    /// interpretation, cache.
    .target(
      name: "LessonRunner",
      dependencies: [
        "LessonModel", "LessonMarkdown", "CellProtocol", "_ProcessShims",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SwiftParser", package: "swift-syntax"),
        .product(name: "SwiftLexicalLookup", package: "swift-syntax"),
      ],
      plugins: ["RunnerDigestPlugin"]),
    /// Generates the digest of the runner's sources that its cache keys on.
    .plugin(name: "RunnerDigestPlugin", capability: .buildTool(), dependencies: ["RunnerDigestTool"]),
    .executableTarget(name: "RunnerDigestTool"),

    // MARK: - Implementation details
    /// C helpers for LessonKit (stdio buffering).
    .target(name: "_LessonKitShims"),
    /// C helper for the runner: starting a child in a session of its own.
    .target(name: "_ProcessShims"),
    /// Debian's libcmark-dev (CommonMark reference parser), via pkg-config.
    .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),

    /// The course site: pages, SVG charts, highlighting, search, assets.
    .target(
      name: "Site",
      dependencies: [
        "LessonModel", "LessonMarkdown", "CellProtocol", "Markup",
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "SwiftIDEUtils", package: "swift-syntax"),
        .product(name: "SwiftParser", package: "swift-syntax"),
      ],
      resources: [
        .copy("Theme"), .copy("Math/typeset-math.js"),
        .copy("Search/build-search-index.js"), .copy("Search/search-language.js"),
      ]),
    /// The commands (check, run, …) as a library, so tests can drive them.
    .target(
      name: "LessonsCLI",
      dependencies: [
        "LessonModel", "LessonRunner", "Site", "Markup", "CellProtocol",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "FlyingFox", package: "FlyingFox"),
      ],
      resources: [.copy("Notebook/notebook.js"), .copy("Notebook/notebook.css")]),
    /// `lessons`: a thin executable over LessonsCLI.
    .executableTarget(name: "lessons", dependencies: ["LessonsCLI"]),

    // MARK: - Tools
    /// Throughput benchmarks (W1–W3, GEMM); peers live in bench/peers.
    .executableTarget(
      name: "bench",
      dependencies: ["TrainingCore"],
      path: "bench",
      exclude: ["peers", "runner", "README.md", "run", "results"]
    ),

    // MARK: - Unit test bundles
    .testTarget(name: "TrainingCoreTests", dependencies: ["TrainingCore"]),
    .testTarget(name: "LessonMarkdownTests", dependencies: ["LessonMarkdown"]),
    .testTarget(name: "LessonKitTests", dependencies: ["LessonKit", "CellProtocol"]),
    .testTarget(name: "LessonsCLITests", dependencies: ["lessons"], exclude: ["Fixtures"]),
    .testTarget(name: "SiteTests", dependencies: ["Site", "Markup", "CellProtocol", "LessonModel", "LessonRunner"]),
    .testTarget(
      name: "LessonRunnerTests", dependencies: ["LessonRunner", "LessonModel", "CellProtocol", "CCmark", "TrainingCore"],
      exclude: ["Fixtures"]),
  ]
)
