import Foundation
import LessonModel
import Synchronization

/// "Did you mean …?" for names a cell misspells.
///
/// The candidates are the public names of the modules lessons import
/// (LessonKit and TrainingCore), read from the built modules themselves with
/// the toolchain's `swift-symbolgraph-extract`, so the list is always exactly
/// the API the cell compiles against; plus a few standard-library names.
/// They are read once per LessonKit build, and only when a compile error
/// names an unknown identifier.
struct NameSuggestions: Sendable {
  /// Every candidate name, without argument labels.
  let names: Set<String>

  /// The standard-library names cells use most, which the module scan misses.
  static let standardNames: Set<String> = [
    "print", "min", "max", "abs", "zip", "stride", "sqrt", "exp", "log", "pow", "tanh",
    "Float", "Double", "Int", "String", "Array", "Dictionary", "Set", "Bool", "map", "filter",
    "reduce", "sorted", "enumerated", "count", "first", "last", "append", "contains", "indices",
  ]

  /// Rewrites a compiler error that names an unknown identifier or member
  /// (`cannot find 'plto' in scope`, `… has no member 'fitt'`) by adding the
  /// closest known name, when one is close enough and the compiler gave none.
  func annotate(_ message: String) -> String {
    guard !message.contains("did you mean"), let unknown = Self.unknownName(in: message),
      let best = closest(to: unknown)
    else { return message }
    return message + "; did you mean '\(best)'?"
  }

  /// The known name nearest to `name`: at most one edit for short names, a
  /// third of the length for longer ones; ties go to the matching letter
  /// case, then alphabetically.
  func closest(to name: String) -> String? {
    let limit = max(1, name.count / 3)
    let lowered = name.lowercased()
    var best: (name: String, distance: Int, exact: Int)?
    for candidate in names.sorted() where candidate != name && abs(candidate.count - name.count) <= limit {
      let distance = editDistance(lowered, candidate.lowercased())
      guard distance <= limit else { continue }
      // Among equally close names, prefer the one whose letter case matches.
      let exact = editDistance(name, candidate)
      if best == nil || (distance, exact) < (best!.distance, best!.exact) { best = (candidate, distance, exact) }
    }
    return best?.name
  }

  /// The quoted name in the messages this type knows how to help with.
  static func unknownName(in message: String) -> String? {
    for pattern in ["cannot find '", "has no member '", "cannot find type '"] {
      guard let start = message.range(of: pattern) else { continue }
      let rest = message[start.upperBound...]
      guard let end = rest.firstIndex(of: "'") else { continue }
      return String(rest[..<end])
    }
    return nil
  }

  /// The suggestions extracted so far, by LessonKit build folder.
  private static let loaded = Mutex<[String: NameSuggestions]>([:])

  /// The suggestions for the modules in `toolchain`'s LessonKit build,
  /// extracted on first use and kept for the process's lifetime. Falls back
  /// to the standard names when the extractor is missing or fails.
  static func forToolchain(_ toolchain: Toolchain) -> NameSuggestions {
    loaded.withLock { loaded in
      let key = toolchain.buildDirectory.path
      if let known = loaded[key] { return known }
      let suggestions = NameSuggestions(names: standardNames.union(extractNames(toolchain)))
      loaded[key] = suggestions
      return suggestions
    }
  }

  /// Public symbol names of LessonKit and TrainingCore, from their symbol graphs.
  private static func extractNames(_ toolchain: Toolchain) -> Set<String> {
    let extractor = toolchain.compiler.deletingLastPathComponent().appendingPathComponent("swift-symbolgraph-extract")
    guard FileManager.default.isExecutableFile(atPath: extractor.path) else { return [] }
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-symbols-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    var names = Set<String>()
    for module in ["LessonKit", "TrainingCore"] {
      try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
      let process = Process()
      process.executableURL = extractor
      process.arguments = [
        "-module-name", module, "-I", toolchain.buildDirectory.path + "/Modules",
        "-target", toolchain.targetTriple, "-minimum-access-level", "public", "-output-dir", output.path,
        "-Xcc", "-fmodule-map-file=" + toolchain.buildDirectory.path + "/_LessonKitShims.build/module.modulemap",
      ]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      guard (try? process.run()) != nil else { continue }
      process.waitUntilExit()
      for file in (try? FileManager.default.contentsOfDirectory(at: output, includingPropertiesForKeys: nil)) ?? [] {
        guard let data = try? Data(contentsOf: file),
          let graph = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let symbols = graph["symbols"] as? [[String: Any]]
        else { continue }
        for symbol in symbols {
          guard let title = (symbol["names"] as? [String: Any])?["title"] as? String else { continue }
          let base = title.prefix { $0 != "(" }
          if !base.isEmpty && !base.hasPrefix("_") { names.insert(String(base)) }
        }
      }
      try? FileManager.default.removeItem(at: output)
    }
    return names
  }
}
