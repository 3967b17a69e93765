import LinearAlgebra

/// A sector of a table: a product (`code`) produced in a region, its name and any further
/// columns of `sectors.csv` (e.g. `name_nl`, `nace_section`).
///
/// In a single-region table `region` is empty and `code` identifies the sector; in a
/// multi-regional table (docs/table-format.md, "Multi-regional tables") the pair
/// (`region`, `code`) does, and `code` is the product code shared by every region.
public struct Sector: Equatable, Sendable {
    public var code: String
    public var name: String
    /// The producing region; empty in a single-region table.
    public var region: String
    public var attributes: [String: String]

    public init(code: String, name: String, region: String = "", attributes: [String: String] = [:]) {
        self.code = code
        self.name = name
        self.region = region
        self.attributes = attributes
    }

    /// The label of the sector in a bundle's files: `region:code` in a multi-regional table,
    /// the code alone in a single-region one.
    public var label: String { region.isEmpty ? code : region + IOTable.regionSeparator + code }
}

/// What `table.toml` says about a table.
public struct TableMetadata: Equatable, Sendable {
    public var name: String
    public var title: String
    public var year: Int?
    public var unit: String
    public var region: String
    public var classification: String
    public var source: String
    /// The version of the source (e.g. a publication date).
    public var sourceVersion: String?
    public var notes: String
    /// Rows of `value_added.csv` that, added to intermediate inputs (domestic and imported),
    /// make up output: the column identity. Default `["gross_value_added"]`.
    public var primaryInputs: [String]
    /// The final-demand category that is household consumption (for Type II multipliers).
    public var householdConsumption: String?
    /// The value-added component that is compensation of employees (for Type II multipliers).
    public var compensation: String?
    /// How the table was estimated, when it is not an official table (e.g. "FLQ, δ = 0.3").
    public var estimation: String?
    /// Where `criticality.csv` comes from, when the bundle has one.
    public var criticalitySource: String?
    /// Where `inventory_days.csv` comes from, when the bundle has one.
    public var inventorySource: String?
    /// The regions of a multi-regional table, in table order (`regions` of table.toml); empty for
    /// a single-region table, whose one region is `region`.
    public var regions: [String] = []

    public init(name: String, title: String = "", year: Int? = nil, unit: String, region: String = "",
                classification: String = "", source: String = "", sourceVersion: String? = nil, notes: String = "",
                primaryInputs: [String] = [IOTable.grossValueAdded], householdConsumption: String? = nil,
                compensation: String? = nil, estimation: String? = nil) {
        self.name = name
        self.title = title
        self.year = year
        self.unit = unit
        self.region = region
        self.classification = classification
        self.source = source
        self.sourceVersion = sourceVersion
        self.notes = notes
        self.primaryInputs = primaryInputs
        self.householdConsumption = householdConsumption
        self.compensation = compensation
        self.estimation = estimation
    }
}

/// A block of numbers with named columns (final-demand categories, origins, measures), one row
/// per sector, or — for value added — one row per component and one column per sector.
public struct LabeledBlock: Equatable, Sendable {
    public var labels: [String]
    public var values: Matrix

    public init(labels: [String], values: Matrix) {
        self.labels = labels
        self.values = values
    }

    /// Index of a label, or nil.
    public func index(of label: String) -> Int? { labels.firstIndex(of: label) }
}

/// An input–output table: the flows of one economy in one year (MODELS.md notation).
///
/// Sectors are products in a product × product table. All matrices are n × n or n × k with
/// rows in sector order. The struct holds data only; the models live in `IOModels`.
public struct IOTable: Equatable, Sendable {
    public static let grossValueAdded = "gross_value_added"

