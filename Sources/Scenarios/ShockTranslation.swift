import IOModels
import IOTables
import LinearAlgebra

/// Turns a scenario's shocks into model inputs (MODELS.md §5): capacity, import availability
/// by product and user, final demand.
struct ShockTranslation: Sendable {
    let scenario: Scenario
    var table: IOTable { scenario.table }
    var n: Int { table.count }
    /// The origin columns the shocks' cuts are combined in, fixed by the scenario.
    let columns: OriginColumns

    init(scenario: Scenario) {
        self.scenario = scenario
        columns = OriginColumns(scenario: scenario)
    }

    /// The columns of the combined import cuts: 0 is "*", all foreign imports of a table without
    /// import_origin.csv; then the columns of import_origin.csv; then any other label a shock
    /// names. Built once per scenario, so that the cuts of a day (`cuts(sizes:applying:)`, called
    /// on each day a shock's size changes in every dynamic draw) need no text.
    struct OriginColumns: Sendable {
        var labels: [String] = ["*"]
        /// Per shock, the columns its cut applies to (its origins, or "*").
        var ofShock: [[Int]] = []
        /// The foreign columns of import_origin.csv (every one but rest_of_country): its column in
        /// the file and here.
        var foreign: [(file: Int, column: Int)] = []
        /// Per product, the sum of its foreign origin columns in import_origin.csv (empty without it).
        var foreignTotal: [Double] = []
        var restOfCountry: Int?

        init(scenario: Scenario) {
            var index = ["*": 0]
            func column(_ label: String) -> Int {
                if let c = index[label] { return c }
                index[label] = labels.count
                labels.append(label)
                return labels.count - 1
            }
            if let origin = scenario.table.importOrigin {
                for (k, label) in origin.labels.enumerated() {
                    let c = column(label)
                    if label != FLQRegionalisation.restOfCountry { foreign.append((k, c)) }
                }
                foreignTotal = (0..<scenario.table.count).map { p in foreign.reduce(0.0) { $0 + origin.values[p, $1.file] } }
            }
            ofShock = scenario.shocks.map { shock in (shock.origins.isEmpty ? ["*"] : shock.origins).map(column) }
            restOfCountry = index[FLQRegionalisation.restOfCountry]
        }
    }

    /// Combined share cut for each product and origin column (`OriginColumns`):
    /// 1 − Π(1 − c_k) over the shocks that hit it, in shock order.
    struct OriginCuts {
        let columns: Int
        /// Per product, its row of `value` (−1: no shock reaches it).
        var row: [Int]
        /// `value[row · columns + c]`; 0 where `set` is false.
        var value: [Double] = []
        /// Whether a shock reached the entry.
        var set: [Bool] = []

        func cut(_ p: Int, _ c: Int) -> Double? {
            let r = row[p]
            return r >= 0 && set[r * columns + c] ? value[r * columns + c] : nil
        }
    }

    /// The combined cuts: entry (p, o) is 1 − Π(1 − c_k) over the import shocks with a size above
    /// 0 that hit product p from origin column o. `sizes` replaces each shock's size (the dynamic
    /// model's shock of the day), in shock order. `applying`, when given, keeps only those shocks
    /// (by index): the shocks that reach one user.
    func cuts(sizes: [Double]? = nil, applying: Set<Int>? = nil) -> OriginCuts {
        let m = columns.labels.count
        var cuts = OriginCuts(columns: m, row: [Int](repeating: -1, count: n))
        for (k, shock) in scenario.shocks.enumerated() where shock.kind == .imports && applying?.contains(k) ?? true {
            let size = sizes?[k] ?? shock.size
            guard size > 0 else { continue }
            for p in shock.sectors {
                if cuts.row[p] < 0 {
                    cuts.row[p] = cuts.value.count / m
                    cuts.value += repeatElement(0, count: m)
                    cuts.set += repeatElement(false, count: m)
                }
                let base = cuts.row[p] * m
                for c in columns.ofShock[k] {
                    cuts.value[base + c] = 1 - (1 - cuts.value[base + c]) * (1 - size)
                    cuts.set[base + c] = true
                }
            }
        }
        return cuts
    }

    /// The combined cuts by product as label → cut (`cuts(sizes:applying:)`; "*" for all foreign
    /// imports of a table without import_origin.csv), empty for a product no shock reaches.
    func cutsByOrigin(sizes: [Double]? = nil, applying: Set<Int>? = nil) -> [[String: Double]] {
        let cuts = cuts(sizes: sizes, applying: applying)
        return (0..<n).map { p in
            var byLabel: [String: Double] = [:]
            for (c, label) in columns.labels.enumerated() { if let v = cuts.cut(p, c) { byLabel[label] = v } }
            return byLabel
        }
    }

