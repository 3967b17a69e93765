import Foundation
import LinearAlgebra

/// Maps an industry × industry criticality survey coded in NACE A64 (`A01`, `B05-09`, `C10-12`,
/// `L68`, …; shared/data/pichler-2022/IHS_critical_NACE64.csv) onto a table's product codes
/// (`01`, `05-09`, `10-12`, `68_`, `68a`, …).
///
/// A product is matched to the industry whose code, without its NACE section letter, is the same,
/// or else to the one industry whose range starts with it (`97` → `T97-98`); the split real-estate
/// products `68_` and `68a` both take `L68`. Products are treated as the industries that make them
/// (a product × product table's usual approximation).
public enum CriticalityConverter {
    public static let source = "IHS Markit survey of input criticality as used by Pichler, Pangallo, del Rio-Chanona, Lafond & Farmer (2022), JEDC 144, mapped to NACE64 (shared/data/pichler-2022/IHS_critical_NACE64.csv, from the pyIEEM repository); a few entries were relaxed by its compilers for a Covid study (68<-53, 49/51<-55-56, 77, 79, 84, 85, 29/45<-55-56); converted by `ioshock import criticality`"

    /// Adds the survey to a table: `criticality.csv` and `criticality_source`.
    public static func apply(path: String, to table: inout IOTable) throws(InputError) {
        table.inputCriticality = try convert(path: path, codes: table.codes)
        table.metadata.criticalitySource = source
    }

    public static func convert(path: String, codes: [String]) throws(InputError) -> Matrix {
        let csv = try CSVFile(path: path)
        guard csv.rows.count >= 2 else { throw InputError(file: path, "the file has no rows", hint: "expected a square table with a header of NACE64 codes") }
        let header = csv.strings(row: 0)
        let columnCodes = header.dropFirst().map(NACE64Codes.strip)
        var rowIndex: [String: Int] = [:]
        for r in 1..<csv.rows.count {
            guard csv.rows[r].count == header.count else {
                throw InputError(file: path, line: csv.rows[r].line, "row has \(csv.rows[r].count) fields, the header \(header.count)")
            }
            rowIndex[NACE64Codes.strip(csv.string(row: r, field: 0))] = r
        }
        var columnIndex: [String: Int] = [:]
        for (k, code) in columnCodes.enumerated() { columnIndex[code] = k + 1 }
        let industries = Set(columnCodes).intersection(rowIndex.keys)
        func key(_ code: String) -> String { NACE64Codes.industry(for: code, among: industries) ?? code }
        let unmatched = codes.filter { rowIndex[key($0)] == nil || columnIndex[key($0)] == nil }
        guard unmatched.isEmpty else {
            throw InputError(file: path, "no criticality row or column for the table's products \(unmatched.joined(separator: ", "))",
                             hint: "the survey covers \(columnCodes.joined(separator: ", "))")
        }
        let n = codes.count
        var w = Matrix(rows: n, columns: n)
        for (i, input) in codes.enumerated() {
            let r = rowIndex[key(input)]!
            for (j, user) in codes.enumerated() {
                let v = try csv.number(row: r, field: columnIndex[key(user)]!)
                guard (0...1).contains(v) else {
                    throw InputError(file: path, line: csv.rows[r].line, column: columnIndex[key(user)]! + 1, "criticality \(v) is outside [0, 1]")
                }
                w[i, j] = v
            }
        }
        return w
    }
}
