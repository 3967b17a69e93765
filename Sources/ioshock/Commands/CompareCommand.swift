import ArgumentParser
import Foundation
import IOModels
import IOTables
import Reports
import Scenarios

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run two scenarios on the same table and print their impacts side by side, with the difference.",
        discussion: """
        Both scenarios must use tables with the same sector codes. Differences are B − A.
        Example: ioshock compare scenarios/chemicals-non-eu-50.toml scenarios/chemicals-non-eu-50-ghosh.toml
        """
    )

    @Argument(help: "Scenario A.")
    var a: String

    @Argument(help: "Scenario B.")
    var b: String

    @Option(help: "Output format: markdown, csv or json.")
    var format: OutputFormat = .markdown

    @Option(help: "Write to this file instead of standard output (atomically).")
    var out: String?

    func run() throws {
        if let out { try OutputDestination.checkFile(out, protecting: [a, b]) }
        let first = try located(a) { try ScenarioRunner.run(try Scenario(path: a)) }
        let second = try located(b) { try ScenarioRunner.run(try Scenario(path: b)) }
        let codesA = first.scenario.table.codes, codesB = second.scenario.table.codes
        guard codesA == codesB else {
            let difference = codesA.count != codesB.count ? "\(codesB.count) sectors against \(codesA.count)"
                : zip(codesA, codesB).first { $0 != $1 }.map { "sector \"\($0.1)\" where \(a) has \"\($0.0)\"" } ?? ""
            throw InputError(file: b, "uses the table \(second.scenario.tablePath), whose sectors differ from those of \(a)'s table \(first.scenario.tablePath) (\(difference)); compare needs both scenarios on tables with the same sector codes",
                             hint: "point the table = line of both scenarios at the same bundle, or at bundles with the same sectors in the same order")
        }
        if let price = [(a, first), (b, second)].first(where: { $0.1.prices != nil }) {
            throw InputError(file: price.0, "is a price scenario (kind = \"price\"): it changes prices, not output, so compare has no output changes to set side by side",
                             hint: "run each price scenario with ioshock run --out DIR and compare their impacts.csv (price_index, price_change_pct)")
        }
        let ia = Impacts(result: first), ib = Impacts(result: second)
        var table = ResultTable(columns: ["code", "name", "output_change_a", "output_change_b", "output_change_diff",
                                          "output_change_pct_a", "output_change_pct_b", "value_added_change_a", "value_added_change_b", "value_added_change_diff"])
        for i in 0..<codesA.count {
            let ra = ia.rows[i], rb = ib.rows[i]
            table.append([.text(ra.code), .text(ra.name), .number(ra.outputChange, digits: 1), .number(rb.outputChange, digits: 1),
                          .number(rb.outputChange - ra.outputChange, digits: 1), .number(ra.outputChangePercent, digits: 2),
                          .number(rb.outputChangePercent, digits: 2), .number(ra.valueAddedChange, digits: 1),
                          .number(rb.valueAddedChange, digits: 1), .number(rb.valueAddedChange - ra.valueAddedChange, digits: 1)])
        }
        var totals = ResultTable(columns: ["quantity", "change_a", "change_b", "difference", "change_pct_a", "change_pct_b"])
        for (ta, tb) in zip(ia.totals, ib.totals) where ta.quantity == tb.quantity {
            totals.append([.text(ta.quantity), .number(ta.change, digits: 1), .number(tb.change, digits: 1), .number(tb.change - ta.change, digits: 1),
                           .number(ta.changePercent, digits: 3), .number(tb.changePercent, digits: 3)])
        }
        var provenance = Provenance(command: "compare")
        provenance.addFile(role: "scenario A", a)
        provenance.addTable(first.scenario.tablePath)
        provenance.addFile(role: "scenario B", b)
        provenance.addTable(second.scenario.tablePath)
        provenance.parameters = [("model A", first.scenario.model.kind.rawValue), ("model B", second.scenario.model.kind.rawValue)]
        let text: String
        switch format {
        case .markdown:
            var s = provenance.markdown() + "\n# A: \(first.scenario.title)\n# B: \(second.scenario.title)\n\n"
            if ia.periodFactor != ib.periodFactor { s += "> **Note.** The scenarios cover different periods (\(first.scenario.periodDays.map { "\($0)" } ?? "365") and \(second.scenario.periodDays.map { "\($0)" } ?? "365") days).\n\n" }
            for note in first.notes + second.notes { s += "> \(note)\n" }
            s += "\n## Totals\n\n" + totals.markdown() + "\n## Sectors\n\n" + table.markdown()
            text = s
        case .csv: text = table.csv()
        case .json: text = JSONValue.object([("provenance", provenance.json()), ("totals", totals.json()), ("sectors", table.json())]).rendered() + "\n"
        }
        try emit(text, to: out, protecting: [a, b, first.scenario.tablePath, second.scenario.tablePath])
    }
}
