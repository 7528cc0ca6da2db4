/// Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013), shared
/// by LessonKit (which caps long series before they are recorded) and the
/// site (which thins them to what a chart's pixels can show).
///
/// Keeps the first and last points and, from each of `count − 2` equal
/// buckets in between, the point forming the largest triangle with the
/// previously kept point and the average of the next bucket, so peaks and
/// dips survive while flat stretches thin out. The points must be finite:
/// split a series at its non-finite values and downsample each run.
///
/// ```swift
/// let kept = LTTB.downsample(points, to: 400)
/// let indices = LTTB.indices(in: 0..<ys.count, to: 2_000) { Point(x: Double($0), y: Double(ys[$0])) }
/// ```
package enum LTTB {
  /// At most `count` of `points`, in order; all of them when there are
  /// no more than `count` (or `count` is below 3).
  ///
  /// ```swift
  /// let kept = LTTB.downsample(points, to: 400)
  /// ```
  package static func downsample(_ points: [Point], to count: Int) -> [Point] {
    indices(in: points.indices, to: count) { points[$0] }.map { points[$0] }
  }

  /// The indices of at most `count` of the points `point(i)` for `i` in
  /// `range`, ascending; all of them when there are no more than `count`
  /// (or `count` is below 3). Reading the points through `point` lets a
  /// caller downsample values it never turns into an array of points.
  ///
  /// ```swift
  /// let indices = LTTB.indices(in: 0..<ys.count, to: 2_000) { Point(x: Double($0), y: Double(ys[$0])) }
  /// ```
  package static func indices(in range: Range<Int>, to count: Int, point: (Int) -> Point) -> [Int] {
    let total = range.count, first = range.lowerBound
    guard count >= 3, total > count else { return Array(range) }
    let bucketSize = Double(total - 2) / Double(count - 2)
    var kept = [first]
    kept.reserveCapacity(count)
    var previous = point(first)
    for bucket in 0..<(count - 2) {
      let start = Int(Double(bucket) * bucketSize) + 1
      let end = min(Int(Double(bucket + 1) * bucketSize) + 1, total - 1)
      let nextEnd = min(Int(Double(bucket + 2) * bucketSize) + 1, total)
      var averageX = 0.0, averageY = 0.0
      for offset in end..<nextEnd {
        let next = point(first + offset)
        averageX += next.x
        averageY += next.y
      }
      averageX /= Double(nextEnd - end)
      averageY /= Double(nextEnd - end)
      var best = start, bestPoint = point(first + start), largestArea = -1.0
      for offset in start..<max(end, start + 1) {
        let candidate = point(first + offset)
        let area = abs(
          (previous.x - averageX) * (candidate.y - previous.y) - (previous.x - candidate.x) * (averageY - previous.y))
        if area > largestArea {
          largestArea = area
          best = offset
          bestPoint = candidate
        }
      }
      kept.append(first + best)
      previous = bestPoint
    }
    kept.append(range.upperBound - 1)
    return kept
  }
}
