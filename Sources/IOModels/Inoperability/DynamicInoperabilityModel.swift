import Foundation
import IOTables
import LinearAlgebra

/// The perturbation c*(t) of a dynamic IIM run, day by day.
public enum DailyPerturbation: Sendable {
    /// c*(t) = 0: recovery from the initial inoperability q(0) only.
    case none
    /// The same c* every day.
    case constant([Double])
    /// c*(t) = days[t] for t < days.count, 0 afterwards (the perturbation has ended).
    case daily([[Double]])

    func value(day t: Int, count n: Int) -> [Double] {
        switch self {
        case .none: return [Double](repeating: 0, count: n)
        case let .constant(c): return c
        case let .daily(days): return t < days.count ? days[t] : [Double](repeating: 0, count: n)
        }
    }
}

/// The dynamic inoperability input–output model (Lian & Haimes 2006, Systems Engineering 9:241–258):
///
///     q(t + 1) = q(t) + K [A* q(t) + c*(t) − q(t)],   clipped to [0, 1],
///
/// with one step per day and K = diag(k_i) the recovery rates. From a recovery time T_i (days for
/// q_i to fall from q_i(0) to the residual level q_i(T_i) = ρ q_i(0)):
///
///     k_i = ln(q_i(0) / q_i(T_i)) / (T_i (1 − a*_ii)) = ln(1/ρ) / (T_i (1 − a*_ii)).
///
/// A constant perturbation drives q(t) to the static q = (I − A*)⁻¹ c* (when it lies in [0, 1]).
public struct DynamicInoperabilityModel: Sendable {
    public let interdependency: Matrix
    public let recoveryRates: [Double]
    public let codes: [String]

    /// Recovery rates from recovery times.
    ///
    /// - Parameters:
    ///   - recoveryDays: T_i > 0 per sector, at least ln(1/ρ) days so that the daily step does not
    ///     overshoot (k_i (1 − a*_ii) ≤ 1).
    ///   - residualFraction: ρ = q_i(T_i) / q_i(0) ∈ (0, 1), the level counted as recovered
    ///     (0.01: 99 % of the inoperability gone).
    /// - Throws: `ModelError.invalidInput` for bad shapes, times, ρ, or a*_ii ≥ 1.
    public init(interdependency aStar: Matrix, recoveryDays: [Double], residualFraction: Double = 0.01,
                codes: [String]? = nil) throws(ModelError) {
        let n = aStar.rows
        let codes = codes ?? (0..<n).map { "sector \($0 + 1)" }
        guard aStar.isSquare, recoveryDays.count == n, codes.count == n else {
            throw .invalidInput("the dynamic IIM needs a square A* and one recovery time per sector: A* is \(aStar.rows) × \(aStar.columns), \(recoveryDays.count) recovery times")
        }
        guard residualFraction > 0, residualFraction < 1 else {
            throw .invalidInput("residual fraction ρ = \(residualFraction) must lie strictly between 0 and 1 (0.01 counts a sector as recovered when 99 % of its inoperability is gone)")
        }
        let logRatio = log(1 / residualFraction)
        var rates: [Double] = []
        for i in 0..<n {
            let t = recoveryDays[i]
            guard t.isFinite, t > 0 else {
                throw .invalidInput("recovery time of sector \(codes[i]) is \(t) days; give a positive number of days")
            }
            guard aStar[i, i] < 1 else {
                throw .invalidInput("a*_ii of sector \(codes[i]) is \(aStar[i, i]) ≥ 1; the sector cannot recover")
            }
            guard t >= logRatio else {
                throw .invalidInput("recovery time of sector \(codes[i]) is \(t) days, shorter than ln(1/ρ) = \(String(format: "%.2f", logRatio)) days, so a daily step would overshoot; give at least \(CheckedInteger.wholeText(logRatio.rounded(.up))) days or a larger residual fraction")
            }
            rates.append(logRatio / (t * (1 - aStar[i, i])))
        }
        try self.init(interdependency: aStar, recoveryRates: rates, codes: codes)
    }