    /// Availability factors for product p's foreign and rest-of-country supplies, after
    /// substitution from origins that are not cut: a = 1 − (1 − σ) Σ_o c_o s_o.
    func availability(sizes: [Double]? = nil, applying: Set<Int>? = nil) -> (foreign: [Double], restOfCountry: [Double]) {
        let cuts = cuts(sizes: sizes, applying: applying)
        let sigma = scenario.model.substitution
        var foreign = [Double](repeating: 1, count: n)
        var rest = [Double](repeating: 1, count: n)
        let origin = table.importOrigin
        for p in 0..<n where cuts.row[p] >= 0 {
            if let c = cuts.cut(p, 0) { foreign[p] = 1 - (1 - sigma) * c }
            if let origin {
                let total = columns.foreignTotal[p]
                if total > 0 {
                    var lost = 0.0
                    for (k, c) in columns.foreign { lost += (cuts.cut(p, c) ?? 0) * origin.values[p, k] / total }
                    foreign[p] = min(foreign[p], 1 - (1 - sigma) * lost)
                }
            }
            if let r = columns.restOfCountry, let c = cuts.cut(p, r) { rest[p] = 1 - (1 - sigma) * c }
            foreign[p] = max(0, foreign[p])
            rest[p] = max(0, rest[p])
        }
        return (foreign, rest)
    }

    /// The shocks that name no users: what the users no shock names (and final users) face.
    var unrestrictedShocks: Set<Int> { Set(scenario.shocks.indices.filter { scenario.shocks[$0].users == nil }) }

    /// The shocks that reach sector j as a user: those without users and those that name j.
    func shocksReaching(_ j: Int) -> [Int] {
        scenario.shocks.indices.filter { k in scenario.shocks[k].users.map { $0.contains(j) } ?? true }
    }

    /// The outside supplies of the dynamic model (and its long run) split by user, when import
    /// shocks name their users (nil otherwise): pair (p, j) is named when an import shock on p
    /// names j, and its availability a_pj is that of `availability` over the shocks that reach j
    /// (those without users and those naming j). Users that see the same shocks share one
    /// computation. The rest of p is left with the availability of the shocks without users.
    func outsideSplit(sizes: [Double]? = nil) -> OutsideSupplyByUser? {
        guard scenario.shocks.contains(where: { $0.kind == .imports && $0.users != nil }) else { return nil }
        var named = [Bool](repeating: false, count: n * n)
        for shock in scenario.shocks where shock.kind == .imports {
            for j in shock.users ?? [] { for p in shock.sectors { named[p + j * n] = true } }
        }
        var groups: [[Int]: [Int]] = [:]
        for j in 0..<n where (0..<n).contains(where: { named[$0 + j * n] }) {
            let reaching = shocksReaching(j)
            groups[reaching, default: []].append(j)
        }
        var foreign = [Double](repeating: 1, count: n * n), rest = foreign
        for (reaching, users) in groups {
            let (a, b) = availability(sizes: sizes, applying: Set(reaching))
            for j in users {
                for p in 0..<n where named[p + j * n] { foreign[p + j * n] = a[p]; rest[p + j * n] = b[p] }
            }
        }
        return OutsideSupplyByUser(named: named, foreign: foreign, restOfCountry: rest)
    }

    /// Baseline outside purchases of each input (imports plus purchases from the rest of the country).
    func outsideInputs() -> Matrix? {
        switch (table.imports, table.importsRestOfCountry) {
        case let (m?, r?): return m + r
        case let (m?, nil): return m
        case let (nil, r?): return r
        default: return nil
        }
    }

    /// ρ_pj: the share of sector j's baseline outside purchases of p still available.
    func importAvailability() -> Matrix {
        scenario.shocks.contains { $0.users != nil } ? importAvailabilityByUser() : importAvailabilityForAllUsers()
    }

    /// ρ_pj when some import shocks name their users (`users = [...]`): each user j sees only the
    /// shocks that reach it (those without users, and those that name j), with the proportional
    /// allocation ρ_pj = (m_pj a_p^(j) + r_pj b_p^(j)) / (m_pj + r_pj), where a^(j), b^(j) are the
    /// availabilities of `availability` over j's shocks. Users that see the same shocks share one
    /// computation. The parser allows users with the proportional allocation only.
    func importAvailabilityByUser() -> Matrix {
        var groups: [[Int]: [Int]] = [:]
        for j in 0..<n {
            let reaching = shocksReaching(j)
            groups[reaching, default: []].append(j)
        }
        var rho = Matrix(rows: n, columns: n, repeating: 1)
        let m = table.imports, r = table.importsRestOfCountry
        for (reaching, users) in groups {
            let (foreign, rest) = availability(applying: Set(reaching))
            for p in 0..<n where foreign[p] != 1 || rest[p] != 1 {
                for j in users {
                    let mpj = m?[p, j] ?? 0, rpj = r?[p, j] ?? 0
                    if mpj + rpj > 0 { rho[p, j] = (mpj * foreign[p] + rpj * rest[p]) / (mpj + rpj) }
                }
            }
        }
        return rho
    }

