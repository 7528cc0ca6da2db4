/// `count` with its digits grouped by thousands, for the notes charts and
/// outputs carry: "10,000,000", "-1,234", "999".
///
/// ```swift
/// let note = "showing \(groupedDigits(5_000)) of \(groupedDigits(1_000_000)) points"
/// ```
package func groupedDigits(_ count: Int) -> String {
  let digits = String(count.magnitude)
  var grouped = ""
  for (index, digit) in digits.enumerated() {
    if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
    grouped.append(digit)
  }
  return (count < 0 ? "-" : "") + grouped
}
