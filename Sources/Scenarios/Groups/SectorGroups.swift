import Foundation
import IOTables

/// A user-defined grouping of a table's sectors (`--groups FILE`, `[output] groups = "…"`), read
/// from a CSV file with the columns `code,group` (and an optional `name` column that is only for
/// the reader). Every sector of the table belongs to exactly one group, so the groups' sums are
/// the run's totals: a sector the file does not name is an error, unless a row with the code `*`
/// names the group of every sector not listed (`*,other`). docs/scenarios.md, "Groups".
public struct SectorGroups: Sendable, Equatable {
    /// The file as the user gave it (resolved), for messages and provenance.
    public var path: String
    /// The groups in the order they first appear in the file.
    public var names: [String]
    /// The group of each sector, in the table's order (an index into `names`).
    public var groupOfSector: [Int]

    /// The group name of sector `j`.
    public func group(ofSector j: Int) -> String { names[groupOfSector[j]] }

    /// The sectors of each group, in table order.
    public var members: [[Int]] {
        var m = [[Int]](repeating: [], count: names.count)
        for (j, g) in groupOfSector.enumerated() { m[g].append(j) }
        return m
    }

    static let allowedColumns = ["code", "group", "name"]

    /// Reads a groups file and checks it against a table's codes.
    /// - Parameters:
    ///   - codes: the product code of each sector (repeated across the regions of a
    ///     multi-regional table).
    ///   - labels: each sector's unique label (`region:code` in a multi-regional table; nil: the
    ///     codes). A row's code names that product's sector in every region, a `region:code`
    ///     label one region's sector, whose row wins over its product's wherever it is in the file.
    /// - Throws: `InputError` with the file, line and column for a bad header, an unknown code (with
    ///   a "did you mean"), a code listed twice, an empty group, two `*` rows, or sectors left out.
    public init(path: String, codes: [String], labels: [String]? = nil) throws(InputError) {
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else {
            throw InputError(file: path, line: 1, column: 1, "the groups file is empty", hint: "write a header `code,group` and one row per sector, e.g. `20,chemistry`")
        }
        let header = csv.strings(row: 0).map { $0.trimmingCharacters(in: .whitespaces) }
        for (k, name) in header.enumerated() where !Self.allowedColumns.contains(name) {
            throw InputError(file: path, line: csv.rows[0].line, column: k + 1, "unknown column \"\(name)\"",
                             hint: Suggestions.didYouMean(name, among: Self.allowedColumns) ?? "the columns are code, group and (optional, ignored) name")
        }
        guard let codeColumn = header.firstIndex(of: "code"), let groupColumn = header.firstIndex(of: "group") else {
            throw InputError(file: path, line: csv.rows[0].line, column: 1, "the header must name the columns code and group, found \"\(header.joined(separator: ","))\"",
                             hint: "start the file with the line `code,group`")
        }
        let labels = labels ?? codes
        var byCode: [String: [Int]] = [:]
        for (j, code) in codes.enumerated() { byCode[code, default: []].append(j) }
        let byLabel = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        // A sector's own row (its label, when it differs from its code) and whether it was given.
        var ownRow = [Bool](repeating: false, count: codes.count)
        var names: [String] = []
        var groupIndex: [String: Int] = [:]
        var assigned = [Int?](repeating: nil, count: codes.count)
        var firstLine = [Int](repeating: 0, count: codes.count)
        var rest: (group: Int, line: Int)? = nil
        for r in 1..<csv.rows.count {
            let fields = csv.strings(row: r).map { $0.trimmingCharacters(in: .whitespaces) }
            let line = csv.rows[r].line
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count == header.count else {
                throw InputError(file: path, line: line, column: min(fields.count, header.count) + 1,
                                 "\(fields.count) fields for the \(header.count) columns of the header", hint: "write one `code,group` pair per line; quote a group name that holds a comma")
            }
            let code = fields[codeColumn], group = fields[groupColumn]
            guard !group.isEmpty else {
                throw InputError(file: path, line: line, column: groupColumn + 1, "the group of \"\(code)\" is empty", hint: "name a group, e.g. `\(code),other`")
            }
            let g: Int
            if let known = groupIndex[group] { g = known } else { g = names.count; names.append(group); groupIndex[group] = g }
            if code == "*" {
                if let rest { throw InputError(file: path, line: line, column: codeColumn + 1, "a second `*` row (the first is on line \(rest.line))", hint: "keep one `*,GROUP` row for the sectors not listed") }
                rest = (g, line)
                continue
            }
            let own = byLabel[code].map { labels[$0] != codes[$0] } ?? false
            guard let sectors = own ? byLabel[code].map({ [$0] }) : byCode[code] ?? byLabel[code].map({ [$0] }) else {
                let known = Array(Set(codes).union(labels)).sorted()
                throw InputError(file: path, line: line, column: codeColumn + 1, "unknown sector code \"\(code)\"",
                                 hint: Suggestions.didYouMean(code, among: known) ?? "the table's codes are \(codes.prefix(8).joined(separator: ", "))\(codes.count > 8 ? ", …" : "")")
            }
            for j in sectors {
                if own {
                    // region:code: this sector's own row, which a product row does not override.
                    if ownRow[j] {
                        throw InputError(file: path, line: line, column: codeColumn + 1, "sector \"\(code)\" is listed twice (first on line \(firstLine[j]))",
                                         hint: "a sector belongs to one group, so that the groups add up to the total")
                    }
                    ownRow[j] = true
                } else if assigned[j] != nil {
                    if ownRow[j] { continue }
                    throw InputError(file: path, line: line, column: codeColumn + 1, "sector \"\(code)\" is listed twice (first on line \(firstLine[j]))",
                                     hint: "a sector belongs to one group, so that the groups add up to the total")
                }
                assigned[j] = g
                firstLine[j] = line
            }
        }
        let missing = codes.indices.filter { assigned[$0] == nil }
        if let rest {
            for j in missing { assigned[j] = rest.group }
        } else if !missing.isEmpty {
            let shown = missing.prefix(10).map { labels[$0] }.joined(separator: ", ")
            throw InputError(file: path, "\(missing.count) of the table's \(codes.count) sectors are in no group: \(shown)\(missing.count > 10 ? ", …" : "")",
                             hint: "add a row for each, or a row `*,other` that puts every sector not listed in a group named other")
        }
        // A group named only by the `*` row and left with no sector is dropped.
        let used = Set(assigned.map { $0! })
        let kept = names.indices.filter { used.contains($0) }
        let renumber = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        self.path = path
        self.names = kept.map { names[$0] }
        self.groupOfSector = assigned.map { renumber[$0!]! }
    }
}
