import IOTables
import LinearAlgebra

/// The demand-driven Leontief model of a table: A, the LU factorisation of I − A, and the checks
/// that make its answers trustworthy (MODELS.md §1; Miller & Blair 2009, ch. 2).
///
/// Factor once, solve many times:
/// ```
/// let model = try LeontiefModel(table: table)   // O(n³) once
/// let x = model.output(for: f)                 // O(n²)
/// ```
public struct LeontiefModel: Sendable {
    public let tableName: String
    public let codes: [String]
    /// x⁰, the baseline gross output.
    public let output: [Double]
    /// A = Z x̂⁻¹.
    public let coefficients: Matrix
    /// LU of I − A.
    public let factorization: LU
    /// 1 / (‖I − A‖₁ ‖(I − A)⁻¹‖₁), estimated by DGECON.
    public let reciprocalCondition: Double
    /// Sectors with zero output (their column of A is zero).
    public let zeroOutputSectors: [String]
    /// Whether productivity was certified: A ≥ 0 and (I − A)⁻¹·1 ≥ 1 (an M-matrix certificate).
    /// False when A has negative coefficients, for which the certificate does not apply; the model
    /// then only knows that I − A is non-singular and not ill-conditioned.
    public let isCertifiedProductive: Bool

    /// Builds the model and refuses an unproductive or singular table.
    ///
    /// Productivity is certified without eigenvalues: for A ≥ 0, I − A is a non-singular M-matrix
    /// (equivalently ρ(A) < 1) iff some y > 0 has (I − A) y > 0. We solve (I − A) y = 1 and require
    /// y ≥ 1 (as L = Σ Aᵏ ≥ I implies) with a small residual. Negative entries in A skip the
    /// certificate; `inspect` then reports ρ(A) from the eigenvalues.
    /// - Complexity: O(n³) for the factorisation, O(n²) for the checks.
    public init(table: IOTable) throws(ModelError) {
        try self.init(intermediate: table.intermediate, output: table.output, codes: table.sectorLabels, tableName: table.metadata.name)
    }

    public init(intermediate z: Matrix, output x: [Double], codes: [String], tableName: String) throws(ModelError) {
        guard z.isSquare, z.rows == x.count, codes.count == x.count else {
            throw .invalidInput("Z is \(z.rows) × \(z.columns) but there are \(x.count) outputs and \(codes.count) codes")
        }
        self.tableName = tableName
        self.codes = codes
        self.output = x
        // A and I − A in one pass; the LU overwrites I − A in place, so the model costs 2 n²
        // doubles (A and the factors) on top of the table, with no temporary n × n copies.
        let (a, iMinusA, nonNegative, firstNonFinite) = IOMath.coefficientsAndLeontiefMatrix(z, output: x)
        self.coefficients = a
        if let k = firstNonFinite {
            let i = k % a.rows, j = k / a.rows
            throw .invalidInput("the coefficient a(\(codes[i]), \(codes[j])) = z / x_j = \(z[i, j]) / \(x[j]) of the table \(tableName) overflows double precision; express the table in a unit where flows and outputs lie between about 1e-300 and 1e300")
        }
        self.zeroOutputSectors = x.indices.filter { x[$0] == 0 }.map { codes[$0] }
        let lu: LU
        do {
            lu = try LU(factoring: consume iMinusA)
        } catch {
            if case let .singular(pivot) = error { throw .singular(table: tableName, sector: codes[pivot]) }
            throw .invalidInput("cannot factor I − A: \(error)")
        }
        self.factorization = lu
        // The condition estimate runs on the calling thread, after the factorisation: run beside
        // the certificate's solve on a second thread, DGECON's last digits changed with
        // OPENBLAS_CORETYPE=Haswell (OpenBLAS's threading of its BLAS-2 calls depends on what
        // else runs), and an output must not depend on a BLAS kernel's last digits.
        self.reciprocalCondition = lu.reciprocalCondition()
        self.isCertifiedProductive = nonNegative
        if nonNegative {
            let y = lu.solve([Double](repeating: 1, count: x.count))
            if let k = y.indices.first(where: { !(y[$0] >= 1 - 1e-9) }) {
                throw .notProductive(table: tableName, detail: "(I − A)⁻¹·1 has the entry \(y[k]) < 1 at sector \(codes[k]), which a productive table cannot have (the column sums of A reach \(String(format: "%.4g", a.columnSums().max() ?? 0)))")
            }
        }
        if reciprocalCondition < 1e-13 {
            throw .notProductive(table: tableName, detail: "I − A is numerically singular (reciprocal condition \(reciprocalCondition))")
        }
    }

    public var count: Int { output.count }

    /// x = L f = (I − A)⁻¹ f, by one solve.
    /// - Complexity: O(n²).
    public func output(for finalDemand: [Double]) -> [Double] {
        factorization.solve(finalDemand)
    }

    /// X = L F for many final-demand vectors at once (columns of F).
    /// - Complexity: O(n² k).
    public func outputs(for finalDemand: Matrix) -> Matrix {
        factorization.solve(finalDemand)
    }

    /// μ = c L for row vectors c given as the columns of `c` (n × k): solves (I − A)ᵀ μᵀ = cᵀ.
    /// - Complexity: O(n² k), no inverse.
    public func rowVectorsTimesInverse(_ c: Matrix) -> Matrix {
        factorization.solve(c, transposed: true)
    }

    /// L = (I − A)⁻¹, formed explicitly. Only for users who ask for it.
    /// - Complexity: O(n³).
    public func leontiefInverse() -> Matrix { factorization.inverse() }

    /// The relative residual ‖(I − A)x − f‖∞ / s of a solution, where s = max(‖f‖∞, ‖x‖∞) unless
    /// a scale is given (e.g. ‖x⁰‖∞, so that a collapsed economy is not judged against its own tiny size).
    public func relativeResidual(output x: [Double], finalDemand f: [Double], scale given: Double? = nil) -> Double {
        let ax = (try? coefficients.multiplied(by: x)) ?? []
        var worst = 0.0, scale = 0.0
        for i in x.indices {
            worst = max(worst, abs(x[i] - ax[i] - f[i]))
            scale = max(scale, abs(f[i]), abs(x[i]))
        }
        if let given { scale = given }
        return scale == 0 ? worst : worst / scale
    }
}
