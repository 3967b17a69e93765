import IOModels
import LinearAlgebra
import Testing

/// From n = 512 the pass that makes A = Z x̂⁻¹ and I − A splits its columns between two threads,
/// and the condition estimate runs beside the productivity certificate. Neither may change a
/// bit or a check: A is compared element by element with z_ij / x_j as written in the definition
/// (one rounding, a multiplication by 1 / x_j as the pass makes it), the condition with DGECON
/// called on the model's own factors, and the checks whose inputs lie in the second half of the
/// columns (a negative coefficient, coefficients that overflow) must be seen there as in the first.
@Suite("Leontief coefficient pass on two threads")
struct LeontiefCoefficientPassTests {
    /// A random productive table: z_ij uniform in [0, 1), x_j = 2 × column sum + 1, so that every
    /// column of A sums to less than 1/2.
    static func table(_ n: Int, seed: UInt64) -> (z: Matrix, x: [Double], codes: [String]) {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var z = Matrix(rows: n, columns: n)
        for j in 0..<n { for i in 0..<n { z[i, j] = next() } }
        let x = (0..<n).map { j in 2 * (0..<n).reduce(0.0) { $0 + z[$1, j] } + 1 }
        return (z, x, (0..<n).map { "s\($0)" })
    }

    @Test(arguments: [511, 512, 777])
    func coefficientsAndConditionAreThoseOfTheDefinition(n: Int) throws {
        let (z, x, codes) = Self.table(n, seed: UInt64(n))
        let model = try LeontiefModel(intermediate: z, output: x, codes: codes, tableName: "random")
        var same = true
        for j in 0..<n { for i in 0..<n where model.coefficients[i, j] != z[i, j] * (1 / x[j]) { same = false } }
        #expect(same)
        #expect(model.isCertifiedProductive)
        // DGECON again on the same factors: the same estimate, to rounding. Not bit for bit:
        // OpenBLAS may split the triangular solves inside DGECON between its threads differently
        // from one call to the next (under OPENBLAS_CORETYPE=Haswell at n = 777 the two calls
        // gave 0.3338886112894732 and …7334 on 2026-12-04).
        let again = model.factorization.reciprocalCondition()
        #expect(abs(model.reciprocalCondition - again) <= 1e-12 * again, "\(model.reciprocalCondition) against \(again)")
        // L·(I − A)·1 = 1 within rounding: the factors are those of I − A.
        let y = model.output(for: (0..<n).map { i in 1 - (0..<n).reduce(0.0) { $0 + model.coefficients[i, $1] } })
        #expect(y.allSatisfy { abs($0 - 1) < 1e-12 })
    }

    @Test func aNegativeCoefficientInTheSecondHalfSkipsTheCertificate() throws {
        var (z, x, codes) = Self.table(600, seed: 7)
        z[3, 599] = -0.5  // column 599: the second thread's
        let model = try LeontiefModel(intermediate: z, output: x, codes: codes, tableName: "random")
        #expect(!model.isCertifiedProductive)
    }

    @Test(arguments: [(100, 101), (450, 451)])
    func theFirstOverflowingCoefficientIsNamed(columns: (Int, Int)) throws {
        // Two coefficients overflow: a(9, c) in column c and a(5, c + 1) in the next column. In
        // column-major order the first is a(s9, s<c>), whichever thread holds the column.
        var (z, x, codes) = Self.table(600, seed: 11)
        let (c, d) = columns
        x[c] = 1e-10; x[d] = 1e-10
        z[9, c] = 1e300; z[5, d] = 1e300
        do {
            _ = try LeontiefModel(intermediate: z, output: x, codes: codes, tableName: "random")
            Issue.record("an overflowing coefficient was accepted")
        } catch {
            #expect("\(error)".contains("a(s9, s\(c))"), "\(error)")
        }
    }
}