    /// ρ_pj when every import shock reaches every user.
    func importAvailabilityForAllUsers() -> Matrix {
        var (foreign, rest) = availability()
        if scenario.model.importAllocation == "industries-first" {
            foreign = industriesFirst(foreign, intermediate: table.imports, final: table.importFinal)
            rest = industriesFirst(rest, intermediate: table.importsRestOfCountry, final: table.importFinalRestOfCountry)
        }
        var rho = Matrix(rows: n, columns: n, repeating: 1)
        let m = table.imports, r = table.importsRestOfCountry
        // Rows of products with nothing cut stay 1 ((m + r)/(m + r) is exactly 1 in floating point).
        let affected = (0..<n).filter { foreign[$0] != 1 || rest[$0] != 1 }
        if scenario.model.importAllocation == "critical-first" {
            let weights = criticalityWeights()
            for p in affected {
                let fromAbroad = tiered(p, available: foreign[p], intermediate: m, final: table.importFinal, weights: weights)
                let fromRest = tiered(p, available: rest[p], intermediate: r, final: table.importFinalRestOfCountry, weights: weights)
                for j in 0..<n {
                    let mpj = m?[p, j] ?? 0, rpj = r?[p, j] ?? 0
                    if mpj + rpj > 0 { rho[p, j] = (mpj * fromAbroad[j] + rpj * fromRest[j]) / (mpj + rpj) }
                }
            }
            return rho
        }
        for j in 0..<n {
            for p in affected {
                let mpj = m?[p, j] ?? 0, rpj = r?[p, j] ?? 0
                let baseline = mpj + rpj
                if baseline > 0 { rho[p, j] = (mpj * foreign[p] + rpj * rest[p]) / baseline }
            }
        }
        return rho
    }

    /// w_pj, how strongly input p binds sector j, for the critical-first allocation: the IHS
    /// weights with `criticality = "ihs"`; 1 for every user under `strict`; 0 under `linear`.
    func criticalityWeights() -> Matrix {
        switch scenario.model.criticality {
        case "ihs": return table.inputCriticality ?? Matrix(rows: n, columns: n, repeating: 1)
        case "linear": return Matrix(rows: n, columns: n)
        default: return Matrix(rows: n, columns: n, repeating: 1)
        }
    }

    /// Critical-first allocation of what is left of one source (abroad or the rest of the country)
    /// of product p: users for which p is critical (w = 1) are served first, then those for which it
    /// is important (w = ½), then the others, then final users; within a tier, proportionally.
    /// Returns each industry's share of its baseline purchases that it receives.
    func tiered(_ p: Int, available a: Double, intermediate: Matrix?, final: LabeledBlock?, weights: Matrix) -> [Double] {
        guard let intermediate, a < 1 else { return [Double](repeating: a, count: n) }
        let finalUse = final.map { $0.values.row(p).reduce(0, +) } ?? 0
        var remaining = a * (intermediate.row(p).reduce(0, +) + finalUse)
        var share = [Double](repeating: 1, count: n)
        let tiers = Set((0..<n).filter { intermediate[p, $0] > 0 }.map { weights[p, $0] }).sorted(by: >)
        for w in tiers {
            let members = (0..<n).filter { intermediate[p, $0] > 0 && weights[p, $0] == w }
            let demand = members.reduce(0) { $0 + intermediate[p, $1] }
            let served = demand > 0 ? max(0, min(1, remaining / demand)) : 1
            for j in members { share[j] = served }
            remaining -= served * demand
        }
        return share
    }

    /// When industries are served first, they receive min(1, a·(industries + final) / industries).
    func industriesFirst(_ a: [Double], intermediate: Matrix?, final: LabeledBlock?) -> [Double] {
        guard let intermediate else { return a }
        let industries = intermediate.rowSums(), finalUse = final?.values.rowSums() ?? [Double](repeating: 0, count: n)
        return (0..<n).map { p in
            guard a[p] < 1, industries[p] > 0 else { return a[p] }
            return min(1, a[p] * (industries[p] + finalUse[p]) / industries[p])
        }
    }

    /// x_max = (1 + h)(1 − ε) ⊙ x⁰, with ε combined over capacity shocks as 1 − Π(1 − loss).
    func capacity() -> [Double] {
        let keep = capacityKept()
        return (0..<n).map { table.output[$0] * (1 + scenario.model.spareCapacity) * keep[$0] }
    }

