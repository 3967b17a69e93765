import IOModels
import IOTables

/// Cumulative and peak impacts of a dynamic run, per sector and in total, in the table's unit.
///
/// Flows (output, value added, hours…) are summed over the horizon: Σ_t x⁰_j (y_j(t) − 1) / 365.
/// Head counts (employment measures not named `hours…`) are stocks: the persons-equivalent
/// without work on the sector's worst day. Changes are shocked − baseline: a loss is negative.
public struct DynamicImpacts: Sendable {
    public struct Row: Sendable {
        public var code: String
        public var name: String
        /// The producing region (empty in a single-region table).
        public var region: String = ""
        public var baselineOutput: Double
        public var output: Double
        public var outputChange: Double
        public var outputChangePercent: Double
        public var valueAddedChange: Double
        public var employmentChange: [Double]
        /// Largest daily loss, % of the baseline day, and its day.
        public var peakLossPercent: Double
        public var peakDay: Int?
        /// Days on which output was more than 0.01 % below baseline.
        public var daysBelowBaseline: Int
        public var rank: Int
    }

    public typealias Total = Impacts.Total

    public var rows: [Row]
    public var employmentMeasures: [String]
    public var totals: [Total]
    /// Daily totals: output and value added (table unit per day), hours per day.
    public var dailyOutput: [Double]
    public var dailyValueAdded: [Double]
    public var dailyHours: [Double]?
    public var baselineDailyOutput: Double
    public var peakTotalLossPercent: (value: Double, day: Int?)
    /// First day from which total output stays within 0.01 % of its baseline to the horizon's end
    /// (after the last shock starts), nil when it does not recover within the horizon.
    public var recoveryDay: Int?
    /// Sectors that ran short of a directly cut input at least once; nil when the path did not
    /// record shortages (Monte Carlo draws).
    public var sectorsShortOfCutInputs: Int?
    public var horizonDays: Int

    public var outputTotal: Total { totals[0] }
    public var valueAddedTotal: Total { totals[1] }

    static func isFlow(_ measure: String) -> Bool { measure.hasPrefix("hours") }

