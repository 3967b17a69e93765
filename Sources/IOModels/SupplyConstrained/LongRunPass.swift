/// One round of the long-run iteration over the n × n input pairs (`DynamicModel.longRun`), in
/// two passes, each split by supplier rows into one or two parts:
/// - **bounds**: for each user j, the lowest y* of its short critical domestic inputs and of its
///   outside inputs of cut products, per part, domestic and outside apart;
/// - **terms**: once y_j is known, every supplier's term s_ij (o_ij − 1) of its demand deviation,
///   o_ij = min(y_j / r_i, δ_j + n_j / τ) (the ceiling when r_i = 0), and the orders and terms of
///   the cut products' outside pairs.
///
/// A supplier's row is summed by one part, over users j ascending, so its sum is the same bit for
/// bit whether the rows are split or not; the partial bounds are combined in the order of a single
/// pass (domestic inputs before outside ones, lower rows first), keeping the first input among
/// equals, so the result does not depend on the split either. Every supplier is summed the same
/// way, those delivering in full (r_i = 1, o_ij = min(y_j, ceiling)) included: one pass over the
/// sales shares in a fixed order, with no matrix–vector product whose digits would depend on the
/// BLAS kernel.
struct LongRunPass: @unchecked Sendable {
    let n: Int
    let tau: Double
    let sales, salesF, salesR, wM: UnsafePointer<Double>
    /// User j's critical domestic inputs: input[start[j] ..< start[j + 1]] in supplier order, the
    /// first in the second part's rows at middle[j].
    let criticalStart, criticalMiddle: UnsafePointer<Int>
    let criticalInput: UnsafePointer<Int32>
    let criticalWeight: UnsafePointer<Double>
    /// User j's outside pairs k = p + j n, p ascending: outside[start[j] ..< start[j + 1]], the first
    /// in the second part's rows at middle[j].
    let outsideStart, outsideMiddle, outside: UnsafePointer<Int>
    /// The slot of outside[e] in `rho` and `outsideOrders` (user j, c-th cut product: j × cutCount
    /// + c), or −1 for a product that is not cut, whose share is 1.
    let outsideSlot: UnsafePointer<Int>
    /// The cut products, ascending, and how many.
    let cutProducts: UnsafePointer<Int>
    let cutCount: Int
    let isShort: UnsafePointer<Bool>
    let target, delta, r, inverseR: UnsafePointer<Double>
    /// The outside share of each cut product's pair, by slot.
    let rho: UnsafePointer<Double>
    let y, ceiling: UnsafePointer<Double>
    /// Per part p (offset p n): the lowest domestic and outside bounds of user j, their inputs
    /// (domestic i, outside n + p), and the lowest outside bound (the import factor).
    let boundDomestic, boundOutside, lowestOutside: UnsafeMutablePointer<Double>
    let whichDomestic, whichOutside: UnsafeMutablePointer<Int32>
    let deviation, deviationF, deviationR: UnsafeMutablePointer<Double>
    /// The orders of each cut product's pair, by slot.
    let outsideOrders: UnsafeMutablePointer<Double>

    /// y*: the output at which the stationary stock of an input with weight w just allows itself,
    /// written as a deviation from 1 so that the baseline gives exactly 1; `wTau` is w τ and
    /// `inverse` 1 / share.
    @inline(__always)
    static func bound(_ w: Double, _ wTau: Double, _ n_j: Double, _ d: Double, _ share: Double, _ inverse: Double) -> Double {
        guard share > 0 else { return 1 - w }
        let k = wTau / share
        let value = 1 + (w * (n_j - 1) + wTau * (d - 1) + wTau * (1 - inverse)) / (1 + k)
        return max(1 - w, value)
    }

