import IOModels
import IOTables

/// A scenario file that passed every check `ioshock run` makes before it solves anything.
///
/// `ioshock check` and `ioshock run` both start here, so that `check` says ok exactly when `run`
/// would accept the file: the TOML, the table, every key, type and range, and for a file with
/// uncertain values the plan, the central scenario, the sensitivity scenarios and every draw's
/// scenario (`UncertaintyPlan.validate`).
public struct CheckedScenario: Sendable {
    public enum Kind: Sendable {
        /// A scenario without uncertain values.
        case single(Scenario)
        /// A Monte Carlo run or a sweep.
        case uncertain(UncertaintyPlan.Validated)
    }

    public let kind: Kind
    /// The table's Leontief model, built by the productivity check (`checkProductive`): a run
    /// passes it on (`ScenarioRunner.run(_:leontief:)`, `RunExplanation`, `UncertaintyRun`) rather
    /// than factor I − A again, O(n³) each time.
    public let leontief: LeontiefModel

    /// Reads and checks a scenario file. `draws` and `seed` override the file's `[uncertainty]`
    /// values (`ioshock run --draws --seed`).
    public init(path: String, draws: Int? = nil, seed: Int? = nil) throws {
        let document = try TOMLDocument(path: path)
        if let plan = try UncertaintyPlan.detect(document) {
            kind = .uncertain(try plan.overriding(draws: draws, seed: seed).validate(everyDraw: true))
        } else {
            kind = .single(try Scenario(document: document))
        }
        leontief = try Self.checkProductive(Self.scenario(of: kind), at: document.root["table"]?.position)
        try Self.checkPrices(Self.scenario(of: kind), leontief: leontief)
    }

    /// A price scenario is solved here, as `run` would solve it (one transposed solve on the
    /// factorisation above, O(n²)): prices that leave double precision (two +1e305 price changes
    /// of one product compound to inf) are refused by `check` as by `run`, at the first price shock.
    static func checkPrices(_ scenario: Scenario, leontief: LeontiefModel) throws(InputError) {
        guard scenario.model.kind == .price else { return }
        do { _ = try PriceRunner.run(scenario, leontief: leontief) } catch {
            let line = scenario.shocks.first { $0.kind == .importPrice || $0.kind == .valueAdded }?.line
            throw InputError(file: scenario.path, line: line, "\(error)",
                             hint: "a price change of 1 doubles a price; changes of one product compound (1 + a)(1 + b)")
        }
    }

    /// The table's Leontief model must exist: I − A non-singular, productive (the M-matrix
    /// certificate for A ≥ 0) and not numerically singular (`LeontiefModel`). Every static model
    /// builds it before it solves; the dynamic model needs it as much (a table whose A has
    /// ρ(A) ≥ 1 has no meaningful daily path either). Checked here so that `check` refuses what
    /// `run` would, at the scenario's `table` line (the run factors I − A again: O(n³), about
    /// 0.3 s at n = 2,944, done once: the model is kept for the run).
    static func checkProductive(_ scenario: Scenario, at position: SourcePosition?) throws(InputError) -> LeontiefModel {
        do { return try LeontiefModel(table: scenario.table) } catch {
            throw InputError(file: scenario.path, line: position?.line, column: position?.column,
                             "the table \(scenario.tablePath) cannot be used by any model: \(error)",
                             hint: "`ioshock inspect \(scenario.tablePath)` reports its column sums, spectral radius and balance; check Z.csv and output.csv (the same unit, domestic flows only)")
        }
    }

    /// The scenario that is reported: the only one, or the central one.
    public var scenario: Scenario { Self.scenario(of: kind) }

    static func scenario(of kind: Kind) -> Scenario {
        switch kind {
        case let .single(s): s
        case let .uncertain(v): v.central
        }
    }
}
