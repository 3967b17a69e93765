import Foundation
import LinearAlgebra

extension IOTable {
    /// Reads a table bundle directory, checking every file against `sectors.csv`.
    ///
    /// - Throws: `InputError` with file, line and column for missing files, ragged rows,
    ///   non-numeric or non-finite cells, duplicate, unknown or misordered codes, a non-square Z
    ///   and negative output.
    public init(bundle directory: String) throws(InputError) {
        try self.init(bundle: directory, reading: .all)
    }

    /// Reads a table bundle directory, but of its optional files only those in `parts`: a
    /// command that needs no imports (e.g. `multipliers`) neither parses nor checks imports.csv,
    /// criticality.csv or inventory_days.csv, which at FIGARO size are half of the bundle's bytes.
    /// The required files and output.csv are always read and checked; `ioshock check` reads all.
    /// What is skipped is absent from the table (`imports`, `inputCriticality`, … are nil).
    public init(bundle directory: String, reading parts: BundleParts) throws(InputError) {
        try InputFile.checkDirectory(directory, role: "table bundle",
                                     hint: "give the path of a directory holding table.toml, sectors.csv, Z.csv, final_demand.csv and value_added.csv (see docs/table-format.md)")
        let reader = BundleReader(directory: directory)
        for name in BundleFile.required where !FileManager.default.fileExists(atPath: reader.path(name)) {
            throw InputError(file: reader.path(name), "missing file: a table bundle needs \(name)", hint: "see docs/table-format.md for its layout")
        }
        try reader.checkLookalikeFiles()
        let metadata = try reader.readMetadata()
        let (sectors, attributeNames) = try reader.readSectors(regions: metadata.regions)
        // The labels of rows and columns in every other file: codes, or `region:code`.
        let codes = sectors.map(\.label)
        // imports.csv, as large as Z.csv, is parsed on a second thread while Z.csv and the small
        // files are read on this one; its result, or its error, is taken where it used to be
        // read, so errors come in the same order as from a sequential read.
        func wanted(_ part: BundleParts, _ name: String) -> Bool { parts.contains(part) && reader.exists(name) }
        let imports = wanted(.imports, BundleFile.imports) ? BackgroundRead(directory: directory, name: BundleFile.imports, codes: codes) : nil
        let z = try reader.readSquare(BundleFile.intermediate, codes: codes)
        let f = try reader.readBySector(BundleFile.finalDemand, codes: codes)
        let va = try reader.readComponents(BundleFile.valueAdded, codes: codes)
        var output: [Double]? = nil
        if reader.exists(BundleFile.output) {
            let block = try reader.readBySector(BundleFile.output, codes: codes)
            guard block.labels == ["output"] else {
                throw InputError(file: reader.path(BundleFile.output), line: 1, "the header must be \"code,output\"", hint: "output.csv has one column of gross output")
            }
            output = block.values.storage
            for (i, v) in block.values.storage.enumerated() where v < 0 {
                throw InputError(file: reader.path(BundleFile.output), line: reader.lineOfRow[BundleFile.output]?[i], column: 2,
                                 "negative output \(v) for sector \(codes[i])", hint: "gross output cannot be negative; check the sign")
            }
        }
        let table = IOTable(
            metadata: metadata, sectors: sectors, sectorAttributeNames: attributeNames,
            intermediate: z, finalDemand: f, valueAdded: va, output: output,
            imports: try imports?.result(into: reader),
            importFinal: wanted(.imports, BundleFile.importFinal) ? try reader.readBySector(BundleFile.importFinal, codes: codes) : nil,
            importOrigin: wanted(.imports, BundleFile.importOrigin) ? try reader.readBySector(BundleFile.importOrigin, codes: codes) : nil,
            importsRestOfCountry: wanted(.imports, BundleFile.importsRestOfCountry) ? try reader.readSquare(BundleFile.importsRestOfCountry, codes: codes) : nil,
            importFinalRestOfCountry: wanted(.imports, BundleFile.importFinalRestOfCountry) ? try reader.readBySector(BundleFile.importFinalRestOfCountry, codes: codes) : nil,
            employment: wanted(.employment, BundleFile.employment) ? try reader.readBySector(BundleFile.employment, codes: codes) : nil,
            inputCriticality: wanted(.criticality, BundleFile.criticality) ? try reader.readCriticality(codes: codes) : nil,
            inventoryDays: wanted(.inventoryDays, BundleFile.inventoryDays) ? try reader.readInventoryDays(codes: codes) : nil)
        for (i, v) in table.output.enumerated() where !v.isFinite || (v > 0 && v < Double.leastNormalMagnitude) {
            let given = output != nil
            let file = given ? BundleFile.output : BundleFile.intermediate
            let what = given ? "output of sector \(codes[i])" : "output of sector \(codes[i]) (row sum of Z.csv plus final_demand.csv)"
            throw InputError(file: reader.path(file), line: reader.lineOfRow[file]?[i], column: given ? 2 : nil,
                             v.isFinite ? "\(what) is \(v), below the smallest normal double (2.2e-308): the coefficients z_ij / x_j would overflow"
                                        : "\(what) overflows double precision (the sum exceeds 1.8e308)",
                             hint: v.isFinite ? "express the table in a smaller unit (e.g. EUR instead of million EUR), or set that sector's flows to 0"
                                              : "express the table in a larger unit (e.g. million instead of EUR)")
        }
        if output == nil {
            for (i, v) in table.output.enumerated() where v < 0 {
                throw InputError(file: reader.path(BundleFile.intermediate), line: (reader.lineOfRow[BundleFile.intermediate]?[i]),
                                 "output of sector \(codes[i]) (row sum of Z.csv plus final_demand.csv) is negative: \(v)",
                                 hint: "check the signs of that row, or give output.csv")
            }
        }
        // Imports by origin split each product's imports into shares: a negative amount makes a
        // share negative and another above one (a cut of the other origin then takes more than
        // was imported). Employment (persons, hours) is a count: a negative one makes negative
        // employment multipliers. Both refused at their cell.
        try reader.refuseNegative(table.importOrigin, BundleFile.importOrigin, codes: codes,
                                  { v, code, label in "negative imports \(v) of \(code) from \(label)" },
                                  hint: "imports by origin are amounts of 0 or more; a correction belongs to the origin's total, not to a negative cell")
        try reader.refuseNegative(table.employment, BundleFile.employment, codes: codes,
                                  { v, code, label in "negative employment \(v) (\(label)) for \(code)" },
                                  hint: "employment counts persons or hours: 0 or more")
        try reader.checkSums(table)
        try reader.checkNamedRowsAndColumns(table)
        if let mf = table.importFinal, mf.labels != table.finalDemand.labels {
            throw InputError(file: reader.path(BundleFile.importFinal), line: 1,
                             "the categories differ from final_demand.csv (\(table.finalDemand.labels.joined(separator: ",")))",
                             hint: "use the same final-demand columns in the same order")
        }
        self = table
    }
}

