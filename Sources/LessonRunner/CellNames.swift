import Foundation
import SwiftLexicalLookup
import SwiftParser
import SwiftSyntax

/// What a cell's code declares at top level and which names it uses, read
/// with swift-syntax: what ``LessonKernel`` needs to decide whether edited
/// cells, compiled as the body of one function in a library, mean exactly
/// what they mean at the top level of the whole lesson program.
///
/// ```swift
/// let names = CellNames(code: "let model = Sequential { Dense(2, 3) }\nfunc f() {}\n")
/// names.declared   // ["model", "f"]
/// names.functions  // ["f"]
/// names.used       // ["model", "Sequential", "Dense", "f"]
/// ```
struct CellNames: Equatable, Sendable {
  /// Names declared at top level: variables, functions, types.
  var declared: Set<String> = []
  /// The top-level variables among ``declared``.
  var variables: Set<String> { Set(variableLines.keys) }
  /// The 1-based line of the code where each top-level variable is
  /// declared.
  var variableLines: [String: Int] = [:]
  /// The top-level functions among ``declared``.
  var functions: Set<String> = []
  /// Every identifier the code mentions (declarations, uses and members
  /// alike: more than it needs, never less).
  var used: Set<String> = []
  /// The names it refers to unqualified (a value or a type, not a member
  /// after a dot or an argument label) that no declaration inside it binds
  /// (a parameter, a local): names of the program's globals or of imported
  /// modules. (swift-syntax's lexical lookup finds the local bindings.)
  var references: Set<String> = []
  /// Whether a top-level variable has an attribute (a property wrapper) or
  /// a `lazy`, `weak` or `unowned` modifier: what a function's body allows
  /// and the top level refuses or treats otherwise.
  var hasTopLevelVariableAttributes = false
  /// Whether it has a top-level declaration whose effect reaches past its
  /// name (an extension, protocol, operator, precedence group, macro) or
  /// one a function body cannot hold (imports aside).
  var hasGlobalEffects = false
  /// Whether it has something that means something else in a function's
  /// body: a `return` outside any function or closure (an error at top
  /// level), or `#function` (`main` at top level).
  var needsTopLevel = false
  /// Its top-level `import` declarations, as written.
  var imports: [String] = []
  /// Where they are in the code, as UTF-8 offsets.
  var importRanges: [Range<Int>] = []

  /// The names of `code`; with `wrapped`, the code runs inside `do { … }`
  /// (a cell marked `error: expected`), so it declares nothing at top level.
  init(code: String, wrapped: Bool = false) {
    let tree = Parser.parse(source: code)
    for token in tree.tokens(viewMode: .sourceAccurate) {
      switch token.tokenKind {
      case .identifier(let name), .dollarIdentifier(let name): used.insert(Self.unquoted(name))
      default: break
      }
    }
    let finder = TopLevelOnlyFinder(viewMode: .sourceAccurate)
    finder.walk(tree)
    needsTopLevel = finder.found
    let referenceFinder = ReferenceFinder(viewMode: .sourceAccurate)
    referenceFinder.walk(tree)
    references = referenceFinder.names
    guard !wrapped else { return }
    let converter = SourceLocationConverter(fileName: "", tree: tree)
    for item in tree.statements {
      switch item.item {
      case .decl(let declaration): record(declaration, converter: converter)
      default: break
      }
    }
  }

