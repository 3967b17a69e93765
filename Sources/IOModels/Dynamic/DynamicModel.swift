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

    public init(capacity: [Double], foreignAvailability: [Double], restOfCountryAvailability: [Double], finalDemand: [Double]) {
        self.capacity = capacity
        self.foreignAvailability = foreignAvailability
        self.restOfCountryAvailability = restOfCountryAvailability
        self.finalDemand = finalDemand
    }

    /// No shock: everything at its baseline.
    public static func baseline(_ n: Int) -> DailyConditions {
        let ones = [Double](repeating: 1, count: n)
        return DailyConditions(capacity: ones, foreignAvailability: ones, restOfCountryAvailability: ones, finalDemand: ones)
    }
}

/// The parameters of the dynamic model.
public struct DynamicParameters: Sendable {
    /// n_j ≥ 0: days of baseline use of each input that sector j holds beyond the day's own
    /// deliveries (its target stock), per sector.
    public var inventoryDays: [Double]
    /// τ ≥ 1: days over which a stock gap is closed by extra orders.
    public var tau: Double
    public var criticality: InputCriticality
    public var rationing: RationingRule
    /// Sectors may produce up to (1 + spare capacity) × their (shocked) baseline capacity.
    public var spareCapacity: Double
    /// η ∈ [0, 1]: final demand falls by η × yesterday's relative loss of total value added.
    public var demandResponse: Double

    public init(inventoryDays: [Double], tau: Double = 10, criticality: InputCriticality = .strict,
                rationing: RationingRule = .proportional, spareCapacity: Double = 0, demandResponse: Double = 0) {
        self.inventoryDays = inventoryDays
        self.tau = tau
        self.criticality = criticality
        self.rationing = rationing
        self.spareCapacity = spareCapacity
        self.demandResponse = demandResponse
    }
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
    /// otherwise produce, `[i + j * n]`; −1 never. Pairs without a flow stay −1.
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

/// Daily supply-shock propagation with input inventories (MODELS.md §6; after Pichler, Pangallo,
/// del Rio-Chanona, Lafond & Farmer 2022, JEDC 144, and the ARIO model of Hallegatte 2008).
///
/// Flows are daily (annual / 365) and held as ratios to the baseline: y_j = x_j / x⁰_j, stocks
/// s_ij in days of baseline use z_ij = Z_ij / 365. Each day t:
/// 1. Orders. Sector j orders o_ij = max(0, δ_j(t−1) + (n_j − s_ij) / τ) days of each domestic
///    input i and outside input p: the expected use (yesterday's demand for j) plus the gap between
///    its target stock n_j and the stock s_ij it carried over, closed over τ days.
/// 2. Outside inputs arrive the same day, at what the shock allows: min(o_pj, ρ_pj(t)) while
///    ρ_pj(t) < 1 (at most the share ρ of the baseline flow; ρ_pj mixes foreign and
///    rest-of-country availability with j's baseline shares), and o_pj once the shock is over
///    (outside suppliers then serve restocking orders in full).
/// 3. Demand δ_i = 1 + (f⁰_i / x⁰_i)(φ_i − 1) + Σ_j (z_ij / x⁰_i)(o_ij − 1).
/// 4. Production y_j = min(κ_j (1 + h), bound_j, δ_j), where bound_j is the minimum over inputs
///    with criticality w_ij > 0 of 1 − w_ij (1 − available_ij), available in days of use:
///    s_ij + q_ij(t−1) for domestic inputs (delivered yesterday, arriving today), s_pj + arrivals
///    for outside ones. With w = 1 this is x_j ≤ S_ij / a_ij.
/// 5. Rationing: proportional, every customer of i receives y_i / δ_i of its order; firms-first,
///    intermediate orders first, final demand the rest. Deliveries q_ij = o_ij r_i arrive tomorrow.
/// 6. Stocks: s ← max(0, s + arrivals − y_j) (inputs not available are not used: a sector that
///    produces with a missing non-critical input is assumed to replace it).
///
/// With no shock every quantity stays exactly at its baseline: all updates are written as
/// deviations that vanish there. With zero stocks and a permanent shock the long-run state
/// satisfies x = A x + f served with every constraint of MODELS.md §5.
/// - Complexity: O(n²) per day, with every buffer allocated once before the first day
///   (about 9 n² doubles of memory).
public struct DynamicModel: Sendable {
    public let count: Int
    /// x⁰ (annual).
    public let baselineOutput: [Double]
    /// z_ij / x⁰_i: the share of i's baseline output sold to j (column-major).
    let salesShare: [Double]
    /// f⁰_i / x⁰_i.
    let finalShare: [Double]
    /// Criticality of domestic inputs, −1 where there is no flow (column-major).
    let domesticWeight: [Double]
    /// Criticality of outside inputs, −1 where there is no flow.
    let outsideWeight: [Double]
    /// The share of j's outside purchases of p that is foreign (rest of the country for the rest).
    let foreignShare: [Double]
    /// Gross value added per sector, for the demand response.
    let valueAdded: [Double]
    public let parameters: DynamicParameters