/// One square file of a bundle read on a thread of its own, with a reader of its own
/// (`BundleReader` is not shared between threads); inline on a single processor.
final class BackgroundRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<Matrix, InputError>?
    private var lines: [Int]?
    private let name: String

    init(directory: String, name: String, codes: [String]) {
        self.name = name
        let work: @Sendable () -> Void = { [self] in
            let reader = BundleReader(directory: directory)
            do throws(InputError) { outcome = .success(try reader.readSquare(name, codes: codes)) } catch { outcome = .failure(error) }
            lines = reader.lineOfRow[name]
            done.signal()
        }
        BackgroundWork.start(work)
    }

    /// Waits for the read; records its row lines in `reader` and returns the matrix or throws its error.
    func result(into reader: BundleReader) throws(InputError) -> Matrix {
        done.wait()
        if let lines { reader.lineOfRow[name] = lines }
        return try outcome!.get()
    }
}

/// Reads the files of one bundle; remembers the line of each sector row for later messages.
final class BundleReader {
    let directory: String
    var lineOfRow: [String: [Int]] = [:]
    /// Where table.toml names a row or column of another file: the key, each name and its position.
    var namedInMetadata: [(key: String, name: String, position: SourcePosition)] = []
    /// Where table.toml lists its regions, for messages about sectors.csv.
    var regionsPosition: SourcePosition?

