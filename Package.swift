// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "lessons",
  products: [
    // MARK: - Products
    .library(name: "TrainingCore", targets: ["TrainingCore"]),
  ],
  targets: [
    // MARK: - Public API
    /// From-scratch, deterministic neural-network training core. Imports only the
    /// standard library and Foundation.
    .target(name: "TrainingCore"),
    /// The Swift face of cmark: parsing, walking, source positions, rendering.
    .target(name: "LessonMarkdown", dependencies: ["CCmark"]),

    // MARK: - Implementation details
    /// Debian's libcmark-dev (CommonMark reference parser), via pkg-config.
    .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),

    // MARK: - Tools
    /// Throughput benchmarks (W1–W3, GEMM); peers live in bench/peers.
    .executableTarget(
      name: "bench",
      dependencies: ["TrainingCore"],
      path: "bench",
      exclude: ["peers", "README.md", "run"]
    ),

    // MARK: - Unit test bundles
    .testTarget(name: "TrainingCoreTests", dependencies: ["TrainingCore"]),
    .testTarget(name: "LessonMarkdownTests", dependencies: ["LessonMarkdown"]),
  ]
)
