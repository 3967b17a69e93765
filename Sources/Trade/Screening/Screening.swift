/// A dependency screening's result: one row per HS6 good the reporter imports (dependencies.csv).
public struct DependencyScreening: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        /// CEPII GeoDep (Lefebvre & Wibaux 2024), `GeoDep.swift`.
        case geodep
        /// European Commission, SWD(2021) 352, `EC2021.swift`.
        case ec2021
    }

    /// One good.
    public struct Good: Sendable {
        /// BACI's integer HS code and its six-digit text.
        public var hs: Int
        public var hs6: String
        /// The method's criteria values, in the order of `criteriaColumns` (nil = undefined, e.g.
        /// an HHI of a year without imports).
        public var criteria: [Double?]
        public var dependent: Bool
        /// The reporter's imports of the good in the screened year, from all origins and from
        /// outside the EU of that year (BACI: thousands of US dollars).
        public var imports: Double
        public var nonEUImports: Double
        /// The largest supplier outside the EU in the screened year (ISO3), and its share of the
        /// reporter's imports of the good.
        public var mainSupplier: String?
        public var mainSupplierShare: Double?
        /// The table product (index) the good maps to, or why it maps to none.
        public var product: Int?
        public var correspondenceCPA: String?
        public var unmapped: HSBridge.Unmapped?
    }

    public var method: Method
    public var reporter: String
    public var year: Int
    /// The criteria columns of dependencies.csv, between `cpa` and `dependent`.
    public var criteriaColumns: [String]
    /// Thresholds and settings, for provenance and the docs' table.
    public var settings: [(String, String)]
    public var goods: [Good]
}

/// Pure functions the screenings share.
public enum Concentration {
    /// The Herfindahl–Hirschman index Σ_e (v_e / Σ v)² of the values `v` (nil when they sum to 0).
    /// - Complexity: O(count).
    public static func hhi(_ v: UnsafeBufferPointer<Double>, include: (Int) -> Bool = { _ in true }) -> Double? {
        var total = 0.0
        for e in 0..<v.count where include(e) { total += v[e] }
        guard total > 0 else { return nil }
        var h = 0.0
        for e in 0..<v.count where include(e) && v[e] > 0 {
            let s = v[e] / total
            h += s * s
        }
        return h
    }
}

extension TradeAggregates {
    /// Per dense country index: outside the EU in `year` (the reporter itself counts as inside,
    /// so that its own flows, which BACI does not have, could never count as extra-EU).
    public func outsideEU(in year: Int) -> [Bool] {
        countries.countries.enumerated().map { k, c in k != reporter && !EUMembership.isMember(c.iso3, in: year) }
    }

    /// Calls `body` with M[p, ·] of year slot `s`.
    func withImports<R>(slot s: Int, product p: Int, _ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        let c = countries.count
        return imports[s].withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(p * c)..<((p + 1) * c)])) }
    }

    /// Calls `body` with W[p, ·] of year slot `s`.
    func withWorldExports<R>(slot s: Int, product p: Int, _ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        let c = countries.count
        return worldExports[s].withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(p * c)..<((p + 1) * c)])) }
    }

    /// The reporter's total imports of product p in slot s.
    public func totalImports(slot s: Int, product p: Int) -> Double {
        withImports(slot: s, product: p) { $0.reduce(0, +) }
    }

    /// The reporter's imports of p in slot s from the countries where `mask` is true.
    public func imports(slot s: Int, product p: Int, from mask: [Bool]) -> Double {
        withImports(slot: s, product: p) { m in (0..<m.count).reduce(0.0) { mask[$1] ? $0 + m[$1] : $0 } }
    }

    /// The largest supplier of p among `mask` in slot s, and its share of all the reporter's
    /// imports of p.
    func mainSupplier(slot s: Int, product p: Int, among mask: [Bool]) -> (String, Double)? {
        withImports(slot: s, product: p) { m in
            var best = -1, total = 0.0
            for e in 0..<m.count {
                total += m[e]
                if mask[e], m[e] > 0, best < 0 || m[e] > m[best] { best = e }
            }
            guard best >= 0, total > 0 else { return nil }
            return (countries.countries[best].iso3, m[best] / total)
        }
    }

    /// The products the reporter imports in any of the slots, by ascending HS code.
    func importedProducts(slots: [Int]) -> [Int] {
        (0..<products.count).filter { p in slots.contains { totalImports(slot: $0, product: p) > 0 } }
            .sorted { products[$0] < products[$1] }
    }

    /// Fills in what every screening reports besides its criteria: imports, non-EU imports and
    /// the main non-EU supplier in the screened year.
    func baseGood(product p: Int, slot s: Int, year: Int, outside: [Bool]) -> DependencyScreening.Good {
        let supplier = mainSupplier(slot: s, product: p, among: outside)
        return DependencyScreening.Good(hs: products[p], hs6: Self.hs6Text(products[p]), criteria: [], dependent: false,
                                        imports: totalImports(slot: s, product: p), nonEUImports: imports(slot: s, product: p, from: outside),
                                        mainSupplier: supplier?.0, mainSupplierShare: supplier?.1)
    }
}
