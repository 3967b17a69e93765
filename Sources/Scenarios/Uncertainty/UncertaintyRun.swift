import Foundation
import IOModels
import IOTables
import LinearAlgebra

/// A Monte Carlo run or sweep of a scenario: every draw's impacts, their summary, and the
/// sensitivity of the total loss to each parameter (docs/scenarios.md, "Uncertainty and sweeps").
///
/// The table is read and I − A factored once; each draw writes its values into the parsed central
/// scenario (`ScenarioTemplate`; plans it does not cover substitute them into the document and
/// parse it) and is solved on the shared factorisation.
/// Draws run in parallel in fixed chunks; each writes only its own slots, so the results do not
/// depend on the number of threads or their scheduling.
/// - Complexity: O(draws × (iterations × n² + n²)) after one O(n³) factorisation.
public struct UncertaintyRun: Sendable {
    /// The run with every uncertain value at its central value (the median of its draws).
    public enum Central: Sendable {
        case equilibrium(ScenarioResult)
        case dynamic(DynamicScenarioResult)
    }

    public let plan: UncertaintyPlan
    public let central: Central
    public let centralValues: [Double]
    /// `values[i][k]`: parameter k in draw i.
    public let values: [[Double]]
    /// Impact columns of each sector (and of the total): `output`, `output_change`,
    /// `output_change_pct`, `value_added_change`, then one `<measure>_change` per employment measure.
    public let columns: [String]
    public let sectorCount: Int
    /// Per draw, per sector, per column: `sectorValues[(i·n + j)·c + k]`.
    public let sectorValues: [Double]
    /// Per draw, per column, the economy-wide total: `totalValues[i·c + k]`.
    public let totalValues: [Double]
    public let sensitivity: [Sensitivity]
    /// The Sobol indices of a `method = "sobol"` plan (then `sensitivity` is empty).
    public let sobol: SobolAnalysis?
    /// Worst residual and most iterations over all draws (supply-constrained model).
    public let worstResidual: Double
    public let maxIterations: Int?
    public let wallTime: Double
    public let threads: Int
    /// Processes that shared the draws (MPI ranks, `ioshock-mpi`); 1 for `ioshock`.
    public internal(set) var ranks = 1
    /// Dynamic runs: the horizon in days and every draw's total output per day (table unit per
    /// day), `dailyOutput[i·days + t]`; 0 days and empty for static models.
    public let days: Int
    public let dailyOutput: [Double]

    /// The central scenario.
    public var scenario: Scenario {
        switch central {
        case let .equilibrium(r): r.scenario
        case let .dynamic(r): r.scenario
        }
    }

    /// How much one parameter moves the total loss.
    public struct Sensitivity: Sendable {
        public var parameter: String
        public var low: Double
        public var high: Double
        /// Total output and value-added change with this parameter at `low` and at `high`, the
        /// others at their central values.
        public var outputChangeAtLow: Double
        public var outputChangeAtHigh: Double
        public var valueAddedChangeAtLow: Double
        public var valueAddedChangeAtHigh: Double
        /// Spearman rank correlation of the parameter with the total output change over the
        /// draws (nil when it is undefined: fewer than 3 draws or a constant parameter or total).
        public var rankCorrelation: Double?
        public var outputSwing: Double { abs(outputChangeAtHigh - outputChangeAtLow) }
    }

    /// Column index of `output_change` in `columns`.
    public static let outputChangeColumn = 1
    public static let valueAddedChangeColumn = 3

    /// The memory a run holds for its draws: every draw's sector impacts (draws × n × c doubles),
    /// totals and parameter values, and the text of draws.csv (about 24 bytes a number).
    /// Dynamic runs add every draw's daily total output (draws × days doubles).
    public static func memoryNeeded(draws: Int, sectors n: Int, columns c: Int, parameters p: Int, days: Int = 0) -> Int? {
        MemoryBudget.sum([MemoryBudget.bytes([draws, n, c], each: 8), MemoryBudget.bytes([draws, c], each: 8),
                          MemoryBudget.bytes([draws, p], each: 8), MemoryBudget.bytes([draws, p + c], each: 24),
                          MemoryBudget.bytes([draws, days], each: 8)])
    }

