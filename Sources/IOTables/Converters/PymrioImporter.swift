import Foundation
import LinearAlgebra

/// Reads an IOSystem saved by pymrio's `save_all` (text format) into a multi-regional table
/// (docs/data.md, "pymrio systems"; docs/table-format.md, "Multi-regional tables").
///
/// pymrio writes each pandas frame as delimited text (`.txt`: tab-separated, `.csv`: comma) with
/// `nr_header` header rows and `nr_index_col` label columns, as its `file_parameters.json`
/// says: Z and Y with (region, sector) rows, Z with (region, sector) columns, Y with
/// (region, category) columns; each extension in a subdirectory with its own
/// `file_parameters.json` and `F` (stressor rows × (region, sector) columns).
///
/// The mapping:
/// - Z → Z (an MRIO's trade between its regions is intermediate use; there is no imports.csv:
///   a pymrio system is closed, and what it buys from outside it is in its extensions).
/// - Y → final demand, one category per (region, category): `reg1:Export`.
/// - x → output.csv when `x` was saved, else x = Z·1 + Y·1 (pymrio's `calc_x`).
/// - The extension named `factor_inputs` → value_added.csv: its row `Value Added` (or
///   `gross value added`) is `gross_value_added`; without one, `gross_value_added` is the sum of
///   its rows, each of which is also kept as a component. Without that extension,
///   `gross_value_added` is the residual x − 1ᵀZ.
/// - The extension named `employment`, and rows of any extension whose name starts with
///   "Employment", → employment.csv, one measure per row (`hours_…` when the row counts hours).
/// - Other extensions (emissions, materials, …) are not imported; table.toml's notes list them.
public enum PymrioImporter {
    /// The label of a multi-level pandas index or column: the levels joined by " / ".
    static let levelSeparator = " / "

    /// A pandas frame read from pymrio's text files.
    struct Frame {
        var path: String
        /// Per data row: its index labels (one per index column) and its line.
        var rowLabels: [[String]]
        var rowLines: [Int]
        /// Per data column: its labels (one per header row).
        var columnLabels: [[String]]
        /// rows × columns.
        var values: Matrix
    }

