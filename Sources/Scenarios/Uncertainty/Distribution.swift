import Foundation
import IOTables

/// A probability distribution for one uncertain scenario parameter (docs/scenarios.md,
/// "Uncertainty"). Every kind is sampled by a fixed number of steps of its own generator, so a
/// draw depends only on the seed and the draw's index.
public enum Distribution: Sendable, Equatable {
    /// U(min, max); min = max is allowed (a fixed value).
    case uniform(min: Double, max: Double)
    /// Triangular on [min, max] with its peak at mode.
    case triangular(min: Double, mode: Double, max: Double)
    /// N(mean, sd²) truncated to [lower, upper] (the parameter's valid range, narrowed by the
    /// user's own min/max); sampled by inverting the normal CDF on [Φ(lower), Φ(upper)].
    case normal(mean: Double, sd: Double, lower: Double, upper: Double)
    /// min + (max − min)·B with B ~ Beta(a, b).
    case beta(a: Double, b: Double, min: Double, max: Double)

    public static let names = ["uniform", "triangular", "normal", "beta"]

    public var name: String {
        switch self {
        case .uniform: "uniform"
        case .triangular: "triangular"
        case .normal: "normal"
        case .beta: "beta"
        }
    }

    /// The parameters as written (after defaults), for run.json and the report.
    public var parameters: [(String, Double)] {
        switch self {
        case let .uniform(lo, hi): [("min", lo), ("max", hi)]
        case let .triangular(lo, mode, hi): [("min", lo), ("mode", mode), ("max", hi)]
        case let .normal(mean, sd, lo, hi): [("mean", mean), ("sd", sd), ("min", lo), ("max", hi)]
        case let .beta(a, b, lo, hi): [("a", a), ("b", b), ("min", lo), ("max", hi)]
        }
    }

    /// The distribution's exact mean (truncated normal: μ + σ(φ(α) − φ(β))/(Φ(β) − Φ(α))).
    public var mean: Double {
        switch self {
        case let .uniform(lo, hi): return (lo + hi) / 2
        case let .triangular(lo, mode, hi): return (lo + mode + hi) / 3
        case let .normal(mu, sigma, lo, hi):
            let alpha = (lo - mu) / sigma, beta = (hi - mu) / sigma
            let mass = NormalDistribution.probability(between: alpha, and: beta)
            return mu + sigma * (NormalDistribution.density(alpha) - NormalDistribution.density(beta)) / mass
        case let .beta(a, b, lo, hi): return lo + (hi - lo) * a / (a + b)
        }
    }

    /// The distribution's exact variance (truncated normal from its first two moments).
    public var variance: Double {
        switch self {
        case let .uniform(lo, hi): return (hi - lo) * (hi - lo) / 12
        case let .triangular(a, c, b): return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case let .normal(mu, sigma, lo, hi):
            let alpha = (lo - mu) / sigma, beta = (hi - mu) / sigma
            let mass = NormalDistribution.probability(between: alpha, and: beta)
            let pa = NormalDistribution.density(alpha), pb = NormalDistribution.density(beta)
            let ta = alpha.isFinite ? alpha * pa : 0, tb = beta.isFinite ? beta * pb : 0
            let d = (pa - pb) / mass
            return sigma * sigma * (1 + (ta - tb) / mass - d * d)
        case let .beta(a, b, lo, hi): return (hi - lo) * (hi - lo) * a * b / ((a + b) * (a + b) * (a + b + 1))
        }
    }

    /// The smallest and largest values the distribution can produce.
    public var support: ClosedRange<Double> {
        switch self {
        case let .uniform(lo, hi), let .triangular(lo, _, hi), let .normal(_, _, lo, hi), let .beta(_, _, lo, hi): lo...hi
        }
    }