    /// κ_j = Π(1 − loss) over the capacity shocks of sector j (`sizes` as in `cutsByOrigin`).
    func capacityKept(sizes: [Double]? = nil) -> [Double] {
        var keep = [Double](repeating: 1, count: n)
        for (k, shock) in scenario.shocks.enumerated() where shock.kind == .capacity {
            for j in shock.sectors { keep[j] *= 1 - (sizes?[k] ?? shock.size) }
        }
        return keep
    }

    /// φ_i = Π(1 + change) over the final-demand shocks of product i; on a multi-regional
    /// system, × (1 − c_i E_i / F_i) for an origin sector whose deliveries along booked flows are
    /// cut by c_i (`CrossBorderCuts`): the sales it cannot make.
    func finalDemandFactor(sizes: [Double]? = nil) -> [Double] {
        var f = [Double](repeating: 1, count: n)
        for (k, shock) in scenario.shocks.enumerated() where shock.kind == .finalDemand {
            for i in shock.sectors { f[i] *= 1 + (sizes?[k] ?? shock.size) }
        }
        if let crossBorder = scenario.crossBorder {
            let cut = cuts(sizes: sizes)
            for i in crossBorder.destinations.keys.sorted() {
                if let c = cut.cut(i, 0), c > 0 { f[i] *= 1 - c * crossBorder.exportShare[i] }
            }
        }
        return f
    }

    /// f_max = f⁰ ⊙ Π(1 + change) over final-demand shocks.
    func finalDemand() -> [Double] {
        zip(table.totalFinalDemand, finalDemandFactor()).map(*)
    }

    /// Domestic substitution: users try to replace a share δ of their missing imports of p with
    /// output of the domestic producers of p, who can supply it only from spare capacity
    /// h·x⁰_p (`spare_capacity`). The replaced quantity R_p = min(δ·missing_p, h·x⁰_p) raises every
    /// user's availability of p in proportion, and is added to the demand for domestic p (so its
    /// own inputs are demanded too).
    func withDomesticSubstitution(_ rho: Matrix, _ demand: [Double]) -> (Matrix, [Double]) {
        let delta = scenario.model.domesticSubstitution
        guard delta > 0, scenario.model.spareCapacity > 0, let outside = outsideInputs() else { return (rho, demand) }
        var rho = rho
        var demand = demand
        for p in 0..<n {
            var missing = 0.0
            for j in 0..<n { missing += (1 - rho[p, j]) * outside[p, j] }
            guard missing > 0 else { continue }
            let replaced = min(delta * missing, scenario.model.spareCapacity * table.output[p])
            let share = replaced / missing
            for j in 0..<n { rho[p, j] += (1 - rho[p, j]) * share }
            demand[p] += replaced
        }
        return (rho, demand)
    }

    func supplyConstraints() -> SupplyConstraints {
        let (rho, demand) = withDomesticSubstitution(importAvailability(), finalDemand())
        return SupplyConstraints(capacity: capacity(), importAvailability: rho, finalDemand: demand)
    }

    /// Ghosh: the primary inputs each sector loses. Outside inputs lost, Σ_p M_pj (1 − ρ_pj), and
    /// a capacity loss ε_j of all its primary inputs (value added and imports).
    func primaryInputChange() -> (baseline: [Double], shocked: [Double]) {
        let x = table.output
        let zColumns = table.intermediate.columnSums()
        let baseline = (0..<n).map { x[$0] - zColumns[$0] }
        var shocked = baseline
        let rho = importAvailability()
        if let outside = outsideInputs() {
            for j in 0..<n { for p in 0..<n { shocked[j] -= outside[p, j] * (1 - rho[p, j]) } }
        }
        let cap = capacity()
        for j in 0..<n where x[j] > 0 {
            let keep = cap[j] / (x[j] * (1 + scenario.model.spareCapacity))
            shocked[j] = min(shocked[j], baseline[j] * keep)
        }
        return (baseline, shocked)
    }

    /// Inoperability perturbations (MODELS.md §4): demand side c* = x̂⁻¹(f⁰ − f̃), the lost final
    /// demand per unit of output; supply side δ = x̂⁻¹ Δv, the lost primary inputs per unit of output
    /// (0 where x_j = 0). Not clipped: the scenario parser refuses a scenario whose perturbation
    /// leaves [0, 1] (`Scenario.checkInoperabilityPerturbation`), with the sector named.
    func inoperabilityPerturbation() -> [Double] {
        let x = table.output
        if scenario.model.side == "supply" {
            let (baseline, shocked) = primaryInputChange()
            return (0..<n).map { x[$0] == 0 ? 0 : (baseline[$0] - shocked[$0]) / x[$0] }
        }
        let f0 = table.totalFinalDemand
        let f = finalDemand()
        return (0..<n).map { x[$0] == 0 ? 0 : (f0[$0] - f[$0]) / x[$0] }
    }
}
