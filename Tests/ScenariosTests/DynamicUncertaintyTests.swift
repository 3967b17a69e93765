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

    /// A path storage reused from call to call (`DynamicModel.PathStorage`, one per Monte Carlo
    /// worker): each call writes every element of the arrays it takes, so after a full block, a
    /// block of five and a block with a shorter horizon the paths are still those of fresh runs;
    /// and a path an earlier call returned and that is still held keeps its numbers (its arrays
    /// are copied when the next call writes, not overwritten).
    @Test func reusedPathStorage() throws {
        let p = try plan(Self.scenario(model: Self.models[0], draws: 21))
        let batch = try scenarios(p, draws: 0..<21)
        let fresh = try DynamicRunner.simulate(batch: batch, tracksShortages: false)
        let storage = DynamicModel.PathStorage()
        let first = try DynamicRunner.simulate(batch: Array(batch[0..<16]), tracksShortages: false, storage: storage)
        let kept = first[3]
        let second = try DynamicRunner.simulate(batch: Array(batch[16..<21]), tracksShortages: false, storage: storage)
        var shorter = Array(batch[0..<2])
        for k in shorter.indices { shorter[k].model.horizonDays = 40 }
        let third = try DynamicRunner.simulate(batch: shorter, tracksShortages: false, storage: storage)
        let fourth = try DynamicRunner.simulate(batch: Array(batch[0..<16]), tracksShortages: false, storage: storage)

        func same(_ a: DynamicPath, _ b: DynamicPath) -> Bool {
            guard a.outputRatio == b.outputRatio, a.days == b.days else { return false }
            for t in 0..<a.days { for j in 0..<a.sectors where a.binding(day: t, sector: j) != b.binding(day: t, sector: j) { return false } }
            return true
        }
        #expect(same(kept, fresh[3]))
        #expect(zip(second, fresh[16..<21]).allSatisfy(same))
        let shorterFresh = try DynamicRunner.simulate(batch: shorter, tracksShortages: false)
        #expect(third.map(\.days) == [40, 40] && zip(third, shorterFresh).allSatisfy(same))
        #expect(zip(fourth, fresh[0..<16]).allSatisfy(same))
        #expect(same(first[0], fresh[0]) && same(first[15], fresh[15]))
        // The draws differ, so equal paths are not all the same path.
        #expect(fresh[3].outputRatio != fresh[16].outputRatio)
    }

    /// Monte Carlo draws leave out the daily value added and hours (`everyDailyTotal: false`);
    /// every other number is the full reduction's.
    @Test func impactsWithoutEveryDailyTotal() throws {
        let p = try plan(Self.scenario(model: Self.models[0]))
        let s = try scenarios(p, draws: 0..<1)[0]
        let path = try DynamicRunner.simulate(s)
        let full = DynamicImpacts(scenario: s, path: path)
        let lean = DynamicImpacts(scenario: s, path: path, everyDailyTotal: false)
        #expect(lean.dailyValueAdded.isEmpty && lean.dailyHours == nil)
        #expect(full.dailyValueAdded.count == path.days && full.dailyHours?.count == path.days)
        #expect(lean.dailyOutput == full.dailyOutput)
        #expect(lean.totals.map(\.change) == full.totals.map(\.change) && lean.totals.map(\.baseline) == full.totals.map(\.baseline))
        #expect(lean.rows.map(\.outputChange) == full.rows.map(\.outputChange))
        #expect(lean.rows.map(\.employmentChange) == full.rows.map(\.employmentChange))
        #expect(lean.rows.map(\.peakLossPercent) == full.rows.map(\.peakLossPercent) && lean.rows.map(\.peakDay) == full.rows.map(\.peakDay))
        #expect(lean.rows.map(\.daysBelowBaseline) == full.rows.map(\.daysBelowBaseline) && lean.rows.map(\.rank) == full.rows.map(\.rank))
        #expect(lean.peakTotalLossPercent.value == full.peakTotalLossPercent.value && lean.recoveryDay == full.recoveryDay)
        #expect(full.rows.contains { $0.outputChange < 0 })
        // The sums from their definitions (DynamicImpacts; docs/scenarios.md), in the documented order: a sector's
        // over days ascending, a day's over sectors ascending, each from 0.
        let table = s.table, n = table.count, days = path.days
        let gva = try #require(table.grossValueAdded)
        for j in 0..<n {
            var lost = 0.0, worst = 0.0
            for t in 0..<days { lost += path.ratio(day: t, sector: j) - 1; worst = max(worst, 1 - path.ratio(day: t, sector: j)) }
            #expect(full.rows[j].outputChange == table.output[j] * lost / 365)
            #expect(full.rows[j].valueAddedChange == gva[j] * lost / 365)
            #expect(full.rows[j].peakLossPercent == 100 * worst)
        }
        for t in 0..<days {
            var output = 0.0, valueAdded = 0.0
            for j in 0..<n {
                output += table.output[j] * path.ratio(day: t, sector: j) / 365
                valueAdded += gva[j] * path.ratio(day: t, sector: j) / 365
            }
            #expect(full.dailyOutput[t] == output && full.dailyValueAdded[t] == valueAdded, "day \(t)")
        }
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
