import Foundation
import IOModels
import IOTables
import LinearAlgebra

/// Why a supply-constrained run lost what it lost (issue 12; docs/scenarios.md, "Explaining a
/// run"): where the missing supply went, the binding constraint and chain of every sector, what
/// relaxing each link of the chains would give back, an exact decomposition of the loss, the
/// criticality entries that carry most of it, and the ratios people quote.
///
/// Every re-solve uses the run's Leontief factorisation; only the criticality weights, a capacity
/// or a final demand differ. All flows are for the scenario's period (× days/365), in the table's unit.
public struct RunExplanation: Sendable {
    /// What relaxing one constraint means in a re-solve.
    public enum Relaxation: Sendable, Hashable {
        /// The criticality entry w_iu set to 0: `input` no longer binds `user` (domestic and imported).
        case criticality(input: Int, user: Int)
        /// Every criticality entry of `input` set to 0: it binds no user.
        case criticalityRow(input: Int)
        /// The sector's capacity back to its baseline.
        case capacity(Int)
        /// The sector's final demand back to its baseline.
        case finalDemand(Int)
    }

    /// One link of a sector's chain, its size and what relaxing it would give back.
    public struct Link: Sendable {
        public var link: ChainLink
        public var text: String
        /// The link's size as a share of baseline: σ_i (supply potential) of a domestic input, ρ_pu of an outside
        /// input, capacity / baseline, final demand / baseline, the customer's output / baseline.
        public var ratio: Double
        /// For `sales` links: the supplier's lost sales to the customer; for outside inputs: the
        /// user's missing imports; else nil.
        public var amount: Double?
        public var relaxation: Relaxation?
        /// Output of the explained sector regained when the link is relaxed (nil when it cannot be).
        public var sectorGain: Double?
        /// Output of the whole economy regained when the link is relaxed.
        public var totalGain: Double?
    }

    public struct Sector: Sendable {
        public var index: Int
        public var binding: String
        public var chain: String
        public var links: [Link]
        public var looped: Bool
    }

    /// A component of the decomposition: the output and value-added change it accounts for.
    public struct Component: Sendable {
        public var name: String
        public var description: String
        public var outputChange: Double
        public var valueAddedChange: Double
    }

    /// A criticality entry (input → user), or a whole row (input → every user, `user` nil), and the
    /// loss that goes when it is relaxed.
    public struct Driver: Sendable {
        public var input: Int
        public var user: Int?
        public var weight: Double
        public var outputGain: Double
        public var valueAddedGain: Double
    }

    public var result: ScenarioResult
    public var impacts: Impacts
    public var supply: SupplyAccount
    public var sectors: [Sector]
    public var components: [Component]
    public var drivers: [Driver]
    /// The sectors that produce the shocked products (every kind of shock).
    public var ownSectors: [Int]
    /// Solves made: one per relaxation, plus one when the run itself had to be solved again (a
    /// result without its solution, `ScenarioResult.solution`).
    public var solves: Int
    /// Σ_i (f_i − f_max,i): final demand for domestic products left unserved (≤ 0), for the period.
    public var finalDemandUnserved: Double

    public var periodFactor: Double { impacts.periodFactor }
    public var outputChange: Double { impacts.totals[0].change }
    public var valueAddedChange: Double { impacts.totals[1].change }

    /// The change outside the shocked products' own sectors, as a share of the total change.
    public var shareOutsideOwnSectors: Double? {
        guard outputChange != 0 else { return nil }
        let own = ownSectors.reduce(0.0) { $0 + impacts.rows[$1].outputChange }
        return (outputChange - own) / outputChange
    }

    /// Losses per unit of missing imports (the table's unit): output, value added, and each
    /// employment measure (head counts are persons-equivalent while the shock lasts). Nil without
    /// missing imports.
    public var perMissingImport: [(quantity: String, value: Double)]? {
        let missing = supply.lost
        guard missing > 0 else { return nil }
        return impacts.totals.map { (quantity: $0.quantity, value: -$0.change / missing) }
    }

