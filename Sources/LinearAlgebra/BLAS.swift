import CLapack

extension Matrix {
    /// C = op(A)·op(B) with BLAS level 3.
    ///
    /// Calls `DGEMM( TRANSA, TRANSB, M, N, K, ALPHA, A, LDA, B, LDB, BETA, C, LDC )`.
    /// - Complexity: O(m·n·k).
    public func multiplied(by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false) throws(LinearAlgebraError) -> Matrix {
        let m = transposingSelf ? columns : rows
        let k = transposingSelf ? rows : columns
        let k2 = transposingOther ? other.columns : other.rows
        let n = transposingOther ? other.rows : other.columns
        guard k == k2 else {
            throw .dimensionMismatch("cannot multiply \(m) × \(k) by \(k2) × \(n)")
        }
        var c = Matrix(rows: m, columns: n)
        guard m > 0, n > 0, k > 0 else { return c }
        storage.withUnsafeBufferPointer { ap in
            other.storage.withUnsafeBufferPointer { bp in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    cblas_dgemm(CblasColMajor,
                                transposingSelf ? CblasTrans : CblasNoTrans,
                                transposingOther ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), 1.0,
                                ap.baseAddress, Int32(max(rows, 1)),
                                bp.baseAddress, Int32(max(other.rows, 1)),
                                0.0, cp.baseAddress, Int32(max(m, 1)))
                }
            }
        }
        return c
    }

    /// y = op(A)·x with BLAS level 2.
    ///
    /// Calls `DGEMV( TRANS, M, N, ALPHA, A, LDA, X, INCX, BETA, Y, INCY )`.
    /// - Complexity: O(m·n).
    public func multiplied(by x: [Double], transposingSelf: Bool = false) throws(LinearAlgebraError) -> [Double] {
        let inner = transposingSelf ? rows : columns
        let outer = transposingSelf ? columns : rows
        guard x.count == inner else {
            throw .dimensionMismatch("cannot multiply a \(rows) × \(columns) matrix\(transposingSelf ? " (transposed)" : "") by a vector of \(x.count)")
        }
        var y = [Double](repeating: 0, count: outer)
        guard rows > 0, columns > 0 else { return y }
        storage.withUnsafeBufferPointer { ap in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(CblasColMajor, transposingSelf ? CblasTrans : CblasNoTrans,
                                Int32(rows), Int32(columns), 1.0, ap.baseAddress, Int32(max(rows, 1)),
                                xp.baseAddress, 1, 0.0, yp.baseAddress, 1)
                }
            }
        }
        return y
    }
}
