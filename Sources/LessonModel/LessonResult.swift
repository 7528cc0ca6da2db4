import CellProtocol

/// How a cell ended.
public enum CellStatus: String, Codable, Sendable {
  /// Ran to the end and every `expect` held (or, for `error: expected`, failed
  /// as it should).
  case passed
  /// Did not compile, crashed, timed out, threw, or broke a claim (or, for
  /// `error: expected`, did not fail).
  case failed
  /// Not run: an earlier cell stopped the lesson.
  case notRun
  /// Not meant to run (`swift norun` or `eval: false`).
  case skipped
}

/// One `expect` claim and whether it held.
public struct ExpectationResult: Codable, Equatable, Sendable {
  /// Whether the claim held.
  public var passed: Bool
  /// What was claimed.
  public var message: String
  /// The Markdown line of the `expect` call.
  public var line: Int

  /// Creates a result.
  public init(passed: Bool, message: String, line: Int) {
    self.passed = passed
    self.message = message
    self.line = line
  }
}

/// What a cell produced.
public struct CellResult: Codable, Equatable, Sendable {
  /// The cell's index in the lesson.
  public var index: Int
  /// How it ended.
  public var status: CellStatus
  /// Printed text (stdout and stderr together), capped in size.
  public var text: String
  /// Rich outputs in the order shown.
  public var displays: [DisplayItem]
  /// Every `expect` claim the cell made.
  public var expectations: [ExpectationResult]
  /// Wall time of the cell, in seconds.
  public var seconds: Double
  /// Why the cell failed, in one line, when it did.
  public var failure: String?
  /// For a cell marked `error: expected` that failed as it should: how it
  /// failed (its status is then ``CellStatus/passed``).
  public var expectedFailure: String?
  /// Whether the cell began to run in the lesson's program (false when it
  /// did not compile, was not run, or the program ended before it).
  public var started: Bool

  /// The ``failure`` of a cell that did not compile.
  public static let compileFailure = "does not compile"

  /// Creates a result.
  public init(
    index: Int, status: CellStatus, text: String = "", displays: [DisplayItem] = [],
    expectations: [ExpectationResult] = [], seconds: Double = 0, failure: String? = nil,
    expectedFailure: String? = nil, started: Bool = false
  ) {
    self.index = index
    self.status = status
    self.text = text
    self.displays = displays
    self.expectations = expectations
    self.seconds = seconds
    self.failure = failure
    self.expectedFailure = expectedFailure
    self.started = started
  }
}

/// A data file a lesson program read.
public struct FileRead: Codable, Equatable, Sendable {
  /// The absolute path.
  public var path: String
  /// The file's `FileStamp` when it was read, or `nil` if it could not be read.
  public var stamp: String?

  /// Creates a record of a file read.
  public init(path: String, stamp: String?) {
    self.path = path
    self.stamp = stamp
  }
}

/// Everything a lesson run produced: cell results and diagnostics.
public struct LessonResult: Codable, Equatable, Sendable {
  /// The lesson's path as shown in diagnostics.
  public var path: String
  /// One result per cell, in order (including skipped cells).
  public var cells: [CellResult]
  /// Errors and warnings: parse problems, compiler output, crashes,
  /// timeouts and failed claims, each at its Markdown line.
  public var diagnostics: [Diagnostic]
  /// Data files the program read (absolute paths), for the cache key.
  public var filesRead: [FileRead]
  /// Seconds spent compiling.
  public var compileSeconds: Double
  /// Seconds spent running.
  public var runSeconds: Double
  /// Whether the result came from the cache.
  public var fromCache: Bool
  /// The formatted value of each inline expression that was evaluated, by
  /// ``InlineExpression/index``.
  public var inlineValues: [Int: String] = [:]
  /// Whether the whole lesson program compiled (when it did not, the cells
  /// before the first broken one may still have run on their own).
  public var compiled = true
  /// The cell from which `lessons notebook` ran the lesson, starting from
  /// its kernel's state before that cell (the results of the cells before
  /// it are the kernel's), or `nil` for a run of the whole program.
  public var resumedFromCell: Int?
  /// Why `lessons notebook` ran the whole program although the lesson has
  /// a kernel, or `nil`.
  public var wholeRunReason: String?

  /// Creates a result.
  public init(
    path: String, cells: [CellResult], diagnostics: [Diagnostic], filesRead: [FileRead] = [],
    compileSeconds: Double = 0, runSeconds: Double = 0, fromCache: Bool = false
  ) {
    self.path = path
    self.cells = cells
    self.diagnostics = diagnostics
    self.filesRead = filesRead
    self.compileSeconds = compileSeconds
    self.runSeconds = runSeconds
    self.fromCache = fromCache
  }

  /// Whether the lesson passed: no error diagnostics, and every cell meant
  /// to run ran and passed. A lesson whose cells did not all run never
  /// passes, whatever else went wrong.
  public var passed: Bool {
    !diagnostics.contains { $0.severity == .error } && cells.allSatisfy { $0.status == .passed || $0.status == .skipped }
  }

  /// The number of cells that passed and failed.
  public var counts: (passed: Int, failed: Int) {
    (cells.filter { $0.status == .passed }.count, cells.filter { $0.status == .failed }.count)
  }
}