    /// Explains a supply-constrained result. Unless the result carries its own solution
    /// (`ScenarioResult.solution`), the run is solved again on `leontief` (or a new factorisation
    /// of its table) and must reproduce the result; then each distinct relaxable link of the
    /// chains is re-solved once, the links of the largest losers first, up to
    /// `maximumRelaxations` (default `defaultRelaxations(sectors:)`), two at a time on more than
    /// one processor.
    /// - Throws: `ModelError.invalidInput` for another model kind, or when the re-solve differs.
    /// - Complexity: one solve per relaxation, O(n² × iterations) each, on the one factorisation.
    public init(result: ScenarioResult, leontief prebuilt: LeontiefModel? = nil, maximumRelaxations: Int? = nil) throws(ModelError) {
        let scenario = result.scenario
        guard scenario.model.kind == .supplyConstrained else {
            throw .invalidInput("an explanation needs a supply-constrained run; this scenario's model is \(scenario.model.kind.rawValue)")
        }
        let table = scenario.table
        let n = table.count
        let leontief: LeontiefModel
        if let prebuilt { leontief = prebuilt } else { leontief = try LeontiefModel(table: table) }
        let translation = ShockTranslation(scenario: scenario)
        let model = ScenarioRunner.supplyConstrainedModel(scenario, leontief: leontief, translation: translation)
        let constraints = translation.supplyConstraints()
        let spec = scenario.model
        // Every solve uses the run's own rule: the long run of the dynamic model (`static_rule =
        // "long-run"`, relaxations as changed criticality weights or conditions) or the
        // Pichler–Farmer fixed point.
        let conditions = spec.staticRule == .longRun ? DynamicRunner.conditions(translation) : nil
        // The dynamic model of the long run, built once: a relaxed criticality entry is a copy of
        // it with that entry's weights set to 0 (`DynamicModel.relaxing`), the same model the
        // initialiser would build with the relaxed criticality.
        // Not built when nothing is solved again: the run's own solution and no relaxations.
        let budget = maximumRelaxations ?? Self.defaultRelaxations(sectors: n)
        let ownSolution = result.solution.map { $0.output == result.output } ?? false
        let longRunModel = conditions == nil || (ownSolution && budget == 0) ? nil : try ScenarioRunner.longRunModel(scenario)
        // A relaxation's solve runs on one thread (two relaxations run at a time); the base re-solve
        // may split its pass over the pairs in two. The solutions do not depend on it.
        @Sendable func solve(_ m: SupplyConstrainedModel, _ c: SupplyConstraints, relaxing r: Relaxation? = nil) throws(ModelError) -> SupplyConstrainedResult {
            guard var kept = conditions else {
                return m.solve(c, rationing: spec.rationing, tolerance: spec.tolerance, maxIterations: spec.maxIterations)
            }
            // Built whenever a solve can happen (above); never solve a long run by the other rule.
            guard let longRunModel else { throw .invalidInput("the explanation of \(scenario.path) has no long-run model to solve") }
            var dynamic = longRunModel
            switch r {
            case let .capacity(j)?: kept.capacity[j] = 1
            case let .finalDemand(j)?: kept.finalDemand[j] = 1
            case let .criticality(i, u)?: dynamic = longRunModel.relaxing([(i, u)], criticality: m.criticality)
            case let .criticalityRow(i)?: dynamic = longRunModel.relaxing((0..<n).map { (i, $0) }, criticality: m.criticality)
            case nil: break
            }
            return ScenarioRunner.longRun(scenario, model: dynamic, conditions: kept, threads: r == nil ? nil : 1)
        }
        // The run's own solution when the result carries it (a run in this process): solving the
        // same equations again would give the same bits. Otherwise the run is solved again and
        // must reproduce the result.
        let base: SupplyConstrainedResult
        var solves = 0
        let x0 = table.output
        if let own = result.solution, ownSolution {
            base = own
        } else {
            base = try solve(model, constraints)
            solves = 1
            for j in 0..<n where abs(base.output[j] - result.output[j]) > 1e-9 * max(1, abs(x0[j])) {
                throw .invalidInput("the re-solve of \(scenario.path) gives \(base.output[j]) for sector \(table.codes[j]), the run \(result.output[j]); the scenario or its table changed since the run")
            }
        }
        self.result = result
        impacts = Impacts(result: result)
        finalDemandUnserved = (0..<n).reduce(0.0) { $0 + base.finalDemand[$1] - max(0, constraints.finalDemand[$1]) } * (scenario.periodDays.map { $0 / 365 } ?? 1)
        supply = translation.supplyAccount()
        let k = impacts.periodFactor
        let gva = table.grossValueAdded ?? [Double](repeating: 0, count: n)
        let vaShare = (0..<n).map { x0[$0] > 0 ? gva[$0] / x0[$0] : 0 }
        var own: [Int] = []
        for shock in scenario.shocks { for j in shock.sectors where !own.contains(j) { own.append(j) } }
        ownSectors = own.sorted()

        // Binding constraints and chains at the solution.
        let chains = BindingChains(model: model, constraints: constraints, solution: base, rationing: spec.rationing, scenario: scenario)
        let levels = chains.levels
        let outside = model.outsideInputs
        let f0 = table.totalFinalDemand
        let a = leontief.coefficients
        func linkInfo(_ link: ChainLink) -> (ratio: Double, amount: Double?, relaxation: Relaxation?) {
            switch link {
            case let .domesticInput(i, u):
                return (levels.supplyPotential[i], nil, .criticality(input: i, user: u))
            case let .importedInput(p, u):
                let rho = constraints.importAvailability[p, u]
                return (rho, (1 - rho) * outside[p, u] * k, .criticality(input: p, user: u))
            case let .capacity(j):
                return (x0[j] > 0 ? constraints.capacity[j] / x0[j] : 1, (constraints.capacity[j] - x0[j]) * k, .capacity(j))
            case let .finalDemand(j):
                return (f0[j] != 0 ? constraints.finalDemand[j] / f0[j] : 1, (constraints.finalDemand[j] - f0[j]) * k, .finalDemand(j))
            case let .sales(j, c):
                return (x0[c] > 0 ? base.output[c] / x0[c] : 1, a[j, c] * (base.output[c] - x0[c]) * k, nil)
            }
        }

        // Relax each distinct link once, those of the largest losers first.
        let losers = (0..<n).filter { !chains.chains[$0].isEmpty }.sorted { base.output[$0] - x0[$0] < base.output[$1] - x0[$1] }
        var order: [Relaxation] = []
        var seen: Set<Relaxation> = []
        for j in losers {
            for link in chains.chains[j] {
                if let r = linkInfo(link).relaxation, seen.insert(r).inserted { order.append(r) }
            }
        }
        // Whole rows too: each input on a chain, critical for nobody.
        var rows: [Relaxation] = []
        for r in order { if case let .criticality(i, _) = r, !rows.contains(.criticalityRow(input: i)) { rows.append(.criticalityRow(input: i)) } }
        order = Array((order + rows).prefix(budget))
        let shockedFinalDemand = translation.finalDemand()
        let relaxations = order
        @Sendable func relaxedSolve(_ r: Relaxation) throws(ModelError) -> SupplyConstrainedResult {
            var m = model, c = constraints
            switch r {
            case let .criticality(i, u): m = model.with(criticality: model.criticality.relaxing([(i, u)], count: n))
            case let .criticalityRow(i): m = model.with(criticality: model.criticality.relaxing((0..<n).map { (i, $0) }, count: n))
            case let .capacity(j): c.capacity[j] = x0[j] * (1 + spec.spareCapacity)
            case let .finalDemand(j): c.finalDemand[j] -= shockedFinalDemand[j] - f0[j]
            }
            return try solve(m, c, relaxing: r)
        }
        // The relaxations are independent solves: on more than one processor two run at a time,
        // relaxation k on worker k mod 2. OpenBLAS is held to one thread for any number of
        // workers (`UncertaintyRun.parallel`), so each solution is the same bits whichever
        // worker, and however many, solved it.
        let slots = RelaxationSlots(count: relaxations.count)
        defer { slots.deallocate() }
        let workers = min(2, ProcessInfo.processInfo.activeProcessorCount, relaxations.count)
        if workers > 0 {
            UncertaintyRun.parallel(workers) { w in
                for k in stride(from: w, to: relaxations.count, by: workers) {
                    do throws(ModelError) { slots.results[k] = .success(try relaxedSolve(relaxations[k])) } catch { slots.results[k] = .failure(error) }
                }
            }
        }
        var relaxed: [Relaxation: [Double]] = [:]
        for (k, r) in relaxations.enumerated() {
            let solution = try slots.results[k]!.get()
            solves += 1
            if solution.converged { relaxed[r] = solution.output }
        }
        self.solves = solves

        sectors = (0..<n).map { j in
            let links = chains.chains[j].map { link -> Link in
                let info = linkInfo(link)
                let x = info.relaxation.flatMap { relaxed[$0] }
                return Link(link: link, text: chains.text(link), ratio: info.ratio, amount: info.amount, relaxation: info.relaxation,
                            sectorGain: x.map { ($0[j] - base.output[j]) * k },
                            totalGain: x.map { xr in (0..<n).reduce(0.0) { $0 + xr[$1] - base.output[$1] } * k })
            }
            return Sector(index: j, binding: chains.bindingText(j), chain: chains.chainText(j), links: links, looped: chains.looped[j])
        }

        // Criticality drivers: the entries whose relaxation gives back most output.
        var drivers: [Driver] = []
        for r in order {
            guard let xr = relaxed[r] else { continue }
            let gain = (0..<n).reduce(0.0) { $0 + xr[$1] - base.output[$1] } * k
            let vaGain = (0..<n).reduce(0.0) { $0 + vaShare[$1] * (xr[$1] - base.output[$1]) } * k
            switch r {
            case let .criticality(i, u):
                let w = model.criticality.weight(input: i, user: u, coefficient: max(a[i, u], outside[i, u]))
                drivers.append(Driver(input: i, user: u, weight: w, outputGain: gain, valueAddedGain: vaGain))
            case let .criticalityRow(i):
                drivers.append(Driver(input: i, user: nil, weight: 1, outputGain: gain, valueAddedGain: vaGain))
            default: continue
            }
        }
        drivers.sort { $0.outputGain != $1.outputGain ? $0.outputGain > $1.outputGain : ($0.input, $0.user ?? -1) < ($1.input, $1.user ?? -1) }
        self.drivers = Array(drivers.prefix(10))

        components = Self.decomposition(impacts: impacts, levels: levels, own: Set(ownSectors), result: base, model: model, periodFactor: k)
    }

