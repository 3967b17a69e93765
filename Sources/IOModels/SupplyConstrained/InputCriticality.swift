import LinearAlgebra

/// How much each sector's production depends on each of its inputs in the short run
/// (MODELS.md §5; Pichler, Pangallo, del Rio-Chanona, Lafond & Farmer 2022).
///
/// A weight w_ij ∈ [0, 1] says how strongly input i binds sector j: when only a share r of the
/// input is available, j can produce at most 1 − w_ij (1 − r) of its baseline per unit.
/// w = 1 is critical (binds fully), w = ½ important (binds at half weight), w = 0 not needed.
public enum InputCriticality: Sendable, Equatable {
    /// Every input with a positive flow binds (pure Leontief production).
    case strict
    /// Weights from a survey such as IHS Markit's (row = input, column = using sector).
    case weights(Matrix)
    /// No input binds: inputs scale with output and any missing input is assumed replaced
    /// (MODELS.md §5). Only capacity and demand constrain output — a lower bound on losses.
    case linear

    /// The rule's name as written in scenario files.
    public var name: String {
        switch self {
        case .strict: "strict"
        case .weights: "ihs"
        case .linear: "linear"
        }
    }

    /// The share of sector j's baseline output that its inputs allow, given availability ratios
    /// r_i ∈ [0, 1] of each input i and the baseline input coefficients `coefficient(i)` of j.
    /// Returns the factor and the input that binds (nil when none does).
    @inlinable
    func inputBound(sector j: Int, count n: Int, ratio: (Int) -> Double, coefficient: (Int) -> Double) -> (factor: Double, binding: Int?) {
        inputBound(sector: j, over: 0..<n, ratio: ratio, coefficient: coefficient)
    }

    /// `inputBound(sector:count:ratio:coefficient:)` over the inputs `short` only, in increasing
    /// order: the inputs whose ratio is below 1. An input with r_i = 1 bounds j at exactly 1
    /// (1 − w · 0), which never lowers the bound, so the result is the same, factor and binding
    /// input, at O(|short|) instead of O(n) per sector.
    @inlinable
    func inputBound(sector j: Int, short: [Int], ratio: (Int) -> Double, coefficient: (Int) -> Double) -> (factor: Double, binding: Int?) {
        inputBound(sector: j, over: short, ratio: ratio, coefficient: coefficient)
    }

    /// The bound of sector j over the inputs `inputs`, in their order (first of equal bounds wins).
    @inlinable
    func inputBound<Inputs: Sequence<Int>>(sector j: Int, over inputs: Inputs, ratio: (Int) -> Double, coefficient: (Int) -> Double) -> (factor: Double, binding: Int?) {
        switch self {
        case .strict:
            var best = 1.0
            var which: Int? = nil
            for i in inputs where coefficient(i) > 0 {
                let r = ratio(i)
                if r < best { best = r; which = i }
            }
            return (best, which)
        case let .weights(w):
            var best = 1.0
            var which: Int? = nil
            for i in inputs where coefficient(i) > 0 {
                let weight = w[i, j]
                guard weight > 0 else { continue }
                let bound = 1 - weight * (1 - ratio(i))
                if bound < best { best = bound; which = i }
            }
            return (best, which)
        case .linear:
            return (1, nil)
        }
    }
}
