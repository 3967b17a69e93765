import IOTables

/// Reads Eurostat Comext bulk files into `TradeAggregates`, for `--method ec2021` (Comext has the
/// flows of EU declarants only, not the world exports GeoDep needs).
///
/// The files are the comma-separated CN8 extracts of Eurostat's bulk download facility, folder
/// `comext/COMEXT_DATA/PRODUCTS/` (docs/dependencies.md, "Comext layouts"), in either layout:
/// - **v2** (`full_v2_<YYYYMM>.7z`, from December 2024; `YYYY52` is the year): 17 columns
///   `REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,PRODUCT_CPA21,PRODUCT_BEC,PRODUCT_BEC5,
///   PRODUCT_SECTION,FLOW,STAT_PROCEDURE,SUPPL_UNIT,PERIOD,VALUE_EUR,VALUE_NAC,QUANTITY_KG,
///   QUANTITY_SUPPL_UNIT`, reporter and partner as ISO 3166 alpha-2 codes;
/// - **v1** (`full<YYYYMM>.dat`, earlier): `DECLARANT` (a numeric code) beside `DECLARANT_ISO`,
///   `PARTNER` (numeric) beside `PARTNER_ISO`, `TRADE_TYPE`, `PRODUCT_NC`, …, `FLOW`,
///   `STAT_REGIME`, …, `PERIOD`, `VALUE_IN_EUROS`, `QUANTITY_IN_KG`, ….
/// Columns are found by name, the ISO columns before the numeric ones of v1 whatever their
/// order. `PRODUCT_NC` is CN8; its first six digits are the HS6 good. `FLOW` 1 = imports,
/// 2 = exports. Rows of every statistical procedure or regime are summed, as their sum is the
/// trade of the period. Only the reporter's rows are kept; rows whose product is not eight digits
/// (aggregates, `X` special codes), whose partner is absent from the country codes (the `Q…`
/// codes for confidential, unallocated or stores trade) or whose value is empty or `:`
/// (confidential) are skipped and counted in `skipped`.
public enum ComextReader {
    public static func read(_ path: String, into data: inout TradeAggregates) throws(InputError) {
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else { throw InputError(file: path, "the file is empty", hint: "give a Comext bulk file (full_v2_YYYY52 or fullYYYY52.dat) with its header line") }
        let header = csv.strings(row: 0).map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        /// The first of `names` (in that order of preference) that the header has.
        func column(_ names: [String]) throws(InputError) -> Int {
            for name in names { if let k = header.firstIndex(of: name) { return k } }
            throw InputError(file: path, line: csv.rows[0].line, column: 1, "no column \(names.joined(separator: " or ")) in the header",
                             hint: "give a Comext bulk file: REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,…,FLOW,…,PERIOD,VALUE_EUR,… (full_v2_YYYYMM) or DECLARANT,DECLARANT_ISO,PARTNER,PARTNER_ISO,…,VALUE_IN_EUROS,… (fullYYYYMM.dat); BACI files are read with --format baci")
        }
        let declarant = try column(["DECLARANT_ISO", "REPORTER"]), partner = try column(["PARTNER_ISO", "PARTNER"])
        let product = try column(["PRODUCT_NC"]), flow = try column(["FLOW"]), period = try column(["PERIOD"])
        let value = try column(["VALUE_IN_EUROS", "VALUE_EUR"])
        let reporterISO2 = data.countries.countries[data.reporter].iso2
        var iso2Index: [String: Int] = [:]
        for (k, c) in data.countries.countries.enumerated() where !c.iso2.isEmpty { iso2Index[c.iso2] = k }
        var read = 0, kept = 0, skipped = 0
        var seen = Set<Int>()
        for r in 1..<csv.rows.count {
            let row = csv.rows[r]
            guard row.count == header.count else {
                throw InputError(file: path, line: row.line, column: min(row.count, header.count) + 1, "row has \(row.count) fields, the header \(header.count)",
                                 hint: "a ragged row: add or remove cells so every row matches the header")
            }
            read += 1
            guard csv.string(row: r, field: declarant).trimmingCharacters(in: .whitespaces).uppercased() == reporterISO2 else { continue }
            let periodText = csv.string(row: r, field: period).trimmingCharacters(in: .whitespaces)
            guard periodText.count == 6, let periodValue = Int(periodText) else {
                throw InputError(file: path, line: row.line, column: period + 1, "PERIOD \"\(periodText)\" is not YYYYMM", hint: "Comext periods are YYYYMM, or YYYY52 for a year")
            }
            guard let slot = data.yearSlot(periodValue / 100) else { continue }
            let cn = csv.string(row: r, field: product).trimmingCharacters(in: .whitespaces)
            guard cn.count == 8, cn.allSatisfy({ $0.isASCII && $0.isNumber }), let hs = Int(cn.prefix(6)) else { skipped += 1; continue }
            guard let p = iso2Index[csv.string(row: r, field: partner).trimmingCharacters(in: .whitespaces).uppercased()] else { skipped += 1; continue }
            let flowText = csv.string(row: r, field: flow).trimmingCharacters(in: .whitespaces)
            guard flowText == "1" || flowText == "2" else {
                throw InputError(file: path, line: row.line, column: flow + 1, "FLOW \"\(flowText)\" is neither 1 (imports) nor 2 (exports)", hint: "Comext flows are 1 = imports, 2 = exports")
            }
            let valueText = csv.string(row: r, field: value).trimmingCharacters(in: .whitespaces)
            if valueText.isEmpty || valueText == ":" { skipped += 1; continue }
            let v = try csv.number(row: r, field: value)
            guard v >= 0 else { throw InputError(file: path, line: row.line, column: value + 1, "negative trade value \(v)", hint: "Comext values are euros, 0 or more") }
            // As for BACI (`BACIReader.largestValue`): 1e15 EUR is far above world trade, and such
            // values would let the sums overflow.
            guard v <= 1e15 else {
                throw InputError(file: path, line: row.line, column: value + 1, "the trade value \(v) EUR is above 1e15, more than world trade", hint: "Comext values are euros; check this row")
            }
            guard p != data.reporter else { continue }
            data.addReporterFlow(slot: slot, partner: p, hs: hs, value: v, isImport: flowText == "1")
            kept += 1
            seen.insert(periodValue / 100)
        }
        data.noteRows(read: read, kept: kept, years: seen)
        data.noteSkipped(skipped)
    }
}
