import Foundation
import LinearAlgebra

/// Reads Eurostat's FIGARO inter-country input–output table (product by product) in its flat
/// layout — one line per cell, columns `refArea,rowPi,counterpartArea,colPi,obsValue` (others,
/// such as the flattened `icioRow`/`icioCol` labels, are ignored) — into a multi-regional table
/// (docs/data.md, "FIGARO").
///
/// - Rows with `rowPi` = `CPA_…` are products of country `refArea`; columns with `colPi` =
///   `CPA_…` are the using products of `counterpartArea`: Z. Other `colPi` (P3_S13, P3_S14,
///   P3_S15, P51G, P5M) are final demand of `counterpartArea`: category `AREA:P3_S14`.
/// - Rows whose `rowPi` is not a product are primary inputs of the column's sector: each becomes
///   a component of value_added.csv named by its code in lower case (`d1`, `d21x31`, `d29x39`,
///   `b2a3g`, `op_res`, `op_nres`); `gross_value_added` = d1 + d29x39 + b2a3g, and the column
///   identity (`primary_inputs`) is gross_value_added plus every other component.
/// - A cell that is absent is 0; a cell given twice is refused at its line.
public enum FigaroImporter {
    static let requiredColumns = ["refArea", "rowPi", "counterpartArea", "colPi", "obsValue"]
    static let productPrefix = "CPA_"
    /// The parts of gross value added at basic prices (ESA 2010 codes).
    static let valueAddedParts = ["D1", "D29X39", "B2A3G"]

