import Foundation
import IOModels
import IOTables
import Reports
import Scenarios
import TestSupport
import Testing

/// Monte Carlo runs of the dynamic model (docs/scenarios.md, "Uncertainty and sweeps") on the
/// Flemish table, and the lockstep batch against single runs.
@Suite("Dynamic uncertainty")
struct DynamicUncertaintyTests {
    static let flanders = Fixtures.repositoryPath("matrices/flanders-2015")

    /// Every numeric input of the dynamic model uncertain at once.
    static func scenario(model: String, draws: Int = 12) -> String {
        """
        table = "TABLE"
        [model]
        kind = "dynamic"
        horizon_days = 120
        \(model)
        tau = { distribution = "triangular", min = 3, mode = 10, max = 25 }
        recovery_days = { distribution = "uniform", min = 5, max = 40 }
        spare_capacity = { distribution = "uniform", min = 0, max = 0.1 }
        demand_response = { distribution = "uniform", min = 0, max = 0.5 }
        inventory_days = { distribution = "uniform", min = 0.5, max = 20 }
        [[shock]]
        products = ["20"]
        origin = "non-EU"
        cut = { distribution = "triangular", min = 0.2, mode = 0.6, max = 1 }
        start_day = { distribution = "uniform", min = 5, max = 15 }
        duration_days = { distribution = "uniform", min = 10, max = 60 }
        [[shock]]
        products = ["24"]
        loss = [0, 0.1, 0.3]
        start_day = 20
        duration_days = 30
        [uncertainty]
        draws = \(draws)
        seed = 5
        """
    }

    static let models = [
        "criticality = \"ihs\"\nrationing = \"proportional\"\nrecovery = \"linear\"",
        "criticality = \"strict\"\nrationing = \"firms-first\"\nimport_allocation = \"industries-first\"\nrecovery = \"exponential\"",
        "criticality = \"linear\"\nrecovery = \"step\"",
    ]

    func plan(_ text: String) throws -> UncertaintyPlan {
        let path = scenarioFile(text, bundle: Self.flanders)
        return try #require(try UncertaintyPlan.detect(try TOMLDocument(path: path)))
    }

    func scenarios(_ plan: UncertaintyPlan, draws: Range<Int>) throws -> [Scenario] {
        let tablePath = try Scenario.tablePath(of: plan.document)
        let table = try IOTable(bundle: tablePath)
        return try draws.map { try Scenario(document: plan.document(with: plan.values(draw: $0)), table: table, tablePath: tablePath) }
    }

