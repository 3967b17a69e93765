import Foundation
import IOTables

/// The files `ioshock dependencies` writes (docs/dependencies.md, "Outputs"), as text.
extension DependencyScreening {
    /// Maps every good onto the table through the bridge; goods that map nowhere keep the reason.
    public mutating func bridge(_ bridge: HSBridge) {
        for k in goods.indices {
            goods[k].correspondenceCPA = bridge.cpaOfGood[goods[k].hs6]
            switch bridge.product(ofGood: goods[k].hs6) {
            case let .success(p): goods[k].product = p
            case let .failure(why): goods[k].unmapped = why
            }
        }
    }

    static func number(_ v: Double?) -> String {
        guard let v else { return "" }
        return CSVWriter.number(v)
    }

    /// dependencies.csv: `hs6,cpa,<criteria…>,dependent,imports,non_eu_imports,main_supplier,main_supplier_share`,
    /// one row per good by HS code; `cpa` is the table's product code (empty when unmapped).
    public func dependenciesCSV(tableCodes: [String]) -> String {
        var text = CSVWriter.line(["hs6", "cpa"] + criteriaColumns + ["dependent", "imports", "non_eu_imports", "main_supplier", "main_supplier_share"])
        for g in goods {
            text += CSVWriter.line([g.hs6, g.product.map { tableCodes[$0] } ?? ""] + g.criteria.map(Self.number)
                                   + [g.dependent ? "true" : "false", Self.number(g.imports), Self.number(g.nonEUImports),
                                      g.mainSupplier ?? "", Self.number(g.mainSupplierShare)])
        }
        return text
    }

    /// unmapped.csv: the goods that map onto no table product, with the reason.
    public func unmappedCSV() -> String {
        var text = CSVWriter.line(["hs6", "correspondence_cpa", "reason", "dependent", "imports"])
        for g in goods {
            guard let why = g.unmapped else { continue }
            text += CSVWriter.line([g.hs6, g.correspondenceCPA ?? "", why.reason, g.dependent ? "true" : "false", Self.number(g.imports)])
        }
        return text
    }

    static let summaryColumns = ["goods", "dependent_goods", "imports", "dependent_imports", "dependent_import_share",
                                 "non_eu_imports", "dependent_non_eu_imports", "dependent_non_eu_share"]

    static func summaryRow(_ members: [Good]) -> [String] {
        let dependent = members.filter(\.dependent)
        let imports = members.reduce(0) { $0 + $1.imports }, dependentImports = dependent.reduce(0) { $0 + $1.imports }
        let nonEU = members.reduce(0) { $0 + $1.nonEUImports }, dependentNonEU = dependent.reduce(0) { $0 + $1.nonEUImports }
        return ["\(members.count)", "\(dependent.count)", number(imports), number(dependentImports), number(imports > 0 ? dependentImports / imports : nil),
                number(nonEU), number(dependentNonEU), number(nonEU > 0 ? dependentNonEU / nonEU : nil)]
    }

    /// summary_by_product.csv: counts and values by table product, then `(unmapped)` and `total`.
    public func summaryByProductCSV(tableCodes: [String], names: [String]) -> String {
        var text = CSVWriter.line(["cpa", "name"] + Self.summaryColumns)
        let byProduct = Dictionary(grouping: goods.filter { $0.product != nil }, by: { $0.product! })
        for p in byProduct.keys.sorted() {
            text += CSVWriter.line([tableCodes[p], names[p]] + Self.summaryRow(byProduct[p]!))
        }
        let unmapped = goods.filter { $0.product == nil }
        if !unmapped.isEmpty { text += CSVWriter.line(["(unmapped)", "goods that map onto no product of the table"] + Self.summaryRow(unmapped)) }
        text += CSVWriter.line(["total", "all goods imported"] + Self.summaryRow(goods))
        return text
    }

    /// summary_by_ecosystem.csv from a user's `hs6,ecosystem` file (a good may sit in several
    /// ecosystems); goods in none are counted under `(none)`.
    public func summaryByEcosystemCSV(_ ecosystems: Ecosystems) -> String {
        var text = CSVWriter.line(["ecosystem"] + Self.summaryColumns)
        for name in ecosystems.names {
            text += CSVWriter.line([name] + Self.summaryRow(goods.filter { ecosystems.members[name]!.contains($0.hs6) }))
        }
        let none = goods.filter { ecosystems.ecosystemsOfGood[$0.hs6] == nil }
        if !none.isEmpty { text += CSVWriter.line(["(none)"] + Self.summaryRow(none)) }
        return text
    }