    /// `everyDailyTotal` false leaves `dailyValueAdded` empty and `dailyHours` nil (Monte Carlo
    /// draws keep only the daily output); every other number is the same.
    public init(scenario: Scenario, path: DynamicPath, everyDailyTotal: Bool = true) {
        let table = scenario.table
        let n = table.count
        let days = path.days
        horizonDays = days
        let x0 = table.output
        let gva = table.grossValueAdded ?? [Double](repeating: 0, count: n)
        let measures = table.employment?.labels ?? []
        employmentMeasures = measures
        let hoursIndex = measures.firstIndex(where: Self.isFlow)
        var dailyOutput = [Double](repeating: 0, count: days)
        var dailyVA = [Double](repeating: 0, count: everyDailyTotal ? days : 0)
        var dailyHours: [Double]? = hoursIndex == nil || !everyDailyTotal ? nil : [Double](repeating: 0, count: days)
        // Head counts: the persons-equivalent without work on each day, Σ_j e_j (1 − y_j(t)).
        let headCounts = measures.indices.filter { !Self.isFlow(measures[$0]) }
        var idle = [[Double]](repeating: [Double](repeating: 0, count: days), count: headCounts.count)
        var rows: [Row] = []
        rows.reserveCapacity(n)
        // One pass over the path, day by day (its rows are days): each sector's sums over days
        // (its loss, worst day, days below baseline) advance by a day, and each day's sums over
        // sectors (output, value added, hours, idle head counts) are made, sectors j ascending.
        // Every sum keeps its order: days ascending for a sector's, sectors ascending for a day's.
        var lost = [Double](repeating: 0, count: n), worstLoss = [Double](repeating: 0, count: n)
        var worstDays = [Int](repeating: -1, count: n), belowDays = [Int](repeating: 0, count: n)
        let hoursWeights = hoursIndex.map { h in (0..<n).map { table.employment!.values[$0, h] } }
        let idleWeights = headCounts.map { m in (0..<n).map { table.employment!.values[$0, m] } }
        path.outputRatio.withUnsafeBufferPointer { all in
            lost.withUnsafeMutableBufferPointer { lost in
                worstLoss.withUnsafeMutableBufferPointer { worst in
                    worstDays.withUnsafeMutableBufferPointer { worstDay in
                        belowDays.withUnsafeMutableBufferPointer { below in
                            for t in 0..<days {
                                let y = UnsafeBufferPointer(rebasing: all[(t &* n)..<(t &* n &+ n)])
                                for j in 0..<n {
                                    lost[j] += y[j] - 1
                                    if 1 - y[j] > worst[j] { worst[j] = 1 - y[j]; worstDay[j] = t }
                                    if y[j] < 1 - 1e-4 { below[j] += 1 }
                                }
                                func total(_ weights: [Double]) -> Double {
                                    var sum = 0.0
                                    for j in 0..<n { sum += weights[j] * y[j] / 365 }
                                    return sum
                                }
                                dailyOutput[t] = total(x0)
                                if everyDailyTotal {
                                    dailyVA[t] = total(gva)
                                    if let w = hoursWeights { dailyHours![t] = total(w) }
                                }
                                for (slot, e) in idleWeights.enumerated() {
                                    var sum = 0.0
                                    for j in 0..<n { sum += e[j] * (1 - y[j]) }
                                    idle[slot][t] = sum
                                }
                            }
                        }
                    }
                }
            }
        }
        for j in 0..<n {
            let lostDays = lost[j], worst = worstLoss[j], worstDay = worstDays[j] < 0 ? nil : worstDays[j], below = belowDays[j]
            let employment = measures.indices.map { m in
                let e = table.employment!.values[j, m]
                return Self.isFlow(measures[m]) ? e * lostDays / 365 : -e * worst
            }
            let baseline = x0[j] * Double(days) / 365
            rows.append(Row(code: table.codes[j], name: table.sectors[j].name, region: table.sectors[j].region, baselineOutput: baseline,
                            output: baseline + x0[j] * lostDays / 365, outputChange: x0[j] * lostDays / 365,
                            outputChangePercent: 100 * lostDays / Double(max(1, days)), valueAddedChange: gva[j] * lostDays / 365,
                            employmentChange: employment, peakLossPercent: 100 * worst, peakDay: worstDay,
                            daysBelowBaseline: below, rank: 0))
        }
        let order = rows.indices.sorted { rows[$0].outputChange != rows[$1].outputChange ? rows[$0].outputChange < rows[$1].outputChange : $0 < $1 }
        for (position, i) in order.enumerated() { rows[i].rank = position + 1 }
        self.rows = rows
        let baseDay = x0.reduce(0, +) / 365
        baselineDailyOutput = baseDay
        var totals = [
            Total(quantity: "output", baseline: baseDay * Double(days), change: rows.reduce(0) { $0 + $1.outputChange }),
            Total(quantity: "value_added", baseline: gva.reduce(0, +) * Double(days) / 365, change: rows.reduce(0) { $0 + $1.valueAddedChange }),
        ]
        for (m, measure) in measures.enumerated() {
            let column = table.employment!.values.column(m)
            if Self.isFlow(measure) {
                totals.append(Total(quantity: measure, baseline: column.reduce(0, +) * Double(days) / 365, change: rows.reduce(0) { $0 + $1.employmentChange[m] }))
            } else {
                // Head counts: the persons-equivalent without work on the worst day of the economy.
                let worst = idle[headCounts.firstIndex(of: m)!].reduce(0.0) { max($0, $1) }
                totals.append(Total(quantity: measure, baseline: column.reduce(0, +), change: -worst))
            }
        }
        self.totals = totals
        self.dailyOutput = dailyOutput
        self.dailyValueAdded = dailyVA
        self.dailyHours = dailyHours
        var peak = (value: 0.0, day: Int?.none)
        for t in 0..<days where baseDay > 0 {
            let loss = 100 * (1 - dailyOutput[t] / baseDay)
            if loss > peak.value { peak = (loss, t) }
        }
        peakTotalLossPercent = peak
        let lastStart = CheckedInteger.int(scenario.shocks.map(\.startDay).max() ?? 0, rounding: .up, in: 0...days) ?? days
        var recovered: Int? = nil
        if baseDay > 0 {
            for t in stride(from: days - 1, through: 0, by: -1) {
                if abs(1 - dailyOutput[t] / baseDay) > 1e-4 { break }
                recovered = t
            }
        }
        if let r = recovered, r <= lastStart, peak.day != nil, peak.day! >= r { recovered = nil }
        recoveryDay = recovered
        // Sectors short of a directly cut input: outside inputs of products with import shocks,
        // domestic inputs from sectors with capacity shocks.
        var cutOutside = Set<Int>(), cutDomestic = Set<Int>()
        for shock in scenario.shocks {
            if shock.kind == .imports { cutOutside.formUnion(shock.sectors) }
            if shock.kind == .capacity { cutDomestic.formUnion(shock.sectors) }
        }
        var short = 0
        for j in 0..<n where !path.firstShortageDomestic.isEmpty {
            let hit = cutOutside.contains { path.firstShortageOutside[$0 + j * n] >= 0 } || cutDomestic.contains { path.firstShortageDomestic[$0 + j * n] >= 0 }
            if hit { short += 1 }
        }
        sectorsShortOfCutInputs = path.firstShortageDomestic.isEmpty ? nil : short
    }

