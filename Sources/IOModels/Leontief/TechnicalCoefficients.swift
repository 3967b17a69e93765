import IOTables
import LinearAlgebra

/// The identities of the demand-driven model as pure functions (MODELS.md §1).
public enum IOMath {
    /// The order from which the n × n passes here run on two threads.
    static let parallelOrder = 512

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

    /// A = Z x̂⁻¹ and I − A in one pass over Z, whether A ≥ 0 (the condition of the
    /// productivity certificate), and the first element of A (column-major) that is not finite.
    /// Two n × n allocations and no temporaries: `LeontiefModel` keeps A and hands I − A to the
    /// LU factorisation, which overwrites it. From n = 512 the columns are split between two
    /// threads (`BackgroundWork.inTwo`); each element is the same product either way.
    /// - Complexity: O(n²).
    static func coefficientsAndLeontiefMatrix(_ z: Matrix, output x: [Double]) -> (a: Matrix, iMinusA: Matrix, nonNegative: Bool, firstNonFinite: Int?) {
        precondition(z.isSquare && z.columns == x.count)
        let n = z.rows
        // Per part: whether its columns are ≥ 0, and its first non-finite element (n² if none).
        var nonNegative = [true, true]
        var firstNonFinite = [n * n, n * n]
        var iMinusA: Matrix? = nil
        let a = z.storage.withUnsafeBufferPointer { zp in
            Matrix(rows: n, columns: n) { ap in
                iMinusA = Matrix(rows: n, columns: n) { mp in
                    nonNegative.withUnsafeMutableBufferPointer { nonNegativeByPart in
                        firstNonFinite.withUnsafeMutableBufferPointer { firstByPart in
                            func fill(_ columns: Range<Int>, part: Int) {
                                var partNonNegative = true
                                var first = n * n
                                for j in columns {
                                    let scale = x[j] == 0 ? 0 : 1 / x[j]
                                    var columnNonNegative = true
                                    var columnFinite = true
                                    for i in 0..<n {
                                        let v = zp[i + j * n] * scale
                                        ap[i + j * n] = v
                                        mp[i + j * n] = -v
                                        columnNonNegative = columnNonNegative && v >= 0
                                        columnFinite = columnFinite && v.isFinite
                                    }
                                    mp[j + j * n] += 1
                                    partNonNegative = partNonNegative && columnNonNegative
                                    if !columnFinite, first == n * n {
                                        first = j * n + (0..<n).first { !ap[$0 + j * n].isFinite }!
                                    }
                                }
                                nonNegativeByPart[part] = partNonNegative
                                firstByPart[part] = first
                            }
                            if n >= parallelOrder {
                                BackgroundWork.inTwo { part in fill(part == 0 ? 0..<n / 2 : n / 2..<n, part: part) }
                            } else {
                                fill(0..<n, part: 0)
                            }
                        }
                    }
                }
            }
        }
        let first = min(firstNonFinite[0], firstNonFinite[1])
        return (a, iMinusA!, nonNegative[0] && nonNegative[1], first < n * n ? first : nil)
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
