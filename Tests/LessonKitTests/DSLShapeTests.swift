import Foundation
import Testing

/// LessonKit's public symbols as the compiler sees them: the module's symbol
/// graph, extracted from the build this test runs against.
private struct SymbolGraph {
  /// A function or method: its name with labels, e.g. `plot(_:x:caption:)`,
  /// its parameters' types as written, and the type it extends (if any).
  struct Function: Hashable {
    var title: String
    var parameterTypes: [String]
    var owner: String?
  }

  var functions: [Function] = []

  init() throws {
    var build = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: build.appendingPathComponent("Modules/LessonKit.swiftmodule").path) {
      guard build.path != "/" else { throw CocoaError(.fileNoSuchFile) }
      build.deleteLastPathComponent()
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
    let extractor = try #require(
      path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("swift-symbolgraph-extract") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) })
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-symbols-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: output) }
    let process = Process()
    process.executableURL = extractor
    #if arch(x86_64)
      let triple = "x86_64-unknown-linux-gnu"
    #else
      let triple = "aarch64-unknown-linux-gnu"
    #endif
    process.arguments = [
      "-module-name", "LessonKit", "-I", build.path + "/Modules", "-target", triple,
      "-minimum-access-level", "public", "-output-dir", output.path,
      "-Xcc", "-fmodule-map-file=" + build.path + "/_LessonKitShims.build/module.modulemap",
    ]
    try process.run()
    process.waitUntilExit()
    for file in try FileManager.default.contentsOfDirectory(at: output, includingPropertiesForKeys: nil) {
      let graph = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
      for symbol in graph["symbols"] as? [[String: Any]] ?? [] {
        let kind = (symbol["kind"] as? [String: Any])?["identifier"] as? String
        guard kind == "swift.func" || kind == "swift.type.method",
          let title = (symbol["names"] as? [String: Any])?["title"] as? String,
          let path = symbol["pathComponents"] as? [String]
        else { continue }
        let parameters = ((symbol["functionSignature"] as? [String: Any])?["parameters"] as? [[String: Any]]) ?? []
        let types = parameters.map { parameter in
          let fragments = parameter["declarationFragments"] as? [[String: Any]] ?? []
          let spelled = fragments.compactMap { $0["spelling"] as? String }.joined()
          return spelled.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? spelled
        }
        functions.append(Function(title: title, parameterTypes: types, owner: path.count > 1 ? path[0] : nil))
      }
    }
  }
}

@Suite("The DSL's two faces agree")
struct DSLShapeTests {
  @Test("Every Chart factory f(…) has a free function f(…, caption:) with the same labels, order and types")
  func freeFunctionsMirrorTheChartFactories() throws {
    let graph = try SymbolGraph()
    let factories = graph.functions.filter { $0.owner == "Chart" }
    let free = graph.functions.filter { $0.owner == nil }
    #expect(factories.count >= 9, "\(factories.map(\.title))")
    for factory in factories {
      // `caption:` goes last, or before a trailing closure parameter.
      var labels = factory.title.split(separator: "(")[1].dropLast().split(separator: ":").map(String.init)
      var types = factory.parameterTypes
      let trailingClosure = types.last?.contains("->") == true
      labels.insert("caption", at: trailingClosure ? labels.count - 1 : labels.count)
      types.insert("String?", at: trailingClosure ? types.count - 1 : types.count)
      let name = factory.title.split(separator: "(")[0]
      let expected = "\(name)(" + labels.map { $0 + ":" }.joined() + ")"
      let twin = free.first { $0.title == expected && $0.parameterTypes == types }
      #expect(twin != nil, "Chart.\(factory.title) has no free twin \(expected) taking \(types)")
    }
    // And every free chart function is such a twin.
    let chartNames = Set(factories.map { $0.title.split(separator: "(")[0] })
    for function in free where chartNames.contains(function.title.split(separator: "(")[0]) {
      #expect(function.title.contains("caption:"), "\(function.title) has no caption")
    }
  }

  @Test func showAcceptsDescribedValuesOnly() throws {
    let graph = try SymbolGraph()
    let shows = graph.functions.filter { $0.owner == nil && $0.title.hasPrefix("show(") }
    #expect(!shows.contains { $0.parameterTypes.contains("Any") }, "\(shows)")
    let formats = graph.functions.filter { $0.owner == nil && $0.title.hasPrefix("format(") }
    #expect(!formats.isEmpty && !formats.contains { $0.parameterTypes.contains("Any") }, "\(formats)")
  }
}
