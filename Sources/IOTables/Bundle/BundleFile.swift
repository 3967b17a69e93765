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
}
