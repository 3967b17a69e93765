import LinearAlgebra

/// A small, fast, seedable random number generator (SplitMix64), so synthetic tables and
/// Monte Carlo draws are reproducible from a seed on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Productive random tables with realistic proportions, for tests and benchmarks.
public enum SyntheticTable {
    /// A table with n sectors where each off-diagonal flow exists with probability `density`.
    ///
    /// Column sums of A are drawn in [0.2, 0.65] (real tables: 0.3–0.7 including imports),
    /// imported intermediate inputs in [5 %, 25 %] of output, final demand positive; output is then
    /// x = L f, so every identity holds to rounding: rows Z·1 + F·1 = x, columns 1ᵀZ + 1ᵀM + v = x.
    /// - Complexity: O(n³) for the solve that makes x consistent.
    public static func make(sectors n: Int, density: Double, seed: UInt64) throws -> IOTable {
        precondition(n >= 1 && density >= 0 && density <= 1)
        var rng = SplitMix64(seed: seed)
        var a = Matrix(rows: n, columns: n)
        for j in 0..<n {
            var column = [Double](repeating: 0, count: n)
            var total = 0.0
            for i in 0..<n where i == j || Double.random(in: 0..<1, using: &rng) < density {
                let v = Double.random(in: 0..<1, using: &rng)
                column[i] = v * v
                total += column[i]
            }
            let target = Double.random(in: 0.2...0.65, using: &rng)
            if total > 0 { for i in 0..<n { a[i, j] = column[i] / total * target } }
        }
        let categories = ["households", "government", "investment", "exports"]
        var f = Matrix(rows: n, columns: categories.count)
        for i in 0..<n { for k in 0..<categories.count { f[i, k] = Double.random(in: 1...1000, using: &rng) * (k == 3 ? 2 : 1) } }
        var iMinusA = -1.0 * a
        for i in 0..<n { iMinusA[i, i] += 1 }
        let x = try LU(factoring: iMinusA).solve(f.rowSums())
        var z = a
        for j in 0..<n { for i in 0..<n { z[i, j] = a[i, j] * x[j] } }
        // Imported intermediate use: a share of output, spread over the products of column j's pattern.
        var m = Matrix(rows: n, columns: n)
        var importTotals = [Double](repeating: 0, count: n)
        for j in 0..<n {
            let share = Double.random(in: 0.05...0.25, using: &rng)
            let pattern = (0..<n).filter { a[$0, j] > 0 }
            let weightSum = pattern.reduce(0) { $0 + a[$1, j] }
            for i in pattern { m[i, j] = share * x[j] * a[i, j] / weightSum }
            importTotals[j] = share * x[j]
        }
        let zColumns = z.columnSums()
        var va = Matrix(rows: 2, columns: n)
        for j in 0..<n {
            let gva = x[j] - zColumns[j] - importTotals[j]
            va[0, j] = 0.55 * gva
            va[1, j] = gva
        }
        var employment = Matrix(rows: n, columns: 1)
        for i in 0..<n { employment[i, 0] = x[i] * Double.random(in: 0.2...2.0, using: &rng) / 100 }
        let width = String(n).count
        let sectors = (0..<n).map { k -> Sector in
            let number = String(k + 1)
            let code = "S" + String(repeating: "0", count: width - number.count) + number
            return Sector(code: code, name: "Synthetic sector \(k + 1)")
        }
        let metadata = TableMetadata(
            name: "synthetic-\(n)-\(seed)", title: "Synthetic productive table, \(n) sectors", unit: "EUR million",
            region: "synthetic", classification: "synthetic",
            source: "ioshock generate --sectors \(n) --density \(density) --seed \(seed)",
            notes: "Random table for tests and benchmarks; not data.", primaryInputs: [IOTable.grossValueAdded],
            householdConsumption: "households", compensation: "compensation_of_employees")
        return IOTable(metadata: metadata, sectors: sectors, intermediate: z,
                       finalDemand: LabeledBlock(labels: categories, values: f),
                       valueAdded: LabeledBlock(labels: ["compensation_of_employees", IOTable.grossValueAdded], values: va),
                       output: x, imports: m, employment: LabeledBlock(labels: ["hours"], values: employment))
    }
}
