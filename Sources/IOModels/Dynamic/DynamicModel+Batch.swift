/// Many runs of the dynamic model in lockstep (Monte Carlo draws of a dynamic scenario).
///
/// The day step of `DynamicModel` (steps 1–5, (P1)–(P6) in docs/models.md) is applied to B runs at
/// once: every per-pair and per-sector quantity is held with the batch as its innermost,
/// contiguous index (`stock[(i + j n) B + b]`), so each pass over the n × n input pairs reads the
/// shared structure (sales shares, criticality weights, masks) once and updates the B runs in
/// branch-free loops that the compiler vectorises. The equations and their order of evaluation
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

    /// Runs `members.count` simulations of `days` days in lockstep; `conditions(t, b, &c)` fills in
    /// what the shocks leave on day t in run b (it receives that run's conditions of yesterday).
    /// Path b is `simulate(days:conditions:)` of a model with member b's parameters, bit for bit.
    /// With `tracksShortages` false the first shortage days are not recorded (the paths' arrays
    /// are empty), which spares the pass over the pairs of non-critical inputs.
    /// - Complexity: O(days × n² × B) time, 2 n² B doubles of pair state (4 n² B with
    ///   `tracksShortages`) plus the B paths.
    public func simulate(batch members: [DrawParameters], days: Int, tracksShortages: Bool = true,
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
        // Pair state, [k B + b] with k = i + j n. First shortage days are held as doubles (−1:
        // never) so that the pass over the pairs is branch-free in every member.
        let stock = doubles(pairs, 0), outsideStock = doubles(pairs, 0)
        let tracked = tracksShortages ? pairs : 0
        let shortDomestic = doubles(tracked, -1), shortOutside = doubles(tracked, -1)
        // Sector state, [i B + b].
        let target = doubles(sectors, 1)
        let demand = doubles(sectors, 1), lastDemand = doubles(sectors, 1)
        let deviation = doubles(sectors, 0), deviationF = doubles(sectors, 0), deviationR = doubles(sectors, 0)
        let y = doubles(sectors, 1), share = doubles(sectors, 1), shareF = doubles(sectors, 1), shareR = doubles(sectors, 1)
        let phi = doubles(sectors, 1)
        let capacity = doubles(sectors, 1), foreign = doubles(sectors, 1), rest = doubles(sectors, 1), final = doubles(sectors, 1)
        let dayCodes = codes(sectors)
        // Per member.
        let inverseTau = doubles(B, 1), spare = doubles(B, 1), response = doubles(B, 0), valueAddedRatio = doubles(B, 1)
        let bound = doubles(B, 0), needed = doubles(B, 0), which = doubles(B, -1)
        defer {
            for p in [stock, outsideStock, shortDomestic, shortOutside, target, demand, lastDemand, deviation, deviationF, deviationR,
                      y, share, shareF, shareR, phi, capacity, foreign, rest, final, inverseTau, spare, response, valueAddedRatio, bound, needed, which] { p.deallocate() }
            dayCodes.deallocate()
        }
        for (b, m) in members.enumerated() {
            inverseTau[b] = 1 / m.tau
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

        withPairArrays { sales, salesF, salesR, wD, wM, fs in
            /// 1–2: the demand that the orders o = δ_j(t−1) + (n_j − s)/τ of the pairs of column j
            /// add to each supplier (the single run's order of summation: j ascending). The orders
            /// are not stored: the restocking of day t recomputes each from the same stock and
            /// yesterday's demand (`lastDemand`), the same expression and so the same bits, which
            /// halves the pair state a pass streams.
            func order(column j: Int, expected: UnsafeMutablePointer<Double>) {
                let sj = j &* B
                let nj = target + sj, ld = expected + sj
                for i in 0..<n {
                    let kn = j &* n &+ i
                    let k = kn &* B, si = i &* B
                    if wD[kn] >= 0 {
                        let a = sales[kn]
                        let st = stock + k, dv = deviation + si
                        for b in 0..<B {
                            let v = ld[b] + (nj[b] - st[b]) * inverseTau[b]
                            dv[b] += a * (v - 1)
                        }
                    }
                    if wM[kn] >= 0 {
                        let aF = salesF[kn], aR = salesR[kn]
                        let st = outsideStock + k, dF = deviationF + si, dR = deviationR + si
                        for b in 0..<B {
                            let v = ld[b] + (nj[b] - st[b]) * inverseTau[b]
                            dF[b] += aF * (v - 1)
                            dR[b] += aR * (v - 1)
                        }
                    }
                }
            }
            for j in 0..<n { order(column: j, expected: lastDemand) }
            for t in 0..<days {
                // δ(t − 1), from which the orders of day t were placed (all 1 on day 0).
                lastDemand.update(from: demand, count: sectors)
                for b in 0..<B {
                    conditions(t, b, &memberConditions[b])
                    let c = memberConditions[b]
                    // Supplies split by user are not part of this kernel; `DynamicRunner` runs such
                    // scenarios one by one with `simulate(days:conditions:)`.
                    precondition(c.byUser == nil, "simulate(batch:) does not take outside supplies split by user")
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
                    }
                }
                // 2: demand (the orders of day t were placed at the end of day t − 1).
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
                let day = Double(t)
                for j in 0..<n {
                    let sj = j &* B
                    for b in 0..<B {
                        bound[b] = .infinity
                        which[b] = -1
                        needed[b] = min(capacity[sj + b] * spare[b], demand[sj + b]) * (1 - 1e-12)
                    }
                    for i in 0..<n {
                        let kn = j &* n &+ i
                        let k = kn &* B
                        let w = wD[kn]
                        if w >= 0 {
                            Self.scan(stock + k, shortDomestic + k, tracks: tracksShortages, weight: w, code: Double(i), needed: needed, bound: bound, which: which, day: day, count: B)
                        }
                        let v = wM[kn]
                        if v >= 0 {
                            Self.scan(outsideStock + k, shortOutside + k, tracks: tracksShortages, weight: v, code: Double(n &+ i), needed: needed, bound: bound, which: which, day: day, count: B)
                        }
                    }
                    for b in 0..<B {
                        let cap = capacity[sj + b] * spare[b]
                        let d = demand[sj + b], limit = bound[b]
                        var value = max(0, min(cap, limit, d))
                        var code: Int32 = -1
                        if value < 1 {
                            if value == d, d <= min(cap, limit) { code = -3 }
                            else if limit < cap { code = Int32(which[b]) }
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
                for b in 0..<B {
                    var va = 0.0
                    outputs[b].withUnsafeMutableBufferPointer { out in
                        bindings[b].withUnsafeMutableBufferPointer { codesOut in
                            for j in 0..<n {
                                let v = y[j * B + b]
                                out[t * n + j] = v
                                codesOut[t * n + j] = dayCodes[j * B + b]
                                va += valueAdded[j] * v
                            }
                        }
                    }
                    valueAddedRatio[b] = totalValueAdded > 0 ? va / totalValueAdded : 1
                }
                // 5: S(t+1) = max(0, S(t) + O r − use), then the orders of day t + 1 on the same
                // column, δ_j(t) being today's demand.
                let more = t + 1 < days
                if more { for k in 0..<sectors { deviation[k] = 0; deviationF[k] = 0; deviationR[k] = 0 } }
                for j in 0..<n {
                    let sj = j &* B
                    let use = y + sj, nj = target + sj, ld = demand + sj, placed = lastDemand + sj
                    for i in 0..<n {
                        let kn = j &* n &+ i
                        let k = kn &* B, si = i &* B
                        if wD[kn] >= 0 {
                            let st = stock + k, r = share + si
                            if more {
                                let a = sales[kn], dv = deviation + si
                                for b in 0..<B {
                                    let o = placed[b] + (nj[b] - st[b]) * inverseTau[b]
                                    let s = max(0, st[b] + (o * r[b] - use[b]))
                                    st[b] = s
                                    let next = ld[b] + (nj[b] - s) * inverseTau[b]
                                    dv[b] += a * (next - 1)
                                }
                            } else {
                                for b in 0..<B {
                                    let o = placed[b] + (nj[b] - st[b]) * inverseTau[b]
                                    st[b] = max(0, st[b] + (o * r[b] - use[b]))
                                }
                            }
                        }
                        if wM[kn] >= 0 {
                            let f = fs[kn], g = 1 - f
                            let st = outsideStock + k, rF = shareF + si, rR = shareR + si
                            let aF = salesF[kn], aR = salesR[kn], dF = deviationF + si, dR = deviationR + si
                            if more {
                                if f == 1 {
                                    for b in 0..<B {
                                        let o = placed[b] + (nj[b] - st[b]) * inverseTau[b]
                                        let s = max(0, st[b] + (o * rF[b] - use[b]))
                                        st[b] = s
                                        let next = ld[b] + (nj[b] - s) * inverseTau[b]
                                        dF[b] += aF * (next - 1)
                                        dR[b] += aR * (next - 1)
                                    }
                                } else {
                                    for b in 0..<B {
                                        let o = placed[b] + (nj[b] - st[b]) * inverseTau[b]
                                        let s = max(0, st[b] + (o * (f * rF[b] + g * rR[b]) - use[b]))
                                        st[b] = s
                                        let next = ld[b] + (nj[b] - s) * inverseTau[b]
                                        dF[b] += aF * (next - 1)
                                        dR[b] += aR * (next - 1)
                                    }
                                }
                            } else if f == 1 {
                                for b in 0..<B {
                                    let o = placed[b] + (nj[b] - st[b]) * inverseTau[b]
                                    st[b] = max(0, st[b] + (o * rF[b] - use[b]))
                                }
                            } else {
                                for b in 0..<B {
                                    let o = placed[b] + (nj[b] - st[b]) * inverseTau[b]
                                    st[b] = max(0, st[b] + (o * (f * rF[b] + g * rR[b]) - use[b]))
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<B).map { b in
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

    /// Step 3 for one input pair over the batch: marks the first day the stock `s` falls short of
    /// what the member would otherwise produce, and lowers the member's input bound to the pair's
    /// (1 − w) + w s when the input is critical (w > 0), remembering which input binds.
    @inline(__always)
    static func scan(_ stock: UnsafeMutablePointer<Double>, _ short: UnsafeMutablePointer<Double>, tracks: Bool, weight w: Double, code: Double,
                     needed: UnsafeMutablePointer<Double>, bound: UnsafeMutablePointer<Double>, which: UnsafeMutablePointer<Double>,
                     day: Double, count: Int) {
        if !tracks {
            guard w > 0 else { return }
            for b in 0..<count {
                let v = w == 1 ? stock[b] : 1 - w * (1 - stock[b]), less = v < bound[b]
                bound[b] = less ? v : bound[b]
                which[b] = less ? code : which[b]
            }
        } else if w == 0 {
            for b in 0..<count {
                let s = short[b]
                short[b] = stock[b] < needed[b] && s < 0 ? day : s
            }
        } else if w == 1 {
            for b in 0..<count {
                let available = stock[b], s = short[b]
                short[b] = available < needed[b] && s < 0 ? day : s
                let less = available < bound[b]
                bound[b] = less ? available : bound[b]
                which[b] = less ? code : which[b]
            }
        } else {
            for b in 0..<count {
                let available = stock[b], s = short[b]
                short[b] = available < needed[b] && s < 0 ? day : s
                let v = 1 - w * (1 - available), less = v < bound[b]
                bound[b] = less ? v : bound[b]
                which[b] = less ? code : which[b]
            }
        }
    }
}
