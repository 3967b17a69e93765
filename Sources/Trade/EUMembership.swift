/// Membership of the European Union by calendar year, by ISO3 code.
///
/// A country counts as a member in every year from its accession year on, and up to the last
/// full year before it left: Croatia from 2013 (accession 1 July 2013, as Eurostat's EU28
/// aggregate counts it), the United Kingdom up to 2019 (it left on 31 January 2020; Eurostat's
/// EU27_2020 aggregate excludes it from 2020 on). So the EU has 28 members in 2013–2019 and 27
/// from 2020.
///
/// Where which definition applies (docs/dependencies.md): the screening (`ioshock dependencies`)
/// uses the members in each screened year; the FPB 2015 table's `non_eu` column means outside
/// the EU-28 of 2015, so a goods shock translated for that table (origin `non-EU`) uses the
/// members in the table's year.
public enum EUMembership {
    /// ISO3 → (first year, last year) of membership.
    public static let periods: [String: (from: Int, to: Int)] = {
        var m: [String: (Int, Int)] = [:]
        for c in ["BEL", "DEU", "FRA", "ITA", "LUX", "NLD"] { m[c] = (1958, 9999) }
        for c in ["DNK", "IRL"] { m[c] = (1973, 9999) }
        m["GBR"] = (1973, 2019)
        m["GRC"] = (1981, 9999)
        for c in ["ESP", "PRT"] { m[c] = (1986, 9999) }
        for c in ["AUT", "FIN", "SWE"] { m[c] = (1995, 9999) }
        for c in ["CYP", "CZE", "EST", "HUN", "LVA", "LTU", "MLT", "POL", "SVK", "SVN"] { m[c] = (2004, 9999) }
        for c in ["BGR", "ROU"] { m[c] = (2007, 9999) }
        m["HRV"] = (2013, 9999)
        return m
    }()

    /// Whether `iso3` is an EU member in `year`.
    public static func isMember(_ iso3: String, in year: Int) -> Bool {
        guard let p = periods[iso3.uppercased()] else { return false }
        return p.from <= year && year <= p.to
    }

    /// The members in `year`, sorted.
    public static func members(in year: Int) -> [String] {
        periods.keys.filter { isMember($0, in: year) }.sorted()
    }

    /// "EU27" or "EU28" for the membership of `year`, as Eurostat names the aggregate.
    public static func name(in year: Int) -> String { "EU\(members(in: year).count)" }
}