    /// - Parameters:
    ///   - intermediate: Z, domestic flows (annual); baselineOutput x⁰; finalDemand f⁰ = F·1.
    ///   - imports: foreign intermediate purchases M; restOfCountry: purchases from the rest of the
    ///     country (regional tables), both product × using sector, nil when absent.
    public init(intermediate z: Matrix, baselineOutput x0: [Double], finalDemand f0: [Double],
                imports: Matrix?, restOfCountry: Matrix?, valueAdded: [Double]?,
                parameters: DynamicParameters) throws(ModelError) {
        let n = x0.count
        guard z.rows == n, z.columns == n, f0.count == n else { throw .invalidInput("the dynamic model needs Z of \(n) × \(n) and \(n) final demands") }
        guard parameters.inventoryDays.count == n else { throw .invalidInput("inventory days for \(parameters.inventoryDays.count) sectors, the table has \(n)") }
        guard parameters.inventoryDays.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw .invalidInput("inventory days must be finite and 0 or more") }
        guard parameters.tau >= 1, parameters.tau.isFinite else { throw .invalidInput("the restoration time τ must be at least 1 day, found \(parameters.tau)") }
        guard (0...1).contains(parameters.demandResponse) else { throw .invalidInput("the demand response must be in [0, 1]") }
        guard parameters.spareCapacity >= 0 else { throw .invalidInput("spare capacity must be 0 or more") }
        count = n
        baselineOutput = x0
        self.parameters = parameters
        self.valueAdded = valueAdded ?? [Double](repeating: 0, count: n)
        finalShare = (0..<n).map { x0[$0] > 0 ? f0[$0] / x0[$0] : 0 }
        var sales = [Double](repeating: 0, count: n * n)
        var wD = [Double](repeating: -1, count: n * n)
        var wM = [Double](repeating: -1, count: n * n)
        var share = [Double](repeating: 1, count: n * n)
        func weight(_ i: Int, _ j: Int) -> Double {
            switch parameters.criticality {
            case .strict: 1
            case .linear: 0
            case let .weights(w): w[i, j]
            }
        }
        for j in 0..<n {
            for i in 0..<n {
                let k = i + j * n
                if z[i, j] > 0 {
                    if x0[i] > 0 { sales[k] = z[i, j] / x0[i] }
                    wD[k] = weight(i, j)
                }
                let m = imports?[i, j] ?? 0, r = restOfCountry?[i, j] ?? 0
                if m + r > 0 {
                    wM[k] = weight(i, j)
                    share[k] = m / (m + r)
                }
            }
        }
        salesShare = sales
        domesticWeight = wD
        outsideWeight = wM
        foreignShare = share
    }