    /// Converts the system in `directory`.
    public static func convert(directory: String) throws(InputError) -> IOTable {
        try InputFile.checkDirectory(directory, role: "pymrio system",
                                     hint: "give the directory written by pymrio's save_all (holding file_parameters.json, Z.txt and Y.txt)")
        let parameters = try FileParameters(directory: directory)
        guard parameters.systemType == "IOSystem" else {
            throw InputError(file: parameters.path, "systemtype is \"\(parameters.systemType)\", not \"IOSystem\"",
                             hint: "give the directory of the whole system (pymrio's save_all), not of one extension")
        }
        let z = try parameters.frame("Z")
        let y = try parameters.frame("Y")
        guard z.rowLabels.first?.count == 2, z.columnLabels.first?.count == 2 else {
            throw InputError(file: z.path, line: 1, "Z has \(z.rowLabels.first?.count ?? 0) index columns and \(z.columnLabels.first?.count ?? 0) header rows; a pymrio IOSystem has 2 and 2 (region, sector)",
                             hint: "save the system with pymrio's save_all in text format")
        }
        guard z.rowLabels == z.columnLabels else {
            let k = z.rowLabels.indices.first { $0 >= z.columnLabels.count || z.rowLabels[$0] != z.columnLabels[$0] } ?? min(z.rowLabels.count, z.columnLabels.count)
            throw InputError(file: z.path, line: k < z.rowLines.count ? z.rowLines[k] : nil,
                             "the rows and columns of Z differ (\(z.rowLabels.count) rows, \(z.columnLabels.count) columns; first difference at sector \(k + 1))",
                             hint: "Z must be square with the same (region, sector) labels on rows and columns")
        }
        var regions: [String] = []
        var sectors: [Sector] = []
        for (k, label) in z.rowLabels.enumerated() {
            let (region, code) = (label[0], label[1])
            guard !region.isEmpty, !code.isEmpty else {
                throw InputError(file: z.path, line: z.rowLines[k], column: region.isEmpty ? 1 : 2, "an empty \(region.isEmpty ? "region" : "sector") label", hint: "every row of Z names its region and sector")
            }
            if region.contains(IOTable.regionSeparator) {
                throw InputError(file: z.path, line: z.rowLines[k], column: 1, "the region \"\(region)\" contains \"\(IOTable.regionSeparator)\", which joins region and sector in a bundle's labels",
                                 hint: "rename the region in pymrio (e.g. mrio.rename_regions) before saving")
            }
            if !regions.contains(region) { regions.append(region) }
            sectors.append(Sector(code: code, name: code, region: region))
        }
        var seen: [String: Int] = [:]
        for (k, s) in sectors.enumerated() {
            if let first = seen[s.label] {
                throw InputError(file: z.path, line: z.rowLines[k], "duplicate sector \(s.code) of region \(s.region) (first on line \(first))")
            }
            seen[s.label] = z.rowLines[k]
        }
        guard y.rowLabels == z.rowLabels else {
            let k = y.rowLabels.indices.first { $0 >= z.rowLabels.count || y.rowLabels[$0] != z.rowLabels[$0] } ?? min(y.rowLabels.count, z.rowLabels.count)
            throw InputError(file: y.path, line: k < y.rowLines.count ? y.rowLines[k] : nil,
                             "the rows of Y differ from those of Z (sector \(k + 1): \(k < y.rowLabels.count ? y.rowLabels[k].joined(separator: levelSeparator) : "missing"))",
                             hint: "Y has one row per (region, sector) of Z, in the same order")
        }
        let categories = y.columnLabels.map { $0.joined(separator: IOTable.regionSeparator) }
        let n = sectors.count
        var output: [Double]? = nil
        if parameters.files["x"] != nil {
            let x = try parameters.frame("x")
            guard x.rowLabels == z.rowLabels, x.values.columns == 1 else {
                throw InputError(file: x.path, line: 1, "x must have one column and the rows of Z", hint: "save x as pymrio's calc_x gives it (column indout)")
            }
            output = x.values.storage
        }
        let x = output ?? zip(z.values.rowSums(), y.values.rowSums()).map(+)
        var notes: [String] = []
        var valueAdded: LabeledBlock? = nil
        var employment: (labels: [String], rows: [[Double]]) = ([], [])
        for name in parameters.extensions {
            let ext = try FileParameters(directory: (directory as NSString).appendingPathComponent(name))
            guard ext.files["F"] != nil else { continue }
            let f = try ext.frame("F")
            guard f.columnLabels == z.columnLabels else {
                throw InputError(file: f.path, line: 1, "the columns of F differ from the sectors of Z", hint: "an extension has one column per (region, sector) of Z, in the same order")
            }
            let rowNames = f.rowLabels.map { $0.filter { !$0.isEmpty }.joined(separator: levelSeparator) }
            let isFactorInputs = name == "factor_inputs" || ext.name.lowercased() == "factor inputs"
            var skipped: [String] = []
            var components: [(String, [Double])] = []
            for (k, rowName) in rowNames.enumerated() {
                let row = f.values.row(k)
                if name == "employment" || rowName.lowercased().hasPrefix("employment") {
                    employment.labels.append(measureName(rowName))
                    employment.rows.append(row)
                } else if isFactorInputs {
                    let lower = rowName.lowercased()
                    components.append((lower == "value added" || lower == "gross value added" ? IOTable.grossValueAdded : componentName(rowName), row))
                } else {
                    skipped.append(rowName)
                }
            }
            if !components.isEmpty {
                if !components.contains(where: { $0.0 == IOTable.grossValueAdded }) {
                    var sum = [Double](repeating: 0, count: n)
                    for (_, row) in components { for j in 0..<n { sum[j] += row[j] } }
                    components.insert((IOTable.grossValueAdded, sum), at: 0)
                    notes.append("gross_value_added is the sum of the rows of factor_inputs")
                }
                var seenNames: Set<String> = []
                for (c, _) in components where !seenNames.insert(c).inserted {
                    throw InputError(file: f.path, "two rows of factor_inputs give the component name \"\(c)\"", hint: "rename one of them in pymrio before saving")
                }
                valueAdded = LabeledBlock(labels: components.map(\.0), values: rowsMatrix(components.map(\.1), columns: n))
            }
            if !skipped.isEmpty { notes.append("not imported: extension \(name) (\(skipped.prefix(6).joined(separator: "; "))\(skipped.count > 6 ? "; …" : ""))") }
        }
        if valueAdded == nil {
            let columnSums = z.values.columnSums()
            valueAdded = LabeledBlock(labels: [IOTable.grossValueAdded], values: rowsMatrix([zip(x, columnSums).map(-)], columns: n))
            notes.append("no factor_inputs extension: gross_value_added is the residual x − 1ᵀZ")
        }
        var employmentBlock: LabeledBlock? = nil
        if !employment.labels.isEmpty {
            var unique: [String] = []
            for label in employment.labels {
                var candidate = label, k = 2
                while unique.contains(candidate) { candidate = "\(label)_\(k)"; k += 1 }
                unique.append(candidate)
            }
            employmentBlock = LabeledBlock(labels: unique, values: rowsMatrix(employment.rows, columns: n).transposed())
        }
        let meta = parameters.metadata
        var metadata = TableMetadata(name: meta["name"] ?? URL(fileURLWithPath: directory).lastPathComponent,
                                     title: meta["description"] ?? "", unit: try parameters.unit(),
                                     classification: meta["system"].map { "pymrio system \($0)" } ?? "",
                                     source: "pymrio IOSystem saved by save_all (\(directory); \((["Z", "Y"] + (output == nil ? [] : ["x"])).map { key in parameters.checksum(key) }.joined(separator: ", "))); ioshock import pymrio",
                                     sourceVersion: meta["version"],
                                     notes: notes.joined(separator: ". "))
        metadata.regions = regions
        return IOTable(metadata: metadata, sectors: sectors, intermediate: z.values,
                       finalDemand: LabeledBlock(labels: categories, values: y.values), valueAdded: valueAdded!,
                       output: output, employment: employmentBlock)
    }