    /// The re-solves an explanation makes at most: 200 up to 100 sectors, then 20,000 / n (at
    /// least 10), so that their work stays about that of 200 solves on a 100-sector table.
    public static func defaultRelaxations(sectors n: Int) -> Int { n <= 100 ? 200 : max(10, 20_000 / n) }

    public static let componentNames = ["shocked_products_own_sectors", "downstream_critical_inputs", "upstream_lower_demand", "final_demand_unserved"]

    /// The decomposition of the output and value-added change into four parts that add up to the
    /// total: every sector's change goes to one part, or (a sector bound by demand) is split by the
    /// identity Δx_j = Σ_k a_jk Δx_k + Δf_j + (balance gap) between its sales to industries and
    /// to final users.
    /// - the sectors that produce the shocked products;
    /// - the other sectors bound by a critical input (domestic or imported) or by capacity:
    ///   propagation downstream;
    /// - the other sectors bound by demand, for their lower sales to industries: lower demand for
    ///   inputs, upstream;
    /// - the same sectors for their lower final sales: final demand left unserved (or cut by a shock).
    static func decomposition(impacts: Impacts, levels: SupplyConstraintLevels, own: Set<Int>, result: SupplyConstrainedResult,
                              model: SupplyConstrainedModel, periodFactor k: Double) -> [Component] {
        var output = [Double](repeating: 0, count: 4), va = [Double](repeating: 0, count: 4)
        let f0 = model.baselineFinalDemand
        for (j, row) in impacts.rows.enumerated() {
            let dx = row.outputChange, dv = row.valueAddedChange
            if own.contains(j) { output[0] += dx; va[0] += dv; continue }
            switch levels.binding[j] {
            case .none:
                // Not below baseline: a rise, if any, is counted with the sales channel it comes from.
                output[2] += dx; va[2] += dv
            case .capacity, .importedInput, .domesticInput:
                output[1] += dx; va[1] += dv
            case .demand:
                let df = (result.finalDemand[j] - max(0, f0[j])) * k
                let finalPart = dx == 0 ? 0 : min(0, max(dx, df))
                let share = dx == 0 ? 0 : finalPart / dx
                output[3] += finalPart; va[3] += dv * share
                output[2] += dx - finalPart; va[2] += dv - dv * share
            }
        }
        let descriptions = [
            "the sectors that produce the shocked products",
            "other sectors bound by a critical input (domestic or imported) or by capacity: propagation downstream",
            "other sectors bound by demand, for their lower sales to industries: lower demand for inputs (upstream)",
            "other sectors bound by demand, for their lower final sales: final demand left unserved or cut",
        ]
        return (0..<4).map { Component(name: componentNames[$0], description: descriptions[$0], outputChange: output[$0], valueAddedChange: va[$0]) }
    }
}

/// One slot per relaxation, each written by the one worker that solves it.
final class RelaxationSlots: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<Result<SupplyConstrainedResult, ModelError>?>

    init(count: Int) {
        results = .allocate(capacity: count)
        results.initialize(repeating: nil)
    }

    func deallocate() {
        _ = results.deinitialize()
        results.deallocate()
    }
}
