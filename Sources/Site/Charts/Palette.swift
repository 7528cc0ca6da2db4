/// The colour classes: eight series colours, reused in turn.
enum Palette {
  /// The number of distinct colours the stylesheet defines.
  static let size = 8

  /// `series-1`…`series-8` for the series at `index` (zero-based).
  static func series(_ index: Int) -> String {
    "series-\(index % size + 1)"
  }

  /// `class-0`…`class-7` for class label `label`.
  static func dataClass(_ label: Int) -> String {
    "class-\(((label % size) + size) % size)"
  }
}
