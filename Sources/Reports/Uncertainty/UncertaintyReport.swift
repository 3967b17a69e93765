import Foundation
import IOTables
import Scenarios

/// The files and tables of a Monte Carlo run or sweep (docs/scenarios.md, "Uncertainty and
/// sweeps"): the central run's usual files, plus `impacts_summary.csv`, `draws.csv`,
/// `sensitivity.csv` and `sensitivity.md`, and an `uncertainty` member in run.json. A dynamic
/// run adds `timeseries_bands.csv` and the peak daily loss.
public struct UncertaintyReport {
    public let run: UncertaintyRun
    /// The central run (every uncertain value at the median of its draws): a static model's
    /// report, or a dynamic one's.
    public let central: ImpactReport?
    public let dynamicCentral: DynamicReport?

    /// - Parameters:
    ///   - scenario: the central scenario as it is to be reported, when the command line changed it
    ///     (`--groups`, `--lang`); by default the run's own.
    ///   - explanation: the central run's explanation (supply-constrained scenarios), whose files
    ///     are written with the central run's.
    public init(run: UncertaintyRun, scenario: Scenario? = nil, explanation: RunExplanation? = nil) {
        self.run = run
        switch run.central {
        case var .equilibrium(result):
            if let scenario { result.scenario = scenario }
            central = ImpactReport(result: result, explanation: explanation)
            dynamicCentral = nil
        case var .dynamic(result):
            if let scenario { result.scenario = scenario }
            central = nil
            dynamicCentral = DynamicReport(result: result)
        }
    }

    /// The central scenario as reported.
    public var scenario: Scenario { central?.result.scenario ?? dynamicCentral!.result.scenario }

    var provenance: Provenance { central?.provenance ?? dynamicCentral!.provenance }

    /// The central run's run.json.
    public func centralRunJSON() -> JSONValue { central?.runJSON() ?? dynamicCentral!.runJSON() }

    /// "over 90 days", "per year", or for a dynamic run "cumulative over 365 days".
    var periodText: String {
        if dynamicCentral != nil { return "cumulative over \(run.days) days" }
        return scenario.periodDays.map { "over \(ImpactReport.days($0)) days" } ?? "per year"
    }

    static let statistics = ["mean", "sd", "p5", "p50", "p95"]

    /// mean, sd, p5, p50, p95 of a series.
    static func summary(_ series: [Double]) -> [Double] {
        [Statistics.mean(series), Statistics.standardDeviation(series)] + Statistics.percentiles(series, [5, 50, 95])
    }

    /// impacts_summary.csv: per sector, then the total, the mean, standard deviation and 5th, 50th
    /// and 95th percentiles of every impact column over the draws.
    public func summaryTable() -> ResultTable {
        var columns = ["code", "name"]
        for c in run.columns { columns += Self.statistics.map { "\(c)_\($0)" } }
        var table = ResultTable(columns: columns)
        let tableData = scenario.table
        for j in 0..<run.sectorCount {
            var cells: [ResultTable.Cell] = [.text(tableData.codes[j]), .text(tableData.sectors[j].name)]
            for k in run.columns.indices {
                cells += Self.summary(run.sectorSeries(sector: j, column: k)).map { .number($0, digits: k == 2 ? 3 : 2) }
            }
            table.append(cells)
        }
        var cells: [ResultTable.Cell] = [.text("total"), .text("Total economy")]
        for k in run.columns.indices {
            cells += Self.summary(run.totalSeries(column: k)).map { .number($0, digits: k == 2 ? 4 : 2) }
        }
        table.append(cells)
        return table
    }

    /// draws.csv: one row per draw, the parameter values and the economy-wide totals.
    public func drawsTable() -> ResultTable {
        let parameters = run.plan.parameters.map(\.name)
        var table = ResultTable(columns: ["draw"] + parameters + run.columns)
        let c = run.columns.count
        for i in 0..<run.plan.draws {
            var cells: [ResultTable.Cell] = [.number(Double(i + 1), digits: 0)]
            cells += run.values[i].map { .number($0, digits: 6) }
            cells += (0..<c).map { .number(run.totalValues[i * c + $0], digits: 3) }
            table.append(cells)
        }
        return table
    }

    /// sensitivity.csv: the parameters ordered by how much they move the total output change
    /// (swing between low and high, others at their central values), with Spearman's ρ.
    public func sensitivityTable() -> ResultTable {
        var table = ResultTable(columns: ["rank", "parameter", "low", "high", "output_change_at_low", "output_change_at_high", "output_swing",
                                          "value_added_change_at_low", "value_added_change_at_high", "value_added_swing", "rank_correlation_output"])
        for (k, s) in run.sensitivity.enumerated() {
            table.append([.number(Double(k + 1), digits: 0), .text(s.parameter), .number(s.low, digits: 4), .number(s.high, digits: 4),
                          .number(s.outputChangeAtLow, digits: 1), .number(s.outputChangeAtHigh, digits: 1), .number(s.outputSwing, digits: 1),
                          .number(s.valueAddedChangeAtLow, digits: 1), .number(s.valueAddedChangeAtHigh, digits: 1),
                          .number(abs(s.valueAddedChangeAtHigh - s.valueAddedChangeAtLow), digits: 1),
                          s.rankCorrelation.map { .number($0, digits: 3) } ?? .text("")])
        }
        return table
    }

