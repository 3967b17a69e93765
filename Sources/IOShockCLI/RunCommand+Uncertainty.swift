import Foundation
import IOModels
import IOTables
import Reports
import Scenarios

extension RunCommand {
    /// `ioshock run` on a scenario with uncertain values: every draw, then the summary files.
    /// With `exchange`, this rank's share of the draws; rank 0 then writes and prints the whole run.
    /// `leontief` is the table's model from the check (`CheckedScenario.leontief`).
    func runUncertain(_ validated: UncertaintyPlan.Validated, leontief: LeontiefModel, exchange: (any DrawExchange)? = nil) throws {
        let plan = validated.plan
        let threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        // No bar under MPI: mpirun forwards standard error through a pipe, never a terminal.
        let bar = exchange == nil ? ProgressBar(total: plan.evaluations, label: plan.mode == .sweep ? "combinations" : plan.method == .sobol ? "evaluations" : "draws") : nil
        var progress: (@Sendable (Int) -> Void)? = nil
        if let bar { progress = { done in bar.update(done) } }
        let computed: UncertaintyRun?
        if let exchange {
            computed = try UncertaintyRun.run(validated: validated, leontief: leontief, threads: threads, progress: progress, exchange: exchange)
        } else {
            computed = try UncertaintyRun(validated: validated, leontief: leontief, threads: threads, progress: progress)
        }
        bar?.finish()
        guard let run = computed else { return }
        var explanation: RunExplanation? = nil
        if case let .equilibrium(result) = run.central, result.scenario.model.kind == .supplyConstrained { explanation = try RunExplanation(result: result, leontief: leontief, maximumRelaxations: result.scenario.output.relaxations) }
        let report = UncertaintyReport(run: run, scenario: try prepared(run.scenario), explanation: explanation)
        if let out {
            try report.write(to: out)
            let xlsx = report.dynamicCentral == nil ? "impacts.xlsx, " : ""
            let bands = report.dynamicCentral == nil ? "" : ", timeseries_bands.csv"
            FileHandle.standardError.write(Data("wrote \(out)/impacts_summary.csv, \(xlsx)draws.csv, sensitivity.csv\(bands), impacts.csv (central run), run.json\n".utf8))
        }
        switch format {
        case .markdown: print(report.markdown(top: top ?? run.scenario.output.top), terminator: "")
        case .csv: print(report.summaryTable().csv(), terminator: "")
        case .json:
            print(JSONValue.object([("run", report.centralRunJSON()), ("uncertainty", report.runJSON()),
                                    ("totals", report.totalsSummaryTable().json()), ("sensitivity", report.sensitivityTable().json()),
                                    ("sectors", report.summaryTable().json())]).rendered())
        }
    }
}