    public static func convert(path: String) throws(InputError) -> IOTable {
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else { throw InputError(file: path, "the file is empty", hint: "the first line is the header, with \(requiredColumns.joined(separator: ","))") }
        let header = csv.strings(row: 0)
        var column: [String: Int] = [:]
        for name in requiredColumns {
            guard let k = header.firstIndex(of: name) else {
                throw InputError(file: path, line: csv.rows[0].line, "the header has no column \"\(name)\" (it has \(header.joined(separator: ",")))",
                                 hint: Suggestions.didYouMean(name, among: header) ?? "a FIGARO flat file has the columns \(requiredColumns.joined(separator: ", "))")
            }
            column[name] = k
        }
        let (ra, rp, ca, cp, ov) = (column["refArea"]!, column["rowPi"]!, column["counterpartArea"]!, column["colPi"]!, column["obsValue"]!)
        // First pass: the countries and products, in order of first appearance.
        var countries: [String] = [], products: [String] = [], categories: [String] = [], components: [String] = []
        var seenCountry: Set<String> = [], seenProduct: Set<String> = [], seenCategory: Set<String> = [], seenComponent: Set<String> = []
        for r in 1..<csv.rows.count {
            guard csv.rows[r].count == header.count else {
                throw InputError(file: path, line: csv.rows[r].line, "row has \(csv.rows[r].count) fields, the header \(header.count)", hint: "every line needs \(header.joined(separator: ","))")
            }
            let rowPi = csv.string(row: r, field: rp), colPi = csv.string(row: r, field: cp)
            if rowPi.hasPrefix(productPrefix) {
                let area = csv.string(row: r, field: ra)
                if seenCountry.insert(area).inserted { countries.append(area) }
                if seenProduct.insert(rowPi).inserted { products.append(rowPi) }
            } else if seenComponent.insert(rowPi).inserted {
                components.append(rowPi)
            }
            if !colPi.hasPrefix(productPrefix), seenCategory.insert(colPi).inserted { categories.append(colPi) }
        }
        guard !countries.isEmpty else {
            throw InputError(file: path, "no product rows (rowPi starting with \(productPrefix))", hint: "give the product-by-product FIGARO table (its products are CPA_A01 … CPA_U)")
        }
        if let bad = countries.first(where: { $0.isEmpty || $0.contains(IOTable.regionSeparator) }) {
            throw InputError(file: path, "the area \"\(bad)\" is empty or contains \"\(IOTable.regionSeparator)\"", hint: "areas are ISO codes such as BE, DE, FIGW1")
        }
        let p = products.count, n = countries.count * p
        let countryIndex = Dictionary(uniqueKeysWithValues: countries.enumerated().map { ($1, $0) })
        let productIndex = Dictionary(uniqueKeysWithValues: products.enumerated().map { ($1, $0) })
        let categoryLabels = countries.flatMap { c in categories.map { "\(c)\(IOTable.regionSeparator)\($0)" } }
        let categoryIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        let componentIndex = Dictionary(uniqueKeysWithValues: components.enumerated().map { ($1, $0) })
        var z = Matrix(rows: n, columns: n)
        var f = Matrix(rows: n, columns: categoryLabels.count)
        var v = Matrix(rows: components.count, columns: n)
        var filled: [Int: Int] = [:]  // cell key → line, to refuse a cell given twice
        let rowsOfZ = n, columnsAll = n + categoryLabels.count
        for r in 1..<csv.rows.count {
            let line = csv.rows[r].line
            let rowPi = csv.string(row: r, field: rp), colPi = csv.string(row: r, field: cp)
            let partner = csv.string(row: r, field: ca)
            guard let c = countryIndex[partner] else {
                throw InputError(file: path, line: line, column: ca + 1, "counterpartArea \"\(partner)\" is not an area of the product rows",
                                 hint: Suggestions.didYouMean(partner, among: countries) ?? "every column's area must also have product rows")
            }
            let value = try csv.number(row: r, field: ov)
            var columnIndex: Int
            if colPi.hasPrefix(productPrefix) {
                guard let q = productIndex[colPi] else {
                    throw InputError(file: path, line: line, column: cp + 1, "colPi \"\(colPi)\" is not a product of the rows", hint: Suggestions.didYouMean(colPi, among: products) ?? "rows and columns have the same products")
                }
                columnIndex = c * p + q
            } else {
                columnIndex = n + c * categories.count + categoryIndex[colPi]!
            }
            var rowIndex: Int
            if rowPi.hasPrefix(productPrefix) {
                rowIndex = countryIndex[csv.string(row: r, field: ra)]! * p + productIndex[rowPi]!
            } else {
                guard columnIndex < n else { continue }  // primary inputs of final demand (FIGARO gives none; ignored)
                rowIndex = rowsOfZ + componentIndex[rowPi]!
            }
            let key = rowIndex * columnsAll + columnIndex
            if let first = filled[key] {
                throw InputError(file: path, line: line, "the cell \(csv.string(row: r, field: ra)) \(rowPi) × \(partner) \(colPi) is given twice (first on line \(first))", hint: "each cell appears once")
            }
            filled[key] = line
            if rowIndex >= rowsOfZ { v[rowIndex - rowsOfZ, columnIndex] = value }
            else if columnIndex < n { z[rowIndex, columnIndex] = value }
            else { f[rowIndex, columnIndex - n] = value }
        }
        var sectors: [Sector] = []
        for country in countries { for product in products { sectors.append(Sector(code: String(product.dropFirst(productPrefix.count)), name: product, region: country)) } }
        var labels = components.map { $0.lowercased() }
        var primary = labels.filter { !valueAddedParts.map { $0.lowercased() }.contains($0) }
        if !labels.contains(IOTable.grossValueAdded) {
            var gva = [Double](repeating: 0, count: n)
            for part in valueAddedParts { if let k = componentIndex[part] { for j in 0..<n { gva[j] += v[k, j] } } }
            var extended = Matrix(rows: components.count + 1, columns: n)
            for j in 0..<n {
                for k in 0..<components.count { extended[k, j] = v[k, j] }
                extended[components.count, j] = gva[j]
            }
            v = extended
            labels.append(IOTable.grossValueAdded)
        } else {
            primary.removeAll { $0 == IOTable.grossValueAdded }
        }
        var metadata = TableMetadata(name: "figaro", title: "FIGARO inter-country input–output table (product by product)", unit: "EUR million",
                                     classification: "CPA 2.1, \(p) products × \(countries.count) areas",
                                     source: "Eurostat FIGARO flat file \((path as NSString).lastPathComponent) (SHA-256 \(SHA256.hex(ofFile: path) ?? "unreadable")); ioshock import figaro",
                                     primaryInputs: [IOTable.grossValueAdded] + primary)
        metadata.regions = countries
        metadata.notes = "gross_value_added = d1 + d29x39 + b2a3g (those present); the other primary-input rows are kept as components and counted in primary_inputs."
        return IOTable(metadata: metadata, sectors: sectors, intermediate: z,
                       finalDemand: LabeledBlock(labels: categoryLabels, values: f),
                       valueAdded: LabeledBlock(labels: labels, values: v))
    }
}
