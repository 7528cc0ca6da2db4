import Crypto
import Foundation
import LessonModel

/// A SHA-256 digest (swift-crypto) built from a sequence of fields, for
/// cache keys and data-file digests.
///
/// ```swift
/// var fingerprint = Fingerprint()
/// fingerprint.update(field: "swiftc 6.3.1")
/// fingerprint.update(Data("cell code".utf8))
/// let key = fingerprint.hexDigest()   // 64 lowercase hex digits
/// ```
struct Fingerprint {
  private var hasher = SHA256()

  /// Adds bytes.
  mutating func update(_ bytes: some DataProtocol) {
    hasher.update(data: bytes)
  }

  /// Adds a string's UTF-8 bytes and a separator, so that `("ab", "c")` and
  /// `("a", "bc")` give different digests.
  mutating func update(field: String) {
    hasher.update(data: Array(field.utf8))
    hasher.update(data: [0])
  }

  /// The digest as 64 lowercase hex digits.
  func hexDigest() -> String {
    hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }

  /// The hex digest of `bytes`.
  static func hex(_ bytes: some DataProtocol) -> String {
    var fingerprint = Fingerprint()
    fingerprint.update(bytes)
    return fingerprint.hexDigest()
  }
}