    /// Runs the model for `days` days; `conditions(t, &c)` fills in what the shocks leave on day t
    /// (it receives yesterday's conditions and may leave them unchanged).
    public func simulate(days: Int, conditions: (Int, inout DailyConditions) -> Void) -> DynamicPath {
        let n = count
        var path = DynamicPath(sectors: n, days: days,
                               outputRatio: [Double](repeating: 1, count: days * n),
                               bindingCodes: [Int32](repeating: -1, count: days * n),
                               firstShortageDomestic: [], firstShortageOutside: [])
        // State and scratch, allocated once: n × n buffers, column j = sector j's inputs.
        let state = PairBuffers(n: n, inventoryDays: parameters.inventoryDays)
        defer { state.deallocate() }
        salesShare.withUnsafeBufferPointer { sales in
            domesticWeight.withUnsafeBufferPointer { wD in
                outsideWeight.withUnsafeBufferPointer { wM in
                    foreignShare.withUnsafeBufferPointer { fs in
                        run(days: days, state: state, sales: sales, wD: wD, wM: wM, fs: fs, path: &path, conditions: conditions)
                    }
                }
            }
        }
        path.firstShortageDomestic = Array(state.shortDomestic)
        path.firstShortageOutside = Array(state.shortOutside)
        return path
    }

    /// The n × n state of a run: stocks, deliveries in transit, orders, arrivals, first shortages.
    final class PairBuffers {
        let stock, outsideStock, delivered, orders, arrivals: UnsafeMutableBufferPointer<Double>
        let shortDomestic, shortOutside: UnsafeMutableBufferPointer<Int32>

        init(n: Int, inventoryDays: [Double]) {
            func doubles(_ value: Double) -> UnsafeMutableBufferPointer<Double> {
                let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * n)
                b.initialize(repeating: value)
                return b
            }
            stock = doubles(0)
            outsideStock = doubles(0)
            for j in 0..<n { for i in 0..<n { stock[i + j * n] = inventoryDays[j]; outsideStock[i + j * n] = inventoryDays[j] } }
            delivered = doubles(1)
            orders = doubles(1)
            arrivals = doubles(1)
            shortDomestic = .allocate(capacity: n * n)
            shortDomestic.initialize(repeating: -1)
            shortOutside = .allocate(capacity: n * n)
            shortOutside.initialize(repeating: -1)
        }

