import ArgumentParser
import Foundation
import IOTables
import Reports

struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Merge a table's products and regions into groups named by concordance files, summing every flow.",
        discussion: """
        --sectors FILE maps product codes to groups (CSV code,group; every code of the table once), \
        --regions FILE maps regions to groups (CSV region,group; multi-regional tables). Z, final \
        demand, value added, output, imports, imports by origin and employment are summed; \
        criticality.csv and inventory_days.csv are left out (docs/table-format.md, "Aggregation").
        Example: ioshock aggregate matrices/belgium-2015 --sectors groups/nace-a10.csv --out /tmp/belgium-a10
        """
    )

    @Argument(help: "The table bundle directory.")
    var bundle: String

    @Option(help: "CSV code,group: the group each product code joins.")
    var sectors: String?

    @Option(help: "CSV region,group: the group each region joins (multi-regional tables).")
    var regions: String?

    @Option(help: "The bundle directory to write (replaced only when it is a bundle ioshock wrote).")
    var out: String

    func validate() throws {
        guard sectors != nil || regions != nil else {
            throw ValidationError("give --sectors FILE, --regions FILE or both: the concordances that say which groups to form")
        }
    }

    func run() throws {
        let inputs = [bundle] + [sectors, regions].compactMap { $0 }
        try OutputDestination.checkDirectory(out, kind: .tableBundle, protecting: inputs)
        let table = try IOTable(bundle: bundle)
        let sectorMap = try sectors.map { path throws(InputError) in try Concordance(path: path, key: "code") }
        let regionMap = try regions.map { path throws(InputError) in try Concordance(path: path, key: "region") }
        var aggregated = try table.aggregated(sectors: sectorMap, regions: regionMap)
        // Provenance in table.toml: the tool, the inputs and their SHA-256.
        var from = ["\(bundle) (SHA-256 \(SHA256.hex(ofDirectory: bundle) ?? "unreadable"))"]
        for (flag, path) in [("sectors", sectors), ("regions", regions)] {
            if let path { from.append("--\(flag) \(path) (SHA-256 \(SHA256.hex(ofFile: path) ?? "unreadable"))") }
        }
        aggregated.metadata.source += (aggregated.metadata.source.isEmpty ? "" : "; ")
            + "aggregated by ioshock \(ToolInfo.version) aggregate from " + from.joined(separator: ", ")
        try aggregated.write(bundle: out, protecting: inputs)
        FileHandle.standardError.write(Data("wrote \(out) (\(table.count) → \(aggregated.count) sectors)\n".utf8))
    }
}