    /// Recovery rates given directly, each with 0 ≤ k_i (1 − a*_ii) ≤ 1.
    public init(interdependency aStar: Matrix, recoveryRates: [Double], codes: [String]? = nil) throws(ModelError) {
        let n = aStar.rows
        let codes = codes ?? (0..<n).map { "sector \($0 + 1)" }
        guard aStar.isSquare, aStar.isFinite, recoveryRates.count == n, codes.count == n else {
            throw .invalidInput("the dynamic IIM needs a finite square A* and one recovery rate per sector")
        }
        if let i = (0..<n).first(where: { !(recoveryRates[$0] >= 0 && recoveryRates[$0] * (1 - aStar[$0, $0]) <= 1 + 1e-12) }) {
            throw .invalidInput("recovery rate of sector \(codes[i]) is \(recoveryRates[i]); it must satisfy 0 ≤ k_i (1 − a*_ii) ≤ 1 for daily steps")
        }
        self.interdependency = aStar
        self.recoveryRates = recoveryRates
        self.codes = codes
    }

    /// Runs the model for `days` daily steps from q(0).
    ///
    /// - Parameters:
    ///   - initial: q(0), each in [0, 1].
    ///   - perturbation: c*(t), each entry in [0, 1].
    ///   - dailyOutput: planned output per day x_i (e.g. annual output / 365), for losses; nil to skip.
    /// - Complexity: O(days · n²).
    public func simulate(initial: [Double], perturbation: DailyPerturbation, days: Int,
                         dailyOutput: [Double]? = nil) throws(ModelError) -> DynamicInoperabilityPath {
        let n = codes.count
        guard days >= 0 else { throw .invalidInput("the number of days is \(days); give 0 or more") }
        guard initial.count == n, dailyOutput.map({ $0.count == n }) ?? true else {
            throw .invalidInput("q(0) has \(initial.count) entries (and daily output \(dailyOutput?.count ?? n)) for \(n) sectors")
        }
        try InoperabilityModel.checkPerturbation(initial, codes: codes, name: "initial inoperability q(0)")
        switch perturbation {
        case .none: break
        case let .constant(c):
            guard c.count == n else { throw .invalidInput("the perturbation has \(c.count) entries for \(n) sectors") }
            try InoperabilityModel.checkPerturbation(c, codes: codes, name: "perturbation c*")
        case let .daily(list):
            for (t, c) in list.enumerated() {
                guard c.count == n else { throw .invalidInput("the perturbation of day \(t) has \(c.count) entries for \(n) sectors") }
                try InoperabilityModel.checkPerturbation(c, codes: codes, name: "perturbation c* of day \(t)")
            }
        }
        var path: [[Double]] = [initial]
        path.reserveCapacity(days + 1)
        var q = initial
        for t in 0..<days {
            let c = perturbation.value(day: t, count: n)
            let aq = (try? interdependency.multiplied(by: q)) ?? q
            for i in 0..<n {
                q[i] = min(1, max(0, q[i] + recoveryRates[i] * (aq[i] + c[i] - q[i])))
            }
            path.append(q)
        }
        return DynamicInoperabilityPath(codes: codes, inoperability: path, dailyOutput: dailyOutput)
    }
}

/// The daily inoperability path of a dynamic IIM run and the losses it implies.
public struct DynamicInoperabilityPath: Sendable {
    public let codes: [String]
    /// q(t) for t = 0 … days: `inoperability[t][i]`.
    public let inoperability: [[Double]]
    /// x_i per day, when given.
    public let dailyOutput: [Double]?

    public var days: Int { inoperability.count - 1 }

    /// Σ_i x_i q_i(t) for each day t = 0 … days (nil without daily output).
    public var dailyLoss: [Double]? {
        guard let x = dailyOutput else { return nil }
        return inoperability.map { zip($0, x).map(*).reduce(0, +) }
    }

    /// x_i ∫ q_i(t) dt over the run per sector, by the trapezoid rule on the daily path.
    public var cumulativeLoss: [Double]? {
        guard let x = dailyOutput else { return nil }
        var total = [Double](repeating: 0, count: codes.count)
        guard days > 0 else { return total }
        for t in 0..<days {
            for i in codes.indices { total[i] += x[i] * 0.5 * (inoperability[t][i] + inoperability[t + 1][i]) }
        }
        return total
    }

    public var totalCumulativeLoss: Double? { cumulativeLoss?.reduce(0, +) }
}
