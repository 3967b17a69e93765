import LinearAlgebra

/// Solves a system whose matrix differs from an already factored one by a low-rank term,
/// with the Sherman–Morrison–Woodbury identity instead of a fresh factorisation:
///
///     (M + U Vᵀ)⁻¹ b = y − W (I_p + Vᵀ W)⁻¹ Vᵀ y,   y = M⁻¹ b,  W = M⁻¹ U.
///
/// M is given by its LU (or Mᵀ, when `transposed`); U and V are n × p. The p × p "capacitance"
/// matrix C = I_p + Vᵀ W is factored with its own (tiny) LU. M + U Vᵀ is singular exactly when C is.
/// - Complexity: O(n² p) for W (p solves on the existing LU), O(n p² + p³) for the rest;
///   a fresh factorisation would cost O(n³).
public struct LowRankUpdate: Sendable {
    /// W = M⁻¹ U (n × p).
    public let w: Matrix
    /// V (n × p).
    public let v: Matrix
    /// LU of C = I_p + Vᵀ W.
    let capacitance: LU

    /// Prepares the update of M (or Mᵀ when `transposed`) by U Vᵀ.
    /// - Throws: `LinearAlgebraError.singular` when M + U Vᵀ is singular (C is).
    public init(lu: LU, u: Matrix, v: Matrix, transposed: Bool = false) throws(LinearAlgebraError) {
        guard u.rows == lu.order, v.rows == lu.order, u.columns == v.columns else {
            throw .dimensionMismatch("update U (\(u.rows) × \(u.columns)) and V (\(v.rows) × \(v.columns)) do not fit a matrix of order \(lu.order)")
        }
        let w = lu.solve(u, transposed: transposed)
        try self.init(w: w, v: v)
    }

    /// Prepares the update from W = M⁻¹ U computed elsewhere (e.g. many sectors' columns in one
    /// multi-right-hand-side solve).
    public init(w: Matrix, v: Matrix) throws(LinearAlgebraError) {
        guard w.rows == v.rows, w.columns == v.columns else {
            throw .dimensionMismatch("W (\(w.rows) × \(w.columns)) and V (\(v.rows) × \(v.columns)) differ in shape")
        }
        let p = w.columns
        var c = try v.multiplied(by: w, transposingSelf: true)
        for k in 0..<p { c[k, k] += 1 }
        self.w = w
        self.v = v
        self.capacitance = try LU(factoring: c)
    }

    /// The change Δ = W C⁻¹ Vᵀ y, so that (M + U Vᵀ)⁻¹ b = y − Δ for y = M⁻¹ b.
    /// - Complexity: O(n p + p²).
    public func correction(forBaseSolution y: [Double]) -> [Double] {
        let p = w.columns
        let n = w.rows
        var t = [Double](repeating: 0, count: p)
        for k in 0..<p {
            var s = 0.0
            for i in 0..<n { s += v[i, k] * y[i] }
            t[k] = s
        }
        let z = capacitance.solve(t)
        var delta = [Double](repeating: 0, count: n)
        for k in 0..<p where z[k] != 0 {
            let zk = z[k]
            for i in 0..<n { delta[i] += w[i, k] * zk }
        }
        return delta
    }

    /// (M + U Vᵀ)⁻¹ b given y = M⁻¹ b.
    public func solve(baseSolution y: [Double]) -> [Double] {
        zip(y, correction(forBaseSolution: y)).map(-)
    }
}
