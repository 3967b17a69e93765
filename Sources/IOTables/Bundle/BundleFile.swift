import Foundation

/// The files of a table bundle (docs/table-format.md).
public enum BundleFile {
    public static let metadata = "table.toml"
    public static let sectors = "sectors.csv"
    public static let intermediate = "Z.csv"
    public static let finalDemand = "final_demand.csv"
    public static let valueAdded = "value_added.csv"
    public static let output = "output.csv"
    public static let imports = "imports.csv"
    public static let importFinal = "import_final.csv"
    public static let importOrigin = "import_origin.csv"
    public static let importsRestOfCountry = "imports_rest_of_country.csv"
    public static let importFinalRestOfCountry = "import_final_rest_of_country.csv"
    public static let employment = "employment.csv"
    public static let criticality = "criticality.csv"
    public static let inventoryDays = "inventory_days.csv"

    public static let required = [metadata, sectors, intermediate, finalDemand, valueAdded]
    public static let optional = [output, imports, importFinal, importOrigin, importsRestOfCountry, importFinalRestOfCountry, employment, criticality, inventoryDays]

    /// The first line of every table.toml that ioshock writes: the mark by which a bundle writer
    /// (`import`, `regionalise`, `generate`) recognises a bundle it may replace.
    public static let writtenByMarker = "# written by ioshock"
}

/// The optional parts of a bundle that `IOTable(bundle:reading:)` reads. The required files and
/// output.csv are always read.
public struct BundleParts: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// imports.csv, import_final.csv, import_origin.csv and the two rest-of-country files.
    public static let imports = BundleParts(rawValue: 1 << 0)
    /// employment.csv.
    public static let employment = BundleParts(rawValue: 1 << 1)
    /// criticality.csv.
    public static let criticality = BundleParts(rawValue: 1 << 2)
    /// inventory_days.csv.
    public static let inventoryDays = BundleParts(rawValue: 1 << 3)

    public static let all: BundleParts = [.imports, .employment, .criticality, .inventoryDays]
}

extension OutputDirectoryKind {
    /// A table bundle written by ioshock: table.toml starts with `BundleFile.writtenByMarker`,
    /// and the directory holds bundle files only.
    public static let tableBundle = OutputDirectoryKind(
        name: "table bundle", fileNames: Set(BundleFile.required + BundleFile.optional),
        markerDescription: "table.toml starting with \"\(BundleFile.writtenByMarker)\"",
        unmarkedHint: "to let ioshock replace or rewrite a bundle you made yourself, put the line \"\(BundleFile.writtenByMarker)\" at the top of its table.toml (docs/table-format.md)",
        isMarked: { directory in
            guard let data = FileManager.default.contents(atPath: directory + "/" + BundleFile.metadata) else { return false }
            return data.starts(with: Data(BundleFile.writtenByMarker.utf8))
        })
}
