import IOTables

/// Sample statistics of Monte Carlo draws.
public enum Statistics {
    /// The p-th percentile (0…100) by linear interpolation between order statistics:
    /// h = (N − 1)·p/100, Q = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) (Hyndman & Fan 1996, type 7;
    /// the default of R and NumPy).
    /// - Complexity: O(N log N).
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        percentile(sorted: values.sorted(), p)
    }

    public static func percentile(sorted x: [Double], _ p: Double) -> Double {
        guard !x.isEmpty else { return 0 }
        let h = Double(x.count - 1) * p / 100
        let lo = CheckedInteger.int(h, rounding: .down, in: 0...(x.count - 1)) ?? (h > 0 ? x.count - 1 : 0)
        let hi = min(x.count - 1, lo + 1)
        return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
    }

    /// Several percentiles at once by selection rather than sorting (same values as `percentile`).
    /// - Complexity: O(N) expected per percentile.
    public static func percentiles(_ values: [Double], _ ps: [Double]) -> [Double] {
        guard !values.isEmpty else { return ps.map { _ in 0 } }
        var x = values
        if let first = x.first, x.allSatisfy({ $0 == first }) { return ps.map { _ in first } }
        return ps.map { p in
            let h = Double(x.count - 1) * p / 100
            let lo = CheckedInteger.int(h, rounding: .down, in: 0...(x.count - 1)) ?? (h > 0 ? x.count - 1 : 0)
            let a = select(&x, lo)
            guard lo + 1 < x.count, h > Double(lo) else { return a }
            // After selection every element above index lo is ≥ x[lo]; the next order statistic is their minimum.
            var b = Double.infinity
            for k in (lo + 1)..<x.count where x[k] < b { b = x[k] }
            return a + (h - Double(lo)) * (b - a)
        }
    }

    /// Rearranges x so that x[k] is the k-th smallest (Hoare's selection, median-of-three pivots).
    static func select(_ x: inout [Double], _ k: Int) -> Double {
        x.withUnsafeMutableBufferPointer { x in
            var lo = 0, hi = x.count - 1
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                let pivot = medianOfThree(x[lo], x[mid], x[hi])
                var i = lo, j = hi
                while i <= j {
                    while x[i] < pivot { i += 1 }
                    while x[j] > pivot { j -= 1 }
                    if i <= j { x.swapAt(i, j); i += 1; j -= 1 }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { break }
            }
            return x[k]
        }
    }

    /// The middle one of three numbers (no NaN): what `[a, b, c].sorted()[1]` gives.
    @inline(__always) static func medianOfThree(_ a: Double, _ b: Double, _ c: Double) -> Double {
        a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b))
    }

    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation, √(Σ(x − x̄)²/(N − 1)); 0 for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let m = mean(values)
        let ss = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (ss / Double(values.count - 1)).squareRoot()
    }

    /// Mid-ranks (ties share the average of their ranks), 1-based.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var k = 0
        while k < order.count {
            var end = k
            while end + 1 < order.count, values[order[end + 1]] == values[order[k]] { end += 1 }
            let rank = Double(k + end) / 2 + 1
            for m in k...end { ranks[order[m]] = rank }
            k = end + 1
        }
        return ranks
    }

    /// Spearman's rank correlation: the Pearson correlation of mid-ranks. nil for fewer than three
    /// pairs or when either series is constant (the correlation is then undefined).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 3 else { return nil }
        let rx = ranks(x), ry = ranks(y)
        let mx = mean(rx), my = mean(ry)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in rx.indices {
            sxy += (rx[i] - mx) * (ry[i] - my)
            sxx += (rx[i] - mx) * (rx[i] - mx)
            syy += (ry[i] - my) * (ry[i] - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}
