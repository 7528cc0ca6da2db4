import CellProtocol
import Foundation
import Testing

@testable import LessonKit

@Suite("LessonKit: sliders and network diagrams")
struct SliderNetworkBuilderTests {
  /// A small histogram chart, one per frame.
  private func frame(_ index: Int) -> Chart {
    .histogram(["x": [Float(index), Float(index) + 1]], bins: 4, title: "frame \(index)")
  }

  @Test func aSliderKeepsItsFramesInOrderWithSharedAxesByDefault() {
    let slider = Chart(.slider(parameter: "epoch", labels: ["1", "2", "3"], charts: [frame(1), frame(2), frame(3)]))
    guard case .chart(let chart, let caption) = chartItem(slider, caption: "c"),
      case .slider(let parameter, let labels, let charts, let axes) = chart.kind
    else {
      Issue.record("not a slider")
      return
    }
    #expect(parameter == "epoch" && labels == ["1", "2", "3"] && axes == .shared && caption == "c")
    #expect(charts.map(\.title) == ["frame 1", "frame 2", "frame 3"])
    #expect(chart.notes.isEmpty)
  }

  @Test func manyFramesAreThinnedEvenlyKeepingTheFirstAndTheLast() {
    let count = 200
    let slider = Chart(
      .slider(parameter: "step", labels: (1...count).map(String.init), charts: (1...count).map(frame), axes: .free))
    guard case .slider(_, let labels, let charts, let axes) = slider.capped().kind else {
      Issue.record("not a slider")
      return
    }
    #expect(charts.count == OutputLimits.sliderFrames && labels.count == OutputLimits.sliderFrames)
    #expect(labels.first == "1" && labels.last == "200" && axes == .free)
    #expect(Set(labels).count == labels.count && labels.map { Int($0)! } == labels.map { Int($0)! }.sorted())
    #expect(charts.first?.title == "frame 1" && charts.last?.title == "frame 200")
    #expect(slider.capped().notes == ["Showing 60 of 200 frames, evenly spaced from the first to the last."])
  }

  @Test func thinningKeepsShortSlidersWhole() {
    #expect(thinnedFrames(5) == [0, 1, 2, 3, 4])
    #expect(thinnedFrames(60) == Array(0..<60))
    let thinned = thinnedFrames(61)
    #expect(thinned.count == 60 && thinned.first == 0 && thinned.last == 60 && Set(thinned).count == 60)
  }

  @Test func eachFrameIsCappedLikeAChart() {
    let raw = Chart(.line(series: [Series(name: "loss", points: (0..<10_000).map { Point(x: Double($0), y: 1) })], logY: false))
    guard case .slider(_, _, let charts, _) = Chart(.slider(parameter: "run", labels: ["a"], charts: [raw])).capped().kind,
      case .line(let kept, _) = charts[0].kind
    else {
      Issue.record("not a slider of lines")
      return
    }
    #expect(kept[0].points.count == OutputLimits.pointsPerSeries && charts[0].notes.count == 1)
  }

  @Test func aNetworkRecordsOneMaskPerLayerWithTheInputAndOutputKept() {
    let chart = Chart.network(
      layers: [2, 4, 3, 1], dropped: [[false, true, false, true], [true, false, false]], title: "thinned")
    guard case .network(let layers, let dropped) = chart.kind else {
      Issue.record("not a network")
      return
    }
    #expect(layers == [2, 4, 3, 1] && chart.title == "thinned")
    #expect(dropped == [[], [false, true, false, true], [true, false, false], []])
    guard case .network(_, let none) = Chart.network(layers: [3, 5, 2]).kind else { return }
    #expect(none.isEmpty)
  }

  @Test func aNetworkRoundTripsThroughJSON() throws {
    let chart = Chart.network(layers: [2, 3, 2], dropped: [[true, false, true]])
    let data = try JSONEncoder().encode(chart)
    #expect(try JSONDecoder().decode(Chart.self, from: data) == chart)
  }
}
