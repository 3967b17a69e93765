import Foundation

/// One sheet of the Federal Planning Bureau workbook, exported cell for cell as CSV
/// (`shared/data/fpb-siot-2015/sheets/NAME.csv`), with look-ups by label.
///
/// Rows are labelled by their code in the first column (`01`, `68_`, `D.1`, `P.7/S21i`) or, when
/// that is empty, by the text in the second (`Arbeidsvolume (miljoenen uren)`); columns by their
/// code in the first line (`01`, `P.31/S14`, `P.7`). Every look-up that fails names the file, the
/// line and the label that was expected there.
struct FPBSheet {
    let name: String
    let csv: CSVFile
    var path: String { csv.path }

    /// Reads `<directory>/<name>.csv`.
    /// - Throws: `InputError` naming the missing sheet and the directory searched.
    init(directory: String, name: String) throws(InputError) {
        let path = (directory as NSString).appendingPathComponent(name + ".csv")
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, "missing sheet \(name)",
                             hint: "the converter needs the sheets tbl_8, tbl_9, tbl_10 and class_pro of the FPB workbook (vR64_nl_20191213.xlsx), each exported as NAME.csv into \(directory)")
        }
        self.name = name
        self.csv = try CSVFile(path: path)
    }

    func line(_ row: Int) -> Int { csv.rows[row].line }

    func field(_ row: Int, _ column: Int) -> String {
        column < csv.rows[row].count ? csv.string(row: row, field: column).trimmingCharacters(in: .whitespaces) : ""
    }

    /// The label of a row: its code, or the text of the second field when the code is empty.
    func rowLabel(_ row: Int) -> String {
        let code = field(row, 0)
        return code.isEmpty ? field(row, 1) : code
    }

    /// The index of the header row (the first line, which holds the column codes).
    var headerRow: Int { 0 }

    /// The column holding `label` in the header line.
    func column(_ label: String, after start: Int = 0, what: String) throws(InputError) -> Int {
        let header = csv.rows.isEmpty ? 0 : csv.rows[headerRow].count
        for k in start..<max(start, header) where field(headerRow, k) == label { return k }
        throw InputError(file: path, line: csv.rows.isEmpty ? nil : line(headerRow),
                         "no column labelled \"\(label)\" (\(what)) in the header",
                         hint: "the sheet \(name) of the FPB workbook has \(what) under the code \(label) in its first line; has a column been moved, renamed or deleted?")
    }

    /// The row labelled `label`, searched from `start`.
    func row(_ label: String, from start: Int = 0, what: String) throws(InputError) -> Int {
        for r in start..<csv.rows.count where rowLabel(r) == label { return r }
        let searched = start < csv.rows.count ? " among lines \(line(start))–\(line(csv.rows.count - 1))" : ""
        throw InputError(file: path, "no row labelled \"\(label)\" (\(what))\(searched)",
                         hint: "the sheet \(name) of the FPB workbook has \(what) in a row labelled \(label); has a row been moved, renamed or deleted?")
    }

    /// The rows of the products, which must be labelled with `codes` in that order, one after
    /// the other, starting at the row labelled `codes[0]`.
    func productRows(_ codes: [String]) throws(InputError) -> [Int] {
        let first = try row(codes[0], what: "the first product")
        var rows: [Int] = []
        for (k, code) in codes.enumerated() {
            let r = first + k
            guard r < csv.rows.count else {
                throw InputError(file: path, "the sheet ends before the row of product \(code)",
                                 hint: "the 64 product rows must follow one another in the order of class_pro")
            }
            guard rowLabel(r) == code else {
                throw InputError(file: path, line: line(r), column: 1,
                                 "expected the row of product \"\(code)\", found \"\(rowLabel(r))\"",
                                 hint: "the product rows must follow one another in the order of class_pro; has a row been moved, inserted or deleted?")
            }
            rows.append(r)
        }
        return rows
    }

    /// The columns of the products: labelled with `codes` in that order, side by side.
    func productColumns(_ codes: [String]) throws(InputError) -> [Int] {
        let first = try column(codes[0], what: "the first product")
        var columns: [Int] = []
        for (k, code) in codes.enumerated() {
            let c = first + k
            let found = field(headerRow, c)
            guard found == code else {
                throw InputError(file: path, line: line(headerRow), column: c + 1,
                                 "expected the column of product \"\(code)\", found \"\(found)\"",
                                 hint: "the product columns must stand side by side in the order of class_pro; has a column been moved, inserted or deleted?")
            }
            columns.append(c)
        }
        return columns
    }

    /// The number in a cell. The tables write zeros as 0, so an empty cell is an error.
    func number(_ row: Int, _ column: Int) throws(InputError) -> Double {
        guard column < csv.rows[row].count else {
            throw InputError(file: path, line: line(row), column: column + 1,
                             "the row labelled \"\(rowLabel(row))\" has no cell in column \(column + 1) (\"\(field(headerRow, column))\")",
                             hint: "the row is shorter than the header; has a column been deleted?")
        }
        return try csv.number(row: row, field: column)
    }

    /// The numbers of one row at the given columns.
    func numbers(row: Int, columns: [Int]) throws(InputError) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(columns.count)
        for c in columns { out.append(try number(row, c)) }
        return out
    }
}
