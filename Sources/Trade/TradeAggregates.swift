import IOTables

/// What the screenings need from a year of bilateral trade, summed in one pass over the data:
/// for each HS6 product p and exporter e, the reporter's imports M[p, e] and the world's
/// exports W[p, e]; for each p, the reporter's exports X[p] to the world.
///
/// Countries are the dense indices of `CountryCodes`; products get a dense index the first time
/// they are seen. Memory: 2 · products · countries doubles per year (about 20 MB for a BACI year
/// of 5,400 products and 240 countries), whatever the number of rows.
public struct TradeAggregates: Sendable {
    public let countries: CountryCodes
    /// The reporter's dense country index.
    public let reporter: Int
    /// The years kept, ascending; rows of other years are skipped.
    public let years: [Int]
    /// HS6 codes as integers (no leading zeros), by dense product index.
    public private(set) var products: [Int] = []
    /// Per year (index into `years`): M[p · C + e].
    public private(set) var imports: [[Double]]
    /// Per year: W[p · C + e].
    public private(set) var worldExports: [[Double]]
    /// Per year: X[p].
    public private(set) var reporterExports: [[Double]]
    /// The years that had at least one row.
    public private(set) var yearsSeen: Set<Int> = []
    /// Rows read and rows kept, over every file.
    public private(set) var rowsRead = 0
    public private(set) var rowsKept = 0
    /// Rows a reader skipped on purpose (Comext aggregates and unallocated partners).
    public private(set) var rowsSkipped = 0
    /// HS code (0 … 999999) → dense index + 1 (0 = not seen yet).
    var productSlot = [Int32](repeating: 0, count: 1_000_000)

    public init(countries: CountryCodes, reporter: Int, years: [Int]) {
        self.countries = countries
        self.reporter = reporter
        self.years = years.sorted()
        imports = [[Double]](repeating: [], count: years.count)
        worldExports = [[Double]](repeating: [], count: years.count)
        reporterExports = [[Double]](repeating: [], count: years.count)
    }

    public var countryCount: Int { countries.count }

    /// The dense index of HS code `k`, or nil when no row had it.
    public func productIndex(hs: Int) -> Int? {
        guard (0..<productSlot.count).contains(hs), productSlot[hs] > 0 else { return nil }
        return Int(productSlot[hs]) - 1
    }

    /// The slot of year `t` in `years`, or nil.
    public func yearSlot(_ t: Int) -> Int? { years.firstIndex(of: t) }

    /// The six-digit text of an HS code stored without leading zeros (BACI's `k`): 10121 → "010121".
    public static func hs6Text(_ k: Int) -> String {
        let s = String(k)
        return s.count >= 6 ? s : String(repeating: "0", count: 6 - s.count) + s
    }

    /// Adds one flow: exporter e to importer d of product `hs` worth v in year slot s.
    @inline(__always)
    mutating func add(slot s: Int, exporter e: Int, importer d: Int, hs: Int, value v: Double) {
        var p = Int(productSlot[hs]) - 1
        if p < 0 {
            p = products.count
            products.append(hs)
            productSlot[hs] = Int32(p + 1)
            let c = countries.count
            for y in 0..<years.count {
                imports[y].append(contentsOf: repeatElement(0, count: c))
                worldExports[y].append(contentsOf: repeatElement(0, count: c))
                reporterExports[y].append(0)
            }
        }
        let c = countries.count
        worldExports[s][p * c + e] += v
        if d == reporter { imports[s][p * c + e] += v }
        if e == reporter { reporterExports[s][p] += v }
    }

    mutating func noteSkipped(_ k: Int) { rowsSkipped += k }

    mutating func noteRows(read: Int, kept: Int, years seen: Set<Int>) {
        rowsRead += read
        rowsKept += kept
        yearsSeen.formUnion(seen)
    }

    /// Adds a flow of the reporter only (Comext files, which have no world exports): imports of
    /// `hs` from `partner` (`isImport`) or exports to it.
    mutating func addReporterFlow(slot s: Int, partner: Int, hs: Int, value v: Double, isImport: Bool) {
        if isImport { add(slot: s, exporter: partner, importer: reporter, hs: hs, value: v) }
        else {
            add(slot: s, exporter: reporter, importer: partner, hs: hs, value: v)
        }
    }
}
