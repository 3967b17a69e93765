import Foundation
import IOTables

/// First-order and total Sobol indices from the model outputs on a Saltelli design
/// (`SaltelliDesign`), with bootstrap percentile intervals (docs/scenarios.md, "Global
/// sensitivity: Sobol indices").
///
/// With f the outputs block-major as the design orders them (`f[m·N + r]`: m = 0 A, 1 B,
/// 2 + i A_B⁽ⁱ⁾), centred by their mean over A and B, and V their variance over A and B together
/// (2N values, divided by 2N):
///
/// - first order (Saltelli et al. 2010, Table 2 (b)): Sᵢ = (1/N) Σᵣ f(B)ᵣ (f(A_B⁽ⁱ⁾)ᵣ − f(A)ᵣ) / V;
/// - total (Jansen 1999, ibid. Table 2 (f)): S_Tᵢ = (1/(2N)) Σᵣ (f(A)ᵣ − f(A_B⁽ⁱ⁾)ᵣ)² / V.
///
/// Centring leaves both expectations unchanged (E[f(A_B⁽ⁱ⁾) − f(A)] = 0) and removes the first
/// estimator's dependence on the level of f, whose sampling error otherwise grows with
/// mean²/V; SALib does the same. Both estimates may stray outside [0, 1] by their sampling error.
public enum SobolEstimator {
    public struct Indices: Sendable, Equatable {
        /// Sᵢ, one per parameter.
        public var first: [Double]
        /// S_Tᵢ, one per parameter.
        public var total: [Double]
        /// V, the variance of f over A and B.
        public var variance: Double
    }

    /// The indices of outputs `f` (length N·(k + 2)) on the rows `rows` of the design (a
    /// bootstrap resample; all N rows, in order, when nil). nil when V = 0: the output does not
    /// vary and the indices are undefined.
    /// - Complexity: O(N·k).
    public static func estimate(_ f: [Double], baseSize n: Int, parameters k: Int, rows: [Int]? = nil) -> Indices? {
        precondition(f.count == n * (k + 2), "f has \(f.count) values, not N·(k + 2) = \(n * (k + 2))")
        let count = rows?.count ?? n
        guard count > 0 else { return nil }
        return f.withUnsafeBufferPointer { f -> Indices? in
            func row(_ j: Int) -> Int { rows?[j] ?? j }
            var sum = 0.0
            for j in 0..<count { let r = row(j); sum += f[r] + f[n + r] }
            let mean = sum / Double(2 * count)
            var ss = 0.0
            for j in 0..<count {
                let r = row(j)
                let a = f[r] - mean, b = f[n + r] - mean
                ss += a * a + b * b
            }
            let variance = ss / Double(2 * count)
            guard variance > 0, variance.isFinite else { return nil }
            var first = [Double](repeating: 0, count: k), total = [Double](repeating: 0, count: k)
            for i in 0..<k {
                let base = (2 + i) * n
                var s1 = 0.0, st = 0.0
                for j in 0..<count {
                    let r = row(j)
                    let fa = f[r], fb = f[n + r] - mean, fab = f[base + r]
                    let d = fab - fa
                    s1 += fb * d
                    st += d * d
                }
                first[i] = s1 / Double(count) / variance
                total[i] = st / Double(2 * count) / variance
            }
            return Indices(first: first, total: total, variance: variance)
        }
    }

    /// A bootstrap percentile interval for every index.
    public struct Intervals: Sendable, Equatable {
        public var first: [ClosedRange<Double>]
        public var total: [ClosedRange<Double>]
        /// Resamples whose output varied (the others have no indices and are left out).
        public var resamples: Int
    }

    /// The generator seed of bootstrap resample b of a run with `seed`: `UncertaintyPlan.drawSeed`
    /// of a seed derived from the run's, so the resamples differ from the draws.
    public static func resampleSeed(_ seed: UInt64, _ b: Int) -> UInt64 {
        UncertaintyPlan.drawSeed(seed ^ 0xB007_57A9_5EED_0001, b)
    }

    /// The N rows of bootstrap resample b, drawn with replacement.
    public static func resample(_ b: Int, baseSize n: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: resampleSeed(seed, b))
        return (0..<n).map { _ in CheckedInteger.int(Distribution.unit(&rng) * Double(n), rounding: .down, in: 0...(n - 1)) ?? n - 1 }
    }

    /// Percentile intervals at `level` (0.95: the 2.5th and 97.5th percentiles, Hyndman & Fan
    /// type 7) of the indices over `resamples` bootstrap resamples of the N rows (Efron &
    /// Tibshirani 1993, ch. 13; Archer, Saltelli & Sobol 1997). Resample b depends only on (seed,
    /// b), and each is computed into its own slot, so the intervals do not depend on `threads`.
    /// nil when no resample has a varying output, or `resamples` is 0.
    /// - Complexity: O(resamples · N · k).
    public static func bootstrap(_ f: [Double], baseSize n: Int, parameters k: Int, resamples: Int, seed: UInt64,
                                 level: Double = 0.95, threads: Int = 1) -> Intervals? {
        guard resamples > 0, n > 0 else { return nil }
        let slots = BootstrapSlots(count: resamples)
        let workers = max(1, min(threads, resamples))
        UncertaintyRun.parallel(workers) { worker in
            var b = worker
            while b < resamples {
                slots.store(b, estimate(f, baseSize: n, parameters: k, rows: resample(b, baseSize: n, seed: seed)))
                b += workers
            }
        }
        let estimates = slots.values.compactMap { $0 }
        guard !estimates.isEmpty else { return nil }
        let lower = 100 * (1 - level) / 2, upper = 100 - lower
        func interval(_ series: [Double]) -> ClosedRange<Double> {
            let p = Statistics.percentiles(series, [lower, upper])
            return p[0]...max(p[0], p[1])
        }
        return Intervals(first: (0..<k).map { i in interval(estimates.map { $0.first[i] }) },
                         total: (0..<k).map { i in interval(estimates.map { $0.total[i] }) },
                         resamples: estimates.count)
    }
}

/// One slot per bootstrap resample, each written by one worker only.
final class BootstrapSlots: @unchecked Sendable {
    private(set) var values: [SobolEstimator.Indices?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func store(_ b: Int, _ v: SobolEstimator.Indices?) {
        lock.lock(); defer { lock.unlock() }
        values[b] = v
    }
}
