import IOTables
import LinearAlgebra

/// An interregional table of the three regions of a country (docs/data.md, "Belgium's regions
/// 2015"), estimated from the national table and employment by group of sectors.
///
/// 1. Each region s is regionalised by FLQ exactly as `FLQRegionalisation` does: output
///    xˢ_j = sˢ_j x_j, intraregional coefficients rˢ_ij = a_ij min(1, FLQˢ_ij), purchases from the rest
///    of the country (a_ij − rˢ_ij) xˢ_j and the final purchases of its residents from the rest of
///    the country, with total dˢ_i, and its sales to the rest of the country eˢ_i (the FLQ table's
///    `exports_rest_of_country`, the balancing item of its row). Σ_s eˢ_i = Σ_s dˢ_i for every i,
///    because the three regions' outputs and uses add up to the nation's.
/// 2. Feasibility: region s cannot buy from the other two more than they sell to the rest of the
///    country. Where dˢ_i > Σ_{r≠s} eʳ_i, the excess qˢ_i is supplied within s (its users of i buy
///    that much more locally, in proportion to their purchases from the rest of the country), and
///    dˢ_i, eˢ_i both fall by qˢ_i (less cross-hauling). Repeated until no region is short.
/// 3. Trade of product i from r to s (r ≠ s), Tʳˢ_i: row sums eʳ_i, column sums dˢ_i, zero
///    diagonal. The prior is the proportional split P ʳˢ = dˢ eʳ / Σ_{r′≠s} eʳ′ (each region buys from
///    the other two in proportion to what they sell to the rest of the country); with three regions
///    the balanced matrices form a one-parameter family, and T is the member closest to the prior
///    in χ² = Σ (T − P)²/P, clamped to T ≥ 0 (closed form, no iteration).
/// 4. Every user of i in s (sector or final-demand category) buys from r the share Tʳˢ_i / dˢ_i of
///    what it buys from the rest of the country.
///
/// Foreign imports, taxes, value added and employment of each region are those of its FLQ table
/// (national column × sˢ_j; residents' imported final use ρˢ × national), placed on the region's
/// own rows (imports into region s of product i are row s:i). Criticality and inventory days are
/// the national ones, per product, in every region.
///
/// Sums: Σ_{r,s} Zʳˢ_ij = z_ij, Σ_r xʳ_i = x_i, and the final demand, imports and value added of the
/// regions add up to the nation's; rows and columns balance by construction.
/// - Complexity: O(R² n²).
public struct InterregionalFLQ: Sendable {
    /// The regions in table order, their names in the table and their employment.
    public struct Region: Sendable {
        public var name: String
        public var employment: FLQRegionalisation.Employment

        public init(name: String, employment: FLQRegionalisation.Employment) {
            self.name = name
            self.employment = employment
        }
    }

    public let regions: [String]
    /// The single-region FLQ estimate of each region (the starting point, step 1).
    public let estimates: [FLQRegionalisation]
    /// qˢ_i: what region s supplies itself beyond the FLQ (step 2), region × product.
    public let selfSupplied: [[Double]]
    /// Tʳˢ_i, indexed [i][r][s].
    public let trade: [[[Double]]]
    /// The interregional table, sectors region by region.
    public let table: IOTable

