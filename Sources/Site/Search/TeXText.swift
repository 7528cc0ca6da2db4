/// TeX as readable plain text, for search snippets: what a reader would say
/// aloud rather than what an author typed.
///
/// It covers the TeX the lessons use: Greek letters and common symbols,
/// operator names, fractions and roots, accents, text and font commands,
/// spacing, and sub- and superscripts (as Unicode sub- and superscript
/// characters when every character has one). An unknown command shows its
/// name without the backslash.
///
/// ```swift
/// TeXText.readable(#"\lambda_k/(\lambda_k+\varepsilon)"#)   // "λₖ/(λₖ+ε)"
/// TeXText.readable(#"\tfrac{1}{N} X^\top X"#)                // "1/N Xᵀ X"
/// ```
enum TeXText {
  /// The readable text of `tex`, with runs of spaces collapsed.
  static func readable(_ tex: String) -> String {
    var reader = Reader(characters: Array(tex))
    return reader.sequence(until: nil).split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// Commands that stand for one symbol.
  private static let symbols: [String: String] = [
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "ell": "ℓ", "nabla": "∇", "partial": "∂", "infty": "∞", "approx": "≈", "times": "×", "cdot": "·",
    "cdots": "⋯", "ldots": "…", "dots": "…", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
    "neq": "≠", "ll": "≪", "gg": "≫", "equiv": "≡", "sim": "∼", "propto": "∝", "pm": "±", "mp": "∓",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "Leftarrow": "⇐", "mapsto": "↦",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "emptyset": "∅",
    "forall": "∀", "exists": "∃", "sum": "∑", "prod": "∏", "int": "∫", "circ": "∘", "odot": "⊙",
    "otimes": "⊗", "oplus": "⊕", "top": "⊤", "prime": "′", "ast": "∗", "star": "⋆",
    "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖", "lvert": "|", "rvert": "|", "vert": "|", "mid": "|",
    "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "langle": "⟨", "rangle": "⟩",
    "{": "{", "}": "}", "%": "%", "_": "_", "&": "&", "#": "#", "$": "$",
    ",": " ", ";": " ", ":": " ", " ": " ", "quad": " ", "qquad": " ", "!": "",
    "left": "", "right": "", "big": "", "bigl": "", "bigr": "", "Big": "", "Bigl": "", "Bigr": "",
    "bigg": "", "biggl": "", "biggr": "", "displaystyle": "", "limits": "",
  ]

  /// Commands whose one argument is shown as it is (fonts, text, operator names).
  private static let plainArgument: Set<String> = [
    "text", "textrm", "textbf", "textit", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathbb",
    "boldsymbol", "operatorname", "mbox",
  ]

  /// Accents, as the combining character put after their argument.
  private static let accents: [String: Character] = [
    "hat": "\u{302}", "widehat": "\u{302}", "tilde": "\u{303}", "widetilde": "\u{303}", "bar": "\u{304}",
    "overline": "\u{305}", "vec": "\u{20D7}", "dot": "\u{307}", "ddot": "\u{308}",
  ]

  private static let superscripts = Dictionary(uniqueKeysWithValues: zip(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzT⊤′", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀᵀ′"))
  private static let subscripts = Dictionary(uniqueKeysWithValues: zip(
    "0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))

  /// Reads TeX from left to right, turning each piece into text.
  private struct Reader {
    let characters: [Character]
    var position = 0

    /// The text of everything up to `closing` (consumed) or the end.
    mutating func sequence(until closing: Character?) -> String {
      var text = ""
      while position < characters.count {
        if characters[position] == closing {
          position += 1
          break
        }
        text += item()
      }
      return text
    }

    /// The text of the next piece: a group, a script, a command or a character.
    mutating func item() -> String {
      let character = characters[position]
      position += 1
      switch character {
      case "{": return sequence(until: "}")
      case "}": return ""
      case "^": return script(TeXText.superscripts, marker: "^")
      case "_": return script(TeXText.subscripts, marker: "_")
      case "\\": return command()
      case "~", "&": return " "
      default: return String(character)
      }
    }

    /// The next argument: a group, or else one piece (`\tfrac12`).
    mutating func argument() -> String {
      while position < characters.count, characters[position] == " " { position += 1 }
      guard position < characters.count else { return "" }
      return item()
    }

    /// A sub- or superscript: Unicode forms when every character has one,
    /// else the marker and the text (in parentheses unless it is one word).
    mutating func script(_ forms: [Character: Character], marker: String) -> String {
      let text = argument().filter { $0 != " " }
      if !text.isEmpty, text.allSatisfy({ forms[$0] != nil }) { return String(text.compactMap { forms[$0] }) }
      return marker + (text.allSatisfy { $0.isLetter || $0.isNumber } ? text : "(\(text))")
    }

    /// The text of the command after a backslash.
    mutating func command() -> String {
      var name = ""
      while position < characters.count, characters[position].isLetter {
        name.append(characters[position])
        position += 1
      }
      if name.isEmpty, position < characters.count {
        name = String(characters[position])
        position += 1
      }
      if let symbol = TeXText.symbols[name] { return symbol }
      if TeXText.plainArgument.contains(name) { return argument() }
      if let accent = TeXText.accents[name] { return argument() + String(accent) }
      switch name {
      case "begin", "end":
        _ = argument()  // an environment's name (gathered, aligned, cases) is not text
        return " "
      case "\\":
        // A line break, with an optional [4pt] of spacing.
        if position < characters.count, characters[position] == "[" {
          while position < characters.count, characters[position] != "]" { position += 1 }
          position = min(position + 1, characters.count)
        }
        return "; "
      case "frac", "tfrac", "dfrac":
        let numerator = argument(), denominator = argument()
        return Reader.grouped(numerator) + "/" + Reader.grouped(denominator)
      case "sqrt": return "√" + Reader.grouped(argument())
      default: return name  // \log, \max, \exp… and anything unknown
      }
    }

    /// `text` in parentheses when it has more than one term and is not one
    /// parenthesized group already (`(a + b)`, `√(a + b)`).
    static func grouped(_ text: String) -> String {
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      guard trimmed.contains(where: { " +-−=/·×,".contains($0) }), !isOneGroup(trimmed.drop { $0 == "√" }) else {
        return trimmed
      }
      return "(\(trimmed))"
    }

    /// Whether `text` is `(…)` whose first parenthesis closes at its end.
    static func isOneGroup(_ text: Substring) -> Bool {
      guard text.first == "(" else { return false }
      var depth = 0
      for (offset, character) in text.enumerated() {
        depth += character == "(" ? 1 : character == ")" ? -1 : 0
        if depth == 0 { return offset == text.count - 1 }
      }
      return false
    }
  }
}