    /// Refuses, before allocating, a plan whose draws do not fit `MemoryBudget`.
    static func checkMemory(plan: UncertaintyPlan, sectors n: Int, columns c: Int, days: Int = 0) throws(InputError) {
        let evaluations = plan.evaluations
        let needed = memoryNeeded(draws: evaluations, sectors: n, columns: c, parameters: plan.parameters.count, days: days)
        guard !MemoryBudget.fits(needed) else { return }
        var most = 1
        while most < evaluations, MemoryBudget.fits(memoryNeeded(draws: most * 2, sectors: n, columns: c, parameters: plan.parameters.count, days: days)) { most *= 2 }
        var what = plan.mode == .sweep ? "a sweep of \(plan.draws) combinations" : plan.drawsPosition == nil ? "--draws \(plan.draws)" : "draws = \(plan.draws)"
        // A Sobol plan holds every one of its N·(k + 2) evaluations.
        if plan.method == .sobol {
            what += " with method = \"sobol\" (\(evaluations) evaluations)"
            most = max(1, most / (plan.parameters.count + 2))
        }
        let p = plan.drawsPosition ?? plan.parameters.first?.position
        try MemoryBudget.check("\(what) on a table of \(n) sectors (\(c) impact columns each)", needs: needed, file: plan.path, line: p?.line, column: p?.column,
                               hint: "use at most about \(most) draws on this table (docs/scenarios.md, \"Limits\")")
    }

    /// Runs every draw of a plan. `progress` is called with the number of draws done (from any thread).
    public init(plan: UncertaintyPlan, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                progress: (@Sendable (Int) -> Void)? = nil) throws {
        try self.init(validated: try plan.validate(everyDraw: false), threads: threads, progress: progress)
    }

    init(plan: UncertaintyPlan, central: Central, centralValues: [Double], values: [[Double]], columns: [String], sectorCount: Int,
         sectorValues: [Double], totalValues: [Double], sensitivity: [Sensitivity], worstResidual: Double, maxIterations: Int?,
         wallTime: Double, threads: Int, days: Int, dailyOutput: [Double], sobol: SobolAnalysis? = nil) {
        self.plan = plan
        self.central = central
        self.centralValues = centralValues
        self.values = values
        self.columns = columns
        self.sectorCount = sectorCount
        self.sectorValues = sectorValues
        self.totalValues = totalValues
        self.sensitivity = sensitivity
        self.sobol = sobol
        self.worstResidual = worstResidual
        self.maxIterations = maxIterations
        self.wallTime = wallTime
        self.threads = threads
        self.days = days
        self.dailyOutput = dailyOutput
    }

