import Foundation

/// The working population by place of work and NACE Rev. 2 section of Statbel
/// (`shared/data/statbel-census-2011/working-population-by-place-of-work.csv`, most likely the
/// Census 2011): persons per region (niveau 2) and province (niveau 3), per section A…T.
///
/// Columns are found by their headers ("Plaats van tewerkstelling niveau 2", "… niveau 3",
/// "Bedrijfstak niveau 1", "Bedrijfstak niveau 2", "Werkende bevolking"); a section is the
/// letter before the colon of "Bedrijfstak niveau 2", or of "niveau 1" when that is empty.
public struct StatbelCensus: Sendable {
    public struct Entry: Sendable {
        public var region: String
        public var province: String
        public var section: String
        public var persons: Double
    }

    public let path: String
    public let entries: [Entry]
    /// The grand total of the file (the row without a place of work), when present. It is larger
    /// than the sum of the regional rows: it also counts persons allocated to no region or section.
    public let fileTotal: Double?

    /// English names accepted for the regions, mapped to the names in the file.
    public static let aliases: [String: String] = [
        "flanders": "Vlaams Gewest", "flemish region": "Vlaams Gewest",
        "wallonia": "Waals Gewest", "walloon region": "Waals Gewest",
        "brussels": "Brussels Hoofdstedelijk Gewest", "brussels-capital region": "Brussels Hoofdstedelijk Gewest",
    ]

    static let headers = (region: "Plaats van tewerkstelling niveau 2", province: "Plaats van tewerkstelling niveau 3",
                          group: "Bedrijfstak niveau 1", section: "Bedrijfstak niveau 2", persons: "Werkende bevolking")

    public init(path: String) throws(InputError) {
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else { throw InputError(file: path, "the file is empty") }
        let header = csv.strings(row: 0).map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ label: String) throws(InputError) -> Int {
            guard let k = header.firstIndex(of: label) else {
                throw InputError(file: path, line: csv.rows[0].line, "no column \"\(label)\" in the header",
                                 hint: "the Statbel file has the columns \(Self.headers.region), \(Self.headers.province), \(Self.headers.group), \(Self.headers.section) and \(Self.headers.persons)")
            }
            return k
        }
        let cRegion = try column(Self.headers.region), cProvince = try column(Self.headers.province)
        let cGroup = try column(Self.headers.group), cSection = try column(Self.headers.section)
        let cPersons = try column(Self.headers.persons)
        var entries: [Entry] = []
        var fileTotal: Double? = nil
        var firstLine: [String: Int] = [:]
        for r in 1..<csv.rows.count {
            let row = csv.rows[r]
            guard row.count == header.count else {
                throw InputError(file: path, line: row.line, "the row has \(row.count) fields, the header \(header.count)")
            }
            let region = csv.string(row: r, field: cRegion).trimmingCharacters(in: .whitespaces)
            if region.isEmpty { fileTotal = try csv.number(row: r, field: cPersons); continue }
            let province = csv.string(row: r, field: cProvince).trimmingCharacters(in: .whitespaces)
            var label = csv.string(row: r, field: cSection).trimmingCharacters(in: .whitespaces)
            if label.isEmpty { label = csv.string(row: r, field: cGroup).trimmingCharacters(in: .whitespaces) }
            guard let colon = label.firstIndex(of: ":"), label.distance(from: label.startIndex, to: colon) == 1 else {
                throw InputError(file: path, line: row.line, column: cSection + 1, "\"\(label)\" does not start with a NACE section letter and a colon",
                                 hint: "expected a label like \"C: Industrie\"")
            }
            let persons = try csv.number(row: r, field: cPersons)
            guard persons.isFinite, persons >= 0 else {
                throw InputError(file: path, line: row.line, column: cPersons + 1,
                                 "\(Self.headers.persons) is \(persons), not a count of persons",
                                 hint: "every row must hold a number of persons of 0 or more")
            }
            let section = String(label[..<colon])
            let key = region + "\u{1F}" + province + "\u{1F}" + section
            if let first = firstLine[key] {
                throw InputError(file: path, line: row.line, column: cSection + 1,
                                 "a second row for section \(section) in \(province) (\(region)); the first is on line \(first)",
                                 hint: "each place of work and section must appear once; remove or merge the duplicate row")
            }
            firstLine[key] = row.line
            entries.append(Entry(region: region, province: province, section: section, persons: persons))
        }
        self.path = path
        self.entries = entries
        self.fileTotal = fileTotal
    }

    /// The names a region may be given by: regions and provinces as in the file.
    public var areaNames: [String] {
        var seen: [String] = []
        for e in entries {
            if !seen.contains(e.region) { seen.append(e.region) }
            if !seen.contains(e.province) { seen.append(e.province) }
        }
        return seen
    }

    /// Persons by section in the whole country: the sum of the regional rows, each once (not the
    /// file's grand total, so that the regions add up to the nation).
    public var national: [String: Double] {
        entries.reduce(into: [:]) { $0[$1.section, default: 0] += $1.persons }
    }

    /// The name in the file of a region or province given by the user (case-insensitive; English
    /// aliases Flanders, Wallonia, Brussels).
    /// - Throws: `InputError` naming the file and listing the valid names.
    public func resolve(_ name: String) throws(InputError) -> String {
        let wanted = (Self.aliases[name.lowercased()] ?? name).lowercased()
        if let match = areaNames.first(where: { $0.lowercased() == wanted }) { return match }
        throw InputError(file: path, "no region or province \"\(name)\" in the employment file",
                         hint: (Suggestions.didYouMean(name, among: areaNames).map { $0 + " " } ?? "")
                            + "valid names: " + areaNames.map { "\"\($0)\"" }.joined(separator: ", ")
                            + " (or Flanders, Wallonia, Brussels)")
    }

    /// Persons by section working in a region or province (Vlaams Gewest = its five provinces).
    public func employment(of name: String) throws(InputError) -> [String: Double] {
        let area = try resolve(name)
        return entries.filter { $0.region == area || $0.province == area }
            .reduce(into: [:]) { $0[$1.section, default: 0] += $1.persons }
    }
}
