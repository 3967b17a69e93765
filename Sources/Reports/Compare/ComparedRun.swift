import Foundation
import IOTables
import Scenarios

/// What `ioshock compare` and a batch `ioshock run a.toml b.toml …` need of one run of any kind:
/// the per-sector and total changes (a static run's period, a dynamic run's horizon, a Monte
/// Carlo run's mean over the draws with its 5th–95th percentile band) and the settings that tell
/// runs apart.
public struct ComparedRun: Sendable {
    public var path: String
    public var title: String
    /// `supply-constrained`, `dynamic`, `supply-constrained, Monte Carlo (1000 draws)` …
    public var kind: String
    public var unit: String
    /// The period the flows cover, in words ("over 90 days").
    public var period: String
    public var periodDays: Double?
    public var codes: [String]
    /// Each sector's region in a multi-regional table (nil: one region), so that a code that
    /// repeats across regions is told apart in the sector table.
    public var regions: [String]?
    public var names: [String]
    public var outputChange: [Double]
    public var outputChangePercent: [Double]
    public var valueAddedChange: [Double]
    /// 5th and 95th percentiles of each sector's output change (Monte Carlo runs).
    public var outputBand: (p5: [Double], p95: [Double])?
    /// quantity, baseline, change (the mean for Monte Carlo), and the band of the change.
    public var totals: [(quantity: String, baseline: Double, change: Double, p5: Double?, p95: Double?)]
    /// Table, model, parameters, period and shocks as (key, value), for the header of what differs.
    public var settings: [(String, String)]

    static func settings(_ s: Scenario, kind: String, period: String) -> [(String, String)] {
        var list: [(String, String)] = [("table", s.table.metadata.name), ("kind", kind), ("period", period)]
        list += s.model.parameters
        for (k, shock) in s.shocks.enumerated() {
            var text = "\(shock.kind.rawValue) " + shock.sectors.map { s.table.sectorLabels[$0] }.joined(separator: ",")
            if shock.kind == .imports { text += " \(shock.originName)" }
            text += " \(String(format: "%g", shock.size))"
            if shock.startDay != 0 { text += " from day \(ImpactReport.days(shock.startDay))" }
            if let d = shock.durationDays { text += " for \(ImpactReport.days(d)) days" }
            list.append(("shock \(k + 1)", text))
        }
        return list
    }

    /// A run that is one state (static models) or one path (the dynamic model).
    init(_ s: Scenario, period: String, periodDays: Double?, names: [String], outputChange: [Double], outputChangePercent: [Double],
         valueAddedChange: [Double], totals: [Impacts.Total], extraSettings: [(String, String)] = []) {
        path = s.path
        title = s.title
        kind = s.model.kind.rawValue
        unit = s.table.metadata.unit
        self.periodDays = periodDays
        self.period = period
        codes = s.table.codes
        regions = s.table.isMultiRegional ? s.table.sectors.map(\.region) : nil
        self.names = names
        self.outputChange = outputChange
        self.outputChangePercent = outputChangePercent
        self.valueAddedChange = valueAddedChange
        self.totals = totals.map { ($0.quantity, $0.baseline, $0.change, nil, nil) }
        settings = Self.settings(s, kind: kind, period: period) + extraSettings
    }

    public init(_ report: ImpactReport) {
        let s = report.result.scenario, rows = report.impacts.rows
        self.init(s, period: s.periodDays.map { "over \(ImpactReport.days($0)) days" } ?? "over 365 days", periodDays: s.periodDays,
                  names: rows.map(\.name), outputChange: rows.map(\.outputChange), outputChangePercent: rows.map(\.outputChangePercent),
                  valueAddedChange: rows.map(\.valueAddedChange), totals: report.result.prices?.costs ?? report.impacts.totals)
    }

    public init(_ report: DynamicReport) {
        let s = report.result.scenario, rows = report.impacts.rows
        self.init(s, period: "over \(s.model.horizonDays) days (dynamic horizon)", periodDays: Double(s.model.horizonDays),
                  names: rows.map(\.name), outputChange: rows.map(\.outputChange), outputChangePercent: rows.map(\.outputChangePercent),
                  valueAddedChange: rows.map(\.valueAddedChange), totals: report.impacts.totals,
                  extraSettings: [("horizon_days", "\(s.model.horizonDays)")])
    }

    /// A Monte Carlo run or sweep: the means over the draws, with the 5th–95th percentile band.
    public init(_ report: UncertaintyReport) {
        let run = report.run
        let s = report.scenario
        let mode = run.plan.mode == .sweep ? "sweep over \(run.plan.draws) combinations"
            : run.plan.method == .sobol ? "Sobol, N = \(run.plan.draws) (means over the \(run.plan.sampleDraws) rows of A and B), seed \(run.plan.seed)"
            : "Monte Carlo, \(run.plan.draws) draws, seed \(run.plan.seed)"
        path = s.path
        title = s.title
        kind = "\(s.model.kind.rawValue), \(mode)"
        unit = s.table.metadata.unit
        // A dynamic Monte Carlo run's changes are cumulated over its horizon.
        let dynamic = report.dynamicCentral != nil
        periodDays = dynamic ? Double(s.model.horizonDays) : s.periodDays
        period = dynamic ? "over \(s.model.horizonDays) days (dynamic horizon)" : s.periodDays.map { "over \(ImpactReport.days($0)) days" } ?? "over 365 days"
        codes = s.table.codes
        regions = s.table.isMultiRegional ? s.table.sectors.map(\.region) : nil
        names = s.table.sectors.map(\.name)
        let n = run.sectorCount
        func series(_ j: Int, _ k: Int) -> [Double] { run.sectorSeries(sector: j, column: k) }
        outputChange = (0..<n).map { Statistics.mean(series($0, UncertaintyRun.outputChangeColumn)) }
        outputChangePercent = (0..<n).map { Statistics.mean(series($0, 2)) }
        valueAddedChange = (0..<n).map { Statistics.mean(series($0, UncertaintyRun.valueAddedChangeColumn)) }
        let bands = (0..<n).map { Statistics.percentiles(series($0, UncertaintyRun.outputChangeColumn), [5, 95]) }
        outputBand = (bands.map { $0[0] }, bands.map { $0[1] })
        let column = Dictionary(uniqueKeysWithValues: run.columns.enumerated().map { ($1, $0) })
        totals = (report.central?.impacts.totals ?? report.dynamicCentral!.impacts.totals).map { total in
            let name = total.quantity == "output" ? "output_change" : "\(total.quantity)_change"
            guard let k = column[name] else { return (total.quantity, total.baseline, total.change, nil, nil) }
            let draws = run.totalSeries(column: k)
            let p = Statistics.percentiles(draws, [5, 95])
            return (total.quantity, total.baseline, Statistics.mean(draws), p[0], p[1])
        }
        var settings = Self.settings(s, kind: kind, period: period)
        for (k, p) in run.plan.parameters.enumerated() { settings.append((p.name, "uncertain (central \(String(format: "%g", run.centralValues[k])))")) }
        self.settings = settings
    }
}
