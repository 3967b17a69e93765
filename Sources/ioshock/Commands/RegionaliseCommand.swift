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

    @Option(help: "The bundle directory to write.")
    var out: String

    func validate() throws {
        guard delta >= 0, delta < 1, delta.isFinite else {
            throw ValidationError("--delta \(delta) is outside [0, 1): the FLQ needs 0 ≤ δ < 1 (0.3 is the usual value; 0 gives λ = 1)")
        }
    }

    func run() throws {
        let table = try IOTable(bundle: national)
        let estimate = try Self.estimate(national: table, bundle: national, employmentFile: employment, region: region,
                                         delta: delta, name: name ?? URL(fileURLWithPath: out).lastPathComponent)
        _ = try LeontiefModel(table: estimate.table)
        try estimate.table.write(bundle: out)
        FileHandle.standardError.write(Data(String(format: "wrote %@ (%@: employment share %.4f, λ = %.4f, output %.1f of %.1f %@)\n",
                                                   out, estimate.table.metadata.region, estimate.regionalShare, estimate.lambda,
                                                   estimate.table.output.reduce(0, +), table.output.reduce(0, +), table.metadata.unit).utf8))
    }

    /// Reads the employment file and estimates the regional table (also used by the tests).
    static func estimate(national table: IOTable, bundle: String, employmentFile: String, region: String,
                         delta: Double, name: String) throws -> FLQRegionalisation {
        let sectorsFile = (bundle as NSString).appendingPathComponent(BundleFile.sectors)
        guard table.sectorAttributeNames.contains("nace_section") else {
            throw InputError(file: sectorsFile, line: 1, "no nace_section column",
                             hint: "regionalise needs the NACE section (A…T) of each sector, as `ioshock import fpb` writes it")
        }
        let census = try StatbelCensus(path: employmentFile)
        let area = try census.resolve(region)
        let regional = try census.employment(of: area)
        let nationalEmployment = census.national
        let groups = table.sectors.map { $0.attributes["nace_section"] ?? "" }
        for (j, g) in groups.enumerated() where (nationalEmployment[g] ?? 0) <= 0 {
            throw InputError(file: employmentFile, "no employment for NACE section \"\(g)\" (of sector \(table.codes[j]) in \(sectorsFile))",
                             hint: "the employment file must cover every section used in sectors.csv: " + nationalEmployment.keys.sorted().joined(separator: ", "))
        }
        let m = table.metadata
        let lambdaText = try LocationQuotients.lambda(regionalTotal: regional.values.reduce(0, +),
                                                      nationalTotal: nationalEmployment.values.reduce(0, +), delta: delta)
        let file = (employmentFile as NSString).lastPathComponent
        let metadata = TableMetadata(
            name: name,
            title: "\(area)\(m.year.map { " \($0)" } ?? ""), \(table.count) products: FLQ estimate from \(m.name)",
            year: m.year, unit: m.unit, region: area, classification: m.classification,
            source: "Estimated by `ioshock regionalise` from the national table \(m.name) (\(m.source)) and employment by NACE section from Statbel, working population by place of work (\(file), most likely Census 2011).",
            sourceVersion: m.sourceVersion,
            notes: "An estimate, not an official table (docs/data.md). Output of each product = national output x the region's share of the employment of its NACE section; every column keeps the national input structure (imports from abroad, taxes, value added and employment scaled with output). Intermediate inputs: r_ij = a_ij min(1, FLQ_ij) bought in the region (Z.csv), the rest from the rest of the country (imports_rest_of_country.csv). Final demand of residents (domestic categories) = employment share x national, bought in the region in the proportion min(1, lambda SLQ_i), the rest from the rest of the country (import_final_rest_of_country.csv); imports from abroad for final use = employment share x national. Exports abroad and re-exports = the region's output share x national. exports_rest_of_country closes each row (balancing item). Imports from abroad are split by origin with the national shares of each product; rest_of_country in import_origin.csv = intermediate plus final purchases from the rest of the country. Employment shares of 2011 are applied to 2015.",
            primaryInputs: m.primaryInputs, householdConsumption: m.householdConsumption, compensation: m.compensation,
            estimation: "FLQ, δ = \(delta), λ = \(String(format: "%.4f", lambdaText)) (Flegg & Webber 1997, MODELS.md §7); regional employment by NACE section from \(file) (Statbel, Census 2011) for \(area), applied to \(m.year.map(String.init) ?? "the table's year")")
        do {
            return try FLQRegionalisation(
                national: table,
                employment: .init(groupOfSector: groups, regional: regional, national: nationalEmployment),
                delta: delta, metadata: metadata)
        } catch {
            throw InputError(file: employmentFile, "cannot regionalise \(m.name) for \(area): \(error)")
        }
    }
}
