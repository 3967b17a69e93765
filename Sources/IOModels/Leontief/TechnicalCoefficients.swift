import LinearAlgebra

/// The identities of the demand-driven model as pure functions (MODELS.md §1).
public enum IOMath {
    /// A = Z x̂⁻¹: a_ij = z_ij / x_j; a column with x_j = 0 is all zeros.
    /// - Complexity: O(n²).
    public static func technicalCoefficients(_ z: Matrix, output x: [Double]) -> Matrix {
        precondition(z.columns == x.count)
        var a = z
        for j in 0..<z.columns {
            let scale = x[j] == 0 ? 0 : 1 / x[j]
            for i in 0..<z.rows { a[i, j] = z[i, j] * scale }
        }
        return a
    }

    /// B = x̂⁻¹ Z: b_ij = z_ij / x_i; a row with x_i = 0 is all zeros (Ghosh allocation coefficients).
    /// - Complexity: O(n²).
    public static func allocationCoefficients(_ z: Matrix, output x: [Double]) -> Matrix {
        precondition(z.rows == x.count)
        var b = z
        for j in 0..<z.columns {
            for i in 0..<z.rows { b[i, j] = x[i] == 0 ? 0 : z[i, j] / x[i] }
        }
        return b
    }

    /// I − A.
    public static func leontiefMatrix(_ a: Matrix) -> Matrix {
        var m = -1.0 * a
        for i in 0..<a.rows { m[i, i] += 1 }
        return m
    }

    /// Coefficients c x̂⁻¹ of a row vector c (value added, employment): c_j / x_j, 0 where x_j = 0.
    public static func perUnitOfOutput(_ c: [Double], output x: [Double]) -> [Double] {
        zip(c, x).map { $1 == 0 ? 0 : $0 / $1 }
    }
}