    /// scenario.toml: a ready scenario that cuts every dependent, mapped good entirely from its
    /// main supplier outside the EU, one shock per supplier (docs/dependencies.md).
    /// - Parameters: paths as the scenario must write them (relative to where it will sit).
    public func scenarioTOML(table: String, trade: [String], countryCodes: String, correspondence: String, format: String) -> String {
        let dependent = goods.filter { $0.dependent && $0.product != nil && $0.mainSupplier != nil }
        let bySupplier = Dictionary(grouping: dependent, by: { $0.mainSupplier! })
        var lines = [
            "# written by ioshock dependencies (\(method.rawValue), reporter \(reporter), \(year)); docs/dependencies.md",
            "title = \(TOMLWriter.string("Dependent goods of \(reporter) cut from their main non-EU suppliers"))",
            "description = \(TOMLWriter.string("\(dependent.count) goods found dependent by \(method.rawValue) in \(year), each cut entirely (cut = 1) from its largest supplier outside the EU. Edit the cuts, origins or users, or set dependent_only = true with goods_file = \"dependencies.csv\"."))",
            "table = \(TOMLWriter.string(table))",
            "",
            "[model]",
            "kind = \"supply-constrained\"",
            "",
            "[trade]",
            "data = \(TOMLWriter.strings(trade))",
            "format = \(TOMLWriter.string(format))",
            "country_codes = \(TOMLWriter.string(countryCodes))",
            "correspondence = \(TOMLWriter.string(correspondence))",
            "reporter = \(TOMLWriter.string(reporter))",
            "year = \(year)",
        ]
        if bySupplier.isEmpty {
            lines += ["", "# No good was found dependent, so this scenario has one shock on the dependency list, which is empty:",
                      "# ioshock check will say so. Lower the thresholds or screen another year.",
                      "[[shock]]", "goods_file = \"dependencies.csv\"", "dependent_only = true", "origin = \"non-EU\"", "cut = 1.0"]
        }
        for supplier in bySupplier.keys.sorted(by: { a, b in
            let va = bySupplier[a]!.reduce(0) { $0 + $1.imports }, vb = bySupplier[b]!.reduce(0) { $0 + $1.imports }
            return va != vb ? va > vb : a < b
        }) {
            let members = bySupplier[supplier]!
            lines += ["", "# \(members.count) good\(members.count == 1 ? "" : "s") whose largest non-EU supplier is \(supplier)",
                      "[[shock]]", "goods = \(TOMLWriter.strings(members.map(\.hs6)))", "origin = [\(TOMLWriter.string(supplier))]", "cut = 1.0"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A user's strategic ecosystems: `hs6,ecosystem`, one row per good and ecosystem.
public struct Ecosystems: Sendable {
    public private(set) var names: [String] = []
    public private(set) var members: [String: Set<String>] = [:]
    public private(set) var ecosystemsOfGood: [String: [String]] = [:]

    public init(path: String) throws(InputError) {
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else { throw InputError(file: path, "the file is empty", hint: "give a CSV with the header hs6,ecosystem") }
        let header = csv.strings(row: 0).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let h = header.firstIndex(of: "hs6"), let e = header.firstIndex(of: "ecosystem") else {
            throw InputError(file: path, line: csv.rows[0].line, column: 1, "the header \"\(header.joined(separator: ","))\" has no hs6 and ecosystem columns", hint: "write the header hs6,ecosystem")
        }
        for r in 1..<csv.rows.count {
            let row = csv.rows[r]
            guard row.count > max(h, e) else { throw InputError(file: path, line: row.line, column: row.count + 1, "row has \(row.count) fields, the header \(header.count)", hint: "each row is hs6,ecosystem") }
            let text = csv.string(row: r, field: h)
            guard let hs6 = HSBridge.hs6(text) else {
                throw InputError(file: path, line: row.line, column: h + 1, "\"\(text)\" is not an HS6 code", hint: "write six digits, e.g. 850511")
            }
            let name = csv.string(row: r, field: e).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw InputError(file: path, line: row.line, column: e + 1, "empty ecosystem name", hint: "name the ecosystem, e.g. health") }
            if members[name] == nil { names.append(name); members[name] = [] }
            members[name]!.insert(hs6)
            ecosystemsOfGood[hs6, default: []].append(name)
        }
    }
}
