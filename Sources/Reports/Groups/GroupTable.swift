import IOTables
import Scenarios

/// Sector rows summed by group: impacts_by_section.csv (NACE sections from sectors.csv) and
/// impacts_by_group.csv (a user's `SectorGroups`), for static and dynamic runs alike.
///
/// Flows are summed over the group's sectors in table order, so the groups of a `SectorGroups`
/// (a partition of the sectors) add up to the run's totals up to rounding. Columns:
/// `<key>,baseline_output,output_change,output_change_pct,value_added_change,<measure>_change…`.
public enum GroupTable {
    /// A group's name and its sectors (indices into the table, in table order).
    public typealias Group = (name: String, members: [Int])

    /// The NACE sections of `sectors.csv`'s `nace_section` column, sorted; sectors without one are
    /// left out (empty when the column is missing).
    public static func sections(of table: IOTable) -> [Group] {
        var members: [String: [Int]] = [:]
        for (j, sector) in table.sectors.enumerated() {
            if let s = sector.attributes["nace_section"], !s.isEmpty { members[s, default: []].append(j) }
        }
        return members.keys.sorted().map { ($0, members[$0]!) }
    }

    /// The groups of a groups file, in the file's order.
    public static func groups(_ g: SectorGroups) -> [Group] {
        zip(g.names, g.members).map { ($0, $1) }
    }

    /// One row per group.
    /// - Parameters:
    ///   - employment: the change of employment measure `m` for a group's members; flows are
    ///     sums over the members, a dynamic run's head counts are the group's worst day.
    public static func table(key: String, groups: [Group], measures: [String], baselineOutput: [Double], outputChange: [Double],
                             valueAddedChange: [Double], employment: (_ members: [Int], _ measure: Int) -> Double) -> ResultTable {
        var table = ResultTable(columns: [key, "baseline_output", "output_change", "output_change_pct", "value_added_change"] + measures.map { "\($0)_change" })
        for group in groups {
            var base = 0.0, change = 0.0, va = 0.0
            for j in group.members { base += baselineOutput[j]; change += outputChange[j]; va += valueAddedChange[j] }
            table.append([.text(group.name), .number(base, digits: 1), .number(change, digits: 1),
                          .number(base == 0 ? 0 : 100 * change / base, digits: 2), .number(va, digits: 1)]
                         + measures.indices.map { .number(employment(group.members, $0), digits: 2) })
        }
        return table
    }
}
