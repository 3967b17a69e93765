import ArgumentParser
import Foundation
import IOModels
import IOTables

struct RegionaliseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regionalise",
        abstract: "Estimate a regional table from a national one with Flegg's location quotient (FLQ).",
        discussion: """
        The national bundle's sectors.csv needs a nace_section column; the employment file is Statbel's \\
        working population by place of work and NACE section (see docs/data.md for the method and its \\
        assumptions).
        Example: ioshock regionalise matrices/belgium-2015 --employment ../shared/data/statbel-census-2011/working-population-by-place-of-work.csv --region "Vlaams Gewest" --out matrices/flanders-2015
        """
    )

    @Argument(help: "The national table bundle.")
    var national: String

    @Option(help: "Employment by region or province and NACE section (Statbel CSV).")
    var employment: String

    @Option(help: "The region or province, as named in the employment file (e.g. \"Vlaams Gewest\"; Flanders, Wallonia and Brussels are accepted).")
    var region: String

    @Option(help: "The FLQ exponent δ in λ = [log₂(1 + Eᴿ/Eᴺ)]^δ, 0 ≤ δ < 1.")
    var delta: Double = 0.3

    @Option(help: "The name of the regional table (default: the last component of --out).")
    var name: String?

    @Option(help: "The bundle directory to write (replaced only when it is a bundle ioshock wrote).")
    var out: String

    func validate() throws {
        guard delta >= 0, delta < 1, delta.isFinite else {
            throw ValidationError("--delta \(delta) is outside [0, 1): the FLQ needs 0 ≤ δ < 1 (0.3 is the usual value; 0 gives λ = 1)")
        }
    }

    func run() throws {
        try OutputDestination.checkDirectory(out, kind: .tableBundle, protecting: [national, employment])
        let table = try IOTable(bundle: national)
        let estimate = try FLQRegionalisation.estimate(national: table, bundle: national, employmentFile: employment, region: region,
                                         delta: delta, name: name ?? URL(fileURLWithPath: out).lastPathComponent)
        _ = try LeontiefModel(table: estimate.table)
        try estimate.table.write(bundle: out, protecting: [national, employment])
        FileHandle.standardError.write(Data(String(format: "wrote %@ (%@: employment share %.4f, λ = %.4f, output %.1f of %.1f %@)\n",
                                                   out, estimate.table.metadata.region, estimate.regionalShare, estimate.lambda,
                                                   estimate.table.output.reduce(0, +), table.output.reduce(0, +), table.metadata.unit).utf8))
    }
}
