import Foundation
import IOModels
import IOTables

/// Monte Carlo runs and sweeps of `kind = "dynamic"` scenarios (docs/scenarios.md, "Uncertainty
/// and sweeps"): any of cut, duration, start, τ, inventory days and recovery days may be
/// uncertain. Each draw's daily path is reduced at once to its cumulative impacts per sector and
/// in total (as `DynamicImpacts`), its peak daily loss and its total output per day; the paths
/// themselves are not kept.
///
/// Draws are solved in fixed chunks of consecutive indices, each chunk in lockstep
/// (`DynamicRunner.simulate(batch:)`); the chunks depend on the number of draws only, and a
/// member's path equals its single run, so the results do not depend on the threads.
extension UncertaintyRun {
    /// Impact columns of a dynamic run: the static ones (cumulative over the horizon) and
    /// `peak_loss_pct`, the largest daily loss in % of the baseline day (per sector; for the total,
    /// of total output).
    public static let peakLossColumnName = "peak_loss_pct"

    static func dynamic(validated: UncertaintyPlan.Validated, threads: Int,
                        progress: (@Sendable (Int) -> Void)?, clock: ContinuousClock.Instant, exchange: (any DrawExchange)?) throws -> UncertaintyRun {
        let plan = validated.plan, values = validated.values, centralValues = validated.centralValues
        let centralScenario = validated.central
        @Sendable func scenario(_ v: [Double], _ draw: Int?) throws -> Scenario { try validated.scenario(v, draw: draw) }
        let central: DynamicScenarioResult
        do { central = try DynamicRunner.run(centralScenario) } catch { throw UncertaintyPlan.located(error, plan: plan, values: centralValues, draw: nil) }
        let centralImpacts = DynamicImpacts(scenario: centralScenario, path: central.path)
        let n = centralScenario.table.count
        let days = centralScenario.model.horizonDays
        let columns = ["output", "output_change", "output_change_pct", "value_added_change"]
            + centralImpacts.employmentMeasures.map { "\($0)_change" } + [peakLossColumnName]
        let c = columns.count
        let draws = plan.evaluations
        try checkMemory(plan: plan, sectors: n, columns: c, days: days)
        let sectorBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: draws * n * c)
        let totalBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: draws * c)
        let dailyBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: draws * days)
        defer { sectorBuffer.deallocate(); totalBuffer.deallocate(); dailyBuffer.deallocate() }
        let slots = Slots(sectors: sectorBuffer, totals: totalBuffer)
        let daily = Slots(sectors: dailyBuffer, totals: totalBuffer)
        // Lockstep batches of up to 16 draws; fixed by the number of draws only.
        let chunk = max(1, min(16, draws / 4))
        let chunks = (draws + chunk - 1) / chunk
        let state = Shared()
        let workers = max(1, threads)
        let share = Self.chunks(chunks, for: exchange)
        parallel(workers) { _ in
            // This worker's paths, rewritten chunk after chunk.
            let storage = DynamicModel.PathStorage()
            while let k = state.nextChunk(in: share) {
                let range = (k * chunk)..<min(draws, (k + 1) * chunk)
                do {
                    var scenarios: [Scenario] = []
                    for i in range { scenarios.append(try scenario(values[i], i)) }
                    let paths: [DynamicPath]
                    do { paths = try DynamicRunner.simulate(batch: scenarios, tracksShortages: false, storage: storage) } catch {
                        for (k, i) in range.enumerated() {
                            do { _ = try DynamicRunner.simulate(scenarios[k]) } catch { throw UncertaintyPlan.located(error, plan: plan, values: values[i], draw: i) }
                        }
                        throw error
                    }
                    for (k, i) in range.enumerated() {
                        let impacts = DynamicImpacts(scenario: scenarios[k], path: paths[k], everyDailyTotal: false)
                        record(impacts, into: slots, draw: i, n: n, c: c)
                        for t in 0..<days { daily.sectors[i * days + t] = impacts.dailyOutput[t] }
                    }
                } catch {
                    state.fail(error, at: range.lowerBound)
                    return
                }
                if let progress { progress(state.finished(range.count)) }
            }
        }
        try gather(exchange, state: state, buffers: [(sectorBuffer, n * c), (totalBuffer, c), (dailyBuffer, days)], chunk: chunk, chunks: chunks, draws: draws)

        // One at a time: each parameter at its low and high value, the others at their centre.
        let totals = Array(totalBuffer)
        let sobol = sobolAnalysis(plan: plan, totals: totals, columns: columns, threads: workers)
        let outputTotals = (0..<draws).map { totals[$0 * c + outputChangeColumn] }
        var sensitivity: [Sensitivity] = []
        // A Sobol plan's sensitivity is its indices instead. The runs at each parameter's low and
        // high value go in lockstep, as the draws do (each path is its single run's).
        let ends = sobol != nil ? [] : plan.parameters.indices.flatMap { k in [false, true].map { validated.sensitivityValues(k, high: $0) } }
        let endScenarios = try ends.map { try scenario($0, nil) }
        let endTotals: [[Impacts.Total]]
        do {
            endTotals = try zip(endScenarios, DynamicRunner.simulate(batch: endScenarios, tracksShortages: false)).map {
                DynamicImpacts(scenario: $0, path: $1, everyDailyTotal: false).totals
            }
        } catch {
            for (e, (v, s)) in zip(ends, endScenarios).enumerated() {
                do { _ = try DynamicRunner.simulate(s) } catch {
                    throw UncertaintyPlan.relabelled(UncertaintyPlan.located(error, plan: plan, values: v, draw: nil), as: plan.sensitivityRun(e / 2, high: e % 2 == 1))
                }
            }
            throw error
        }
        for k in plan.parameters.indices where sobol == nil {
            let column = values.map { $0[k] }
            let (low, high) = validated.extremes[k]
            let atLow = endTotals[2 * k], atHigh = endTotals[2 * k + 1]
            sensitivity.append(Sensitivity(parameter: plan.parameters[k].name, low: low, high: high,
                                           outputChangeAtLow: atLow[0].change, outputChangeAtHigh: atHigh[0].change,
                                           valueAddedChangeAtLow: atLow[1].change, valueAddedChangeAtHigh: atHigh[1].change,
                                           rankCorrelation: Statistics.spearman(column, outputTotals)))
        }
        sensitivity.sort { $0.outputSwing != $1.outputSwing ? $0.outputSwing > $1.outputSwing : $0.parameter < $1.parameter }
        let elapsed = ContinuousClock.now - clock
        return UncertaintyRun(plan: plan, central: .dynamic(central), centralValues: centralValues, values: values, columns: columns,
                              sectorCount: n, sectorValues: Array(sectorBuffer), totalValues: totals, sensitivity: sensitivity,
                              worstResidual: 0, maxIterations: nil,
                              wallTime: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                              threads: workers, days: days, dailyOutput: Array(dailyBuffer), sobol: sobol)
    }

    /// Writes one dynamic draw's cumulative sector and total impacts and peak losses into its slots.
    static func record(_ impacts: DynamicImpacts, into slots: Slots, draw i: Int, n: Int, c: Int) {
        record(rows: impacts.rows, totals: impacts.totals, into: slots, draw: i, n: n, c: c, measures: c - 5)
        for (j, row) in impacts.rows.enumerated() { slots.sectors[(i * n + j) * c + c - 1] = row.peakLossPercent }
        slots.totals[i * c + c - 1] = impacts.peakTotalLossPercent.value
    }

    /// Total output on day t over the draws (dynamic runs; a Sobol plan: over A and B).
    public func dailyOutputSeries(day t: Int) -> [Double] {
        (0..<plan.sampleDraws).map { dailyOutput[$0 * days + t] }
    }

    /// `dailyOutputSeries(day:)` of each day of `range`, gathered in one pass over the draws (a
    /// draw's days are adjacent in memory, so each is read once instead of once a day).
    public func dailyOutputSeries(days range: Range<Int>) -> [[Double]] {
        Self.series(of: dailyOutput, draws: plan.sampleDraws, stride: days, slots: range)
    }
}
