import IOTables

/// summary.csv of a batch run (`ioshock run a.toml b.toml … --out DIR`): one row per scenario with
/// its run directory, kind, period and headline totals (Monte Carlo: the mean, with the 5th and
/// 95th percentiles of the output change). The scenarios may use different tables.
public enum BatchSummary {
    public static func table(_ runs: [(directory: String, run: ComparedRun)]) -> ResultTable {
        var quantities: [String] = []
        for (_, run) in runs { for t in run.totals where !quantities.contains(t.quantity) { quantities.append(t.quantity) } }
        var columns = ["run", "scenario", "title", "table", "kind", "period", "unit"]
        for q in quantities { columns += ["\(q)_change", "\(q)_change_pct"] }
        columns += ["output_change_p5", "output_change_p95"]
        var table = ResultTable(columns: columns)
        for (directory, run) in runs {
            let tableName = run.settings.first { $0.0 == "table" }?.1 ?? ""
            var cells: [ResultTable.Cell] = [.text(directory), .text(run.path), .text(run.title), .text(tableName), .text(run.kind), .text(run.period), .text(run.unit)]
            for q in quantities {
                if let t = run.totals.first(where: { $0.quantity == q }) {
                    cells += [.number(t.change, digits: 1), .number(t.baseline == 0 ? 0 : 100 * t.change / t.baseline, digits: 3)]
                } else {
                    cells += [.text(""), .text("")]
                }
            }
            let output = run.totals.first { $0.quantity == "output" }
            cells += [output?.p5.map { .number($0, digits: 1) } ?? .text(""), output?.p95.map { .number($0, digits: 1) } ?? .text("")]
            table.append(cells)
        }
        return table
    }
}
