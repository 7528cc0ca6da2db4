import ArgumentParser
import Foundation
import LessonModel
import LessonRunner

/// `lessons new`: scaffold a lesson numbered after the last one.
struct New: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Create a new lesson with front matter and an example cell, numbered after the last lesson.")

  @Argument(help: "The lesson's title.")
  var title: String

  @Option(help: "The folder of lessons.")
  var directory = "lessons"

  func run() throws {
    let folder = URL(fileURLWithPath: directory)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let numbers = existing.compactMap { name -> Int? in
      guard name.hasSuffix(".md") else { return nil }
      return Int(name.prefix { $0.isNumber })
    }
    let number = (numbers.max() ?? 0) + 1
    let slug = Scaffold.slug(title)
    let name = String(format: "%02d-%@.md", number, slug)
    let url = folder.appendingPathComponent(name)
    guard !FileManager.default.fileExists(atPath: url.path) else {
      throw CommandError("\(directory)/\(name) already exists")
    }
    try Scaffold.lesson(title: title, order: number).write(to: url, atomically: true, encoding: .utf8)
    print("created \(directory)/\(name)")
  }
}

/// `lessons clean`: remove the result cache and the built site.
struct Clean: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Remove cached results and the built site.")

  @Option(name: .customLong("cache-dir"), help: "The result cache to remove.")
  var cacheDirectory = ".lessons-cache"

  @Option(name: [.short, .long], help: "The built site to remove.")
  var output = "output"

  func run() throws {
    for path in [cacheDirectory, output] where FileManager.default.fileExists(atPath: path) {
      try FileManager.default.removeItem(atPath: path)
      print("removed \(path)")
    }
  }
}

/// The text of new lessons.
enum Scaffold {
  /// A lesson file that passes `lessons check` as written.
  static func lesson(title: String, order: Int) -> String {
    let quoted = "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    return """
      ---
      title: \(quoted)
      summary: "One or two sentences for the course index."
      order: \(order)
      ---

      # \(title)

      Why this matters, in a paragraph or two.

      ## An experiment

      Cells share state in order, as in a notebook. `expect` states a claim that
      `lessons check` verifies.

      ```swift
      //| caption: Training loss per epoch
      let data = SyntheticData.spiral(pointsPerClass: 50, classes: 3, seed: 1)
      let model = Sequential(seed: 1) {
        Dense(2, 16, init: .heNormal()); ReLU()
        Dense(16, 3)
      }
      let history = try model.fit(data, loss: .crossEntropy(), optimizer: Adam(learningRate: 0.01),
                                  epochs: 30, batchSize: 32, shuffleSeed: 1)
      plot(["train": history.trainLoss], xLabel: "epoch", yLabel: "loss")
      expect(history.trainLoss.last! < history.trainLoss.first!,
             "training lowers the loss (\\(format(history.trainLoss.first!)) → \\(format(history.trainLoss.last!)))")
      ```

      ## Takeaways

      - One sentence per idea.

      """
  }

  /// A file-name slug: lowercase ASCII letters and digits joined by `-`.
  static func slug(_ title: String) -> String {
    var slug = ""
    for character in title.lowercased() {
      if character.isASCII && (character.isLetter || character.isNumber) {
        slug.append(character)
      } else if !slug.isEmpty && slug.last != "-" {
        slug.append("-")
      }
    }
    while slug.hasSuffix("-") { slug.removeLast() }
    return slug.isEmpty ? "lesson" : slug
  }
}
