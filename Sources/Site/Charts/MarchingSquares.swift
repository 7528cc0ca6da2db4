import CellProtocol

/// Contour lines of a grid sampled at its nodes, by marching squares.
///
/// Node (row, column) sits at `xMin + column · Δx`, `yMin + row · Δy`, the
/// first and last nodes on the rectangle's edges. Crossings are linearly
/// interpolated along cell edges, saddles are resolved by the cell's mean,
/// cells with a non-finite corner are skipped, and the segments are joined
/// into polylines (closed where the contour closes).
enum MarchingSquares {
  /// A contour line in data coordinates.
  struct Line: Equatable, Sendable {
    /// The points, in order.
    var points: [Point]
    /// Whether the last point connects back to the first.
    var isClosed: Bool
  }

  /// The contour lines of `grid` at `level`.
  static func lines(_ grid: Grid, level: Double) -> [Line] {
    guard grid.rows >= 2, grid.columns >= 2 else { return [] }
    let segments = self.segments(grid, level: level)
    var ends = [Int: [Int]]()
    for (index, segment) in segments.enumerated() {
      ends[segment.0, default: []].append(index)
      ends[segment.1, default: []].append(index)
    }
    var used = [Bool](repeating: false, count: segments.count)
    var lines = [Line]()
    // Open lines start at an edge crossed by a single segment; what remains is loops.
    let openStarts = segments.indices.flatMap { [($0, segments[$0].0), ($0, segments[$0].1)] }
      .filter { ends[$0.1]!.count == 1 }
    for (index, edge) in openStarts + segments.indices.map({ ($0, segments[$0].0) }) where !used[index] {
      var edges = [edge], current = index, at = edge
      while true {
        used[current] = true
        at = segments[current].0 == at ? segments[current].1 : segments[current].0
        guard at != edge else { break }
        edges.append(at)
        guard let next = ends[at]!.first(where: { !used[$0] }) else { break }
        current = next
      }
      lines.append(Line(points: edges.map { point(onEdge: $0, grid, level: level) }, isClosed: edges.count > 2 && at == edge))
    }
    return lines
  }

  /// Segments as pairs of crossed edges, cell by cell.
  ///
  /// Edge ids: the horizontal edge right of node (r, c) is `r · (columns − 1) + c`;
  /// the vertical edge above it is `rows · (columns − 1) + r · columns + c`.
  static func segments(_ grid: Grid, level: Double) -> [(Int, Int)] {
    let rows = grid.rows, columns = grid.columns
    let verticalBase = rows * (columns - 1)
    // Per node: 0 below the level, 1 at or above it, 2 not finite. Reading
    // these instead of building arrays per cell keeps an unoptimized build
    // (the `lessons` tool in development) fast.
    let side = grid.values.map { $0.isFinite ? ($0 >= level ? UInt8(1) : 0) : 2 }
    var segments = [(Int, Int)]()
    for row in 0..<(rows - 1) {
      for column in 0..<(columns - 1) {
        // Corners counter-clockwise from bottom left, and the edge after each.
        let i0 = row * columns + column, i3 = i0 + columns
        let a0 = side[i0], a1 = side[i0 + 1], a2 = side[i3 + 1], a3 = side[i3]
        if a0 == 2 || a1 == 2 || a2 == 2 || a3 == 2 { continue }
        let code = Int(a0) | Int(a1) << 1 | Int(a2) << 2 | Int(a3) << 3
        if code == 0 || code == 15 { continue }
        let e0 = row * (columns - 1) + column, e1 = verticalBase + row * columns + column + 1
        let e2 = (row + 1) * (columns - 1) + column, e3 = verticalBase + row * columns + column
        // The crossed edges in order 0…3: edge k joins corners k and k + 1.
        var crossed = (0, 0, 0, 0), count = 0
        for (edge, differs) in [(e0, a0 != a1), (e1, a1 != a2), (e2, a2 != a3), (e3, a3 != a0)] where differs {
          switch count {
          case 0: crossed.0 = edge
          case 1: crossed.1 = edge
          case 2: crossed.2 = edge
          default: crossed.3 = edge
          }
          count += 1
        }
        if count == 2 {
          segments.append((crossed.0, crossed.1))
        } else if count == 4 {
          // A saddle: if the centre sides with the bottom-left corner, the
          // lines cut off the other two corners; otherwise these two.
          let mean = (grid.values[i0] + grid.values[i0 + 1] + grid.values[i3 + 1] + grid.values[i3]) / 4
          if (mean >= level) == (a0 == 1) {
            segments.append((crossed.0, crossed.1))
            segments.append((crossed.2, crossed.3))
          } else {
            segments.append((crossed.3, crossed.0))
            segments.append((crossed.1, crossed.2))
          }
        }
      }
    }
    return segments
  }

  /// Where `level` crosses edge `edge`, in data coordinates.
  static func point(onEdge edge: Int, _ grid: Grid, level: Double) -> Point {
    let columns = grid.columns
    let verticalBase = grid.rows * (columns - 1)
    let (row, column, nextRow, nextColumn) = edge < verticalBase
      ? (edge / (columns - 1), edge % (columns - 1), edge / (columns - 1), edge % (columns - 1) + 1)
      : ((edge - verticalBase) / columns, (edge - verticalBase) % columns, (edge - verticalBase) / columns + 1, (edge - verticalBase) % columns)
    let from = grid.values[row * columns + column], to = grid.values[nextRow * columns + nextColumn]
    let t = from == to ? 0.5 : (level - from) / (to - from)
    let dx = (grid.xMax - grid.xMin) / Double(columns - 1), dy = (grid.yMax - grid.yMin) / Double(grid.rows - 1)
    return Point(
      x: grid.xMin + (Double(column) + t * Double(nextColumn - column)) * dx,
      y: grid.yMin + (Double(row) + t * Double(nextRow - row)) * dy)
  }
}
