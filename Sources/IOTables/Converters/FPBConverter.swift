import Foundation
import LinearAlgebra

/// Converts the Belgian symmetric input–output tables 2015 of the Federal Planning Bureau
/// (workbook `vR64_nl_20191213.xlsx`, version of 13 December 2019, 64 products, million EUR),
/// exported sheet by sheet as CSV, into a table bundle.
///
/// What comes from where (docs/data.md has the full account):
/// - Z, final demand, taxes on products, value-added components, output P.1: `tbl_10`
///   (domestic production, product × product);
/// - imported intermediate use M and imported final use: `tbl_9` (imports, product × product);
/// - imports by origin (P.7/S21i, P.7/S21x, P.7/S22) and hours worked
///   ("Arbeidsvolume (miljoenen uren)"): `tbl_8` (total flows);
/// - product codes and Dutch names: `class_pro`; English names: CPA 2.1 titles (`CPA21.titles`);
/// - the NACE section of each product: `nace/conversion_matrix_NACE64_NACE21.csv`;
/// - persons employed: `nbb-employment-2019/employment_NACE64_2019.csv` (2019, not 2015).
///
/// Rows and columns are found by their labels; a missing sheet, label, or a product row or column
/// out of the order of `class_pro` is an `InputError` naming the file, line and expected label.
///
/// Two reconciliations, both far below the precision of the published figures, make the bundle
/// balance exactly (each refused when larger than `reconciliationLimit` relative):
/// 1. P.1 (which closes the columns to 1e-14) differs from the published total use of a few
///    products by up to 2.7e-6 relative; the difference is added to changes in inventories.
/// 2. The import rows by origin of `tbl_8` sum to the total imports of `tbl_9` within 1.4e-5
///    relative; the origin shares of `tbl_8` are applied to the `tbl_9` totals.
///
/// Cells of the intermediate blocks (Z from `tbl_10`, M from `tbl_9`) with |value| below
/// `flowTolerance` are set to 0 before either reconciliation: they are rounding artefacts of the
/// workbook (three of them negative, about −1e-9, which a flow cannot be), far below the precision
/// of the published figures. The buying sector's output is lowered by the same amount (P.1 less
/// its zeroed inputs, at most a few 1e-8), so that the columns still close exactly.
/// table.toml's notes say how many cells were zeroed and the tolerance.
public enum FPBConverter {
    /// The final-demand columns of tbl_8/9/10 and their names in the bundle.
    public static let finalDemandColumns: [(code: String, name: String)] = [
        ("P.31/S14", "household_consumption"), ("P.31/S15", "npish_consumption"),
        ("P3./S13", "government_consumption"), ("P.51", "investment"), ("P.52+P.53", "inventories"),
        ("P.6/S21i", "exports_euro_area"), ("P.6/S21x", "exports_rest_of_eu"), ("P.6/S22", "exports_non_eu"),
    ]

    /// The rows of tbl_10 under the products written to value_added.csv, in file order.
    /// D.39 (other subsidies on production) is published as a positive amount that is
    /// subtracted: B.1n = D.1 + D.29 − D.39 + B.2n+B.3n, and B.1g = B.1n + P.51c.
    public static let valueAddedRows: [(code: String, name: String)] = [
        ("D.211", "taxes_on_products_vat"),
        ("D.21*-D.31", "net_taxes_on_products_excl_vat"),
        ("D.1", "compensation_of_employees"),
        ("D.29", "other_taxes_on_production"),
        ("D.39", "other_subsidies_on_production"),
        ("B.2n+B3.n", "net_operating_surplus_and_mixed_income"),
        ("B.1n", "net_value_added"),
        ("P.51c", "consumption_of_fixed_capital"),
        ("B.1g", IOTable.grossValueAdded),
    ]

    /// The import rows by origin of tbl_8 and their names in the bundle.
    public static let originRows: [(code: String, name: String)] = [
        ("P.7/S21i", "euro_area"), ("P.7/S21x", "rest_of_eu"), ("P.7/S22", "non_eu"),
    ]

    public static let hoursLabel = "Arbeidsvolume (miljoenen uren)"
    public static let sheets = ["class_pro", "tbl_8", "tbl_9", "tbl_10"]
    /// Largest relative reconciliation accepted (see the type's documentation).
    public static let reconciliationLimit = 1e-4
    /// Intermediate flows with |z| below this (EUR million, i.e. one cent) are set to 0.
    public static let flowTolerance = 1e-8

