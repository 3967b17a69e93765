import Foundation
import IOTables
import Trade

/// The `[trade]` table of a scenario: the trade data goods shocks are translated with.
public struct TradeSource: Sendable {
    /// Paths resolved relative to the scenario file.
    public var data: [String]
    public var format: String
    public var countryCodes: String
    public var correspondence: String
    public var reporter: String
    public var year: Int
    /// The year whose EU membership `non-EU` means for the table's `non_eu` column: the table's
    /// year (FPB 2015: outside the EU-28), else the trade year.
    public var membershipYear: Int
}

/// One CPA product's cut from one goods shock (run.json `goods_translation`):
/// cut_p = cut × goods_value / product_value (docs/scenarios.md, "Goods shocks").
public struct GoodsTranslation: Sendable {
    /// The table product, nil for goods that map onto none (then `reason` says why).
    public var product: Int?
    public var origin: String
    /// The shock's cut of the goods, and the cut of the product it becomes.
    public var goodsCut: Double
    public var cut: Double
    /// The reporter's imports of the shock's goods in the product from the origin, and of all
    /// goods of the product from outside the EU (the table's `non_eu` column).
    public var goodsValue: Double
    public var productValue: Double
    public var goods: [String]
    /// Each good's own value in `goodsValue` (same order as `goods`; they sum to it).
    public var goodValues: [Double]
    public var reason: String?
    public var line: Int
}

/// Loaded `[trade]` data, cached so that Monte Carlo draws (one parse per draw) read it once.
struct LoadedTrade: @unchecked Sendable {
    var source: TradeSource
    var data: TradeAggregates
    var bridge: HSBridge

    nonisolated(unsafe) static var cache: [String: LoadedTrade] = [:]
    static let lock = NSLock()
}

extension Scenario {
    /// The keys of `[trade]` (docs/scenarios.md, "Goods shocks").
    static let tradeKeys = ["data", "format", "country_codes", "correspondence", "reporter", "year"]

