import CellProtocol
import Testing

@testable import Site

@Suite("Chart scales and ticks")
struct ChartScaleTests {
  @Test("a linear scale maps the domain onto the range")
  func linearScale() {
    let scale = Scale(lower: 0, upper: 10, start: 100, end: 200)
    #expect(scale(0) == 100)
    #expect(scale(5) == 150)
    #expect(scale(10) == 200)
    #expect(scale(-10) == 0)
  }

  @Test("a y scale inverts: larger values are higher up, at smaller pixels")
  func invertedScale() {
    let scale = Scale(lower: 0, upper: 1, start: 300, end: 20)
    #expect(scale(0) == 300)
    #expect(scale(1) == 20)
    #expect(scale(0.5) == 160)
    #expect(scale(0.75) < scale(0.25))
  }

  @Test("a log scale spaces decades evenly")
  func logScale() {
    let scale = Scale(lower: 1, upper: 100, start: 0, end: 200, isLogarithmic: true)
    #expect(abs(scale(10) - 100) < 1e-9)
    #expect(abs(scale(1000) - 300) < 1e-9)
  }

  @Test(
    "nice linear ticks extend the range to 1, 2 or 5 × 10^k steps",
    arguments: [
      (0.0, 1.0, [0, 0.2, 0.4, 0.6, 0.8, 1]),
      (0.0, 97.0, [0, 20, 40, 60, 80, 100]),
      (-3.7, 12.0, [-5, 0, 5, 10, 15]),
      (0.013, 0.0171, [0.013, 0.014, 0.015, 0.016, 0.017, 0.018]),
      (0.0, 100_000.0, [0, 20_000, 40_000, 60_000, 80_000, 100_000]),
    ])
  func linearTicks(lower: Double, upper: Double, expected: [Double]) {
    let ticks = Ticks.linear(covering: lower, upper)
    #expect(ticks.values == expected)
    #expect(ticks.lower == expected.first)
    #expect(ticks.upper == expected.last)
  }

  @Test("ticks inside a fixed domain keep the domain")
  func insideTicks() {
    let ticks = Ticks.linear(inside: 0.13, 0.87)
    #expect(ticks.values == [0.2, 0.4, 0.6, 0.8])
    #expect(ticks.lower == 0.13 && ticks.upper == 0.87)
  }

  @Test("a single value gets a range around it")
  func degenerateTicks() {
    let ticks = Ticks.linear(covering: 2, 2)
    #expect(ticks.lower < 2 && ticks.upper > 2)
    #expect(ticks.values.contains(2))
    #expect(Ticks.linear(covering: 0, 0).values == [-1, -0.5, 0, 0.5, 1])
  }

  @Test("log ticks sit at powers of ten covering the range")
  func logTicks() {
    #expect(Ticks.logarithmic(covering: 1e-4, 1).values == [1e-4, 1e-3, 1e-2, 0.1, 1])
    let partial = Ticks.logarithmic(covering: 0.003, 0.5)
    #expect(partial.values == [1e-3, 1e-2, 0.1, 1])
    #expect(partial.lower == 1e-3 && partial.upper == 1)
    // Less than 1.5 decades: ticks between the powers of ten too.
    #expect(Ticks.logarithmic(covering: 2, 3).values == [1, 2, 5, 10])
  }

  @Test("log ticks over many decades skip decades to stay few")
  func sparseLogTicks() {
    let ticks = Ticks.logarithmic(covering: 1e-12, 100)
    #expect(ticks.values.count <= 7)
    #expect(ticks.values.first == 1e-12)
    #expect(ticks.upper >= 100)
    #expect(ticks.labels == ["10⁻¹²", "10⁻⁹", "10⁻⁶", "10⁻³", "10⁰", "10³"])
  }
}

@Suite("Chart number formatting")
struct ChartNumberFormatTests {
  @Test(
    "tick labels: decimals, k/M suffixes from 1000, scientific below 0.001",
    arguments: [
      (0.6000000000000001, 0.2, "0.6"), (0, 0.2, "0"), (1, 0.2, "1"), (-0.5, 0.5, "-0.5"), (120, 20, "120"),
      (0.001, 0.0002, "0.001"), (0.0004, 0.0002, "4e-4"), (1e-5, 1e-5, "1e-5"), (2.5e-4, 5e-5, "2.5e-4"),
      (2500, 500, "2.5k"), (2000, 500, "2k"), (100_000, 20_000, "100k"), (1.5e6, 5e5, "1.5M"), (3e9, 1e9, "3G"),
      (1e-17, 0.2, "0"),
    ])
  func tickLabels(value: Double, step: Double, expected: String) {
    #expect(NumberFormat.tickLabel(value, step: step) == expected)
  }

