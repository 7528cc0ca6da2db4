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
  ]
)
