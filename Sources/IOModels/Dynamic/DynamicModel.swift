import Foundation
import LinearAlgebra

/// What the shocks leave on one day, relative to the baseline (MODELS.md §6).
public struct DailyConditions: Sendable {
    /// κ_j ∈ [0, 1]: the share of its baseline capacity sector j keeps.
    public var capacity: [Double]
    /// a_p ∈ [0, 1]: the share of the baseline foreign supply of product p still available.
    public var foreignAvailability: [Double]
    /// The same for purchases from the rest of the country (regional tables).
    public var restOfCountryAvailability: [Double]
    /// φ_i: final demand for product i relative to its baseline (1 = unchanged).
    public var finalDemand: [Double]
    /// Outside supplies split by user, for import shocks that name their users; nil when none
    /// does (then every product has one outside supplier, as above).
    public var byUser: OutsideSupplyByUser?

    public init(capacity: [Double], foreignAvailability: [Double], restOfCountryAvailability: [Double], finalDemand: [Double],
                byUser: OutsideSupplyByUser? = nil) {
        self.capacity = capacity
        self.foreignAvailability = foreignAvailability
        self.restOfCountryAvailability = restOfCountryAvailability
        self.finalDemand = finalDemand
        self.byUser = byUser
    }

    /// No shock: everything at its baseline.
    public static func baseline(_ n: Int) -> DailyConditions {
        let ones = [Double](repeating: 1, count: n)
        return DailyConditions(capacity: ones, foreignAvailability: ones, restOfCountryAvailability: ones, finalDemand: ones)
    }
}

/// Outside supplies of a product split by user (docs/models.md, "Cuts to named users"): where a
/// shock on product p names user j (`users = [...]`), j's outside purchases of p are a supplier of
/// their own, with availability a_pj of j's baseline purchases, rationed by j's orders alone:
/// j receives min(1, a_pj / o_pj) of its orders (1 when a_pj = 1). The users no shock on p names,
/// with p's final users, keep one supplier of what is left of their baseline purchases,
/// B_p = 1 − Σ_{named j} M_pj / (Σ_k M_pk + final imports of p), with availability a_p
/// (`DailyConditions.foreignAvailability`): it delivers a_p B_p among their orders as an unsplit
/// supplier does. With no named user B_p = 1 and this is the unsplit supplier.
public struct OutsideSupplyByUser: Sendable, Equatable {
    /// named[p + j n]: a shock on p names user j (column-major, like the model's pair arrays).
    public var named: [Bool]
    /// a_pj for named pairs (1 elsewhere): from abroad, and from the rest of the country.
    public var foreign: [Double]
    public var restOfCountry: [Double]

    public init(named: [Bool], foreign: [Double], restOfCountry: [Double]) {
        self.named = named
        self.foreign = foreign
        self.restOfCountry = restOfCountry
    }

    /// Whether anything of product p is split off (p has a named user).
    func splits(_ p: Int, _ n: Int) -> Bool { (0..<n).contains { named[p + $0 * n] } }
}

/// The parameters of the dynamic model.
public struct DynamicParameters: Sendable {
    /// n_j: sector j's target stock of each input, in days of its baseline use. As in Pichler et
    /// al. (2022) the stock counts the day's own delivery (S_ij(0) = n_j Z_ij), so n_j = 1 is a
    /// sector that holds nothing beyond what arrives for the day; targets below 1 day are raised
    /// to 1 (`effectiveInventoryDays`), since the paper's baseline cannot run on less.
    public var inventoryDays: [Double]
    /// τ ≥ 1: days over which a stock gap is closed by extra orders.
    public var tau: Double
    public var criticality: InputCriticality
    /// How domestic suppliers share a shortage among their customers.
    public var rationing: RationingRule
    /// How an outside supplier (a product from abroad or from the rest of the country) shares
    /// what is left of it; nil: the same rule as domestic suppliers.
    public var outsideRationing: RationingRule?
    /// Sectors may produce up to (1 + spare capacity) × their (shocked) baseline capacity.
    public var spareCapacity: Double
    /// η ∈ [0, 1]: final demand falls by η × yesterday's relative loss of total value added.
    public var demandResponse: Double

