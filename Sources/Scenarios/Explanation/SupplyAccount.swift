import IOModels
import IOTables
import LinearAlgebra

/// Where the supply of the shocked imports went (docs/scenarios.md, `supply.csv`): for each product
/// whose imports are cut, each origin and each user — every industry, each final-demand category,
/// and re-exports (imported products in the export columns) as a user of their own — the baseline
/// supply, what was delivered and what was lost, in the table's unit over the scenario's period.
///
/// What each user receives follows `import_allocation` exactly as the model sees it: a share a_p of
/// the baseline for every user (proportional); industries first, final users the rest; or the
/// critical-first tiers, final users the rest. Substitution from origins that are not cut counts as
/// delivered. A user's loss is attributed to the origins that are cut, in proportion to their cut
/// and to what the user bought from them, and beyond that (only when an allocation rule sends the
/// rest of a product to other users) to the other origins. Domestic substitution replaces lost
/// imports with domestic output; it is not an import and not counted here.
public struct SupplyAccount: Sendable {
    public struct Flow: Sendable {
        public var product: Int
        public var origin: String
        public var user: String
        public var baseline: Double
        public var delivered: Double
        public var lost: Double
    }

    /// One shocked product: its imports (every origin) and domestic output, and what was lost.
    public struct Product: Sendable {
        public var product: Int
        public var domesticOutput: Double
        public var imports: Double
        public var lost: Double
        /// Lost over the product's total supply, domestic output plus imports from every origin.
        public var shareOfTotalSupplyLost: Double { domesticOutput + imports > 0 ? lost / (domesticOutput + imports) : 0 }
        public var shareOfImportsLost: Double { imports > 0 ? lost / imports : 0 }
    }

    public static let reExports = "re_exports"

    public var flows: [Flow]
    public var products: [Product]
    /// Missing imports of every shocked product, Σ lost.
    public var lost: Double { products.reduce(0) { $0 + $1.lost } }
    public var imports: Double { products.reduce(0) { $0 + $1.imports } }
}

extension ShockTranslation {
    /// The share of its baseline purchases of product p from one source (abroad, or the rest of the
    /// country) that each industry and each final user receives when a share `a` of the source's
    /// supply is left, under the scenario's `import_allocation` (the rule `importAvailability` uses).
    func deliveredShares(_ p: Int, available a: Double, intermediate: Matrix?, final: LabeledBlock?, weights: () -> Matrix) -> (industries: [Double], final: Double) {
        let uniform = ([Double](repeating: a, count: n), a)
        guard a < 1, let intermediate else { return uniform }
        let industries = intermediate.row(p).reduce(0, +)
        let finalUse = final.map { $0.values.row(p).reduce(0, +) } ?? 0
        switch scenario.model.importAllocation {
        case "industries-first":
            guard industries > 0 else { return uniform }
            let s = min(1, a * (industries + finalUse) / industries)
            let rest = a * (industries + finalUse) - s * industries
            return ([Double](repeating: s, count: n), finalUse > 0 ? min(1, max(0, rest / finalUse)) : a)
        case "critical-first":
            let shares = tiered(p, available: a, intermediate: intermediate, final: final, weights: weights())
            var rest = a * (industries + finalUse)
            for j in 0..<n { rest -= shares[j] * intermediate[p, j] }
            return (shares, finalUse > 0 ? min(1, max(0, rest / finalUse)) : a)
        default:
            return uniform
        }
    }