  @Test("compact numbers keep three significant digits")
  func compact() {
    #expect(NumberFormat.compact(0.012345) == "0.0123")
    #expect(NumberFormat.compact(12_345) == "12.3k")
    #expect(NumberFormat.compact(2.31) == "2.31")
    #expect(NumberFormat.compact(1e-7) == "1e-7")
    #expect(NumberFormat.compact(-0.0) == "0")
    #expect(NumberFormat.compact(9.9999e-4) == "1e-3")
    #expect(NumberFormat.compact(.nan) == "NaN")
    // Subnormal values (their powers of ten underflow to 0) do not trap;
    // they get one significant digit.
    #expect(NumberFormat.compact(Double.leastNonzeroMagnitude) == "5e-324")
    #expect(NumberFormat.compact(-3e-310) == "-3e-310")
  }

  @Test("coordinates are rounded to one decimal without -0 or .0")
  func coordinates() {
    #expect(NumberFormat.coordinate(12.34) == "12.3")
    #expect(NumberFormat.coordinate(3.0) == "3")
    #expect(NumberFormat.coordinate(-0.04) == "0")
    #expect(NumberFormat.coordinate(-2.25) == "-2.3")
    #expect(NumberFormat.coordinate(0.05) == "0.1")
  }
}

@Suite("LTTB downsampling")
struct ChartLTTBTests {
  private func wave(_ count: Int) -> [Point] {
    (0..<count).map { Point(x: Double($0), y: Double(($0 * 7919) % 101) / 100) }
  }

  @Test("keeps the first and last points and returns the requested count")
  func endpointsAndCount() {
    let points = wave(10_000)
    for count in [3, 10, 400, 9_999] {
      let kept = LTTB.downsample(points, to: count)
      #expect(kept.count == count)
      #expect(kept.first == points.first)
      #expect(kept.last == points.last)
      #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.x < $1.x })
    }
  }

  @Test("short series and tiny targets come back unchanged")
  func unchanged() {
    let points = wave(50)
    #expect(LTTB.downsample(points, to: 50) == points)
    #expect(LTTB.downsample(points, to: 400) == points)
    #expect(LTTB.downsample(points, to: 2) == points)
  }

  @Test("a one-point spike survives downsampling")
  func spike() {
    var points = (0..<10_000).map { Point(x: Double($0), y: 1 + 0.01 * Double($0 % 3)) }
    points[6_543].y = 100
    points[2_101].y = -50
    let kept = LTTB.downsample(points, to: 100)
    #expect(kept.contains(points[6_543]))
    #expect(kept.contains(points[2_101]))
  }
}

/// f(x, y) = x² + y² sampled on `size × size` nodes over [-2, 2]².
func paraboloid(_ size: Int) -> Grid {
  var values = [Double]()
  for row in 0..<size {
    for column in 0..<size {
      let x = -2 + 4 * Double(column) / Double(size - 1), y = -2 + 4 * Double(row) / Double(size - 1)
      values.append(x * x + y * y)
    }
  }
  return Grid(xMin: -2, xMax: 2, yMin: -2, yMax: 2, columns: size, rows: size, values: values)
}

@Suite("Marching squares")
struct ChartMarchingSquaresTests {
  @Test("x² + y² gives one closed contour near radius √level", arguments: [1.0, 2.25, 0.3])
  func circle(level: Double) {
    let lines = MarchingSquares.lines(paraboloid(41), level: level)
    #expect(lines.count == 1)
    #expect(lines.first?.isClosed == true)
    for point in lines.first?.points ?? [] {
      #expect(abs((point.x * point.x + point.y * point.y).squareRoot() - level.squareRoot()) < 0.01)
    }
    #expect((lines.first?.points.count ?? 0) > 20)
  }

  @Test("a level outside the values has no contour")
  func outside() {
    #expect(MarchingSquares.lines(paraboloid(21), level: 100).isEmpty)
    #expect(MarchingSquares.lines(paraboloid(21), level: -1).isEmpty)
  }

  @Test("a plane gives one open straight line across the grid")
  func plane() {
    let values = (0..<5).flatMap { _ in (0..<5).map { Double($0) } }
    let grid = Grid(xMin: 0, xMax: 4, yMin: 0, yMax: 1, columns: 5, rows: 5, values: values)
    let lines = MarchingSquares.lines(grid, level: 2.5)
    #expect(lines.count == 1)
    #expect(lines.first?.isClosed == false)
    #expect(lines.first?.points.count == 5)
    #expect(lines.first?.points.allSatisfy { $0.x == 2.5 } == true)
    #expect(Set(lines.first?.points.map(\.y) ?? []) == [0, 0.25, 0.5, 0.75, 1])
  }

  @Test("a circle cut by the grid edge is open; NaN cells break contours")
  func openAndBroken() {
    var grid = paraboloid(41)
    #expect(MarchingSquares.lines(grid, level: 5).allSatisfy { !$0.isClosed })
    grid.values[20 * 41 + 30] = .nan
    let broken = MarchingSquares.lines(grid, level: 1)
    #expect(broken.count == 1 && broken.first?.isClosed == false)
  }
}
