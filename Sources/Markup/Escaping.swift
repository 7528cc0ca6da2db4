/// Escaping for text that reaches HTML or SVG.
///
/// Every string from a lesson or from a cell's output goes through one of
/// these. Unlike Plot's escaping, `&` is always escaped (a cell that prints
/// `&amp;` shows `&amp;`), and attribute values escape quotes too.
public enum Escape {
  /// Escapes `&`, `<` and `>` for element content.
  public static func text(_ string: String) -> String {
    var out = ""
    out.reserveCapacity(string.utf8.count)
    for character in string.unicodeScalars {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }

  /// Escapes `&`, `<`, `>`, `"` and `'` for a quoted attribute value.
  public static func attribute(_ string: String) -> String {
    var out = ""
    out.reserveCapacity(string.utf8.count)
    for character in string.unicodeScalars {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }
}
