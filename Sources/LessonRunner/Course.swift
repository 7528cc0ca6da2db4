import Foundation
import LessonModel

extension Course {
  /// Errors finding lessons.
  public enum LoadError: Error, CustomStringConvertible {
    case notFound(String)
    case notMarkdown(String)
    case noLessons([String])
    /// A shared Swift file that cannot be read as UTF-8.
    case unreadable(String)

    /// The problem, naming the path.
    public var description: String {
      switch self {
      case .notFound(let path): return "\(path): no such file or folder"
      case .notMarkdown(let path): return "\(path): not a Markdown lesson (.md)"
      case .unreadable(let path): return "\(path): cannot read this shared Swift file as UTF-8 text"
      case .noLessons(let paths):
        return "no lessons in \(paths.joined(separator: ", ")): a lesson is a .md file (other than README.md) directly in a folder given to lessons; create one with `lessons new \"Title\"`"
      }
    }
  }

  /// Loads lesson files and folders of lessons.
  public static func load(paths: [String]) throws -> Course {
    var files = [(path: String, url: URL)]()
    var warnings = [String]()
    let fileManager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw LoadError.notFound(path) }
      if isDirectory.boolValue {
        let names = try fileManager.contentsOfDirectory(atPath: path)
          .filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" }
          .sorted()
        let prefix = path == "." ? "" : path.hasSuffix("/") ? path : path + "/"
        files += names.map { (prefix + $0, URL(fileURLWithPath: prefix + $0)) }
        warnings += unreadSubfolders(of: path, prefix: prefix)
      } else {
        guard path.hasSuffix(".md") else { throw LoadError.notMarkdown(path) }
        files.append((path, URL(fileURLWithPath: path)))
      }
    }
    // A file that cannot be read or decoded becomes a failing lesson with
    // its error, so the other lessons still run.
    var sharedByFolder = [String: [SourceFile]]()
    let lessons = try files.map { file in
      let folder = (file.path as NSString).deletingLastPathComponent
      if sharedByFolder[folder] == nil { sharedByFolder[folder] = try sharedSources(in: folder) }
      do {
        var lesson = LessonParser.parse(data: try Data(contentsOf: file.url), path: file.path)
        lesson.sharedSources = sharedByFolder[folder] ?? []
        return LessonFile(url: file.url, lesson: lesson)
      } catch {
        return LessonFile(url: file.url, lesson: LessonParser.unreadable(path: file.path, error: error))
      }
    }.sorted {
      ($0.lesson.frontMatter.order ?? Int.max, $0.url.lastPathComponent) < ($1.lesson.frontMatter.order ?? Int.max, $1.url.lastPathComponent)
    }
    guard !lessons.isEmpty else { throw LoadError.noLessons(paths) }
    let (config, configURL, configWarnings) = try loadConfig(paths: paths)
    let (ordered, partWarnings) = try inPartOrder(lessons, config: config, configPath: configURL?.path ?? CourseConfig.fileName)
    return Course(lessons: ordered, warnings: configWarnings + partWarnings + warnings, config: config, configURL: configURL)
  }

  /// The student edition of the course: every lesson made anew from its
  /// student edition (see ``LessonModel/Lesson/studentEdition``), which runs
  /// and is cached apart from the lesson as written. A course that already
  /// is one is returned as it is.
  public func studentEdition() -> Course {
    guard config.edition == .instructor else { return self }
    var edition = self
    edition.config.edition = .student
    edition.lessons = lessons.map { file in
      guard !file.lesson.exercises.isEmpty else { return file }
      let variant = LessonVariant(name: "student", cachesFailures: true)
      return LessonFile(url: file.url, lesson: file.lesson.reparsed(file.lesson.studentEdition, variant: variant))
    }
    return edition
  }

  /// The lessons in the order of the config's parts, then the lessons no
  /// part lists (a numbered one among them is a warning). Without parts,
  /// the order is unchanged. When only some lessons are loaded (`lessons
  /// check lessons/03-x.md`), the parts' other files are passed over.
  ///
  /// - Throws: ``CourseConfigParser/ConfigError`` when a part lists a file
  ///   that is not in the course's folder, or one already listed.
  /// The folder of Swift files every lesson of a folder compiles with.
  public static let sharedFolderName = "shared"

  /// The `.swift` files in `shared/` inside `folder` (a lesson's folder), in
  /// name order; none when there is no such folder.
  static func sharedSources(in folder: String) throws -> [SourceFile] {
    let shared = folder.isEmpty ? sharedFolderName : (folder as NSString).appendingPathComponent(sharedFolderName)
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: shared) else { return [] }
    return try names.filter { $0.hasSuffix(".swift") && !$0.hasPrefix(".") }.sorted().map { name in
      let path = (shared as NSString).appendingPathComponent(name)
      guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        throw LoadError.unreadable(path)
      }
      return SourceFile(path: path, text: text)
    }
  }

  private static func inPartOrder(_ lessons: [LessonFile], config: CourseConfig, configPath: String) throws
    -> ([LessonFile], [String])
  {
    guard !config.parts.isEmpty else { return (lessons, []) }
    var byName = Dictionary(lessons.map { ($0.url.lastPathComponent, $0) }, uniquingKeysWith: { first, _ in first })
    let folder = (configPath as NSString).deletingLastPathComponent
    var listed = Set<String>()
    var ordered = [LessonFile]()
    for part in config.parts {
      for name in part.lessons {
        let exists = FileManager.default.fileExists(atPath: folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name))
        guard listed.insert(name).inserted, exists else {
          let why = exists ? "is already listed" : "is not a lesson in \(folder.isEmpty ? "." : folder)"
          throw CourseConfigParser.ConfigError(
            description: "\(configPath):\(part.line): error: part '\(part.title)' lists \(name), which \(why)")
        }
        if let file = byName.removeValue(forKey: name) { ordered.append(file) }
      }
    }
    let rest = lessons.filter { byName[$0.url.lastPathComponent] != nil }
    let warnings = rest.filter { $0.lesson.frontMatter.section == nil }.map {
      "\(configPath): warning: \($0.lesson.path) is in no part of the course config; it comes after the parts"
    }
    return (ordered + rest, warnings)
  }

  /// Reads `course.yml` from the course's folder: the first folder given, or
  /// the folder of the first lesson file given.
  private static func loadConfig(paths: [String]) throws -> (CourseConfig, URL?, [String]) {
    guard let first = paths.first else { return (CourseConfig(), nil, []) }
    var isDirectory: ObjCBool = false
    let folder = paths.first { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue }
      ?? (first as NSString).deletingLastPathComponent
    let path = folder.isEmpty || folder == "." ? CourseConfig.fileName : (folder as NSString).appendingPathComponent(CourseConfig.fileName)
    guard let data = FileManager.default.contents(atPath: path) else { return (CourseConfig(), nil, []) }
    let (config, warnings) = try CourseConfigParser.parse(String(decoding: data, as: UTF8.self), path: path)
    return (config, URL(fileURLWithPath: path), warnings)
  }

  /// Warnings for the subfolders of `folder` that hold Markdown files other
  /// than README.md: lessons are only read from the folder itself, so such
  /// files would be silently left out.
  private static func unreadSubfolders(of folder: String, prefix: String) -> [String] {
    let fileManager = FileManager.default
    let entries = ((try? fileManager.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    return entries.compactMap { name in
      var isDirectory: ObjCBool = false
      guard !name.hasPrefix("."), fileManager.fileExists(atPath: prefix + name, isDirectory: &isDirectory), isDirectory.boolValue,
        let inside = try? fileManager.contentsOfDirectory(atPath: prefix + name),
        inside.contains(where: { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" })
      else { return nil }
      return "\(prefix + name)/ holds Markdown files that are not read as lessons: lessons are the .md files directly in \(folder); pass \(prefix + name) to read them"
    }
  }
}

/// Runs a course's lessons in parallel, through the cache.
public struct CourseRunner: Sendable {
  /// Runs single lessons.
  public var runner: Runner
  /// The result cache, or `nil` to run everything (`--no-cache`).
  public var cache: LessonCache?
  /// How many lessons run at once.
  public var jobs: Int

  /// Creates a course runner.
  public init(runner: Runner, cache: LessonCache?, jobs: Int) {
    self.runner = runner
    self.cache = cache
    self.jobs = max(1, jobs)
  }

  /// What happened to a lesson, reported as lessons start and finish.
  public enum Progress: Sendable {
    /// The lesson started compiling.
    case compiling(path: String)
    /// The lesson's program started running.
    case running(path: String)
    /// The lesson finished (or came from the cache).
    case finished(LessonResult)
  }

  /// Runs every lesson and returns the results in course order. One lesson's
  /// failure never stops the others. A task group keeps `jobs` runs in
  /// flight; no run blocks a thread of the concurrency pool while it
  /// compiles or runs, so `jobs` may exceed the number of cores.
  ///
  /// In an instructor's course, a lesson with exercises also runs the
  /// versions that prove them (see ``ExerciseProof``), through the cache
  /// like any lesson; only their verdicts join the lesson's result.
  ///
  /// `proseDiagnostics` are problems found in lessons' prose by a later
  /// stage (such as TeX that does not typeset), by lesson path. They are
  /// added to the lesson's result: errors fail the lesson, but its cells
  /// still run, and they are never cached (the prose is checked every time).
  public func run(
    _ course: Course, proseDiagnostics: [String: [Diagnostic]] = [:],
    progress: @escaping @Sendable (Progress) -> Void = { _ in }
  ) async -> [LessonResult] {
    let lessons = course.lessons
    let proofs = lessons.map { course.config.edition == .instructor ? ExerciseProof($0.lesson) : nil }
    // Every run: each lesson as written (version nil), then the versions.
    let runs = lessons.indices.map { ($0, Int?.none) }
      + proofs.enumerated().flatMap { index, proof in (proof?.versions.indices ?? 0..<0).map { (index, Int?.some($0)) } }
    var asWritten = [LessonResult?](repeating: nil, count: lessons.count)
    var versions = proofs.map { [LessonResult?](repeating: nil, count: $0?.versions.count ?? 0) }
    var results = [LessonResult?](repeating: nil, count: lessons.count)
    await withTaskGroup(of: (Int, Int?, LessonResult).self) { group in
      var next = 0
      func start() {
        guard next < runs.count else { return }
        let (index, version) = runs[next]
        next += 1
        let file = version.map { LessonFile(url: lessons[index].url, lesson: proofs[index]!.versions[$0].lesson) } ?? lessons[index]
        group.addTask { (index, version, await run(file, progress: progress)) }
      }
      for _ in 0..<jobs { start() }
      while let (index, version, result) = await group.next() {
        if let version { versions[index][version] = result } else { asWritten[index] = result }
        if var finished = asWritten[index], !versions[index].contains(where: { $0 == nil }) {
          if let proof = proofs[index] { finished.diagnostics += proof.verdicts(asWritten: finished, versions: versions[index].map { $0! }) }
          finished.diagnostics += proseDiagnostics[finished.path] ?? []
          results[index] = finished
          progress(.finished(finished))
        }
        start()
      }
    }
    return results.compactMap { $0 }
  }

  /// One lesson, through the cache.
  func run(_ file: LessonFile, progress: @escaping @Sendable (Progress) -> Void = { _ in }) async -> LessonResult {
    if let cached = cache?.result(for: file.lesson) { return cached }
    let path = file.lesson.path
    let result = await runner.run(file.lesson, lessonDirectory: file.url.deletingLastPathComponent()) { phase in
      switch phase {
      case .compiling: progress(.compiling(path: path))
      case .running: progress(.running(path: path))
      }
    }
    try? cache?.store(result, for: file.lesson)
    return result
  }
}
