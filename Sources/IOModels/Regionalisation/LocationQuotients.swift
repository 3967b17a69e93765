import Foundation
import LinearAlgebra

/// Location quotients and Flegg's FLQ as pure functions (MODELS.md §7; Flegg, Webber & Elliott
/// 1995, Flegg & Webber 1997). E is employment, R the region, N the nation.
public enum LocationQuotients {
    /// SLQ_i = (E_iᴿ / Eᴿ) / (E_iᴺ / Eᴺ), the simple location quotient of each sector.
    /// A sector with no national employment gets SLQ 0 (the region cannot be specialised in it).
    public static func simple(regional: [Double], national: [Double]) -> [Double] {
        precondition(regional.count == national.count)
        let er = regional.reduce(0, +), en = national.reduce(0, +)
        return simple(regional: regional, national: national, regionalTotal: er, nationalTotal: en)
    }

    /// SLQ_i with the totals Eᴿ and Eᴺ given (when the sectors do not cover all employment, or
    /// when several sectors share one employment figure).
    public static func simple(regional: [Double], national: [Double], regionalTotal er: Double, nationalTotal en: Double) -> [Double] {
        precondition(regional.count == national.count)
        return zip(regional, national).map { r, n in n == 0 || er == 0 ? 0 : (r / er) / (n / en) }
    }

    /// CILQ_ij = SLQ_i / SLQ_j, the cross-industry quotient (selling sector i, buying sector j);
    /// +∞ where SLQ_j = 0 (a buyer absent from the region: nothing it buys is imported).
    /// - Complexity: O(n²).
    public static func crossIndustry(_ slq: [Double]) -> Matrix {
        let n = slq.count
        var c = Matrix(rows: n, columns: n)
        for j in 0..<n {
            for i in 0..<n { c[i, j] = slq[j] == 0 ? .infinity : slq[i] / slq[j] }
        }
        return c
    }

    /// λ = [log₂(1 + Eᴿ/Eᴺ)]^δ, the regional-size factor of the FLQ, δ ∈ [0, 1).
    /// δ = 0 gives λ = 1 (the FLQ is the CILQ with SLQ on the diagonal); larger δ shrinks λ and
    /// so lets the region buy more from outside.
    public static func lambda(regionalTotal er: Double, nationalTotal en: Double, delta: Double) throws(ModelError) -> Double {
        guard delta >= 0, delta < 1 else {
            throw .invalidInput("δ = \(delta) is outside [0, 1): the FLQ needs 0 ≤ δ < 1 (0.3 is the usual value; Flegg & Webber 1997)")
        }
        guard en > 0, er >= 0, er <= en else {
            throw .invalidInput("regional employment \(er) must lie between 0 and the national employment \(en) > 0")
        }
        return pow(log2(1 + er / en), delta)
    }

    /// FLQ_ij = λ·CILQ_ij for i ≠ j and λ·SLQ_i for i = j.
    /// - Complexity: O(n²).
    public static func flegg(_ slq: [Double], lambda: Double) -> Matrix {
        var f = crossIndustry(slq)
        for j in 0..<slq.count {
            for i in 0..<slq.count { f[i, j] = lambda * (i == j ? slq[i] : f[i, j]) }
        }
        return f
    }

    /// r_ij = a_ij · min(1, q_ij): regional input coefficients from national ones and a matrix of
    /// location quotients q (the FLQ); a_ij − r_ij is bought from the rest of the country.
    /// - Complexity: O(n²).
    public static func regionalCoefficients(_ a: Matrix, quotients q: Matrix) -> Matrix {
        precondition(a.rows == q.rows && a.columns == q.columns)
        var r = a
        for j in 0..<a.columns {
            for i in 0..<a.rows { r[i, j] = a[i, j] * min(1, q[i, j]) }
        }
        return r
    }
}
