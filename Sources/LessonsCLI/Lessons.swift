import ArgumentParser
import Foundation
import LessonRunner
import Site

/// The `lessons` command: run, check and build a course of literate lessons.
public struct Lessons: AsyncParsableCommand {
  /// The command's name, help text, version and subcommands.
  public static let configuration = CommandConfiguration(
    commandName: "lessons",
    abstract: "Run Markdown lessons whose Swift cells train neural networks, and check their claims.",
    version: "0.1.0",
    subcommands: [Check.self, Run.self, Build.self, Serve.self, Notebook.self, Student.self, Grade.self, New.self, Clean.self])

  /// Creates the command (ArgumentParser fills in its arguments).
  public init() {}

  /// Prepares the process before anything else runs: Ctrl-C, SIGTERM and
  /// SIGHUP stop every child the commands start (see `Interruption`).
  public static func prepareProcess() {
    Interruption.install()
  }
}

/// Options shared by the commands that run lessons.
struct RunOptions: ParsableArguments {
  @Option(name: [.short, .customLong("jobs")], help: "Lessons run at once (default: the number of cores).")
  var jobs: Int = ProcessInfoCores.count

  @Flag(name: .customLong("no-cache"), help: "Run every lesson, ignoring cached results.")
  var noCache = false

  @Option(name: .customLong("cache-dir"), help: "Where results are cached.")
  var cacheDirectory = ".lessons-cache"

  @Option(help: "A lesson's time limit in seconds (default: 600; for lessons grade, 120 for a submission).")
  var timeout: Double?

  /// The time limit of the lessons as written.
  var lessonTimeout: Double { timeout ?? 600 }

  /// The math typesetter, keeping its results in the cache folder unless
  /// `--no-cache` is given.
  func makeMathRenderer() -> MathRenderer {
    MathRenderer(cacheFile: noCache ? nil : URL(fileURLWithPath: cacheDirectory).appendingPathComponent("math.json"))
  }

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    guard timeout.map({ $0 > 0 }) ?? true else { throw ValidationError("--timeout must be positive") }
  }
}

/// A command could not do its work for a reason the user can act on. Unlike
/// `ValidationError` (a usage mistake), it prints no usage text.
struct CommandError: Error, CustomStringConvertible {
  /// What went wrong.
  let description: String
  init(_ description: String) { self.description = description }
}
