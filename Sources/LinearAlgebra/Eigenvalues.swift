import CLapack

extension Matrix {
    /// The eigenvalues of a square matrix as (real, imaginary) pairs.
    ///
    /// Calls `DGEEV( JOBVL, JOBVR, N, A, LDA, WR, WI, VL, LDVL, VR, LDVR, WORK, LWORK, INFO )`
    /// without eigenvectors.
    /// - Throws: `.nonFinite` for an infinite or NaN entry (LAPACKE would call it a bad argument 5).
    /// - Complexity: O(n³), with a large constant (about 10 n³ flops).
    public func eigenvalues() throws(LinearAlgebraError) -> [(re: Double, im: Double)] {
        guard isSquare else { throw .dimensionMismatch("eigenvalues need a square matrix, got \(rows) × \(columns)") }
        let n = rows
        guard n > 0 else { return [] }
        if let k = storage.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(routine: "DGEEV", row: k % n, column: k / n, value: storage[k])
        }
        var a = storage
        var wr = [Double](repeating: 0, count: n)
        var wi = [Double](repeating: 0, count: n)
        var dummy = [Double](repeating: 0, count: 1)
        let info = a.withUnsafeMutableBufferPointer { ap in
            wr.withUnsafeMutableBufferPointer { rp in
                wi.withUnsafeMutableBufferPointer { ip in
                    dummy.withUnsafeMutableBufferPointer { vp in
                        LAPACKE_dgeev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "N")), Int32(n),
                                      ap.baseAddress, Int32(n), rp.baseAddress, ip.baseAddress,
                                      vp.baseAddress, 1, vp.baseAddress, 1)
                    }
                }
            }
        }
        try checkInfo(info, routine: "DGEEV", positiveIsSingular: false)
        return (0..<n).map { (wr[$0], wi[$0]) }
    }

    /// The spectral radius ρ(A) = max |λ|, from all eigenvalues.
    /// - Complexity: O(n³); see `perronBounds(iterations:)` for large non-negative matrices.
    public func spectralRadius() throws(LinearAlgebraError) -> Double {
        try eigenvalues().reduce(0) { max($0, ($1.re * $1.re + $1.im * $1.im).squareRoot()) }
    }

    /// Collatz–Wielandt bounds on the spectral radius of a non-negative matrix:
    /// for any positive y, minᵢ (Ay)ᵢ/yᵢ ≤ ρ(A) ≤ maxᵢ (Ay)ᵢ/yᵢ. Power iteration from y = 1 tightens
    /// them; they meet for an irreducible primitive matrix.
    /// - Complexity: O(n²) per iteration.
    public func perronBounds(iterations: Int = 200, tolerance: Double = 1e-10) throws(LinearAlgebraError) -> (lower: Double, upper: Double) {
        guard isSquare else { throw .dimensionMismatch("spectral radius needs a square matrix") }
        let n = rows
        guard n > 0 else { return (0, 0) }
        // Shift by the identity so that a reducible or periodic matrix still converges: ρ(A + I) = ρ(A) + 1
        // for non-negative A, and A + I is primitive on each irreducible block.
        var y = [Double](repeating: 1, count: n)
        var lower = 0.0, upper = Double.infinity
        for _ in 0..<max(iterations, 1) {
            var ay = try multiplied(by: y)
            for i in 0..<n { ay[i] += y[i] }
            var lo = Double.infinity, hi = 0.0
            for i in 0..<n {
                let r = ay[i] / y[i]
                lo = min(lo, r); hi = max(hi, r)
            }
            lower = max(lower, lo - 1)
            upper = min(upper, hi - 1)
            let scale = ay.reduce(0, max)
            guard scale > 0 else { return (0, 0) }
            // Keep every entry strictly positive so the ratios stay defined.
            y = ay.map { max($0 / scale, 1e-300) }
            if upper - lower <= tolerance * max(1, upper) { break }
        }
        return (max(lower, 0), upper)
    }
}