    public init(inventoryDays: [Double], tau: Double = 10, criticality: InputCriticality = .strict,
                rationing: RationingRule = .proportional, outsideRationing: RationingRule? = nil,
                spareCapacity: Double = 0, demandResponse: Double = 0) {
        self.inventoryDays = inventoryDays
        self.tau = tau
        self.criticality = criticality
        self.rationing = rationing
        self.outsideRationing = outsideRationing
        self.spareCapacity = spareCapacity
        self.demandResponse = demandResponse
    }

    /// The targets the model runs with: max(1, n_j) (see `inventoryDays`).
    public var effectiveInventoryDays: [Double] { inventoryDays.map { max(1, $0) } }
}

/// The daily path of a dynamic run, in ratios to the baseline.
public struct DynamicPath: Sendable {
    /// What binds a sector on a day.
    public enum Binding: Sendable, Equatable {
        case none, capacity, demand
        case domesticInput(Int)
        case outsideInput(Int)
    }

    public let sectors: Int
    public let days: Int
    /// y_j(t) = x_j(t) / x⁰_j, day-major: `outputRatio[t * sectors + j]`.
    public var outputRatio: [Double]
    /// Encoded bindings, day-major: −1 none, −2 capacity, −3 demand, i domestic input i,
    /// n + p outside input p.
    var bindingCodes: [Int32]
    /// First day on which sector j's available domestic input i fell short of what it would
    /// otherwise produce, `[i + j * n]`; −1 never. Pairs without a flow stay −1. Empty when the
    /// run did not record shortages (`simulate(batch:days:tracksShortages: false, …)`).
    public var firstShortageDomestic: [Int32]
    /// The same for outside (imported, rest-of-country) inputs p.
    public var firstShortageOutside: [Int32]

    public func ratio(day t: Int, sector j: Int) -> Double { outputRatio[t * sectors + j] }

    public func binding(day t: Int, sector j: Int) -> Binding {
        let code = Int(bindingCodes[t * sectors + j])
        switch code {
        case -1: return .none
        case -2: return .capacity
        case -3: return .demand
        case let c where c < sectors: return .domesticInput(c)
        default: return .outsideInput(code - sectors)
        }
    }
}

/// Daily supply-shock propagation with input inventories: the dynamic input–output model of
/// Pichler, Pangallo, del Rio-Chanona, Lafond & Farmer (2022, JEDC 144, "Forecasting the
/// propagation of pandemic shocks with a dynamic input–output model"), MODELS.md §6, with imports
/// as rationed suppliers (docs/models.md).
///
/// Flows are daily (annual / 365) and held as ratios to the baseline: y_j = x_j / x⁰_j, stocks
/// s_ij = S_ij / z_ij in days of baseline use z_ij = Z_ij / 365. Each day t, in the paper's order:
/// 1. Orders O_ij(t) = A_ij d_j(t−1) + (n_j Z_ij − S_ij(t)) / τ, here o_ij = δ_j(t−1) + (n_j − s_ij)/τ,
///    for every domestic input i and every outside input p (imports, rest of the country).
/// 2. Demand d_i = Σ_j O_ij + f_i: δ_i = 1 + (f⁰_i / x⁰_i)(φ_i − 1) + Σ_j (z_ij / x⁰_i)(o_ij − 1).
///    An outside supplier of p (abroad, or the rest of the country) faces the orders of its
///    industrial users plus its baseline final sales, and can deliver a_p of its baseline sales.
/// 3. Production x_j = min(x_cap, x_inp, d_j): y_j = min(κ_j (1 + h), bound_j, δ_j) with
///    bound_j = min over inputs with criticality w > 0 of (1 − w) + w s_ij: S_ij / A_ij for a
///    critical input (w = 1), ½ (S_kj / A_kj + x⁰_j) for an important one (w = ½).
/// 4. Rationing: proportional, every order (restocking included) and final demand receives
///    r_i = min(1, y_i / δ_i); firms-first, intermediate orders first. Outside suppliers ration
///    the same way (or by `outsideRationing`).
/// 5. Stocks S_ij(t+1) = max(0, S_ij(t) + Z_ij(t) − A_ij x_j(t)), deliveries Z_ij = O_ij r_i;
///    S_ij(0) = n_j Z_ij.
///
/// With no shock every quantity stays exactly at its baseline: all updates are written as
/// deviations that vanish there.
/// - Complexity: O(n²) per day, one pass over the input pairs (`DynamicModel+Day.swift`), with
///   every buffer allocated once before the first day: six n × n arrays of doubles for the table
///   (sales shares, criticality weights, origin shares) and, during a run, two of stocks and two
///   of 32-bit first-shortage days.
public struct DynamicModel: Sendable {
    public let count: Int
    /// x⁰ (annual).
    public let baselineOutput: [Double]
    /// z_ij / x⁰_i: the share of i's baseline output sold to j (column-major).
    let salesShare: [Double]
    /// f⁰_i / x⁰_i.
    let finalShare: [Double]
    /// Criticality of domestic inputs, −1 where there is no flow (column-major).
    private(set) var domesticWeight: [Double]
    /// Criticality of outside inputs, −1 where there is no flow.
    private(set) var outsideWeight: [Double]
    /// The share of j's outside purchases of p that is foreign (rest of the country for the rest).
    let foreignShare: [Double]
    /// M_pj / (Σ_k M_pk + final imports of p): user j's share of the baseline foreign sales of p
    /// (column-major), and the same for the rest of the country.
    let foreignSalesShare: [Double]
    let restSalesShare: [Double]
    /// Baseline final purchases of p from abroad (rest of the country) over the supplier's total sales.
    let foreignFinalShare: [Double]
    let restFinalShare: [Double]
    /// Gross value added per sector, for the demand response.
    let valueAdded: [Double]
    public private(set) var parameters: DynamicParameters