    /// A member of a lockstep batch follows the path of its own single run: the batch performs the
    /// single run's operations in the same order, so the paths are the same bit for bit, with the
    /// same bindings and first shortage days.
    @Test(arguments: 0..<3)
    func batchEqualsSingleRuns(model k: Int) throws {
        let p = try plan(Self.scenario(model: Self.models[k]))
        let batch = try scenarios(p, draws: 0..<7)
        let paths = try DynamicRunner.simulate(batch: batch)
        #expect(paths.count == batch.count)
        // Without shortage records the outputs are the same numbers.
        let untracked = try DynamicRunner.simulate(batch: batch, tracksShortages: false)
        #expect(untracked.map(\.outputRatio) == paths.map(\.outputRatio))
        #expect(untracked.allSatisfy { $0.firstShortageDomestic.isEmpty && $0.firstShortageOutside.isEmpty })
        #expect(DynamicImpacts(scenario: batch[0], path: untracked[0]).sectorsShortOfCutInputs == nil)
        #expect(DynamicImpacts(scenario: batch[0], path: paths[0]).sectorsShortOfCutInputs != nil)
        var moved = false
        for (b, s) in batch.enumerated() {
            let single = try DynamicRunner.simulate(s)
            let lockstep = paths[b]
            #expect(lockstep.days == single.days && lockstep.sectors == single.sectors)
            let worst = zip(lockstep.outputRatio, single.outputRatio).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-12, "draw \(b): largest difference \(worst)")
            #expect(lockstep.outputRatio == single.outputRatio, "draw \(b): the batch and the single run differ in the last digits")
            #expect(lockstep.firstShortageDomestic == single.firstShortageDomestic)
            #expect(lockstep.firstShortageOutside == single.firstShortageOutside)
            for t in 0..<single.days { for j in 0..<single.sectors { #expect(lockstep.binding(day: t, sector: j) == single.binding(day: t, sector: j)) } }
            if single.outputRatio.contains(where: { $0 < 1 - 1e-6 }) { moved = true }
        }
        // The shocks bite, so the comparison is not between baselines.
        #expect(moved)
    }

    /// More members than one block of lanes (`DynamicModel.lanes`, 16): 21 members run as a full
    /// block and a block of five padded with copies of its first member. Each path is still its
    /// single run's bit for bit, whichever block and lane it is in (the padding is dropped). Some
    /// sector is bound by an input, so it delivers less than its orders and its row leaves the
    /// column's common stocks during the run: that path of the kernel is exercised too.
    @Test func membersBeyondOneBlockOfLanes() throws {
        let p = try plan(Self.scenario(model: Self.models[0], draws: 21))
        let batch = try scenarios(p, draws: 0..<21)
        let paths = try DynamicRunner.simulate(batch: batch, tracksShortages: false)
        #expect(paths.count == 21)
        var boundByAnInput = false
        for (b, s) in batch.enumerated() {
            let single = try DynamicRunner.simulate(s)
            let sameOutputs = paths[b].outputRatio == single.outputRatio
            #expect(sameOutputs, "draw \(b): the block and the single run differ")
            var sameBindings = true
            for t in 0..<single.days {
                for j in 0..<single.sectors {
                    let binding = paths[b].binding(day: t, sector: j)
                    if binding != single.binding(day: t, sector: j) { sameBindings = false }
                    if case .domesticInput = binding { boundByAnInput = true }
                    if case .outsideInput = binding { boundByAnInput = true }
                }
            }
            #expect(sameBindings, "draw \(b)")
        }
        #expect(boundByAnInput)
        // Member 17 alone, in lane 0 of a block of padding.
        let alone = try DynamicRunner.simulate(batch: [batch[17]], tracksShortages: false)
        #expect(alone[0].outputRatio == paths[17].outputRatio)
    }

    @Test func aBatchOfScenariosWithAnotherHorizonRunsThemAlone() throws {
        let p = try plan(Self.scenario(model: Self.models[0]))
        var batch = try scenarios(p, draws: 0..<3)
        batch[1].model.horizonDays = 40
        let paths = try DynamicRunner.simulate(batch: batch)
        #expect(paths.map(\.days) == [120, 40, 120])
        #expect(paths[1].outputRatio == (try DynamicRunner.simulate(batch[1])).outputRatio)
    }

    /// Each draw's totals are those of its own scenario run alone; the peak total loss is the
    /// largest daily loss of its daily output; days before any shock starts (day 5 at the
    /// earliest) are at the baseline x⁰·1/365 in every draw, so all three bands equal it there.
    @Test func drawsAreTheirOwnRunsAndBandsBracketTheMedian() throws {
        let p = try plan(Self.scenario(model: Self.models[0], draws: 16))
        let run = try UncertaintyRun(plan: p, threads: 2)
        let c = run.columns.count
        #expect(run.columns.last == UncertaintyRun.peakLossColumnName)
        #expect(run.days == 120)
        let all = try scenarios(p, draws: 0..<16)
        for i in [0, 7, 15] {
            let impacts = DynamicImpacts(scenario: all[i], path: try DynamicRunner.simulate(all[i]))
            let change = run.totalValues[i * c + UncertaintyRun.outputChangeColumn]
            #expect(abs(change - impacts.outputTotal.change) <= 1e-9 * max(1, abs(change)))
            #expect(abs(run.totalValues[i * c + c - 1] - impacts.peakTotalLossPercent.value) <= 1e-9)
            let daily = (0..<run.days).map { run.dailyOutput[i * run.days + $0] }
            let baseDay = all[i].table.output.reduce(0, +) / 365
            let peak = daily.map { 100 * (1 - $0 / baseDay) }.max()!
            #expect(abs(max(0, peak) - run.totalValues[i * c + c - 1]) <= 1e-9)
        }
        let report = UncertaintyReport(run: run)
        let bands = report.timeseriesBandsTable()
        #expect(bands.columns == ["day", "p5", "p50", "p95"])
        #expect(bands.rows.count == 120)
        let baseDay = all[0].table.output.reduce(0, +) / 365
        for t in 0..<run.days {
            let p = Statistics.percentiles(run.dailyOutputSeries(day: t), [5, 50, 95])
            #expect(p[0] <= p[1] && p[1] <= p[2])
            if t < 5 { #expect(abs(p[0] - baseDay) <= 1e-9 * baseDay && abs(p[2] - baseDay) <= 1e-9 * baseDay) }
        }
        // Some day has a spread: the draws differ.
        #expect((0..<run.days).contains { t in let s = run.dailyOutputSeries(day: t); return s.max()! - s.min()! > 1e-6 * baseDay })
    }

    @Test func sameSeedSameFilesOnAnyNumberOfThreads() throws {
        let p = try plan(Self.scenario(model: Self.models[1], draws: 10))
        var texts: [[String]] = []
        for threads in [1, 2] {
            let dir = Fixtures.temporaryDirectory("dynamic-mc") + "/out"
            try UncertaintyReport(run: try UncertaintyRun(plan: p, threads: threads)).write(to: dir)
            texts.append(try ["impacts_summary.csv", "draws.csv", "sensitivity.csv", "timeseries_bands.csv", "impacts.csv", "timeseries.csv"].map {
                try String(contentsOfFile: dir + "/" + $0, encoding: .utf8)
            })
        }
        #expect(texts[0] == texts[1])
        #expect(texts[0][3].split(separator: "\n").count == 121)
    }

    @Test func aDurationSweepIsRefusedWithUncertainValues() throws {
        let text = Self.scenario(model: "sweep_duration_days = [7, 14]")
        let path = scenarioFile(text, bundle: Self.flanders)
        let p = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: path)))
        #expect {
            _ = try UncertaintyRun(plan: p, threads: 1)
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.line == 5 && e.description.contains("sweep_duration_days cannot be combined")
        }
        // `check` refuses it the same way (the shared validation), before any draw runs.
        #expect(throws: InputError.self) { try p.validate(everyDraw: true) }
    }
}
