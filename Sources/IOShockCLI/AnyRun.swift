import Foundation
import IOTables
import Reports
import Scenarios

/// A scenario file run by whichever path its kind needs: static models, the dynamic model, or
/// every draw of a scenario with uncertain values. `ioshock compare` and batch runs use it.
public enum AnyRun {
    case impact(ImpactReport)
    case dynamic(DynamicReport)
    case uncertain(UncertaintyReport)

    /// Runs one scenario file; `prepare` adjusts the parsed scenario first (`--groups`, `--lang`).
    /// The checks are `ioshock check`'s and a single run's (`CheckedScenario`).
    public static func run(_ path: String, threads: Int, prepare: (Scenario) throws -> Scenario) throws -> AnyRun {
        let checked: Scenario
        let checkedRun = try CheckedScenario(path: path)
        switch checkedRun.kind {
        case let .uncertain(validated):
            let run = try UncertaintyRun(validated: validated, leontief: checkedRun.leontief, threads: threads, progress: nil)
            return .uncertain(UncertaintyReport(run: run, scenario: try prepare(run.scenario)))
        case let .single(s): checked = s
        }
        let scenario = try prepare(checked)
        if scenario.model.kind == .dynamic { return .dynamic(DynamicReport(result: try DynamicRunner.run(scenario))) }
        return .impact(ImpactReport(result: try ScenarioRunner.run(scenario, leontief: checkedRun.leontief)))
    }

    public var compared: ComparedRun {
        switch self {
        case let .impact(r): return ComparedRun(r)
        case let .dynamic(r): return ComparedRun(r)
        case let .uncertain(r): return ComparedRun(r)
        }
    }

    public var tablePath: String {
        switch self {
        case let .impact(r): return r.result.scenario.tablePath
        case let .dynamic(r): return r.result.scenario.tablePath
        case let .uncertain(r): return r.scenario.tablePath
        }
    }

    public func write(to directory: String) throws {
        switch self {
        case let .impact(r): try r.write(to: directory)
        case let .dynamic(r): try r.write(to: directory)
        case let .uncertain(r): try r.write(to: directory)
        }
    }
}
