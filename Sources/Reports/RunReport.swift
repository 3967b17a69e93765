/// What every kind of run can show: the Markdown summary, the per-sector and totals tables, and
/// run.json. `ImpactReport` (static models) and `DynamicReport` (daily model) conform.
public protocol RunReport {
    func markdown(top: Int) -> String
    func sectorTable(limit: Int?, forDisplay: Bool) -> ResultTable
    func totalsTable() -> ResultTable
    func runJSON() -> JSONValue
}

extension RunReport {
    /// The text `ioshock run` prints in a format: the Markdown summary, impacts.csv, or a JSON
    /// object with run, totals and sectors.
    public func rendered(_ format: OutputFormat, top: Int) -> String {
        switch format {
        case .markdown: return markdown(top: top)
        case .csv: return sectorTable(limit: nil, forDisplay: false).csv()
        case .json:
            return JSONValue.object([("run", runJSON()), ("totals", totalsTable().json()),
                                     ("sectors", sectorTable(limit: nil, forDisplay: false).json())]).rendered() + "\n"
        }
    }
}

extension ImpactReport: RunReport {}
extension DynamicReport: RunReport {}
