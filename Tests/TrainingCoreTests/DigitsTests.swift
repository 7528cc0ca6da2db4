import Foundation
import Testing
import TrainingCore

/// `Sources/LessonKit/Resources/digits.csv`, found from this file: Tests/TrainingCoreTests/ → repository root.
private let digitsFile = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Sources/LessonKit/Resources/digits.csv")

/// A valid line: 64 pixels (0, 1, …, 16, 0, 1, …) then `label`.
private func line(label: String = "3", pixels: [String]? = nil) -> String {
  ((pixels ?? (0..<64).map { String($0 % 17) }) + [label]).joined(separator: ",")
}

/// The message of the error `parse` throws for `text`, or nil if it parses.
private func parseFailure(_ text: String) -> String? {
  do {
    _ = try Digits.parse(text)
    return nil
  } catch {
    return String(describing: error)
  }
}

@Suite("Digits: the UCI handwritten digits file and its parser")
struct DigitsTests {
  @Test("the shipped file: 1,797 samples × 64 features in 0...16, labels 0–9")
  func shippedFile() throws {
    let digits = try Digits.load(contentsOf: digitsFile)
    #expect(digits.inputs.shape == (1797, 64))
    #expect(digits.inputs.min() == 0 && digits.inputs.max() == 16)
    #expect(digits.inputs.scalars.allSatisfy { $0 == $0.rounded() })
    #expect(digits.classCount == 10)
    let counts = (0..<10).map { k in digits.labels.filter { $0 == k }.count }
    #expect(counts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    // The first sample is a 0: its first row is 0,0,5,13,9,1,0,0.
    #expect(digits.labels[0] == 0)
    #expect(digits.inputs.row(0).prefix(8).elementsEqual([0, 0, 5, 13, 9, 1, 0, 0]))
    // The mean pixel value (NumPy: 4.884164579855314).
    #expect(abs(digits.inputs.mean() - 4.8841646) < 1e-5)
  }

  @Test("PCA of the 64-dimensional digits matches NumPy's eigenvalues")
  func digitsPCA() throws {
    let digits = try Digits.load(contentsOf: digitsFile)
    let pca = PCA.fit(digits.inputs)
    // numpy.linalg.eigvalsh(numpy.cov(x.T, bias=True)), largest first.
    let expected: [Float] = [178.90731578, 163.62664073, 141.70953623, 101.04411456, 69.47448269]
    #expect(zip(pca.eigenvalues, expected).allSatisfy { abs($0 - $1) < 1e-3 })
    let expectedRatio: [Float] = [0.14890594, 0.13618771, 0.11794594, 0.08409979, 0.05782415]
    #expect(zip(pca.explainedVarianceRatio, expectedRatio).allSatisfy { abs($0 - $1) < 1e-6 })
    // The eigenvalues add up to the total variance (the covariance's trace 1201.4787…).
    #expect(abs(pca.eigenvalues.reduce(0, +) - 1201.4787) < 1e-2)
    // Three pixels are always 0, so three eigenvalues are 0.
    #expect(pca.eigenvalues.suffix(3).allSatisfy { $0 < 1e-9 })
    let c = covariance(pca.transform(digits.inputs))
    for i in 0..<64 {
      for j in 0..<64 where i != j { #expect(abs(c[i, j]) < 1e-3) }
    }
  }

  @Test("parses valid text: CRLF line endings and a final newline are accepted")
  func parsesValidText() throws {
    let text = line(label: "7") + "\r\n" + line(label: "0") + "\n"
    let parsed = try Digits.parse(text)
    #expect(parsed.labels == [7, 0])
    #expect(parsed.inputs.shape == (2, 64))
    #expect(parsed.inputs.row(1) == (0..<64).map { Float($0 % 17) })
    #expect(try Digits.parse(line(label: "9")).labels == [9])
  }

  @Test("a wrong number of fields names the line and the count")
  func wrongFieldCount() {
    let short = (0..<63).map { _ in "1" }
    #expect(parseFailure([line(), line(), line(label: "4", pixels: short)].joined(separator: "\n"))
      == "line 3: expected 65 comma-separated values, found 64")
    #expect(parseFailure(line() + ",5") == "line 1: expected 65 comma-separated values, found 66")
    #expect(parseFailure(line() + "\n\n" + line()) == "line 2: expected 65 comma-separated values, found 0")
  }

  @Test("a non-integer value names the line and the field")
  func nonInteger() {
    var pixels = (0..<64).map { _ in "2" }
    pixels[9] = "2.5"
    #expect(parseFailure(line() + "\n" + line(pixels: pixels)) == "line 2: value 10 is \"2.5\", not an integer")
    #expect(parseFailure(line(label: "x")) == "line 1: value 65 is \"x\", not an integer")
  }

  @Test("out-of-range labels and pixels are rejected with the line number")
  func outOfRange() {
    let lines = (0..<11).map { _ in line() } + [line(label: "11")]
    #expect(parseFailure(lines.joined(separator: "\n")) == "line 12: label is 11, outside 0...9")
    #expect(parseFailure(line(label: "-1")) == "line 1: label is -1, outside 0...9")
    var pixels = (0..<64).map { _ in "0" }
    pixels[63] = "17"
    #expect(parseFailure(line() + "\n" + line() + "\n" + line(pixels: pixels)) == "line 3: pixel 64 is 17, outside 0...16")
  }

  @Test("the thrown error carries the line number and reason as values")
  func errorValue() {
    let error = #expect(throws: Digits.ParseError.self) {
      try Digits.parse(line() + "\n" + line(label: "10"))
    }
    #expect(error?.line == 2)
    #expect(error?.reason == "label is 10, outside 0...9")
    #expect(parseFailure("") == "line 1: no samples")
  }
}
