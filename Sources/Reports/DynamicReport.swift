import Foundation
import IOModels
import IOTables
import Scenarios

/// Renders a dynamic run (MODELS.md §6): cumulative and peak losses per sector, the daily path,
/// stock-outs, the duration sweep and a chart; writes the run directory.
public struct DynamicReport {
    public let result: DynamicScenarioResult
    public let impacts: DynamicImpacts
    public let provenance: Provenance

    public init(result: DynamicScenarioResult) {
        self.result = result
        self.impacts = DynamicImpacts(scenario: result.scenario, path: result.path)
        var p = Provenance(command: "run")
        p.addFile(role: "scenario", result.scenario.path)
        p.addTable(result.scenario.tablePath)
        if let groups = result.scenario.output.groups { p.addFile(role: "groups", groups.path) }
        p.model = result.scenario.model.kind.rawValue
        p.parameters = result.scenario.model.parameters
        self.provenance = p
    }

    var table: IOTable { result.scenario.table }
    var unit: String { table.metadata.unit }

    /// The scenario file and the table bundle, which `--out` must not be, contain or lie in.
    public var inputPaths: [String] { [result.scenario.path, result.scenario.tablePath] + (groups.map { [$0.path] } ?? []) }

    func bindingText(_ b: DynamicPath.Binding) -> String {
        switch b {
        case .none: return ""
        case .capacity: return "capacity"
        case .demand: return "demand"
        case let .domesticInput(i): return "input \(table.sectorLabels[i])"
        case let .outsideInput(p): return "imported \(table.sectorLabels[p])"
        }
    }

    /// impacts.csv: cumulative changes over the horizon, peak daily loss, rank by output loss.
    public func sectorTable(limit: Int? = nil, forDisplay: Bool = false) -> ResultTable {
        let regional = table.isMultiRegional
        var columns = (regional ? ["region"] : []) + ["code", "name", "baseline_output", "output", "output_change", "output_change_pct", "value_added_change"]
        columns += impacts.employmentMeasures.map { "\($0)_change" }
        columns += ["peak_loss_pct", "peak_day", "days_below_baseline", "rank"]
        var t = ResultTable(columns: columns)
        var rows = impacts.rows
        if forDisplay { rows.sort { $0.rank < $1.rank } }
        if let limit { rows = Array(rows.prefix(limit)) }
        for row in rows {
            var cells: [ResultTable.Cell] = (regional ? [.text(row.region)] : []) + [.text(row.code), .text(row.name), .number(row.baselineOutput, digits: 1), .number(row.output, digits: 1),
                                             .number(row.outputChange, digits: 1), .number(row.outputChangePercent, digits: 3), .number(row.valueAddedChange, digits: 1)]
            cells += row.employmentChange.map { .number($0, digits: 2) }
            cells += [.number(row.peakLossPercent, digits: 2), .number(Double(row.peakDay ?? -1), digits: 0),
                      .number(Double(row.daysBelowBaseline), digits: 0), .number(Double(row.rank), digits: 0)]
            t.append(cells)
        }
        return t
    }

    public func totalsTable() -> ResultTable { ImpactReport.totalsTable(impacts.totals) }

    /// The groups of impacts_by_group.csv (the scenario's `[output] groups`, or `--groups`).
    public var groups: SectorGroups? { result.scenario.output.groups }

    /// impacts_by_section.csv: cumulative changes summed by NACE section.
    public func sectionTable() -> ResultTable { summed(key: "section", GroupTable.sections(of: table)) }

    /// impacts_by_group.csv: cumulative changes summed by the run's groups (nil without groups).
    public func groupTable() -> ResultTable? { groups.map { summed(key: "group", GroupTable.groups($0)) } }

