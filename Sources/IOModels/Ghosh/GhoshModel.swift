import IOTables
import LinearAlgebra

/// The supply-driven Ghosh model (MODELS.md §2; Ghosh 1958; Miller & Blair 2009, ch. 12).
///
/// B = x̂⁻¹ Z and G = (I − B)⁻¹ = x̂⁻¹ L x̂, so every Ghosh quantity comes from the Leontief LU:
/// no second factorisation and no inverse.
///
/// Caveat, printed with every Ghosh result: as a quantity model it assumes that buyers absorb
/// whatever is supplied, with perfectly substitutable inputs (Oosterhaven 1988, J. Regional
/// Science 28:203–217); Dietzenbacher (1997) reads it as a price model instead.
public struct GhoshModel: Sendable {
    public static let caveat = "Ghosh supply-driven results assume that buyers take whatever is supplied, with inputs perfectly substitutable; as a quantity model this is contested (Oosterhaven 1988). Read them as an upper bound on forward effects, or as cost-push price effects (Dietzenbacher 1997)."

    public let leontief: LeontiefModel

    public init(leontief: LeontiefModel) { self.leontief = leontief }

    /// B = x̂⁻¹ Z (rows of zero-output sectors are zero).
    public func allocationCoefficients(intermediate z: Matrix) -> Matrix {
        IOMath.allocationCoefficients(z, output: leontief.output)
    }

    /// x′ = v′ G = ((v′ x̂⁻¹) L) x̂: output supported by primary inputs v, by one transposed solve.
    /// - Complexity: O(n²).
    public func output(forPrimaryInputs v: [Double]) -> [Double] {
        let x = leontief.output
        let perUnit = IOMath.perUnitOfOutput(v, output: x)
        let mu = leontief.factorization.solveTransposed(perUnit)
        return zip(mu, x).map(*)
    }

    /// G columns for the given sector indices: G e_j = x̂⁻¹ L (x_j e_j).
    /// - Complexity: O(n² k).
    public func inverseColumns(_ js: [Int]) -> Matrix {
        let n = leontief.count
        let x = leontief.output
        var rhs = Matrix(rows: n, columns: js.count)
        for (k, j) in js.enumerated() { rhs[j, k] = x[j] }
        var g = leontief.factorization.solve(rhs)
        for k in 0..<js.count { for i in 0..<n { g[i, k] = x[i] == 0 ? 0 : g[i, k] / x[i] } }
        return g
    }

    /// G·1 = x̂⁻¹ L x: the Ghosh output multipliers (total forward effect of a unit of primary input in i).
    /// - Complexity: O(n²).
    public func rowSums() -> [Double] {
        let x = leontief.output
        let y = leontief.factorization.solve(x)
        return zip(y, x).map { $1 == 0 ? 0 : $0 / $1 }
    }

    /// G = x̂⁻¹ L x̂, explicit. Only on request.
    public func inverse() -> Matrix {
        inverseColumns(Array(0..<leontief.count))
    }
}
