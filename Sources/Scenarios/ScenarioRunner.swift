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
    /// What binds each sector (supply-constrained model), as text for tables.
    public var binding: [String]
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
}

/// Runs the model a scenario names.
public enum ScenarioRunner {
    public static func run(_ scenario: Scenario) throws(ModelError) -> ScenarioResult {
        let clock = ContinuousClock.now
        let table = scenario.table
        let leontief = try LeontiefModel(table: table)
        let translation = ShockTranslation(scenario: scenario)
        var result = ScenarioResult(scenario: scenario, baselineOutput: table.output, output: table.output,
                                    binding: [String](repeating: "", count: table.count), iterations: nil, change: nil,
                                    residual: 0, converged: true, reciprocalCondition: leontief.reciprocalCondition,
                                    notes: [], wallTime: 0)
        switch scenario.model.kind {
        case .supplyConstrained:
            let criticality: InputCriticality
            switch scenario.model.criticality {
            case "ihs": criticality = .weights(table.inputCriticality!)
            case "linear": criticality = .linear
            default: criticality = .strict
            }
            let model = SupplyConstrainedModel(leontief: leontief, outsideInputs: translation.outsideInputs(),
                                               criticality: criticality, baselineFinalDemand: table.totalFinalDemand)
            let solution = model.solve(translation.supplyConstraints(), rationing: scenario.model.rationing,
                                       tolerance: scenario.model.tolerance, maxIterations: scenario.model.maxIterations)
            if !solution.converged {
                if scenario.model.allowNonconvergence {
                    result.notes.append("WARNING: the supply-constrained iteration did not converge in \(solution.iterations) iterations (last change \(solution.change), tolerance \(scenario.model.tolerance)); the last iterate is shown because allow_nonconvergence = true")
                } else {
                    throw .noConvergence(model: "supply-constrained", iterations: solution.iterations, residual: solution.change, tolerance: scenario.model.tolerance)
                }
            }
            result.output = solution.output
            result.iterations = solution.iterations
            result.change = solution.change
            result.residual = solution.residual
            result.nonCriticalShortfall = solution.nonCriticalShortfall
            if solution.residual > 1e-8 {
                throw .invalidInput("the supply-constrained solution is inconsistent: output of \(solution.residual) × ‖x⁰‖ is produced but not delivered; please report this scenario")
            }
            result.converged = solution.converged
            result.binding = solution.binding.map { b in
                switch b {
                case .none: return ""
                case .capacity: return "capacity"
                case .demand: return "demand"
                case let .importedInput(p): return "imported \(table.codes[p])"
                case let .domesticInput(i): return "input \(table.codes[i])"
                }
            }
            if scenario.model.criticality == "ihs" {
                result.notes.append("Criticality from the IHS Markit survey (Pichler et al. 2022) mapped to the table's products; a few entries were relaxed by its compilers for a Covid study.")
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
        }
        if let bad = result.output.firstIndex(where: { !$0.isFinite }) {
            throw .invalidInput("the model produced a non-finite output for sector \(table.codes[bad]); refusing to report it")
        }
        let elapsed = ContinuousClock.now - clock
        result.wallTime = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }
}