    /// - Throws: `ModelError.invalidInput` unless there are three regions whose employment adds up
    ///   to the national one in every group, or when the trade of a product cannot be balanced.
    public init(national t: IOTable, regions: [Region], delta: Double, metadata: TableMetadata,
                exportCategories: Set<String>? = nil) throws(ModelError) {
        let R = regions.count, n = t.count
        guard R == 3 else { throw .invalidInput("the interregional estimate needs the three regions of the country, got \(R)") }
        let national = regions[0].employment.national
        for (g, total) in national {
            let sum = regions.reduce(0) { $0 + ($1.employment.regional[g] ?? 0) }
            guard abs(sum - total) <= 1e-9 * max(1, total) else {
                throw .invalidInput("the regions' employment in \(g) (\(sum)) does not add up to the national \(total)")
            }
        }
        let estimates = try regions.map { (r) throws(ModelError) in
            try FLQRegionalisation(national: t, employment: r.employment, delta: delta,
                                   metadata: TableMetadata(name: r.name, unit: t.metadata.unit), exportCategories: exportCategories)
        }
        self.regions = regions.map(\.name)
        self.estimates = estimates

        // Step 1: sales to and purchases from the rest of the country.
        let kRest = estimates[0].table.finalDemand.labels.count - 1
        var e = estimates.map { est in (0..<n).map { est.table.finalDemand.values[$0, kRest] } }
        let d0 = estimates.map { est in
            zip(est.table.importsRestOfCountry!.rowSums(), est.table.importFinalRestOfCountry!.values.rowSums()).map(+)
        }
        var d = d0
        // Step 2: no region buys from the others more than they sell.
        var q = [[Double]](repeating: [Double](repeating: 0, count: n), count: R)
        for i in 0..<n {
            let scale = max(e.reduce(0) { $0 + abs($1[i]) }, 1e-300)
            for _ in 0..<R {
                var changed = false
                for s in 0..<R {
                    let others = (0..<R).filter { $0 != s }.reduce(0) { $0 + e[$1][i] }
                    let excess = d[s][i] - others
                    if excess > 1e-12 * scale {
                        q[s][i] += excess; d[s][i] -= excess; e[s][i] -= excess
                        changed = true
                    }
                }
                if !changed { break }
            }
            for s in 0..<R where e[s][i] < -1e-9 * scale {
                throw .invalidInput("product \(t.codes[i]): \(regions[s].name) sells \(e[s][i]) to the other regions after self-supply; the trade cannot be balanced")
            }
        }
        self.selfSupplied = q

        // Step 3: the balanced trade matrix closest to the proportional prior.
        var trade: [[[Double]]] = []
        for i in 0..<n {
            let ei = (0..<R).map { e[$0][i] }, di = (0..<R).map { d[$0][i] }
            trade.append(try Self.balancedTrade(sales: ei, purchases: di, product: t.codes[i]))
        }
        self.trade = trade

        // Step 4: the table.
        let N = R * n
        let national0 = t.finalDemand.labels
        let K = national0.count
        var z = Matrix(rows: N, columns: N), f = Matrix(rows: N, columns: R * K)
        var m = Matrix(rows: N, columns: N), mf = Matrix(rows: N, columns: R * K)
        var va = Matrix(rows: t.valueAdded.labels.count, columns: N)
        let originLabels = t.importOrigin?.labels ?? []
        var origin = Matrix(rows: N, columns: originLabels.count)
        let measures = t.employment?.labels ?? []
        var employment = Matrix(rows: N, columns: measures.count)
        var output = [Double](repeating: 0, count: N)
        for s in 0..<R {
            let est = estimates[s].table
            let rest = est.importsRestOfCountry!, fRest = est.importFinalRestOfCountry!.values
            let local = (0..<n).map { i in d0[s][i] > 0 ? q[s][i] / d0[s][i] : 0 }
            for i in 0..<n {
                let row = s * n + i
                output[row] = est.output[i]
                for j in 0..<n {
                    z[row, s * n + j] = est.intermediate[i, j] + local[i] * rest[i, j]
                    if let imports = est.imports { m[row, s * n + j] = imports[i, j] }
                }
                for c in 0..<K {
                    f[row, s * K + c] = est.finalDemand.values[i, c] + local[i] * fRest[i, c]
                    if let imported = est.importFinal { mf[row, s * K + c] = imported.values[i, c] }
                }
                for o in 0..<originLabels.count { origin[row, o] = est.importOrigin!.values[i, o] }
                for c in 0..<measures.count { employment[row, c] = est.employment!.values[i, c] }
                for r in 0..<R where r != s && d[s][i] > 0 {
                    let share = trade[i][r][s] / d[s][i] * (1 - local[i])
                    for j in 0..<n { z[r * n + i, s * n + j] = rest[i, j] * share }
                    for c in 0..<K { f[r * n + i, s * K + c] = fRest[i, c] * share }
                }
            }
            for c in 0..<va.rows { for j in 0..<n { va[c, s * n + j] = est.valueAdded.values[c, j] } }
        }
        var criticality: Matrix? = nil
        if let w = t.inputCriticality {
            var all = Matrix(rows: N, columns: N)
            for r in 0..<R { for s in 0..<R { for j in 0..<n { for i in 0..<n { all[r * n + i, s * n + j] = w[i, j] } } } }
            criticality = all
        }
        let sectors = regions.flatMap { r in t.sectors.map { Sector(code: $0.code, name: $0.name, region: r.name, attributes: $0.attributes) } }
        let fdLabels = regions.flatMap { r in national0.map { r.name + IOTable.regionSeparator + $0 } }
        var meta = metadata
        meta.regions = regions.map(\.name)
        self.table = IOTable(
            metadata: meta, sectors: sectors, sectorAttributeNames: t.sectorAttributeNames,
            intermediate: z, finalDemand: LabeledBlock(labels: fdLabels, values: f),
            valueAdded: LabeledBlock(labels: t.valueAdded.labels, values: va), output: output,
            imports: t.imports == nil ? nil : m,
            importFinal: t.importFinal == nil ? nil : LabeledBlock(labels: fdLabels, values: mf),
            importOrigin: t.importOrigin == nil ? nil : LabeledBlock(labels: originLabels, values: origin),
            employment: t.employment == nil ? nil : LabeledBlock(labels: measures, values: employment),
            inputCriticality: criticality,
            inventoryDays: t.inventoryDays.map { days in Array(repeating: days, count: R).flatMap { $0 } })
    }

