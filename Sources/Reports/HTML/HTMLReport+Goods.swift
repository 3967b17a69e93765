import Foundation
import IOTables

/// The dependency list of a run with goods shocks (run.json `goods_translation`, docs/report.md):
/// each HS6 good cut, the table product it maps onto, its origin, its value and its product's, the
/// product cut it became (cut_p = cut × goods value / product value, docs/scenarios.md "Goods
/// shocks"), beside the impacts of the sectors the cut hits: the product's own sector and the
/// users of its imports (those the shock names, else every user).
extension HTMLReport {
    /// One product of one goods shock, as run.json records it.
    struct GoodsRow {
        var product: String?
        var origin: String
        var goods: [String]
        /// Per good, when run.json has `goods_values` (same order as `goods`).
        var goodValues: [Double]?
        var goodsValue: Double
        var productValue: Double
        var goodsCut: Double
        var cut: Double
        var reason: String?
        var line: Int?
    }

    var goodsRows: [GoodsRow] {
        guard let list = run.json("goods_translation") as? [[String: Any]] else { return [] }
        return list.map { g in
            func number(_ key: String) -> Double { (g[key] as? NSNumber)?.doubleValue ?? 0 }
            let goods = g["goods"] as? [String] ?? []
            let values = (g["goods_values"] as? [NSNumber])?.map(\.doubleValue)
            return GoodsRow(product: g["product"] as? String, origin: g["origin"] as? String ?? "", goods: goods,
                            goodValues: values?.count == goods.count ? values : nil, goodsValue: number("goods_value"),
                            productValue: number("product_value"), goodsCut: number("goods_cut"), cut: number("cut"),
                            reason: g["reason"] as? String, line: (g["line"] as? NSNumber)?.intValue)
        }
    }

    /// The named users of the import shock that a goods shock on `product` became (same line), nil
    /// when it names none.
    func namedUsers(product: String, line: Int?) -> [String]? {
        guard let shocks = run.json("shocks") as? [[String: Any]] else { return nil }
        let shock = shocks.first { s in
            (s["products"] as? [String])?.contains(product) == true && (s["line"] as? NSNumber)?.intValue == line && s["kind"] as? String == "import"
        }
        return shock?["users"] as? [String]
    }

    /// A sector's output change and its percentage, from impacts.csv.
    func impact(of code: String) -> (name: String, change: Double, percent: Double)? {
        let impacts = run.impacts
        guard let r = impacts.rows.indices.first(where: { impacts.text($0, "code") == code }),
              let change = impacts.optionalNumber(r, "output_change") else { return nil }
        let base = impacts.optionalNumber(r, "baseline_output") ?? 0
        let percent = impacts.optionalNumber(r, "output_change_pct") ?? (base == 0 ? 0 : 100 * change / base)
        return (impacts.text(r, "name"), change, percent)
    }

    func goodsSection() -> String {
        let rows = goodsRows
        guard !rows.isEmpty else { return "" }
        let tradeUnit = run.string("trade", "format") == "comext" ? "euros" : "thousand USD"
        let year = run.number("trade", "year").map { CheckedInteger.wholeText($0) } ?? "?"
        let reporter = run.string("trade", "reporter") ?? "?"
        var s = "<section id=\"goods\"><h2>Goods cut and the sectors they hit</h2>"
        s += "<p class=\"note\">Imports of \(htmlEscape(reporter)) in \(htmlEscape(year)) in the trade data (\(htmlEscape(tradeUnit))). "
        s += "Each product's cut is the goods' cut × goods value / product value (all its goods from outside the EU); "
        s += "the output changes are this run's (\(htmlEscape(unit)), \(htmlEscape(period))).</p>"
        s += "<div class=\"scroll\"><table class=\"data goods\"><thead><tr><th>hs6</th><th>cpa</th><th>origin</th>"
        s += "<th class=\"num\">goods value</th><th class=\"num\">product value</th><th class=\"num\">goods cut</th><th class=\"num\">product cut</th>"
        s += "<th class=\"num\">product's sector: output change</th><th class=\"num\">%</th><th>users hit: output change %</th></tr></thead><tbody>"
        for row in rows {
            let span = max(1, row.goods.count)
            let spanAttribute = span > 1 ? " rowspan=\"\(span)\"" : ""
            for (k, hs6) in (row.goods.isEmpty ? [""] : row.goods).enumerated() {
                s += "<tr><td>\(htmlEscape(hs6))</td>"
                let value = row.goodValues?[k] ?? (span == 1 ? row.goodsValue : nil)
                guard k == 0 else {
                    s += "<td class=\"num\">\(value.map { htmlEscape(Self.number($0)) } ?? "")</td></tr>"
                    continue
                }
                guard let product = row.product else {
                    s += "<td>—</td><td>\(htmlEscape(row.origin))</td><td class=\"num\">\(htmlEscape(Self.number(row.goodsValue)))</td>"
                    s += "<td colspan=\"6\">maps onto no product: \(htmlEscape(row.reason ?? "not in the correspondence")); no cut</td></tr>"
                    continue
                }
                let sector = impact(of: product)
                s += "<td\(spanAttribute)>\(htmlEscape(product))\(sector.map { " " + htmlEscape($0.name) } ?? "")</td><td\(spanAttribute)>\(htmlEscape(row.origin))</td>"
                s += "<td class=\"num\">\(value.map { htmlEscape(Self.number($0)) } ?? "")</td>"
                s += "<td class=\"num\"\(spanAttribute)>\(htmlEscape(Self.number(row.productValue)))</td>"
                s += "<td class=\"num\"\(spanAttribute)>\(htmlEscape(String(format: "%.4g", row.goodsCut)))</td>"
                s += "<td class=\"num\"\(spanAttribute)>\(htmlEscape(String(format: "%.4g", row.cut)))</td>"
                s += "<td class=\"num\"\(spanAttribute)>\(sector.map { htmlEscape(Self.number($0.change)) } ?? "—")</td>"
                s += "<td class=\"num\"\(spanAttribute)>\(sector.map { htmlEscape(Self.number($0.percent, digits: 2)) } ?? "—")</td>"
                let users: String
                if let named = namedUsers(product: product, line: row.line) {
                    users = named.map { code in impact(of: code).map { "\(code) \(Self.number($0.percent, digits: 2))" } ?? code }.joined(separator: "; ")
                } else {
                    users = "every user of imported \(product)"
                }
                s += "<td\(spanAttribute)>\(htmlEscape(users))</td></tr>"
            }
        }
        return s + "</tbody></table></div></section>\n"
    }
}
