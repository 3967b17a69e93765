import Foundation
import IOModels
import IOTables
import Reports
import Scenarios
import Testing
import TestSupport

/// A dynamic scenario on the hand-made three-sector table (`handTable`).
func dynamicScenario(_ shocks: String, days: String = "inventory_days = 10", extra: String = "") -> String {
    """
    title = "dynamic test"
    table = "table"
    [model]
    kind = "dynamic"
    \(days)
    \(extra)
    \(shocks)
    """
}

func importShock(cut: Double, duration: Double? = nil, start: Double = 0) -> String {
    "[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\ncut = \(cut)\nstart_day = \(start)\n" + (duration.map { "duration_days = \($0)\n" } ?? "")
}

func cumulativeOutputLoss(_ text: String, table: [String: String] = handTable) throws -> Double {
    let scenario = try Scenario(path: scenarioFile(text, table: table))
    return -DynamicImpacts(scenario: scenario, path: try DynamicRunner.simulate(scenario)).outputTotal.change
}

@Suite("Dynamic scenarios")
struct DynamicScenarioTests {
    @Test func zeroShockStaysAtBaseline() throws {
        let scenario = try Scenario(path: scenarioFile(dynamicScenario(importShock(cut: 0, duration: 30), extra: "criticality = \"strict\"\nhorizon_days = 200")))
        let path = try DynamicRunner.simulate(scenario)
        #expect(path.outputRatio.allSatisfy { abs($0 - 1) <= 1e-12 })
        let impacts = DynamicImpacts(scenario: scenario, path: path)
        #expect(impacts.totals.allSatisfy { $0.change == 0 })
        #expect(impacts.peakTotalLossPercent.day == nil)
    }

    /// B holds 20 days of its non-EU input; a full stop of 15 days costs nothing, anywhere.
    @Test func ampleStocksAndAShortShockLoseNothing() throws {
        let loss = try cumulativeOutputLoss(dynamicScenario(importShock(cut: 1, duration: 15, start: 5), days: "inventory_days = 20"))
        #expect(loss == 0)
    }

