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
        let tableData = scenario.table
        var columns = ResultTable.sectorColumns(tableData)
        for c in run.columns { columns += Self.statistics.map { "\(c)_\($0)" } }
        var table = ResultTable(columns: columns)
        for j in 0..<run.sectorCount {
            var cells = ResultTable.sectorCells(tableData, j)
            for (k, series) in run.sectorSeries(sector: j).enumerated() {
                cells += Self.summary(series).map { .number($0, digits: k == 2 ? 3 : 2) }
            }
            table.append(cells)
        }
        var cells: [ResultTable.Cell] = (tableData.isMultiRegional ? [.text("")] : []) + [.text("total"), .text("Total economy")]
        for k in run.columns.indices {
            cells += Self.summary(run.totalSeries(column: k)).map { .number($0, digits: k == 2 ? 4 : 2) }
        }
        table.append(cells)
        return table
    }

    /// draws.csv: one row per draw, the parameter values and the economy-wide totals. A Sobol
    /// run has one row per evaluation, and after `draw` the `matrix` of the Saltelli design (`A`,
    /// `B` or `AB`), the parameter an `AB` row takes from B (`from_B`) and the `row` (1-based).
    public func drawsTable() -> ResultTable {
        let parameters = run.plan.parameters.map(\.name)
        let design = run.plan.design
        var table = ResultTable(columns: ["draw"] + (design == nil ? [] : ["matrix", "from_B", "row"]) + parameters + run.columns)
        let c = run.columns.count
        for i in 0..<run.plan.evaluations {
            var cells: [ResultTable.Cell] = [.number(Double(i + 1), digits: 0)]
            if let design {
                let (matrix, row) = design.position(of: i)
                switch matrix {
                case .a: cells += [.text("A"), .text("")]
                case .b: cells += [.text("B"), .text("")]
                case let .ab(k): cells += [.text("AB"), .text(parameters[k])]
                }
                cells.append(.number(Double(row + 1), digits: 0))
            }
            cells += run.values[i].map { .number($0, digits: 6) }
            cells += (0..<c).map { .number(run.totalValues[i * c + $0], digits: 3) }
            table.append(cells)
        }
        return table
    }

    /// sensitivity.csv: the parameters ordered by how much they move the total output change
    /// (swing between low and high, others at their central values), with Spearman's ρ.
    public func sensitivityTable() -> ResultTable {
        if let sobol = run.sobol { return Self.sobolTable(sobol) }
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

    /// sensitivity.csv of a Sobol run: per output (`output_change`, `value_added_change`, a
    /// dynamic run's `peak_loss_pct`), the parameters by decreasing total index, each with Sᵢ,
    /// S_Tᵢ, their bootstrap intervals and the output's variance over A and B. Undefined values
    /// (an output that does not vary; no bootstrap) are empty.
    static func sobolTable(_ sobol: SobolAnalysis) -> ResultTable {
        var table = ResultTable(columns: ["output", "rank", "parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "output_variance"])
        func cell(_ v: Double?) -> ResultTable.Cell { v.map { .number($0, digits: 4) } ?? .text("") }
        for output in sobol.outputs {
            let rows = sobol.rows.filter { $0.output == output }.sorted {
                let a = $0.total ?? -.infinity, b = $1.total ?? -.infinity
                return a != b ? a > b : $0.parameter < $1.parameter
            }
            for (rank, r) in rows.enumerated() {
                table.append([.text(output), .number(Double(rank + 1), digits: 0), .text(r.parameter),
                              cell(r.first), cell(r.firstInterval?.lowerBound), cell(r.firstInterval?.upperBound),
                              cell(r.total), cell(r.totalInterval?.lowerBound), cell(r.totalInterval?.upperBound),
                              .number(r.variance, digits: 3)])
            }
        }
        return table
    }

    var lowHighWords: (String, String) { run.plan.mode == .sweep ? ("smallest", "largest") : ("5th percentile", "95th percentile") }

    /// How the tornado is computed, in words, for sensitivity.md, the report and run.json.
    public var sensitivityMethod: String {
        if let sobol = run.sobol {
            let k = run.plan.parameters.count
            return "Sobol indices (Saltelli 2002; Saltelli et al. 2010): base sample N = \(sobol.baseSize), matrices A and B of N draws of the \(k) parameters and, for each parameter, A with that parameter's column from B, so \(sobol.evaluations) evaluations (N·(k + 2)). First order S1 = mean(f(B)·(f(A_B) − f(A)))/V (Saltelli et al. 2010), total ST = mean((f(A) − f(A_B))²)/(2V) (Jansen 1999), V the variance of f over A and B, f centred by its mean. Intervals: \(Int(sobol.level * 100)) % bootstrap percentile intervals over \(sobol.bootstrap) resamples of the N rows."
        }
        let (low, high) = lowHighWords
        return "One at a time: each parameter is set to the \(low) and the \(high) of its values while every other parameter stays at its central value (the median of its draws); the swing is the difference of the total output change between the two runs. The rank correlation is Spearman's ρ between the parameter and the total output change over all draws."
    }

    public func sensitivityMarkdown() -> String {
        var text = "# Sensitivity: \(scenario.title)\n\n"
        text += "Which parameter moves the total output loss most. \(sensitivityMethod)\n\n"
        if run.sobol != nil { text += "S1 is the share of the variance of the output that the parameter explains alone; ST adds its interactions with the others. A parameter with ST ≈ 0 can be fixed anywhere in its range.\n\n" }
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
        // Eight days at a time: a cache line of each draw's days.
        for start in stride(from: 0, to: run.days, by: 8) {
            for (offset, series) in run.dailyOutputSeries(days: start..<min(run.days, start + 8)).enumerated() {
                let p = Statistics.percentiles(series, [5, 50, 95])
                table.append([.number(Double(start + offset), digits: 0)] + p.map { .number($0, digits: 3) })
            }
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
        let generator = plan.method == .sobol
            ? "SplitMix64; Saltelli design: row r (0-based) of A uses SplitMix64 seeded with output 2r of SplitMix64(seed), row r of B output 2r + 1, one uniform u per parameter in file order mapped by the inverse CDF of its distribution (normal: on the truncated range; beta: inverse regularised incomplete beta); evaluation e is row e mod N of matrix ⌊e/N⌋ (0 A, 1 B, 2 + i A with column i from B); bootstrap resample b draws its N rows with replacement from SplitMix64 seeded with output b of SplitMix64(seed XOR 0xB00757A95EED0001)"
            : "SplitMix64; draw i (0-based) uses SplitMix64 seeded with the i-th output of SplitMix64(seed) and draws the parameters in file order; lists are drawn uniformly; normal: inverse CDF on the truncated range; beta: Gamma ratio (Marsaglia–Tsang)"
        var sobolMembers: [(String, JSONValue)] = []
        if let sobol = run.sobol {
            sobolMembers = [("evaluations", .number(Double(sobol.evaluations))), ("bootstrap", .number(Double(sobol.bootstrap))),
                            ("confidence_level", .number(sobol.level)), ("sobol_outputs", .array(sobol.outputs.map { .string($0) })),
                            ("summaries", .string("impacts_summary.csv, timeseries_bands.csv and the central values are over the \(plan.sampleDraws) rows of A and B"))]
        }
        return .object([
            ("mode", .string(plan.mode.rawValue)),
            ("method", .string(plan.method.rawValue)),
            ("draws", .number(Double(plan.draws))),
        ] + sobolMembers + [
            ("seed", .number(Double(plan.seed))),
            ("generator", .string(generator)),
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
            ("draws_per_second", .number(run.wallTime > 0 ? Double(plan.evaluations) / run.wallTime : 0)),
        ])
    }

    /// Writes the central run's files and the uncertainty files into one directory, atomically.
    public func write(to directory: String) throws {
        // The summaries are independent of each other: two threads make them (and, for a dynamic
        // run, their CSV text), each table by the same operations as on one. The files keep the
        // order of one thread: the summary, by section, by group, draws, sensitivity, bands.
        typealias File = (name: String, table: ResultTable, text: String)
        let dynamic = dynamicCentral
        func file(_ name: String, _ table: ResultTable) -> File { (name, table, dynamic == nil ? "" : table.csv()) }
        var summary: File?, perDraw: [File] = [], grouped: [File] = [], bands: [File] = []
        BackgroundWork.inTwo { part in
            if part == 0 {
                summary = file("impacts_summary", summaryTable())
                perDraw = [file("draws", drawsTable()), file("sensitivity", sensitivityTable())]
            } else {
                let sections = sectionSummaryTable()
                if !sections.rows.isEmpty { grouped.append(file("impacts_summary_by_section", sections)) }
                if let groups = groupSummaryTable() { grouped.append(file("impacts_summary_by_group", groups)) }
                if dynamic != nil { bands = [file("timeseries_bands", timeseriesBandsTable())] }
            }
        }
        let files = [summary!] + grouped + perDraw + bands
        if let dynamic {
            try dynamic.write(to: directory, runJSONExtra: [("uncertainty", runJSON())],
                              extraFiles: [("sensitivity.md", sensitivityMarkdown())] + files.map { ($0.name + ".csv", $0.text) })
        } else {
            try central!.write(to: directory, runJSONExtra: [("uncertainty", runJSON())], extraFiles: [("sensitivity.md", sensitivityMarkdown())],
                               extraTables: files.map { ($0.name, $0.table) })
        }
    }

    /// The Markdown printed to standard output.
    public func markdown(top: Int) -> String {
        let s = scenario
        let plan = run.plan
        var text = provenance.markdown() + "\n# \(s.title)\n\n"
        if !s.description.isEmpty { text += s.description + "\n\n" }
        let period = periodText
        let what = plan.mode == .sweep ? "Sweep over \(plan.draws) combinations"
            : plan.method == .sobol ? "Sobol indices, N = \(plan.draws) base draws, \(plan.evaluations) evaluations, seed \(plan.seed)"
            : "Monte Carlo, \(plan.draws) draws, seed \(plan.seed)"
        text += "\(what); table **\(s.table.metadata.name)** (\(s.table.metadata.unit)), model **\(s.model.kind.rawValue)**, impacts \(period). "
        let rate: Double = run.wallTime > 0 ? Double(plan.evaluations) / run.wallTime : 0
        let workers = run.ranks > 1 ? "\(run.ranks) ranks × \(run.threads) threads" : "\(run.threads) threads"
        let timing: String = String(format: "%.2f s on ", run.wallTime) + workers + String(format: " (%.0f ", rate) + (plan.method == .sobol ? "evaluations/s)." : "draws/s).")
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
        text += "\n## Totals over the draws\(plan.method == .sobol ? " (the \(plan.sampleDraws) rows of A and B)" : "")\n\n" + totalsSummaryTable().markdown()
        text += (run.sobol == nil ? "\n## Sensitivity of the total output change\n\n" : "\n## Sobol indices (95 % bootstrap intervals)\n\n") + sensitivityTable().markdown()
        let means: [Double] = (0..<run.sectorCount).map { j in Statistics.mean(run.sectorSeries(sector: j, column: UncertaintyRun.outputChangeColumn)) }
        let order: [Int] = means.indices.sorted { means[$0] != means[$1] ? means[$0] < means[$1] : $0 < $1 }
        let shown = min(top, order.count)
        text += "\n## Sectors, largest mean output loss first (\(shown) of \(run.sectorCount); all in impacts_summary.csv)\n\n"
        var sectors = ResultTable(columns: ResultTable.sectorColumns(s.table) + ["output_change_mean", "p5", "p50", "p95"])
        for j in order.prefix(shown) {
            let v = Self.summary(run.sectorSeries(sector: j, column: UncertaintyRun.outputChangeColumn))
            sectors.append(ResultTable.sectorCells(s.table, j) + [.number(v[0], digits: 1), .number(v[2], digits: 1), .number(v[3], digits: 1), .number(v[4], digits: 1)])
        }
        text += sectors.markdown()
        return text
    }
}