    public var metadata: TableMetadata
    /// The sectors in table order. Their labels, codes and label index are kept alongside
    /// (`sectorLabels`, `codes`, `index(of:)`) and refreshed whenever this changes, so that the
    /// loops that index them per sector cost O(1) a lookup, not O(n).
    public var sectors: [Sector] { didSet { refreshLabels() } }
    /// The unique label of each sector: the code, or `region:code` in a multi-regional table.
    public private(set) var sectorLabels: [String] = []
    /// The product code of each sector (repeated across regions in a multi-regional table).
    public private(set) var codes: [String] = []
    /// Label → first sector with that label.
    private var indexOfLabel: [String: Int] = [:]
    /// Extra column names of `sectors.csv`, in file order.
    public var sectorAttributeNames: [String]
    /// Z: domestic intermediate flows, row i sold to column j.
    public var intermediate: Matrix
    /// F: final demand for domestic products, n × categories.
    public var finalDemand: LabeledBlock
    /// Value-added components × n (component rows, sector columns).
    public var valueAdded: LabeledBlock
    /// x: gross output.
    public var output: [Double]
    /// Whether `output.csv` gave x (otherwise x = Z·1 + F·1).
    public var outputGiven: Bool
    /// M: imported intermediate use, product × using sector.
    public var imports: Matrix?
    /// Imported final use, product × final-demand category.
    public var importFinal: LabeledBlock?
    /// Imports by origin, product × origin (`euro_area`, `rest_of_eu`, `non_eu`, …).
    public var importOrigin: LabeledBlock?
    /// Regional tables: intermediate purchases from the rest of the country, product × using sector.
    public var importsRestOfCountry: Matrix?
    /// Regional tables: final purchases from the rest of the country, product × category.
    public var importFinalRestOfCountry: LabeledBlock?
    /// Employment by sector, n × measures (`hours`, `persons`, …).
    public var employment: LabeledBlock?
    /// w_ij ∈ [0, 1]: how critical input i is for sector j in the short run (1 critical,
    /// 0.5 important, 0 not needed), e.g. from the IHS Markit survey; `criticality.csv`.
    public var inputCriticality: Matrix?
    /// n_j: the days of production each sector's stocks of inputs cover at baseline (MODELS.md §6),
    /// e.g. the desired stocks of Pichler et al. (2022); `inventory_days.csv`.
    public var inventoryDays: [Double]?

    /// Joins a region and a product code in the labels of a multi-regional bundle's files (`reg1:food`).
    public static let regionSeparator = ":"

    public var count: Int { sectors.count }
    /// The regions of the table: those of table.toml's `regions`, or the one region of a
    /// single-region table (its `region`, possibly empty).
    public var regions: [String] { metadata.regions.isEmpty ? [metadata.region] : metadata.regions }
    /// Whether the table has more than one region: per-sector outputs then gain a `region` column.
    public var isMultiRegional: Bool { metadata.regions.count > 1 }

    public init(metadata: TableMetadata, sectors: [Sector], sectorAttributeNames: [String] = [],
                intermediate: Matrix, finalDemand: LabeledBlock, valueAdded: LabeledBlock,
                output: [Double]? = nil, imports: Matrix? = nil, importFinal: LabeledBlock? = nil,
                importOrigin: LabeledBlock? = nil, importsRestOfCountry: Matrix? = nil,
                importFinalRestOfCountry: LabeledBlock? = nil, employment: LabeledBlock? = nil,
                inputCriticality: Matrix? = nil, inventoryDays: [Double]? = nil) {
        self.metadata = metadata
        self.sectors = sectors
        self.sectorAttributeNames = sectorAttributeNames
        self.intermediate = intermediate
        self.finalDemand = finalDemand
        self.valueAdded = valueAdded
        self.outputGiven = output != nil
        self.output = output ?? zip(intermediate.rowSums(), finalDemand.values.rowSums()).map(+)
        self.imports = imports
        self.importFinal = importFinal
        self.importOrigin = importOrigin
        self.importsRestOfCountry = importsRestOfCountry
        self.importFinalRestOfCountry = importFinalRestOfCountry
        self.employment = employment
        self.inputCriticality = inputCriticality
        self.inventoryDays = inventoryDays
        refreshLabels()
    }

    private mutating func refreshLabels() {
        sectorLabels = sectors.map(\.label)
        codes = sectors.map(\.code)
        indexOfLabel = Dictionary(sectorLabels.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Total final demand per sector, F·1.
    public var totalFinalDemand: [Double] { finalDemand.values.rowSums() }

    /// Gross value added per sector (the `gross_value_added` row).
    public var grossValueAdded: [Double]? {
        valueAdded.index(of: Self.grossValueAdded).map { valueAdded.values.row($0) }
    }

    /// Index of a sector by its label (the code in a single-region table, `region:code` in a
    /// multi-regional one).
    public func index(of label: String) -> Int? { indexOfLabel[label] }

    /// Every name `indices(named:)` accepts, once each, sorted: the product codes, and in a
    /// multi-regional table the `region:code` labels (for "did you mean" hints).
    public var knownSectorNames: [String] {
        Array(Set(codes).union(isMultiRegional ? sectorLabels : [])).sorted()
    }

    /// The sectors a scenario or command names by `name`: the sector with that label, or every
    /// region's sector of that product code. Empty when there is none.
    public func indices(named name: String) -> [Int] {
        if let i = index(of: name) { return [i] }
        return sectors.indices.filter { sectors[$0].code == name }
    }
}
