import Foundation
import IOTables
import Reports
import Scenarios

extension RunCommand {
    /// `ioshock run` on a scenario with uncertain values: every draw, then the summary files.
    func runUncertain(_ validated: UncertaintyPlan.Validated) throws {
        let plan = validated.plan
        let bar = ProgressBar(total: plan.evaluations, label: plan.mode == .sweep ? "combinations" : plan.method == .sobol ? "evaluations" : "draws")
        var progress: (@Sendable (Int) -> Void)? = nil
        if let bar { progress = { done in bar.update(done) } }
        let run = try UncertaintyRun(validated: validated, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, progress: progress)
        bar?.finish()
        var explanation: RunExplanation? = nil
        if case let .equilibrium(result) = run.central, result.scenario.model.kind == .supplyConstrained { explanation = try RunExplanation(result: result) }
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
