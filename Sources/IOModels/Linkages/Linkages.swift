import IOTables
import LinearAlgebra

/// Key-sector classes from normalised total linkages (Rasmussen 1956; Miller & Blair 2009, §12.2).
public enum KeySectorClass: String, Sendable {
    /// Backward and forward linkage both above average (> 1).
    case key
    /// Backward above average, forward not: a strong buyer.
    case backwardOriented = "backward"
    /// Forward above average, backward not: a strong supplier.
    case forwardOriented = "forward"
    /// Both at or below average.
    case weak

    static func classify(backward: Double, forward: Double) -> Self {
        switch (backward > 1, forward > 1) {
        case (true, true): .key
        case (true, false): .backwardOriented
        case (false, true): .forwardOriented
        case (false, false): .weak
        }
    }
}

/// Backward and forward linkages of every sector (Rasmussen 1956; Chenery & Watanabe 1958;
/// Miller & Blair 2009, §12.1–12.2), from the model's one LU — three solves, no inverse:
///
/// - backward total: b_j = 1ᵀ L e_j, the output multipliers (a transposed solve);
/// - forward total (Ghosh): g_i = e_iᵀ G 1 = (x̂⁻¹ L x)_i, row sums of G (one solve) — the measure
///   Miller & Blair recommend over row sums of L, which weigh a unit of every sector's final
///   demand equally;
/// - forward total (Leontief, classic Rasmussen): L 1 (one solve), reported for comparison;
/// - normalised (power and sensitivity of dispersion): n b_j / Σ b and n g_i / Σ g, so that the
///   average sector has 1;
/// - direct: column sums of A and row sums of B.
///
/// Key sectors have both normalised indices above 1.
public struct Linkages: Sendable {
    public let codes: [String]
    /// 1ᵀA: direct backward linkage.
    public let backwardDirect: [Double]
    /// B 1: direct forward linkage.
    public let forwardDirect: [Double]
    /// 1ᵀL.
    public let backwardTotal: [Double]
    /// G 1.
    public let forwardTotal: [Double]
    /// L 1.
    public let forwardTotalLeontief: [Double]
    /// Power of dispersion, n b_j / Σ b.
    public let backwardNormalised: [Double]
    /// Sensitivity of dispersion from G, n g_i / Σ g.
    public let forwardNormalised: [Double]
    /// Sensitivity of dispersion from L, n (L1)_i / 1ᵀL1.
    public let forwardNormalisedLeontief: [Double]
    /// From `backwardNormalised` and `forwardNormalised`.
    public let classification: [KeySectorClass]

    /// - Complexity: O(n²) after the model's factorisation.
    public init(model: LeontiefModel) {
        let n = model.count
        let x = model.output
        let a = model.coefficients
        codes = model.codes
        backwardDirect = a.columnSums()
        var forward = [Double](repeating: 0, count: n)
        for j in 0..<n { for i in 0..<n where x[i] != 0 { forward[i] += a[i, j] * x[j] / x[i] } }
        forwardDirect = forward
        let ones = [Double](repeating: 1, count: n)
        backwardTotal = model.factorization.solveTransposed(ones)
        forwardTotal = GhoshModel(leontief: model).rowSums()
        forwardTotalLeontief = model.factorization.solve(ones)
        func normalised(_ v: [Double]) -> [Double] {
            let total = v.reduce(0, +)
            return v.map { total == 0 ? 0 : Double(n) * $0 / total }
        }
        backwardNormalised = normalised(backwardTotal)
        forwardNormalised = normalised(forwardTotal)
        forwardNormalisedLeontief = normalised(forwardTotalLeontief)
        classification = zip(backwardNormalised, forwardNormalised).map { KeySectorClass.classify(backward: $0, forward: $1) }
    }
}
