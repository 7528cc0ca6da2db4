import Foundation

/// Wall-clock time of `body` in seconds, measured with `ContinuousClock`.
@inline(never)
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let clock = ContinuousClock()
  let start = clock.now
  try body()
  let elapsed = clock.now - start
  let parts = elapsed.components
  return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
}

/// Median, minimum and maximum of a set of measurements (higher is better:
/// samples/s or GFLOP/s).
struct Summary {
  let values: [Double]

  var median: Double {
    let sorted = values.sorted()
    let n = sorted.count
    guard n > 0 else { return .nan }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
  }
  var min: Double { values.min() ?? .nan }
  var max: Double { values.max() ?? .nan }

  var json: [String: Any] {
    ["median": median, "min": min, "max": max, "runs": values]
  }
}

/// `1234567.8` -> `"1,234,568"`; small values keep some decimals.
func formatted(_ x: Double) -> String {
  if !x.isFinite { return "n/a" }
  if x >= 1000 {
    let rounded = Int(x.rounded())
    var digits = String(rounded)
    var out = ""
    while digits.count > 3 {
      out = "," + digits.suffix(3) + out
      digits.removeLast(3)
    }
    return digits + out
  }
  if x >= 100 { return String(format: "%.0f", x) }
  if x >= 10 { return String(format: "%.1f", x) }
  return String(format: "%.2f", x)
}

func pad(_ s: String, _ width: Int, right: Bool = true) -> String {
  if s.count >= width { return s }
  let fill = String(repeating: " ", count: width - s.count)
  return right ? fill + s : s + fill
}
