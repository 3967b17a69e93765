import IOTables

/// The European Commission's bottom-up screening of foreign dependencies, "Strategic
/// dependencies and capacities", SWD(2021) 352 final, 5 May 2021 (docs/dependencies.md cites
/// the definitions). For the reporter, HS6 product p and the screened year, with E the set of
/// partners outside the EU of that year, M_pe the reporter's imports from partner e and X_p the
/// reporter's exports of p to the whole world (intra- and extra-EU):
///
/// 1. concentration: HHI_E(p) = Σ_{e∈E} (M_pe / Σ_{e∈E} M_pe)² > 0.4;
/// 2. importance of extra-EU imports: Σ_{e∈E} M_pe / Σ_e M_pe > 0.5;
/// 3. substitutability: Σ_{e∈E} M_pe / X_p > 1 (the Commission's proxy of the capacity to
///    replace extra-EU imports by own production), 9999 when X_p = 0 as in GeoDep.
///
/// The Commission applied these to the EU as a whole (extra-EU imports, total EU exports); here
/// they apply to one reporter's flows, as SERV did for Belgium. Thresholds are options.
public struct EC2021: Sendable {
    public var hhi = 0.4
    public var share = 0.5
    public var substitutability = 1.0

    public init() {}

    public static let criteriaColumns = ["extra_eu_imports", "total_imports", "extra_eu_share", "hhi_extra_eu", "substitutability"]

    /// Screens every good the reporter imports in `year`.
    public func screen(_ data: TradeAggregates, year: Int, source: String) throws(InputError) -> DependencyScreening {
        guard data.yearsSeen.contains(year), let s = data.yearSlot(year) else {
            throw InputError(file: source, "the trade data has no rows for \(year)", hint: "give the trade file of \(year) with --trade, or the year it holds with --year")
        }
        let outside = data.outsideEU(in: year)
        var goods: [DependencyScreening.Good] = []
        for p in data.importedProducts(slots: [s]) {
            var good = data.baseGood(product: p, slot: s, year: year, outside: outside)
            let extra = good.nonEUImports, total = good.imports
            let h = data.withImports(slot: s, product: p) { Concentration.hhi($0, include: { outside[$0] }) }
            let x = data.reporterExports[s][p]
            let shareValue: Double? = total > 0 ? extra / total : nil
            let sub: Double? = extra > 0 ? (x > 0 ? extra / x : GeoDep.noExports) : nil
            good.criteria = [extra, total, shareValue, h, sub]
            good.dependent = (h ?? 0) > hhi && (shareValue ?? 0) > share && (sub ?? 0) > substitutability
            goods.append(good)
        }
        return DependencyScreening(method: .ec2021, reporter: data.countries.countries[data.reporter].iso3, year: year,
                                   criteriaColumns: Self.criteriaColumns,
                                   settings: [("hhi_extra_eu_threshold", "\(hhi)"), ("extra_eu_share_threshold", "\(share)"),
                                              ("substitutability_threshold", "\(substitutability)"), ("eu_members", EUMembership.name(in: year))],
                                   goods: goods)
    }
}