    /// Reads `[trade]` (data, format, country_codes, correspondence, reporter, year) and loads
    /// the data; nil when the scenario has none.
    static func parseTrade(_ root: inout TOMLFields, path: String, table: IOTable) throws(InputError) -> LoadedTrade? {
        guard var t = try root.table("trade") else { return nil }
        // A misspelt key is reported as such ("did you mean"), before a missing key it stands for.
        try t.rejectUnknownKeys(allowed: tradeKeys)
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardizedFileURL.path }
        guard let dataList = try t.strings("data"), !dataList.isEmpty else {
            throw InputError(file: path, line: t.table.position.line, column: t.table.position.column, "missing key \"data\" in [trade]",
                             hint: "add data = [\"BACI_HS17_Y2022_V202401b.csv\"] (paths relative to the scenario file)")
        }
        let format = try t.string("format") ?? "baci"
        guard ["baci", "comext"].contains(format) else {
            throw t.error("format", "unknown trade format \"\(format)\"", hint: Suggestions.didYouMean(format, among: ["baci", "comext"]) ?? "use baci or comext")
        }
        let codesPath = resolve(try t.requiredString("country_codes", example: "\"country_codes_V202401b.csv\""))
        let correspondencePath = resolve(try t.requiredString("correspondence", example: "\"hs6_cpa.csv\""))
        let reporter = try t.requiredString("reporter", example: "\"BEL\"")
        guard let year = try t.integer("year") else {
            throw InputError(file: path, line: t.table.position.line, column: t.table.position.column, "missing key \"year\" in [trade]", hint: "add year = 2022 (the year of the trade data to translate with)")
        }
        let source = TradeSource(data: dataList.map { resolve($0.0) }, format: format, countryCodes: codesPath, correspondence: correspondencePath,
                                 reporter: reporter.uppercased(), year: year, membershipYear: table.metadata.year ?? year)
        let key = ([format, codesPath, correspondencePath, source.reporter, "\(year)"] + source.data + table.codes).joined(separator: "\u{1}")
        LoadedTrade.lock.lock()
        let cached = LoadedTrade.cache[key]
        LoadedTrade.lock.unlock()
        if let cached { return cached }
        let countries = try CountryCodes(path: codesPath)
        guard let reporterIndex = countries.index(iso3: reporter) else {
            throw t.error("reporter", "reporter \"\(reporter)\" is not an ISO3 code of \(codesPath)",
                          hint: Suggestions.didYouMean(reporter.uppercased(), among: countries.iso3Codes) ?? "give an ISO3 code such as BEL")
        }
        var data = TradeAggregates(countries: countries, reporter: reporterIndex, years: [year])
        for file in source.data {
            if format == "comext" { try ComextReader.read(file, into: &data) } else { try BACIReader.read(file, into: &data) }
        }
        guard data.yearsSeen.contains(year) else {
            throw t.error("year", "the trade data has no rows for \(year)", hint: "give the year the files hold, or add its file to data")
        }
        let loaded = LoadedTrade(source: source, data: data, bridge: try HSBridge(correspondence: correspondencePath, tableCodes: table.codes))
        LoadedTrade.lock.lock()
        LoadedTrade.cache[key] = loaded
        LoadedTrade.lock.unlock()
        return loaded
    }

    /// A `[[shock]]` with `goods` or `goods_file`: one import shock per CPA product its goods map
    /// onto, cut_p = cut × (imports of the goods of p from the origin) / (imports of every good
    /// of p from outside the EU), on the table's `non_eu` column. Nil for any other shock.
    static func parseGoodsShock(_ s: inout TOMLFields, trade: LoadedTrade?, table: IOTable, path: String) throws(InputError) -> (shocks: [Shock], translation: [GoodsTranslation])? {
        guard s.has("goods") || s.has("goods_file") else {
            if s.has("dependent_only") { throw s.error("dependent_only", "dependent_only applies to goods_file", hint: "add goods_file = \"dependencies.csv\", or remove dependent_only") }
            return nil
        }
        let line = s.table.position.line
        let goodsKey = s.table["goods"] != nil ? "goods" : "goods_file"
        if s.table["goods"] != nil, s.table["goods_file"] != nil {
            throw s.error("goods_file", "a shock takes goods or goods_file, not both", hint: "list the goods in one of them")
        }
        for key in ["products", "product", "sectors", "sections"] where s.table[key] != nil {
            throw s.error(key, "a goods shock names HS6 goods, not \(key); ioshock finds their products through the correspondence", hint: "remove \(key), or make a separate shock for the products")
        }
        if let kind = try s.string("kind"), kind != Shock.Kind.imports.rawValue {
            throw s.error("kind", "a goods shock is an import shock, found kind = \"\(kind)\"", hint: "remove kind, or use products = [...] for a \(kind) shock")
        }
        guard let trade else {
            throw s.error(goodsKey, "a goods shock needs the trade data of a [trade] table to find what the goods weigh in their products",
                          hint: "add [trade] with data, country_codes, correspondence, reporter and year (docs/scenarios.md, \"Goods shocks\")")
        }
        let cut = try parseCut(&s, path: path, line: line)
        // The goods, as six-digit codes, with the position each was named at.
        var goods: [(String, SourcePosition)] = []
        var fromFile = false
        if let list = try s.strings("goods") {
            for (text, position) in list {
                guard let hs6 = HSBridge.hs6(text) else {
                    throw InputError(file: path, line: position.line, column: position.column, "\"\(text)\" is not an HS6 code", hint: "write six digits, e.g. \"850511\"")
                }
                goods.append((hs6, position))
            }
        } else if let file = try s.string("goods_file") {
            fromFile = true
            let base = URL(fileURLWithPath: path).deletingLastPathComponent()
            let resolved = file.hasPrefix("/") ? file : base.appendingPathComponent(file).standardizedFileURL.path
            let dependentOnly = try s.bool("dependent_only") ?? false
            goods = try readGoodsFile(resolved, dependentOnly: dependentOnly).map { ($0, s.table["goods_file"]!.position) }
        }
        guard !goods.isEmpty else {
            throw s.error(goodsKey, "the shock names no goods" + (fromFile ? " (no row of the file is dependent)" : ""), hint: "list HS6 codes, e.g. goods = [\"850511\"]")
        }
        // The origin: non-EU, or ISO3 countries outside the EU.
        let data = trade.data, countries = data.countries
        let membershipYear = trade.source.membershipYear
        let outsideEU = countries.countries.enumerated().map { k, c in k != data.reporter && !EUMembership.isMember(c.iso3, in: membershipYear) }
        var originMask = outsideEU
        var originName = "non-EU"
        if let node = s.table["origin"], case .array = node.value {
            let list = try s.strings("origin") ?? []
            guard !list.isEmpty else { throw s.error("origin", "origin lists no country", hint: "e.g. origin = [\"CHN\"]") }
            originMask = [Bool](repeating: false, count: countries.count)
            for (iso3, position) in list {
                guard let k = countries.index(iso3: iso3) else {
                    throw InputError(file: path, line: position.line, column: position.column, "unknown country \"\(iso3)\" (not an ISO3 code of \(trade.source.countryCodes))",
                                     hint: Suggestions.didYouMean(iso3.uppercased(), among: countries.iso3Codes) ?? "give ISO3 codes such as CHN")
                }
                guard outsideEU[k] else {
                    throw InputError(file: path, line: position.line, column: position.column, "\(iso3.uppercased()) is \(k == data.reporter ? "the reporter" : "in the EU in \(membershipYear), the year of the table's origins")",
                                     hint: "a goods shock cuts the table's non_eu column; name countries outside the EU")
                }
                originMask[k] = true
            }
            originName = list.map { $0.0.uppercased() }.joined(separator: ", ")
        } else if let name = try s.string("origin") {
            guard name.lowercased() == "non-eu" else {
                throw s.error("origin", "a goods shock's origin is \"non-EU\" or a list of ISO3 countries, found \"\(name)\"",
                              hint: Suggestions.didYouMean(name, among: ["non-EU"]).map { $0 + " or origin = [\"CHN\"]" } ?? "use origin = \"non-EU\" or origin = [\"CHN\"]")
            }
        }
        guard let labels = table.importOrigin?.labels, labels.contains("non_eu") else {
            throw s.error("origin", "the table has no non_eu column in import_origin.csv, so goods imported from outside the EU cannot be cut", hint: "use a table with import_origin.csv (euro_area, rest_of_eu, non_eu)")
        }
        let users = try parseUsers(&s, kind: .imports, table: table, path: path)

        // Goods by product; goods that map nowhere are refused when named, recorded when read from a file.
        var byProduct: [Int: [String]] = [:]
        var translation: [GoodsTranslation] = []
        let slot = data.yearSlot(trade.source.year)!
        func imports(_ hs6: String, _ mask: [Bool]) -> Double {
            guard let hs = Int(hs6), let p = data.productIndex(hs: hs) else { return 0 }
            return data.imports(slot: slot, product: p, from: mask)
        }
        for (hs6, position) in goods {
            switch trade.bridge.product(ofGood: hs6) {
            case let .success(p): if !(byProduct[p]?.contains(hs6) ?? false) { byProduct[p, default: []].append(hs6) }
            case let .failure(why):
                guard fromFile else {
                    throw InputError(file: path, line: position.line, column: position.column, "good \(hs6) maps onto no product of the table: \(why.reason) (\(trade.source.correspondence))",
                                     hint: "add it to the correspondence, or remove it from goods")
                }
                translation.append(GoodsTranslation(product: nil, origin: originName, goodsCut: cut, cut: 0, goodsValue: imports(hs6, originMask), productValue: 0,
                                                    goods: [hs6], goodValues: [imports(hs6, originMask)], reason: why.reason, line: line))
            }
        }
        // All goods of each product in the trade data, from outside the EU.
        var productValue: [Int: Double] = [:]
        for (k, hs) in data.products.enumerated() {
            guard case let .success(p) = trade.bridge.product(ofGood: TradeAggregates.hs6Text(hs)), byProduct[p] != nil else { continue }
            productValue[p, default: 0] += data.imports(slot: slot, product: k, from: outsideEU)
        }
        var shocks: [Shock] = []
        for p in byProduct.keys.sorted() {
            let values = byProduct[p]!.map { imports($0, originMask) }
            let goodsValue = values.reduce(0, +)
            let total = productValue[p] ?? 0
            let productCut = total > 0 ? cut * goodsValue / total : 0
            translation.append(GoodsTranslation(product: p, origin: originName, goodsCut: cut, cut: productCut, goodsValue: goodsValue, productValue: total,
                                                goods: byProduct[p]!, goodValues: values, reason: nil, line: line))
            var shock = Shock(kind: .imports, sectors: [p], origins: ["non_eu"], originName: originName, size: productCut, line: line)
            shock.users = users
            try parseTiming(&s, into: &shock)
            shocks.append(shock)
        }
        if shocks.isEmpty {
            var unused = Shock(kind: .imports, sectors: [], size: 0, line: line)
            try parseTiming(&s, into: &unused)
        }
        return (shocks, translation)
    }

    /// The goods of a `goods_file`: its `hs6` column, only rows with `dependent` = true when
    /// `dependentOnly` (the layout of dependencies.csv).
    static func readGoodsFile(_ path: String, dependentOnly: Bool) throws(InputError) -> [String] {
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else { throw InputError(file: path, "the file is empty", hint: "give dependencies.csv written by ioshock dependencies, or a CSV with an hs6 column") }
        let header = csv.strings(row: 0).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let h = header.firstIndex(of: "hs6") else {
            throw InputError(file: path, line: csv.rows[0].line, column: 1, "no hs6 column in the header", hint: "give dependencies.csv written by ioshock dependencies, or a CSV with an hs6 column")
        }
        let d = header.firstIndex(of: "dependent")
        if dependentOnly, d == nil {
            throw InputError(file: path, line: csv.rows[0].line, column: 1, "dependent_only = true, but the file has no dependent column", hint: "give dependencies.csv written by ioshock dependencies")
        }
        var goods: [String] = []
        for r in 1..<csv.rows.count {
            let row = csv.rows[r]
            guard row.count == header.count else {
                throw InputError(file: path, line: row.line, column: min(row.count, header.count) + 1, "row has \(row.count) fields, the header \(header.count)", hint: "a ragged row: add or remove cells so every row matches the header")
            }
            let text = csv.string(row: r, field: h)
            guard let hs6 = HSBridge.hs6(text) else {
                throw InputError(file: path, line: row.line, column: h + 1, "\"\(text)\" is not an HS6 code", hint: "write six digits, e.g. 850511")
            }
            if dependentOnly, let d {
                let flag = csv.string(row: r, field: d).trimmingCharacters(in: .whitespaces).lowercased()
                guard flag == "true" || flag == "false" else {
                    throw InputError(file: path, line: row.line, column: d + 1, "dependent is \"\(flag)\", not true or false", hint: "write true or false")
                }
                if flag != "true" { continue }
            }
            goods.append(hs6)
        }
        return goods
    }

    /// `users = ["27", "29"]` on an import shock: only those using sectors' purchases are cut.
    static func parseUsers(_ s: inout TOMLFields, kind: Shock.Kind, table: IOTable, path: String) throws(InputError) -> [Int]? {
        guard let list = try s.strings("users") else { return nil }
        guard kind == .imports else {
            throw s.error("users", "users applies to import shocks (whose purchases are cut), not to a \(kind.rawValue) shock", hint: "remove users, or make it an import shock")
        }
        guard !list.isEmpty else { throw s.error("users", "users lists no sector", hint: "name the using sectors, e.g. users = [\"27\", \"29\"], or remove users to cut every user") }
        var users: [Int] = []
        for (code, position) in list {
            // As in products: in a multi-regional table a product code names that product's
            // sector in every region, `region:code` one region's.
            let named = table.indices(named: code)
            guard !named.isEmpty else {
                throw InputError(file: path, line: position.line, column: position.column, "unknown sector code \"\(code)\" in users",
                                 hint: Suggestions.didYouMean(code, among: table.knownSectorNames) ?? "codes are those of sectors.csv")
            }
            for j in named where !users.contains(j) { users.append(j) }
        }
        return users.sorted()
    }

    /// Where named users need what the models support: the proportional allocation of imports.
    /// The static models (the per-user availability ρ_pj of the Pichler–Farmer rule), the
    /// dynamic model and its long run (supplies split by user, `OutsideSupplyByUser`) honour users.
    static func checkUsers(_ shocks: [Shock], model: ModelSpec, path: String) throws(InputError) {
        guard let shock = shocks.first(where: { $0.users != nil }) else { return }
        if model.importAllocation != "proportional" {
            throw InputError(file: path, line: shock.line, "users works with import_allocation = \"proportional\", found \"\(model.importAllocation)\"",
                             hint: "remove import_allocation from [model], or remove users")
        }
    }
}
