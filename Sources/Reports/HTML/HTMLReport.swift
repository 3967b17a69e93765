import Foundation
import IOTables

/// One self-contained HTML page for a run directory (`ioshock report`, docs/report.md): the
/// scenario, data provenance, headline totals, the sectors with the largest losses, the NACE
/// sections, uncertainty bands (when the run has impacts_summary.csv), the dynamic path (when it
/// has timeseries.csv) and the full impact table. No network, no external scripts or fonts; the
/// charts are SVG written here and every text is escaped.
public struct HTMLReport {
    public let run: RunDirectory
    /// Sectors shown in the bar chart.
    public var top: Int

    public init(run: RunDirectory, top: Int = 15) {
        self.run = run
        self.top = top
    }

    var unit: String { run.string("table", "unit") ?? "" }
    var title: String { run.string("scenario", "title") ?? URL(fileURLWithPath: run.path).lastPathComponent }
    /// The period the flows cover: the shock's days, a dynamic run's horizon, else the table's year.
    var period: String {
        if let d = run.number("period_days") { return "over \(ImpactReport.days(d)) days" }
        if let h = run.number("horizon_days") { return "over \(ImpactReport.days(h)) days" }
        return "over 365 days"
    }

    /// A dynamic run (run.json has horizon_days).
    var isDynamic: Bool { run.number("horizon_days") != nil }

    static func number(_ v: Double, digits: Int = 1) -> String { ResultTable.Cell.grouped(v, digits: digits) }

    /// A `kind = "price"` run: impacts.csv holds price indices, totals.csv the cost of final use.
    var isPriceRun: Bool { run.json("price_model") != nil }

    /// The products with the largest price rises (price runs).
    func priceChart() throws(InputError) -> String {
        let impacts = run.impacts
        var rows: [(row: Int, change: Double)] = []
        for r in impacts.rows.indices { rows.append((r, try impacts.number(r, "price_change_pct"))) }
        rows.sort { $0.change != $1.change ? $0.change > $1.change : $0.row < $1.row }
        let shown = rows.prefix(top).filter { $0.change != 0 }
        guard !shown.isEmpty else { return "<section><h2>Products with the largest price rises</h2><p>No price changes in this run.</p></section>\n" }
        let bars = shown.map { item -> HTMLChart.Bar in
            let code = impacts.text(item.row, "code"), name = impacts.text(item.row, "name")
            return HTMLChart.Bar(label: "\(code) \(name)", end: item.change, valueText: Self.number(item.change, digits: 2) + " %",
                                 tooltip: "\(code) \(name): price \(Self.number(item.change, digits: 3)) %")
        }
        return "<section><h2>Products with the largest price rises</h2>"
            + HTMLChart.horizontalBars(bars, title: "Price change, \(shown.count) largest (%)", axisLabel: "price change (%)", id: "chart-prices") + "</section>\n"
    }

