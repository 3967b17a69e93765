import LinearAlgebra

/// The dependency indices of Setola, De Porcellinis & Sforna (2009), "Critical infrastructure
/// dependency assessment using the input–output inoperability model", IJCIP 2:170–178, on the
/// demand-side interdependency matrix A* (n ≥ 2 sectors):
///
///     dependency index     δ_i = 1/(n − 1) Σ_{j≠i} a*_ij      (eq. 3: how much i depends on the others)
///     influence gain       ρ_j = 1/(n − 1) Σ_{i≠j} a*_ij      (eq. 4: how much j's inoperability reaches the others)
///     overall dependency   δ̄_i = 1/(n − 1) Σ_{j≠i} s_ij       (eq. 9)
///     overall influence    ρ̄_j = 1/(n − 1) Σ_{i≠j} s_ij       (eq. 10)
///
/// with S = (I − A*)⁻¹ = I + A* + A*² + …, so that the overall indices count the higher-order
/// dependencies too; the n-th order interdependency of i on j is (A*ⁿ)_ij.
public struct InterdependencyIndices: Sendable {
    public let codes: [String]
    public let dependency: [Double]
    public let influence: [Double]
    public let overallDependency: [Double]
    public let overallInfluence: [Double]

    /// - Throws: `ModelError.invalidInput` for a non-square or non-finite A*, fewer than two
    ///   sectors, or a singular I − A*.
    /// - Complexity: O(n³) (S is formed explicitly, as its diagonal is excluded).
    public init(interdependency aStar: Matrix, codes: [String]? = nil) throws(ModelError) {
        let n = aStar.rows
        guard aStar.isSquare, aStar.isFinite, n >= 2, codes.map({ $0.count == n }) ?? true else {
            throw .invalidInput("the interdependency indices need a finite square A* of at least 2 sectors (one code per sector); A* is \(aStar.rows) × \(aStar.columns)")
        }
        let s: Matrix
        do { s = try LU(factoring: IOMath.leontiefMatrix(aStar)).inverse() } catch {
            throw .invalidInput("I − A* is singular (\(error)); the interdependency matrix must be productive (spectral radius < 1)")
        }
        self.codes = codes ?? (0..<n).map { "sector \($0 + 1)" }
        let scale = 1 / Double(n - 1)
        func offDiagonalRowSums(_ m: Matrix) -> [Double] { (0..<n).map { i in scale * (m.row(i).reduce(0, +) - m[i, i]) } }
        func offDiagonalColumnSums(_ m: Matrix) -> [Double] { (0..<n).map { j in scale * (m.column(j).reduce(0, +) - m[j, j]) } }
        dependency = offDiagonalRowSums(aStar)
        influence = offDiagonalColumnSums(aStar)
        overallDependency = offDiagonalRowSums(s)
        overallInfluence = offDiagonalColumnSums(s)
    }

    /// A*ⁿ: entry (i, j) is the n-th order interdependency of sector i on sector j (Setola et al.
    /// 2009: the inoperability that reaches i from j through chains of exactly n links).
    /// - Complexity: O(n³ · order).
    public static func nthOrder(_ aStar: Matrix, order: Int) throws(ModelError) -> Matrix {
        guard aStar.isSquare, order >= 1 else {
            throw .invalidInput("the n-th order interdependency needs a square A* and an order of at least 1, found order \(order)")
        }
        var power = aStar
        for _ in 1..<order {
            do { power = try power.multiplied(by: aStar) } catch { throw .invalidInput("A*ⁿ: \(error)") }
        }
        return power
    }
}
