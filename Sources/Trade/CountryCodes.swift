import IOTables

/// The countries of a BACI release, from its `country_codes_V….csv`: numeric code → ISO3 and name.
///
/// Columns are found by name, so that both layouts CEPII has published are read:
/// `country_code,country_name,country_iso2,country_iso3` (V202401 and later) and
/// `country_code,country_name_abbreviation,country_name_full,iso_2digit_alpha,iso_3digit_alpha`
/// (earlier releases).
public struct CountryCodes: Sendable {
    public struct Country: Sendable {
        public var code: Int
        public var iso3: String
        public var iso2: String
        public var name: String
    }

    /// The path as the user gave it, for messages.
    public let path: String
    /// In file order; a country's position here is its dense index in `TradeAggregates`.
    public private(set) var countries: [Country] = []
    /// Numeric code → dense index (−1 when the code is not listed); codes are 0 … 9999. The
    /// readers' inner loop looks codes up here.
    private(set) var indexByCode = [Int32](repeating: -1, count: 10_000)
    private var indexByISO3: [String: Int] = [:]

    public init(path: String) throws(InputError) {
        self.path = path
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else {
            throw InputError(file: path, "the file is empty", hint: "give BACI's country_codes_V….csv (header country_code,country_name,country_iso2,country_iso3)")
        }
        let header = csv.strings(row: 0).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ names: [String]) throws(InputError) -> Int {
            if let k = header.firstIndex(where: names.contains) { return k }
            throw InputError(file: path, line: csv.rows[0].line, column: 1, "no column \(names[0]) in the header (found \(header.joined(separator: ",")))",
                             hint: "give BACI's country_codes_V….csv, whose header is country_code,country_name,country_iso2,country_iso3")
        }
        let codeColumn = try column(["country_code"])
        let iso3Column = try column(["country_iso3", "iso_3digit_alpha"])
        let iso2Column = header.firstIndex(where: ["country_iso2", "iso_2digit_alpha"].contains)
        let nameColumn = header.firstIndex(where: ["country_name", "country_name_abbreviation", "country_name_full"].contains)
        for r in 1..<csv.rows.count {
            let row = csv.rows[r]
            guard row.count == header.count else {
                throw InputError(file: path, line: row.line, column: min(row.count, header.count) + 1, "row has \(row.count) fields, the header \(header.count)",
                                 hint: "a ragged row: add or remove cells so every row matches the header")
            }
            let codeText = csv.string(row: r, field: codeColumn).trimmingCharacters(in: .whitespaces)
            guard let code = Int(codeText), (0..<10_000).contains(code) else {
                throw InputError(file: path, line: row.line, column: codeColumn + 1, "\"\(codeText)\" is not a numeric country code",
                                 hint: "BACI country codes are integers such as 56 (Belgium) or 156 (China)")
            }
            guard indexByCode[code] < 0 else {
                throw InputError(file: path, line: row.line, column: codeColumn + 1, "country code \(code) is listed twice", hint: "keep one row per code")
            }
            let iso3 = csv.string(row: r, field: iso3Column).trimmingCharacters(in: .whitespaces).uppercased()
            indexByCode[code] = Int32(countries.count)
            if !iso3.isEmpty, indexByISO3[iso3] == nil { indexByISO3[iso3] = countries.count }
            countries.append(Country(code: code, iso3: iso3, iso2: iso2Column.map { csv.string(row: r, field: $0).trimmingCharacters(in: .whitespaces).uppercased() } ?? "",
                                     name: nameColumn.map { csv.string(row: r, field: $0) } ?? iso3))
        }
        guard !countries.isEmpty else {
            throw InputError(file: path, line: csv.rows[0].line, "the file lists no countries", hint: "give BACI's country_codes_V….csv")
        }
    }

    public var count: Int { countries.count }

    /// The dense index of a numeric code, or nil.
    public func index(code: Int) -> Int? {
        guard (0..<indexByCode.count).contains(code) else { return nil }
        let k = indexByCode[code]
        return k < 0 ? nil : Int(k)
    }

    /// The dense index of an ISO3 code (case-insensitive), or nil.
    public func index(iso3: String) -> Int? { indexByISO3[iso3.uppercased()] }

    /// The dense index of an ISO2 code (Comext partners), or nil.
    public func index(iso2: String) -> Int? {
        let code = iso2.uppercased()
        return countries.firstIndex { $0.iso2 == code }
    }

    /// The ISO3 codes known, for "did you mean".
    public var iso3Codes: [String] { countries.map(\.iso3).filter { !$0.isEmpty } }
}