    /// Flows summed over the horizon; head counts are the persons-equivalent without work on the
    /// group's own worst day, max_t Σ_{j∈g} e_j (1 − y_j(t)), as totals.csv does for the economy.
    func summed(key: String, _ groups: [GroupTable.Group]) -> ResultTable {
        let rows = impacts.rows
        let measures = impacts.employmentMeasures
        return GroupTable.table(key: key, groups: groups, measures: measures, baselineOutput: rows.map(\.baselineOutput),
                                outputChange: rows.map(\.outputChange), valueAddedChange: rows.map(\.valueAddedChange)) { members, m in
            if measures[m].hasPrefix("hours") { return members.reduce(0) { $0 + rows[$1].employmentChange[m] } }
            var worst = 0.0
            for t in 0..<result.path.days {
                var lost = 0.0
                for j in members { lost += table.employment!.values[j, m] * (1 - result.path.ratio(day: t, sector: j)) }
                worst = max(worst, lost)
            }
            return -worst
        }
    }

    /// timeseries.csv: one row per day and sector (daily flows in the table's unit).
    public func timeseriesCSV() -> String {
        let n = table.count
        let hours = table.employment.flatMap { e in e.labels.firstIndex { $0.hasPrefix("hours") } }
        let gva = table.grossValueAdded ?? [Double](repeating: 0, count: n)
        var text = CSVWriter.line(["day", "code", "output", "output_ratio", "value_added"] + (hours != nil ? [table.employment!.labels[hours!]] : []) + ["binding"])
        text.reserveCapacity(result.path.days * n * 60)
        // The texts of bindings, once per sector rather than once per day and sector.
        let labels = table.sectorLabels
        let inputText = labels.indices.map { bindingText(.domesticInput($0)) }
        let importedText = labels.indices.map { bindingText(.outsideInput($0)) }
        for t in 0..<result.path.days {
            let day = String(t)
            for j in 0..<n {
                let y = result.path.ratio(day: t, sector: j)
                var fields = [day, labels[j], CSVWriter.number(table.output[j] * y / 365), CSVWriter.number(y), CSVWriter.number(gva[j] * y / 365)]
                if let h = hours { fields.append(CSVWriter.number(table.employment!.values[j, h] * y / 365)) }
                let binding = result.path.binding(day: t, sector: j)
                switch binding {
                case let .domesticInput(i): fields.append(inputText[i])
                case let .outsideInput(p): fields.append(importedText[p])
                default: fields.append(bindingText(binding))
                }
                CSVWriter.append(fields, to: &text)
            }
        }
        return text
    }

    /// daily_totals.csv: the economy's daily output, value added and hours, and output in % of baseline.
    public func dailyTotalsCSV() -> String {
        var text = CSVWriter.line(["day", "output", "output_pct_of_baseline", "value_added"] + (impacts.dailyHours != nil ? ["hours"] : []))
        for t in 0..<result.path.days {
            var fields = [String(t), CSVWriter.number(impacts.dailyOutput[t]),
                          CSVWriter.number(impacts.baselineDailyOutput > 0 ? 100 * impacts.dailyOutput[t] / impacts.baselineDailyOutput : 100),
                          CSVWriter.number(impacts.dailyValueAdded[t])]
            if let h = impacts.dailyHours { fields.append(CSVWriter.number(h[t])) }
            text += CSVWriter.line(fields)
        }
        return text
    }

    /// stockouts.csv: per sector and cut input, the first day its stock no longer covered production.
    public func stockoutTable() -> ResultTable {
        var t = ResultTable(columns: ["code", "name", "input", "source", "stock_days", "stockout_day"])
        for s in DynamicImpacts.stockouts(scenario: result.scenario, path: result.path) {
            t.append([.text(table.sectorLabels[s.sector]), .text(table.sectors[s.sector].name), .text(table.sectorLabels[s.input]),
                      .text(s.outside ? "imported" : "domestic"), .number(s.stockDays, digits: 1),
                      s.day.map { .number(Double($0), digits: 0) } ?? .text("never")])
        }
        return t
    }

