import Foundation
import IOTables

/// The linear axis of every chart ioshock draws (the HTML report's bars, tornado and lines, the
/// dynamic run's output.svg): a finite range, "nice" ticks, pixel positions and tick labels,
/// whatever the data.
///
/// It never loops on the data and never produces a non-finite coordinate:
/// - non-finite values are ignored (and `position` answers nil for them);
/// - a range that is empty or too narrow to be told apart from its magnitude (all values equal,
///   or [1e20, 1e20 + 1e5], where a tick step would be below the spacing of doubles) is widened
///   around its centre;
/// - ranges whose width overflows a double ([−1.79e308, 1.79e308]) are computed in halves;
/// - ticks are `first + k · step` for a bounded k, at most `maximumTicks` of them.
public struct ChartScale: Sendable, Equatable {
    /// The drawn range, finite with `lower < upper`.
    public let lower: Double
    public let upper: Double
    /// The distance between ticks, finite and > 0.
    public let step: Double
    /// Tick values inside [lower, upper], increasing; never more than `maximumTicks`.
    public let ticks: [Double]

    /// Ticks on one axis at most, whatever is asked.
    public static let maximumTicks = 24

    /// A scale covering every finite value of `values`.
    /// - Parameters:
    ///   - tickCount: about how many tick intervals to draw (2 … `maximumTicks` − 1).
    ///   - padding: a share of the width added on both sides (0.04 = 4 %).
    ///   - niceBounds: widen the range to the ticks just outside it (axes that start and end on a tick).
    ///   - steps: the mantissas of allowed steps, each in [1, 10), times powers of ten.
    public init(values: [Double], tickCount: Int = 5, padding: Double = 0, niceBounds: Bool = false,
                steps: [Double] = [1, 2, 5]) {
        let finite = values.filter(\.isFinite)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let magnitude = max(abs(lo), abs(hi))
        // Too narrow to draw: fewer than about 9 significant digits tell the ends apart, or the
        // width is near the smallest doubles. Widen around the centre.
        if hi / 2 - lo / 2 <= magnitude * 5e-10 || hi / 2 - lo / 2 < 1e-305 {
            let centre = lo / 2 + hi / 2
            let half = abs(centre) >= 1e-280 ? abs(centre) * 0.01 : 1
            lo = centre - half
            hi = centre + half
        }
        if padding > 0, padding.isFinite {
            let pad = (hi / 2 - lo / 2) * 2 * min(padding, 1)
            lo = max(-Double.greatestFiniteMagnitude, lo - pad)
            hi = min(Double.greatestFiniteMagnitude, hi + pad)
        }
        let intervals = Double(min(max(tickCount, 2), Self.maximumTicks - 1))
        // (hi − lo) / intervals without forming hi − lo, which may overflow.
        let raw = (hi / 2 - lo / 2) / intervals * 2
        let power = pow(10, (log10(raw)).rounded(.down))
        let mantissas = steps.filter { $0 >= 1 && $0 < 10 }.sorted()
        var step = (mantissas.isEmpty ? [1, 2, 5] : mantissas).map { $0 * power }.first { $0 >= raw } ?? 10 * power
        if !step.isFinite || step <= 0 { step = raw.isFinite && raw > 0 ? raw : 1 }
        var first = (lo / step).rounded(.up), last = (hi / step).rounded(.down)
        if niceBounds {
            first = (lo / step).rounded(.down)
            last = (hi / step).rounded(.up)
            let nicelo = first * step, nicehi = last * step
            if nicelo.isFinite, nicehi.isFinite, nicelo < nicehi { lo = nicelo; hi = nicehi }
        }
        var ticks: [Double] = []
        if first.isFinite, last.isFinite, first <= last {
            var k = first
            while k <= last, ticks.count < Self.maximumTicks {
                let t = k * step
                if t.isFinite, t >= lo - step * 1e-9, t <= hi + step * 1e-9, t != ticks.last { ticks.append(t + 0) }
                let next = k + 1
                if next == k { break }
                k = next
            }
        }
        if ticks.isEmpty { ticks = [lo] }
        self.lower = lo
        self.upper = hi
        self.step = step
        self.ticks = ticks
    }

    /// Where `value` falls between the pixel coordinates `start` (at `lower`) and `end` (at
    /// `upper`): finite, kept within one width beyond either end; nil for a non-finite value.
    public func position(_ value: Double, from start: Double, to end: Double) -> Double? {
        guard value.isFinite else { return nil }
        let fraction = (value / 2 - lower / 2) / (upper / 2 - lower / 2)
        guard fraction.isFinite else { return nil }
        return start + (end - start) * min(2, max(-1, fraction))
    }

    /// A tick label with as many digits as the step needs: 12k, 3.5M, 0.25, 150.5, 1.00000005e+20.
    public func label(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == 0 { return "0" }
        let magnitude = max(abs(lower), abs(upper))
        let spread = magnitude > 0 ? log10(magnitude / step) : 0
        let digits = min(17, max(3, (CheckedInteger.int(spread, rounding: .up, in: 0...17) ?? 17) + 1))
        let a = abs(value)
        if a >= 1e15 { return String(format: "%.*g", digits, value) }
        if a >= 1e6 { return String(format: "%.*gM", digits, value / 1e6) }
        if a >= 1e4 { return String(format: "%.*gk", digits, value / 1e3) }
        if a >= 1e-3 {
            let decimals = step >= 1 ? 0 : min(12, CheckedInteger.int(-log10(step), rounding: .up, in: 0...12) ?? 12)
            return String(format: "%.*f", decimals, value)
        }
        return String(format: "%.*g", digits, value)
    }

    /// A pixel coordinate as SVG text with one decimal; a non-finite one (never produced by
    /// `position`) is written as 0 rather than "nan".
    public static func coordinate(_ v: Double) -> String {
        String(format: "%.1f", v.isFinite ? v : 0)
    }
}
