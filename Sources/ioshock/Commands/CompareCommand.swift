import ArgumentParser
import Foundation
import IOShockCLI
import IOModels
import IOTables
import Reports
import Scenarios

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run two or more scenarios of any kind but price on tables with the same sectors and print their impacts side by side.",
        discussion: """
        Static, dynamic and Monte Carlo scenarios can be mixed; runs are labelled a, b, c … in the \
        order given (Monte Carlo runs show their mean and 5th–95th percentiles). The output names \
        what differs between the scenarios (table, model, parameters, period, shocks), then the \
        totals and the sectors with the largest difference first (b − a for two runs, the range \
        for more), with a total row.
        Example: ioshock compare scenarios/chemicals-non-eu-50.toml scenarios/chemicals-non-eu-50-triage.toml scenarios/chemicals-non-eu-50-dynamic.toml
        """
    )

    @Argument(help: "The scenario files (.toml), two or more.")
    var scenarios: [String]

    @Option(help: "Output format: markdown, csv or json.")
    var format: OutputFormat = .markdown

    @Option(help: "Write to this file instead of standard output (atomically); a name ending in .xlsx gets a workbook with the sheets runs, differences, totals and sectors.")
    var out: String?

    @Option(help: "Threads for Monte Carlo scenarios (default: all cores).")
    var threads: Int?

    @Option(help: "Language of the sector names: en or nl (the table's name_nl).")
    var lang: Language = .en

    func validate() throws {
        guard scenarios.count >= 2 else { throw ValidationError("compare needs at least two scenario files, found \(scenarios.count)") }
        if let threads, !(1...RunCommand.maximumThreads).contains(threads) {
            throw ValidationError("--threads must be between 1 and \(RunCommand.maximumThreads), found \(threads)")
        }
    }

    func run() throws {
        if let out { try OutputDestination.checkFile(out, protecting: scenarios) }
        let runs = try scenarios.map { path in
            try located(path) { try AnyRun.run(path, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount) { try $0.named(in: lang) } }
        }
        for (k, run) in runs.enumerated() {
            if case let .impact(report) = run, report.result.prices != nil {
                throw InputError(file: scenarios[k], "is a price scenario (kind = \"price\"): it changes prices, not output, so compare has no output changes to set side by side",
                                 hint: "run each price scenario with ioshock run --out DIR and compare their impacts.csv (price_index, price_change_pct)")
            }
        }
        let codesA = runs[0].compared.codes
        for (k, run) in runs.enumerated().dropFirst() where run.compared.codes != codesA {
            let codesB = run.compared.codes
            let difference = codesA.count != codesB.count ? "\(codesB.count) sectors against \(codesA.count)"
                : zip(codesA, codesB).first { $0 != $1 }.map { "sector \"\($0.1)\" where \(scenarios[0]) has \"\($0.0)\"" } ?? ""
            throw InputError(file: scenarios[k], "uses the table \(run.tablePath), whose sectors differ from those of \(scenarios[0])'s table \(runs[0].tablePath) (\(difference)); compare needs every scenario on tables with the same sector codes",
                             hint: "point the table = line of every scenario at the same bundle, or at bundles with the same sectors in the same order")
        }
        let comparison: Comparison
        do { comparison = try Comparison(runs.map(\.compared)) } catch { throw CommandFailure(error.description) }
        var provenance = Provenance(command: "compare")
        for (k, path) in scenarios.enumerated() {
            provenance.addFile(role: "scenario \(comparison.labels[k])", path)
            provenance.addTable(runs[k].tablePath)
        }
        provenance.parameters = zip(comparison.labels, comparison.runs).map { ("model \($0)", $1.kind) }
        if let out, out.lowercased().hasSuffix(".xlsx") {
            var differences = ResultTable(columns: ["difference"])
            for line in comparison.differences() { differences.append([.text(line)]) }
            let workbook = try XLSXWriter.workbook([("runs", comparison.legend()), ("differences", differences),
                                                    ("totals", comparison.totalsTable()), ("sectors", comparison.sectorTable())])
            let sidecar = Data((provenance.json().rendered() + "\n").utf8)
            try OutputDestination.writeFiles([(out, workbook), (out + ".provenance.json", sidecar)], protecting: scenarios + runs.map(\.tablePath))
            FileHandle.standardError.write(Data("wrote \(out), \(out).provenance.json\n".utf8))
            return
        }
        let text: String
        switch format {
        case .markdown: text = comparison.markdown(provenance: provenance)
        case .csv: text = comparison.sectorTable().csv()
        case .json: text = comparison.json(provenance: provenance).rendered() + "\n"
        }
        // A CSV has no room for its provenance: it goes beside it, as for the other commands.
        try emit(text, to: out, protecting: scenarios + runs.map(\.tablePath),
                 sidecars: format == .csv ? [(".provenance.json", provenance.json().rendered() + "\n")] : [])
    }
}