    /// One value.
    public func sample(using rng: inout SplitMix64) -> Double {
        switch self {
        case let .uniform(lo, hi):
            return lo == hi ? lo : lo + (hi - lo) * Self.unit(&rng)
        case let .triangular(lo, mode, hi):
            guard hi > lo else { return lo }
            // Inverse CDF: F(x) = (x − a)²/((b − a)(c − a)) below the mode c, 1 − (b − x)²/((b − a)(b − c)) above.
            let u = Self.unit(&rng)
            let split = (mode - lo) / (hi - lo)
            return u < split ? lo + ((hi - lo) * (mode - lo) * u).squareRoot() : hi - ((hi - lo) * (hi - mode) * (1 - u)).squareRoot()
        case let .normal(mu, sigma, lo, hi):
            return NormalDistribution.truncatedSample(mean: mu, sd: sigma, lower: lo, upper: hi, u: Self.unit(&rng))
        case let .beta(a, b, lo, hi):
            // B = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). With small shapes (a, b well below
            // 1) X and Y can underflow to 0 or to subnormals; the ratio is then taken from their
            // logarithms, 1 / (1 + e^(log Y − log X)), which the same random numbers give exactly.
            let x = Self.gamma(shape: a, &rng), y = Self.gamma(shape: b, &rng)
            let ratio = x.value >= .leastNormalMagnitude && y.value >= .leastNormalMagnitude
                ? x.value / (x.value + y.value) : 1 / (1 + exp(y.log - x.log))
            return min(hi, max(lo, lo + (hi - lo) * ratio))
        }
    }

    /// u ∈ (0, 1), 53 random bits, never exactly 0 or 1.
    public static func unit(_ rng: inout SplitMix64) -> Double {
        (Double(rng.next() >> 11) + 0.5) * 0x1p-53
    }

    /// Gamma(k, 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
    /// ACM TOMS 26(3); for k < 1, Gamma(k + 1)·U^(1/k). Also its logarithm, computed from the
    /// same numbers without underflow (log Gamma(k + 1) + log(U) / k), for shapes so small that
    /// the value itself is 0 or subnormal.
    static func gamma(shape k: Double, _ rng: inout SplitMix64) -> (value: Double, log: Double) {
        if k < 1 {
            let g = gamma(shape: k + 1, &rng)
            let u = unit(&rng)
            return (g.value * pow(u, 1 / k), g.log + Foundation.log(u) / k)
        }
        let d = k - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var z: Double, v: Double
            repeat {
                z = NormalDistribution.quantile(unit(&rng))
                v = 1 + c * z
            } while v <= 0
            v = v * v * v
            let u = unit(&rng)
            if u < 1 - 0.0331 * z * z * z * z { return (d * v, Foundation.log(d * v)) }
            if log(u) < 0.5 * z * z + d * (1 - v + log(v)) { return (d * v, Foundation.log(d * v)) }
        }
    }
}

/// The standard normal distribution: density, CDF by erfc, quantile by safeguarded Newton steps.
enum NormalDistribution {
    static func density(_ z: Double) -> Double {
        z.isFinite ? exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() : 0
    }

    /// Φ(z) = ½ erfc(−z/√2).
    static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Φ(β) − Φ(α), computed in the tail where it is accurate (both bounds high → mirror).
    static func probability(between alpha: Double, and beta: Double) -> Double {
        alpha > 0 ? cdf(-alpha) - cdf(-beta) : cdf(beta) - cdf(alpha)
    }

    /// Φ⁻¹(p) for p ∈ (0, 1): bisection to a bracket, then Newton; accurate to ~1e-14 in z.
    static func quantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        if p > 0.5 { return -quantile(1 - p) }
        var lo = -40.0, hi = 0.0
        var z = -(-2 * log(p)).squareRoot() * 0.9  // a rough start in the right tail region
        if !(z > lo && z < hi) { z = -1 }
        for _ in 0..<100 {
            let f = cdf(z) - p
            if f > 0 { hi = z } else { lo = z }
            let step = f / max(density(z), 1e-300)
            var next = z - step
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - z) <= 1e-15 * max(1, abs(z)) { return next }
            z = next
        }
        return z
    }

    /// μ + σ Φ⁻¹(Φ(α) + u (Φ(β) − Φ(α))), with α, β the standardised bounds; mirrored when the
    /// interval lies in the upper tail, so that a range far from the mean keeps its precision.
    static func truncatedSample(mean mu: Double, sd sigma: Double, lower: Double, upper: Double, u: Double) -> Double {
        let alpha = (lower - mu) / sigma, beta = (upper - mu) / sigma
        let z: Double
        if alpha > 0 {
            let pa = cdf(-beta), pb = cdf(-alpha)
            z = -quantile(pa + (1 - u) * (pb - pa))
        } else {
            let pa = cdf(alpha), pb = cdf(beta)
            z = quantile(pa + u * (pb - pa))
        }
        return min(upper, max(lower, mu + sigma * z))
    }
}
