import Foundation
import SwiftParser
import SwiftSyntax

/// Finds a cell's `expect(…)` statements with swift-syntax, so that a page
/// can show the code without them (the `echo-expect: false` option): each
/// claim is shown under the cell, checked, anyway.
///
/// Only statements that fill their lines are removed (an `expect` sharing a
/// line with other code stays), so the code shown is the cell's own code
/// with whole lines left out.
///
/// ```swift
/// ExpectStatements.removing(from: "let x = 1\nexpect(x == 1, \"one\")\n")
/// // (code: "let x = 1\n", removed: 1)
/// ```
enum ExpectStatements {
  /// Code without some statements, and how many were removed.
  typealias Removal = (code: String, removed: Int)

  /// `code` without the lines of its `expect(…)` statements, and how many
  /// statements were removed.
  static func removing(from code: String) -> Removal {
    let tree = Parser.parse(source: code)
    let converter = SourceLocationConverter(fileName: "", tree: tree)
    let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
    var hidden = Set<Int>()  // 1-based line numbers
    var removed = 0
    for statement in StatementFinder(viewMode: .sourceAccurate).statements(in: tree) {
      let start = converter.location(for: statement.positionAfterSkippingLeadingTrivia)
      let end = converter.location(for: statement.endPositionBeforeTrailingTrivia)
      guard start.line >= 1, end.line <= lines.count else { continue }
      // Nothing but indentation before it, and nothing but a comment after it.
      let before = lines[start.line - 1].utf8.prefix(start.column - 1)
      let after = String(decoding: lines[end.line - 1].utf8.dropFirst(end.column - 1), as: UTF8.self)
        .trimmingCharacters(in: .whitespaces)
      guard before.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }),
        after.isEmpty || after.hasPrefix("//")
      else { continue }
      hidden.formUnion(start.line...end.line)
      removed += 1
    }
    guard removed > 0 else { return (code, 0) }
    let kept = lines.enumerated().filter { !hidden.contains($0.offset + 1) }.map(\.element)
    return (kept.joined(separator: "\n"), removed)
  }

  /// Collects the statements that are a call of `expect`.
  private final class StatementFinder: SyntaxVisitor {
    private var found = [CodeBlockItemSyntax]()

    func statements(in tree: SourceFileSyntax) -> [CodeBlockItemSyntax] {
      walk(tree)
      return found
    }

    override func visit(_ node: CodeBlockItemSyntax) -> SyntaxVisitorContinueKind {
      if let call = node.item.as(FunctionCallExprSyntax.self),
        call.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text == "expect"
      {
        found.append(node)
        return .skipChildren
      }
      return .visitChildren
    }
  }
}
