import Foundation
import IOTables
import LinearAlgebra

extension FLQRegionalisation {
    /// Reads Statbel's employment by place of work and NACE section and estimates the regional
    /// table of `region` from the national table read from `bundle` (whose sectors.csv must have
    /// a `nace_section` column). The metadata states that the table is an FLQ estimate.
    /// - Throws: `InputError` naming the employment file or sectors.csv, for an unknown region
    ///   (with the valid names), a section missing from the employment file, δ outside [0, 1).
    public static func estimate(national table: IOTable, bundle: String, employmentFile: String, region: String,
                                delta: Double, name: String) throws -> FLQRegionalisation {
        let (census, groups) = try censusAndSections(of: table, bundle: bundle, employmentFile: employmentFile)
        let area = try census.resolve(region)
        let regional = try census.employment(of: area)
        let nationalEmployment = census.national
        let m = table.metadata
        let lambdaText = try LocationQuotients.lambda(regionalTotal: regional.values.reduce(0, +),
                                                      nationalTotal: nationalEmployment.values.reduce(0, +), delta: delta)
        let file = (employmentFile as NSString).lastPathComponent
        var metadata = TableMetadata(
            name: name,
            title: "\(area)\(m.year.map { " \($0)" } ?? ""), \(table.count) products: FLQ estimate from \(m.name)",
            year: m.year, unit: m.unit, region: area, classification: m.classification,
            source: "Estimated by `ioshock regionalise` from the national table \(m.name) (\(m.source)) and employment by NACE section from Statbel, working population by place of work (\(file), most likely Census 2011).",
            sourceVersion: m.sourceVersion,
            notes: "An estimate, not an official table (docs/data.md). Output of each product = national output x the region's share of the employment of its NACE section; every column keeps the national input structure (imports from abroad, taxes, value added and employment scaled with output). Intermediate inputs: r_ij = a_ij min(1, FLQ_ij) bought in the region (Z.csv), the rest from the rest of the country (imports_rest_of_country.csv). Final demand of residents (domestic categories) = employment share x national, bought in the region in the proportion min(1, lambda SLQ_i), the rest from the rest of the country (import_final_rest_of_country.csv); imports from abroad for final use = employment share x national. Exports abroad and re-exports = the region's output share x national. exports_rest_of_country closes each row (balancing item). Imports from abroad are split by origin with the national shares of each product; rest_of_country in import_origin.csv = intermediate plus final purchases from the rest of the country. Employment shares of 2011 are applied to 2015.",
            primaryInputs: m.primaryInputs, householdConsumption: m.householdConsumption, compensation: m.compensation,
            estimation: "FLQ, δ = \(delta), λ = \(String(format: "%.4f", lambdaText)) (Flegg & Webber 1997, MODELS.md §7); regional employment by NACE section from \(file) (Statbel, Census 2011) for \(area), applied to \(m.year.map(String.init) ?? "the table's year")")
        metadata.criticalitySource = m.criticalitySource
        metadata.inventorySource = m.inventorySource
        do {
            return try FLQRegionalisation(
                national: table,
                employment: .init(groupOfSector: groups, regional: regional, national: nationalEmployment),
                delta: delta, metadata: metadata)
        } catch {
            throw InputError(file: employmentFile, "cannot regionalise \(m.name) for \(area): \(error)")
        }
    }

    /// Statbel's employment census and the NACE section of each sector of `table`, checked against
    /// each other: sectors.csv must have `nace_section`, and every section used must have
    /// employment in the file. Shared by the single-region and interregional estimates.
    static func censusAndSections(of table: IOTable, bundle: String, employmentFile: String) throws -> (census: StatbelCensus, sections: [String]) {
        let sectorsFile = (bundle as NSString).appendingPathComponent(BundleFile.sectors)
        guard table.sectorAttributeNames.contains("nace_section") else {
            throw InputError(file: sectorsFile, line: 1, "no nace_section column",
                             hint: "regionalise needs the NACE section (A…T) of each sector, as `ioshock import fpb` writes it")
        }
        let census = try StatbelCensus(path: employmentFile)
        let nationalEmployment = census.national
        let groups = table.sectors.map { $0.attributes["nace_section"] ?? "" }
        for (j, g) in groups.enumerated() where (nationalEmployment[g] ?? 0) <= 0 {
            throw InputError(file: employmentFile, "no employment for NACE section \"\(g)\" (of sector \(table.codes[j]) in \(sectorsFile))",
                             hint: "the employment file must cover every section used in sectors.csv: " + nationalEmployment.keys.sorted().joined(separator: ", "))
        }
        return (census, groups)
    }
}
