import SwiftParser
import SwiftSyntax

/// The source text of a failed claim's condition, so that `check` can say
/// which condition was false and not only the author's message (as XCTest
/// and Swift Testing print the failing expression). swift-syntax finds the
/// exact first argument of the `expect(…)` call, however it spans lines.
///
/// ```swift
/// ClaimConditions.condition(in: "let x = 3\nexpect(x > 4,\n       \"big\")\n", line: 2)
/// // "x > 4"
/// ```
enum ClaimConditions {
  /// The first argument of the `expect(…)` call that starts on `line`
  /// (1-based, within `code`), on one line; `nil` if there is none.
  static func condition(in code: String, line: Int) -> String? {
    let tree = Parser.parse(source: code)
    let converter = SourceLocationConverter(fileName: "", tree: tree)
    let finder = CallFinder(viewMode: .sourceAccurate)
    finder.walk(tree)
    let call = finder.calls.first { converter.location(for: $0.positionAfterSkippingLeadingTrivia).line == line }
    guard let argument = call?.arguments.first, argument.label == nil else { return nil }
    return argument.expression.trimmedDescription
      .split(whereSeparator: \.isNewline)
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .joined(separator: " ")
  }

  /// Collects every call of `expect`.
  private final class CallFinder: SyntaxVisitor {
    var calls = [FunctionCallExprSyntax]()

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
      if node.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text == "expect" { calls.append(node) }
      return .visitChildren
    }
  }
}
