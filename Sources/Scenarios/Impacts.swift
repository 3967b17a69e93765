import IOTables

/// Sector-by-sector impacts of a scenario result, in the table's unit, for the scenario's period.
///
/// Flows (output, value added, hours) are for the period: annual table flows × days / 365 when
/// the shocks give a duration, else annual. Head counts (every employment measure except those
/// named `hours…`) are stocks: persons-equivalent lost while the shock lasts, not scaled.
/// Changes are shocked minus baseline: a loss is negative.
public struct Impacts: Sendable {
    public struct Row: Sendable {
        public var code: String
        public var name: String
        /// The producing region (empty in a single-region table).
        public var region: String = ""
        public var section: String?
        public var baselineOutput: Double
        public var output: Double
        public var outputChange: Double
        public var outputChangePercent: Double
        public var valueAddedChange: Double
        /// One per employment measure of the table, in its order.
        public var employmentChange: [Double]
        public var rank: Int
        public var binding: String
        /// The chain from the binding constraint back to a shock (supply-constrained model).
        public var chain: String
    }

    public struct Total: Sendable {
        public var quantity: String
        public var baseline: Double
        public var change: Double
        public var changePercent: Double { baseline == 0 ? 0 : change / baseline * 100 }  // divided first: 100 × change can overflow where the ratio does not
    }

    public var rows: [Row]
    public var employmentMeasures: [String]
    public var totals: [Total]
    /// Flows are scaled by this factor (days / 365, or 1).
    public var periodFactor: Double

    public init(result: ScenarioResult) {
        let table = result.scenario.table
        let k = result.scenario.periodDays.map { $0 / 365 } ?? 1
        periodFactor = k
        let x0 = result.baselineOutput
        let x = result.output
        let gva = table.grossValueAdded ?? [Double](repeating: 0, count: table.count)
        let measures = table.employment?.labels ?? []
        employmentMeasures = measures
        var rows: [Row] = []
        let codes = table.codes
        for i in 0..<table.count {
            let dx = x[i] - x0[i]
            let share = x0[i] == 0 ? 0 : dx / x0[i]
            let employment = measures.indices.map { m in table.employment!.values[i, m] * share * Self.scale(measures[m], k) }
            rows.append(Row(code: codes[i], name: table.sectors[i].name, region: table.sectors[i].region, section: table.sectors[i].attributes["nace_section"],
                            baselineOutput: x0[i] * k, output: x[i] * k, outputChange: dx * k,
                            outputChangePercent: 100 * share, valueAddedChange: gva[i] * share * k,
                            employmentChange: employment, rank: 0, binding: result.binding[i], chain: i < result.chain.count ? result.chain[i] : ""))
        }
        let order = rows.indices.sorted { rows[$0].outputChange != rows[$1].outputChange ? rows[$0].outputChange < rows[$1].outputChange : $0 < $1 }
        for (position, i) in order.enumerated() { rows[i].rank = position + 1 }
        self.rows = rows
        var totals = [
            Total(quantity: "output", baseline: x0.reduce(0, +) * k, change: rows.reduce(0) { $0 + $1.outputChange }),
            Total(quantity: "value_added", baseline: gva.reduce(0, +) * k, change: rows.reduce(0) { $0 + $1.valueAddedChange }),
        ]
        for (m, measure) in measures.enumerated() {
            let baseline = table.employment!.values.column(m).reduce(0, +) * Self.scale(measure, k)
            totals.append(Total(quantity: measure, baseline: baseline, change: rows.reduce(0) { $0 + $1.employmentChange[m] }))
        }
        self.totals = totals
    }

    /// Hours are a flow and scale with the period; head counts do not.
    static func scale(_ measure: String, _ k: Double) -> Double { measure.hasPrefix("hours") ? k : 1 }

    /// Rows summed by NACE section (empty when sectors.csv has no nace_section column).
    public func bySection() -> [(section: String, baselineOutput: Double, outputChange: Double, valueAddedChange: Double, employmentChange: [Double])] {
        var order: [String] = []
        var sums: [String: (Double, Double, Double, [Double])] = [:]
        for row in rows {
            guard let section = row.section else { continue }
            if sums[section] == nil { order.append(section); sums[section] = (0, 0, 0, [Double](repeating: 0, count: employmentMeasures.count)) }
            var s = sums[section]!
            s.0 += row.baselineOutput
            s.1 += row.outputChange
            s.2 += row.valueAddedChange
            for m in s.3.indices { s.3[m] += row.employmentChange[m] }
            sums[section] = s
        }
        return order.sorted().map { (section: $0, baselineOutput: sums[$0]!.0, outputChange: sums[$0]!.1, valueAddedChange: sums[$0]!.2, employmentChange: sums[$0]!.3) }
    }
}
