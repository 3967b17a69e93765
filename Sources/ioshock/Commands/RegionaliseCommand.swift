import ArgumentParser
import Foundation
import IOModels
import IOTables

struct RegionaliseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regionalise",
        abstract: "Estimate a regional table from a national one with Flegg's location quotient (FLQ).",
        discussion: """
        The national bundle's sectors.csv needs a nace_section column; the employment file is Statbel's \
        working population by place of work and NACE section (see docs/data.md for the method and its \
        assumptions).
        Example: ioshock regionalise matrices/belgium-2015 --employment ../shared/data/statbel-census-2011/working-population-by-place-of-work.csv --region "Vlaams Gewest" --out matrices/flanders-2015
        With --interregional instead of --region: one multi-regional table of Flanders, Wallonia and Brussels with the trade between them.
        Example: ioshock regionalise matrices/belgium-2015 --employment ../shared/data/statbel-census-2011/working-population-by-place-of-work.csv --interregional --out matrices/belgium-regions-2015
        """
    )

    @Argument(help: "The national table bundle.")
    var national: String

    @Option(help: "Employment by region or province and NACE section (Statbel CSV).")
    var employment: String

    @Option(help: "The region or province, as named in the employment file (e.g. \"Vlaams Gewest\"; Flanders, Wallonia and Brussels are accepted).")
    var region: String?

    @Flag(help: "Estimate the interregional table of the three regions of the employment file (Flanders, Wallonia, Brussels) instead of one region.")
    var interregional = false

    @Option(help: "The FLQ exponent δ in λ = [log₂(1 + Eᴿ/Eᴺ)]^δ, 0 ≤ δ < 1.")
    var delta: Double = 0.3

    @Option(help: "The name of the regional table (default: the last component of --out).")
    var name: String?

    @Option(help: "The bundle directory to write (replaced only when it is a bundle ioshock wrote).")
    var out: String

    func validate() throws {
        guard (region == nil) == interregional else {
            throw ValidationError(interregional ? "--region and --interregional exclude each other: the interregional table has every region of the employment file"
                                                : "missing --region (e.g. --region \"Vlaams Gewest\"), or --interregional for the table of all three regions")
        }
        guard delta >= 0, delta < 1, delta.isFinite else {
            throw ValidationError("--delta \(delta) is outside [0, 1): the FLQ needs 0 ≤ δ < 1 (0.3 is the usual value; 0 gives λ = 1)")
        }
    }

    func run() throws {
        try OutputDestination.checkDirectory(out, kind: .tableBundle, protecting: [national, employment])
        let table = try IOTable(bundle: national)
        let name = name ?? URL(fileURLWithPath: out).lastPathComponent
        guard let region else { return try runInterregional(table, name: name) }
        let estimate = try FLQRegionalisation.estimate(national: table, bundle: national, employmentFile: employment, region: region,
                                         delta: delta, name: name)
        _ = try LeontiefModel(table: estimate.table)
        try estimate.table.write(bundle: out, protecting: [national, employment])
        FileHandle.standardError.write(Data(String(format: "wrote %@ (%@: employment share %.4f, λ = %.4f, output %.1f of %.1f %@)\n",
                                                   out, estimate.table.metadata.region, estimate.regionalShare, estimate.lambda,
                                                   estimate.table.output.reduce(0, +), table.output.reduce(0, +), table.metadata.unit).utf8))
    }

    func runInterregional(_ table: IOTable, name: String) throws {
        let estimate = try InterregionalFLQ.estimate(national: table, bundle: national, employmentFile: employment, delta: delta, name: name)
        _ = try LeontiefModel(table: estimate.table)
        try estimate.table.write(bundle: out, protecting: [national, employment])
        let n = table.count
        let outputs = estimate.regions.indices.map { s in estimate.table.output[(s * n)..<((s + 1) * n)].reduce(0, +) }
        let listed = zip(estimate.regions, outputs).map { String(format: "%@ %.1f", $0, $1) }.joined(separator: ", ")
        FileHandle.standardError.write(Data("wrote \(out) (interregional, output \(listed) of \(String(format: "%.1f", table.output.reduce(0, +))) \(table.metadata.unit))\n".utf8))
    }
}
