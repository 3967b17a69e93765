import Foundation

/// The day step of a single run (`DynamicModel.simulate(days:conditions:)`), steps 1–5 of
/// `DynamicModel` in the paper's order, with one pass over the n × n input pairs a day.
///
/// Step 5 of day t (restocking) needs r_i(t) and y_j(t), which need every supplier's demand of day
/// t, so the pairs cannot be visited fewer than once a day; what each pair contributes to the
/// other steps is done in that same visit:
/// - step 3's shortage record of day t compares the stock s_ij(t), read just before it is
///   overwritten, with what j would otherwise produce on day t;
/// - step 1 of day t + 1: the order o_ij(t + 1) = δ_j(t) + (n_j − s_ij(t + 1)) / τ, and its term in
///   the demand of day t + 1, from the stock just written;
/// - step 3's input bound of day t + 1, (1 − w) + w s_ij(t + 1), from the same stock.
/// The order of day t used in the restocking, δ_j(t − 1) + (n_j − s_ij(t)) / τ, is computed again
/// from the stock rather than kept in an n × n array: the same operations on the same numbers, so
/// the same bits, and two n × n arrays fewer to stream through memory each day. Every sum runs in
/// the order of the three-pass day (users j ascending), every minimum keeps the first input
/// (lowest i, domestic before outside) among equals, so the path is the same bit for bit.
///
/// On tables of 512 sectors or more and a machine of more than one processor (or when asked, by
/// `threads: 2`) the pass is split by supplier rows between two threads: each supplier's demand term is summed by one thread in
/// the same order, and each user's two partial bounds are combined keeping the lower rows' on a
/// tie, so the result does not depend on the split.
extension DynamicModel {
    /// The storage of the model's six constant n × n pair arrays, for the day kernels (single run
    /// and lockstep batch): sales shares z_ij / x⁰_i, outside sales shares (abroad, rest of the
    /// country), criticality weights of domestic and outside inputs (−1: no flow), and the
    /// foreign share of outside purchases; all column-major.
    func withPairArrays<R>(_ body: (_ sales: UnsafeBufferPointer<Double>, _ salesF: UnsafeBufferPointer<Double>, _ salesR: UnsafeBufferPointer<Double>,
                                    _ wD: UnsafeBufferPointer<Double>, _ wM: UnsafeBufferPointer<Double>, _ fs: UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try salesShare.withUnsafeBufferPointer { sales in
            try foreignSalesShare.withUnsafeBufferPointer { salesF in
                try restSalesShare.withUnsafeBufferPointer { salesR in
                    try domesticWeight.withUnsafeBufferPointer { wD in
                        try outsideWeight.withUnsafeBufferPointer { wM in
                            try foreignShare.withUnsafeBufferPointer { fs in try body(sales, salesF, salesR, wD, wM, fs) }
                        }
                    }
                }
            }
        }
    }

    /// The n × n state of a run: stocks and first shortages (column j = sector j's inputs).
    final class PairBuffers {
        let stock, outsideStock: UnsafeMutableBufferPointer<Double>
        let shortDomestic, shortOutside: UnsafeMutableBufferPointer<Int32>

        init(n: Int, inventoryDays: [Double]) {
            // S_ij(0) = n_j Z_ij: n_j days of baseline use.
            stock = .allocate(capacity: n * n)
            outsideStock = .allocate(capacity: n * n)
            for j in 0..<n {
                for i in 0..<n {
                    (stock.baseAddress! + (i + j * n)).initialize(to: inventoryDays[j])
                    (outsideStock.baseAddress! + (i + j * n)).initialize(to: inventoryDays[j])
                }
            }
            shortDomestic = .allocate(capacity: n * n)
            shortDomestic.initialize(repeating: -1)
            shortOutside = .allocate(capacity: n * n)
            shortOutside.initialize(repeating: -1)
        }

        func deallocate() {
            stock.deallocate()
            outsideStock.deallocate()
            shortDomestic.deallocate()
            shortOutside.deallocate()
        }
    }

    /// What one visit of the pairs reads and writes. Per-sector arrays are read-only during a
    /// visit except the demand terms of the rows the visit owns; `bound`/`which` hold each
    /// part's bounds, `[part n + j]`.
    struct DayPass: @unchecked Sendable {
        let n: Int
        let inverseTau: Double
        let hasRest: Bool
        let sales, salesF, salesR, wD, wM, fs: UnsafePointer<Double>
        let stock, outsideStock: UnsafeMutablePointer<Double>
        let shortDomestic, shortOutside: UnsafeMutablePointer<Int32>
        let target, lastDemand, demand, needed, y, share, shareF, shareR: UnsafeMutablePointer<Double>
        let deviation, deviationF, deviationR: UnsafeMutablePointer<Double>
        let named: UnsafePointer<Bool>?
        let pairShareF, pairShareR: UnsafePointer<Double>?
        let bound: UnsafeMutablePointer<Double>
        let which: UnsafeMutablePointer<Int32>

        /// Visits the pairs of supplier rows `rows` of every user j. With `restock`, day `day`'s
        /// shortage record and step 5; with `orders`, the orders of the next day and the stocks
        /// now held: their demand terms and the input bounds. The orders expect today's demand
        /// δ_j(t) (`demand`), or with `restock` false, before day 0, `lastDemand` (δ(−1) = 1).
        /// Without named users (`named` nil) the rows go four at a time through `visitLanes`, the
        /// rest (fewer than four at the end of `rows`) one by one below; with them, all one by one.
        func visit(rows: Range<Int>, part: Int, day: Int32, restock: Bool, orders: Bool) {
            let expected = restock ? demand : lastDemand
            let vectorEnd = named == nil ? rows.lowerBound + rows.count / 4 * 4 : rows.lowerBound
            for j in 0..<n {
                let base = j &* n
                let nj = target[j], use = y[j], need = needed[j], placed = lastDemand[j], next = expected[j]
                var b = Double.infinity, code: Int32 = -1
                if vectorEnd > rows.lowerBound {
                    (b, code) = visitLanes(rows: rows.lowerBound..<vectorEnd, column: j, day: day, restock: restock, orders: orders,
                                           next: next)
                }
                for i in vectorEnd..<rows.upperBound {
                    let k = base &+ i
                    let w = wD[k]
                    if w >= 0 {
                        var s = stock[k]
                        if restock {
                            if s < need, shortDomestic[k] < 0 { shortDomestic[k] = day }
                            let o = placed + (nj - s) * inverseTau
                            s = max(0, s + (o * share[i] - use))
                            stock[k] = s
                        }
                        if orders {
                            let o = next + (nj - s) * inverseTau
                            deviation[i] += sales[k] * (o - 1)
                            if w > 0 {
                                let v = w == 1 ? s : 1 - w * (1 - s)
                                if v < b { b = v; code = Int32(truncatingIfNeeded: i) }
                            }
                        }
                    }
                    let u = wM[k]
                    if u >= 0 {
                        var s = outsideStock[k]
                        if restock {
                            if s < need, shortOutside[k] < 0 { shortOutside[k] = day }
                            let o = placed + (nj - s) * inverseTau
                            let own = named?[k] ?? false
                            let a = own ? pairShareF![k] : shareF[i]
                            let delivered: Double
                            if hasRest {
                                let f = fs[k], c = own ? pairShareR![k] : shareR[i]
                                delivered = f == 1 ? o * a : o * (f * a + (1 - f) * c)
                            } else {
                                delivered = o * a       // every outside purchase is foreign: f = 1
                            }
                            s = max(0, s + (delivered - use))
                            outsideStock[k] = s
                        }
                        if orders {
                            let o = next + (nj - s) * inverseTau
                            deviationF[i] += salesF[k] * (o - 1)
                            // Without purchases from the rest of the country every term is ±0 and
                            // the sum stays +0.
                            if hasRest { deviationR[i] += salesR[k] * (o - 1) }
                            if u > 0 {
                                let v = u == 1 ? s : 1 - u * (1 - s)
                                if v < b { b = v; code = Int32(truncatingIfNeeded: n &+ i) }
                            }
                        }
                    }
                }
                bound[part &* n &+ j] = b
                which[part &* n &+ j] = code
            }
        }
    }

    /// A second thread that runs one part of each day's visit while the caller runs the other.
    final class PassWorker: @unchecked Sendable {
        private let start = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        private var job: (@Sendable () -> Void)?

        init() {
            let thread = Thread { [self] in
                while true {
                    start.wait()
                    guard let job else { break }
                    job()
                    finished.signal()
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }

        /// Runs `mine` on the caller's thread and `theirs` on the worker, and waits for both.
        func run(_ mine: () -> Void, _ theirs: @escaping @Sendable () -> Void) {
            job = theirs
            start.signal()
            mine()
            finished.wait()
        }

        func stop() {
            job = nil
            start.signal()
        }
    }

    /// The days of `simulate(days:threads:conditions:)`, the pass in `parts` (1 or 2) pieces.
    func run(days: Int, parts: Int, state: PairBuffers, path: inout DynamicPath, conditions: (Int, inout DailyConditions) -> Void) {
        let n = count
        let p = parameters
        let split = n / 2
        func sectorArray(_ value: Double, _ count: Int = n) -> UnsafeMutablePointer<Double> {
            let b = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
            b.initialize(repeating: value, count: max(1, count))
            return b
        }
        let target = sectorArray(1)
        for (j, v) in p.effectiveInventoryDays.enumerated() { target[j] = v }
        let demand = sectorArray(1), lastDemand = sectorArray(1)              // δ_i(t), δ_i(t−1)
        let deviation = sectorArray(0), deviationF = sectorArray(0), deviationR = sectorArray(0)  // Σ_j sales_ij (o_ij − 1)
        let y = sectorArray(1), needed = sectorArray(0)
        let share = sectorArray(1), shareF = sectorArray(1), shareR = sectorArray(1)  // r_i: share of orders delivered
        let bound = sectorArray(.infinity, parts * n)
        let which = UnsafeMutablePointer<Int32>.allocate(capacity: parts * n)
        which.initialize(repeating: -1, count: parts * n)
        var pairShareF: [Double] = [], pairShareR: [Double] = []     // named users' own shares, when split
        var phi = [Double](repeating: 1, count: n)
        var codes = [Int32](repeating: -1, count: n)
        var c = DailyConditions.baseline(n)
        let totalValueAdded = valueAdded.reduce(0, +)
        var valueAddedRatio = 1.0
        let tau = p.tau
        let spare = 1 + p.spareCapacity
        let outsideRule = p.outsideRationing ?? p.rationing
        let hasRest = restSalesShare.contains { $0 != 0 } || foreignShare.contains { $0 != 1 }
        let worker = parts > 1 ? PassWorker() : nil
        defer {
            worker?.stop()
            for b in [target, demand, lastDemand, deviation, deviationF, deviationR, y, needed, share, shareF, shareR, bound] { b.deallocate() }
            which.deallocate()
        }

        withPairArrays { sales, salesF, salesR, wD, wM, fs in
            func pass(named: UnsafePointer<Bool>?, pairF: UnsafePointer<Double>?, pairR: UnsafePointer<Double>?) -> DayPass {
                DayPass(n: n, inverseTau: 1 / tau, hasRest: hasRest,
                        sales: sales.baseAddress!, salesF: salesF.baseAddress!, salesR: salesR.baseAddress!,
                        wD: wD.baseAddress!, wM: wM.baseAddress!, fs: fs.baseAddress!,
                        stock: state.stock.baseAddress!, outsideStock: state.outsideStock.baseAddress!,
                        shortDomestic: state.shortDomestic.baseAddress!, shortOutside: state.shortOutside.baseAddress!,
                        target: target, lastDemand: lastDemand, demand: demand, needed: needed, y: y, share: share, shareF: shareF, shareR: shareR,
                        deviation: deviation, deviationF: deviationF, deviationR: deviationR,
                        named: named, pairShareF: pairF, pairShareR: pairR, bound: bound, which: which)
            }
            func visit(_ v: DayPass, day: Int32, restock: Bool, orders: Bool) {
                if let worker {
                    worker.run({ v.visit(rows: 0..<split, part: 0, day: day, restock: restock, orders: orders) },
                               { v.visit(rows: split..<n, part: 1, day: day, restock: restock, orders: orders) })
                } else {
                    v.visit(rows: 0..<n, part: 0, day: day, restock: restock, orders: orders)
                }
            }
            // Steps 1–2 and the input bounds of day 0, from the initial stocks and δ(−1) = 1.
            visit(pass(named: nil, pairF: nil, pairR: nil), day: 0, restock: false, orders: true)

            for t in 0..<days {
                conditions(t, &c)
                let response = p.demandResponse * (1 - valueAddedRatio)
                for i in 0..<n { phi[i] = response == 0 ? c.finalDemand[i] : c.finalDemand[i] * (1 - response) }
                // 2: demand (the orders of day t were placed in the visit at the end of day t − 1).
                for i in 0..<n {
                    demand[i] = 1 + finalShare[i] * (phi[i] - 1) + deviation[i]
                    // A cut outside supplier: orders of industrial users plus baseline final purchases,
                    // against what the shock leaves (a_p < 1 of baseline sales). An uncut one (a_p = 1)
                    // serves every order, restocking included: world supply is not the constraint.
                    shareF[i] = c.foreignAvailability[i] >= 1 ? 1 : Self.deliveredShare(available: c.foreignAvailability[i], demandDeviation: deviationF[i],
                                                    intermediateDeviation: deviationF[i], finalShare: foreignFinalShare[i], rule: outsideRule)
                    shareR[i] = c.restOfCountryAvailability[i] >= 1 ? 1 : Self.deliveredShare(available: c.restOfCountryAvailability[i], demandDeviation: deviationR[i],
                                                    intermediateDeviation: deviationR[i], finalShare: restFinalShare[i], rule: outsideRule)
                }
                // Supplies split by user: named users' own shares, and the rest's, from today's
                // orders o_qj = δ_j(t−1) + (n_j − s_qj(t)) / τ.
                if let split = c.byUser {
                    if pairShareF.isEmpty { pairShareF = [Double](repeating: 1, count: n * n); pairShareR = pairShareF }
                    let outsideStock = state.outsideStock
                    for q in splitProducts(split) {
                        splitShares(q, split, c, rule: outsideRule, order: { k in lastDemand[k / n] + (target[k / n] - outsideStock[k]) * (1 / tau) },
                                    shareF: &shareF[q], shareR: &shareR[q], pairF: &pairShareF, pairR: &pairShareR)
                    }
                }
                // 3: production, bound by capacity, inputs in stock and demand.
                for j in 0..<n {
                    var limit = bound[j], code = which[j]
                    if parts > 1, bound[n + j] < limit { limit = bound[n + j]; code = which[n + j] }
                    let cap = c.capacity[j] * spare
                    needed[j] = min(cap, demand[j]) * (1 - 1e-12)
                    var value = max(0, min(cap, limit, demand[j]))
                    var binding: Int32 = -1
                    if value < 1 {
                        if value == demand[j], demand[j] <= min(cap, limit) { binding = -3 }
                        else if limit < cap { binding = code }
                        else { binding = -2 }
                    }
                    if !value.isFinite { value = 0 }
                    y[j] = value
                    codes[j] = binding
                }
                // 4: rationing shares of domestic suppliers.
                for i in 0..<n {
                    share[i] = Self.deliveredShare(available: y[i], demandDeviation: demand[i] - 1,
                                                   intermediateDeviation: deviation[i], finalShare: finalShare[i], rule: p.rationing)
                }
                // 5: S(t+1) = max(0, S(t) + O r − use), with the orders of day t + 1.
                let more = t + 1 < days
                if more { for i in 0..<n { deviation[i] = 0; deviationF[i] = 0; deviationR[i] = 0 } }
                let named = c.byUser?.named
                named.withUnsafeBufferPointer { namedPairs in
                    pairShareF.withUnsafeBufferPointer { pairF in
                        pairShareR.withUnsafeBufferPointer { pairR in
                            let split = named != nil
                            visit(pass(named: split ? namedPairs.baseAddress : nil, pairF: split ? pairF.baseAddress : nil, pairR: split ? pairR.baseAddress : nil),
                                  day: Int32(truncatingIfNeeded: t), restock: true, orders: more)
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
}

private extension Optional where Wrapped == [Bool] {
    /// The array's storage, or an empty buffer when nil.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Bool>) -> R) -> R {
        switch self {
        case let .some(a): return a.withUnsafeBufferPointer(body)
        case .none: return body(UnsafeBufferPointer(start: nil, count: 0))
        }
    }
}

/// The four-rows-at-a-time form of `DayPass.visit` for one column j and rows `rows` (a multiple
/// of four, no named users): rows i … i + 3 are contiguous in every column-major pair array
/// (`[i + j n]`) and in the per-sector arrays, so each `SIMD4<Double>` lane does one row's
/// scalar operations, in the same order and without fused multiply–adds, and the branches
/// become selects with the scalar rules:
/// - a pair without a flow (w < 0) keeps its stock (the store selects the old value) and adds
///   its demand term, whose sales share is exactly 0: the term is ±0, and a sum that starts
///   at +0 is unchanged by adding ±0 (x + ±0 = x for x ≠ 0, +0 + ±0 = +0), so the bits are
///   those of skipping it;
/// - `max(0, x)` is x where x ≥ 0 (−0 stays −0), else 0, as `Swift.max(0, x)`;
/// - the first shortage day is recorded lane by lane, in the rare visits where a stock is
///   below what its user needs;
/// - step 3's strict minimum runs per lane over the lane's inputs in their order (row i's
///   domestic input, then its outside one, rows ascending), and the four lanes' minima are
///   combined keeping the earliest input among equals: the scalar scan's minimum and input.
/// - Returns: the column's bound over these rows and its input (i, n + i for outside; −1: none).
extension DynamicModel.DayPass {
    typealias Four = SIMD4<Double>
    @inline(__always) func load(_ p: UnsafePointer<Double>) -> Four { UnsafeRawPointer(p).loadUnaligned(as: Four.self) }
    @inline(__always) func load(_ p: UnsafeMutablePointer<Double>) -> Four { UnsafeRawPointer(p).loadUnaligned(as: Four.self) }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Double>, _ v: Four) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Four.self) }
    @inline(__always) func nonNegative(_ x: Four) -> Four { Four(repeating: 0).replacing(with: x, where: x .>= 0) }

    @inline(__always)
    func visitLanes(rows: Range<Int>, column j: Int, day: Int32, restock: Bool, orders: Bool, next: Double) -> (Double, Int32) {
        let base = j &* n
        let nj = Four(repeating: target[j]), use = Four(repeating: y[j]), need = Four(repeating: needed[j])
        let placed = Four(repeating: lastDemand[j]), expected = Four(repeating: next)
        let one = Four(repeating: 1), invTau = Four(repeating: inverseTau)
        // Per lane: the lowest bound so far and its input's place in the scan (2 i for row i's
        // domestic input, 2 i + 1 for its outside one).
        var low = Four(repeating: .infinity), place = Four(repeating: .infinity)
        var i = rows.lowerBound
        while i < rows.upperBound {
            let k = base &+ i
            let row = Four(Double(i), Double(i &+ 1), Double(i &+ 2), Double(i &+ 3))
            let w = load(wD + k)
            let flow = w .>= 0
            var s = load(stock + k)
            if restock {
                let short = flow .& (s .< need)
                if any(short) {
                    for l in 0..<4 where short[l] && shortDomestic[k &+ l] < 0 { shortDomestic[k &+ l] = day }
                }
                let o = placed + (nj - s) * invTau
                s = s.replacing(with: nonNegative(s + (o * load(share + i) - use)), where: flow)
                store(stock + k, s)
            }
            if orders {
                let o = expected + (nj - s) * invTau
                store(deviation + i, load(deviation + i) + load(sales + k) * (o - one))
                let v = s.replacing(with: one - w * (one - s), where: w .!= one)
                let lower = (w .> 0) .& (v .< low)
                low.replace(with: v, where: lower)
                place.replace(with: 2 * row, where: lower)
            }
            let u = load(wM + k)
            let outsideFlow = u .>= 0
            var t = load(outsideStock + k)
            if restock {
                let short = outsideFlow .& (t .< need)
                if any(short) {
                    for l in 0..<4 where short[l] && shortOutside[k &+ l] < 0 { shortOutside[k &+ l] = day }
                }
                let o = placed + (nj - t) * invTau
                let a = load(shareF + i)
                let delivered: Four
                if hasRest {
                    let f = load(fs + k), c = load(shareR + i)
                    delivered = (o * (f * a + (one - f) * c)).replacing(with: o * a, where: f .== one)
                } else {
                    delivered = o * a       // every outside purchase is foreign: f = 1
                }
                t = t.replacing(with: nonNegative(t + (delivered - use)), where: outsideFlow)
                store(outsideStock + k, t)
            }
            if orders {
                let o = expected + (nj - t) * invTau
                store(deviationF + i, load(deviationF + i) + load(salesF + k) * (o - one))
                if hasRest { store(deviationR + i, load(deviationR + i) + load(salesR + k) * (o - one)) }
                let v = t.replacing(with: one - u * (one - t), where: u .!= one)
                let lower = (u .> 0) .& (v .< low)
                low.replace(with: v, where: lower)
                place.replace(with: 2 * row + one, where: lower)
            }
            i &+= 4
        }
        var b = Double.infinity, first = Double.infinity
        for l in 0..<4 where low[l] < b || (low[l] == b && place[l] < first) {
            b = low[l]
            first = place[l]
        }
        guard first.isFinite else { return (.infinity, -1) }
        let input = Int(first) / 2
        return (b, Int32(truncatingIfNeeded: first.truncatingRemainder(dividingBy: 2) == 0 ? input : n &+ input))
    }
}
