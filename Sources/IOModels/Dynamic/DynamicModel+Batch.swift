/// Many runs of the dynamic model in lockstep (Monte Carlo draws of a dynamic scenario).
///
/// The day step of `DynamicModel` (steps 1–5, (P1)–(P6) in docs/models.md) is applied to B runs at
/// once: every per-pair and per-sector quantity is held with the batch as its innermost,
/// contiguous index (`stock[(i + j n) B + b]`), so each pass over the n × n input pairs reads the
/// shared structure (sales shares, criticality weights, masks) once and updates the B runs in a
/// loop that the compiler vectorises. Each run performs exactly the operations of
/// `simulate(days:conditions:)`, in the same order, so a member's path is the single run's path.
///
/// The day step has no matrix product with the batch as columns: its one contraction,
/// Σ_j (z_ij / x⁰_i)(o_ij − 1), weighs each pair's order, which depends on that run's own stock
/// s_ij (o_ij = δ_j(t−1) + (n_j − s_ij)/τ), so it is an elementwise pass over n² × B numbers,
/// not a GEMM. Splitting off its Σ_j (z_ij / x⁰_i)(δ_j − 1) part as a GEMM would reorder the sum
/// and change the last digits against single runs for no saving (the pass is needed anyway).
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

    /// Runs `members.count` simulations of `days` days in lockstep; `conditions(t, b, &c)` fills in
    /// what the shocks leave on day t in run b (it receives that run's conditions of yesterday).
    /// Path b equals `simulate(days:conditions:)` of a model with member b's parameters.
    /// - Complexity: O(days × n² × B) time, about 5 n² B doubles of memory plus the B paths.
    public func simulate(batch members: [DrawParameters], days: Int,
                         conditions: (_ day: Int, _ member: Int, inout DailyConditions) -> Void) throws(ModelError) -> [DynamicPath] {
        let n = count, nb = members.count
        guard nb > 0 else { return [] }
        for m in members {
            guard m.inventoryDays.count == n else { throw .invalidInput("inventory days for \(m.inventoryDays.count) sectors, the table has \(n)") }
            guard m.inventoryDays.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw .invalidInput("inventory days must be finite and 0 or more") }
            guard m.tau >= 1, m.tau.isFinite else { throw .invalidInput("the restoration time τ must be at least 1 day, found \(m.tau)") }
            guard (0...1).contains(m.demandResponse) else { throw .invalidInput("the demand response must be in [0, 1]") }
            guard m.spareCapacity >= 0 else { throw .invalidInput("spare capacity must be 0 or more") }
        }
        let B = nb
        func doubles(_ count: Int, _ value: Double) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
            p.initialize(repeating: value, count: count)
            return p
        }
        func codes(_ count: Int) -> UnsafeMutablePointer<Int32> {
            let p = UnsafeMutablePointer<Int32>.allocate(capacity: count)
            p.initialize(repeating: -1, count: count)
            return p
        }
        let pairs = n * n * B, sectors = n * B
        // Pair state, [k B + b] with k = i + j n.
        let stock = doubles(pairs, 0), outsideStock = doubles(pairs, 0)
        let orders = doubles(pairs, 1), outsideOrders = doubles(pairs, 1)
        let shortDomestic = codes(pairs), shortOutside = codes(pairs)
        // Sector state, [i B + b].
        let target = doubles(sectors, 1)
        let demand = doubles(sectors, 1), lastDemand = doubles(sectors, 1)
        let deviation = doubles(sectors, 0), deviationF = doubles(sectors, 0), deviationR = doubles(sectors, 0)
        let y = doubles(sectors, 1), share = doubles(sectors, 1), shareF = doubles(sectors, 1), shareR = doubles(sectors, 1)
        let phi = doubles(sectors, 1)
        let capacity = doubles(sectors, 1), foreign = doubles(sectors, 1), rest = doubles(sectors, 1), final = doubles(sectors, 1)
        let dayCodes = codes(sectors)
        // Per member.
        let tau = doubles(B, 1), spare = doubles(B, 1), response = doubles(B, 0), valueAddedRatio = doubles(B, 1)
        let bound = doubles(B, 0), needed = doubles(B, 0)
        let which = codes(B)
        defer {
            for p in [stock, outsideStock, orders, outsideOrders, target, demand, lastDemand, deviation, deviationF, deviationR,
                      y, share, shareF, shareR, phi, capacity, foreign, rest, final, tau, spare, response, valueAddedRatio, bound, needed] { p.deallocate() }
            for p in [shortDomestic, shortOutside, dayCodes, which] { p.deallocate() }
        }
        for (b, m) in members.enumerated() {
            tau[b] = m.tau
            spare[b] = 1 + m.spareCapacity
            for j in 0..<n { target[j * B + b] = max(1, m.inventoryDays[j]) }
        }
        // S_ij(0) = n_j Z_ij.
        for j in 0..<n {
            for i in 0..<n {
                let k = (i + j * n) * B
                for b in 0..<B { stock[k + b] = target[j * B + b]; outsideStock[k + b] = target[j * B + b] }
            }
        }
        var outputs = [[Double]](repeating: [Double](repeating: 1, count: days * n), count: B)
        var bindings = [[Int32]](repeating: [Int32](repeating: -1, count: days * n), count: B)
        var memberConditions = [DailyConditions](repeating: .baseline(n), count: B)
        let p = parameters
        let outsideRule = p.outsideRationing ?? p.rationing
        let totalValueAdded = valueAdded.reduce(0, +)

        salesShare.withUnsafeBufferPointer { sales in
        foreignSalesShare.withUnsafeBufferPointer { salesF in
        restSalesShare.withUnsafeBufferPointer { salesR in
        domesticWeight.withUnsafeBufferPointer { wD in
        outsideWeight.withUnsafeBufferPointer { wM in
        foreignShare.withUnsafeBufferPointer { fs in
            for t in 0..<days {
                for b in 0..<B {
                    conditions(t, b, &memberConditions[b])
                    let c = memberConditions[b]
                    for j in 0..<n {
                        capacity[j * B + b] = c.capacity[j]
                        foreign[j * B + b] = c.foreignAvailability[j]
                        rest[j * B + b] = c.restOfCountryAvailability[j]
                        final[j * B + b] = c.finalDemand[j]
                    }
                    response[b] = members[b].demandResponse * (1 - valueAddedRatio[b])
                }
                for i in 0..<n {
                    let s = i * B
                    for b in 0..<B {
                        let r = response[b]
                        phi[s + b] = r == 0 ? final[s + b] : final[s + b] * (1 - r)
                        deviation[s + b] = 0
                        deviationF[s + b] = 0
                        deviationR[s + b] = 0
                    }
                }
                // 1–2: orders o = δ_j(t−1) + (n_j − s)/τ and the demand they add to each supplier.
                for j in 0..<n {
                    let sj = j * B
                    for i in 0..<n {
                        let kn = j * n + i
                        let k = kn * B, si = i * B
                        if wD[kn] >= 0 {
                            let a = sales[kn]
                            for b in 0..<B {
                                let o = lastDemand[sj + b] + (target[sj + b] - stock[k + b]) / tau[b]
                                orders[k + b] = o
                                deviation[si + b] += a * (o - 1)
                            }
                        }
                        if wM[kn] >= 0 {
                            let aF = salesF[kn], aR = salesR[kn]
                            for b in 0..<B {
                                let o = lastDemand[sj + b] + (target[sj + b] - outsideStock[k + b]) / tau[b]
                                outsideOrders[k + b] = o
                                deviationF[si + b] += aF * (o - 1)
                                deviationR[si + b] += aR * (o - 1)
                            }
                        }
                    }
                }
                for i in 0..<n {
                    let si = i * B
                    for b in 0..<B {
                        demand[si + b] = 1 + finalShare[i] * (phi[si + b] - 1) + deviation[si + b]
                        shareF[si + b] = foreign[si + b] >= 1 ? 1 : Self.deliveredShare(available: foreign[si + b], demandDeviation: deviationF[si + b],
                                                                                        intermediateDeviation: deviationF[si + b], finalShare: foreignFinalShare[i], rule: outsideRule)
                        shareR[si + b] = rest[si + b] >= 1 ? 1 : Self.deliveredShare(available: rest[si + b], demandDeviation: deviationR[si + b],
                                                                                     intermediateDeviation: deviationR[si + b], finalShare: restFinalShare[i], rule: outsideRule)
                    }
                }
                // 3: production, bound by capacity, inputs in stock and demand.
                let day = Int32(t)
                for j in 0..<n {
                    let sj = j * B
                    for b in 0..<B {
                        bound[b] = .infinity
                        which[b] = -1
                        needed[b] = min(capacity[sj + b] * spare[b], demand[sj + b]) * (1 - 1e-12)
                    }
                    for i in 0..<n {
                        let kn = j * n + i
                        let k = kn * B
                        let w = wD[kn]
                        if w >= 0 {
                            for b in 0..<B {
                                let available = stock[k + b]
                                if available < needed[b], shortDomestic[k + b] < 0 { shortDomestic[k + b] = day }
                            }
                            if w > 0 {
                                let code = Int32(i)
                                for b in 0..<B {
                                    let available = stock[k + b]
                                    let v = w == 1 ? available : 1 - w * (1 - available)
                                    if v < bound[b] { bound[b] = v; which[b] = code }
                                }
                            }
                        }
                        let v = wM[kn]
                        if v >= 0 {
                            for b in 0..<B {
                                let available = outsideStock[k + b]
                                if available < needed[b], shortOutside[k + b] < 0 { shortOutside[k + b] = day }
                            }
                            if v > 0 {
                                let code = Int32(n + i)
                                for b in 0..<B {
                                    let available = outsideStock[k + b]
                                    let x = v == 1 ? available : 1 - v * (1 - available)
                                    if x < bound[b] { bound[b] = x; which[b] = code }
                                }
                            }
                        }
                    }
                    for b in 0..<B {
                        let cap = capacity[sj + b] * spare[b]
                        let d = demand[sj + b], limit = bound[b]
                        var value = max(0, min(cap, limit, d))
                        var code: Int32 = -1
                        if value < 1 {
                            if value == d, d <= min(cap, limit) { code = -3 }
                            else if limit < cap { code = which[b] }
                            else { code = -2 }
                        }
                        if !value.isFinite { value = 0 }
                        y[sj + b] = value
                        dayCodes[sj + b] = code
                    }
                }
                // 4: rationing shares of domestic suppliers.
                for i in 0..<n {
                    let si = i * B
                    for b in 0..<B {
                        share[si + b] = Self.deliveredShare(available: y[si + b], demandDeviation: demand[si + b] - 1,
                                                            intermediateDeviation: deviation[si + b], finalShare: finalShare[i], rule: p.rationing)
                    }
                }
                // 5: S(t+1) = max(0, S(t) + O r − use).
                for j in 0..<n {
                    let sj = j * B
                    for i in 0..<n {
                        let kn = j * n + i
                        let k = kn * B, si = i * B
                        if wD[kn] >= 0 {
                            for b in 0..<B { stock[k + b] = max(0, stock[k + b] + (orders[k + b] * share[si + b] - y[sj + b])) }
                        }
                        if wM[kn] >= 0 {
                            let f = fs[kn]
                            if f == 1 {
                                for b in 0..<B { outsideStock[k + b] = max(0, outsideStock[k + b] + (outsideOrders[k + b] * shareF[si + b] - y[sj + b])) }
                            } else {
                                for b in 0..<B {
                                    let delivered = outsideOrders[k + b] * (f * shareF[si + b] + (1 - f) * shareR[si + b])
                                    outsideStock[k + b] = max(0, outsideStock[k + b] + (delivered - y[sj + b]))
                                }
                            }
                        }
                    }
                }
                for b in 0..<B {
                    var va = 0.0
                    outputs[b].withUnsafeMutableBufferPointer { out in
                        bindings[b].withUnsafeMutableBufferPointer { codesOut in
                            for j in 0..<n {
                                let v = y[j * B + b]
                                out[t * n + j] = v
                                codesOut[t * n + j] = dayCodes[j * B + b]
                                va += valueAdded[j] * v
                                lastDemand[j * B + b] = demand[j * B + b]
                            }
                        }
                    }
                    valueAddedRatio[b] = totalValueAdded > 0 ? va / totalValueAdded : 1
                }
            }
        }}}}}}
        return (0..<B).map { b in
            var domestic = [Int32](repeating: -1, count: n * n), outside = [Int32](repeating: -1, count: n * n)
            for k in 0..<(n * n) {
                domestic[k] = shortDomestic[k * B + b]
                outside[k] = shortOutside[k * B + b]
            }
            return DynamicPath(sectors: n, days: days, outputRatio: outputs[b], bindingCodes: bindings[b],
                               firstShortageDomestic: domestic, firstShortageOutside: outside)
        }
    }
}