    /// The model with the criticality entries `relaxed` (input i, user j) set to 0, domestic and
    /// outside, and `criticality` (the same entries relaxed, `InputCriticality.relaxing`) as its
    /// parameters' criticality: what the initialiser gives with that criticality, bit for bit,
    /// without rebuilding the n × n arrays (an explanation's relaxations; weights are in [0, 1],
    /// so a pair has a flow exactly where its weight is not −1).
    /// - Complexity: O(n²) to copy the two weight arrays, O(1) per entry.
    public func relaxing(_ relaxed: [(input: Int, user: Int)], criticality: InputCriticality) -> DynamicModel {
        var model = self
        let n = count
        model.parameters.criticality = criticality
        for e in relaxed {
            let k = e.input + e.user * n
            if model.domesticWeight[k] >= 0 { model.domesticWeight[k] = 0 }
            if model.outsideWeight[k] >= 0 { model.outsideWeight[k] = 0 }
        }
        return model
    }

    /// - Parameters:
    ///   - intermediate: Z, domestic flows (annual); baselineOutput x⁰; finalDemand f⁰ = F·1.
    ///   - imports: foreign intermediate purchases M; restOfCountry: purchases from the rest of the
    ///     country (regional tables), both product × using sector, nil when absent.
    ///   - importFinal, restOfCountryFinal: final purchases of each product from abroad and from the
    ///     rest of the country (row sums of the final-use blocks); nil counts none.
    public init(intermediate z: Matrix, baselineOutput x0: [Double], finalDemand f0: [Double],
                imports: Matrix?, restOfCountry: Matrix?, importFinal: [Double]? = nil, restOfCountryFinal: [Double]? = nil,
                valueAdded: [Double]?, parameters: DynamicParameters) throws(ModelError) {
        let n = x0.count
        guard z.rows == n, z.columns == n, f0.count == n else { throw .invalidInput("the dynamic model needs Z of \(n) × \(n) and \(n) final demands") }
        guard parameters.inventoryDays.count == n else { throw .invalidInput("inventory days for \(parameters.inventoryDays.count) sectors, the table has \(n)") }
        guard parameters.inventoryDays.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw .invalidInput("inventory days must be finite and 0 or more") }
        guard parameters.tau >= 1, parameters.tau.isFinite else { throw .invalidInput("the restoration time τ must be at least 1 day, found \(parameters.tau)") }
        guard (0...1).contains(parameters.demandResponse) else { throw .invalidInput("the demand response must be in [0, 1]") }
        guard parameters.spareCapacity >= 0 else { throw .invalidInput("spare capacity must be 0 or more") }
        for (name, v) in [("final imports", importFinal), ("final purchases from the rest of the country", restOfCountryFinal)] {
            if let v, v.count != n { throw .invalidInput("\(name) for \(v.count) products, the table has \(n)") }
        }
        count = n
        baselineOutput = x0
        self.parameters = parameters
        self.valueAdded = valueAdded ?? [Double](repeating: 0, count: n)
        finalShare = (0..<n).map { x0[$0] > 0 ? f0[$0] / x0[$0] : 0 }
        // Six n × n arrays, on huge pages where the kernel offers them (`LargeMemory`).
        var sales = LargeMemory.array(repeating: 0, count: n * n)
        var wD = LargeMemory.array(repeating: -1, count: n * n)
        var wM = LargeMemory.array(repeating: -1, count: n * n)
        var share = LargeMemory.array(repeating: 1, count: n * n)
        var salesF = LargeMemory.array(repeating: 0, count: n * n), salesR = LargeMemory.array(repeating: 0, count: n * n)
        // The weight of every pair: one for all (strict, linear) or the table's (column-major, as Z).
        let constantWeight: Double, pairWeights: [Double]?
        switch parameters.criticality {
        case .strict: constantWeight = 1; pairWeights = nil
        case .linear: constantWeight = 0; pairWeights = nil
        case let .weights(w):
            guard w.rows == n, w.columns == n else { throw .invalidInput("criticality weights of \(w.rows) × \(w.columns), the table has \(n) sectors") }
            constantWeight = 0; pairWeights = w.storage
        }
        for (name, m) in [("imports", imports), ("purchases from the rest of the country", restOfCountry)] {
            if let m, m.rows != n || m.columns != n { throw .invalidInput("\(name) of \(m.rows) × \(m.columns), the table has \(n) sectors") }
        }
        let empty: [Double] = []
        let zs = z.storage, ms = imports?.storage ?? empty, rs = restOfCountry?.storage ?? empty
        // Each outside supplier's baseline sales: industrial users plus final users.
        // Summed column by column (contiguous), each product's terms in user order.
        func totals(_ m: [Double], _ final: [Double]?) -> [Double] {
            var total = (0..<n).map { max(0, final?[$0] ?? 0) }
            m.withUnsafeBufferPointer { m in
                guard !m.isEmpty else {
                    // No such purchases: every term is + 0 (as m[p, j] ?? 0 was).
                    for p in 0..<n { total[p] += 0 }
                    return
                }
                for j in 0..<n { for p in 0..<n { total[p] += m[p + j * n] } }
            }
            return total
        }
        let totalF = totals(ms, importFinal), totalR = totals(rs, restOfCountryFinal)
        // One pass over the pairs, through the arrays' storage (the same operations in the same
        // order as element by element, so the same numbers, without a bounds check per access).
        zs.withUnsafeBufferPointer { zs in
        ms.withUnsafeBufferPointer { ms in
        rs.withUnsafeBufferPointer { rs in
        (pairWeights ?? empty).withUnsafeBufferPointer { ws in
        sales.withUnsafeMutableBufferPointer { sales in
        wD.withUnsafeMutableBufferPointer { wD in
        wM.withUnsafeMutableBufferPointer { wM in
        share.withUnsafeMutableBufferPointer { share in
        salesF.withUnsafeMutableBufferPointer { salesF in
        salesR.withUnsafeMutableBufferPointer { salesR in
            let hasM = !ms.isEmpty, hasR = !rs.isEmpty, hasW = !ws.isEmpty
            for j in 0..<n {
                for i in 0..<n {
                    let k = i + j * n
                    let weight = hasW ? ws[k] : constantWeight
                    let zij = zs[k]
                    if zij > 0 {
                        if x0[i] > 0 { sales[k] = zij / x0[i] }
                        wD[k] = weight
                    }
                    let m = hasM ? ms[k] : 0, r = hasR ? rs[k] : 0
                    if m + r > 0 {
                        wM[k] = weight
                        share[k] = m / (m + r)
                        if m > 0 { salesF[k] = m / totalF[i] }
                        if r > 0 { salesR[k] = r / totalR[i] }
                    }
                }
            }
        }}}}}}}}}}
        salesShare = sales
        domesticWeight = wD
        outsideWeight = wM
        foreignShare = share
        foreignSalesShare = salesF
        restSalesShare = salesR
        foreignFinalShare = (0..<n).map { totalF[$0] > 0 ? max(0, importFinal?[$0] ?? 0) / totalF[$0] : 0 }
        restFinalShare = (0..<n).map { totalR[$0] > 0 ? max(0, restOfCountryFinal?[$0] ?? 0) / totalR[$0] : 0 }
    }

    /// Runs the model for `days` days; `conditions(t, &c)` fills in what the shocks leave on day t
    /// (it receives yesterday's conditions and may leave them unchanged).
    /// - Parameter threads: 1, or 2 to split each day's pass over the input pairs by supplier rows
    ///   between the caller's thread and one more; nil: 2 on tables of 512 sectors or more when the
    ///   machine has more than one processor, else 1. The path is the same bit for bit either way
    ///   (`DynamicModel+Day.swift`).
    public func simulate(days: Int, threads: Int? = nil, conditions: (Int, inout DailyConditions) -> Void) -> DynamicPath {
        let n = count
        var path = DynamicPath(sectors: n, days: days,
                               outputRatio: [Double](repeating: 1, count: days * n),
                               bindingCodes: [Int32](repeating: -1, count: days * n),
                               firstShortageDomestic: [], firstShortageOutside: [])
        // State and scratch, allocated once: n × n buffers, column j = sector j's inputs.
        let state = PairBuffers(n: n, inventoryDays: parameters.effectiveInventoryDays)
        defer { state.deallocate() }
        let parts = threads.map { min(2, max(1, $0)) } ?? (n >= 512 && ProcessInfo.processInfo.activeProcessorCount > 1 ? 2 : 1)
        run(days: days, parts: min(parts, max(1, n)), state: state, path: &path, conditions: conditions)
        path.firstShortageDomestic = Array(state.shortDomestic)
        path.firstShortageOutside = Array(state.shortOutside)
        return path
    }

    /// The share of its orders a supplier delivers: everyone the same share of what it can make,
    /// or intermediate users first. `orders − 1` and `intermediate − 1 + final` are written as
    /// deviations so that a supplier at its baseline delivers exactly 1.
    @inline(__always)
    static func deliveredShare(available: Double, demandDeviation: Double, intermediateDeviation: Double, finalShare: Double, rule: RationingRule) -> Double {
        switch rule {
        case .proportional:
            let demand = 1 + demandDeviation
            return demand > 0 && available < demand ? max(0, available) / demand : 1
        case .firmsFirst:
            let intermediate = (1 - finalShare) + intermediateDeviation
            return intermediate > 0 && available < intermediate ? max(0, available) / intermediate : 1
        }
    }

    /// The products with a named user under `split`.
    func splitProducts(_ split: OutsideSupplyByUser) -> [Int] { (0..<count).filter { split.splits($0, count) } }

    /// The delivered shares of product q's outside supplies split by user (`OutsideSupplyByUser`),
    /// given every user's orders o_qj (`order(k)` for pair k = q + j n): into pairF/pairR[k] for
    /// named users, min(1, a_qj / o_qj); into shareF/shareR the share the remaining supplier
    /// delivers to the other users and final users, its baseline sales B_q, demand B_q + Σ_{j not
    /// named} (M_qj / total)(o_qj − 1) and availability a_q B_q.
    func splitShares(_ q: Int, _ split: OutsideSupplyByUser, _ c: DailyConditions, rule: RationingRule, order: (Int) -> Double,
                     shareF: inout Double, shareR: inout Double, pairF: inout [Double], pairR: inout [Double]) {
        let n = count
        var baseF = 1.0, baseR = 1.0, sumF = 0.0, sumR = 0.0
        for j in 0..<n where outsideWeight[q + j * n] >= 0 {
            let k = q + j * n, o = order(k)
            if split.named[k] {
                baseF -= foreignSalesShare[k]
                baseR -= restSalesShare[k]
                func own(_ a: Double) -> Double { a >= 1 ? 1 : o > 0 && a < o ? max(0, a) / o : 1 }
                pairF[k] = own(split.foreign[k])
                pairR[k] = own(split.restOfCountry[k])
            } else {
                sumF += foreignSalesShare[k] * (o - 1)
                sumR += restSalesShare[k] * (o - 1)
            }
        }
        func rest(_ a: Double, _ base: Double, _ sum: Double, _ final: Double) -> Double {
            guard a < 1, base > 1e-15 else { return 1 }
            return Self.deliveredShare(available: a, demandDeviation: sum / base, intermediateDeviation: sum / base, finalShare: final / base, rule: rule)
        }
        shareF = rest(c.foreignAvailability[q], baseF, sumF, foreignFinalShare[q])
        shareR = rest(c.restOfCountryAvailability[q], baseR, sumR, restFinalShare[q])
    }
}
