import Foundation
import IOTables

/// The report's explanation of a supply-constrained run (docs/report.md): where the missing supply
/// went, why the sectors fell, the decomposition with its chart, and the criticality drivers;
/// from supply.csv, supply_by_product.csv, impacts.csv (binding, chain), decomposition.csv and
/// criticality_drivers.csv when the run directory has them.
extension HTMLReport {
    func explanationTable(_ name: String) throws(InputError) -> RunDirectory.Table? {
        let path = run.path + "/" + name
        return FileManager.default.fileExists(atPath: path) ? try RunDirectory.Table(path: path) : nil
    }

    func explanationSections() throws(InputError) -> String {
        var s = ""
        s += try supplySection()
        s += try chainSection()
        s += try decompositionSection()
        s += try driversSection()
        return s
    }

    func supplySection() throws(InputError) -> String {
        guard let products = try explanationTable("supply_by_product.csv") else { return "" }
        var s = "<section><h2>Where the missing supply went</h2>"
        s += "<table class=\"data\"><thead><tr><th>product</th><th class=\"num\">imports</th><th class=\"num\">lost</th><th class=\"num\">% of imports</th><th class=\"num\">total supply</th><th class=\"num\">% of total supply</th></tr></thead><tbody>"
        for r in products.rows.indices {
            s += "<tr><td>\(htmlEscape(products.text(r, "product"))) \(htmlEscape(products.text(r, "name")))</td>"
            for (c, digits) in [("imports", 1), ("lost", 1), ("imports_lost_pct", 2), ("total_supply", 1), ("total_supply_lost_pct", 2)] {
                s += "<td class=\"num\">\(htmlEscape(Self.number(try products.number(r, c), digits: digits)))</td>"
            }
            s += "</tr>"
        }
        s += "</tbody></table>"
        if let ratios = run.json("explanation", "loss_per_unit_of_missing_imports") as? [String: Any] {
            let order = ["output", "value_added"] + ratios.keys.filter { $0 != "output" && $0 != "value_added" }.sorted()
            let text = order.compactMap { k in (ratios[k] as? NSNumber).map { "\(Self.number($0.doubleValue, digits: 2)) of \(k.replacingOccurrences(of: "_", with: " "))" } }
            s += "<p>Lost per \(htmlEscape(unit)) of missing imports: \(htmlEscape(text.joined(separator: ", "))).</p>"
        }
        if let outside = run.number("explanation", "share_of_loss_outside_own_sectors") {
            s += "<p>\(htmlEscape(Self.number(100 * outside, digits: 1))) % of the output change falls outside the shocked products' own sectors.</p>"
        }
        if let supply = try explanationTable("supply.csv") {
            var byUser: [String: (baseline: Double, lost: Double)] = [:]
            for r in supply.rows.indices {
                let user = supply.text(r, "user")
                byUser[user, default: (0, 0)].baseline += try supply.number(r, "baseline")
                byUser[user, default: (0, 0)].lost += try supply.number(r, "lost")
            }
            let top = byUser.filter { $0.value.lost > 0 }.sorted { $0.value.lost != $1.value.lost ? $0.value.lost > $1.value.lost : $0.key < $1.key }.prefix(self.top)
            if !top.isEmpty {
                let bars = top.map { HTMLChart.Bar(label: $0.key, end: -$0.value.lost, valueText: Self.number(-$0.value.lost),
                                                   tooltip: "\($0.key): \(Self.number($0.value.lost)) of \(Self.number($0.value.baseline)) \(unit) not delivered") }
                s += HTMLChart.horizontalBars(bars, title: "Supply not delivered, by user (\(unit), \(period); all in supply.csv)", axisLabel: "supply lost (\(unit))", color: "#d68910", id: "chart-supply")
                s += "<p class=\"note\">Users are industries (by code), final-demand categories and re_exports (imported products in the export columns).</p>"
            }
        }
        return s + "</section>\n"
    }

