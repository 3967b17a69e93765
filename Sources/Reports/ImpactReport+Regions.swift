import IOTables

extension ImpactReport {
    /// impacts_by_region.csv (multi-regional tables, static runs other than price runs): the
    /// sectors summed by producing region, in the order of table.toml's `regions`, with the
    /// columns of impacts_by_section.csv and `region` as key. nil for a single-region table.
    public func regionTable() -> ResultTable? {
        let table = result.scenario.table
        guard table.isMultiRegional, result.prices == nil else { return nil }
        let groups: [GroupTable.Group] = table.regions.map { region in
            (region, table.sectors.indices.filter { table.sectors[$0].region == region })
        }
        return summed(key: "region", groups)
    }
}
