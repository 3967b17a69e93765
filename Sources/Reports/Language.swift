import IOTables
import Scenarios

/// The language of sector names in a run's tables and reports (`--lang`): English (`name` in
/// sectors.csv) or Dutch (`name_nl`). Column names and codes stay as they are.
public enum Language: String, CaseIterable, Sendable {
    case en, nl

    /// The sector names of a table in this language.
    /// - Throws: `InputError` on the bundle's sectors.csv when it has no `name_<lang>` column, or
    ///   the cell of a sector is empty.
    public func names(of table: IOTable, bundle: String) throws(InputError) -> [String] {
        guard self != .en else { return table.sectors.map(\.name) }
        let column = "name_\(rawValue)"
        let file = bundle + "/sectors.csv"
        guard table.sectors.contains(where: { $0.attributes[column] != nil }) else {
            throw InputError(file: file, line: 1, "the table has no column \(column), so --lang \(rawValue) has no names to use",
                             hint: "add a \(column) column to sectors.csv, or run without --lang")
        }
        var names: [String] = []
        for (j, sector) in table.sectors.enumerated() {
            guard let name = sector.attributes[column], !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InputError(file: file, line: j + 2, "sector \(sector.code) has no \(column)", hint: "fill in its \(column) cell, or run without --lang")
            }
            names.append(name)
        }
        return names
    }
}

extension Scenario {
    /// The scenario with its table's sector names in `language`: every table, chart and report
    /// of the run then shows them.
    public func named(in language: Language) throws(InputError) -> Scenario {
        var s = self
        let names = try language.names(of: table, bundle: tablePath)
        var sectors = s.table.sectors
        for j in sectors.indices { sectors[j].name = names[j] }
        s.table.sectors = sectors
        return s
    }
}
