import Foundation
import LinearAlgebra

/// A concordance: each code (or region) of a table → the group it joins, read from a CSV file
/// `code,group` (sectors) or `region,group` (regions); docs/table-format.md, "Aggregation".
public struct Concordance: Sendable, Equatable {
    public var path: String
    /// `code` or `region`.
    public var key: String
    public var group: [String: String]
    /// The line of each entry, for messages.
    var lines: [String: Int]

    public init(path: String, key: String, group: [String: String]) {
        self.path = path
        self.key = key
        self.group = group
        self.lines = [:]
    }

    /// Reads `key,group` rows; refuses a wrong header, empty or duplicate entries.
    public init(path: String, key: String) throws(InputError) {
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else { throw InputError(file: path, "the file is empty", hint: "the first line is the header \(key),group") }
        let header = csv.strings(row: 0)
        guard header.count >= 2, header[0] == key, header[1] == "group" else {
            throw InputError(file: path, line: csv.rows[0].line, column: 1, "the header must start with \"\(key),group\", found \"\(header.joined(separator: ","))\"",
                             hint: "a concordance lists each \(key) of the table and the group it joins (docs/table-format.md, \"Aggregation\")")
        }
        var group: [String: String] = [:]
        var lines: [String: Int] = [:]
        for r in 1..<csv.rows.count {
            let line = csv.rows[r].line
            guard csv.rows[r].count == header.count else {
                throw InputError(file: path, line: line, "row has \(csv.rows[r].count) fields, the header \(header.count)", hint: "every row needs \(header.joined(separator: ","))")
            }
            let fields = csv.strings(row: r).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !fields[0].isEmpty else { throw InputError(file: path, line: line, column: 1, "empty \(key)") }
            guard !fields[1].isEmpty else { throw InputError(file: path, line: line, column: 2, "empty group for \(key) \"\(fields[0])\"", hint: "name the group it joins") }
            if key == "region", fields[1].contains(IOTable.regionSeparator) {
                throw InputError(file: path, line: line, column: 2, "the region group \"\(fields[1])\" contains \"\(IOTable.regionSeparator)\", which joins region and code in a bundle's labels",
                                 hint: "use a name without \"\(IOTable.regionSeparator)\"")
            }
            if let first = lines[fields[0]] {
                throw InputError(file: path, line: line, column: 1, "duplicate \(key) \"\(fields[0])\" (first on line \(first))", hint: "each \(key) joins one group")
            }
            group[fields[0]] = fields[1]
            lines[fields[0]] = line
        }
        self.path = path
        self.key = key
        self.group = group
        self.lines = lines
    }

    /// Checks that the concordance covers exactly `known` (the table's codes or regions).
    func check(covering known: [String], what: String) throws(InputError) {
        let knownSet = Set(known)
        for (name, _) in group where !knownSet.contains(name) {
            throw InputError(file: path, line: lines[name], column: 1, "unknown \(what) \"\(name)\" (not in the table)",
                             hint: Suggestions.didYouMean(name, among: known) ?? "the table's \(what)s: \(known.prefix(12).joined(separator: ", "))\(known.count > 12 ? ", …" : "")")
        }
        let missing = known.filter { group[$0] == nil }
        if !missing.isEmpty {
            throw InputError(file: path, "\(missing.count) \(what)\(missing.count == 1 ? "" : "s") of the table \(missing.count == 1 ? "is" : "are") not in the concordance: \(missing.prefix(10).joined(separator: ", "))\(missing.count > 10 ? ", …" : "")",
                             hint: "add a row \(key),group for each, e.g. \(missing[0]),\(missing[0]) to keep it alone")
        }
    }
}