        func deallocate() {
            for b in [stock, outsideStock, delivered, orders, arrivals] { b.deallocate() }
            shortDomestic.deallocate()
            shortOutside.deallocate()
        }
    }

    private func run(days: Int, state: PairBuffers, sales: UnsafeBufferPointer<Double>, wD: UnsafeBufferPointer<Double>,
                     wM: UnsafeBufferPointer<Double>, fs: UnsafeBufferPointer<Double>, path: inout DynamicPath,
                     conditions: (Int, inout DailyConditions) -> Void) {
        let n = count
        let p = parameters
        let stock = state.stock, outsideStock = state.outsideStock, delivered = state.delivered
        let orders = state.orders, arrivals = state.arrivals
        let shortDomestic = state.shortDomestic, shortOutside = state.shortOutside
        var demand = [Double](repeating: 1, count: n)               // δ_i(t)
        var lastDemand = [Double](repeating: 1, count: n)           // δ_i(t−1)
        var intermediateOrders = [Double](repeating: 0, count: n)
        var deviation = [Double](repeating: 0, count: n)
        var y = [Double](repeating: 1, count: n)
        var need = [Double](repeating: 1, count: n)
        var share = [Double](repeating: 1, count: n)                // r_i: share of orders delivered
        var phi = [Double](repeating: 1, count: n)
        var codes = [Int32](repeating: -1, count: n)
        var c = DailyConditions.baseline(n)
        let totalValueAdded = valueAdded.reduce(0, +)
        var valueAddedRatio = 1.0
        let tau = p.tau
        let spare = 1 + p.spareCapacity

        for t in 0..<days {
            conditions(t, &c)
            let response = p.demandResponse * (1 - valueAddedRatio)
            for i in 0..<n {
                phi[i] = response == 0 ? c.finalDemand[i] : c.finalDemand[i] * (1 - response)
                deviation[i] = 0
                intermediateOrders[i] = 0
            }
            // 1–3: orders, outside arrivals, demand.
            c.foreignAvailability.withUnsafeBufferPointer { foreign in
            c.restOfCountryAvailability.withUnsafeBufferPointer { rest in
            deviation.withUnsafeMutableBufferPointer { deviation in
            intermediateOrders.withUnsafeMutableBufferPointer { intermediate in
                for j in 0..<n {
                    let expected = lastDemand[j]
                    let target = p.inventoryDays[j]
                    let base = j * n
                    for i in 0..<n {
                        let k = base + i
                        if wD[k] >= 0 {
                            let o = max(0, expected + (target - stock[k]) / tau)
                            orders[k] = o
                            deviation[i] += sales[k] * (o - 1)
                            intermediate[i] += sales[k] * o
                        }
                        if wM[k] >= 0 {
                            let o = max(0, expected + (target - outsideStock[k]) / tau)
                            let rho = fs[k] == 1 ? foreign[i] : fs[k] * foreign[i] + (1 - fs[k]) * rest[i]
                            arrivals[k] = rho >= 1 ? o : min(o, rho)
                        }
                    }
                }
            }}}}
            for i in 0..<n {
                demand[i] = max(0, 1 + finalShare[i] * (phi[i] - 1) + deviation[i])
                need[i] = min(c.capacity[i] * spare, demand[i])
            }
            // 4: production, bound by capacity, inputs in hand and demand.
            for j in 0..<n {
                var bound = Double.infinity
                var which: Int32 = -1
                let base = j * n
                let needed = need[j] * (1 - 1e-12)
                for i in 0..<n {
                    let k = base + i
                    let w = wD[k]
                    if w >= 0 {
                        let available = stock[k] + delivered[k]
                        if available < needed, shortDomestic[k] < 0 { shortDomestic[k] = Int32(t) }
                        if w > 0 {
                            let b = w == 1 ? available : 1 - w * (1 - available)
                            if b < bound { bound = b; which = Int32(i) }
                        }
                    }
                    let v = wM[k]
                    if v >= 0 {
                        let available = outsideStock[k] + arrivals[k]
                        if available < needed, shortOutside[k] < 0 { shortOutside[k] = Int32(t) }
                        if v > 0 {
                            let b = v == 1 ? available : 1 - v * (1 - available)
                            if b < bound { bound = b; which = Int32(n + i) }
                        }
                    }
                }
                let cap = c.capacity[j] * spare
                var value = max(0, min(cap, bound, demand[j]))
                var code: Int32 = -1
                if value < 1 {
                    if value == demand[j], demand[j] <= min(cap, bound) { code = -3 }
                    else if bound < cap { code = which }
                    else { code = -2 }
                }
                if !value.isFinite { value = 0 }
                y[j] = value
                codes[j] = code
            }
            // 5: rationing shares.
            for i in 0..<n {
                switch p.rationing {
                case .proportional:
                    share[i] = demand[i] > 0 && y[i] < demand[i] ? y[i] / demand[i] : 1
                case .firmsFirst:
                    share[i] = intermediateOrders[i] > 0 && y[i] < intermediateOrders[i] ? y[i] / intermediateOrders[i] : 1
                }
            }
            // 5–6: deliveries for tomorrow, stocks after today's use.
            share.withUnsafeBufferPointer { share in
                for j in 0..<n {
                    let use = y[j]
                    let base = j * n
                    for i in 0..<n {
                        let k = base + i
                        if wD[k] >= 0 {
                            stock[k] = max(0, stock[k] + (delivered[k] - use))
                            delivered[k] = orders[k] * share[i]
                        }
                        if wM[k] >= 0 {
                            outsideStock[k] = max(0, outsideStock[k] + (arrivals[k] - use))
                        }
                    }
                }
            }
            var va = 0.0
            for j in 0..<n {
                path.outputRatio[t * n + j] = y[j]
                path.bindingCodes[t * n + j] = codes[j]
                va += valueAdded[j] * y[j]
                lastDemand[j] = demand[j]
            }
            valueAddedRatio = totalValueAdded > 0 ? va / totalValueAdded : 1
        }
    }
}
