import LessonModel
import Synchronization

/// What the site has already worked out from a lesson's Markdown, by its
/// text: `lessons serve` checks and renders every lesson on each rebuild,
/// and each of these takes a parse of the whole lesson.
enum ProseMemo {
  /// ``MathSpan/find(in:)`` by lesson body.
  static let mathSpans = TextMemo<[MathSpan]>()
  /// ``CrossReferences/diagnostics(for:)`` by lesson path and body.
  static let referenceProblems = TextMemo<[Diagnostic]>()
}

/// Values computed from a text, kept by the text (at most a few hundred; a
/// long session starts afresh past that).
final class TextMemo<Value: Sendable>: Sendable {
  private let kept = Mutex<[String: Value]>([:])
  private static var limit: Int { 500 }

  /// The value kept for `text`, else `compute()`, kept.
  func value(for text: String, _ compute: () -> Value) -> Value {
    if let value = kept.withLock({ $0[text] }) { return value }
    let value = compute()
    kept.withLock { kept in
      if kept.count >= Self.limit { kept.removeAll() }
      kept[text] = value
    }
    return value
  }
}
