import Foundation
import Testing

@testable import LessonRunner

@Suite("Cache-key fingerprints")
struct FingerprintTests {
  @Test func isSHA256() {
    // FIPS 180-4's example "abc".
    #expect(Fingerprint.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(Fingerprint.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func fieldsAreSeparated() {
    var ab = Fingerprint(), a = Fingerprint()
    ab.update(field: "ab"); ab.update(field: "c")
    a.update(field: "a"); a.update(field: "bc")
    #expect(ab.hexDigest() != a.hexDigest())
  }
}
