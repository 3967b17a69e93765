import Foundation
import IOTables

/// Several runs on tables with the same sectors, side by side (`ioshock compare`, docs/report.md):
/// what differs between them, the totals, and the sectors ordered by the largest difference.
///
/// Runs are labelled a, b, c … in the order given; every column of a run ends in its label. The
/// difference is b − a for two runs and the range (largest − smallest) for more; Monte Carlo runs
/// contribute their mean and the 5th and 95th percentiles.
public struct Comparison {
    public let runs: [ComparedRun]
    public let labels: [String]

    public enum Failure: Error, CustomStringConvertible {
        case tooFew
        case differentSectors(String, String)
        public var description: String {
            switch self {
            case .tooFew: return "compare needs at least two scenarios"
            case let .differentSectors(a, b): return "\(a) and \(b) use tables with different sectors; compare scenarios on tables with the same sector codes"
            }
        }
    }

    public init(_ runs: [ComparedRun]) throws(Failure) {
        guard runs.count >= 2 else { throw .tooFew }
        for run in runs.dropFirst() where run.codes != runs[0].codes || run.regions != runs[0].regions { throw .differentSectors(runs[0].path, run.path) }
        self.runs = runs
        labels = runs.indices.map { Self.label($0) }
    }

    /// a … z, then s27, s28 …
    static func label(_ k: Int) -> String { k < 26 ? String(UnicodeScalar(UInt8(97 + k))) : "s\(k + 1)" }

    var differenceName: String { runs.count == 2 ? "diff" : "range" }

    func difference(_ values: [Double]) -> Double {
        runs.count == 2 ? values[1] - values[0] : (values.max() ?? 0) - (values.min() ?? 0)
    }

    /// The settings whose values are not the same in every run, as `key: v1 | v2 | …`
    /// (a setting a run does not have shows as —).
    public func differences() -> [String] {
        var keys: [String] = []
        for run in runs { for (key, _) in run.settings where !keys.contains(key) { keys.append(key) } }
        var lines: [String] = []
        for key in keys {
            let values = runs.map { run in run.settings.first { $0.0 == key }?.1 ?? "—" }
            if Set(values).count > 1 { lines.append("\(key): " + values.joined(separator: " | ")) }
        }
        return lines
    }

    /// Per sector: each run's output change (and band), their difference, each run's % change,
    /// each run's value-added change and their difference; rows by the largest absolute output
    /// difference first, then a last row `total`.
    public func sectorTable() -> ResultTable {
        // A multi-regional table's sectors are region and product code, as in impacts.csv.
        let regions = runs[0].regions
        var columns = (regions == nil ? [] : ["region"]) + ["code", "name"]
        for (k, label) in labels.enumerated() {
            columns.append("output_change_\(label)")
            if runs[k].outputBand != nil { columns += ["output_change_p5_\(label)", "output_change_p95_\(label)"] }
        }
        columns.append("output_change_\(differenceName)")
        columns += labels.map { "output_change_pct_\($0)" }
        columns += labels.map { "value_added_change_\($0)" }
        columns.append("value_added_change_\(differenceName)")
        var table = ResultTable(columns: columns)
        let n = runs[0].codes.count
        let order = (0..<n).sorted { i, j in
            let a = abs(difference(runs.map { $0.outputChange[i] })), b = abs(difference(runs.map { $0.outputChange[j] }))
            return a != b ? a > b : i < j
        }
        for j in order {
            var cells: [ResultTable.Cell] = (regions.map { [.text($0[j])] } ?? []) + [.text(runs[0].codes[j]), .text(runs[0].names[j])]
            for run in runs {
                cells.append(.number(run.outputChange[j], digits: 1))
                if let band = run.outputBand { cells += [.number(band.p5[j], digits: 1), .number(band.p95[j], digits: 1)] }
            }
            cells.append(.number(difference(runs.map { $0.outputChange[j] }), digits: 1))
            cells += runs.map { .number($0.outputChangePercent[j], digits: 2) }
            cells += runs.map { .number($0.valueAddedChange[j], digits: 1) }
            cells.append(.number(difference(runs.map { $0.valueAddedChange[j] }), digits: 1))
            table.append(cells)
        }
        func total(_ run: ComparedRun, _ q: String) -> (baseline: Double, change: Double, p5: Double?, p95: Double?) {
            let t = run.totals.first { $0.quantity == q }
            return (t?.baseline ?? 0, t?.change ?? 0, t?.p5, t?.p95)
        }
        var cells: [ResultTable.Cell] = (regions == nil ? [] : [.text("")]) + [.text("total"), .text("Total economy")]
        for run in runs {
            let t = total(run, "output")
            cells.append(.number(t.change, digits: 1))
            if run.outputBand != nil { cells += [.number(t.p5 ?? t.change, digits: 1), .number(t.p95 ?? t.change, digits: 1)] }
        }
        cells.append(.number(difference(runs.map { total($0, "output").change }), digits: 1))
        cells += runs.map { run in let t = total(run, "output"); return .number(t.baseline == 0 ? 0 : 100 * t.change / t.baseline, digits: 2) }
        cells += runs.map { .number(total($0, "value_added").change, digits: 1) }
        cells.append(.number(difference(runs.map { total($0, "value_added").change }), digits: 1))
        table.append(cells)
        return table
    }

