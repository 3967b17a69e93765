import IOTables

/// CEPII's GeoDep screening of import dependencies (Lefebvre & Wibaux 2024, "Import
/// dependencies: where does the EU stand?", CEPII Policy Brief 47; database description at
/// cepii.fr, GeoDep). For reporter c, HS6 product p and year y, with M the reporter's imports by
/// exporter, W the world's exports by exporter and X the reporter's exports:
///
/// 1. HHI_M(p, y) = Σ_e (M_pe / Σ_e M_pe)² > 0.4 — concentrated imports;
/// 2. HHI_W(p, y) = Σ_e (W_pe / Σ_e W_pe)² > 0.4 — concentrated world exports;
/// 3. R(p, y) = Σ_e M_pe / X_p > 1, with R = 9999 when X_p = 0 — imports not replaceable by
///    the reporter's own supply;
/// 4. p is dependent when 1–3 hold together in at least 2 of the 3 years ending with y.
///
/// The thresholds and the window are options (defaults as published); a year without imports of
/// p does not count as held.
public struct GeoDep: Sendable {
    public var importHHI = 0.4
    public var worldHHI = 0.4
    public var ratio = 1.0
    public var window = 3
    public var minYears = 2

    public init() {}

    public static let criteriaColumns = ["hhi_imports", "hhi_world_exports", "import_export_ratio", "years_held"]
    /// R when the reporter exports none of the good, as GeoDep imposes.
    public static let noExports = 9999.0

    /// The years the screening of `year` reads.
    public func years(endingWith year: Int) -> [Int] { Array((year - window + 1)...year) }

    /// The criteria of product p in year slot s: (HHI_M, HHI_W, R), and whether all three hold.
    func criteria(_ data: TradeAggregates, slot s: Int, product p: Int) -> (Double?, Double?, Double?, Bool) {
        let hm = data.withImports(slot: s, product: p) { Concentration.hhi($0) }
        let hw = data.withWorldExports(slot: s, product: p) { Concentration.hhi($0) }
        let m = data.totalImports(slot: s, product: p)
        let x = data.reporterExports[s][p]
        let r: Double? = m > 0 ? (x > 0 ? m / x : Self.noExports) : nil
        let held = (hm ?? 0) > importHHI && (hw ?? 0) > worldHHI && (r ?? 0) > ratio
        return (hm, hw, r, held)
    }

    /// Screens every good the reporter imports in the window.
    /// - Throws: `InputError` when a year of the window has no rows in the trade data.
    public func screen(_ data: TradeAggregates, year: Int, source: String) throws(InputError) -> DependencyScreening {
        let window = years(endingWith: year)
        if let missing = window.first(where: { !data.yearsSeen.contains($0) }) {
            throw InputError(file: source, "geodep reads the \(self.window) years \(window.first!)–\(year), and the trade data has no rows for \(missing)",
                             hint: "give one --trade file per year (BACI_HS17_Y\(missing)_V….csv), or --window 1 --min-years 1 for a one-year screening")
        }
        let slots = window.map { data.yearSlot($0)! }
        let last = data.yearSlot(year)!
        let outside = data.outsideEU(in: year)
        var goods: [DependencyScreening.Good] = []
        for p in data.importedProducts(slots: slots) {
            var good = data.baseGood(product: p, slot: last, year: year, outside: outside)
            let held = slots.filter { criteria(data, slot: $0, product: p).3 }.count
            let (hm, hw, r, _) = criteria(data, slot: last, product: p)
            good.criteria = [hm, hw, r, Double(held)]
            good.dependent = held >= minYears
            goods.append(good)
        }
        return DependencyScreening(method: .geodep, reporter: data.countries.countries[data.reporter].iso3, year: year,
                                   criteriaColumns: Self.criteriaColumns,
                                   settings: [("hhi_imports_threshold", "\(importHHI)"), ("hhi_world_exports_threshold", "\(worldHHI)"),
                                              ("import_export_ratio_threshold", "\(ratio)"), ("window_years", "\(self.window)"), ("min_years", "\(minYears)")],
                                   goods: goods)
    }
}
