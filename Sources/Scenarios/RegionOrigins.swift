import IOTables
import Trade

/// Import shocks on a multi-regional system whose regions trade through Z and final demand
/// (`IOTable.tradesBetweenRegions`, e.g. a pymrio or FIGARO import): `origin` names the
/// producing regions, and `to` the regions whose users lose the deliveries (docs/scenarios.md,
/// "Import cuts on multi-regional tables"; docs/models.md for the model).
///
///     [[shock]]
///     products = ["20"]
///     origin = ["CN"]        # or "non-EU", "EU", or one region
///     to = ["DE"]            # default: every region outside the origin
///     cut = 0.5
///
/// The run books those flows as imports of the destination users (`IOTable.bookingAsImports`),
/// so that a Chinese cut to Germany reaches Flemish users of German chemicals through Z.
public struct CrossBorderCuts: Sendable, Equatable {
    /// For each origin sector whose deliveries were booked as imports, the destination regions.
    public var destinations: [Int: Set<String>]
    /// E_i: sector i's baseline sales along the booked flows (0 for the others).
    public var moved: [Double]
    /// E_i over sector i's final demand after the booking (which includes E_i): a cut c of those
    /// deliveries lowers i's final demand by the factor 1 − c E_i / F_i, the sales it cannot make.
    public var exportShare: [Double]
}

extension Scenario {
    /// The EU27 member states (membership since 2020), as ISO 3166 alpha-2 codes (with Eurostat's
    /// EL for Greece beside GR) and alpha-3 codes: the regions `origin = "EU"` names in a
    /// multi-regional table, and the complement of `origin = "non-EU"`.
    public static let eu27RegionCodes: Set<String> = {
        let iso2 = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "EL", "GR", "HU", "IE", "IT",
                    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]
        return Set(iso2 + EUMembership.members(in: 2020))
    }()

    /// `origin` and `to` of an import shock on a table that trades between its regions: the
    /// origin regions, the destination regions, and the origin as written.
    static func parseRegionOrigin(_ s: inout TOMLFields, table: IOTable, path: String, line: Int) throws(InputError)
        -> (origin: [String], destinations: [String], name: String) {
        let regions = table.regions
        let listed = regions.prefix(12).joined(separator: ", ") + (regions.count > 12 ? ", …" : "")
        func check(_ region: String, at position: SourcePosition, key: String) throws(InputError) {
            guard regions.contains(region) else {
                throw InputError(file: path, line: position.line, column: position.column, "unknown region \"\(region)\" in \(key) (table \(table.metadata.name))",
                                 hint: Suggestions.didYouMean(region, among: regions + (key == "origin" ? ["non-EU", "EU"] : [])) ?? "the table's regions: \(listed)")
            }
        }
        var origin: [String]
        var name: String
        guard let node = s.table["origin"] else {
            throw InputError(file: path, line: line, "an import shock on the multi-regional table \(table.metadata.name) names the regions it cuts in \"origin\"",
                             hint: "add origin = \"non-EU\", origin = [\"\(regions[0])\"] or another list of the table's regions")
        }
        if case .array = node.value {
            let list = try s.strings("origin") ?? []
            guard !list.isEmpty else { throw s.error("origin", "origin lists no region", hint: "name at least one region, e.g. origin = [\"\(regions[0])\"]") }
            origin = []
            for (region, position) in list {
                try check(region, at: position, key: "origin")
                if !origin.contains(region) { origin.append(region) }
            }
            name = origin.joined(separator: ", ")
        } else {
            name = try s.string("origin") ?? ""
            switch name.lowercased() {
            case "non-eu": origin = regions.filter { !eu27RegionCodes.contains($0.uppercased()) }; name = "non-EU"
            case "eu": origin = regions.filter { eu27RegionCodes.contains($0.uppercased()) }; name = "EU"
            default:
                try check(name, at: node.position, key: "origin")
                origin = [name]
            }
            guard !origin.isEmpty else {
                throw s.error("origin", "origin \"\(name)\" covers none of the regions of \(table.metadata.name) (\(listed)): \(name == "EU" ? "none" : "every one") of them is an EU27 country code",
                              hint: "list the origin regions, e.g. origin = [\"\(regions[0])\"]")
            }
        }
        var destinations = regions.filter { !origin.contains($0) }
        if let list = try s.strings("to") {
            guard !list.isEmpty else { throw s.error("to", "to lists no region", hint: "name the regions whose users lose the deliveries, or remove to (every region outside the origin)") }
            destinations = []
            for (region, position) in list {
                try check(region, at: position, key: "to")
                guard !origin.contains(region) else {
                    throw InputError(file: path, line: position.line, column: position.column, "region \"\(region)\" is both in origin and in to: a region's deliveries to itself are not imports",
                                     hint: "cut a region's own supply with a capacity shock (kind = \"capacity\", regions = [\"\(region)\"])")
                }
                if !destinations.contains(region) { destinations.append(region) }
            }
        }
        guard !destinations.isEmpty else {
            throw s.error("origin", "origin \"\(name)\" covers every region of \(table.metadata.name), so no region imports from it",
                          hint: "leave at least one region out of origin, or cut a region's own supply with a capacity shock")
        }
        return (origin, destinations, name)
    }

    /// Books the flows the import shocks with origin regions cut as imports of their destinations
    /// (`IOTable.bookingAsImports`). Each origin sector has one set of destinations: two shocks
    /// that cut it towards different regions are refused.
    static func bookingCrossBorderFlows(_ table: IOTable, shocks: [Shock], path: String) throws(InputError) -> (IOTable, CrossBorderCuts)? {
        var destinations: [Int: Set<String>] = [:]
        var lineOf: [Int: Int] = [:]
        for shock in shocks {
            guard let to = shock.destinationRegions else { continue }
            let set = Set(to)
            for i in shock.sectors {
                if let earlier = destinations[i], earlier != set {
                    throw InputError(file: path, line: shock.line, "sector \(table.sectorLabels[i]) is cut towards \(set.sorted().joined(separator: ", ")) here and towards \(earlier.sorted().joined(separator: ", ")) by the shock on line \(lineOf[i]!)",
                                     hint: "give every shock on \(table.sectorLabels[i]) the same `to` regions (a sector's deliveries are booked as imports once)")
                }
                destinations[i] = set
                lineOf[i] = shock.line
            }
        }
        guard !destinations.isEmpty else { return nil }
        let (view, moved) = table.bookingAsImports(destinations)
        let final = view.totalFinalDemand
        var share = [Double](repeating: 0, count: table.count)
        for i in destinations.keys.sorted() where moved[i] != 0 {
            guard final[i] > 0 else {
                throw InputError(file: path, line: lineOf[i], "sector \(table.sectorLabels[i]) has a final demand of \(final[i]) \(table.metadata.unit) once its sales along the cut flows (\(moved[i])) are booked as exports, so the sales it loses cannot be expressed as a share of it",
                                 hint: "check the inventory changes of \(table.sectorLabels[i]) in final_demand.csv, or leave \(table.codes[i]) out of the shock")
            }
            share[i] = moved[i] / final[i]
        }
        return (view, CrossBorderCuts(destinations: destinations, moved: moved, exportShare: share))
    }
}
