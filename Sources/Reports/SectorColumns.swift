import IOTables

extension ResultTable {
    /// The leading columns of a per-sector output: `code,name`, or `region,code,name` when the
    /// table has more than one region (`code` stays the product code; docs/table-format.md).
    public static func sectorColumns(_ table: IOTable) -> [String] {
        (table.isMultiRegional ? ["region"] : []) + ["code", "name"]
    }

    /// The cells of `sectorColumns` for sector `i`.
    public static func sectorCells(_ table: IOTable, _ i: Int) -> [Cell] {
        let s = table.sectors[i]
        return (table.isMultiRegional ? [.text(s.region)] : []) + [.text(s.code), .text(s.name)]
    }
}