    /// `Compensation of employees; wages…: Low-skilled` → `compensation_of_employees_wages_low_skilled`.
    public static func componentName(_ label: String) -> String {
        var out = ""
        var lastUnderscore = true
        for ch in label.lowercased() {
            if ch.isLetter || ch.isNumber { out.append(ch); lastUnderscore = false }
            else if !lastUnderscore { out.append("_"); lastUnderscore = true }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out.isEmpty ? "component" : out
    }

    /// An employment row's measure: `hours_…` when it counts hours (ioshock scales those with
    /// a scenario's period), else `persons_…`.
    public static func measureName(_ label: String) -> String {
        var name = componentName(label)
        if name.hasPrefix("employment_") { name.removeFirst("employment_".count) }
        if name.hasPrefix("hours") { return name }
        if label.lowercased().contains("hour") {
            return "hours_" + name.replacingOccurrences(of: "hours_", with: "")
        }
        return "persons_" + name
    }

    static func rowsMatrix(_ rows: [[Double]], columns: Int) -> Matrix {
        var m = Matrix(rows: rows.count, columns: columns)
        for (i, row) in rows.enumerated() { for j in 0..<columns { m[i, j] = row[j] } }
        return m
    }

    /// `file_parameters.json` of a system or an extension.
    struct FileParameters {
        var directory: String
        var path: String
        var systemType: String
        var name: String
        /// Frame name (`Z`, `Y`, `x`, `F`, `unit`, …) → (file name, index columns, header rows).
        var files: [String: (name: String, indexColumns: Int, headerRows: Int)]
        /// Subdirectories that hold an extension's file_parameters.json, sorted.
        var extensions: [String]
        var metadata: [String: String]

        init(directory: String) throws(InputError) {
            self.directory = directory
            path = (directory as NSString).appendingPathComponent("file_parameters.json")
            let data = try InputFile.contents(path, notFoundHint: "pymrio's save_all writes file_parameters.json beside Z.txt; save the system with it")
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw InputError(file: path, line: 1, "not a JSON object", hint: "this file is written by pymrio's save_all; save the system again")
            }
            systemType = object["systemtype"] as? String ?? ""
            name = object["name"] as? String ?? ""
            var files: [String: (String, Int, Int)] = [:]
            for (key, value) in object["files"] as? [String: Any] ?? [:] {
                guard let entry = value as? [String: Any], let fileName = entry["name"] as? String else {
                    throw InputError(file: path, "the entry files.\(key) has no name", hint: "save the system again with pymrio's save_all")
                }
                func count(_ k: String) -> Int? {
                    if let s = entry[k] as? String { return Int(s) }
                    return entry[k] as? Int
                }
                guard let index = count("nr_index_col"), let header = count("nr_header"), (1...8).contains(index), (1...8).contains(header) else {
                    throw InputError(file: path, "files.\(key) has no valid nr_index_col and nr_header (1 to 8)", hint: "save the system again with pymrio's save_all")
                }
                files[key] = (fileName, index, header)
            }
            self.files = files
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            extensions = contents.filter {
                FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0) + "/file_parameters.json")
            }.sorted()
            var meta: [String: String] = [:]
            if let d = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent("metadata.json")),
               let m = try? JSONSerialization.jsonObject(with: d) as? [String: Any] {
                for (k, v) in m { if let s = v as? String, !s.isEmpty { meta[k] = s } }
            }
            metadata = meta
        }

        /// `Z.txt SHA-256 …` for frame `key`, for the provenance in table.toml.
        func checksum(_ key: String) -> String {
            guard let entry = files[key] else { return "" }
            return "\(entry.name) SHA-256 \(SHA256.hex(ofFile: (directory as NSString).appendingPathComponent(entry.name)) ?? "unreadable")"
        }

        /// The unit of the system's flows: the one unit of `unit.txt` (refused when there are several).
        func unit() throws(InputError) -> String {
            guard let entry = files["unit"] else { return "unknown (no unit file)" }
            let file = (directory as NSString).appendingPathComponent(entry.name)
            let csv = try PymrioImporter.read(file)
            var units: [String] = []
            for r in entry.headerRows..<csv.rows.count {
                let fields = csv.strings(row: r)
                guard let u = fields.last, !u.isEmpty, !units.contains(u) else { continue }
                units.append(u)
            }
            guard units.count <= 1 else {
                throw InputError(file: file, "the sectors have different units (\(units.prefix(4).joined(separator: ", ")))",
                                 hint: "a table bundle has one unit; convert the system to one unit in pymrio first")
            }
            return units.first ?? "unknown"
        }

        /// Reads frame `key` (`Z`, `Y`, `x`, `F`).
        func frame(_ key: String) throws(InputError) -> Frame {
            guard let entry = files[key] else {
                throw InputError(file: path, "files has no entry \(key)", hint: "pymrio's save_all lists \(key) here; save the system (after calc_all if it lacks \(key)) again")
            }
            let file = (directory as NSString).appendingPathComponent(entry.name)
            let csv = try PymrioImporter.read(file)
            let (c, h) = (entry.indexColumns, entry.headerRows)
            guard csv.rows.count > h else {
                throw InputError(file: file, "the file has \(csv.rows.count) lines, not even the \(h) header lines file_parameters.json announces", hint: "save the system again")
            }
            let width = csv.rows[0].count
            guard width > c else { throw InputError(file: file, line: csv.rows[0].line, "no data columns after the \(c) index columns") }
            var columnLabels = [[String]](repeating: [], count: width - c)
            for r in 0..<h {
                guard csv.rows[r].count == width else {
                    throw InputError(file: file, line: csv.rows[r].line, "header row has \(csv.rows[r].count) fields, the first \(width)", hint: "every line of the file needs \(width) fields")
                }
                let fields = csv.strings(row: r)
                for k in c..<width { columnLabels[k - c].append(fields[k]) }
            }
            var first = h
            // pandas writes the names of a multi-level index on a line of their own, with empty data fields.
            if first < csv.rows.count, csv.rows[first].count == width, (c..<width).allSatisfy({ csv.string(row: first, field: $0).isEmpty }) { first += 1 }
            var rowLabels: [[String]] = []
            var rowLines: [Int] = []
            let rows = csv.rows.count - first
            var values = Matrix(rows: rows, columns: width - c)
            for r in first..<csv.rows.count {
                let line = csv.rows[r].line
                guard csv.rows[r].count == width else {
                    throw InputError(file: file, line: line, "row has \(csv.rows[r].count) fields, the header \(width)", hint: "every line of the file needs \(width) fields")
                }
                rowLabels.append((0..<c).map { csv.string(row: r, field: $0) })
                rowLines.append(line)
                for k in c..<width { values[r - first, k - c] = try csv.number(row: r, field: k) }
            }
            return Frame(path: file, rowLabels: rowLabels, rowLines: rowLines, columnLabels: columnLabels, values: values)
        }
    }

    /// A pymrio text file: tab-separated for `.txt`, comma-separated for `.csv`.
    static func read(_ file: String) throws(InputError) -> CSVFile {
        let ext = (file as NSString).pathExtension.lowercased()
        guard ext == "txt" || ext == "csv" || ext == "tsv" else {
            throw InputError(file: file, "pymrio saved this frame as .\(ext); ioshock reads the text formats only",
                             hint: "save the system with pymrio's save_all(path, table_format=\"txt\") (the default)")
        }
        return try CSVFile(path: file, separator: ext == "csv" ? UInt8(ascii: ",") : UInt8(ascii: "\t"),
                           notFoundHint: "file_parameters.json names this file; save the system again with pymrio's save_all")
    }
}
