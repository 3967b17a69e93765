import Foundation

extension Distribution {
    /// F⁻¹(u), the value whose cumulative probability is u ∈ (0, 1): the inverse-CDF transform
    /// that the Saltelli design (`SaltelliDesign`) applies to one uniform number per parameter.
    ///
    /// - uniform: min + (max − min)·u;
    /// - triangular: a + √((b − a)(c − a)u) below F(c) = (c − a)/(b − a), b − √((b − a)(b − c)(1 − u)) above;
    /// - normal: μ + σΦ⁻¹(Φ(α) + u(Φ(β) − Φ(α))) on the truncated range [α, β] (as `sample`);
    /// - beta: min + (max − min)·I⁻¹ᵤ(a, b), the inverse of the regularised incomplete beta function.
    ///
    /// For uniform, triangular and normal this is the transform `sample` applies to its one
    /// uniform number; `sample` draws a beta value by a Gamma ratio instead, so the Monte Carlo
    /// draws of earlier versions are unchanged.
    public func quantile(_ u: Double) -> Double {
        switch self {
        case let .uniform(lo, hi):
            return lo == hi ? lo : lo + (hi - lo) * u
        case let .triangular(lo, mode, hi):
            guard hi > lo else { return lo }
            let split = (mode - lo) / (hi - lo)
            return u < split ? lo + ((hi - lo) * (mode - lo) * u).squareRoot() : hi - ((hi - lo) * (hi - mode) * (1 - u)).squareRoot()
        case let .normal(mu, sigma, lo, hi):
            return NormalDistribution.truncatedSample(mean: mu, sd: sigma, lower: lo, upper: hi, u: u)
        case let .beta(a, b, lo, hi):
            return min(hi, max(lo, lo + (hi - lo) * BetaFunction.inverseRegularized(u, a: a, b: b)))
        }
    }
}

/// The regularised incomplete beta function Iₓ(a, b) = B(x; a, b)/B(a, b), the CDF of Beta(a, b),
/// and its inverse.
enum BetaFunction {
    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).
    static func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }

    /// Iₓ(a, b) by its continued fraction (modified Lentz), evaluated where it converges fast:
    /// directly for x < (a + 1)/(a + b + 2), else as 1 − I₁₋ₓ(b, a) (Press et al., Numerical
    /// Recipes, 3rd ed., §6.4). Accurate to about 1e-14.
    static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(a * log(x) + b * log1p(-x) - logBeta(a, b))
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a: a, b: b) / a }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of Iₓ(a, b): 1/(1+ d₁/(1+ d₂/(1+ …))) with
    /// d₂ₘ₊₁ = −(a + m)(a + b + m)x/((a + 2m)(a + 2m + 1)), d₂ₘ = m(b − m)x/((a + 2m − 1)(a + 2m)).
    static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for step in 1...10_000 {
            let m = Double(step), m2 = 2 * m
            var aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// x with Iₓ(a, b) = p: Newton steps on Iₓ(a, b) − p (its derivative is the Beta density),
    /// kept inside a bisection bracket, so it converges for any shape, including a, b < 1 where
    /// the density is unbounded at an end.
    static func inverseRegularized(_ p: Double, a: Double, b: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        let lnB = logBeta(a, b)
        var lo = 0.0, hi = 1.0
        var x = a / (a + b)
        for _ in 0..<200 {
            let f = regularized(x, a: a, b: b) - p
            if f == 0 { return x }
            if f > 0 { hi = x } else { lo = x }
            let density = exp((a - 1) * log(x) + (b - 1) * log1p(-x) - lnB)
            var next = x - f / density
            if !(next > lo && next < hi) { next = lo + (hi - lo) / 2 }
            if abs(next - x) <= 2e-16 * next || hi - lo <= 2e-16 * hi { return next }
            x = next
        }
        return x
    }
}