    /// The page.
    public func html() throws(InputError) -> String {
        var body = ""
        body += header()
        body += try headline()
        body += scenarioSection()
        body += goodsSection()
        body += try isPriceRun ? priceChart() : sectorChart()
        body += try sectionBreakdown()
        body += try groupBreakdown()
        body += try explanationSections()
        body += try uncertaintySection()
        body += try dynamicSection()
        body += try costOfDisruptionSection()
        body += stockoutSection()
        body += impactTable()
        body += provenanceSection()
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="\(htmlEscape(ToolInfo.name)) \(htmlEscape(ToolInfo.version))">
        <title>\(htmlEscape(title))</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        <script>document.addEventListener("DOMContentLoaded", function () { document.body.setAttribute("data-rendered", "yes"); });</script>
        </body>
        </html>

        """
    }

    // MARK: Sections

    func header() -> String {
        var s = "<header><p class=\"kicker\">ioshock impact report</p><h1>\(htmlEscape(title))</h1>"
        if let d = run.string("scenario", "description"), !d.isEmpty { s += "<p class=\"lead\">\(htmlEscape(d))</p>" }
        let table = run.string("table", "name") ?? "?"
        let model = run.string("provenance", "model") ?? "?"
        s += "<p class=\"meta\">Table <b>\(htmlEscape(table))</b> (\(htmlEscape(unit))\(run.number("table", "year").map { ", \(CheckedInteger.wholeText($0))" } ?? "")) · model <b>\(htmlEscape(model))</b> · impacts \(htmlEscape(period))"
        if let u = run.json("uncertainty") as? [String: Any] {
            let mode = u["mode"] as? String ?? ""
            let draws = (u["draws"] as? NSNumber)?.intValue ?? 0
            let seed = (u["seed"] as? NSNumber).map { CheckedInteger.wholeText($0.doubleValue) } ?? "0"
            if u["method"] as? String == "sobol" {
                let evaluations = (u["evaluations"] as? NSNumber)?.intValue ?? 0
                s += " · Sobol indices, N = \(draws) base draws, \(evaluations) evaluations, seed \(seed)"
            } else {
                s += mode == "sweep" ? " · sweep over \(draws) combinations" : " · Monte Carlo, \(draws) draws, seed \(seed)"
            }
        }
        s += "</p></header>\n"
        return s
    }

    /// The summary row of impacts_summary.csv for the total, when present.
    func totalSummaryRow() -> Int? {
        guard let summary = run.summary else { return nil }
        return summary.rows.indices.last { summary.text($0, "code") == "total" }
    }

    func headline() throws(InputError) -> String {
        guard let totals = run.totals else { return "" }
        var s = "<section><h2>Headline</h2><div class=\"cards\">"
        let names = ["output": "Gross output", "value_added": "Value added (GDP at basic prices)",
                     "household_consumption": "Cost of household consumption", "exports": "Cost of exports", "final_demand": "Cost of all final demand"]
        let money: Set<String> = ["output", "value_added", "household_consumption", "exports", "final_demand"]
        for r in totals.rows.indices {
            let quantity = totals.text(r, "quantity")
            let change = try totals.number(r, "change"), pct = try totals.number(r, "change_pct"), baseline = try totals.number(r, "baseline")
            let isHours = quantity.hasPrefix("hours")
            let headCount = isDynamic ? "head count on the worst day" : "head count"
            let label = names[quantity] ?? (isHours ? "Employment (\(quantity))" : "Employment (\(quantity), \(headCount))")
            let valueUnit = money.contains(quantity) ? unit : quantity
            s += "<div class=\"card\"><div class=\"card-label\">\(htmlEscape(label))</div>"
            s += "<div class=\"card-value\">\(htmlEscape(Self.number(change)))</div>"
            s += "<div class=\"card-sub\">\(htmlEscape(valueUnit)) · \(htmlEscape(Self.number(pct, digits: 2))) % of \(htmlEscape(Self.number(baseline)))</div>"
            if let row = totalSummaryRow(), let summary = run.summary {
                let column = quantity == "output" ? "output_change" : "\(quantity)_change"
                if let p5 = summary.optionalNumber(row, column + "_p5"), let p95 = summary.optionalNumber(row, column + "_p95") {
                    s += "<div class=\"card-band\">90 % range \(htmlEscape(Self.number(p5))) to \(htmlEscape(Self.number(p95)))</div>"
                }
            }
            s += "</div>"
        }
        s += "</div>"
        if run.summary != nil {
            s += "<p class=\"note\">Figures are the central run (every uncertain parameter at the median of its draws); ranges are the 5th to 95th percentiles over the draws.</p>"
        }
        if run.json("period_days") is NSNumber {
            s += "<p class=\"note\">Flows (output, value added, hours) are for the period of the shock; head counts are persons-equivalent without work while it lasts.</p>"
        } else if isDynamic {
            s += "<p class=\"note\">Flows (output, value added, hours) are cumulated \(htmlEscape(period)); head counts are the persons-equivalent without work on the worst day.</p>"
        }
        for note in (run.json("notes") as? [String]) ?? [] { s += "<p class=\"caveat\">\(htmlEscape(note))</p>" }
        return s + "</section>\n"
    }

    func scenarioSection() -> String {
        var s = "<section><h2>Scenario</h2>"
        if let shocks = run.json("shocks") as? [[String: Any]], !shocks.isEmpty {
            s += "<table class=\"data\"><thead><tr><th>kind</th><th>products</th><th>origin</th><th class=\"num\">size</th><th class=\"num\">start day</th><th class=\"num\">days</th><th class=\"num\">line</th></tr></thead><tbody>"
            for shock in shocks {
                let products = (shock["products"] as? [String] ?? []).joined(separator: ", ")
                let size = (shock["size"] as? NSNumber)?.doubleValue
                let duration = (shock["duration_days"] as? NSNumber).map { ImpactReport.days($0.doubleValue) } ?? "—"
                s += "<tr><td>\(htmlEscape(shock["kind"] as? String ?? ""))</td><td>\(htmlEscape(products))</td><td>\(htmlEscape(shock["origin"] as? String ?? "—"))</td>"
                s += "<td class=\"num\">\(size.map { htmlEscape(String(format: "%.4g", $0)) } ?? "")</td>"
                s += "<td class=\"num\">\(htmlEscape((shock["start_day"] as? NSNumber).map { ImpactReport.days($0.doubleValue) } ?? "0"))</td>"
                s += "<td class=\"num\">\(htmlEscape(duration))</td><td class=\"num\">\(htmlEscape((shock["line"] as? NSNumber).map { "\($0.intValue)" } ?? ""))</td></tr>"
            }
            s += "</tbody></table>"
            if run.summary != nil { s += "<p class=\"note\">Shock sizes shown are the central run's.</p>" }
        }
        if let parameters = run.json("provenance", "parameters") as? [String: Any], !parameters.isEmpty {
            s += "<h3>Model parameters</h3><dl class=\"params\">"
            for key in parameters.keys.sorted() {
                let text = "\(parameters[key]!)"
                let shown = Double(text).map { String(format: "%.6g", $0) } ?? text
                s += "<dt>\(htmlEscape(key))</dt><dd>\(htmlEscape(shown))</dd>"
            }
            s += "</dl>"
        }
        if let diagnostics = run.json("diagnostics") as? [String: Any] {
            var items: [String] = []
            if let it = diagnostics["iterations"] as? NSNumber { items.append("\(it.intValue) iterations") }
            if let r = diagnostics["residual"] as? NSNumber { items.append("residual \(String(format: "%.1e", r.doubleValue))") }
            if let c = diagnostics["converged"] as? Bool { items.append(c ? "converged" : "NOT converged") }
            if let rc = diagnostics["reciprocal_condition"] as? NSNumber { items.append("reciprocal condition of I − A \(String(format: "%.2e", rc.doubleValue))") }
            if !items.isEmpty { s += "<p class=\"meta\">Diagnostics: \(htmlEscape(items.joined(separator: " · ")))</p>" }
        }
        return s + "</section>\n"
    }

    func sectorChart() throws(InputError) -> String {
        let impacts = run.impacts
        var rows: [(row: Int, change: Double)] = []
        for r in impacts.rows.indices { rows.append((r, try impacts.number(r, "output_change"))) }
        rows.sort { $0.change != $1.change ? $0.change < $1.change : $0.row < $1.row }
        let shown = rows.prefix(top).filter { $0.change < 0 }
        guard !shown.isEmpty else {
            return "<section><h2>Sectors with the largest losses</h2><p>No sector loses output in this run.</p></section>\n"
        }
        var bands: [String: (Double, Double, Double)] = [:]
        if let summary = run.summary {
            for r in summary.rows.indices {
                if let p5 = summary.optionalNumber(r, "output_change_p5"), let p50 = summary.optionalNumber(r, "output_change_p50"), let p95 = summary.optionalNumber(r, "output_change_p95") {
                    bands[summary.text(r, "code")] = (p5, p50, p95)
                }
            }
        }
        let bars = shown.map { item -> HTMLChart.Bar in
            let code = impacts.text(item.row, "code"), name = impacts.text(item.row, "name")
            let band = bands[code]
            return HTMLChart.Bar(label: "\(code) \(name)", end: item.change, whisker: band.map { ($0.0, $0.2) }, marker: band?.1,
                                valueText: Self.number(item.change),
                                tooltip: "\(code) \(name): \(Self.number(item.change)) \(unit)" + (band.map { " (90 % range \(Self.number($0.0)) to \(Self.number($0.2)))" } ?? ""))
        }
        var s = "<section><h2>Sectors with the largest losses</h2>"
        s += HTMLChart.horizontalBars(bars, title: "Output change, \(shown.count) largest losses (\(unit), \(period))", axisLabel: "output change (\(unit))", id: "chart-sectors")
        if !bands.isEmpty { s += "<p class=\"note\">Bars: central run. Whiskers: 5th–95th percentile over the draws; dot: median.</p>" }
        return s + "</section>\n"
    }

    func sectionBreakdown() throws(InputError) -> String {
        guard let sections = run.sections, !sections.rows.isEmpty else { return "" }
        return try breakdown(sections, key: "section", heading: "By NACE section", names: Self.sectionNames, color: "#8e44ad", id: "chart-sections")
    }

    /// impacts_by_group.csv: the run's own groups (`--groups`, `[output] groups`).
    func groupBreakdown() throws(InputError) -> String {
        guard let groups = run.groups, !groups.rows.isEmpty else { return "" }
        let file = (run.json("provenance", "inputs") as? [[String: Any]])?.first { $0["role"] as? String == "groups" }?["path"] as? String
        return try breakdown(groups, key: "group", heading: "By group" + (file.map { " (\(URL(fileURLWithPath: $0).lastPathComponent))" } ?? ""),
                             names: [:], color: "#117a65", id: "chart-groups")
    }

    /// A chart and a table of sector rows summed by a key (NACE section, group).
    func breakdown(_ rows: RunDirectory.Table, key: String, heading: String, names: [String: String], color: String, id: String) throws(InputError) -> String {
        var s = "<section><h2>\(htmlEscape(heading))</h2>"
        var bars: [HTMLChart.Bar] = []
        var table = "<table class=\"data\"><thead><tr><th>\(htmlEscape(key))</th><th class=\"num\">baseline output</th><th class=\"num\">output change</th><th class=\"num\">%</th><th class=\"num\">value added change</th></tr></thead><tbody>"
        for r in rows.rows.indices {
            let name = rows.text(r, key)
            let label = names[name].map { "\(name) \($0)" } ?? name
            let change = try rows.number(r, "output_change"), base = try rows.number(r, "baseline_output")
            let pct = rows.optionalNumber(r, "output_change_pct") ?? (base == 0 ? 0 : 100 * change / base)
            let va = rows.optionalNumber(r, "value_added_change") ?? 0
            bars.append(HTMLChart.Bar(label: label, end: change, valueText: Self.number(change), tooltip: "\(key) \(name): \(Self.number(change)) \(unit)"))
            table += "<tr><td>\(htmlEscape(label))</td><td class=\"num\">\(htmlEscape(Self.number(base)))</td><td class=\"num\">\(htmlEscape(Self.number(change)))</td><td class=\"num\">\(htmlEscape(Self.number(pct, digits: 2)))</td><td class=\"num\">\(htmlEscape(Self.number(va)))</td></tr>"
        }
        table += "</tbody></table>"
        s += HTMLChart.horizontalBars(bars, title: "Output change \(heading.prefix(1).lowercased() + heading.dropFirst()) (\(unit), \(period))", axisLabel: "output change (\(unit))", color: color, id: id)
        return s + table + "</section>\n"
    }

    func uncertaintySection() throws(InputError) -> String {
        guard run.summary != nil || run.sensitivity != nil else { return "" }
        var s = "<section><h2>Uncertainty</h2>"
        if let u = run.json("uncertainty") as? [String: Any], let parameters = u["parameters"] as? [[String: Any]] {
            s += "<table class=\"data\"><thead><tr><th>parameter</th><th>line</th><th>values</th><th class=\"num\">central</th></tr></thead><tbody>"
            for p in parameters {
                let spec = p["spec"] as? [String: Any] ?? [:]
                var text: String
                if let values = spec["values"] as? [NSNumber] {
                    text = "list: " + values.prefix(8).map { String(format: "%.4g", $0.doubleValue) }.joined(separator: ", ") + (values.count > 8 ? ", …" : "")
                } else {
                    let name = spec["distribution"] as? String ?? "?"
                    let order = ["mean", "sd", "a", "b", "min", "mode", "max"]
                    let args = order.filter { spec[$0] != nil }.map { "\($0) = \(String(format: "%.4g", (spec[$0] as? NSNumber)?.doubleValue ?? .nan))" }
                    text = "\(name)(\(args.joined(separator: ", ")))"
                }
                s += "<tr><td>\(htmlEscape(p["name"] as? String ?? ""))</td><td>\(htmlEscape((p["line"] as? NSNumber).map { "\($0.intValue)" } ?? ""))</td><td>\(htmlEscape(text))</td><td class=\"num\">\(htmlEscape(String(format: "%.4g", (p["central"] as? NSNumber)?.doubleValue ?? 0)))</td></tr>"
            }
            s += "</tbody></table>"
        }
        if let summary = run.summary, let row = totalSummaryRow() {
            s += "<h3>Totals over the draws</h3><table class=\"data\"><thead><tr><th>quantity</th><th class=\"num\">mean</th><th class=\"num\">sd</th><th class=\"num\">p5</th><th class=\"num\">median</th><th class=\"num\">p95</th></tr></thead><tbody>"
            let columns = summary.header.filter { $0.hasSuffix("_change_mean") }.map { String($0.dropLast("_mean".count)) }
            for c in columns {
                s += "<tr><td>\(htmlEscape(c))</td>"
                for stat in ["mean", "sd", "p5", "p50", "p95"] { s += "<td class=\"num\">\(htmlEscape(Self.number(summary.optionalNumber(row, "\(c)_\(stat)") ?? 0)))</td>" }
                s += "</tr>"
            }
            s += "</tbody></table>"
        }
        if let sensitivity = run.sensitivity, sensitivity.has("S1") {
            s += try sobolSection(sensitivity)
        } else if let sensitivity = run.sensitivity, !sensitivity.rows.isEmpty {
            let central = run.totals.flatMap { t in t.rows.indices.first { t.text($0, "quantity") == "output" }.flatMap { t.optionalNumber($0, "change") } } ?? 0
            var bars: [HTMLChart.Bar] = []
            for r in sensitivity.rows.indices {
                let lowValue = try sensitivity.number(r, "output_change_at_low"), highValue = try sensitivity.number(r, "output_change_at_high")
                let name = sensitivity.text(r, "parameter")
                let low = sensitivity.optionalNumber(r, "low").map { String(format: "%.4g", $0) } ?? "", high = sensitivity.optionalNumber(r, "high").map { String(format: "%.4g", $0) } ?? ""
                bars.append(HTMLChart.Bar(label: name, start: lowValue, end: highValue, marker: nil,
                                         valueText: "swing \(Self.number(abs(highValue - lowValue)))",
                                         tooltip: "\(name) from \(low) to \(high): total output change \(Self.number(lowValue)) to \(Self.number(highValue))"))
            }
            s += "<h3>Which parameter matters most</h3>"
            s += HTMLChart.horizontalBars(bars, title: "Total output change with each parameter at its low and high value (\(unit))", axisLabel: "total output change (\(unit)); line: central run", reference: central, color: "#2471a3", id: "chart-tornado")
            if let method = run.string("uncertainty", "sensitivity_method") { s += "<p class=\"note\">\(htmlEscape(method))</p>" }
            s += "<table class=\"data\"><thead><tr><th>parameter</th><th class=\"num\">low</th><th class=\"num\">high</th><th class=\"num\">output at low</th><th class=\"num\">output at high</th><th class=\"num\">swing</th><th class=\"num\">Spearman ρ</th></tr></thead><tbody>"
            for r in sensitivity.rows.indices {
                s += "<tr><td>\(htmlEscape(sensitivity.text(r, "parameter")))</td>"
                for c in ["low", "high"] { s += "<td class=\"num\">\(htmlEscape(sensitivity.optionalNumber(r, c).map { String(format: "%.4g", $0) } ?? ""))</td>" }
                for c in ["output_change_at_low", "output_change_at_high", "output_swing"] { s += "<td class=\"num\">\(htmlEscape(Self.number(sensitivity.optionalNumber(r, c) ?? 0)))</td>" }
                s += "<td class=\"num\">\(htmlEscape(sensitivity.optionalNumber(r, "rank_correlation_output").map { String(format: "%.3f", $0) } ?? "—"))</td></tr>"
            }
            s += "</tbody></table>"
        }
        return s + "</section>\n"
    }

    /// The Sobol indices of sensitivity.csv (`method = "sobol"`): for each output, a chart of S1
    /// and ST per parameter with their bootstrap intervals as whiskers, and the table.
    func sobolSection(_ sensitivity: RunDirectory.Table) throws(InputError) -> String {
        let names = ["output_change": "total output change", "value_added_change": "total value-added change", "peak_loss_pct": "peak daily output loss"]
        var s = "<h3>Which parameter matters most: Sobol indices</h3>"
        var outputs: [String] = []
        for r in sensitivity.rows.indices where !outputs.contains(sensitivity.text(r, "output")) { outputs.append(sensitivity.text(r, "output")) }
        for (k, output) in outputs.enumerated() {
            let rows = sensitivity.rows.indices.filter { sensitivity.text($0, "output") == output }
            var bars: [HTMLChart.Bar] = []
            for r in rows {
                let name = sensitivity.text(r, "parameter")
                for (column, what) in [("S1", "first order"), ("ST", "total")] {
                    guard let v = sensitivity.optionalNumber(r, column) else { continue }
                    let low = sensitivity.optionalNumber(r, column + "_low"), high = sensitivity.optionalNumber(r, column + "_high")
                    let whisker = low.flatMap { l in high.map { (low: l, high: $0) } }
                    let range = whisker.map { String(format: " (95 %% interval %.3f to %.3f)", $0.low, $0.high) } ?? ""
                    bars.append(HTMLChart.Bar(label: "\(name) · \(column)", end: v, whisker: whisker, valueText: String(format: "%.3f", v),
                                              tooltip: "\(name): \(what) index \(String(format: "%.3f", v))\(range)"))
                }
            }
            guard !bars.isEmpty else {
                s += "<p class=\"note\">The \(htmlEscape(names[output] ?? output)) does not vary over the sample: its indices are undefined.</p>"
                continue
            }
            s += HTMLChart.horizontalBars(bars, title: "Sobol indices of the \(names[output] ?? output): first order S1 and total ST, whiskers the 95 % bootstrap interval",
                                          axisLabel: "share of the variance", color: k == 0 ? "#2471a3" : "#7d3c98", id: "chart-sobol-\(output)")
        }
        if let method = run.string("uncertainty", "sensitivity_method") { s += "<p class=\"note\">\(htmlEscape(method))</p>" }
        s += "<table class=\"data\"><thead><tr><th>output</th><th>parameter</th><th class=\"num\">S1</th><th class=\"num\">S1 95 % interval</th><th class=\"num\">ST</th><th class=\"num\">ST 95 % interval</th></tr></thead><tbody>"
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "—" }
        for r in sensitivity.rows.indices {
            s += "<tr><td>\(htmlEscape(sensitivity.text(r, "output")))</td><td>\(htmlEscape(sensitivity.text(r, "parameter")))</td>"
            for column in ["S1", "ST"] {
                let low = sensitivity.optionalNumber(r, column + "_low"), high = sensitivity.optionalNumber(r, column + "_high")
                s += "<td class=\"num\">\(f(sensitivity.optionalNumber(r, column)))</td><td class=\"num\">\(low == nil || high == nil ? "—" : "\(f(low)) to \(f(high))")</td>"
            }
            s += "</tr>"
        }
        return s + "</tbody></table>"
    }

    func dynamicSection() throws(InputError) -> String {
        var series: [HTMLChart.Series] = []
        var yLabel = ""
        if let daily = run.dailyTotals, daily.has("day"), daily.has("output_pct_of_baseline") {
            var points: [(x: Double, y: Double)] = []
            for r in daily.rows.indices { points.append((try daily.number(r, "day"), try daily.number(r, "output_pct_of_baseline"))) }
            series.append(HTMLChart.Series(name: "economy", points: points, color: "#1a5276"))
            yLabel = "gross output, % of baseline"
        }
        if let ts = run.timeseries, ts.has("day"), ts.has("output") {
            let codeColumn = ts.has("code") ? "code" : "sector"
            var byDay: [Double: Double] = [:]
            var bySector: [String: [(x: Double, y: Double)]] = [:]
            var lossBySector: [String: Double] = [:]
            let ratio = ts.has("output_ratio")
            for r in ts.rows.indices {
                let day = try ts.number(r, "day"), output = try ts.number(r, "output")
                byDay[day, default: 0] += output
                let code = ts.text(r, codeColumn)
                if ratio {
                    let y = try ts.number(r, "output_ratio")
                    bySector[code, default: []].append((day, 100 * y))
                    lossBySector[code, default: 0] += 1 - y
                }
            }
            if series.isEmpty {
                if ratio {
                    // Economy-wide path from the sectors: Σ output / Σ baseline (baseline = output / ratio).
                    var base: [Double: Double] = [:]
                    for r in ts.rows.indices {
                        let y = try ts.number(r, "output_ratio"), o = try ts.number(r, "output")
                        if y > 0 { base[try ts.number(r, "day"), default: 0] += o / y }
                    }
                    let points = byDay.keys.sorted().map { d in (x: d, y: base[d].map { $0 > 0 ? 100 * byDay[d]! / $0 : 100 } ?? 100) }
                    series.append(HTMLChart.Series(name: "economy", points: points, color: "#1a5276"))
                    yLabel = "gross output, % of baseline"
                } else {
                    series.append(HTMLChart.Series(name: "economy", points: byDay.keys.sorted().map { (x: $0, y: byDay[$0]!) }, color: "#1a5276"))
                    yLabel = "gross output per day (\(unit))"
                }
            }
            if ratio, yLabel.hasPrefix("gross output, %") {
                let palette = ["#c0392b", "#d68910", "#239b56", "#7d3c98", "#5d6d7e"]
                let worst = lossBySector.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5).filter { $0.value > 0 }
                let names = Dictionary(run.impacts.rows.indices.map { (run.impacts.text($0, "code"), run.impacts.text($0, "name")) }, uniquingKeysWith: { a, _ in a })
                for (k, item) in worst.enumerated() {
                    let name = names[item.key].map { "\(item.key) \($0)" } ?? "sector \(item.key)"
                    series.append(HTMLChart.Series(name: name, points: bySector[item.key]!.sorted { $0.x < $1.x }, color: palette[k]))
                }
            }
        }
        guard !series.isEmpty else { return "" }
        var s = "<section><h2>Dynamic path</h2>"
        s += HTMLChart.lines(series, title: "Output day by day", xLabel: "day", yLabel: yLabel, id: "chart-dynamic")
        s += try bandChart()
        return s + "</section>\n"
    }

    /// Dynamic Monte Carlo runs: the 5th–95th percentile band and the median of total output per
    /// day over the draws (timeseries_bands.csv), in % of the baseline day when daily_totals.csv
    /// gives it, else in the table's unit per day.
    func bandChart() throws(InputError) -> String {
        guard let bands = run.timeseriesBands, !bands.rows.isEmpty else { return "" }
        var baseline: Double? = nil
        if let daily = run.dailyTotals, daily.has("output"), daily.has("output_pct_of_baseline"), !daily.rows.isEmpty {
            let pct = try daily.number(0, "output_pct_of_baseline")
            if pct > 0 { baseline = try daily.number(0, "output") * 100 / pct }
        }
        func scaled(_ v: Double) -> Double { baseline.map { 100 * v / $0 } ?? v }
        var area: [(x: Double, lower: Double, upper: Double)] = [], median: [(x: Double, y: Double)] = []
        for r in bands.rows.indices {
            let day = try bands.number(r, "day")
            area.append((day, scaled(try bands.number(r, "p5")), scaled(try bands.number(r, "p95"))))
            median.append((day, scaled(try bands.number(r, "p50"))))
        }
        let yLabel = baseline == nil ? "total output per day (\(unit))" : "gross output, % of baseline"
        var s = HTMLChart.lines([HTMLChart.Series(name: "median over the draws", points: median, color: "#1a5276")],
                                bands: [HTMLChart.Band(name: "5th–95th percentile", points: area, color: "#5dade2")],
                                title: "Output day by day over the draws", xLabel: "day", yLabel: yLabel, id: "chart-bands")
        s += "<p class=\"note\">Band: 5th to 95th percentile of total output on each day over the draws; line: their median (timeseries_bands.csv). The path above is the central run.</p>"
        return s
    }

    func impactTable() -> String {
        let impacts = run.impacts
        let skip: Set<String> = ["name"]
        let columns = impacts.header.filter { !skip.contains($0) }
        let order = impacts.rows.indices.sorted {
            let a = impacts.optionalNumber($0, "rank") ?? Double($0), b = impacts.optionalNumber($1, "rank") ?? Double($1)
            return a != b ? a < b : $0 < $1
        }
        let note = isPriceRun ? "Price index of each product (baseline 1); cost push: the direct rise of its unit cost, in %; rank 1 is the largest price rise."
            : "\(unit), \(period); changes are shocked minus baseline (a loss is negative); rank 1 is the largest output loss."
        var s = "<section><h2>All sectors</h2><p class=\"note\">\(htmlEscape(note))</p>"
        s += "<div class=\"scroll\"><table class=\"data full\"><thead><tr><th>code</th><th>name</th>"
        for c in columns where c != "code" { s += "<th class=\"num\">\(htmlEscape(c.replacingOccurrences(of: "_", with: " ")))</th>" }
        s += "</tr></thead><tbody>"
        for r in order {
            s += "<tr><td>\(htmlEscape(impacts.text(r, "code")))</td><td>\(htmlEscape(impacts.text(r, "name")))</td>"
            for c in columns where c != "code" {
                let text = impacts.text(r, c)
                if let v = Double(text) {
                    let digits = ["rank", "peak_day", "days_below_baseline"].contains(c) ? 0 : c == "price_index" ? 4 : c.hasSuffix("_pct") ? 2 : 1
                    s += "<td class=\"num\">\(htmlEscape(Self.number(v, digits: digits)))</td>"
                } else {
                    s += "<td>\(htmlEscape(text))</td>"
                }
            }
            s += "</tr>"
        }
        return s + "</tbody></table></div></section>\n"
    }

    func provenanceSection() -> String {
        var s = "<section><h2>Data provenance</h2><ul class=\"provenance\">"
        let tool = run.string("provenance", "tool") ?? "ioshock", version = run.string("provenance", "version") ?? "?"
        s += "<li>Computed by \(htmlEscape(tool)) \(htmlEscape(version)) (<code>\(htmlEscape(run.string("provenance", "command") ?? "run"))</code>); report by \(htmlEscape(ToolInfo.name)) \(htmlEscape(ToolInfo.version)).</li>"
        if let source = run.string("table", "source"), !source.isEmpty { s += "<li>Table source: \(htmlEscape(source))</li>" }
        for input in (run.json("provenance", "inputs") as? [[String: Any]]) ?? [] {
            let role = input["role"] as? String ?? "", path = input["path"] as? String ?? "", sha = input["sha256"] as? String ?? ""
            s += "<li>\(htmlEscape(role)): <code>\(htmlEscape(path))</code><br><span class=\"sha\">sha256 \(htmlEscape(sha))</span></li>"
        }
        if let u = run.json("uncertainty") as? [String: Any], let generator = u["generator"] as? String {
            s += "<li>Draws: \(htmlEscape(generator)). Reproduce with the same scenario file and seed.</li>"
        }
        s += "<li>Run directory: <code>\(htmlEscape(run.path))</code></li>"
        return s + "</ul></section>\n"
    }

    /// NACE Rev. 2 section titles (short).
    static let sectionNames: [String: String] = [
        "A": "Agriculture, forestry, fishing", "B": "Mining and quarrying", "C": "Manufacturing",
        "D": "Electricity, gas, steam", "E": "Water, sewerage, waste", "F": "Construction",
        "G": "Wholesale and retail trade", "H": "Transport and storage", "I": "Accommodation and food",
        "J": "Information and communication", "K": "Finance and insurance", "L": "Real estate",
        "M": "Professional, scientific, technical", "N": "Administrative and support", "O": "Public administration",
        "P": "Education", "Q": "Health and social work", "R": "Arts, entertainment, recreation",
        "S": "Other services", "T": "Households as employers", "U": "Extraterritorial organisations",
    ]

    static let css = """
    body{margin:0;background:#f6f7f9;color:#1c2833;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
    main{max-width:980px;margin:0 auto;padding:24px 28px 60px;background:#fff}
    h1{font-size:26px;line-height:1.25;margin:4px 0 10px}h2{font-size:19px;margin:34px 0 10px;border-bottom:2px solid #e5e8e8;padding-bottom:4px}h3{font-size:16px;margin:20px 0 8px}
    .kicker{text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:#7f8c8d;margin:0}.lead{font-size:16px;color:#34495e}.meta,.note{color:#5d6d7e;font-size:13px}
    .caveat{background:#fef5e7;border-left:4px solid #d68910;padding:8px 12px;font-size:13px}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px}
    .card{border:1px solid #e5e8e8;border-radius:6px;padding:12px 14px;background:#fbfcfc}.card-label{font-size:13px;color:#5d6d7e}
    .card-value{font-size:26px;font-weight:650;color:#a93226;font-variant-numeric:tabular-nums}.card-sub,.card-band{font-size:12px;color:#5d6d7e}.card-band{color:#1a5276}
    table.data{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}table.data th,table.data td{padding:4px 8px;border-bottom:1px solid #eaeded;text-align:left;vertical-align:top}
    table.data th{background:#f4f6f6;font-weight:600}.num{text-align:right!important;font-variant-numeric:tabular-nums;white-space:nowrap}
    .scroll{overflow-x:auto}table.full td{white-space:nowrap}table.full td:nth-child(2){white-space:normal;min-width:220px}
    dl.params{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;font-size:13px}dl.params dt{color:#5d6d7e}dl.params dd{margin:0}
    .provenance{font-size:13px}.sha{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px;color:#7f8c8d;word-break:break-all}code{font-size:12px}
    svg.chart{display:block;max-width:100%;height:auto;margin:8px 0}svg .chart-title{font-size:14px;font-weight:600;fill:#1c2833}
    svg .label,svg .value{font-size:12px;fill:#1c2833}svg .tick{font-size:11px;fill:#5d6d7e}svg .axis-label{font-size:12px;fill:#5d6d7e}
    svg .grid{stroke:#eaeded;stroke-width:1}svg .reference{stroke:#5d6d7e;stroke-width:1}svg .whisker{stroke:#1c2833;stroke-width:1.3}svg .marker{fill:#1c2833}
    @page{size:A4 landscape;margin:10mm}
    @media print{body{background:#fff;font-size:11px}main{max-width:none;padding:0}h2{break-after:avoid}svg.chart,.card,tr{break-inside:avoid}.scroll{overflow:visible}table.data{font-size:9px;table-layout:auto}table.data th,table.data td{padding:2px 4px}table.full td,table.full td:nth-child(2){white-space:normal;min-width:0}.cards{grid-template-columns:repeat(4,1fr)}}
    """
}