    /// stockouts.csv rows: each pair (sector, input) whose input is directly cut (an outside input
    /// of an import shock, a domestic input from a sector with a capacity shock) and that has a flow,
    /// plus any other pair whose stock ran short; the first day the input no longer covered what the
    /// sector would otherwise produce, or nil (never). Empty for a path without shortage records.
    public static func stockouts(scenario: Scenario, path: DynamicPath) -> [(sector: Int, input: Int, outside: Bool, stockDays: Double, day: Int?)] {
        let table = scenario.table
        let n = table.count
        guard !path.firstShortageDomestic.isEmpty else { return [] }
        var cutOutside = Set<Int>(), cutDomestic = Set<Int>()
        for shock in scenario.shocks {
            if shock.kind == .imports { cutOutside.formUnion(shock.sectors) }
            if shock.kind == .capacity { cutDomestic.formUnion(shock.sectors) }
        }
        let outsideFlow: (Int, Int) -> Bool = { p, j in (table.imports?[p, j] ?? 0) + (table.importsRestOfCountry?[p, j] ?? 0) > 0 }
        var list: [(sector: Int, input: Int, outside: Bool, stockDays: Double, day: Int?)] = []
        for j in 0..<n {
            for i in 0..<n {
                let k = i + j * n
                let dayOutside = Int(path.firstShortageOutside[k])
                if outsideFlow(i, j), cutOutside.contains(i) || dayOutside >= 0 {
                    list.append((j, i, true, scenario.model.inventoryDays[j], dayOutside >= 0 ? dayOutside : nil))
                }
                let dayDomestic = Int(path.firstShortageDomestic[k])
                if table.intermediate[i, j] > 0, cutDomestic.contains(i) || dayDomestic >= 0 {
                    list.append((j, i, false, scenario.model.inventoryDays[j], dayDomestic >= 0 ? dayDomestic : nil))
                }
            }
        }
        return list.sorted { a, b in
            switch (a.day, b.day) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (a.sector, a.input, a.outside ? 0 : 1) < (b.sector, b.input, b.outside ? 0 : 1)
            }
        }
    }
}
