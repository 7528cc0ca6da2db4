import CellProtocol

/// Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013).
///
/// Keeps the first and last points and, from each of `count − 2` equal
/// buckets in between, the point forming the largest triangle with the
/// previously kept point and the average of the next bucket, so peaks and
/// dips survive while flat stretches thin out.
enum LTTB {
  /// At most `count` of `points`, in order; all of them when there are
  /// no more than `count` (or `count` is below 3).
  static func downsample(_ points: [Point], to count: Int) -> [Point] {
    guard count >= 3, points.count > count else { return points }
    let bucketSize = Double(points.count - 2) / Double(count - 2)
    var kept = [points[0]]
    kept.reserveCapacity(count)
    var previous = points[0]
    for bucket in 0..<(count - 2) {
      let start = Int(Double(bucket) * bucketSize) + 1
      let end = min(Int(Double(bucket + 1) * bucketSize) + 1, points.count - 1)
      let nextEnd = min(Int(Double(bucket + 2) * bucketSize) + 1, points.count)
      var averageX = 0.0, averageY = 0.0
      for point in points[end..<nextEnd] {
        averageX += point.x
        averageY += point.y
      }
      averageX /= Double(nextEnd - end)
      averageY /= Double(nextEnd - end)
      var best = points[start], largestArea = -1.0
      for point in points[start..<max(end, start + 1)] {
        let area = abs(
          (previous.x - averageX) * (point.y - previous.y) - (previous.x - point.x) * (averageY - previous.y))
        if area > largestArea {
          largestArea = area
          best = point
        }
      }
      kept.append(best)
      previous = best
    }
    kept.append(points[points.count - 1])
    return kept
  }
}
