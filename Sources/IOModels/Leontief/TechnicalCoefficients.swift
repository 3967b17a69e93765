import LinearAlgebra

/// The identities of the demand-driven model as pure functions (MODELS.md §1).
public enum IOMath {
    /// A = Z x̂⁻¹: a_ij = z_ij / x_j; a column with x_j = 0 is all zeros.
    /// - Complexity: O(n²), one n × n allocation.
    public static func technicalCoefficients(_ z: Matrix, output x: [Double]) -> Matrix {
        precondition(z.columns == x.count)
        var a = Matrix(rows: z.rows, columns: z.columns)
        let m = z.rows
        z.storage.withUnsafeBufferPointer { zp in
            a.storage.withUnsafeMutableBufferPointer { ap in
                for j in 0..<z.columns {
                    let scale = x[j] == 0 ? 0 : 1 / x[j]
                    for i in 0..<m { ap[i + j * m] = zp[i + j * m] * scale }
                }
            }
        }
        return a
    }

    /// A = Z x̂⁻¹ and I − A in one pass over Z, and whether A ≥ 0 (the condition of the
    /// productivity certificate). Two n × n allocations and no temporaries: `LeontiefModel`
    /// keeps A and hands I − A to the LU factorisation, which overwrites it.
    /// - Complexity: O(n²).
    static func coefficientsAndLeontiefMatrix(_ z: Matrix, output x: [Double]) -> (a: Matrix, iMinusA: Matrix, nonNegative: Bool) {
        precondition(z.isSquare && z.columns == x.count)
        let n = z.rows
        var nonNegative = true
        var iMinusA: Matrix? = nil
        let a = z.storage.withUnsafeBufferPointer { zp in
            Matrix(rows: n, columns: n) { ap in
                iMinusA = Matrix(rows: n, columns: n) { mp in
                    for j in 0..<n {
                        let scale = x[j] == 0 ? 0 : 1 / x[j]
                        var columnNonNegative = true
                        for i in 0..<n {
                            let v = zp[i + j * n] * scale
                            ap[i + j * n] = v
                            mp[i + j * n] = -v
                            columnNonNegative = columnNonNegative && v >= 0
                        }
                        mp[j + j * n] += 1
                        nonNegative = nonNegative && columnNonNegative
                    }
                }
            }
        }
        return (a, iMinusA!, nonNegative)
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
