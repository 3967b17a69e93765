import IOTables

/// A scenario file that passed every check `ioshock run` makes before it solves anything.
///
/// `ioshock check` and `ioshock run` both start here, so that `check` says ok exactly when `run`
/// would accept the file: the TOML, the table, every key, type and range, and for a file with
/// uncertain values the plan, the central scenario, the sensitivity scenarios and every draw's
/// scenario (`UncertaintyPlan.validate`).
public enum CheckedScenario: Sendable {
    /// A scenario without uncertain values.
    case single(Scenario)
    /// A Monte Carlo run or a sweep.
    case uncertain(UncertaintyPlan.Validated)

    /// Reads and checks a scenario file. `draws` and `seed` override the file's `[uncertainty]`
    /// values (`ioshock run --draws --seed`).
    public init(path: String, draws: Int? = nil, seed: Int? = nil) throws {
        let document = try TOMLDocument(path: path)
        if let plan = try UncertaintyPlan.detect(document) {
            self = .uncertain(try plan.overriding(draws: draws, seed: seed).validate(everyDraw: true))
        } else {
            self = .single(try Scenario(document: document))
        }
    }

    /// The scenario that is reported: the only one, or the central one.
    public var scenario: Scenario {
        switch self {
        case let .single(s): s
        case let .uncertain(v): v.central
        }
    }
}
