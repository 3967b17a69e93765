import Foundation
import IOModels
import IOTables
import LinearAlgebra

/// The outcome of running a scenario: baseline and shocked output per sector, with the
/// diagnostics that let a reader trust (or distrust) it.
public struct ScenarioResult: Sendable {
    public var scenario: Scenario
    public var baselineOutput: [Double]
    public var output: [Double]
    /// What binds each sector at the solution (supply-constrained model), as text for tables.
    public var binding: [String]
    /// The chain from each sector's binding constraint back to a shock (`BindingChains.chainText`).
    public var chain: [String] = []
    public var iterations: Int?
    /// For iterative models: the last relative change of final demand.
    public var change: Double?
    /// Relative residual at the solution (for the supply-constrained model: output nobody receives, / ‖x⁰‖∞).
    public var residual: Double
    /// Supply-constrained model: deliveries of non-binding inputs that users go without.
    public var nonCriticalShortfall: Double = 0
    public var converged: Bool
    public var reciprocalCondition: Double
    /// Warnings and caveats printed with the result (e.g. the Ghosh caveat).
    public var notes: [String]
    public var wallTime: Double
    /// Inoperability models (demand side): the dependency indices of Setola et al. (2009).
    public var interdependency: InterdependencyIndices? = nil
    /// Price model: the price indices and the cost of final use (output stays at baseline).
    public var prices: PriceOutcome? = nil
    /// Supply-constrained model: the solution the result was recorded from (output, final
    /// deliveries, bindings). An explanation built in the same process (`RunExplanation`) starts
    /// from it instead of solving the run again.
    public var solution: SupplyConstrainedResult? = nil
}