    /// Zero stocks (the one-day minimum) and a shock that never ends: the long-run state against
    /// the static supply-constrained result (MODELS.md §5), the hand-worked (90, 50, 100) of
    /// `HandWorkedCaseTests` for a 50 % cut of A's imports with firms first, and a 40 % capacity
    /// loss of C, which sells to final demand only: equal to 1e-8.
    /// Under proportional rationing the published model's long run is not the static result: a
    /// user short of an input keeps a stock gap g for good and orders δ + g/τ, more than it uses,
    /// so it draws a larger share of the scarce supply than the static model's proportional
    /// allocation (which serves users in proportion to their use), and the long run depends on τ.
    /// On this table the two differ by 1.2–1.7 % of baseline output in one sector (docs/models.md).
    @Test(arguments: [
        (importShock(cut: 0.5), "proportional", 0.02),
        (importShock(cut: 0.5), "firms-first", 1e-8),
        ("[[shock]]\nproducts = [\"C\"]\nloss = 0.4\n", "proportional", 1e-8),
        ("[[shock]]\nproducts = [\"C\"]\nloss = 0.4\n", "firms-first", 1e-8),
        ("[[shock]]\nproducts = [\"B\"]\nloss = 0.25\n", "proportional", 0.02),
    ])
    func zeroStocksAndTheStaticResult(shock: String, rationing: String, tolerance: Double) throws {
        let dynamic = try Scenario(path: scenarioFile(dynamicScenario(shock, days: "inventory_days = 0", extra: "horizon_days = 400\nrationing = \"\(rationing)\"")))
        let path = try DynamicRunner.simulate(dynamic)
        let staticResult = try run(scenarioFile("title = \"s\"\ntable = \"table\"\n[model]\nrationing = \"\(rationing)\"\n" + shock))
        var worst = 0.0
        for j in 0..<3 {
            let long = path.ratio(day: path.days - 1, sector: j) * staticResult.baselineOutput[j]
            let previous = path.ratio(day: path.days - 2, sector: j) * staticResult.baselineOutput[j]
            #expect(abs(long - previous) <= 1e-10 * staticResult.baselineOutput[j], "sector \(j) has not settled")
            worst = max(worst, abs(long - staticResult.output[j]) / staticResult.baselineOutput[j])
        }
        #expect(worst <= tolerance, "\(worst)")
        if tolerance > 1e-8 { #expect(worst > 1e-3, "the proportional long run now equals the static result: update the docs") }
    }

    /// A longer disruption or a deeper cut never costs less.
    @Test func cumulativeLossGrowsWithDurationAndCut() throws {
        var previous = -1.0
        for duration in [1.0, 3, 7, 10, 14, 30, 60] {
            let loss = try cumulativeOutputLoss(dynamicScenario(importShock(cut: 1, duration: duration), days: "inventory_days = 5", extra: "horizon_days = 150"))
            #expect(loss >= previous * (1 - 1e-12), "duration \(duration): \(loss) < \(previous)")
            previous = loss
        }
        #expect(previous > 0)
        previous = -1
        for cut in [0.0, 0.1, 0.3, 0.5, 0.8, 1] {
            let loss = try cumulativeOutputLoss(dynamicScenario(importShock(cut: cut, duration: 30), days: "inventory_days = 5", extra: "horizon_days = 150"))
            #expect(loss >= previous * (1 - 1e-12), "cut \(cut): \(loss) < \(previous)")
            previous = loss
        }
        let germany = Fixtures.repositoryPath("matrices/germany-1995")
        previous = -1
        for duration in [7.0, 14, 30, 60, 90] {
            let text = "title = \"g\"\ntable = \"TABLE\"\n[model]\nkind = \"dynamic\"\ninventory_days = 10\nhorizon_days = 200\n[[shock]]\nproducts = [\"industry_group\"]\nloss = 0.3\nduration_days = \(duration)\n"
            let scenario = try Scenario(path: scenarioFile(text, bundle: germany))
            let loss = -DynamicImpacts(scenario: scenario, path: try DynamicRunner.simulate(scenario)).outputTotal.change
            #expect(loss >= previous * (1 - 1e-12), "germany \(duration): \(loss) < \(previous)")
            previous = loss
        }
    }

    @Test func recoveryProfiles() {
        #expect(DynamicRunner.intensity(day: 4, start: 5, duration: 10, recovery: .step, recoveryDays: 10) == 0)
        #expect(DynamicRunner.intensity(day: 14, start: 5, duration: 10, recovery: .step, recoveryDays: 10) == 1)
        #expect(DynamicRunner.intensity(day: 15, start: 5, duration: 10, recovery: .step, recoveryDays: 10) == 0)
        #expect(abs(DynamicRunner.intensity(day: 15, start: 5, duration: 10, recovery: .linear, recoveryDays: 4) - 0.75) < 1e-15)
        #expect(DynamicRunner.intensity(day: 18, start: 5, duration: 10, recovery: .linear, recoveryDays: 4) == 0)
        #expect(abs(DynamicRunner.intensity(day: 15, start: 5, duration: 10, recovery: .exponential, recoveryDays: 4) - exp(-0.25)) < 1e-15)
        #expect(DynamicRunner.intensity(day: 400, start: 5, duration: 10, recovery: .exponential, recoveryDays: 4) == 0)
        #expect(DynamicRunner.intensity(day: 400, start: 5, duration: nil, recovery: .step, recoveryDays: 4) == 1)
    }

    /// A slower recovery never costs less than a step back to normal.
    @Test func slowerRecoveryCostsMore() throws {
        let shock = importShock(cut: 1, duration: 10)
        let step = try cumulativeOutputLoss(dynamicScenario(shock, days: "inventory_days = 2", extra: "horizon_days = 120"))
        let linear = try cumulativeOutputLoss(dynamicScenario(shock, days: "inventory_days = 2", extra: "horizon_days = 120\nrecovery = \"linear\"\nrecovery_days = 20"))
        let exponential = try cumulativeOutputLoss(dynamicScenario(shock, days: "inventory_days = 2", extra: "horizon_days = 120\nrecovery = \"exponential\"\nrecovery_days = 20"))
        #expect(step > 0 && linear > step && exponential > step)
    }

    @Test func runDirectoryAndSweep() throws {
        let text = dynamicScenario(importShock(cut: 1, duration: 20), days: "inventory_days = 5", extra: "horizon_days = 120\nsweep_duration_days = [7, 14, 30]")
        let result = try DynamicRunner.run(try Scenario(path: scenarioFile(text)))
        let report = DynamicReport(result: result)
        let dir = Fixtures.temporaryDirectory() + "/run"
        try report.write(to: dir)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(files == ["impacts.csv", "impacts_by_section.csv", "totals.csv", "timeseries.csv", "daily_totals.csv", "stockouts.csv", "sweep.csv", "output.svg",
                          "impacts.xlsx", "impacts.json", "run.json"])
        let timeseries = try String(contentsOfFile: dir + "/timeseries.csv", encoding: .utf8).split(separator: "\n")
        #expect(timeseries[0] == "day,code,output,output_ratio,value_added,hours,binding")
        #expect(timeseries.count == 1 + 120 * 3)
        let stockouts = try String(contentsOfFile: dir + "/stockouts.csv", encoding: .utf8).split(separator: "\n")
        // B runs out of its imported A after its 5 days (days 0–4); its customer C of input B
        // after 5 more (days 5–9): the stock counts the day's own delivery (Pichler et al. 2022).
        #expect(stockouts.contains("B,Beta,A,imported,5,5"))
        #expect(stockouts.contains("C,Gamma,B,domestic,5,10"))
        let sweep = try String(contentsOfFile: dir + "/sweep.csv", encoding: .utf8).split(separator: "\n")
        #expect(sweep.count == 4)
        #expect(result.sweep.map(\.durationDays) == [7, 14, 30])
        #expect(zip(result.sweep, result.sweep.dropFirst()).allSatisfy { $0.outputLoss <= $1.outputLoss })
        let svg = try String(contentsOfFile: dir + "/output.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 4)   // total and the three sectors, which all lose
        #expect(svg.contains("Total output") && svg.contains("% of baseline output"))
        let markdown = report.markdown(top: 5)
        #expect(markdown.contains("## Totals, cumulative over 120 days"))
        #expect(markdown.contains("Cost of a disruption of N days"))
        let json = try String(contentsOfFile: dir + "/run.json", encoding: .utf8)
        #expect(json.contains("\"inventory_days\"") && json.contains("\"recovery_day\""))
    }

    @Test func inventoryOverridesBySector() throws {
        let text = dynamicScenario(importShock(cut: 1, duration: 20), days: "inventory_days = 5\n[model.inventory_days_by_sector]\nB = 30")
        let scenario = try Scenario(path: scenarioFile(text))
        #expect(scenario.model.inventoryDays == [5, 30, 5])
        #expect(try cumulativeOutputLoss(text) == 0)
    }

    @Test func inventoryDaysFromTheBundle() throws {
        var table = handTable
        table["inventory_days.csv"] = "code,days\nA,1\nB,2\nC,3\n"
        let scenario = try Scenario(path: scenarioFile(dynamicScenario(importShock(cut: 1), days: ""), table: table))
        #expect(scenario.model.inventoryDays == [1, 2, 3])
        #expect(scenario.model.inventorySource == "table/inventory_days.csv")
    }
}

@Suite("Dynamic scenario validation")
struct DynamicValidationTests {
    func expectError(_ text: String, table: [String: String] = handTable, line: Int?, _ fragments: String...) {
        let path = scenarioFile(text, table: table)
        #expect {
            try Scenario(path: path)
        } throws: { error in
            guard let e = error as? InputError else { return false }
            let ok = (line == nil || e.line == line) && fragments.allSatisfy { e.description.contains($0) }
            if !ok { Issue.record("got: \(e)") }
            return ok
        }
    }

    @Test func unknownKeyWithSuggestion() {
        expectError(dynamicScenario(importShock(cut: 1), extra: "horizon = 100"), line: 6, "unknown key \"horizon\"", "horizon_days")
        expectError(dynamicScenario(importShock(cut: 1), extra: "tolerance = 1e-9"), line: 6, "unknown key \"tolerance\"")
    }

    @Test func wrongTypesAndRanges() {
        expectError(dynamicScenario(importShock(cut: 1), extra: "horizon_days = \"year\""), line: 6, "horizon_days", "must be an integer")
        expectError(dynamicScenario(importShock(cut: 1), extra: "horizon_days = 0"), line: 6, "between 1 and 3650")
        expectError(dynamicScenario(importShock(cut: 1), extra: "tau = 0.5"), line: 6, "tau must be between 1 and 365")
        expectError(dynamicScenario(importShock(cut: 1), days: "inventory_days = -3"), line: 5, "inventory_days must be between 0 and 3650")
        expectError(dynamicScenario(importShock(cut: 1), extra: "recovery = \"linaer\""), line: 6, "unknown recovery profile", "did you mean \"linear\"")
        expectError(dynamicScenario(importShock(cut: 1), extra: "recovery_days = 0"), line: 6, "recovery_days")
        expectError(dynamicScenario(importShock(cut: 1), extra: "demand_response = 1.5"), line: 6, "demand_response must be between 0 and 1")
        expectError(dynamicScenario(importShock(cut: 1), extra: "sweep_duration_days = 30"), line: 6, "non-empty array")
        expectError(dynamicScenario(importShock(cut: 1), extra: "sweep_duration_days = [7, \"x\"]"), line: 6, "must list numbers")
        expectError(dynamicScenario(importShock(cut: 1), extra: "sweep_duration_days = [7, 0]"), line: 6, "between 1 and 3650")
        expectError(dynamicScenario(importShock(cut: 1), extra: "rationing = \"firm-first\""), line: 6, "did you mean \"firms-first\"")
    }

    @Test func sweepAndShocksMustFitTheHorizon() {
        expectError(dynamicScenario(importShock(cut: 1), extra: "horizon_days = 50\nsweep_duration_days = [30, 60]"), line: nil, "does not fit in the horizon", "horizon_days")
        expectError(dynamicScenario(importShock(cut: 1, start: 400)), line: 11, "400", "horizon")
        // 1e19 is beyond Int.max: this used to trap in the conversion to a day number.
        expectError(dynamicScenario(importShock(cut: 1, start: 1e19)), line: 11, "1e+19", "horizon")
    }

    @Test func missingInventoryDays() {
        expectError(dynamicScenario(importShock(cut: 1), days: ""), line: 1, "needs the days of stock", "ioshock import inventories")
        expectError(dynamicScenario(importShock(cut: 1), days: "[model.inventory_days_by_sector]\nB = 3"), line: nil, "nothing to override")
    }

    @Test func badSectorOverride() {
        expectError(dynamicScenario(importShock(cut: 1), days: "inventory_days = 5\n[model.inventory_days_by_sector]\nBB = 3"), line: 7, "unknown product code \"BB\"", "in inventory_days_by_sector")
        expectError(dynamicScenario(importShock(cut: 1), days: "inventory_days = 5\n[model.inventory_days_by_sector]\nB = -1"), line: 7, "between 0 and 3650")
        expectError(dynamicScenario(importShock(cut: 1), days: "inventory_days = 5\n[model.inventory_days_by_sector]\nB = \"ten\""), line: 7, "must be a number")
    }

    @Test func badBundleInventoryFile() {
        var table = handTable
        table["inventory_days.csv"] = "code,days\nA,1\nB,-2\nC,3\n"
        expectError(dynamicScenario(importShock(cut: 1), days: ""), table: table, line: 3, "inventory days -2.0 for sector B are outside [0, 3650]")
        table["inventory_days.csv"] = "code,stock\nA,1\nB,2\nC,3\n"
        expectError(dynamicScenario(importShock(cut: 1), days: ""), table: table, line: 1, "the header must be \"code,days\"")
    }
}

@Suite("ioshock run: dynamic scenarios")
struct DynamicCommandTests {
    @Test func runWritesTheDirectoryAndPrintsTotals() throws {
        let scenario = scenarioFile(dynamicScenario(importShock(cut: 1, duration: 20), days: "inventory_days = 5", extra: "horizon_days = 90\nsweep_duration_days = [7, 30]"))
        let out = Fixtures.temporaryDirectory() + "/out"
        let run = try Fixtures.run(["run", scenario, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("## Totals, cumulative over 90 days") && run.stdout.contains("| duration_days |"))
        #expect(FileManager.default.fileExists(atPath: out + "/output.svg"))
        let csv = try Fixtures.run(["run", scenario, "--format", "csv"])
        #expect(csv.stdout.hasPrefix("code,name,baseline_output,output,output_change,output_change_pct,value_added_change,hours_change,persons_change,peak_loss_pct,peak_day,days_below_baseline,rank\n"))
        let bad = try Fixtures.run(["run", scenarioFile(dynamicScenario(importShock(cut: 1), extra: "taus = 3"))])
        #expect(bad.status != 0 && bad.stderr.contains("unknown key \"taus\"") && bad.stderr.contains("did you mean \"tau\""))
    }
}

/// The default dynamic model against an independent implementation of the published equations
/// (Pichler et al. 2022; `tools/pichler2022_reference.py`, numpy, written from the paper):
/// belgium-2015 with the IHS criticality and the table's desired stocks, CPA 20 loses half its
/// capacity on days 10–99, τ = 10, proportional rationing, 365 days. The script gives a
/// cumulative loss of 20,282.3525 M€ and a peak of 9.968013 % of daily output on day 99; ioshock
/// agreed to 2e-12 when this test was written (the issue's bound is 2 %; 1e-6 here).
@Suite("Dynamic model against the published equations")
struct DynamicReferenceTests {
    @Test func belgiumChemicalsCapacityHalved() throws {
        let text = """
        title = "reference"
        table = "\(Fixtures.repositoryPath("matrices/belgium-2015"))"
        [model]
        kind = "dynamic"
        horizon_days = 365
        tau = 10
        criticality = "ihs"
        rationing = "proportional"
        [[shock]]
        products = ["20"]
        loss = 0.5
        start_day = 10
        duration_days = 90
        """
        let dir = Fixtures.directory(with: ["s.toml": text])
        let scenario = try Scenario(path: dir + "/s.toml")
        let impacts = DynamicImpacts(scenario: scenario, path: try DynamicRunner.simulate(scenario))
        #expect(abs(-impacts.outputTotal.change - 20_282.3525) <= 1e-6 * 20_282.3525)
        #expect(abs(impacts.peakTotalLossPercent.value - 9.968013) <= 1e-6 * 9.968013)
        #expect(impacts.peakTotalLossPercent.day == 99)
    }
}
