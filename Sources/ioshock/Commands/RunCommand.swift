import ArgumentParser
import Foundation
import IOModels
import IOTables
import Reports
import Scenarios

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario file and print its sectoral impact table.",
        discussion: """
        The scenario (TOML, docs/scenarios.md) names the table, the model and the shocks. It is
        checked completely before anything runs. With --out DIR the run writes impacts.csv,
        impacts_by_section.csv, totals.csv, impacts.json and run.json into DIR; a dynamic
        scenario (kind = "dynamic") writes impacts.csv, totals.csv, timeseries.csv,
        daily_totals.csv, stockouts.csv, sweep.csv (with sweep_duration_days), output.svg,
        impacts.json and run.json. Demand-side inoperability runs add interdependency.csv (the
        Setola et al. indices); a price scenario (kind = "price") writes price indices in
        impacts.csv and the cost of final use in totals.csv.
        A scenario with uncertain values (lists, ranges, distributions; [uncertainty] draws and
        seed) runs every draw and also writes impacts_summary.csv, draws.csv, sensitivity.csv
        and sensitivity.md; a progress bar goes to standard error when it is a terminal.
        Example: ioshock run scenarios/chemicals-non-eu-50.toml --out out/chemicals
        """
    )

    @Argument(help: "The scenario file (.toml).")
    var scenario: String

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
    static let maximumThreads = 256

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1, found \(top)") }
        if let threads, !(1...Self.maximumThreads).contains(threads) {
            throw ValidationError("--threads must be between 1 and \(Self.maximumThreads), found \(threads)")
        }
        if let draws, !(1...UncertaintyPlan.maximumDraws).contains(draws) {
            throw ValidationError("--draws must be between 1 and \(UncertaintyPlan.maximumDraws), found \(draws)")
        }
        if let seed, seed < 0 { throw ValidationError("--seed must be 0 or more, found \(seed)") }
    }

    func run() throws {
        let document = try TOMLDocument(path: scenario)
        if let out { try OutputDestination.checkDirectory(out, kind: .runDirectory, protecting: [scenario, try Scenario.tablePath(of: document)]) }
        if let plan = try UncertaintyPlan.detect(document) {
            return try runUncertain(try plan.overriding(draws: draws, seed: seed))
        }
        guard draws == nil, seed == nil else {
            throw CommandFailure("\(scenario) has no uncertain values, so --draws and --seed do not apply; give a parameter as a list, a range or a distribution (docs/scenarios.md, \"Uncertainty and sweeps\")")
        }
        let parsed = try Scenario(path: scenario)
        let report: any RunReport
        if parsed.model.kind == .dynamic {
            let dynamic = DynamicReport(result: try DynamicRunner.run(parsed))
            if let out {
                try dynamic.write(to: out)
                FileHandle.standardError.write(Data("wrote \(out)/impacts.csv, timeseries.csv, stockouts.csv, output.svg, run.json\n".utf8))
            }
            report = dynamic
        } else {
            let impact = ImpactReport(result: try ScenarioRunner.run(parsed))
            if let out {
                try impact.write(to: out)
                FileHandle.standardError.write(Data("wrote \(out)/impacts.csv, totals.csv, impacts.json, run.json\n".utf8))
            }
            report = impact
        }
        print(report.rendered(format, top: top ?? parsed.output.top), terminator: "")
    }
}