/// Runs the model a scenario names.
public enum ScenarioRunner {
    /// Runs many scenarios on one table. Supply-constrained scenarios that share their model
    /// settings are solved together in lockstep on one LU (one multi-right-hand-side solve per round,
    /// `SupplyConstrainedModel.solve(batch:)`); any other scenario runs on its own. Results are in
    /// the order of `scenarios` and equal, up to rounding, those of `run` one by one.
    /// - Parameter explains: fill `binding` and `chain` (the text of what binds each sector); Monte
    ///   Carlo draws, which report impacts only, pass false and leave them empty.
    public static func run(batch scenarios: [Scenario], leontief: LeontiefModel, explains: Bool = true) throws(ModelError) -> [ScenarioResult] {
        guard let first = scenarios.first else { return [] }
        let m = first.model
        let batchable = scenarios.allSatisfy {
            $0.model.kind == .supplyConstrained && $0.model.staticRule == .pichlerFarmer && $0.tablePath == first.tablePath && $0.model.criticality == m.criticality
                && $0.model.rationing == m.rationing && $0.model.tolerance == m.tolerance && $0.model.maxIterations == m.maxIterations
        }
        guard batchable, scenarios.count > 1 else {
            var results: [ScenarioResult] = []
            for s in scenarios { results.append(try run(s, leontief: leontief, explains: explains)) }
            return results
        }
        let clock = ContinuousClock.now
        let translations = scenarios.map { ShockTranslation(scenario: $0) }
        let model = supplyConstrainedModel(first, leontief: leontief, translation: translations[0])
        let constraints = translations.map { $0.supplyConstraints() }
        let solutions = model.solve(batch: constraints, rationing: m.rationing,
                                    tolerance: m.tolerance, maxIterations: m.maxIterations)
        let elapsed = ContinuousClock.now - clock
        let share = (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / Double(scenarios.count)
        var results: [ScenarioResult] = []
        for (k, scenario) in scenarios.enumerated() {
            var result = baseResult(scenario, leontief: leontief)
            try record(solutions[k], of: scenario, model: model, constraints: constraints[k], into: &result, explains: explains)
            try checkFinite(result)
            result.wallTime = share
            results.append(result)
        }
        return results
    }

    /// The supply-constrained model of a scenario's table and criticality rule.
    static func supplyConstrainedModel(_ scenario: Scenario, leontief: LeontiefModel, translation: ShockTranslation) -> SupplyConstrainedModel {
        let table = scenario.table
        let criticality: InputCriticality
        switch scenario.model.criticality {
        case "ihs": criticality = .weights(table.inputCriticality!)
        case "linear": criticality = .linear
        default: criticality = .strict
        }
        return SupplyConstrainedModel(leontief: leontief, outsideInputs: translation.outsideInputs(),
                                      criticality: criticality, baselineFinalDemand: table.totalFinalDemand)
    }

    /// The static model as the long run of the dynamic one (`static_rule = "long-run"`): the
    /// stationary state of (P1)–(P6) under the shocks for good, with one-day stocks and the
    /// scenario's τ (docs/models.md, "Supply-constrained model"). An explanation's relaxations
    /// solve copies of the same model (`longRunModel`, `DynamicModel.relaxing`) with
    /// `longRun(_:model:conditions:)`.
    static func longRun(_ scenario: Scenario, translation: ShockTranslation) throws(ModelError) -> SupplyConstrainedResult {
        longRun(scenario, model: try longRunModel(scenario), conditions: DynamicRunner.conditions(translation))
    }

    /// The dynamic model whose long run the static model is: one-day stocks, the scenario's τ.
    static func longRunModel(_ scenario: Scenario) throws(ModelError) -> DynamicModel {
        try DynamicRunner.dynamicModel(scenario, inventoryDays: [Double](repeating: 1, count: scenario.table.count))
    }

    /// The long run of `model` (from `longRunModel`, or relaxed from it) under `conditions`;
    /// `threads` as in `DynamicModel.longRun` (the result does not depend on it).
    static func longRun(_ scenario: Scenario, model: DynamicModel, conditions: DailyConditions, threads: Int? = nil) -> SupplyConstrainedResult {
        model.longRun(conditions: conditions, criticalFirstOutside: scenario.model.importAllocation == "critical-first",
                      tolerance: scenario.model.tolerance, maxIterations: scenario.model.maxIterations, threads: threads)
    }

    /// A result holding the baseline, to be filled in by a model.
    static func baseResult(_ scenario: Scenario, leontief: LeontiefModel) -> ScenarioResult {
        let table = scenario.table
        return ScenarioResult(scenario: scenario, baselineOutput: table.output, output: table.output,
                              binding: [String](repeating: "", count: table.count), chain: [String](repeating: "", count: table.count), iterations: nil, change: nil,
                              residual: 0, converged: true, reciprocalCondition: leontief.reciprocalCondition,
                              notes: [], wallTime: 0)
    }

    /// Copies a supply-constrained solution into a result, refusing one that did not converge
    /// (unless allowed) or whose material balance is off.
    static func record(_ solution: SupplyConstrainedResult, of scenario: Scenario, model: SupplyConstrainedModel,
                       constraints: SupplyConstraints, into result: inout ScenarioResult, explains: Bool = true) throws(ModelError) {
        try record(solution, of: scenario, into: &result)
        guard explains else { return }
        let chains = BindingChains(model: model, constraints: constraints, solution: solution, rationing: scenario.model.rationing, scenario: scenario)
        result.binding = (0..<scenario.table.count).map(chains.bindingText)
        result.chain = (0..<scenario.table.count).map(chains.chainText)
    }

    /// `record` without the explanation of the bindings (`binding` and `chain` stay empty).
    static func record(_ solution: SupplyConstrainedResult, of scenario: Scenario, into result: inout ScenarioResult) throws(ModelError) {
        if !solution.converged {
            if scenario.model.allowNonconvergence {
                result.notes.append("WARNING: the supply-constrained iteration did not converge in \(solution.iterations) iterations (last change \(solution.change), tolerance \(scenario.model.tolerance)); the last iterate is shown because allow_nonconvergence = true")
            } else if scenario.model.staticRule == .longRun, scenario.model.tau > 100 {
                // The stationary equations' iteration slows, then stalls, as τ grows (on the
                // Flemish table it converges in 895 rounds at τ = 280 and not at 290 or more).
                throw .invalidInput(ModelError.noConvergence(model: "supply-constrained", iterations: solution.iterations, residual: solution.change,
                                                             tolerance: scenario.model.tolerance).description
                                    + "; with the long-run rule the iteration slows as tau grows (here tau = \(scenario.model.tau)): a smaller tau, static_rule = \"pichler-farmer\" or kind = \"dynamic\" with a long horizon gives the answer")
            } else {
                throw .noConvergence(model: "supply-constrained", iterations: solution.iterations, residual: solution.change, tolerance: scenario.model.tolerance)
            }
        }
        if solution.residual > 1e-8 {
            throw .invalidInput("the supply-constrained solution is inconsistent: output of \(solution.residual) × ‖x⁰‖ is produced but not delivered; please report this scenario")
        }
        result.output = solution.output
        result.solution = solution
        result.iterations = solution.iterations
        result.change = solution.change
        result.residual = solution.residual
        result.nonCriticalShortfall = solution.nonCriticalShortfall
        result.converged = solution.converged
        if scenario.model.criticality == "ihs" {
            result.notes.append("Criticality from the IHS Markit survey (Pichler et al. 2022) mapped to the table's products; a few entries were relaxed by its compilers for a Covid study.")
        }
    }

    static func checkFinite(_ result: ScenarioResult) throws(ModelError) {
        if let bad = result.output.firstIndex(where: { !$0.isFinite }) {
            throw .invalidInput("the model produced a non-finite output for sector \(result.scenario.table.sectorLabels[bad]); refusing to report it. A value left the range of double precision: check the unit of the table (flows and outputs between about 1e-300 and 1e300) and the sizes of the shocks")
        }
    }

    /// - Parameters:
    ///   - prebuilt: the Leontief model of `scenario.table`, when the caller already has it
    ///     (many runs on one table factor I − A once).
    ///   - explains: fill `binding` and `chain` of a supply-constrained result (see `run(batch:)`).
    public static func run(_ scenario: Scenario, leontief prebuilt: LeontiefModel? = nil, explains: Bool = true) throws(ModelError) -> ScenarioResult {
        let clock = ContinuousClock.now
        let table = scenario.table
        let leontief: LeontiefModel
        if let prebuilt { leontief = prebuilt } else { leontief = try LeontiefModel(table: table) }
        let translation = ShockTranslation(scenario: scenario)
        var result = baseResult(scenario, leontief: leontief)
        switch scenario.model.kind {
        case .supplyConstrained:
            switch scenario.model.staticRule {
            case .longRun:
                // The long-run rule needs neither the Pichler–Farmer model nor its constraints
                // (O(n²) each to build); only the explanation of the bindings does.
                let solution = try longRun(scenario, translation: translation)
                if explains {
                    let model = supplyConstrainedModel(scenario, leontief: leontief, translation: translation)
                    try record(solution, of: scenario, model: model, constraints: translation.supplyConstraints(), into: &result)
                } else {
                    try record(solution, of: scenario, into: &result)
                }
            case .pichlerFarmer:
                let model = supplyConstrainedModel(scenario, leontief: leontief, translation: translation)
                let constraints = translation.supplyConstraints()
                let solution = model.solve(constraints, rationing: scenario.model.rationing,
                                           tolerance: scenario.model.tolerance, maxIterations: scenario.model.maxIterations)
                try record(solution, of: scenario, model: model, constraints: constraints, into: &result, explains: explains)
            }
        case .leontief:
            let f = translation.finalDemand()
            let df = zip(f, table.totalFinalDemand).map(-)
            let dx = leontief.output(for: df)
            result.output = zip(table.output, dx).map(+)
            result.residual = leontief.relativeResidual(output: dx, finalDemand: df)
        case .ghosh:
            let ghosh = GhoshModel(leontief: leontief)
            let (baseline, shocked) = translation.primaryInputChange()
            let change = zip(shocked, baseline).map(-)
            let dx = ghosh.output(forPrimaryInputs: change)
            result.output = zip(table.output, dx).map(+)
            result.notes.append(GhoshModel.caveat)
        case .dynamic:
            throw .invalidInput("a dynamic scenario (kind = \"dynamic\") gives a daily path, not one state: run it on its own with `ioshock run` (library: DynamicRunner.run)")
        case .inoperability:
            let perturbation = translation.inoperabilityPerturbation()
            let iim = try InoperabilityModel.solve(model: leontief, perturbation: perturbation, side: scenario.model.side == "supply" ? .supply : .demand)
            result.output = zip(table.output, iim.inoperability).map { $0 * (1 - $1) }
            if !iim.cappedCodes.isEmpty {
                result.notes.append("Inoperability capped at 1 (the linear solution exceeds 1) for: \(iim.cappedCodes.joined(separator: ", ")).")
            }
            if iim.side == .demand {
                result.interdependency = try InterdependencyIndices(interdependency: InoperabilityModel.interdependencyMatrix(model: leontief, side: .demand), codes: table.codes)
            }
        case .dynamicInoperability:
            let n = table.count
            let horizon = scenario.model.horizonDays
            let side: InoperabilitySide = scenario.model.side == "supply" ? .supply : .demand
            let aStar = InoperabilityModel.interdependencyMatrix(model: leontief, side: side)
            let spec = scenario.model
            let recovery = spec.recoveryDaysBySector.isEmpty ? [Double](repeating: spec.recoveryDays, count: n) : spec.recoveryDaysBySector
            let dynamic = try DynamicInoperabilityModel(interdependency: aStar, recoveryDays: recovery,
                                                        residualFraction: spec.residualFraction, codes: table.codes)
            let zero = [Double](repeating: 0, count: n)
            let initial = spec.initialInoperability.isEmpty ? zero : spec.initialInoperability
            let daily = DynamicInoperabilitySchedule(scenario: scenario).perturbation(days: horizon)
            let path = try dynamic.simulate(initial: initial, perturbation: .daily(daily), days: horizon, dailyOutput: table.output.map { $0 / 365 })
            let lost = path.cumulativeLoss ?? zero
            // Reported as an annual-rate output over the horizon, so that Impacts (× horizon/365) shows the cumulative loss.
            result.output = (0..<n).map { table.output[$0] - lost[$0] * 365 / Double(horizon) }
            let shocks = scenario.shocks.map { s in "day \(Scenario.dayText(s.startDay))" + (s.durationDays.map { " for \(Scenario.dayText($0)) days" } ?? " to the horizon") }
            let recoveryText = spec.recoveryDaysBySector.isEmpty ? "\(spec.recoveryDays) days" : "\(spec.recoveryDays) days, \(Set(spec.recoveryDaysBySector).count) distinct values by sector"
            var note = "Dynamic inoperability over \(horizon) days (" + (shocks.isEmpty ? "no shock" : "shocks from " + shocks.joined(separator: "; "))
            note += ", recovery time \(recoveryText) to \(spec.residualFraction) of the initial inoperability"
            if initial.contains(where: { $0 > 0 }) { note += ", recovering from q(0) > 0 in \(initial.filter { $0 > 0 }.count) sectors" }
            result.notes.append(note + "); losses are cumulative over the horizon.")
            if side == .demand { result.interdependency = try InterdependencyIndices(interdependency: aStar, codes: table.codes) }
        case .price:
            result.prices = try PriceRunner.run(scenario, leontief: leontief)
            result.notes.append(PriceRunner.note)
        case .mixed:
            var fixed: [Int: Double] = [:]
            let cap = translation.capacity()
            for shock in scenario.shocks where shock.kind == .capacity { for j in shock.sectors { fixed[j] = cap[j] } }
            let mixed = try MixedModel.solve(model: leontief, finalDemand: translation.finalDemand(), fixedOutputs: fixed)
            result.output = mixed.output
            let implied = mixed.exogenous.map { "\(table.sectorLabels[$0]) \(String(format: "%.1f", mixed.finalDemand[$0])) (baseline \(String(format: "%.1f", mixed.baselineFinalDemand[$0])))" }
            result.notes.append("Implied final demand of the exogenous sectors (\(table.metadata.unit), per year): " + implied.joined(separator: "; ") + ".")
            if !mixed.shortfall.isEmpty {
                result.notes.append("WARNING: the fixed output of \(mixed.shortfall.map { table.sectorLabels[$0] }.joined(separator: ", ")) does not cover the other sectors' intermediate demand (negative implied final demand).")
            }
        case .extraction:
            let hem = try HypotheticalExtraction(model: leontief, table: table)
            let kind = ExtractionKind(rawValue: scenario.model.extraction) ?? .backward
            let extracted = try hem.extract(scenario.model.extracted, kind: kind, keepsOwnFlows: scenario.model.keepOwnFlows)
            result.baselineOutput = extracted.baselineOutput
            result.output = extracted.extractedOutput
            if kind == .forward { result.notes.append(GhoshModel.caveat) }
        }
        try checkFinite(result)
        let elapsed = ContinuousClock.now - clock
        result.wallTime = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }
}
