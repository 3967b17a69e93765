import CLapack

/// The LU factorisation P·A = L·U of a square matrix, computed once and reused for many solves.
///
/// ```
/// let lu = try LU(factoring: iMinusA)      // DGETRF, O(n³)
/// let x = lu.solve(f)                     // DGETRS, O(n²) per right-hand side
/// let mu = lu.solveTransposed(c)          // (I − A)ᵀ μ = c, for multipliers
/// ```
public struct LU: Sendable {
    /// L (unit lower, below the diagonal) and U (upper) packed as DGETRF returns them.
    public let factors: Matrix
    /// Row interchanges, 1-based as LAPACK returns them.
    public let pivots: [Int32]
    /// ‖A‖₁ of the factored matrix, kept for the condition estimate.
    public let oneNorm: Double

    public var order: Int { factors.rows }

    /// Factors a square matrix with partial pivoting.
    ///
    /// Calls `DGETRF( M, N, A, LDA, IPIV, INFO )`. The factors overwrite the matrix's storage: pass
    /// a matrix you no longer need (its last use, or `consume m`) and no n² copy is made; a matrix
    /// still in use elsewhere is copied first, as any value would be.
    /// - Throws: `LinearAlgebraError.singular(pivot:)` when a pivot is exactly zero.
    /// - Complexity: O(n³) time, no memory beyond the factors and n pivots.
    public init(factoring a: consuming Matrix) throws(LinearAlgebraError) {
        guard a.isSquare else {
            throw .dimensionMismatch("LU needs a square matrix, got \(a.rows) × \(a.columns)")
        }
        let n = a.rows
        var ipiv = [Int32](repeating: 0, count: max(n, 1))
        let norm = a.oneNorm()
        var info: Int32 = 0
        if n > 0 {
            info = a.storage.withUnsafeMutableBufferPointer { ap in
                ipiv.withUnsafeMutableBufferPointer { pp in
                    LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, Int32(n), Int32(n), ap.baseAddress, Int32(n), pp.baseAddress)
                }
            }
        }
        try checkInfo(info, routine: "DGETRF")
        self.factors = a
        self.pivots = ipiv
        self.oneNorm = norm
    }

    /// Solves A·X = B (or Aᵀ·X = B when `transposed`) for every column of B.
    ///
    /// Calls `DGETRS( TRANS, N, NRHS, A, LDA, IPIV, B, LDB, INFO )`.
    /// - Complexity: O(n² · k) for k right-hand sides.
    public func solve(_ b: Matrix, transposed: Bool = false) -> Matrix {
        precondition(b.rows == order, "right-hand side has \(b.rows) rows, the factored matrix \(order)")
        var x = b
        guard order > 0, b.columns > 0 else { return x }
        let info = solveInPlace(&x.storage, rightHandSides: b.columns, transposed: transposed)
        precondition(info == 0, "DGETRS rejected argument \(-info)")
        return x
    }

    /// Solves A·x = b for one vector.
    public func solve(_ b: [Double]) -> [Double] {
        solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).storage
    }

    /// Solves Aᵀ·x = b for one vector: the row vector xᵀ = bᵀA⁻¹.
    public func solveTransposed(_ b: [Double]) -> [Double] {
        solve(Matrix(rows: b.count, columns: 1, columnMajor: b), transposed: true).storage
    }

    /// Solves for `rightHandSides` column-major vectors stored in `b`, overwriting them.
    /// Returns LAPACK's INFO (0 on success).
    public func solveInPlace(_ b: inout [Double], rightHandSides k: Int, transposed: Bool = false) -> Int32 {
        precondition(b.count == order * k)
        let n = Int32(order)
        let trans = Int8(UInt8(ascii: transposed ? "T" : "N"))
        return factors.storage.withUnsafeBufferPointer { ap in
            pivots.withUnsafeBufferPointer { pp in
                b.withUnsafeMutableBufferPointer { bp in
                    LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, trans, n, Int32(k), ap.baseAddress, n, pp.baseAddress, bp.baseAddress, n)
                }
            }
        }
    }

    /// An estimate of the reciprocal condition number 1 / (‖A‖₁ ‖A⁻¹‖₁).
    ///
    /// Calls `DGECON( NORM, N, A, LDA, ANORM, RCOND, WORK, IWORK, INFO )`. Values near machine
    /// epsilon (2.2e-16) mean results carry no correct digits.
    /// - Complexity: O(n²).
    public func reciprocalCondition() -> Double {
        let n = order
        guard n > 0 else { return 1 }
        var rcond = 0.0
        var work = [Double](repeating: 0, count: 4 * n)
        var iwork = [Int32](repeating: 0, count: n)
        let info = factors.storage.withUnsafeBufferPointer { ap in
            work.withUnsafeMutableBufferPointer { wp in
                iwork.withUnsafeMutableBufferPointer { ip in
                    LAPACKE_dgecon_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), Int32(n), ap.baseAddress, Int32(n), oneNorm, &rcond, wp.baseAddress, ip.baseAddress)
                }
            }
        }
        precondition(info == 0, "DGECON rejected argument \(-info)")
        return rcond
    }

    /// A⁻¹, formed by solving against the identity. Use only when the inverse itself is wanted.
    /// - Complexity: O(n³).
    public func inverse() -> Matrix {
        solve(Matrix.identity(order))
    }
}

extension Matrix {
    /// ‖A‖₁, the largest absolute column sum.
    public func oneNorm() -> Double {
        let m = rows
        return storage.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return 0 }
            var best = 0.0
            for j in 0..<columns {
                var s = 0.0
                let column = base + j * m
                for i in 0..<m { s += abs(column[i]) }
                best = max(best, s)
            }
            return best
        }
    }
}
