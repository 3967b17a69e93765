/// Many runs of the dynamic model in lockstep (Monte Carlo draws of a dynamic scenario).
///
/// The day step of `DynamicModel` (steps 1–5, (P1)–(P6) in docs/models.md) is applied to B runs at
/// once: every per-pair and per-sector quantity is held with the batch as its innermost,
/// contiguous index (`stock[(i + j n) B + b]`), so each pass over the n × n input pairs reads the
/// shared structure (sales shares, criticality weights, masks) once and updates the B runs four
/// lanes at a time (`SIMD4<Double>`), branch-free. As in the single run, a day is one pass over
/// the pairs: the restocking of day t, the orders of day t + 1 and the input bounds of day t + 1
/// (step 3) on the same visit of each pair; only the shortage record, when asked for, is a second
/// pass (it compares the stock with what the user would otherwise produce, which needs the
/// demand of the day, known after the pass). The equations and their order of evaluation
/// are the single run's (`DynamicModel+Day.swift`, which also does the restocking of day t and
/// the orders of day t + 1 in one pass over the pairs and multiplies the stock gap by 1/τ), so a
/// member's path is its single run's bit for bit, with the same bindings and first shortage days
/// (tested on the Flemish table with every parameter drawn).
///
/// The day step has no matrix product with the batch as columns: its one contraction,
/// Σ_j (z_ij / x⁰_i)(o_ij − 1), weighs each pair's order, which depends on that run's own stock
/// s_ij (o_ij = δ_j(t−1) + (n_j − s_ij)/τ), so it is an elementwise pass over n² × B numbers,
/// not a GEMM; splitting off its Σ_j (z_ij / x⁰_i)(δ_j − 1) part as one would save nothing, the
/// pass being needed anyway.
extension DynamicModel {
    /// What may differ between the members of a batch; the criticality, the rationing rules and
    /// the table are the model's own.
    public struct DrawParameters: Sendable {
        public var inventoryDays: [Double]
        public var tau: Double
        public var spareCapacity: Double
        public var demandResponse: Double

        public init(inventoryDays: [Double], tau: Double, spareCapacity: Double, demandResponse: Double) {
            self.inventoryDays = inventoryDays
            self.tau = tau
            self.spareCapacity = spareCapacity
            self.demandResponse = demandResponse
        }
    }

    /// Storage for the paths of the members of a block, reused by one caller from one call of
    /// `simulate(batch:…)` to the next (a Monte Carlo worker): once the paths a call returned have
    /// been dropped, the next call writes its members' daily outputs and bindings into the same
    /// arrays instead of allocating and filling fresh ones (280 KB a member for 64 sectors and
    /// 365 days; fresh pages were a tenth of the CPU time of 10,000 draws, most of it in the
    /// kernel's page faults). Every element is written on every call, so nothing of an earlier
    /// call can show; arrays still held by a path are copied on write, as any Swift array.
    /// One storage is for one thread at a time.
    public final class PathStorage {
        var outputs: [[Double]] = []
        var bindings: [[Int32]] = []
        public init() {}

        /// Takes the arrays for `members` paths of `count` elements out of the storage (the caller
        /// then holds their only reference, unless an earlier path still does).
        func take(members: Int, count: Int) -> (outputs: [[Double]], bindings: [[Int32]]) {
            var o: [[Double]] = [], c: [[Int32]] = []
            swap(&o, &outputs)
            swap(&c, &bindings)
            for b in 0..<max(members, o.count) where b >= o.count || o[b].count != count {
                if b < o.count { o[b] = [Double](repeating: 1, count: count) } else { o.append([Double](repeating: 1, count: count)) }
            }
            for b in 0..<max(members, c.count) where b >= c.count || c[b].count != count {
                if b < c.count { c[b] = [Int32](repeating: -1, count: count) } else { c.append([Int32](repeating: -1, count: count)) }
            }
            return (o, c)
        }