    /// The 3 × 3 trade matrix T (zero diagonal) with row sums `sales` (e) and column sums
    /// `purchases` (d), Σe = Σd, closest in χ² to the prior Pʳˢ = dˢ eʳ / Σ_{r′≠s} eʳ′.
    ///
    /// With t = T₀₁ every entry is ±t plus a constant: T₀₂ = e₀ − t, T₂₁ = d₁ − t,
    /// T₂₀ = e₂ − d₁ + t, T₁₀ = d₀ − e₂ + d₁ − t, T₁₂ = e₁ − d₀ + e₂ − d₁ + t (then T₀₂ + T₁₂ = d₂).
    /// Minimising Σ_k (c_k + σ_k t − P_k)²/P_k gives t = Σ σ_k (P_k − c_k)/P_k / Σ 1/P_k, clamped
    /// to the interval where every entry is ≥ 0 (non-empty when each dˢ ≤ Σ_{r≠s} eʳ).
    /// - Throws: `ModelError.invalidInput` when no non-negative T exists.
    public static func balancedTrade(sales e: [Double], purchases d: [Double], product: String) throws(ModelError) -> [[Double]] {
        precondition(e.count == 3 && d.count == 3)
        let scale = max(e.reduce(0, +), d.reduce(0, +), 1e-300)
        var prior = [[Double]](repeating: [0, 0, 0], count: 3)
        for s in 0..<3 {
            let others = (0..<3).filter { $0 != s }.reduce(0) { $0 + e[$1] }
            for r in 0..<3 where r != s && others > 0 { prior[r][s] = d[s] * e[r] / others }
        }
        // (row, column, sign σ, constant c) of T = c + σ t.
        let entries: [(Int, Int, Double, Double)] = [
            (0, 1, 1, 0), (0, 2, -1, e[0]), (2, 1, -1, d[1]),
            (2, 0, 1, e[2] - d[1]), (1, 0, -1, d[0] - e[2] + d[1]), (1, 2, 1, e[1] - d[0] + e[2] - d[1]),
        ]
        let floor = 1e-12 * scale
        var num = 0.0, den = 0.0
        var lo = -Double.infinity, hi = Double.infinity
        for (r, s, sigma, c) in entries {
            let p = max(prior[r][s], floor)
            num += sigma * (p - c) / p
            den += 1 / p
            if sigma > 0 { lo = max(lo, -c) } else { hi = min(hi, c) }
        }
        guard lo <= hi + 1e-9 * scale else {
            throw .invalidInput("product \(product): no non-negative trade between the regions has sales \(e) and purchases \(d)")
        }
        let t = lo > hi ? (lo + hi) / 2 : min(max(num / den, lo), hi)
        var trade = [[Double]](repeating: [0, 0, 0], count: 3)
        // An entry at its bound can come out a rounding error below zero (−4.6e-16 was seen), or
        // up to the feasibility tolerance above when the interval is empty by less than it:
        // trade flows are ≥ 0 (docs/data.md), so such an entry is 0.
        for (r, s, sigma, c) in entries { trade[r][s] = max(0, c + sigma * t) }
        return trade
    }
}
