import ArgumentParser
import Foundation
import IOModels
import IOTables
import Reports
import Scenarios

public struct RunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario file and print its sectoral impact table.",
        discussion: """
        The scenario (TOML, docs/scenarios.md) names the table, the model and the shocks. It is \
        checked completely before anything runs. With --out DIR the run writes impacts.csv, \
        impacts_by_section.csv, impacts_by_group.csv (with --groups or [output] groups), \
        totals.csv, impacts.xlsx (every table as a sheet), impacts.json and run.json into DIR; a \
        dynamic scenario (kind = "dynamic") also writes timeseries.csv, daily_totals.csv, \
        stockouts.csv, sweep.csv (with sweep_duration_days) and output.svg. Demand-side \
        inoperability runs add interdependency.csv (the Setola et al. indices); a price scenario \
        (kind = "price") writes price indices in impacts.csv and the cost of final use in totals.csv.
        A supply-constrained scenario also writes the explanation: supply.csv, \
        supply_by_product.csv, chains.csv, decomposition.csv and criticality_drivers.csv \
        (`ioshock explain DIR`).
        Several scenario files run as a batch: DIR/<file name>/ for each and DIR/summary.csv.
        A scenario with uncertain values (lists, ranges, distributions; [uncertainty] draws and \
        seed) runs every draw and also writes impacts_summary.csv, draws.csv, sensitivity.csv \
        and sensitivity.md; a progress bar goes to standard error when it is a terminal.
        With [uncertainty] method = "sobol", sensitivity.csv holds Sobol first-order and total \
        indices with bootstrap intervals, from N·(k + 2) evaluations (N = draws, k uncertain values).
        Example: ioshock run scenarios/chemicals-non-eu-50.toml --out out/chemicals --groups groups/nace-a10.csv
        """
    )

    @Argument(help: "The scenario file (.toml); several files run as a batch (one run directory each under --out, and a summary).")
    var scenarios: [String]

    /// The scenario of a single run.
    var scenario: String { scenarios[0] }

    @Option(help: "A groups file (CSV code,group) for impacts_by_group.csv, overriding the scenario's [output] groups; see groups/.")
    var groups: String?

    @Option(help: "Language of the sector names: en or nl (the table's name_nl column).")
    var lang: Language = .en

    @Option(help: "Directory for the run's files: created, or replaced atomically when it is an earlier run directory; anything else is refused.")
    var out: String?

    @Option(help: "Format of the table printed to standard output: markdown, csv or json.")
    var format: OutputFormat = .markdown

    @Option(help: "Rows shown in the Markdown table, 1 or more (default: the scenario's [output] top, or 20).")
    var top: Int?

    @Option(help: "Threads for a Monte Carlo run or sweep, 1 to \(RunCommand.maximumThreads) (default: all cores).")
    var threads: Int?

    @Option(help: "Monte Carlo draws, 1 to \(UncertaintyPlan.maximumDraws), overriding the scenario's [uncertainty] draws.")
    var draws: Int?

    @Option(help: "Random seed, 0 to \(Int.max), overriding the scenario's [uncertainty] seed.")
    var seed: Int?

    /// More worker threads than this only add overhead on any machine ioshock runs on.
    public static let maximumThreads = 256

    public init() {}

    public func validate() throws {
        guard !scenarios.isEmpty else { throw ValidationError("give a scenario file, e.g. scenarios/chemicals-non-eu-50.toml") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1, found \(top)") }
        if let threads, !(1...Self.maximumThreads).contains(threads) {
            throw ValidationError("--threads must be between 1 and \(Self.maximumThreads), found \(threads)")
        }
        if let draws, !(1...UncertaintyPlan.maximumDraws).contains(draws) {
            throw ValidationError("--draws must be between 1 and \(UncertaintyPlan.maximumDraws), found \(draws)")
        }
        if let seed, seed < 0 { throw ValidationError("--seed must be 0 or more, found \(seed)") }
    }

    public func run() throws { try run(exchange: nil) }

    /// Runs the command. With `exchange` (the ranks of `ioshock-mpi`, docs/hpc.md), every rank
    /// checks the scenario; the draws of an uncertain scenario are split across the ranks and rank 0
    /// writes and prints the run, byte for byte as without `exchange` (but for run.json's timings,
    /// threads and ranks); anything else runs on rank 0 alone.
    public func run(exchange: (any DrawExchange)?) throws {
        if scenarios.count > 1 {
            guard exchange?.rank ?? 0 == 0 else { return }
            return try runBatch()
        }
        let document = try TOMLDocument(path: scenario)
        if let out { try OutputDestination.checkDirectory(out, kind: .runDirectory, protecting: [scenario, try Scenario.tablePath(of: document)] + (groups.map { [$0] } ?? [])) }
        // The same checks as `ioshock check` (CheckedScenario), then the run.
        let checked: Scenario
        let checkedRun = try CheckedScenario(path: scenario, draws: draws, seed: seed)
        switch checkedRun.kind {
        case let .uncertain(validated): return try runUncertain(validated, leontief: checkedRun.leontief, exchange: exchange)
        case let .single(s): checked = s
        }
        guard draws == nil, seed == nil else {
            throw CommandFailure("\(scenario) has no uncertain values, so --draws and --seed do not apply; give a parameter as a list, a range or a distribution (docs/scenarios.md, \"Uncertainty and sweeps\")")
        }
        guard exchange?.rank ?? 0 == 0 else { return }
        let parsed = try prepared(checked)
        let report: any RunReport
        if parsed.model.kind == .dynamic {
            let dynamic = DynamicReport(result: try DynamicRunner.run(parsed))
            if let out {
                try dynamic.write(to: out)
                FileHandle.standardError.write(Data("wrote \(out)/impacts.csv, impacts.xlsx, timeseries.csv, stockouts.csv, output.svg, run.json\n".utf8))
            }
            report = dynamic
        } else {
            // The Leontief model of the check serves the run and its explanation (one factorisation).
            let result = try ScenarioRunner.run(parsed, leontief: checkedRun.leontief)
            let explanation = parsed.model.kind == .supplyConstrained
                ? try RunExplanation(result: result, leontief: checkedRun.leontief, maximumRelaxations: result.scenario.output.relaxations) : nil
            let impact = ImpactReport(result: result, explanation: explanation)
            if let out {
                try impact.write(to: out)
                FileHandle.standardError.write(Data("wrote \(out)/impacts.csv, impacts.xlsx, totals.csv, impacts.json, run.json\(explanation == nil ? "" : ", " + ExplanationReport.fileNames.joined(separator: ", "))\n".utf8))
            }
            report = impact
        }
        print(report.rendered(format, top: top ?? parsed.output.top), terminator: "")
    }
}