        /// Puts the arrays back for the next call.
        func give(outputs o: [[Double]], bindings c: [[Int32]]) {
            outputs = o
            bindings = c
        }
    }

    /// Runs `members.count` simulations of `days` days in lockstep; `conditions(t, b, &c)` fills in
    /// what the shocks leave on day t in run b (it receives that run's conditions of yesterday)
    /// and returns whether it changed them (false: the lanes keep yesterday's values).
    /// Path b is `simulate(days:conditions:)` of a model with member b's parameters, bit for bit.
    /// `storage`, when given, holds the paths' arrays from one call to the next (`PathStorage`).
    /// With `tracksShortages` false the first shortage days are not recorded (the paths' arrays
    /// are empty), which spares step 3's second pass over the pairs.
    ///
    /// The members run in blocks of `lanes` (16): a block's numbers are `SIMD16<Double>` lanes
    /// (a short block is padded with copies of its first member, computed and dropped). Each lane
    /// does the single run's scalar operations in the same order: no fused multiply–add is
    /// formed, `max(0, x)` and the strict minimum of the input bounds are selects with the scalar
    /// code's rules, every sum runs over users j ascending. So the bits do not depend on the
    /// vector width or on the block a member is in.
    /// - Complexity: O(days × n² × B) time; pair state of n B doubles (the common stocks) plus
    ///   n B for each supplier row, domestic or outside, that has rationed (at most 2 n² B; see
    ///   `simulate(block:days:tracksShortages:conditions:)`), plus the B paths (2 n² B more with
    ///   `tracksShortages`).
    public func simulate(batch members: [DrawParameters], days: Int, tracksShortages: Bool = true, storage: PathStorage? = nil,
                         conditions: (_ day: Int, _ member: Int, inout DailyConditions) -> Bool) throws(ModelError) -> [DynamicPath] {
        let n = count
        for m in members {
            guard m.inventoryDays.count == n else { throw .invalidInput("inventory days for \(m.inventoryDays.count) sectors, the table has \(n)") }
            guard m.inventoryDays.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw .invalidInput("inventory days must be finite and 0 or more") }
            guard m.tau >= 1, m.tau.isFinite else { throw .invalidInput("the restoration time τ must be at least 1 day, found \(m.tau)") }
            guard (0...1).contains(m.demandResponse) else { throw .invalidInput("the demand response must be in [0, 1]") }
            guard m.spareCapacity >= 0 else { throw .invalidInput("spare capacity must be 0 or more") }
        }
        let storage = storage ?? PathStorage()
        var paths: [DynamicPath] = []
        paths.reserveCapacity(members.count)
        var first = 0
        while first < members.count {
            let last = min(members.count, first + Self.lanes)
            let offset = first
            paths += simulate(block: Array(members[first..<last]), days: days, tracksShortages: tracksShortages, storage: storage) { t, b, c in
                conditions(t, offset + b, &c)
            }
            first = last
        }
        return paths
    }

    /// Members in a block of lanes.
    static let lanes = 16
    typealias Lanes = SIMD16<Double>

    /// One block of at most `lanes` members (see `simulate(batch:days:tracksShortages:conditions:)`).
    ///
    /// Sector quantities are held as `[i B + b]` (B = 16 lanes). The pairs of user j are visited
    /// once a day: step 5 of day t, then from the stocks now held the orders of day t + 1 and the
    /// input bounds of day t + 1 (step 3). The orders' terms in the suppliers' demand,
    /// Σ_j (z_ij / x⁰_i)(o_ij − 1), are summed j ascending as in the single run: for a row that
    /// holds the common stocks (below), row by row after the visits, with the batch as the
    /// columns of the product (accumulators in registers); for a row with stocks of its own,
    /// during the visits, as each term is computed.
    ///
    /// Common stocks. A pair whose supplier has delivered in full (r = 1 in every lane) on every
    /// day so far holds its column's common stock: it started at n_j like every pair of column j
    /// and has had the same operations on the same numbers since (o · 1 = o; outside,
    /// f · 1 + (1 − f) · 1 = 1 exactly for f in [0, 1]), so it is the same number bit for bit. Its
    /// restocking and its order are computed once per column; only its demand term and its input
    /// bound are per pair. A supplier row gets stocks of its own (copies of the common stocks of
    /// that day) the first day it delivers less than in full, and keeps them. In the Flemish
    /// headline, 10–12 of the 64 domestic rows and one outside row (the cut product) ever do.
    private func simulate(block members: [DrawParameters], days: Int, tracksShortages: Bool, storage: PathStorage,
                          conditions: (_ day: Int, _ member: Int, inout DailyConditions) -> Bool) -> [DynamicPath] {
        let n = count, nb = members.count, B = Self.lanes
        guard nb > 0 else { return [] }
        func member(_ b: Int) -> DrawParameters { members[b < nb ? b : 0] }
        func doubles(_ count: Int, _ value: Double) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
            p.initialize(repeating: value, count: max(1, count))
            return p
        }
        let sectors = n * B
        // Sector state, [i B + b].
        let target = doubles(sectors, 1)
        let demand = doubles(sectors, 1), lastDemand = doubles(sectors, 1)
        let deviation = doubles(sectors, 0), deviationF = doubles(sectors, 0), deviationR = doubles(sectors, 0)
        let y = doubles(sectors, 1), share = doubles(sectors, 1), shareF = doubles(sectors, 1), shareR = doubles(sectors, 1)
        let capacity = doubles(sectors, 1), foreign = doubles(sectors, 1), rest = doubles(sectors, 1), final = doubles(sectors, 1)
        // Step 3's input bound of each user and the input that sets it (−1: none), for the day
        // whose stocks the last pass wrote.
        let bound = doubles(sectors, .infinity), which = doubles(sectors, -1)
        // Each column's common stock, S(0) = n_j, and its pairs' order minus 1.
        let common = doubles(sectors, 1), commonOrder = doubles(sectors, 0)
        let dayCodes = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, sectors))
        dayCodes.initialize(repeating: -1, count: max(1, sectors))
        // The stocks of the rows with their own, [j B + b] (nil: the row holds the common ones).
        func rowPointers() -> UnsafeMutablePointer<UnsafeMutablePointer<Double>?> {
            let p = UnsafeMutablePointer<UnsafeMutablePointer<Double>?>.allocate(capacity: max(1, n))
            p.initialize(repeating: nil, count: max(1, n))
            return p
        }
        let ownStockD = rowPointers(), ownStockM = rowPointers()
        // First shortage days as doubles (−1: never), [(i + j n) B + b].
        let tracked = tracksShortages ? n * n * B : 0
        let shortDomestic = doubles(tracked, -1), shortOutside = doubles(tracked, -1)
        // Per lane.
        let inverseTau = doubles(B, 1), spare = doubles(B, 1), response = doubles(B, 0), valueAddedRatio = doubles(B, 1)
        defer {
            for p in [target, demand, lastDemand, deviation, deviationF, deviationR, y, share, shareF, shareR, capacity, foreign, rest, final,
                      bound, which, common, commonOrder, shortDomestic, shortOutside, inverseTau, spare, response, valueAddedRatio] { p.deallocate() }
            for rows in [ownStockD, ownStockM] {
                for i in 0..<n { rows[i]?.deallocate() }
                rows.deallocate()
            }
            dayCodes.deallocate()
        }
        for b in 0..<B {
            let m = member(b)
            inverseTau[b] = 1 / m.tau
            spare[b] = 1 + m.spareCapacity
            for j in 0..<n { target[j * B + b] = max(1, m.inventoryDays[j]) }
        }
        common.update(from: target, count: sectors)
        // Member b's daily outputs and bindings, day-major; every element is written below.
        var (outputs, bindings) = storage.take(members: nb, count: days * n)
        var memberConditions = [DailyConditions](repeating: .baseline(n), count: nb)
        let p = parameters
        let outsideRule = p.outsideRationing ?? p.rationing
        let totalValueAdded = valueAdded.reduce(0, +)

        @inline(__always) func load(_ p: UnsafeMutablePointer<Double>) -> Lanes { UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
        @inline(__always) func store(_ p: UnsafeMutablePointer<Double>, _ v: Lanes) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self) }
        /// `max(0, x)` lane by lane with the scalar function's rule (x when x ≥ 0, so −0 stays −0;
        /// 0 otherwise, NaN included).
        @inline(__always) func nonNegative(_ x: Lanes) -> Lanes { Lanes(repeating: 0).replacing(with: x, where: x .>= 0) }
        /// `min(a, b)` lane by lane with the scalar function's rule (b when b < a, else a).
        @inline(__always) func pointwiseMin(_ a: Lanes, _ b: Lanes) -> Lanes { a.replacing(with: b, where: b .< a) }
        /// Step 3's shortage record of one input pair: marks the first day the stock falls short
        /// of what the member would otherwise produce.
        @inline(__always) func recordShortage(_ stock: Lanes, _ short: UnsafeMutablePointer<Double>, needed: Lanes, day: Double) {
            let s = load(short)
            store(short, s.replacing(with: day, where: stock .< needed .& s .< 0))
        }

        withPairArrays { sales, salesF, salesR, wD, wM, fs in
            // Per supplier row, its users with a flow (j ascending); per user, its critical inputs
            // in the order of step 3's minimum (i ascending, domestic before outside): i, or n + i
            // for an outside input, with its weight.
            // (Outside: with a nonzero sales share abroad, resp. in the rest of the country; a term
            // a (o − 1) with a = 0 is ±0, which leaves a sum from +0 unchanged.)
            var usersD = [[Int]](repeating: [], count: n), usersF = usersD, usersR = usersD
            var critical = [[(code: Int, weight: Double)]](repeating: [], count: n)
            for j in 0..<n {
                for i in 0..<n {
                    let k = j * n + i
                    if wD[k] >= 0 { usersD[i].append(j) }
                    if wM[k] >= 0, salesF[k] != 0 { usersF[i].append(j) }
                    if wM[k] >= 0, salesR[k] != 0 { usersR[i].append(j) }
                    if wD[k] > 0 { critical[j].append((i, wD[k])) }
                    if wM[k] > 0 { critical[j].append((n + i, wM[k])) }
                }
            }
            // The rows with stocks of their own, ascending.
            var ownRowsD: [Int] = [], ownRowsM: [Int] = []
            // Per user, the critical inputs step 3's minimum has to visit: every input with a stock
            // of its own, and of the inputs that hold the common stock only the first of each
            // weight (the others give the same (1 − w) + w s, which does not replace an equal
            // earlier value), in the order of `critical`. Rebuilt when a row gets its own stocks.
            var candidates = critical
            func selectCandidates() {
                for j in 0..<n {
                    var seen: [Double] = []
                    candidates[j] = critical[j].filter { c, w in
                        if c < n ? ownStockD[c] != nil : ownStockM[c - n] != nil { return true }
                        if seen.contains(w) { return false }
                        seen.append(w)
                        return true
                    }
                }
            }
            /// Gives row i stocks of its own: today's common stocks.
            func separate(_ stocks: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>, _ rows: inout [Int], row i: Int) {
                let s = UnsafeMutablePointer<Double>.allocate(capacity: max(1, sectors))
                s.initialize(from: common, count: max(1, sectors))
                stocks[i] = s
                rows.append(i)
                rows.sort()
            }
            // A row whose outside purchases could deliver other than o when in full (a foreign
            // share outside [0, 1]) has its own stocks from the start.
            for i in 0..<n where (0..<n).contains(where: { j in let f = fs[j * n + i]; return wM[j * n + i] >= 0 && f != 1 && f * 1 + (1 - f) * 1 != 1 }) {
                separate(ownStockM, &ownRowsM, row: i)
            }
            selectCandidates()

            /// Step 5 of today on user j's pairs (with `restock`): the order o = δ_j(t−1) + (n_j − s)/τ
            /// is recomputed from the stock (the same expression as when it was placed, so the same
            /// bits) and s ← max(0, s + o r − y_j). Then (with `orders`), from the stocks now held:
            /// each pair's next order minus 1, x = δ_j + (n_j − s)/τ − 1 (`expected` is δ_j: today's
            /// demand, or 1 before day 0), and user j's input bound of the next day, the least
            /// (1 − w) + w s over its critical inputs, the first among equals. The common stocks'
            /// x is kept for `sumOrders`; a row with stocks of its own adds its terms a_ij x_ij to
            /// its demand deviations here, users j ascending as `visit` is called (from +0, see
            /// `beginOrders`).
            func visit(column j: Int, restock: Bool, orders: Bool, expected: UnsafeMutablePointer<Double>) {
                let sj = j &* B
                let use = load(y + sj), nt = load(target + sj), it = load(inverseTau), placed = load(lastDemand + sj), next = load(expected + sj)
                @inline(__always) func step(_ stock: UnsafeMutablePointer<Double>, delivered: (Lanes) -> Lanes) -> Lanes {
                    var s = load(stock)
                    if restock {
                        let o = placed + (nt - s) * it
                        s = nonNegative(s + (delivered(o) - use))
                        store(stock, s)
                    }
                    return (next + (nt - s) * it) - 1
                }
                @inline(__always) func add(_ a: Double, _ x: Lanes, to sum: UnsafeMutablePointer<Double>) { store(sum, load(sum) + a * x) }
                let x = step(common + sj) { $0 }
                if orders { store(commonOrder + sj, x) }
                for i in ownRowsD {
                    let k = j &* n &+ i, si = i &* B
                    guard wD[k] >= 0 else { continue }
                    let r = load(share + si)
                    let x = step(ownStockD[i]! + sj) { $0 * r }
                    if orders { add(sales[k], x, to: deviation + si) }
                }
                for i in ownRowsM {
                    let k = j &* n &+ i, si = i &* B
                    guard wM[k] >= 0 else { continue }
                    let f = fs[k], rF = load(shareF + si), st = ownStockM[i]! + sj
                    let x: Lanes
                    if f == 1 {
                        x = step(st) { $0 * rF }
                    } else {
                        let h = 1 - f, rR = load(shareR + si)
                        x = step(st) { $0 * (f * rF + h * rR) }
                    }
                    if orders {
                        add(salesF[k], x, to: deviationF + si)
                        add(salesR[k], x, to: deviationR + si)
                    }
                }
                guard orders else { return }
                var least = Lanes(repeating: .infinity), code = Lanes(repeating: -1)
                let shared = load(common + sj)
                for (c, w) in candidates[j] {
                    let s = c < n ? ownStockD[c].map { load($0 + sj) } ?? shared : ownStockM[c &- n].map { load($0 + sj) } ?? shared
                    let v = w == 1 ? s : 1 - w * (1 - s), less = v .< least
                    least.replace(with: v, where: less)
                    code.replace(with: Double(c), where: less)
                }
                store(bound + sj, least)
                store(which + sj, code)
            }
            /// The rows with stocks of their own start their demand deviations at +0 before the
            /// visits add their terms.
            func beginOrders() {
                for i in ownRowsD { store(deviation + i &* B, Lanes(repeating: 0)) }
                for i in ownRowsM {
                    store(deviationF + i &* B, Lanes(repeating: 0))
                    store(deviationR + i &* B, Lanes(repeating: 0))
                }
            }
            /// The orders' terms in the demand deviations of the rows that hold the common stocks,
            /// Σ_j a_ij (o_j − 1) over the users j with a flow and a nonzero a_ij, ascending, from +0:
            /// the single run's sum (its terms with a_ij = 0 are ±0 and do not change a sum from +0,
            /// which is never −0).
            func sumOrders() {
                for i in 0..<n {
                    let si = i &* B
                    if ownStockD[i] == nil {
                        var sum = Lanes(repeating: 0)
                        for j in usersD[i] { sum += sales[j &* n &+ i] * load(commonOrder + j &* B) }
                        store(deviation + si, sum)
                    }
                    if ownStockM[i] == nil {
                        var sum = Lanes(repeating: 0)
                        for j in usersF[i] { sum += salesF[j &* n &+ i] * load(commonOrder + j &* B) }
                        store(deviationF + si, sum)
                        sum = Lanes(repeating: 0)
                        for j in usersR[i] { sum += salesR[j &* n &+ i] * load(commonOrder + j &* B) }
                        store(deviationR + si, sum)
                    }
                }
            }
            // The orders of day 0 and its input bounds, from the initial stocks.
            beginOrders()
            for j in 0..<n { visit(column: j, restock: false, orders: true, expected: lastDemand) }
            sumOrders()
            var separated = false
            for t in 0..<days {
                // δ(t − 1), from which the orders of day t were placed (all 1 on day 0).
                lastDemand.update(from: demand, count: sectors)
                // The lanes hold the baseline (1) before day 0, as `memberConditions` do; a padding
                // lane follows member 0.
                var firstChanged = false
                for b in 0..<B {
                    let changed = b < nb ? conditions(t, b, &memberConditions[b]) : firstChanged
                    if b == 0 { firstChanged = changed }
                    response[b] = member(b).demandResponse * (1 - valueAddedRatio[b])
                    guard changed else { continue }
                    let c = memberConditions[b < nb ? b : 0]
                    // Supplies split by user are not part of this kernel; `DynamicRunner` runs such
                    // scenarios one by one with `simulate(days:conditions:)`.
                    precondition(c.byUser == nil, "simulate(batch:) does not take outside supplies split by user")
                    c.capacity.withUnsafeBufferPointer { v in for j in 0..<n { capacity[j &* B &+ b] = v[j] } }
                    c.foreignAvailability.withUnsafeBufferPointer { v in for j in 0..<n { foreign[j &* B &+ b] = v[j] } }
                    c.restOfCountryAvailability.withUnsafeBufferPointer { v in for j in 0..<n { rest[j &* B &+ b] = v[j] } }
                    c.finalDemand.withUnsafeBufferPointer { v in for j in 0..<n { final[j &* B &+ b] = v[j] } }
                }
                // 2: demand (the orders of day t were placed at the end of day t − 1), with final
                // demand φ lowered by the demand response r (φ (1 − r), φ itself when r = 0).
                let r = load(response), responds = r .!= 0
                for i in 0..<n {
                    let si = i &* B
                    let f = load(final + si), phi = f.replacing(with: f * (1 - r), where: responds)
                    store(demand + si, 1 + finalShare[i] * (phi - 1) + load(deviation + si))
                    for b in 0..<B {
                        shareF[si &+ b] = foreign[si &+ b] >= 1 ? 1 : Self.deliveredShare(available: foreign[si &+ b], demandDeviation: deviationF[si &+ b],
                                                                                          intermediateDeviation: deviationF[si &+ b], finalShare: foreignFinalShare[i], rule: outsideRule)
                        shareR[si &+ b] = rest[si &+ b] >= 1 ? 1 : Self.deliveredShare(available: rest[si &+ b], demandDeviation: deviationR[si &+ b],
                                                                                       intermediateDeviation: deviationR[si &+ b], finalShare: restFinalShare[i], rule: outsideRule)
                    }
                }
                // 3: production, bound by capacity, inputs in stock (the bounds of the last visit)
                // and demand; with `tracksShortages`, the first day a stock falls short of what its
                // user would otherwise produce.
                let day = Double(t)
                for j in 0..<n {
                    let sj = j &* B
                    if tracksShortages {
                        let needed = pointwiseMin(load(capacity + sj) * load(spare), load(demand + sj)) * (1 - 1e-12)
                        let shared = load(common + sj)
                        for i in 0..<n {
                            let k = j &* n &+ i
                            if wD[k] >= 0 { recordShortage(ownStockD[i].map { load($0 + sj) } ?? shared, shortDomestic + k &* B, needed: needed, day: day) }
                            if wM[k] >= 0 { recordShortage(ownStockM[i].map { load($0 + sj) } ?? shared, shortOutside + k &* B, needed: needed, day: day) }
                        }
                    }
                    for b in 0..<B {
                        let cap = capacity[sj &+ b] * spare[b]
                        let d = demand[sj &+ b], limit = bound[sj &+ b]
                        var value = max(0, min(cap, limit, d))
                        var code: Int32 = -1
                        if value < 1 {
                            if value == d, d <= min(cap, limit) { code = -3 }
                            else if limit < cap { code = Int32(which[sj &+ b]) }
                            else { code = -2 }
                        }
                        if !value.isFinite { value = 0 }
                        y[sj &+ b] = value
                        dayCodes[sj &+ b] = code
                    }
                }
                // 4: rationing shares of domestic suppliers; a row that delivers less than in full
                // for the first time gets stocks of its own.
                for i in 0..<n {
                    let si = i &* B
                    for b in 0..<B {
                        share[si &+ b] = Self.deliveredShare(available: y[si &+ b], demandDeviation: demand[si &+ b] - 1,
                                                             intermediateDeviation: deviation[si &+ b], finalShare: finalShare[i], rule: p.rationing)
                    }
                    if ownStockD[i] == nil, any(load(share + si) .!= 1) { separate(ownStockD, &ownRowsD, row: i); separated = true }
                    if ownStockM[i] == nil, any(load(shareF + si) .!= 1 .| load(shareR + si) .!= 1) { separate(ownStockM, &ownRowsM, row: i); separated = true }
                }
                if separated { selectCandidates(); separated = false }
                for b in 0..<B {
                    var va = 0.0
                    for j in 0..<n { va += valueAdded[j] * y[j &* B &+ b] }
                    valueAddedRatio[b] = totalValueAdded > 0 ? va / totalValueAdded : 1
                    guard b < nb else { continue }
                    outputs[b].withUnsafeMutableBufferPointer { out in
                        bindings[b].withUnsafeMutableBufferPointer { codesOut in
                            for j in 0..<n {
                                out[t &* n &+ j] = y[j &* B &+ b]
                                codesOut[t &* n &+ j] = dayCodes[j &* B &+ b]
                            }
                        }
                    }
                }
                // 5: S(t+1) = max(0, S(t) + O r − use), then the orders of day t + 1 and its input
                // bounds, δ_j(t) being today's demand.
                let more = t + 1 < days
                if more { beginOrders() }
                for j in 0..<n { visit(column: j, restock: true, orders: more, expected: demand) }
                if more { sumOrders() }
            }
        }
        defer { storage.give(outputs: outputs, bindings: bindings) }
        return (0..<nb).map { b in
            var domestic: [Int32] = [], outside: [Int32] = []
            if tracksShortages {
                domestic = [Int32](repeating: -1, count: n * n)
                outside = [Int32](repeating: -1, count: n * n)
                for k in 0..<(n * n) {
                    domestic[k] = Int32(shortDomestic[k * B + b])
                    outside[k] = Int32(shortOutside[k * B + b])
                }
            }
            return DynamicPath(sectors: n, days: days, outputRatio: outputs[b], bindingCodes: bindings[b],
                               firstShortageDomestic: domestic, firstShortageOutside: outside)
        }
    }
}