    var lowHighWords: (String, String) { run.plan.mode == .sweep ? ("smallest", "largest") : ("5th percentile", "95th percentile") }

    /// How the tornado is computed, in words, for sensitivity.md, the report and run.json.
    public var sensitivityMethod: String {
        let (low, high) = lowHighWords
        return "One at a time: each parameter is set to the \(low) and the \(high) of its values while every other parameter stays at its central value (the median of its draws); the swing is the difference of the total output change between the two runs. The rank correlation is Spearman's ρ between the parameter and the total output change over all draws."
    }

    public func sensitivityMarkdown() -> String {
        var text = "# Sensitivity: \(scenario.title)\n\n"
        text += "Which parameter moves the total output loss most. \(sensitivityMethod)\n\n"
        text += "Unit: \(scenario.table.metadata.unit), \(periodText).\n\n"
        text += sensitivityTable().markdown()
        return text
    }

    /// Summary of the totals: central run and the distribution over the draws.
    public func totalsSummaryTable() -> ResultTable {
        var table = ResultTable(columns: ["quantity", "baseline", "central_change", "mean", "sd", "p5", "p50", "p95"])
        let totals = central?.impacts.totals ?? dynamicCentral!.impacts.totals
        let columnFor: [String: Int] = Dictionary(uniqueKeysWithValues: run.columns.enumerated().map { ($1, $0) })
        for total in totals {
            let name = total.quantity == "output" ? "output_change" : "\(total.quantity)_change"
            guard let k = columnFor[name] else { continue }
            table.append([.text(total.quantity), .number(total.baseline, digits: 1), .number(total.change, digits: 1)]
                         + Self.summary(run.totalSeries(column: k)).map { .number($0, digits: 1) })
        }
        if let dynamic = dynamicCentral, let k = columnFor[UncertaintyRun.peakLossColumnName] {
            // The peak daily loss of total output, % of the baseline day (no baseline: it is a share).
            table.append([.text(UncertaintyRun.peakLossColumnName), .text(""), .number(dynamic.impacts.peakTotalLossPercent.value, digits: 3)]
                         + Self.summary(run.totalSeries(column: k)).map { .number($0, digits: 3) })
        }
        return table
    }

    /// timeseries_bands.csv (dynamic runs): per day, the 5th, 50th and 95th percentiles over the
    /// draws of total output that day, in the table's unit per day.
    public func timeseriesBandsTable() -> ResultTable {
        var table = ResultTable(columns: ["day", "p5", "p50", "p95"])
        for t in 0..<run.days {
            let p = Statistics.percentiles(run.dailyOutputSeries(day: t), [5, 50, 95])
            table.append([.number(Double(t), digits: 0)] + p.map { .number($0, digits: 3) })
        }
        return table
    }

    /// The `uncertainty` member of run.json: everything needed to reproduce the draws.
    public func runJSON() -> JSONValue {
        let plan = run.plan
        let parameters: [JSONValue] = plan.parameters.enumerated().map { k, p in
            var spec: [(String, JSONValue)]
            switch p.spec {
            case let .grid(values): spec = [("kind", .string("list")), ("values", .array(values.map { .number($0) }))]
            case let .distribution(d):
                spec = [("kind", .string("distribution")), ("distribution", .string(d.name))]
                spec += d.parameters.map { ($0.0, JSONValue.number($0.1)) }
            }
            return .object([("name", .string(p.name)), ("key", .string(UncertainParameter.dottedName(p.path))),
                            ("line", .number(Double(p.position.line))), ("column", .number(Double(p.position.column))),
                            ("spec", .object(spec)), ("central", .number(run.centralValues[k]))])
        }
        return .object([
            ("mode", .string(plan.mode.rawValue)),
            ("draws", .number(Double(plan.draws))),
            ("seed", .number(Double(plan.seed))),
            ("generator", .string("SplitMix64; draw i (0-based) uses SplitMix64 seeded with the i-th output of SplitMix64(seed) and draws the parameters in file order; lists are drawn uniformly; normal: inverse CDF on the truncated range; beta: Gamma ratio (Marsaglia–Tsang)")),
            ("parameters", .array(parameters)),
            ("central", .string(dynamicCentral == nil
                ? "impacts.csv, impacts_by_section.csv, totals.csv and impacts.json are the run with every uncertain value at the median of its draws"
                : "impacts.csv, totals.csv, timeseries.csv, daily_totals.csv, stockouts.csv, output.svg and impacts.json are the run with every uncertain value at the median of its draws")),
            ("percentiles", .string("linear interpolation between order statistics (Hyndman & Fan type 7)")),
            ("sensitivity_method", .string(sensitivityMethod)),
            ("worst_residual", .number(run.worstResidual)),
            ("max_iterations", run.maxIterations.map { .number(Double($0)) } ?? .null),
            ("threads", .number(Double(run.threads))),
            ("ranks", .number(Double(run.ranks))),
            ("wall_time_seconds", .number(run.wallTime)),
            ("draws_per_second", .number(run.wallTime > 0 ? Double(plan.draws) / run.wallTime : 0)),
        ])
    }

