import Foundation
import IOTables

/// The sections of the report that only a dynamic run has: the cost of a disruption by its
/// length (sweep.csv) and the stock-outs (stockouts.csv).
extension HTMLReport {
    /// "Cost of a disruption of N days": the sweep.csv table and a chart of the losses against
    /// the length of the disruption.
    func costOfDisruptionSection() throws(InputError) -> String {
        guard let sweep = run.sweep, !sweep.rows.isEmpty, sweep.has("duration_days") else { return "" }
        var output: [(x: Double, y: Double)] = [], valueAdded: [(x: Double, y: Double)] = []
        for r in sweep.rows.indices {
            let d = try sweep.number(r, "duration_days")
            output.append((d, try sweep.number(r, "output_loss")))
            valueAdded.append((d, try sweep.number(r, "value_added_loss")))
        }
        let durations = output.map { ImpactReport.days($0.x) }.joined(separator: ", ")
        var s = "<section><h2>Cost of a disruption of N days</h2>"
        s += "<p class=\"note\">Every shock of the scenario lasting N days (N = \(htmlEscape(durations))); losses are positive and cumulated \(htmlEscape(period)), in \(htmlEscape(unit)).</p>"
        s += HTMLChart.lines([HTMLChart.Series(name: "output loss", points: output, color: "#a93226"),
                              HTMLChart.Series(name: "value added loss", points: valueAdded, color: "#1a5276")],
                             title: "Loss against the length of the disruption (\(unit))", xLabel: "length of the disruption (days)",
                             yLabel: "loss (\(unit))", id: "chart-sweep")
        s += plainTable(sweep)
        return s + "</section>\n"
    }

    /// stockouts.csv: which sector ran out of which cut input, and when (the first rows).
    func stockoutSection(limit: Int = 25) -> String {
        guard let stockouts = run.stockouts, !stockouts.rows.isEmpty else { return "" }
        let short = stockouts.rows.indices.filter { stockouts.text($0, "stockout_day") != "never" }
        var s = "<section><h2>Stock-outs</h2>"
        s += "<p class=\"note\">\(short.count) of \(stockouts.rows.count) (sector, cut input) pairs ran out of stock within the horizon; the first day each input no longer covered production, earliest first"
        s += short.count > limit ? " (the first \(limit); all in stockouts.csv).</p>" : ".</p>"
        guard !short.isEmpty else { return s + "</section>\n" }
        s += "<table class=\"data\"><thead><tr><th>code</th><th>name</th><th>input</th><th>source</th><th class=\"num\">stock (days)</th><th class=\"num\">stock-out day</th></tr></thead><tbody>"
        for r in short.prefix(limit) {
            s += "<tr><td>\(htmlEscape(stockouts.text(r, "code")))</td><td>\(htmlEscape(stockouts.text(r, "name")))</td><td>\(htmlEscape(stockouts.text(r, "input")))</td>"
            s += "<td>\(htmlEscape(stockouts.text(r, "source")))</td><td class=\"num\">\(htmlEscape(Self.number(stockouts.optionalNumber(r, "stock_days") ?? 0)))</td>"
            s += "<td class=\"num\">\(htmlEscape(stockouts.text(r, "stockout_day")))</td></tr>"
        }
        return s + "</tbody></table></section>\n"
    }

    /// A CSV table as it is, numbers right-aligned with grouped digits.
    func plainTable(_ table: RunDirectory.Table) -> String {
        var s = "<div class=\"scroll\"><table class=\"data\"><thead><tr>"
        for c in table.header { s += "<th class=\"num\">\(htmlEscape(c.replacingOccurrences(of: "_", with: " ")))</th>" }
        s += "</tr></thead><tbody>"
        for r in table.rows.indices {
            s += "<tr>"
            for c in table.header {
                let text = table.text(r, c)
                if let v = Double(text) {
                    let digits = c.hasSuffix("_days") || c == "sectors_short" ? 0 : c.hasSuffix("_pct") || c.hasSuffix("_pct_of_annual") ? 3 : 1
                    s += "<td class=\"num\">\(htmlEscape(Self.number(v, digits: digits)))</td>"
                } else {
                    s += "<td>\(htmlEscape(text))</td>"
                }
            }
            s += "</tr>"
        }
        return s + "</tbody></table></div>"
    }
}