    func chainSection() throws(InputError) -> String {
        let impacts = run.impacts
        guard impacts.has("chain") else { return "" }
        var groups: [String: (count: Int, change: Double, largest: [(String, Double)])] = [:]
        for r in impacts.rows.indices {
            let chain = impacts.text(r, "chain")
            guard !chain.isEmpty else { continue }
            let change = try impacts.number(r, "output_change")
            groups[chain, default: (0, 0, [])].count += 1
            groups[chain, default: (0, 0, [])].change += change
            groups[chain, default: (0, 0, [])].largest.append((impacts.text(r, "code"), change))
        }
        guard !groups.isEmpty else { return "" }
        var s = "<section><h2>Why the sectors fell</h2><p class=\"note\">Each sector below its baseline is bound by one constraint at the solution; the chain follows the binding constraints back to the shock (<code>ioshock explain DIR --sector CODE</code> tells one in words).</p>"
        s += "<table class=\"data\"><thead><tr><th>chain</th><th class=\"num\">sectors</th><th class=\"num\">output change</th><th>largest</th></tr></thead><tbody>"
        for (chain, g) in groups.sorted(by: { $0.value.change != $1.value.change ? $0.value.change < $1.value.change : $0.key < $1.key }).prefix(10) {
            let largest = g.largest.sorted { $0.1 < $1.1 }.prefix(4).map(\.0).joined(separator: ", ")
            s += "<tr><td>\(htmlEscape(chain))</td><td class=\"num\">\(g.count)</td><td class=\"num\">\(htmlEscape(Self.number(g.change)))</td><td>\(htmlEscape(largest))</td></tr>"
        }
        return s + "</tbody></table></section>\n"
    }

    func decompositionSection() throws(InputError) -> String {
        guard let d = try explanationTable("decomposition.csv") else { return "" }
        var bars: [HTMLChart.Bar] = []
        var table = "<table class=\"data\"><thead><tr><th>component</th><th class=\"num\">output change</th><th class=\"num\">value added change</th></tr></thead><tbody>"
        for r in d.rows.indices {
            let name = d.text(r, "component")
            let output = try d.number(r, "output_change"), va = try d.number(r, "value_added_change")
            if name != "total" { bars.append(HTMLChart.Bar(label: name.replacingOccurrences(of: "_", with: " "), end: output, valueText: Self.number(output), tooltip: "\(name): \(Self.number(output)) \(unit)")) }
            table += "<tr><td>\(htmlEscape(name))</td><td class=\"num\">\(htmlEscape(Self.number(output)))</td><td class=\"num\">\(htmlEscape(Self.number(va)))</td></tr>"
        }
        table += "</tbody></table>"
        var s = "<section><h2>Decomposition of the loss</h2>"
        s += HTMLChart.horizontalBars(bars, title: "Output change by component (\(unit), \(period))", axisLabel: "output change (\(unit))", color: "#1a5276", id: "chart-decomposition")
        s += table + "<p class=\"note\">The components add up to the total: the shocked products' own sectors; the other sectors bound by a critical input or capacity (downstream); the other sectors bound by demand, split into their lower sales to industries (upstream) and to final users.</p>"
        return s + "</section>\n"
    }

    func driversSection() throws(InputError) -> String {
        guard let d = try explanationTable("criticality_drivers.csv"), !d.rows.isEmpty else { return "" }
        var s = "<section><h2>Which criticality entries carry the loss</h2><p class=\"note\">Each entry (input → user, or input → every user) re-solved with the input no longer binding the user, on the same factorisation; entries screened on the binding chains.</p>"
        s += "<table class=\"data\"><thead><tr><th>input</th><th>user</th><th class=\"num\">weight</th><th class=\"num\">output regained</th><th class=\"num\">% of the loss</th><th class=\"num\">value added regained</th></tr></thead><tbody>"
        for r in d.rows.indices {
            let user = d.text(r, "user")
            s += "<tr><td>\(htmlEscape(d.text(r, "input")))</td><td>\(htmlEscape(user == "*" ? "every user" : user))</td><td class=\"num\">\(htmlEscape(d.text(r, "weight")))</td>"
            for (c, digits) in [("output_regained", 1), ("output_regained_pct_of_loss", 2), ("value_added_regained", 1)] {
                s += "<td class=\"num\">\(htmlEscape(Self.number(try d.number(r, c), digits: digits)))</td>"
            }
            s += "</tr>"
        }
        return s + "</tbody></table></section>\n"
    }
}