    /// Per quantity of totals.csv present in every run: each run's change (mean for Monte Carlo,
    /// with its band) and % of its baseline, then the difference.
    public func totalsTable() -> ResultTable {
        var columns = ["quantity"]
        for (k, label) in labels.enumerated() {
            columns += ["change_\(label)"]
            if runs[k].outputBand != nil { columns += ["change_p5_\(label)", "change_p95_\(label)"] }
        }
        columns += labels.map { "change_pct_\($0)" } + [differenceName == "diff" ? "difference" : "range"]
        var table = ResultTable(columns: columns)
        for quantity in runs[0].totals.map(\.quantity) {
            let rows = runs.compactMap { run in run.totals.first { $0.quantity == quantity } }
            guard rows.count == runs.count else { continue }
            var cells: [ResultTable.Cell] = [.text(quantity)]
            for (k, t) in rows.enumerated() {
                cells.append(.number(t.change, digits: 1))
                if runs[k].outputBand != nil { cells += [.number(t.p5 ?? t.change, digits: 1), .number(t.p95 ?? t.change, digits: 1)] }
            }
            cells += rows.map { .number($0.baseline == 0 ? 0 : 100 * $0.change / $0.baseline, digits: 3) }
            cells.append(.number(difference(rows.map(\.change)), digits: 1))
            table.append(cells)
        }
        return table
    }

    /// The runs, one line each: label, file, title, kind and period.
    public func legend() -> ResultTable {
        var table = ResultTable(columns: ["run", "scenario", "title", "kind", "period"])
        for (k, run) in runs.enumerated() {
            table.append([.text(labels[k]), .text(run.path), .text(run.title), .text(run.kind), .text(run.period)])
        }
        return table
    }

    /// The Markdown printed by `ioshock compare`.
    public func markdown(provenance: Provenance) -> String {
        var s = provenance.markdown() + "\n# Comparison of \(runs.count) runs\n\n" + legend().markdown()
        let differences = differences()
        s += "\n## What differs\n\n"
        s += differences.isEmpty ? "Nothing in the settings: the runs have the same table, model, parameters and shocks.\n" : differences.map { "- `\($0)`\n" }.joined()
        if Set(runs.map { $0.period }).count > 1 {
            s += "\n> **Note.** The runs cover different periods (\(runs.map(\.period).joined(separator: " | "))): flows are not for the same number of days.\n"
        }
        if runs.contains(where: { $0.outputBand != nil }) {
            s += "\n> Monte Carlo runs show the mean over the draws and the 5th (p5) and 95th (p95) percentiles.\n"
        }
        s += "\n## Totals (\(runs[0].unit); head counts in persons)\n\n" + totalsTable().markdown()
        s += "\n## Sectors, largest difference first (\(runs[0].unit); the differences are \(runs.count == 2 ? "b − a" : "the range, largest − smallest"))\n\n" + sectorTable().markdown()
        return s
    }

    public func json(provenance: Provenance) -> JSONValue {
        .object([("provenance", provenance.json()), ("runs", legend().json()), ("differences", .array(differences().map { .string($0) })),
                 ("totals", totalsTable().json()), ("sectors", sectorTable().json())])
    }
}