    /// The files the converter reads besides the sheets.
    public struct Inputs: Sendable {
        public var sheets: String
        public var naceConversion: String
        public var persons: String

        /// Defaults for the side files as laid out in `shared/data`: `<sheets>/../../nace/…` and
        /// `<sheets>/../../nbb-employment-2019/…`.
        public init(sheets: String, naceConversion: String? = nil, persons: String? = nil) {
            self.sheets = sheets
            let data = ((sheets as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            self.naceConversion = naceConversion ?? data + "/nace/conversion_matrix_NACE64_NACE21.csv"
            self.persons = persons ?? data + "/nbb-employment-2019/employment_NACE64_2019.csv"
        }
    }

    /// What the conversion adjusted, for notes and tests.
    public struct Reconciliation: Sendable {
        /// Per product: P.1 − (Z·1 + F·1) as published, added to inventories.
        public var inventoryAdjustment: [Double]
        /// Per product: Σ origins (tbl_8) − total imports (tbl_9), before scaling.
        public var originDifference: [Double]
        /// The cells of Z and of M set to 0 (|value| < `flowTolerance`): (row, column, value read).
        public var zeroedFlows: [(row: Int, column: Int, value: Double)] = []
        public var zeroedImports: [(row: Int, column: Int, value: Double)] = []
    }

    /// Sets the cells of `m` with 0 < |value| < `flowTolerance` to 0 and returns them.
    static func zeroTinyFlows(_ m: inout Matrix) -> [(row: Int, column: Int, value: Double)] {
        var zeroed: [(row: Int, column: Int, value: Double)] = []
        for j in 0..<m.columns {
            for i in 0..<m.rows where m[i, j] != 0 && abs(m[i, j]) < flowTolerance {
                zeroed.append((i, j, m[i, j]))
                m[i, j] = 0
            }
        }
        return zeroed
    }

    public static func convert(_ inputs: Inputs) throws(InputError) -> IOTable {
        try convertWithReconciliation(inputs).table
    }

    public static func convertWithReconciliation(_ inputs: Inputs) throws(InputError) -> (table: IOTable, reconciliation: Reconciliation) {
        try InputFile.checkDirectory(inputs.sheets, role: "sheets directory",
                                     hint: "give the directory holding tbl_8.csv, tbl_9.csv, tbl_10.csv and class_pro.csv, e.g. ../shared/data/fpb-siot-2015/sheets")
        let classes = try FPBSheet(directory: inputs.sheets, name: "class_pro")
        let products = try readProducts(classes)
        let codes = products.map(\.code)
        let n = codes.count
        let total = try FPBSheet(directory: inputs.sheets, name: "tbl_8")
        let imported = try FPBSheet(directory: inputs.sheets, name: "tbl_9")
        let domestic = try FPBSheet(directory: inputs.sheets, name: "tbl_10")

        // Domestic flows (tbl_10).
        var (z, f, dRows, dColumns) = try flows(domestic, codes: codes, finalUse: "final demand")
        let below = dRows.last! + 1
        var va = Matrix(rows: valueAddedRows.count, columns: n)
        for (k, entry) in valueAddedRows.enumerated() {
            let r = try domestic.row(entry.code, from: below, what: entry.name)
            let values = try domestic.numbers(row: r, columns: dColumns)
            for j in 0..<n { va[k, j] = values[j] }
        }
        let outputRow = try domestic.row("P.1", from: below, what: "output at basic prices")
        var x = try domestic.numbers(row: outputRow, columns: dColumns)
        for (j, v) in x.enumerated() where v < 0 {
            throw InputError(file: domestic.path, line: domestic.line(outputRow), column: dColumns[j] + 1, "negative output \(v) for product \(codes[j])")
        }

        // Imported flows (tbl_9).
        let (importedFlows, mf, _, _) = try flows(imported, codes: codes, finalUse: "imported final use")
        var m = importedFlows
        let zeroedFlows = zeroTinyFlows(&z)
        let zeroedImports = zeroTinyFlows(&m)
        // The column of a zeroed input buys that much less: its output falls by as much (at most
        // 64 × 1e-8), so that every column still closes exactly on x; the rows close through
        // reconciliation 1 below.
        for cell in zeroedFlows + zeroedImports { x[cell.column] -= cell.value }

        // Column identity: the value-added rows must close the columns on P.1, or a row was misread.
        let taxesAndGVA = ["taxes_on_products_vat", "net_taxes_on_products_excl_vat", IOTable.grossValueAdded]
            .map { name in valueAddedRows.firstIndex { $0.name == name }! }
        let zColumns = z.columnSums(), mColumnSums = m.columnSums()
        for j in 0..<n {
            let sum = zColumns[j] + mColumnSums[j] + taxesAndGVA.reduce(0) { $0 + va[$1, j] }
            if abs(sum - x[j]) > 1e-8 * max(1, abs(x[j])) {
                throw InputError(file: domestic.path, line: domestic.line(outputRow), column: dColumns[j] + 1,
                                 "the column of product \(codes[j]) does not add up: domestic \(zColumns[j]) + imported \(mColumnSums[j]) intermediate inputs + taxes on products + B.1g = \(sum), but P.1 = \(x[j])",
                                 hint: "check that tbl_9 and tbl_10 come from the same workbook and that no row under the products has moved")
            }
        }

        // Reconciliation 1: published total use vs P.1 → inventories.
        let inventories = finalDemandColumns.firstIndex { $0.name == "inventories" }!
        let use = zip(z.rowSums(), f.rowSums()).map(+)
        var adjustment = [Double](repeating: 0, count: n)
        for i in 0..<n {
            adjustment[i] = x[i] - use[i]
            if abs(adjustment[i]) > reconciliationLimit * max(1, abs(x[i])) {
                throw InputError(file: domestic.path, line: domestic.line(dRows[i]),
                                 "the row of product \(codes[i]) does not add up: intermediate plus final use is \(use[i]), output P.1 is \(x[i])",
                                 hint: "a difference of more than \(reconciliationLimit) relative is not rounding; check that no column has moved")
            }
            f[i, inventories] += adjustment[i]
        }

        // Imports by origin (tbl_8), reconciled with the totals of tbl_9.
        let tColumns = try total.productColumns(codes)
        let tBelow = try total.productRows(codes).last! + 1
        var originRaw = Matrix(rows: n, columns: originRows.count)
        for (k, entry) in originRows.enumerated() {
            let r = try total.row(entry.code, from: tBelow, what: "imports from \(entry.name)")
            let values = try total.numbers(row: r, columns: tColumns)
            for i in 0..<n { originRaw[i, k] = values[i] }
        }
        let importTotals = zip(m.rowSums(), mf.rowSums()).map(+)
        let originSums = originRaw.rowSums()
        var origin = Matrix(rows: n, columns: originRows.count)
        var originDifference = [Double](repeating: 0, count: n)
        for i in 0..<n {
            originDifference[i] = originSums[i] - importTotals[i]
            if abs(originDifference[i]) > reconciliationLimit * max(1, abs(importTotals[i])) {
                throw InputError(file: total.path, "the imports by origin of product \(codes[i]) add up to \(originSums[i]) but tbl_9 has total imports \(importTotals[i])",
                                 hint: "check that the rows P.7/S21i, P.7/S21x and P.7/S22 are in place and that tbl_8 and tbl_9 come from the same workbook")
            }
            guard originSums[i] != 0 else { continue }
            for k in 0..<originRows.count { origin[i, k] = originRaw[i, k] / originSums[i] * importTotals[i] }
        }
        let hoursRow = try total.row(hoursLabel, from: tBelow, what: "hours worked in millions")
        let hours = try total.numbers(row: hoursRow, columns: tColumns)

        // Side files: NACE sections and persons.
        let sections = try readSections(path: inputs.naceConversion, codes: codes)
        let persons = try readPersons(path: inputs.persons, codes: codes)
        var employment = Matrix(rows: n, columns: 2)
        employment.setColumn(0, to: hours)
        employment.setColumn(1, to: persons)

        let sectors = products.enumerated().map { k, p in
            Sector(code: p.code, name: CPA21.titles[p.code] ?? p.nameNL, attributes: ["name_nl": p.nameNL, "nace_section": sections[k]])
        }
        let adjusted = adjustment.indices.filter { abs(adjustment[$0]) > 1e-9 }
            .sorted { abs(adjustment[$0]) > abs(adjustment[$1]) }
        let largestAdjustment = adjusted.prefix(5).map { "\(codes[$0]) \(String(format: "%+.4f", adjustment[$0]))" }.joined(separator: ", ")
        let largestOrigin = originDifference.indices.map { abs(originDifference[$0]) / max(1, abs(importTotals[$0])) }.max() ?? 0
        func cells(_ list: [(row: Int, column: Int, value: Double)]) -> String {
            let negative = list.filter { $0.value < 0 }
            return "\(list.count)" + (negative.isEmpty ? "" : " (\(negative.count) negative: " + negative.map { "\(codes[$0.row])→\(codes[$0.column]) \(String(format: "%.2g", $0.value))" }.joined(separator: ", ") + ")")
        }
        let zeroing = "Rounding artefacts: cells of Z.csv and imports.csv with |value| below \(String(format: "%g", flowTolerance)) million EUR (one cent) are set to 0: \(cells(zeroedFlows)) in Z.csv, \(cells(zeroedImports)) in imports.csv; the output of each buying sector is P.1 less its zeroed inputs, so the columns still close."
        let metadata = TableMetadata(
            name: "belgium-2015",
            title: "Belgium 2015, 64 products (CPA 2.1), domestic flows at basic prices",
            year: 2015, unit: "EUR million", region: "Belgium",
            classification: "CPA 2.1, 64 products of the FPB tables (P64; 68 split into 68_ and 68a)",
            source: "Federal Planning Bureau, Input-output tables 2015 (vR64_nl_20191213.xlsx): Z, final demand, taxes, value added and output P.1 from tbl_10; imports.csv and import_final.csv from tbl_9; import_origin.csv and hours from tbl_8; Dutch names from class_pro; NACE sections from nace/conversion_matrix_NACE64_NACE21.csv; persons from NBB.stat employment by A64 industry 2019. Converted by `ioshock import fpb`.",
            sourceVersion: "13 December 2019",
            notes: "Product x product tables at basic prices, million EUR. primary_inputs: taxes on products (VAT, D.211, and other taxes less subsidies on products, D.21-D.31) and gross value added B.1g close each column on output P.1. value_added.csv holds every published row: D.39 other subsidies on production is a positive amount that is subtracted (net_value_added = compensation_of_employees + other_taxes_on_production - other_subsidies_on_production + net_operating_surplus_and_mixed_income). Reconciliations: the published total use of some products differs from P.1 by at most \(String(format: "%.2g", adjustment.indices.map { abs(adjustment[$0]) / max(1, x[$0]) }.max() ?? 0)) relative; the difference is added to inventories (\(largestAdjustment.isEmpty ? "none" : largestAdjustment), million EUR). Imports by origin: the origin shares of the P.7 rows of tbl_8 are applied to the total imports of tbl_9 (they differ by at most \(String(format: "%.2g", largestOrigin)) relative). import_final.csv includes re-exports (imported products in the export columns). employment.csv: hours = hours worked in millions (tbl_8, 2015); persons = employed persons (NBB.stat, domestic concept, 2019, not 2015) of the A64 industry; 68_ carries all of L68, 68a (imputed rent of owner-occupiers) has no employment. \(zeroing)",
            primaryInputs: taxesAndGVA.map { valueAddedRows[$0].name },
            householdConsumption: "household_consumption",
            compensation: "compensation_of_employees")
        let table = IOTable(
            metadata: metadata, sectors: sectors, sectorAttributeNames: ["name_nl", "nace_section"],
            intermediate: z,
            finalDemand: LabeledBlock(labels: finalDemandColumns.map(\.name), values: f),
            valueAdded: LabeledBlock(labels: valueAddedRows.map(\.name), values: va),
            output: x, imports: m,
            importFinal: LabeledBlock(labels: finalDemandColumns.map(\.name), values: mf),
            importOrigin: LabeledBlock(labels: originRows.map(\.name), values: origin),
            employment: LabeledBlock(labels: ["hours", "persons"], values: employment))
        return (table, Reconciliation(inventoryAdjustment: adjustment, originDifference: originDifference,
                                      zeroedFlows: zeroedFlows, zeroedImports: zeroedImports))
    }

    /// The product × product block of a symmetric table (tbl_10 or tbl_9), found by its product
    /// codes, and the final-use columns after it: (Z, F, sheet rows of the products, sheet columns).
    static func flows(_ sheet: FPBSheet, codes: [String], finalUse: String) throws(InputError) -> (Matrix, Matrix, [Int], [Int]) {
        let n = codes.count
        let rows = try sheet.productRows(codes)
        let columns = try sheet.productColumns(codes)
        let finalColumns = try finalDemandColumns.map { (c) throws(InputError) in try sheet.column(c.code, after: columns.last! + 1, what: "\(finalUse) \(c.name)") }
        var z = Matrix(rows: n, columns: n)
        var f = Matrix(rows: n, columns: finalDemandColumns.count)
        for i in 0..<n {
            let zRow = try sheet.numbers(row: rows[i], columns: columns)
            for j in 0..<n { z[i, j] = zRow[j] }
            let fRow = try sheet.numbers(row: rows[i], columns: finalColumns)
            for k in fRow.indices { f[i, k] = fRow[k] }
        }
        return (z, f, rows, columns)
    }

    /// class_pro: a header line `P64,Omschrijving`, then `code,Dutch name` per product.
    static func readProducts(_ sheet: FPBSheet) throws(InputError) -> [(code: String, nameNL: String)] {
        let header = try sheet.row("P64", what: "the header of the product list")
        var products: [(String, String)] = []
        for r in (header + 1)..<sheet.csv.rows.count {
            let code = sheet.field(r, 0)
            guard !code.isEmpty else { continue }
            products.append((code, sheet.field(r, 1)))
        }
        guard products.count >= 2 else {
            throw InputError(file: sheet.path, line: sheet.line(header), "no products listed after the header P64,Omschrijving")
        }
        return products
    }

    /// The A64 industry of a product code: `01` → `01`, `68_` and `68a` → `68`.
    static func industry(ofProduct code: String) -> String {
        code.hasSuffix("_") || code.hasSuffix("a") ? String(code.dropLast()) : code
    }

    /// Whether the A64 industry code (without its section letter: `05-09`, `97-98`) covers the
    /// divisions of a product code (`05-09`, `97`, `68_`).
    static func covers(industry: String, product: String) -> Bool {
        func range(_ s: String) -> ClosedRange<Int>? {
            let parts = s.split(separator: "-").map { Int($0) }
            guard let lo = parts.first ?? nil, let hi = parts.last ?? nil, lo <= hi else { return nil }
            return lo...hi
        }
        guard let i = range(industry), let p = range(self.industry(ofProduct: product)) else { return industry == product }
        return i.lowerBound <= p.lowerBound && p.upperBound <= i.upperBound
    }

    static func lookUp<V>(_ table: [(String, V)], product: String) -> V? {
        table.first { covers(industry: $0.0, product: product) }?.1
    }

    /// The section letter of each product from the NACE64 × section 0/1 matrix
    /// (rows `A01`, `B05-09`, `L68`…; columns `A`…`T`).
    static func readSections(path: String, codes: [String]) throws(InputError) -> [String] {
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else { throw InputError(file: path, "the file is empty") }
        let letters = csv.strings(row: 0)
        var byIndustry: [(String, String)] = []
        for r in 1..<csv.rows.count {
            let fields = csv.strings(row: r)
            let label = fields[0]
            let ones = fields.indices.dropFirst().filter { fields[$0].trimmingCharacters(in: .whitespaces) == "1" }
            guard ones.count == 1, ones[0] < letters.count else {
                throw InputError(file: path, line: csv.rows[r].line, "industry \(label) must have exactly one 1 among the sections", hint: "one section per A64 industry")
            }
            byIndustry.append((String(label.dropFirst()), letters[ones[0]]))
        }
        var sections: [String] = []
        for code in codes {
            guard let s = lookUp(byIndustry, product: code) else {
                throw InputError(file: path, "no row for the A64 industry of product \(code) (expected a label like \"X\(industry(ofProduct: code))\")",
                                 hint: "the first column holds the section letter followed by the A64 code, e.g. L68")
            }
            sections.append(s)
        }
        return sections
    }

    /// Persons employed per product from NBB.stat (`sector,total_employed`, sector = `A01`, `L68`…);
    /// `68a`, imputed rent of owner-occupied dwellings, has no workers.
    static func readPersons(path: String, codes: [String]) throws(InputError) -> [Double] {
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty, csv.strings(row: 0).prefix(2) == ["sector", "total_employed"] else {
            throw InputError(file: path, line: 1, "the header must be \"sector,total_employed\"")
        }
        var byIndustry: [(String, Double)] = []
        for r in 1..<csv.rows.count {
            guard csv.rows[r].count >= 2 else { throw InputError(file: path, line: csv.rows[r].line, "expected sector,total_employed") }
            byIndustry.append((String(csv.string(row: r, field: 0).dropFirst()), try csv.number(row: r, field: 1)))
        }
        var persons: [Double] = []
        for code in codes {
            if code == "68a" { persons.append(0); continue }
            guard let v = lookUp(byIndustry, product: code) else {
                throw InputError(file: path, "no row for the A64 industry of product \(code) (expected a sector like \"X\(industry(ofProduct: code))\")")
            }
            persons.append(v)
        }
        return persons
    }
}