    /// sweep.csv: the cost of a disruption of N days (losses positive, over the horizon).
    public func sweepTable() -> ResultTable {
        let annualVA = (table.grossValueAdded ?? []).reduce(0, +)
        var columns = ["duration_days", "output_loss", "value_added_loss", "value_added_loss_pct_of_annual"]
        let hasHours = result.sweep.contains { $0.hoursLoss != nil }
        if hasHours { columns.append("hours_loss") }
        columns += ["value_added_loss_per_day", "peak_output_loss_pct", "sectors_short"]
        var t = ResultTable(columns: columns)
        for row in result.sweep {
            var cells: [ResultTable.Cell] = [.number(row.durationDays, digits: 0), .number(row.outputLoss, digits: 1), .number(row.valueAddedLoss, digits: 1),
                                             .number(annualVA > 0 ? 100 * row.valueAddedLoss / annualVA : 0, digits: 3)]
            if hasHours { cells.append(.number(row.hoursLoss ?? 0, digits: 3)) }
            cells += [.number(row.valueAddedLoss / row.durationDays, digits: 2), .number(row.peakLossPercent, digits: 2), .number(Double(row.sectorsShort), digits: 0)]
            t.append(cells)
        }
        return t
    }

    public func runJSON() -> JSONValue {
        let s = result.scenario
        var object: [(String, JSONValue)] = [("provenance", provenance.json())]
        object += ImpactReport.scenarioJSON(s, extraTableFields: [("inventory_source", s.table.metadata.inventorySource.map { .string($0) } ?? .null)])
        object.append(("horizon_days", .number(Double(s.model.horizonDays))))
        object.append(("inventory_days", .object(zip(s.table.sectorLabels, s.model.inventoryDays).map { ($0, .number($1)) })))
        object.append(("diagnostics", .object([
            ("peak_output_loss_pct", .number(impacts.peakTotalLossPercent.value)),
            ("peak_day", impacts.peakTotalLossPercent.day.map { .number(Double($0)) } ?? .null),
            ("recovery_day", impacts.recoveryDay.map { .number(Double($0)) } ?? .null),
            ("sectors_short_of_cut_inputs", impacts.sectorsShortOfCutInputs.map { .number(Double($0)) } ?? .null),
            ("wall_time_seconds", .number(result.wallTime)),
        ])))
        object.append(("notes", .array(result.notes.map { .string($0) })))
        return .object(object)
    }

    public func markdown(top: Int) -> String {
        let s = result.scenario
        var text = ImpactReport.markdownHeader(provenance, s)
        text += "Table **\(s.table.metadata.name)** (\(unit)), model **dynamic** (daily, with input stocks), \(s.model.horizonDays) days; losses are cumulated over the horizon.\n"
        let peak = impacts.peakTotalLossPercent
        if let day = peak.day {
            text += "Total output falls at most \(String(format: "%.2f", peak.value)) % below its baseline (day \(day)); "
            text += impacts.recoveryDay.map { "back within 0.01 % from day \($0).\n" } ?? "not back within 0.01 % by the end of the horizon.\n"
        } else {
            text += "Total output never falls below its baseline.\n"
        }
        if let short = impacts.sectorsShortOfCutInputs { text += "Sectors that ran short of a directly cut input: \(short) (days in stockouts.csv).\n" }
        for note in result.notes { text += "\n> **Note.** \(note)\n" }
        text += "\n## Totals, cumulative over \(s.model.horizonDays) days\n\n" + totalsTable().markdown()
        if let grouped = groupTable() { text += "\n## By group (\(URL(fileURLWithPath: groups!.path).lastPathComponent)), cumulative over \(s.model.horizonDays) days\n\n" + grouped.markdown() }
        if impacts.employmentMeasures.contains(where: { !$0.hasPrefix("hours") }) {
            text += "\nFlows (output, value added, hours) are summed over the horizon; head counts are the persons-equivalent without work on the worst day.\n"
        }
        if !result.sweep.isEmpty {
            text += "\n## Cost of a disruption of N days (every shock lasting N days; losses over the horizon, \(unit))\n\n" + sweepTable().markdown()
        }
        let shown = min(top, impacts.rows.count)
        text += "\n## Sectors, largest cumulative output loss first (\(shown) of \(impacts.rows.count); all in impacts.csv)\n\n"
        text += sectorTable(limit: shown, forDisplay: true).markdown()
        return text
    }