    /// Writes the central run's files and the uncertainty files into one directory, atomically.
    public func write(to directory: String) throws {
        var tables: [(String, ResultTable)] = [("impacts_summary", summaryTable())]
        let sections = sectionSummaryTable()
        if !sections.rows.isEmpty { tables.append(("impacts_summary_by_section", sections)) }
        if let groups = groupSummaryTable() { tables.append(("impacts_summary_by_group", groups)) }
        tables += [("draws", drawsTable()), ("sensitivity", sensitivityTable())]
        if let dynamic = dynamicCentral {
            tables.append(("timeseries_bands", timeseriesBandsTable()))
            try dynamic.write(to: directory, runJSONExtra: [("uncertainty", runJSON())],
                              extraFiles: [("sensitivity.md", sensitivityMarkdown())] + tables.map { ($0.0 + ".csv", $0.1.csv()) })
        } else {
            try central!.write(to: directory, runJSONExtra: [("uncertainty", runJSON())], extraFiles: [("sensitivity.md", sensitivityMarkdown())],
                               extraTables: tables)
        }
    }

    /// The Markdown printed to standard output.
    public func markdown(top: Int) -> String {
        let s = scenario
        let plan = run.plan
        var text = provenance.markdown() + "\n# \(s.title)\n\n"
        if !s.description.isEmpty { text += s.description + "\n\n" }
        let period = periodText
        let what = plan.mode == .sweep ? "Sweep over \(plan.draws) combinations" : "Monte Carlo, \(plan.draws) draws, seed \(plan.seed)"
        text += "\(what); table **\(s.table.metadata.name)** (\(s.table.metadata.unit)), model **\(s.model.kind.rawValue)**, impacts \(period). "
        let rate: Double = run.wallTime > 0 ? Double(plan.draws) / run.wallTime : 0
        let workers = run.ranks > 1 ? "\(run.ranks) ranks × \(run.threads) threads" : "\(run.threads) threads"
        let timing: String = String(format: "%.2f s on ", run.wallTime) + workers + String(format: " (%.0f draws/s).", rate)
        text += timing + "\n\n"
        text += "## Uncertain parameters\n\n"
        var params = ResultTable(columns: ["parameter", "line", "values", "central"])
        for (k, p) in plan.parameters.enumerated() {
            let spec: String
            switch p.spec {
            case let .grid(values): spec = "list of \(values.count): " + values.prefix(6).map { "\($0)" }.joined(separator: ", ") + (values.count > 6 ? ", …" : "")
            case let .distribution(d): spec = d.name + "(" + d.parameters.map { "\($0.0) = \($0.1)" }.joined(separator: ", ") + ")"
            }
            params.append([.text(p.name), .number(Double(p.position.line), digits: 0), .text(spec), .number(run.centralValues[k], digits: 4)])
        }
        text += params.markdown()
        text += "\n## Totals over the draws\n\n" + totalsSummaryTable().markdown()
        text += "\n## Sensitivity of the total output change\n\n" + sensitivityTable().markdown()
        let means: [Double] = (0..<run.sectorCount).map { j in Statistics.mean(run.sectorSeries(sector: j, column: UncertaintyRun.outputChangeColumn)) }
        let order: [Int] = means.indices.sorted { means[$0] != means[$1] ? means[$0] < means[$1] : $0 < $1 }
        let shown = min(top, order.count)
        text += "\n## Sectors, largest mean output loss first (\(shown) of \(run.sectorCount); all in impacts_summary.csv)\n\n"
        var sectors = ResultTable(columns: ["code", "name", "output_change_mean", "p5", "p50", "p95"])
        for j in order.prefix(shown) {
            let v = Self.summary(run.sectorSeries(sector: j, column: UncertaintyRun.outputChangeColumn))
            sectors.append([.text(s.table.codes[j]), .text(s.table.sectors[j].name), .number(v[0], digits: 1), .number(v[2], digits: 1), .number(v[3], digits: 1), .number(v[4], digits: 1)])
        }
        text += sectors.markdown()
        return text
    }
}