    /// Runs this process's share of the draws of a checked plan (`CheckedScenario`,
    /// `UncertaintyPlan.validate`): all of them without `exchange`; see UncertaintyRun+Partition.swift.
    init(validated: UncertaintyPlan.Validated, leontief prebuilt: LeontiefModel?, threads: Int, progress: (@Sendable (Int) -> Void)?, exchange: (any DrawExchange)?) throws {
        let clock = ContinuousClock.now
        let plan = validated.plan
        let table = validated.table
        let leontief = try prebuilt ?? LeontiefModel(table: table)
        let values = validated.values
        let p = plan.parameters.count
        let centralValues = validated.centralValues
        @Sendable func scenario(_ v: [Double], draw: Int?) throws -> Scenario { try validated.scenario(v, draw: draw) }
        let centralScenario = validated.central
        if centralScenario.model.kind == .dynamic {
            self = try Self.dynamic(validated: validated, threads: threads, progress: progress, clock: clock, exchange: exchange)
            return
        }
        let central = try ScenarioRunner.run(centralScenario, leontief: leontief)
        let centralImpacts = Impacts(result: central)
        let n = table.count
        let columns = ["output", "output_change", "output_change_pct", "value_added_change"] + centralImpacts.employmentMeasures.map { "\($0)_change" }
        let c = columns.count

        let draws = plan.evaluations
        try Self.checkMemory(plan: plan, sectors: n, columns: c)
        let sectorBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: draws * n * c)
        let totalBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: draws * c)
        defer { sectorBuffer.deallocate(); totalBuffer.deallocate() }
        let slots = Slots(sectors: sectorBuffer, totals: totalBuffer)
        // Chunks depend on the number of draws only, never on the threads: a chunk is solved as one
        // batch, and the same draws in the same batches give the same numbers on any machine.
        let chunk = max(1, min(64, draws / 16))
        let chunks = (draws + chunk - 1) / chunk
        let state = Shared()
        let workers = max(1, threads)
        let share = Self.chunks(chunks, for: exchange)
        Self.parallel(workers) { _ in
            var residual = 0.0, iterations: Int? = nil
            // Chunks are taken in order from a shared counter; which thread runs a chunk does not
            // change its results.
            while let k = state.nextChunk(in: share) {
                let range = (k * chunk)..<min(draws, (k + 1) * chunk)
                do {
                    // The chunk's draws are solved together: one multi-right-hand-side solve per round.
                    var scenarios: [Scenario] = []
                    for i in range { scenarios.append(try scenario(values[i], draw: i)) }
                    let results: [ScenarioResult]
                    do { results = try ScenarioRunner.run(batch: scenarios, leontief: leontief, explains: false) } catch {
                        // Name the first draw of the chunk that fails on its own.
                        for (k, i) in range.enumerated() {
                            do { _ = try ScenarioRunner.run(scenarios[k], leontief: leontief) } catch { throw UncertaintyPlan.located(error, plan: plan, values: values[i], draw: i) }
                        }
                        throw error
                    }
                    for (k, i) in range.enumerated() {
                        let result = results[k]
                        residual = max(residual, result.residual)
                        if let it = result.iterations { iterations = max(iterations ?? 0, it) }
                        Self.record(result, into: slots, draw: i, n: n, c: c)
                    }
                } catch {
                    state.fail(error, at: range.lowerBound)
                    return
                }
                if let progress { progress(state.finished(range.count)) }
            }
            state.merge(residual: residual, iterations: iterations)
        }
        try Self.gather(exchange, state: state, buffers: [(sectorBuffer, n * c), (totalBuffer, c)], chunk: chunk, chunks: chunks, draws: draws)

        // Sensitivity: each parameter at its low and high value, the others at their centre.
        var sensitivity: [Sensitivity] = []
        let totals = Array(totalBuffer)
        let sobol = Self.sobolAnalysis(plan: plan, totals: totals, columns: columns, threads: workers)
        let outputTotals = (0..<draws).map { totals[$0 * c + Self.outputChangeColumn] }
        // A Sobol plan's sensitivity is its indices instead.
        for k in 0..<p where sobol == nil {
            let column = values.map { $0[k] }
            let (low, high) = validated.extremes[k]
            // A model error of a sensitivity run names the run and its values, as a draw's does.
            func end(_ high: Bool) throws -> Impacts {
                let v = validated.sensitivityValues(k, high: high)
                do { return Impacts(result: try ScenarioRunner.run(try scenario(v, draw: nil), leontief: leontief)) } catch {
                    throw UncertaintyPlan.relabelled(error is ModelError ? UncertaintyPlan.located(error, plan: plan, values: v, draw: nil) : error,
                                                     as: plan.sensitivityRun(k, high: high))
                }
            }
            let atLow = try end(false), atHigh = try end(true)
            sensitivity.append(Sensitivity(parameter: plan.parameters[k].name, low: low, high: high,
                                           outputChangeAtLow: atLow.totals[0].change, outputChangeAtHigh: atHigh.totals[0].change,
                                           valueAddedChangeAtLow: atLow.totals[1].change, valueAddedChangeAtHigh: atHigh.totals[1].change,
                                           rankCorrelation: Statistics.spearman(column, outputTotals)))
        }
        sensitivity.sort { $0.outputSwing != $1.outputSwing ? $0.outputSwing > $1.outputSwing : $0.parameter < $1.parameter }

        self.plan = plan
        self.central = .equilibrium(central)
        self.centralValues = centralValues
        self.values = values
        self.columns = columns
        self.sectorCount = n
        self.sectorValues = Array(sectorBuffer)
        self.totalValues = totals
        self.sensitivity = sensitivity
        self.sobol = sobol
        self.worstResidual = state.residual
        self.maxIterations = state.iterations
        self.threads = workers
        self.days = 0
        self.dailyOutput = []
        let elapsed = ContinuousClock.now - clock
        self.wallTime = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Runs `body(0) … body(count − 1)` on `count` threads (the caller's among them) and waits.
    /// Threads of our own rather than `DispatchQueue.concurrentPerform`, whose Linux
    /// implementation ran the workers one after the other on the test machine.
    /// OpenBLAS is limited to one thread meanwhile, so that the workers' batched solves do not
    /// each start a pool of their own.
    /// OpenBLAS is limited to one thread for every worker count, one included: a batched solve
    /// run on OpenBLAS's own pool is partitioned by that pool's size, and under some kernels
    /// (seen with `OPENBLAS_CORETYPE=Haswell`) the partitions sum in another order, so
    /// `--threads 1` (pool of 2) and `--threads 2` (pool of 1 per worker) differed in the last
    /// digits. With one BLAS thread everywhere, a chunk's arithmetic is the same whichever worker
    /// runs it and however many there are.
    static func parallel(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        BLASThreads.limited(to: 1) {
            if count > 1 { spawn(count, body) } else { body(0) }
        }
    }

    static func spawn(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for worker in 1..<count {
            group.enter()
            let thread = Thread {
                body(worker)
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        body(0)
        group.wait()
    }

    /// Writes one draw's sector and total impacts into its slots.
    static func record(_ impacts: Impacts, into slots: Slots, draw i: Int, n: Int, c: Int) {
        record(rows: impacts.rows, totals: impacts.totals, into: slots, draw: i, n: n, c: c, measures: c - 4)
    }

    /// The slots every draw fills from its impact rows and totals, static or dynamic: per sector
    /// output, its change, the change in %, value added and each employment measure; in the
    /// totals, their sums. A dynamic draw adds its peak losses after.
    static func record<Row: DrawImpactRow>(rows: [Row], totals: [Impacts.Total], into slots: Slots, draw i: Int, n: Int, c: Int, measures: Int) {
        var output = 0.0
        for (j, row) in rows.enumerated() {
            let base = (i * n + j) * c
            slots.sectors[base] = row.output
            slots.sectors[base + 1] = row.outputChange
            slots.sectors[base + 2] = row.outputChangePercent
            slots.sectors[base + 3] = row.valueAddedChange
            for (m, e) in row.employmentChange.enumerated() { slots.sectors[base + 4 + m] = e }
            output += row.output
        }
        let t = i * c
        slots.totals[t] = output
        slots.totals[t + 1] = totals[0].change
        slots.totals[t + 2] = totals[0].changePercent
        slots.totals[t + 3] = totals[1].change
        for m in 0..<measures { slots.totals[t + 4 + m] = totals[2 + m].change }
    }

    /// Writes one draw's impacts into its slots: the numbers of `record(Impacts(result:), …)`,
    /// computed the same way in the same order (so equal bit for bit), without the rows' codes,
    /// names, ranks and texts that Monte Carlo does not keep.
    /// - Complexity: O(n × (1 + employment measures)).
    static func record(_ result: ScenarioResult, into slots: Slots, draw i: Int, n: Int, c: Int) {
        let table = result.scenario.table
        let k = result.scenario.periodDays.map { $0 / 365 } ?? 1
        let x0 = result.baselineOutput, x = result.output
        let gva = table.grossValueAdded
        let employment = table.employment
        let measures = c - 4
        var scales = [Double](repeating: 1, count: measures)
        if let employment { for m in 0..<measures { scales[m] = Impacts.scale(employment.labels[m], k) } }
        var output = 0.0, outputChange = 0.0, valueAddedChange = 0.0, baseline = 0.0
        var employmentChange = [Double](repeating: 0, count: measures)
        for j in 0..<n {
            let dx = x[j] - x0[j]
            let share = x0[j] == 0 ? 0 : dx / x0[j]
            let base = (i * n + j) * c
            let change = dx * k, va = (gva?[j] ?? 0) * share * k
            slots.sectors[base] = x[j] * k
            slots.sectors[base + 1] = change
            slots.sectors[base + 2] = 100 * share
            slots.sectors[base + 3] = va
            if let employment {
                for m in 0..<measures {
                    let e = employment.values[j, m] * share * scales[m]
                    slots.sectors[base + 4 + m] = e
                    employmentChange[m] += e
                }
            }
            output += x[j] * k
            outputChange += change
            valueAddedChange += va
            baseline += x0[j]
        }
        let t = i * c
        let outputBaseline = baseline * k
        slots.totals[t] = output
        slots.totals[t + 1] = outputChange
        slots.totals[t + 2] = outputBaseline == 0 ? 0 : 100 * outputChange / outputBaseline
        slots.totals[t + 3] = valueAddedChange
        for m in 0..<measures { slots.totals[t + 4 + m] = employmentChange[m] }
    }

    /// Draw i, parameter k.
    public func value(draw i: Int, parameter k: Int) -> Double { values[i][k] }

    /// Column `k` of sector j over the draws (a Sobol plan: over the 2N rows of A and B).
    public func sectorSeries(sector j: Int, column k: Int) -> [Double] {
        let n = sectorCount, c = columns.count
        return (0..<plan.sampleDraws).map { sectorValues[($0 * n + j) * c + k] }
    }

    /// `sectorSeries(sector: j, column: k)` of every column k, gathered in one pass over the
    /// draws (a draw's columns of a sector are adjacent in memory).
    public func sectorSeries(sector j: Int) -> [[Double]] {
        Self.series(of: sectorValues, draws: plan.sampleDraws, stride: sectorCount * columns.count, slots: (j * columns.count)..<((j + 1) * columns.count))
    }

    /// Slots `slots` of each draw's record of `stride` numbers, as one series over the draws per
    /// slot, gathered in one pass over the draws (each record is read once, not once a slot).
    static func series(of values: [Double], draws: Int, stride: Int, slots: Range<Int>) -> [[Double]] {
        let width = slots.count, first = slots.lowerBound
        var flat = [Double](repeating: 0, count: width * draws)
        values.withUnsafeBufferPointer { v in
            flat.withUnsafeMutableBufferPointer { out in
                for i in 0..<draws {
                    for c in 0..<width { out[c &* draws &+ i] = v[i &* stride &+ first &+ c] }
                }
            }
        }
        return (0..<width).map { Array(flat[($0 * draws)..<(($0 + 1) * draws)]) }
    }

    /// Column `k` of the economy-wide total over the draws (a Sobol plan: over A and B).
    public func totalSeries(column k: Int) -> [Double] {
        let c = columns.count
        return (0..<plan.sampleDraws).map { totalValues[$0 * c + k] }
    }
}

/// Output slots shared by the workers; each draw writes only its own indices.
final class Slots: @unchecked Sendable {
    let sectors: UnsafeMutableBufferPointer<Double>
    let totals: UnsafeMutableBufferPointer<Double>
    init(sectors: UnsafeMutableBufferPointer<Double>, totals: UnsafeMutableBufferPointer<Double>) {
        self.sectors = sectors
        self.totals = totals
    }
}

/// The chunk counter, progress count, first error and diagnostics, behind one lock.
final class Shared: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private(set) var failedAt = Int.max
    private(set) var firstError: (any Error)?
    private(set) var residual = 0.0
    private(set) var iterations: Int?

    /// The next chunk of `chunks` (this process's share, `UncertaintyRun.chunks(_:for:)`).
    func nextChunk(in chunks: Range<Int>) -> Int? {
        lock.lock(); defer { lock.unlock() }
        next = max(next, chunks.lowerBound)
        guard next < chunks.upperBound, firstError == nil else { return nil }
        next += 1
        return next - 1
    }

    func finished(_ k: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        done += k
        return done
    }

    /// Keeps the error of the earliest draw, so the message does not depend on scheduling.
    func fail(_ error: any Error, at draw: Int) {
        lock.lock(); defer { lock.unlock() }
        if draw < failedAt { failedAt = draw; firstError = error }
    }

    func merge(residual r: Double, iterations it: Int?) {
        lock.lock(); defer { lock.unlock() }
        residual = max(residual, r)
        if let it { iterations = max(iterations ?? 0, it) }
    }
}

/// A sector's row of a draw's impacts, static (`Impacts.Row`) or dynamic (`DynamicImpacts.Row`):
/// what `UncertaintyRun.record(rows:…)` writes into the draw's slots.
protocol DrawImpactRow {
    var output: Double { get }
    var outputChange: Double { get }
    var outputChangePercent: Double { get }
    var valueAddedChange: Double { get }
    var employmentChange: [Double] { get }
}

extension Impacts.Row: DrawImpactRow {}
extension DynamicImpacts.Row: DrawImpactRow {}
