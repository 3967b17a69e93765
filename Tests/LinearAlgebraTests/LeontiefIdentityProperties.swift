import LinearAlgebra
import Numerics
import PropertyBased
import Testing

/// Identities that must hold on any productive coefficient matrix.
@Suite("Leontief identities on random productive matrices")
struct LeontiefIdentityProperties {
    /// A random non-negative n × n matrix with column sums in [0.1, 0.9], so ρ(A) < 1.
    static func productive(n: Int, seed: UInt64) -> Matrix {
        var rng = Xorshift(seed: seed)
        var a = Matrix(rows: n, columns: n)
        for j in 0..<n {
            var column = (0..<n).map { _ in rng.nextUnit() < 0.5 ? rng.nextUnit() : 0 }
            let total = column.reduce(0, +)
            let target = 0.1 + 0.8 * rng.nextUnit()
            if total > 0 { column = column.map { $0 / total * target } }
            a.setColumn(j, to: column)
        }
        return a
    }

    @Test func residualOfTheLeontiefSolveIsTiny() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...80), Gen.int(in: 0...1_000_000)) { n, seed in
            let a = Self.productive(n: n, seed: UInt64(seed))
            var iMinusA = -1.0 * a
            for i in 0..<n { iMinusA[i, i] += 1 }
            let f = (0..<n).map { Double($0 % 7) * 13.5 + 1 }
            let x = try! LU(factoring: iMinusA).solve(f)
            let back = try! iMinusA.multiplied(by: x)
            let scale = max(f.map(abs).max()!, x.map(abs).max()!)
            let residual = zip(back, f).map { abs($0 - $1) }.max()! / scale
            #expect(residual < 1e-10)
            #expect(x.allSatisfy { $0 >= 0 })
        }
    }

    @Test func transposedSolvesEqualColumnSumsOfTheExplicitInverse() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...60), Gen.int(in: 0...1_000_000)) { n, seed in
            let a = Self.productive(n: n, seed: UInt64(seed))
            var iMinusA = -1.0 * a
            for i in 0..<n { iMinusA[i, i] += 1 }
            let lu = try! LU(factoring: iMinusA)
            let multipliers = lu.solveTransposed([Double](repeating: 1, count: n))
            let l = lu.inverse()
            let sums = l.columnSums()
            for j in 0..<n { #expect(multipliers[j].isApproximatelyEqual(to: sums[j], relativeTolerance: 1e-12)) }
        }
    }
}

/// xorshift64*, local to the tests so they do not depend on the code under test for randomness.
struct Xorshift {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