    /// The bounds of part `part` (the first part's rows for part 0, the others for part 1; a
    /// single part 0 of every row when `whole`).
    func bounds(part: Int, whole: Bool) {
        let offset = part * n
        for j in 0..<n {
            let nj = target[j], dj = delta[j]
            var b = Double.infinity, which: Int32 = -1
            let (lo, hi) = whole ? (criticalStart[j], criticalStart[j + 1])
                : part == 0 ? (criticalStart[j], criticalMiddle[j]) : (criticalMiddle[j], criticalStart[j + 1])
            var e = lo
            while e < hi {
                let i = Int(criticalInput[e])
                let w = criticalWeight[e]
                // y* ≥ 1 − w, so an input with 1 − w ≥ b cannot lower b: skipped unevaluated.
                if isShort[i], 1 - w < b {
                    let value = Self.bound(w, w * tau, nj, dj, r[i], inverseR[i])
                    if value < b { b = value; which = Int32(truncatingIfNeeded: i) }
                }
                e += 1
            }
            boundDomestic[offset + j] = b
            whichDomestic[offset + j] = which
            var bo = Double.infinity, whichO: Int32 = -1, lowest = Double.infinity
            let base = j * n
            let (olo, ohi) = whole ? (outsideStart[j], outsideStart[j + 1])
                : part == 0 ? (outsideStart[j], outsideMiddle[j]) : (outsideMiddle[j], outsideStart[j + 1])
            e = olo
            while e < ohi {
                let k = outside[e]
                let u = wM[k]
                if u > 0 {
                    let s = outsideSlot[e]
                    let share = s >= 0 ? rho[s] : 1
                    let value = Self.bound(u, u * tau, nj, dj, share, 1 / share)
                    if value < bo { bo = value; whichO = Int32(truncatingIfNeeded: n + k - base) }
                    lowest = min(lowest, value)
                }
                e += 1
            }
            boundOutside[offset + j] = bo
            whichOutside[offset + j] = whichO
            lowestOutside[offset + j] = lowest
        }
    }

    /// The terms of rows `rows` (and of the cut products among them, `cuts` of `cutProducts`).
    func terms(rows: Range<Int>, cuts: Range<Int>) {
        guard !rows.isEmpty else { return }
        for j in 0..<n {
            let base = j * n
            let value = y[j], ceilingJ = ceiling[j]
            Self.addTerms(sales: sales + base + rows.lowerBound, shares: r + rows.lowerBound, output: value, ceiling: ceilingJ,
                          into: deviation + rows.lowerBound, count: rows.count)
            for c in cuts {
                let q = cutProducts[c]
                let k = base + q
                guard wM[k] >= 0 else { continue }
                let s = j * cutCount + c
                let o = rho[s] > 0 ? min(value / rho[s], ceilingJ) : ceilingJ
                outsideOrders[s] = o
                deviationF[q] += salesF[k] * (o - 1)
                deviationR[q] += salesR[k] * (o - 1)
            }
        }
    }

    /// Adds user j's terms to the suppliers' demand deviations: for each supplier i,
    /// s_ij (o_ij − 1) with o_ij = min(y_j / r_i, ceiling) (`Swift.min`'s choice; the ceiling when
    /// r_i = 0). Four suppliers at a time; each lane is one supplier's own operations, so the sums
    /// are those of a loop over the suppliers one by one. A pair without a flow has s_ij = 0 and
    /// o_ij finite, so its term is ±0, which changes no sum (a sum that starts at +0 is never −0).
    @inline(__always)
    static func addTerms(sales: UnsafePointer<Double>, shares: UnsafePointer<Double>, output: Double, ceiling: Double,
                         into sums: UnsafeMutablePointer<Double>, count n: Int) {
        typealias V = SIMD4<Double>
        let y = V(repeating: output), top = V(repeating: ceiling), one = V(repeating: 1), zero = V.zero
        func load(_ p: UnsafePointer<Double>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        var i = 0
        while i + 4 <= n {
            let r = load(shares + i)
            var o = y / r
            o.replace(with: top, where: top .< o)
            o.replace(with: top, where: .!(r .> zero))
            let sum = load(sums + i) + load(sales + i) * (o - one)
            UnsafeMutableRawPointer(sums + i).storeBytes(of: sum, as: V.self)
            i += 4
        }
        while i < n {
            let r = shares[i], q = output / r
            let o = r > 0 ? (ceiling < q ? ceiling : q) : ceiling
            sums[i] += sales[i] * (o - 1)
            i += 1
        }
    }
}
