/// Values kept by key, at most ``limit``, the one used last at the end: the
/// compiled programs and libraries a notebook reuses.
struct RecentEntries<Value> {
  /// How many entries are kept.
  let limit: Int
  private var entries: [(key: String, value: Value)] = []

  /// An empty list keeping at most `limit` entries.
  init(limit: Int) { self.limit = limit }

  /// The value kept for `key`, which becomes the one used last.
  mutating func use(_ key: String) -> Value? {
    guard let index = entries.lastIndex(where: { $0.key == key }) else { return nil }
    let entry = entries.remove(at: index)
    entries.append(entry)
    return entry.value
  }

  /// Keeps `value` for `key` as the one used last; returns the values of
  /// the entries that no longer fit.
  mutating func add(_ key: String, _ value: Value) -> [Value] {
    entries.append((key, value))
    let extra = max(0, entries.count - limit)
    defer { entries.removeFirst(extra) }
    return entries.prefix(extra).map(\.value)
  }
}
