import Foundation
import Reports
import Testing

/// The shared chart axis: bounded ticks and finite coordinates for any data (issue 10, §4).
@Suite("Chart scale")
struct ChartScaleTests {
    /// Ranges that used to loop forever (1e20 + small steps, below the spacing of doubles there),
    /// give `x="-nan"` (±1.79e308, whose width overflows), or divide by zero (equal values).
    static let ranges: [(String, [Double])] = [
        ("[0, 1e-300]", [0, 1e-300]),
        ("[1e20, 1e20 + 1e5]", [1e20, 1e20 + 1e5]),
        ("[1e20, 1e20 + 1]", [1e20, 1e20 + 1]),
        ("[-1.79e308, 1.79e308]", [-1.79e308, 1.79e308]),
        ("[-greatest, greatest]", [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude]),
        ("NaN", [Double.nan]),
        ("NaN and infinities", [Double.nan, .infinity, -.infinity]),
        ("NaN among numbers", [1, Double.nan, 3]),
        ("equal min and max", [42, 42]),
        ("zero", [0]),
        ("empty", []),
        ("subnormal", [0, Double.leastNonzeroMagnitude]),
        ("ordinary", [-3.2, 17.5]),
    ]

    @Test(arguments: ranges.indices)
    func ticksAreBoundedAndFinite(index: Int) {
        let (name, values) = Self.ranges[index]
        for count in [2, 5, 8, 1_000] {
            for (padding, nice) in [(0.0, false), (0.05, false), (0.0, true)] {
                let scale = ChartScale(values: values, tickCount: count, padding: padding, niceBounds: nice)
                #expect(scale.lower.isFinite && scale.upper.isFinite && scale.lower < scale.upper, "\(name)")
                #expect(scale.step.isFinite && scale.step > 0, "\(name)")
                #expect(!scale.ticks.isEmpty && scale.ticks.count <= ChartScale.maximumTicks, "\(name): \(scale.ticks.count) ticks")
                #expect(scale.ticks.allSatisfy { $0.isFinite }, "\(name)")
                #expect(zip(scale.ticks, scale.ticks.dropFirst()).allSatisfy { $0 < $1 }, "\(name): ticks not increasing")
                for v in values + scale.ticks + [scale.lower, scale.upper] {
                    if let p = scale.position(v, from: 300, to: 770) {
                        #expect(p.isFinite && p >= 300 - 470 && p <= 770 + 470, "\(name): position \(p) of \(v)")
                    } else {
                        #expect(!v.isFinite, "\(name): no position for the finite value \(v)")
                    }
                }
                for t in scale.ticks {
                    let label = scale.label(t)
                    #expect(!label.isEmpty && !label.lowercased().contains("nan") && !label.lowercased().contains("inf"), "\(name): label \(label)")
                }
            }
        }
    }

    @Test func finiteValuesStayInsideTheRange() {
        for (_, values) in Self.ranges {
            let scale = ChartScale(values: values)
            for v in values where v.isFinite { #expect(scale.lower <= v && v <= scale.upper) }
        }
    }

    /// A range 0 … 10 in 5 intervals: raw step 2, so ticks 0, 2, …, 10 (hand-derived).
    @Test func ordinaryRangeGetsNiceTicks() {
        let scale = ChartScale(values: [0, 10])
        #expect(scale.step == 2)
        #expect(scale.ticks == [0, 2, 4, 6, 8, 10])
        #expect(scale.position(5, from: 0, to: 100) == 50)
        #expect(scale.label(4) == "4")
        // Widened to the enclosing ticks: 3 … 97 in 6 intervals, raw step 15.7, so steps of 20, 0 … 100.
        let nice = ChartScale(values: [3, 97], tickCount: 6, niceBounds: true)
        #expect(nice.lower == 0 && nice.upper == 100 && nice.step == 20)
    }

    /// Ticks near 1e20 that differ by less than the label's usual 3 digits get more digits.
    @Test func labelsTellNearbyTicksApart() {
        let scale = ChartScale(values: [1e12, 1e12 + 5e6])
        let labels = scale.ticks.map(scale.label)
        #expect(Set(labels).count == labels.count, "\(labels)")
    }

    /// The tornado and bar charts on the extreme ranges: no "nan" or "inf" in the SVG, bounded ticks.
    @Test(arguments: ranges.indices)
    func barChartSVGHasNoNonFiniteNumbers(index: Int) {
        let values = Self.ranges[index].1
        let bars = values.enumerated().map { HTMLChart.Bar(label: "b\($0.offset)", start: $0.element, end: values.last ?? 0, whisker: ($0.element, $0.element), marker: $0.element, valueText: "x") }
        let svg = HTMLChart.horizontalBars(bars, title: "t", axisLabel: "a", reference: values.first ?? 0, id: "c")
        #expect(!svg.contains("nan") && !svg.contains("inf"), "\(Self.ranges[index].0)")
        #expect(svg.components(separatedBy: "class=\"tick\"").count - 1 <= ChartScale.maximumTicks)
        let lines = HTMLChart.lines([HTMLChart.Series(name: "s", points: values.enumerated().map { (x: Double($0.offset), y: $0.element) }, color: "#000")],
                                    title: "t", xLabel: "x", yLabel: "y", id: "l")
        #expect(!lines.contains("nan") && !lines.contains("inf"))
        let svgLines = SVGChart.lines(title: "t", subtitle: "s", xLabel: "x", yLabel: "y", series: [(label: "s", values: values, colour: "#000", width: 1)])
        #expect(!svgLines.contains("nan") && !svgLines.contains("inf"))
    }
}
