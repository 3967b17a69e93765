import IOTables
import Scenarios

extension UncertaintyReport {
    /// impacts_summary_by_section.csv: the draws summed by NACE section.
    public func sectionSummaryTable() -> ResultTable {
        summedSummary(key: "section", GroupTable.sections(of: scenario.table))
    }

    /// impacts_summary_by_group.csv: the draws summed by the run's groups (nil without groups).
    public func groupSummaryTable() -> ResultTable? {
        scenario.output.groups.map { summedSummary(key: "group", GroupTable.groups($0)) }
    }

    /// Per group and draw, each impact column summed over the group's sectors (the % change as
    /// 100 · Σ output_change / Σ (output − output_change)); then the mean, sd, p5, p50 and p95 of
    /// each over the draws, with the columns of impacts_summary.csv except a dynamic run's
    /// `peak_loss_pct`, which does not add up over sectors.
    func summedSummary(key: String, _ groups: [GroupTable.Group]) -> ResultTable {
        var columns = [key]
        let summed = run.columns.indices.filter { run.columns[$0] != UncertaintyRun.peakLossColumnName }
        for k in summed { columns += Self.statistics.map { "\(run.columns[k])_\($0)" } }
        var table = ResultTable(columns: columns)
        let n = run.sectorCount, c = run.columns.count, draws = run.plan.sampleDraws
        let output = run.columns.firstIndex(of: "output"), change = run.columns.firstIndex(of: "output_change")
        for group in groups {
            var cells: [ResultTable.Cell] = [.text(group.name)]
            for k in summed {
                let series: [Double] = (0..<draws).map { i in
                    func sum(_ column: Int) -> Double { group.members.reduce(0) { $0 + run.sectorValues[(i * n + $1) * c + column] } }
                    if run.columns[k] == "output_change_pct", let output, let change {
                        let dx = sum(change), base = sum(output) - dx
                        return base == 0 ? 0 : 100 * dx / base
                    }
                    return sum(k)
                }
                cells += Self.summary(series).map { .number($0, digits: run.columns[k] == "output_change_pct" ? 3 : 2) }
            }
            table.append(cells)
        }
        return table
    }
}