    init(directory: String) { self.directory = directory }

    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// The first negative cell of a by-sector block (rows: sectors, columns: `labels`), refused at
    /// its line and column with `message(value, sector, column label)`.
    func refuseNegative(_ block: LabeledBlock?, _ file: String, codes: [String], _ message: (Double, String, String) -> String, hint: String) throws(InputError) {
        guard let block, let k = block.values.storage.firstIndex(where: { $0 < 0 }) else { return }
        let i = k % block.values.rows, j = k / block.values.rows
        throw InputError(file: path(file), line: lineOfRow[file]?[i], column: j + 2, message(block.values.storage[k], codes[i], block.labels[j]), hint: hint)
    }

    /// A CSV file whose name is one letter (or only the case) away from a bundle file's, while
    /// that file is absent, is a misspelt name: an optional file under the wrong name would be
    /// silently left out (`employement.csv`: no employment multipliers; `Output.csv`: output not
    /// checked). Other extra files are left alone.
    func checkLookalikeFiles() throws(InputError) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let known = BundleFile.required + BundleFile.optional
        for name in names.sorted() where name.lowercased().hasSuffix(".csv") && !known.contains(name) {
            let lower = Array(name.lowercased())
            for expected in known where !names.contains(expected) {
                if lower == Array(expected.lowercased()) || Suggestions.distance(lower, Array(expected.lowercased())) <= 1 {
                    throw InputError(file: path(name), "a file named like \(expected), which the bundle lacks: did you mean \(expected)?",
                                     hint: "rename it to \(expected) (file names are exact, lower case), or move it out of the bundle")
                }
            }
        }
    }

    /// Every sum the models take of the flows must be finite: each sector's row (Z.csv and
    /// final_demand.csv), each column (Z.csv, value_added.csv, imports.csv), each final-demand
    /// category and value-added component, and the table's totals. Each cell can be a finite
    /// double while a sum of them overflows (two cells of 1.7e308), and an infinite sum would
    /// reach results as inf or NaN. Refused at the row or column whose sum overflows.
    /// - Complexity: O(n²), one pass over each flow file's values.
    func checkSums(_ t: IOTable) throws(InputError) {
        let n = t.count
        let codes = t.sectorLabels
        let hint = "express the table in a larger unit (e.g. million instead of EUR): its flows add up beyond the largest double (1.8e308)"
        func line(_ file: String, _ i: Int) -> Int? { lineOfRow[file]?[i] }
        let zRows = t.intermediate.rowSums(), fRows = t.finalDemand.values.rowSums()
        for i in 0..<n where !(zRows[i] + fRows[i]).isFinite {
            let file = !fRows[i].isFinite ? BundleFile.finalDemand : BundleFile.intermediate
            throw InputError(file: path(file), line: line(file, i),
                             "the flows of sector \(codes[i]) add up beyond double precision (its row of Z.csv plus final_demand.csv)", hint: hint)
        }
        let zColumns = t.intermediate.columnSums(), vaColumns = t.valueAdded.values.columnSums()
        let mColumns = t.imports?.columnSums() ?? [Double](repeating: 0, count: n)
        for j in 0..<n where !(zColumns[j] + vaColumns[j] + mColumns[j]).isFinite {
            let file = !vaColumns[j].isFinite ? BundleFile.valueAdded : !mColumns[j].isFinite ? BundleFile.imports : BundleFile.intermediate
            throw InputError(file: path(file), line: nil, column: j + 2,
                             "the inputs of sector \(codes[j]) add up beyond double precision (its column of Z.csv, value_added.csv and imports.csv)", hint: hint)
        }
        if let m = t.imports {
            let rows = m.rowSums()
            for i in 0..<n where !rows[i].isFinite {
                throw InputError(file: path(BundleFile.imports), line: line(BundleFile.imports, i),
                                 "the imports of \(codes[i]) add up beyond double precision", hint: hint)
            }
        }
        for (c, total) in t.finalDemand.values.columnSums().enumerated() where !total.isFinite {
            throw InputError(file: path(BundleFile.finalDemand), line: nil, column: c + 2,
                             "final demand \(t.finalDemand.labels[c]) adds up beyond double precision", hint: hint)
        }
        for (r, total) in t.valueAdded.values.rowSums().enumerated() where !total.isFinite {
            throw InputError(file: path(BundleFile.valueAdded), line: line(BundleFile.valueAdded, r),
                             "the component \(t.valueAdded.labels[r]) adds up beyond double precision", hint: hint)
        }
        let totals: [(String, Double)] = [(BundleFile.output, t.output.reduce(0, +)), (BundleFile.finalDemand, fRows.reduce(0, +)),
                                          (BundleFile.intermediate, zRows.reduce(0, +)), (BundleFile.valueAdded, vaColumns.reduce(0, +))]
        for (file, total) in totals where !total.isFinite {
            throw InputError(file: path(exists(file) ? file : BundleFile.intermediate), "the table's total of \(file) adds up beyond double precision", hint: hint)
        }
    }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    func readMetadata() throws(InputError) -> TableMetadata {
        let document = try TOMLDocument(path: path(BundleFile.metadata))
        var fields = TOMLFields(document.root, path: document.path)
        let name = try fields.requiredString("name", example: "\"belgium-2015\"")
        let unit = try fields.requiredString("unit", example: "\"EUR million\"")
        var metadata = TableMetadata(name: name, unit: unit)
        metadata.title = try fields.string("title") ?? ""
        metadata.year = try fields.int("year", in: 1...9999)
        metadata.region = try fields.string("region") ?? ""
        metadata.classification = try fields.string("classification") ?? ""
        metadata.source = try fields.string("source") ?? ""
        metadata.sourceVersion = try fields.string("source_version")
        metadata.notes = try fields.string("notes") ?? ""
        if let list = try fields.strings("primary_inputs") {
            // A name listed twice would count that row twice in the column identity.
            for (k, (name, position)) in list.enumerated() where list[..<k].contains(where: { $0.0 == name }) {
                throw InputError(file: path("table.toml"), line: position.line, column: position.column,
                                 "primary_inputs lists \"\(name)\" twice", hint: "name each row of value_added.csv once")
            }
            metadata.primaryInputs = list.map(\.0)
            namedInMetadata += list.map { ("primary_inputs", $0.0, $0.1) }
        }
        metadata.householdConsumption = try fields.string("household_consumption")
        metadata.compensation = try fields.string("compensation")
        for key in ["household_consumption", "compensation"] {
            if case let .string(name)? = document.root[key]?.value { namedInMetadata.append((key, name, document.root[key]!.position)) }
        }
        metadata.estimation = try fields.string("estimation")
        metadata.criticalitySource = try fields.string("criticality_source")
        metadata.inventorySource = try fields.string("inventory_source")
        if let list = try fields.strings("regions") {
            var seen: Set<String> = []
            for (region, position) in list {
                let problem = region.isEmpty ? "an empty region name"
                    : region.contains(IOTable.regionSeparator) ? "the region name \"\(region)\" contains \"\(IOTable.regionSeparator)\", which joins region and code in the files' labels"
                    : region != region.trimmingCharacters(in: .whitespaces) ? "the region name \"\(region)\" starts or ends with a space"
                    : !seen.insert(region).inserted ? "duplicate region \"\(region)\"" : nil
                if let problem {
                    throw InputError(file: path(BundleFile.metadata), line: position.line, column: position.column, "regions: \(problem)",
                                     hint: "list each region once, by a name without \"\(IOTable.regionSeparator)\", e.g. regions = [\"BE\", \"DE\"]")
                }
            }
            guard !list.isEmpty else {
                throw fields.error("regions", "regions is an empty list", hint: "list the regions of a multi-regional table, or remove the key for a single-region table")
            }
            metadata.regions = list.map(\.0)
            regionsPosition = list[0].1
        }
        try fields.rejectUnknownKeys()
        return metadata
    }

    /// `household_consumption` must name a column of final_demand.csv, `compensation` and each
    /// of `primary_inputs` a row of value_added.csv: a name that is not there would silently drop
    /// the Type II multipliers or the column identity.
    func checkNamedRowsAndColumns(_ table: IOTable) throws(InputError) {
        for (key, name, position) in namedInMetadata {
            let (file, labels, what) = key == "household_consumption"
                ? (BundleFile.finalDemand, table.finalDemand.labels, "column")
                : (BundleFile.valueAdded, table.valueAdded.labels, "row")
            guard !labels.contains(name) else { continue }
            throw InputError(file: path(BundleFile.metadata), line: position.line, column: position.column,
                             "\(key) names \"\(name)\", which is not a \(what) of \(file) (it has \(labels.joined(separator: ", ")))",
                             hint: Suggestions.didYouMean(name, among: labels) ?? "use one of the \(what)s of \(file), or remove \(key)")
        }
    }

    /// sectors.csv: `code,name,…`, or `region,code,name,…` in a multi-regional table (`regions`
    /// listed in table.toml), where every region must be one of `regions` and have sectors.
    func readSectors(regions: [String]) throws(InputError) -> ([Sector], [String]) {
        let file = path(BundleFile.sectors)
        let csv = try CSVFile(path: file)
        guard !csv.rows.isEmpty else { throw InputError(file: file, "the file is empty", hint: "the first line is the header code,name") }
        let header = csv.strings(row: 0)
        let regional = !regions.isEmpty
        let leading = regional ? ["region", "code", "name"] : ["code", "name"]
        guard header.count >= leading.count, Array(header.prefix(leading.count)) == leading else {
            if !regional, header.first == "region" {
                throw InputError(file: file, line: csv.rows[0].line, column: 1, "sectors.csv has a region column but table.toml lists no regions",
                                 hint: "add regions = [...] to table.toml (docs/table-format.md, \"Multi-regional tables\"), or remove the region column")
            }
            throw InputError(file: file, line: csv.rows[0].line, column: 1, "the header must start with \"\(leading.joined(separator: ","))\", found \"\(header.joined(separator: ","))\"",
                             hint: regional ? "table.toml lists regions, so each sector names its region first (docs/table-format.md, \"Multi-regional tables\")" : nil)
        }
        let extra = Array(header.dropFirst(leading.count))
        if csv.rows.count - 1 > MemoryBudget.maximumSectors {
            throw InputError(file: file, line: csv.rows[MemoryBudget.maximumSectors + 1].line,
                             "the table has \(csv.rows.count - 1) sectors, more than the \(MemoryBudget.maximumSectors) ioshock accepts",
                             hint: "one \(MemoryBudget.maximumSectors)-sector matrix is already 1.8 GB and the models hold several (docs/table-format.md, \"Limits\"); aggregate the table")
        }
        let knownRegions = Set(regions)
        var sectors: [Sector] = []
        var seen: [String: Int] = [:]
        let codeColumn = regional ? 1 : 0
        for r in 1..<csv.rows.count {
            let line = csv.rows[r].line
            guard csv.rows[r].count == header.count else {
                throw InputError(file: file, line: line, "row has \(csv.rows[r].count) fields, the header \(header.count)", hint: "every row needs \(header.joined(separator: ","))")
            }
            let fields = csv.strings(row: r)
            let code = fields[codeColumn].trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { throw InputError(file: file, line: line, column: codeColumn + 1, "empty sector code") }
            let region = regional ? fields[0].trimmingCharacters(in: .whitespaces) : ""
            if regional, !knownRegions.contains(region) {
                throw InputError(file: file, line: line, column: 1, "unknown region \"\(region)\" (table.toml lists \(regions.prefix(12).joined(separator: ", "))\(regions.count > 12 ? ", …" : ""))",
                                 hint: Suggestions.didYouMean(region, among: regions) ?? "add it to regions in table.toml, or correct the name")
            }
            let sector = Sector(code: code, name: fields[codeColumn + 1], region: region)
            if let first = seen[sector.label] {
                throw InputError(file: file, line: line, column: codeColumn + 1,
                                 regional ? "duplicate sector \"\(code)\" of region \"\(region)\" (first on line \(first))" : "duplicate sector code \"\(code)\" (first on line \(first))",
                                 hint: regional ? "each product appears once per region" : "each code must appear once")
            }
            seen[sector.label] = line
            var attributes: [String: String] = [:]
            for (k, nameOfColumn) in extra.enumerated() { attributes[nameOfColumn] = fields[k + leading.count] }
            sectors.append(Sector(code: code, name: sector.name, region: region, attributes: attributes))
        }
        guard !sectors.isEmpty else { throw InputError(file: file, "no sectors", hint: "list one sector per line after the header") }
        let used = Set(sectors.map(\.region))
        if regional, let empty = regions.first(where: { !used.contains($0) }) {
            throw InputError(file: path(BundleFile.metadata), line: regionsPosition?.line, column: regionsPosition?.column,
                             "region \"\(empty)\" of regions has no sector in sectors.csv", hint: "list its sectors in sectors.csv, or remove it from regions")
        }
        return (sectors, extra)
    }

    /// A labelled CSV: header `<corner>,<label1>,…`, rows `<rowlabel>,<v1>,…`.
    struct Grid {
        var columnLabels: [String]
        var rowLabels: [String]
        var rowLines: [Int]
        /// rows × columns, column-major.
        var values: Matrix
    }

    /// Reads a labelled grid in one streaming pass (`CSVNumericGrid`): memory is the values
    /// (8 bytes a cell) and one buffer, whatever the file's size. `expectedRows` sizes the values.
    func readGrid(_ name: String, corner: String, expectedRows: Int = 0) throws(InputError) -> Grid {
        let file = path(name)
        let grid = try CSVNumericGrid(path: file, expectedRows: expectedRows, emptyHint: "the first line is the header \(corner),…") { (header, line) throws(InputError) in
            guard header.first == corner else {
                throw InputError(file: file, line: line, column: 1, "the header must start with \"\(corner)\", found \"\(header.first ?? "")\"")
            }
            // Checked before the values are sized from it (rows × columns doubles).
            if header.count - 1 > MemoryBudget.maximumSectors {
                throw InputError(file: file, line: line, column: MemoryBudget.maximumSectors + 2,
                                 "the header has \(header.count - 1) columns, more than the \(MemoryBudget.maximumSectors) sectors ioshock accepts",
                                 hint: "a bundle's files have one column per sector or per category (docs/table-format.md, \"Limits\")")
            }
            var seenLabels: Set<String> = []
            for (k, label) in header.dropFirst().enumerated() {
                if label.isEmpty { throw InputError(file: file, line: line, column: k + 2, "empty column name in the header") }
                if !seenLabels.insert(label).inserted { throw InputError(file: file, line: line, column: k + 2, "duplicate column \"\(label)\" in the header") }
            }
        }
        let labels = Array(grid.header.dropFirst())
        let rowLabels = grid.rowLabels, rowLines = grid.rowLines
        let (values, rows, columns) = grid.matrix()
        return Grid(columnLabels: labels, rowLabels: rowLabels, rowLines: rowLines,
                    values: Matrix(rows: rows, columns: columns, columnMajor: values))
    }

    /// Checks that `labels` are exactly `codes`, in order.
    /// - Complexity: O(n) when they are (the usual case); the diagnosis of a mismatch hashes them.
    func checkCodes(_ labels: [String], lines: [Int]?, codes: [String], file: String, what: String) throws(InputError) {
        if labels == codes { return }
        let known = Set(codes)
        var seen: [String: Int] = [:]
        for (k, label) in labels.enumerated() {
            let line = lines?[k] ?? 1
            let column = lines == nil ? k + 2 : 1
            if let first = seen[label] {
                throw InputError(file: file, line: line, column: column, "duplicate \(what) \"\(label)\" (first at \(lines == nil ? "column \(first + 2)" : "line \(lines![first])"))", hint: "each sector code must appear once")
            }
            seen[label] = k
            if !known.contains(label) {
                throw InputError(file: file, line: line, column: column, "unknown sector code \"\(label)\" (not in sectors.csv)",
                                 hint: Suggestions.didYouMean(label, among: codes) ?? (label.contains(IOTable.regionSeparator) || codes.first?.contains(IOTable.regionSeparator) == true
                                     ? "use the sectors of sectors.csv as region\(IOTable.regionSeparator)code, e.g. \(codes.first ?? "")" : "use the codes of sectors.csv"))
            }
        }
        if labels.count != codes.count {
            let missing = codes.filter { seen[$0] == nil }
            throw InputError(file: file, line: lines == nil ? 1 : nil, "\(what)s: \(labels.count) codes where sectors.csv has \(codes.count)",
                             hint: "missing: \(missing.prefix(10).joined(separator: ", "))\(missing.count > 10 ? ", …" : "")")
        }
        for (k, label) in labels.enumerated() where label != codes[k] {
            throw InputError(file: file, line: lines?[k] ?? 1, column: lines == nil ? k + 2 : 1,
                             "\(what) \(k + 1) is \"\(label)\" where sectors.csv has \"\(codes[k])\"", hint: "the codes differ in order between files: use the order of sectors.csv")
        }
    }

    /// An n × n sector × sector file (Z.csv, imports.csv).
    func readSquare(_ name: String, codes: [String]) throws(InputError) -> Matrix {
        let grid = try readGrid(name, corner: "code", expectedRows: codes.count)
        let file = path(name)
        if grid.columnLabels.count != grid.rowLabels.count {
            throw InputError(file: file, line: 1, "not square: \(grid.rowLabels.count) rows and \(grid.columnLabels.count) columns", hint: "one row and one column per sector of sectors.csv")
        }
        try checkCodes(grid.columnLabels, lines: nil, codes: codes, file: file, what: "column")
        try checkCodes(grid.rowLabels, lines: grid.rowLines, codes: codes, file: file, what: "row")
        lineOfRow[name] = grid.rowLines
        return grid.values
    }

    /// criticality.csv: a square file of weights in [0, 1].
    func readCriticality(codes: [String]) throws(InputError) -> Matrix {
        let w = try readSquare(BundleFile.criticality, codes: codes)
        let lines = lineOfRow[BundleFile.criticality] ?? []
        for j in 0..<w.columns {
            for i in 0..<w.rows where !(0...1).contains(w[i, j]) {
                throw InputError(file: path(BundleFile.criticality), line: lines[i], column: j + 2,
                                 "criticality \(w[i, j]) is outside [0, 1]", hint: "use 1 (critical), 0.5 (important) or 0 (not needed)")
            }
        }
        return w
    }

    /// inventory_days.csv: `code,days`, days of production covered by stocks, 0 or more.
    func readInventoryDays(codes: [String]) throws(InputError) -> [Double] {
        let block = try readBySector(BundleFile.inventoryDays, codes: codes)
        let file = path(BundleFile.inventoryDays)
        guard block.labels == ["days"] else {
            throw InputError(file: file, line: 1, "the header must be \"code,days\", found \"code,\(block.labels.joined(separator: ","))\"",
                             hint: "inventory_days.csv has one column: the days of production each sector's input stocks cover")
        }
        let lines = lineOfRow[BundleFile.inventoryDays] ?? []
        for (i, v) in block.values.storage.enumerated() where v < 0 || v > 3650 {
            throw InputError(file: file, line: lines[i], column: 2, "inventory days \(v) for sector \(codes[i]) are outside [0, 3650]",
                             hint: "give the days of production the sector's stocks cover (0 = no stocks)")
        }
        return block.values.storage
    }

    /// An n × k file with one row per sector.
    func readBySector(_ name: String, codes: [String]) throws(InputError) -> LabeledBlock {
        let grid = try readGrid(name, corner: "code", expectedRows: codes.count)
        try checkCodes(grid.rowLabels, lines: grid.rowLines, codes: codes, file: path(name), what: "row")
        lineOfRow[name] = grid.rowLines
        return LabeledBlock(labels: grid.columnLabels, values: grid.values)
    }

    /// value_added.csv: components × sectors.
    func readComponents(_ name: String, codes: [String]) throws(InputError) -> LabeledBlock {
        let grid = try readGrid(name, corner: "component")
        let file = path(name)
        try checkCodes(grid.columnLabels, lines: nil, codes: codes, file: file, what: "column")
        var seen: [String: Int] = [:]
        for (k, label) in grid.rowLabels.enumerated() {
            if let first = seen[label] { throw InputError(file: file, line: grid.rowLines[k], column: 1, "duplicate component \"\(label)\" (first on line \(first))") }
            seen[label] = grid.rowLines[k]
        }
        lineOfRow[name] = grid.rowLines
        guard seen[IOTable.grossValueAdded] != nil else {
            throw InputError(file: file, "no row named \"\(IOTable.grossValueAdded)\"", hint: "add the gross value added of each sector as a row named gross_value_added; it is used for value-added multipliers")
        }
        return LabeledBlock(labels: grid.rowLabels, values: grid.values)
    }
}