extension IOTable {
    /// The table with its products and regions merged into groups, every flow summed:
    /// Z′ = S Z Sᵀ, F′ = S F, value added V′ = V Sᵀ, x′ = S x, imports M′ = S M Sᵀ, imported
    /// final use, imports by origin, purchases from the rest of the country and employment
    /// likewise, where S (n′ × n) is the 0/1 matrix with s_gi = 1 when sector i joins group g.
    ///
    /// A sector (region r, product p) joins (group of r, group of p); the groups come in the
    /// order in which the table's sectors first reach them. Final-demand categories labelled
    /// `region:category` (as `import pymrio` writes them) are merged by the region map too.
    /// criticality.csv and inventory_days.csv are not flows and are left out (the notes say so);
    /// a column of sectors.csv is kept where the members of each group agree on it.
    /// - Complexity: O(n²) additions; an identity map gives the same numbers bit for bit.
    public func aggregated(sectors sectorMap: Concordance?, regions regionMap: Concordance?) throws(InputError) -> IOTable {
        if let sectorMap {
            var seen: Set<String> = []
            try sectorMap.check(covering: codes.filter { seen.insert($0).inserted }, what: "product code")
        }
        if let regionMap {
            guard !metadata.regions.isEmpty else {
                throw InputError(file: regionMap.path, "the table \(metadata.name) has one region and no regions list",
                                 hint: "aggregate regions of a multi-regional table (docs/table-format.md, \"Multi-regional tables\"), or leave out --regions")
            }
            try regionMap.check(covering: metadata.regions, what: "region")
        }
        let regional = !metadata.regions.isEmpty
        var labels: [String] = []
        var newSectors: [Sector] = []
        var groupOf = [Int](repeating: 0, count: count)
        var indexOfLabel: [String: Int] = [:]
        var newRegions: [String] = []
        // A product group of one product keeps that product's name; a merged one is named by its group.
        var productsOfGroup: [String: Set<String>] = [:]
        if let sectorMap { for s in sectors { productsOfGroup[sectorMap.group[s.code] ?? s.code, default: []].insert(s.code) } }
        for (i, s) in sectors.enumerated() {
            let product = sectorMap?.group[s.code] ?? s.code
            let region = regional ? (regionMap?.group[s.region] ?? s.region) : ""
            let name = sectorMap == nil || productsOfGroup[product]?.count == 1 ? s.name : product
            let sector = Sector(code: product, name: name, region: region)
            if let g = indexOfLabel[sector.label] { groupOf[i] = g; continue }
            indexOfLabel[sector.label] = labels.count
            groupOf[i] = labels.count
            labels.append(sector.label)
            newSectors.append(sector)
            if regional, !newRegions.contains(region) { newRegions.append(region) }
        }
        let m = newSectors.count
        // Columns of sectors.csv survive where every group's members agree.
        for name in sectorAttributeNames {
            var value: [String?] = [String?](repeating: nil, count: m)
            var agrees = [Bool](repeating: true, count: m)
            for (i, s) in sectors.enumerated() {
                let g = groupOf[i], v = s.attributes[name] ?? ""
                if let seen = value[g] { if seen != v { agrees[g] = false } } else { value[g] = v }
            }
            for g in 0..<m { newSectors[g].attributes[name] = agrees[g] ? (value[g] ?? "") : "" }
        }
        func rows(_ matrix: Matrix) -> Matrix {
            var out = Matrix(rows: m, columns: matrix.columns)
            for j in 0..<matrix.columns { for i in 0..<matrix.rows { out[groupOf[i], j] += matrix[i, j] } }
            return out
        }
        func square(_ matrix: Matrix) -> Matrix {
            var out = Matrix(rows: m, columns: m)
            for j in 0..<matrix.columns {
                let gj = groupOf[j]
                for i in 0..<matrix.rows { out[groupOf[i], gj] += matrix[i, j] }
            }
            return out
        }
        func columns(_ matrix: Matrix) -> Matrix { rows(matrix.transposed()).transposed() }
        /// Final-demand categories `region:category` follow the region map.
        func categories(_ block: LabeledBlock) -> LabeledBlock {
            let byRows = rows(block.values)
            guard let regionMap else { return LabeledBlock(labels: block.labels, values: byRows) }
            var newLabels: [String] = []
            var target: [Int] = []
            for label in block.labels {
                var merged = label
                if let range = label.range(of: IOTable.regionSeparator), let group = regionMap.group[String(label[..<range.lowerBound])] {
                    merged = group + label[range.lowerBound...]
                }
                if let k = newLabels.firstIndex(of: merged) { target.append(k) } else { target.append(newLabels.count); newLabels.append(merged) }
            }
            var out = Matrix(rows: m, columns: newLabels.count)
            for k in 0..<block.labels.count { for i in 0..<m { out[i, target[k]] += byRows[i, k] } }
            return LabeledBlock(labels: newLabels, values: out)
        }
        func bySector(_ block: LabeledBlock) -> LabeledBlock { LabeledBlock(labels: block.labels, values: rows(block.values)) }
        var meta = metadata
        if regional { meta.regions = newRegions }
        var what: [String] = []
        if let sectorMap { what.append("products by \((sectorMap.path as NSString).lastPathComponent)") }
        if let regionMap { what.append("regions by \((regionMap.path as NSString).lastPathComponent)") }
        var note = "Aggregated from \(metadata.name) (\(count) → \(m) sectors: \(what.joined(separator: ", "))) by ioshock aggregate."
        if inputCriticality != nil || inventoryDays != nil { note += " criticality.csv and inventory_days.csv were not aggregated." }
        meta.notes = meta.notes.isEmpty ? note : meta.notes + " " + note
        meta.criticalitySource = nil
        meta.inventorySource = nil
        let x = rows(Matrix(rows: count, columns: 1, columnMajor: output)).storage
        return IOTable(metadata: meta, sectors: newSectors, sectorAttributeNames: sectorAttributeNames,
                       intermediate: square(intermediate), finalDemand: categories(finalDemand),
                       valueAdded: LabeledBlock(labels: valueAdded.labels, values: columns(valueAdded.values)),
                       output: outputGiven ? x : nil, imports: imports.map(square), importFinal: importFinal.map(categories),
                       importOrigin: importOrigin.map(bySector), importsRestOfCountry: importsRestOfCountry.map(square),
                       importFinalRestOfCountry: importFinalRestOfCountry.map(categories), employment: employment.map(bySector))
    }
}