  /// `code` (the code these names were read from) with its import
  /// declarations blanked out, every line kept: an import applies to a
  /// whole file, so a function holding the code has them at its file's top.
  func blankingImports(in code: String) -> String {
    var bytes = Array(code.utf8)
    for range in importRanges where range.upperBound <= bytes.count {
      for offset in range where bytes[offset] != UInt8(ascii: "\n") { bytes[offset] = UInt8(ascii: " ") }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// An identifier without its backquotes.
  private static func unquoted(_ name: String) -> String {
    name.hasPrefix("`") && name.hasSuffix("`") && name.count > 1 ? String(name.dropFirst().dropLast()) : name
  }

  /// Adds what a top-level declaration declares.
  private mutating func record(_ declaration: DeclSyntax, converter: SourceLocationConverter) {
    if let variable = declaration.as(VariableDeclSyntax.self) {
      if !variable.attributes.isEmpty
        || variable.modifiers.contains(where: { ["lazy", "weak", "unowned"].contains($0.name.text) })
      {
        hasTopLevelVariableAttributes = true
      }
      for binding in variable.bindings {
        for token in binding.pattern.tokens(viewMode: .sourceAccurate) {
          if case .identifier(let name) = token.tokenKind {
            declared.insert(Self.unquoted(name))
            variableLines[Self.unquoted(name)] = token.startLocation(converter: converter).line
          }
        }
      }
    } else if let function = declaration.as(FunctionDeclSyntax.self) {
      declared.insert(Self.unquoted(function.name.text))
      functions.insert(Self.unquoted(function.name.text))
    } else if let type = declaration.asProtocol(NamedDeclSyntax.self),
      declaration.is(StructDeclSyntax.self) || declaration.is(ClassDeclSyntax.self) || declaration.is(EnumDeclSyntax.self)
        || declaration.is(ActorDeclSyntax.self) || declaration.is(TypeAliasDeclSyntax.self)
    {
      declared.insert(Self.unquoted(type.name.text))
    } else if let imported = declaration.as(ImportDeclSyntax.self) {
      imports.append(imported.trimmedDescription)
      importRanges.append(imported.positionAfterSkippingLeadingTrivia.utf8Offset..<imported.endPositionBeforeTrailingTrivia.utf8Offset)
    } else {
      // Extensions, protocols, operators, precedence groups, macros, `#if`
      // blocks: their effects are not confined to a name.
      hasGlobalEffects = true
    }
  }
}

/// Finds what ``CellNames/needsTopLevel`` looks for.
private final class TopLevelOnlyFinder: SyntaxVisitor {
  var found = false

  override func visit(_ node: ReturnStmtSyntax) -> SyntaxVisitorContinueKind {
    var ancestor = node.parent
    while let current = ancestor {
      if current.is(FunctionDeclSyntax.self) || current.is(ClosureExprSyntax.self) || current.is(AccessorDeclSyntax.self)
        || current.is(InitializerDeclSyntax.self) || current.is(DeinitializerDeclSyntax.self)
        || current.is(SubscriptDeclSyntax.self) || current.is(PatternBindingSyntax.self) && current.as(PatternBindingSyntax.self)?.accessorBlock != nil
      {
        return .skipChildren
      }
      ancestor = current.parent
    }
    found = true
    return .skipChildren
  }

  override func visit(_ node: MacroExpansionExprSyntax) -> SyntaxVisitorContinueKind {
    if node.macroName.text == "function" { found = true }
    return .visitChildren
  }
}

/// Collects the names code refers to unqualified (``CellNames/references``).
private final class ReferenceFinder: SyntaxVisitor {
  var names = Set<String>()

  override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
    if let access = node.parent?.as(MemberAccessExprSyntax.self), access.declName.id == node.id { return .visitChildren }
    record(node.baseName, at: node)
    return .visitChildren
  }

  override func visit(_ node: IdentifierTypeSyntax) -> SyntaxVisitorContinueKind {
    record(node.name, at: node)
    return .visitChildren
  }

  /// Adds `name` unless a scope inside the code (not its top level) binds
  /// it where `node` is.
  private func record(_ name: TokenSyntax, at node: some SyntaxProtocol) {
    if let identifier = Identifier(name) {
      let bound = node.lookup(identifier).contains { result in
        if case .fromScope(let scope, let names) = result { return !names.isEmpty && !scope.is(SourceFileSyntax.self) }
        return false
      }
      if bound { return }
    }
    names.insert(name.text.trimmingCharacters(in: CharacterSet(charactersIn: "`")))
  }
}
