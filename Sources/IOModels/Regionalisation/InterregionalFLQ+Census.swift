import Foundation
import IOTables
import LinearAlgebra

extension InterregionalFLQ {
    /// Reads Statbel's employment by place of work and NACE section and estimates the
    /// interregional table of the file's three regions (Flanders, Wallonia, Brussels, in that
    /// order, named in English) from the national table read from `bundle`.
    /// - Throws: `InputError` naming the employment file or sectors.csv (no nace_section column,
    ///   a section without employment, regions that are not three, δ outside [0, 1)).
    public static func estimate(national table: IOTable, bundle: String, employmentFile: String,
                                delta: Double, name: String) throws -> InterregionalFLQ {
        let (census, groups) = try FLQRegionalisation.censusAndSections(of: table, bundle: bundle, employmentFile: employmentFile)
        let nationalEmployment = census.national
        let english = ["Vlaams Gewest": "Flanders", "Waals Gewest": "Wallonia", "Brussels Hoofdstedelijk Gewest": "Brussels"]
        var inFile: [String] = []
        for e in census.entries where !inFile.contains(e.region) { inFile.append(e.region) }
        let ordered = ["Vlaams Gewest", "Waals Gewest", "Brussels Hoofdstedelijk Gewest"].filter(inFile.contains)
        guard inFile.count == 3, ordered.count == 3 else {
            throw InputError(file: employmentFile, "the interregional table needs the three Belgian regions, the file has \(inFile.map { "\"\($0)\"" }.joined(separator: ", "))",
                             hint: "use Statbel's working population by place of work with Vlaams Gewest, Waals Gewest and Brussels Hoofdstedelijk Gewest")
        }
        let regions = try ordered.map { (area) throws in
            InterregionalFLQ.Region(name: english[area]!, employment: .init(groupOfSector: groups, regional: try census.employment(of: area),
                                                                             national: nationalEmployment))
        }
        let m = table.metadata
        let file = (employmentFile as NSString).lastPathComponent
        var metadata = TableMetadata(
            name: name,
            title: "Belgium\(m.year.map { " \($0)" } ?? ""): Flanders, Wallonia and Brussels × \(table.count) products, interregional FLQ estimate from \(m.name)",
            year: m.year, unit: m.unit, region: "Belgium", classification: m.classification,
            source: "Estimated by `ioshock regionalise --interregional` from the national table \(m.name) (\(m.source)) and employment by NACE section from Statbel, working population by place of work (\(file), most likely Census 2011).",
            sourceVersion: m.sourceVersion,
            notes: "An estimate, not an official table (docs/data.md, \"Belgium's regions 2015\"). Each region is first regionalised by FLQ as `ioshock regionalise --region` does (output = national output x the region's employment share of the product's NACE section; intraregional coefficients a_ij min(1, FLQ_ij); national column structure for foreign imports, taxes, value added and employment; residents' final demand = employment share x national). Interregional trade of each product: the region's purchases from the rest of the country are bought from the other two regions; the 3x3 trade matrix (zero diagonal) has as row sums each region's sales to the rest of the country (the FLQ balancing item) and as column sums its purchases from it, and is the balanced matrix closest in chi-square to the split in proportion to the sellers' sales to the rest of the country; where a region would buy from the others more than they sell, the excess is supplied within the region. Every user in a region has the same origin mix for a product. Foreign imports (imports.csv, import_final.csv, import_origin.csv) are on the rows of the importing region; household_consumption and compensation are not set (one region's households would be taken for all). Criticality and inventory days are the national ones per product in every region. Employment shares of 2011 are applied to 2015.",
            primaryInputs: m.primaryInputs,
            estimation: "Interregional FLQ, δ = \(delta) for every region (Flegg & Webber 1997, MODELS.md §7), interregional trade by a chi-square-balanced proportional split (docs/data.md); regional employment by NACE section from \(file) (Statbel, Census 2011), applied to \(m.year.map(String.init) ?? "the table's year")")
        metadata.criticalitySource = m.criticalitySource
        metadata.inventorySource = m.inventorySource
        do {
            return try InterregionalFLQ(national: table, regions: regions, delta: delta, metadata: metadata)
        } catch {
            throw InputError(file: employmentFile, "cannot estimate the interregional table of \(m.name): \(error)")
        }
    }
}
