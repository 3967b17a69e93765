import Foundation
import LinearAlgebra

/// Converts the Germany 1995 example of the Eurostat Manual of Supply, Use and Input–Output
/// Tables (Beutel 2008, Table 15.4), as laid out in `shared/validation/beutel-2008-germany-1995/table.csv`,
/// into a table bundle.
///
/// The layout: a header `iotables_row,<sectors…>,total,<final-demand categories…>,total_final_use`;
/// sector rows, then `total`, `imports`, `net_tax_products`, `intermediate_consumption`, the
/// value-added components up to `gva`, `output`, and employment rows `employment_*`.
public enum EurostatManualConverter {
    public static func convert(path: String) throws(InputError) -> IOTable {
        let csv = try CSVFile(path: path)
        guard let headerRow = csv.rows.first else { throw InputError(file: path, "the file is empty") }
        let header = csv.strings(row: 0)
        guard header.first == "iotables_row", let totalColumn = header.firstIndex(of: "total"),
              let lastColumn = header.firstIndex(of: "total_final_use") else {
            throw InputError(file: path, line: headerRow.line, "expected a header iotables_row,<sectors>,total,<final demand>,total_final_use")
        }
        let codes = Array(header[1..<totalColumn])
        let categories = Array(header[(totalColumn + 1)..<lastColumn])
        var rowIndex: [String: Int] = [:]
        for r in 1..<csv.rows.count { rowIndex[csv.string(row: r, field: 0)] = r }
        func row(_ label: String, columns: Range<Int>) throws(InputError) -> [Double] {
            guard let r = rowIndex[label] else {
                throw InputError(file: path, "no row \"\(label)\"", hint: "the converter expects the layout of Beutel (2008), Table 15.4")
            }
            var out: [Double] = []
            for c in columns { out.append(try csv.number(row: r, field: c)) }
            return out
        }
        let n = codes.count
        var z = Matrix(rows: n, columns: n)
        var f = Matrix(rows: n, columns: categories.count)
        for (i, code) in codes.enumerated() {
            let zRow = try row(code, columns: 1..<(n + 1))
            for j in 0..<n { z[i, j] = zRow[j] }
            let fRow = try row(code, columns: (totalColumn + 1)..<lastColumn)
            for k in 0..<categories.count { f[i, k] = fRow[k] }
        }
        let sectorColumns = 1..<(n + 1)
        let components: [(String, String)] = [
            ("imports", "imports"), ("net_taxes_on_products", "net_tax_products"),
            ("compensation_of_employees", "compensation_employees"), ("other_net_taxes_on_production", "net_tax_production"),
            ("consumption_of_fixed_capital", "consumption_fixed_capital"), ("net_operating_surplus_and_mixed_income", "os_mixed_income_net"),
            (IOTable.grossValueAdded, "gva"),
        ]
        var va = Matrix(rows: components.count, columns: n)
        for (k, (_, source)) in components.enumerated() {
            let values = try row(source, columns: sectorColumns)
            for j in 0..<n { va[k, j] = values[j] }
        }
        let output = try row("output", columns: sectorColumns)
        let employmentRows = [("employees", "employment_wage_salary"), ("self_employed", "employment_self_employed"), ("persons", "employment_domestic_total")]
        var e = Matrix(rows: n, columns: employmentRows.count)
        for (k, (_, source)) in employmentRows.enumerated() {
            let values = try row(source, columns: sectorColumns)
            for i in 0..<n { e[i, k] = values[i] }
        }
        let sectors = codes.map { Sector(code: $0, name: $0.replacingOccurrences(of: "_", with: " ").capitalized) }
        let metadata = TableMetadata(
            name: "germany-1995", title: "Germany 1995, 6 product groups, domestic flows", year: 1995, unit: "EUR million",
            region: "Germany", classification: "6 product groups (Eurostat manual example)",
            source: "Eurostat Manual of Supply, Use and Input-Output Tables (Beutel 2008), Table 15.4; converted by `ioshock import eurostat-manual` from shared/validation/beutel-2008-germany-1995/table.csv",
            notes: "Imports are a primary-input row (imported intermediate inputs by using sector), not a product x sector matrix. Employment is in thousand persons. The published total_final_use of industry_group (1,079,400) differs from its output (1,079,446): the row gap of inspect shows it.",
            primaryInputs: ["imports", "net_taxes_on_products", IOTable.grossValueAdded],
            householdConsumption: categories.contains("final_consumption_households") ? "final_consumption_households" : nil,
            compensation: "compensation_of_employees")
        return IOTable(metadata: metadata, sectors: sectors, intermediate: z,
                       finalDemand: LabeledBlock(labels: categories, values: f),
                       valueAdded: LabeledBlock(labels: components.map(\.0), values: va),
                       output: output, employment: LabeledBlock(labels: employmentRows.map(\.0), values: e))
    }
}
