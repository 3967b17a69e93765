import ArgumentParser
import Foundation
import IOShockCLI
import IOTables
import Scenarios

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check scenario files against their tables without running them.",
        discussion: """
        Reads each scenario and its table with the validation `ioshock run` makes, by the same \
        code (keys, types, ranges, product codes, origins; for uncertain values the central \
        scenario, the sensitivity scenarios and every draw) and prints one line per file: what \
        would run, or the first error with its line and column. Exit status 1 if any file fails.
        Example: ioshock check scenarios/*.toml
        """
    )

    @Argument(help: "Scenario files (.toml).")
    var scenarios: [String]

    func validate() throws {
        guard !scenarios.isEmpty else { throw ValidationError("give at least one scenario file") }
    }

    func run() throws {
        var failures = 0
        for path in scenarios {
            switch Result(catching: { try Self.summary(path) }) {
            case let .success(line): print(line)
            case let .failure(error):
                failures += 1
                let text = (error as? InputError)?.description ?? "error: \(path): \(error)"
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
        }
        if failures > 0 { throw CommandFailure("\(failures) of \(scenarios.count) scenario file(s) failed the check") }
    }

    /// One line saying what a scenario would run, or the first problem with it.
    static func summary(_ path: String) throws -> String {
        // The checks of `ioshock run`, every draw of an uncertain scenario included.
        let checked = try CheckedScenario(path: path)
        let scenario = checked.scenario
        // Signs written once: a cut or loss is a fall (−), a change keeps its sign; a zero of either
        // sign (cut = -0.0) is written 0.0, not "−-0.0" or "+-0.0".
        func fall(_ x: Double) -> String { x == 0 ? "0.0" : "−\(x)" }
        func signed(_ x: Double) -> String { x == 0 ? "0.0" : x > 0 ? "+\(x)" : "\(x)" }
        let shocks = scenario.shocks.map { shock -> String in
            let products = shock.sectors.map { scenario.table.sectorLabels[$0] }.joined(separator: ",")
            switch shock.kind {
            case .imports: return "import \(products) from \(shock.originName) \(fall(shock.size))"
            case .capacity: return "capacity \(products) \(fall(shock.size))"
            case .finalDemand: return "final demand \(products) \(signed(shock.size))"
            case .importPrice: return "import price \(products) from \(shock.originName) \(signed(shock.size))"
            case .valueAdded: return "value added per unit \(products) \(signed(shock.size))"
            }
        }
        var line = "ok: \(path): \(scenario.model.kind.rawValue) on \(scenario.table.metadata.name)"
        if !shocks.isEmpty { line += "; " + shocks.joined(separator: "; ") }
        if let days = scenario.periodDays { line += "; \(CheckedInteger.wholeText(days)) days" }
        if case let .uncertain(v) = checked.kind { line += "; \(v.plan.parameters.count) uncertain value(s), \(v.plan.draws) \(v.plan.mode == .sweep ? "combination(s)" : "draw(s)")" + (v.plan.method == .sobol ? " (method sobol: \(v.plan.evaluations) evaluations)" : "") }
        if let groups = scenario.output.groups { line += "; \(groups.names.count) groups from \(URL(fileURLWithPath: groups.path).lastPathComponent)" }
        return line
    }
}
