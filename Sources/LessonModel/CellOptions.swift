/// Per-cell options, written as `//| key: value` lines at the top of a cell
/// (Quarto's convention, which keeps the block valid, highlighted Swift).
///
/// ```swift
/// //| id: train-loop
/// //| caption: Loss per step
/// //| echo: false
/// let history = try model.fit(…)
/// ```
public struct CellOptions: Equatable, Sendable, Codable {
  /// Show the cell's code on the page.
  public var echo = true
  /// Show the cell's outputs on the page.
  public var output = true
  /// Run the cell (`false` shows it without running, like `swift norun`).
  public var eval = true
  /// The cell must fail (compile error, crash or failed `expect`); a cell
  /// that succeeds is then an error.
  public var expectsError = false
  /// The cell's time limit in seconds, added to the lesson's limit.
  public var timeout: Double?
  /// A stable identifier for links and figure anchors (`[a-z0-9-]`).
  public var id: String?
  /// A caption shown under the cell's figure or output.
  public var caption: String?
  /// Whether the code is folded away on the page (Quarto's `code-fold`);
  /// `nil` takes the lesson's or the course's default.
  public var codeFold: CodeFold?
  /// Whether `expect(…)` statements are shown in the code on the page
  /// (`echo-expect: false` hides them: each claim is shown under the cell
  /// anyway); `nil` takes the lesson's or the course's default.
  public var echoExpect: Bool?
  /// The id of the exercise this cell is: students write its solution
  /// regions (see ``SolutionMarkers``).
  public var exercise: String?
  /// What the exercise is worth; `nil` on an exercise cell means 1.
  public var points: Int?
  /// The id of the exercise whose checks this cell's claims are.
  public var grades: String?
  /// Whether these checks are left out of the student edition (they still
  /// run when grading and checking).
  public var hidden = false

  /// The option keys a cell accepts, for error messages.
  public static let knownKeys = [
    "echo", "output", "eval", "error", "timeout", "id", "caption", "code-fold", "echo-expect",
    "exercise", "points", "grades", "hidden",
  ]

  /// Creates the default options.
  public init() {}

  /// Sets `key` from the text after the colon, or explains what is wrong.
  ///
  /// ```swift
  /// var options = CellOptions()
  /// try options.set("echo", to: "false")   // options.echo == false
  /// ```
  public mutating func set(_ key: String, to value: String) throws(OptionError) {
    switch key {
    case "echo": echo = try Self.bool(value, key)
    case "output": output = try Self.bool(value, key)
    case "eval": eval = try Self.bool(value, key)
    case "error":
      guard value == "expected" || value == "false" else {
        throw OptionError("option 'error' takes 'expected' or 'false', got '\(value)'")
      }
      expectsError = value == "expected"
    case "timeout":
      guard let seconds = Double(value.hasSuffix("s") ? String(value.dropLast()) : value), seconds > 0, seconds.isFinite else {
        throw OptionError("option 'timeout' takes a positive number of seconds, got '\(value)'")
      }
      timeout = seconds
    case "id": id = try Self.identifier(value, key)
    case "exercise": exercise = try Self.identifier(value, key)
    case "grades": grades = try Self.identifier(value, key)
    case "points":
      guard let number = Int(value), number > 0 else {
        throw OptionError("option 'points' takes a positive whole number, got '\(value)'")
      }
      points = number
    case "hidden": hidden = try Self.bool(value, key)
    case "caption":
      guard !value.isEmpty else { throw OptionError("option 'caption' needs a text") }
      caption = Self.unquoted(value)
    case "code-fold":
      guard let fold = CodeFold(rawValue: value) else {
        throw OptionError("option 'code-fold' takes 'true', 'false' or 'show', got '\(value)'")
      }
      codeFold = fold
    case "echo-expect": echoExpect = try Self.bool(value, key)
    default:
      let suggestion = Self.closest(to: key).map { "; did you mean '\($0)'?" } ?? ""
      throw OptionError("unknown cell option '\(key)'\(suggestion) (known: \(Self.knownKeys.joined(separator: ", ")))")
    }
  }

  private static func bool(_ value: String, _ key: String) throws(OptionError) -> Bool {
    switch value {
    case "true": return true
    case "false": return false
    default: throw OptionError("option '\(key)' takes 'true' or 'false', got '\(value)'")
    }
  }

  /// An id: lowercase letters, digits and `-`.
  private static func identifier(_ value: String, _ key: String) throws(OptionError) -> String {
    guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
      throw OptionError("option '\(key)' takes lowercase letters, digits and '-', got '\(value)'")
    }
    return value
  }

  private static func unquoted(_ value: String) -> String {
    if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
      return String(value.dropFirst().dropLast())
    }
    return value
  }

  /// The known key within edit distance 2 of `key`, if any.
  static func closest(to key: String) -> String? {
    knownKeys.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
  }
}

/// Whether a cell's code is folded away on the page, as Quarto's
/// `code-fold`: `false` shows it, `true` folds it under a "Code" toggle,
/// `show` puts it under the toggle, unfolded.
public enum CodeFold: String, Equatable, Sendable, Codable {
  /// The code is shown, with no toggle.
  case shown = "false"
  /// The code is folded; the reader unfolds it.
  case folded = "true"
  /// The code is shown under a toggle that folds it.
  case foldable = "show"
}

/// Why a `//|` option line was rejected.
public struct OptionError: Error {
  /// What is wrong with the line, with the accepted values.
  public let message: String
  init(_ message: String) { self.message = message }
}

/// The Levenshtein distance between two strings (for "did you mean").
///
/// ```swift
/// editDistance("ecoh", "echo")  // 2
/// ```
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  var previous = Array(0...b.count)
  for i in 1...max(a.count, 1) where !a.isEmpty {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...max(b.count, 1) where !b.isEmpty {
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return a.isEmpty ? b.count : previous[b.count]
}
