import Foundation

/// Maps the desired input stocks of Pichler, Pangallo, del Rio-Chanona, Lafond & Farmer (2022),
/// coded in NACE A64 (`A01`, `B05-09`, `C10-12`, `L68`, …; shared/data/pichler-2022/
/// desired_stock_NACE64.csv, `economic_activity,Desired stock (days)`), onto a table's product
/// codes (`01`, `05-09`, `10-12`, `68_`, `68a`, …) by `CriticalityConverter`'s rule: the industry
/// whose code without its section letter is the same, or else the one industry whose range starts
/// with it (`97` → `T97-98`); `L68` for both real-estate products.
public enum InventoryConverter {
    public static let source = "desired input stocks in days of production by NACE64 industry, from Pichler, Pangallo, del Rio-Chanona, Lafond & Farmer (2022), JEDC 144 (shared/data/pichler-2022/desired_stock_NACE64.csv, from the pyIEEM repository); products take the days of the industry that makes them; converted by `ioshock import inventories`"

    /// Adds the desired stocks to a table: `inventory_days.csv` and `inventory_source`.
    public static func apply(path: String, to table: inout IOTable) throws(InputError) {
        table.inventoryDays = try convert(path: path, codes: table.codes)
        table.metadata.inventorySource = source
    }

    /// n_j for each of `codes`, in their order.
    public static func convert(path: String, codes: [String]) throws(InputError) -> [Double] {
        let csv = try CSVFile(path: path)
        guard csv.rows.count >= 2 else { throw InputError(file: path, "the file has no rows", hint: "expected a header and one row per NACE64 industry: code,days") }
        let header = csv.strings(row: 0)
        guard header.count == 2 else {
            throw InputError(file: path, line: csv.rows[0].line, "the header has \(header.count) fields, expected 2 (industry code, days)")
        }
        var days: [String: Double] = [:]
        var surveyCodes: [String] = []
        for r in 1..<csv.rows.count {
            let line = csv.rows[r].line
            guard csv.rows[r].count == 2 else { throw InputError(file: path, line: line, "row has \(csv.rows[r].count) fields, the header 2") }
            let code = NACE64Codes.strip(csv.string(row: r, field: 0))
            let value = try csv.number(row: r, field: 1)
            guard value >= 0, value <= 3650 else {
                throw InputError(file: path, line: line, column: 2, "desired stock \(value) days is outside [0, 3650]", hint: "days of production covered by stocks")
            }
            guard days[code] == nil else { throw InputError(file: path, line: line, column: 1, "duplicate industry \"\(code)\"") }
            days[code] = value
            surveyCodes.append(code)
        }
        let industries = Set(surveyCodes)
        func key(_ code: String) -> String { NACE64Codes.industry(for: code, among: industries) ?? code }
        let unmatched = codes.filter { days[key($0)] == nil }
        guard unmatched.isEmpty else {
            throw InputError(file: path, "no desired stock for the table's products \(unmatched.joined(separator: ", "))",
                             hint: "the file covers \(surveyCodes.joined(separator: ", "))")
        }
        return codes.map { days[key($0)]! }
    }
}