    /// output.svg: total output and the five sectors with the largest cumulative loss, in % of
    /// their baseline, day by day.
    public func svg() -> String {
        let days = result.path.days
        let hardest = impacts.rows.filter { $0.outputChange < 0 }.sorted { $0.rank < $1.rank }.prefix(5)
        var series: [(label: String, values: [Double], colour: String, width: Double)] = []
        let total = (0..<days).map { impacts.baselineDailyOutput > 0 ? 100 * impacts.dailyOutput[$0] / impacts.baselineDailyOutput : 100 }
        series.append(("Total output", total, "#000000", 3))
        let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"]
        for (k, row) in hardest.enumerated() {
            let j = table.sectors.firstIndex { $0.code == row.code && $0.region == row.region }!
            series.append(("\(row.code) \(row.name)", (0..<days).map { 100 * result.path.ratio(day: $0, sector: j) }, colours[k], 1.8))
        }
        return SVGChart.lines(title: result.scenario.title, subtitle: "Daily output, % of baseline (\(table.metadata.name), dynamic model)",
                              xLabel: "day", yLabel: "% of baseline output", series: series)
    }

    /// - Parameters:
    ///   - runJSONExtra: members appended to run.json (e.g. the uncertainty settings).
    ///   - extraFiles: more files for the same directory, (name, contents).
    public func write(to directory: String, runJSONExtra: [(String, JSONValue)] = [], extraFiles: [(String, String)] = []) throws {
        let sectors = sectorTable()
        let sections = sectionTable()
        let grouped = groupTable()
        let totals = totalsTable()
        let stockouts = stockoutTable()
        var tables: [(String, ResultTable)] = [("impacts", sectors)]
        if !sections.rows.isEmpty { tables.append(("impacts_by_section", sections)) }
        if let grouped { tables.append(("impacts_by_group", grouped)) }
        tables += [("totals", totals), ("stockouts", stockouts)]
        if !result.sweep.isEmpty { tables.append(("sweep", sweepTable())) }
        // The workbook (the longest to build on a large table: its stockouts sheet) is built on a
        // second thread while this one formats the daily files.
        let sheets = tables
        let workbook = BackgroundValue { Result { () throws(XLSXWriter.Failure) in try XLSXWriter.workbook(sheets) } }
        let timeseries = timeseriesCSV()
        let daily = dailyTotalsCSV()
        let chart = svg()
        var impactsMembers: [(String, JSONValue)] = [("provenance", provenance.json()), ("unit", .string(unit)),
                                                     ("horizon_days", .number(Double(result.scenario.model.horizonDays))),
                                                     ("totals", totals.json()), ("sectors", sectors.json()), ("sections", sections.json())]
        if let grouped { impactsMembers.append(("groups", grouped.json())) }
        impactsMembers.append(("sweep", result.sweep.isEmpty ? .null : sweepTable().json()))
        let impactsJSON = JSONValue.object(impactsMembers)
        let built = workbook.wait()
        try OutputDestination.writeDirectory(directory, kind: .runDirectory, protecting: inputPaths) { dir in
            for (name, table) in tables { try AtomicFile.write(table.csv(), to: dir + "/\(name).csv") }
            try XLSXWriter.write(built, to: dir + "/impacts.xlsx")
            try AtomicFile.write(timeseries, to: dir + "/timeseries.csv")
            try AtomicFile.write(daily, to: dir + "/daily_totals.csv")
            try AtomicFile.write(chart, to: dir + "/output.svg")
            try AtomicFile.write(impactsJSON.rendered() + "\n", to: dir + "/impacts.json")
            var run = runJSON()
            if case let .object(members) = run, !runJSONExtra.isEmpty { run = .object(members + runJSONExtra) }
            try AtomicFile.write(run.rendered() + "\n", to: dir + "/run.json")
            for (name, text) in extraFiles { try AtomicFile.write(text, to: dir + "/" + name) }
        }
    }
}
