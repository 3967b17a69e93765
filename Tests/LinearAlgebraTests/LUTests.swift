import LinearAlgebra
import Numerics
import Testing

@Suite("LU factorisation")
struct LUTests {
    let a = Matrix([[4, 3, 0], [3, 4, -1], [0, -1, 4]])

    @Test func solvesAgainstAKnownSolution() throws {
        let lu = try LU(factoring: a)
        let x = [1.0, -2.0, 3.0]
        let b = try a.multiplied(by: x)
        let solved = lu.solve(b)
        for i in 0..<3 { #expect(solved[i].isApproximatelyEqual(to: x[i], relativeTolerance: 1e-13)) }
    }

    @Test func transposedSolveSolvesTheTransposedSystem() throws {
        let m = Matrix([[2, 1], [7, 5]])
        let lu = try LU(factoring: m)
        let y = lu.solveTransposed([3, 4])
        // mᵀ y = [3, 4]  ⇔  2y₁ + 7y₂ = 3, y₁ + 5y₂ = 4  ⇒  y = (-13/3, 5/3)
        #expect(y[0].isApproximatelyEqual(to: -13.0 / 3, relativeTolerance: 1e-14))
        #expect(y[1].isApproximatelyEqual(to: 5.0 / 3, relativeTolerance: 1e-14))
    }

    @Test func manyRightHandSidesAtOnce() throws {
        let lu = try LU(factoring: a)
        let b = Matrix([[1, 0], [0, 1], [2, 5]])
        let x = lu.solve(b)
        for k in 0..<2 {
            let single = lu.solve(b.column(k))
            for i in 0..<3 { #expect(abs(x[i, k] - single[i]) <= 1e-15 * max(1, abs(single[i]))) }
        }
        let back = try a.multiplied(by: x)
        for k in 0..<b.storage.count { #expect(abs(back.storage[k] - b.storage[k]) < 1e-13) }
    }

    @Test func singularMatrixReportsItsPivot() {
        let singular = Matrix([[1, 2], [2, 4]])
        #expect(throws: LinearAlgebraError.singular(pivot: 1)) { try LU(factoring: singular) }
    }

    @Test func nonSquareIsRefused() {
        #expect(throws: LinearAlgebraError.self) { try LU(factoring: Matrix(rows: 2, columns: 3)) }
    }

    @Test func conditionEstimateOfTheIdentityIsOne() throws {
        #expect(try LU(factoring: .identity(5)).reciprocalCondition() == 1)
    }

    @Test func conditionEstimateIsCloseToTheExactValue() throws {
        // κ₁ = ‖A‖₁ ‖A⁻¹‖₁; DGECON's estimate is a lower bound on ‖A⁻¹‖₁ that is exact in
        // practice for small matrices, so rcond_est ≥ exact and within a factor 3.
        let m = Matrix([[1, 2, 3], [0, 1, 4], [5, 6, 0]])
        let lu = try LU(factoring: m)
        let exact = 1 / (m.oneNorm() * lu.inverse().oneNorm())
        let estimate = lu.reciprocalCondition()
        #expect(estimate >= exact * (1 - 1e-12))
        #expect(estimate <= 3 * exact)
    }

    @Test func inverseTimesMatrixIsIdentity() throws {
        let inv = try LU(factoring: a).inverse()
        let product = try a.multiplied(by: inv)
        let id = Matrix.identity(3)
        for k in 0..<9 { #expect(abs(product.storage[k] - id.storage[k]) < 1e-14) }
    }
}

@Suite("BLAS products and eigenvalues")
struct BLASTests {
    func naive(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows { for j in 0..<b.columns { for k in 0..<a.columns { c[i, j] += a[i, k] * b[k, j] } } }
        return c
    }

    @Test func gemmMatchesTheDefinition() throws {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        let b = Matrix([[7, 8], [9, 10], [11, 12]])
        #expect(try a.multiplied(by: b) == naive(a, b))
        #expect(try a.multiplied(by: a, transposingOther: true) == naive(a, a.transposed()))
        #expect(try a.multiplied(by: a, transposingSelf: true) == naive(a.transposed(), a))
    }

    @Test func gemvMatchesTheDefinition() throws {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(try a.multiplied(by: [1, 1, 2]) == [9, 21])
        #expect(try a.multiplied(by: [1, -1], transposingSelf: true) == [-3, -3, -3])
    }

    @Test func shapeMismatchIsAnError() {
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 3).multiplied(by: Matrix(rows: 2, columns: 3)) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 3).multiplied(by: [1, 2]) }
    }

    @Test func eigenvaluesOfANonFiniteMatrixNameTheEntry() {
        #expect(throws: LinearAlgebraError.nonFinite(routine: "DGEEV", row: 1, column: 0, value: .infinity)) {
            try Matrix([[1, 2], [.infinity, 3]]).eigenvalues()
        }
    }

    @Test func spectralRadiusOfAKnownMatrix() throws {
        // Eigenvalues of [[2, 1], [1, 2]] are 1 and 3; of a rotation by 90° are ±i.
        #expect(try Matrix([[2, 1], [1, 2]]).spectralRadius().isApproximatelyEqual(to: 3, relativeTolerance: 1e-14))
        #expect(try Matrix([[0, -1], [1, 0]]).spectralRadius().isApproximatelyEqual(to: 1, relativeTolerance: 1e-14))
    }

    @Test func perronBoundsBracketTheSpectralRadius() throws {
        let a = Matrix([[0.1, 0.3, 0], [0.2, 0.1, 0.4], [0.05, 0, 0.2]])
        let rho = try a.spectralRadius()
        let bounds = try a.perronBounds()
        #expect(bounds.lower <= rho + 1e-12 && rho <= bounds.upper + 1e-12)
        #expect(bounds.upper - bounds.lower < 1e-8)
    }
}