    /// The supply account of the scenario's import cuts (see `SupplyAccount`).
    /// - Complexity: O(n · users · origins) per shocked product.
    func supplyAccount() -> SupplyAccount {
        let k = scenario.periodDays.map { $0 / 365 } ?? 1
        let cuts = cutsByOrigin()
        let (foreign, rest) = availability()
        var cachedWeights: Matrix?
        let weights = { () -> Matrix in
            if let w = cachedWeights { return w }
            let w = criticalityWeights()
            cachedWeights = w
            return w
        }
        var flows: [SupplyAccount.Flow] = []
        var products: [SupplyAccount.Product] = []
        // Shocks that name their users (`users = [...]`, proportional allocation only) reach only
        // those users: each industry sees the shocks without users and those naming it, final
        // users the shocks without users (as `importAvailabilityByUser`). Each distinct set of
        // shocks is translated once.
        let byUser = scenario.shocks.contains { $0.users != nil }
        var seen: [[Int]: (foreign: [Double], rest: [Double], cuts: [[String: Double]])] = [:]
        func translated(_ reaching: [Int]) -> (foreign: [Double], rest: [Double], cuts: [[String: Double]]) {
            if let t = seen[reaching] { return t }
            let (f, r) = availability(applying: Set(reaching))
            let t = (f, r, cutsByOrigin(applying: Set(reaching)))
            seen[reaching] = t
            return t
        }
        let reachingOf: [[Int]] = byUser ? (0..<n).map(shocksReaching) : []
        let finalReaching = unrestrictedShocks.sorted()
        let labels = table.sectorLabels
        for p in 0..<n where !cuts[p].isEmpty {
            var product = SupplyAccount.Product(product: p, domesticOutput: table.output[p] * k, imports: 0, lost: 0)
            // Foreign imports, split by origin; then the rest of the country as one origin.
            var sources: [(available: Double, intermediate: Matrix?, final: LabeledBlock?, origins: [(label: String, share: Double, cut: Double)])] = []
            let star = cuts[p]["*"] ?? 0
            var origins: [(label: String, share: Double, cut: Double)] = [("all", 1, star)]
            if let origin = table.importOrigin {
                let columns = origin.labels.enumerated().filter { $0.element != FLQRegionalisation.restOfCountry }
                let total = columns.reduce(0.0) { $0 + origin.values[p, $1.offset] }
                if total > 0 {
                    origins = columns.map { (label: $0.element, share: origin.values[p, $0.offset] / total, cut: max(star, cuts[p][$0.element] ?? 0)) }
                }
            }
            sources.append((foreign[p], table.imports, table.importFinal, origins))
            if table.importsRestOfCountry != nil || table.importFinalRestOfCountry != nil {
                sources.append((rest[p], table.importsRestOfCountry, table.importFinalRestOfCountry,
                                [(FLQRegionalisation.restOfCountry, 1, cuts[p][FLQRegionalisation.restOfCountry] ?? 0)]))
            }
            for (index, source) in sources.enumerated() {
                let shares = deliveredShares(p, available: source.available, intermediate: source.intermediate, final: source.final, weights: weights)
                // What a user whose shocks are `reaching` receives of this source, and the cut of each origin it sees.
                func seenBy(_ reaching: [Int]) -> (share: Double, cuts: [Double]) {
                    let t = translated(reaching)
                    let star = t.cuts[p]["*"] ?? 0
                    // As `origins` above: abroad, the cut of every origin ("*") or of each; the rest of the country's own.
                    return (index == 0 ? t.foreign[p] : t.rest[p], source.origins.map { o in
                        index == 0 ? (o.label == "all" ? star : max(star, t.cuts[p][o.label] ?? 0)) : t.cuts[p][o.label] ?? 0
                    })
                }
                let finalSeen = byUser ? seenBy(finalReaching) : (shares.final, source.origins.map(\.cut))
                var users: [(name: String, baseline: Double, share: Double, cuts: [Double])] = []
                for j in 0..<n {
                    let seen = byUser ? seenBy(reachingOf[j]) : (shares.industries[j], source.origins.map(\.cut))
                    users.append((labels[j], (source.intermediate?[p, j] ?? 0) * k, seen.0, seen.1))
                }
                var reExports = 0.0
                for (c, label) in (source.final?.labels ?? []).enumerated() {
                    let v = source.final!.values[p, c] * k
                    if label.hasPrefix("exports") { reExports += v } else { users.append((label, v, finalSeen.0, finalSeen.1)) }
                }
                if source.final != nil { users.append((SupplyAccount.reExports, reExports, finalSeen.0, finalSeen.1)) }
                for user in users where user.baseline != 0 {
                    let byOrigin = source.origins.map { user.baseline * $0.share }
                    let lost = Self.attribute(loss: (1 - user.share) * user.baseline, baseline: byOrigin, cuts: user.cuts)
                    for (o, origin) in source.origins.enumerated() where byOrigin[o] != 0 {
                        flows.append(.init(product: p, origin: origin.label, user: user.name, baseline: byOrigin[o], delivered: byOrigin[o] - lost[o], lost: lost[o]))
                        product.imports += byOrigin[o]
                        product.lost += lost[o]
                    }
                }
            }
            products.append(product)
        }
        return SupplyAccount(flows: flows, products: products)
    }

    /// Splits one user's loss L over origins: first over the origins that are cut, in proportion to
    /// cut × baseline and at most each origin's baseline; what is left (an allocation rule that
    /// serves others first can take more than the cut origins supplied) over the other origins in
    /// proportion to their baseline. Σ = L when L ≤ Σ baseline.
    static func attribute(loss: Double, baseline b: [Double], cuts c: [Double]) -> [Double] {
        var lost = [Double](repeating: 0, count: b.count)
        guard loss != 0 else { return lost }
        if loss < 0 || b.contains(where: { $0 < 0 }) {
            // A negative baseline (inventories drawn down) loses in proportion to what it is.
            let total = b.reduce(0, +)
            return total == 0 ? lost : b.map { loss * $0 / total }
        }
        var remaining = loss
        var open = b.indices.filter { c[$0] > 0 && b[$0] > 0 }
        while remaining > 0, !open.isEmpty {
            let weight = open.reduce(0.0) { $0 + c[$1] * b[$1] }
            let lambda = remaining / weight
            let full = open.filter { lambda * c[$0] >= 1 }
            if full.isEmpty {
                for o in open { lost[o] = lambda * c[o] * b[o] }
                remaining = 0
            } else {
                for o in full { lost[o] = b[o]; remaining -= b[o] }
                open.removeAll { full.contains($0) }
            }
        }
        if remaining > 0 {
            let others = b.indices.filter { lost[$0] < b[$0] }
            let room = others.reduce(0.0) { $0 + b[$1] - lost[$1] }
            if room > 0 { for o in others { lost[o] += min(b[o] - lost[o], remaining * (b[o] - lost[o]) / room) } }
        }
        return lost
    }
}
