import IOModels
import IOTables

extension UncertaintyPlan {
    /// A plan checked against its table: the draws' values, the central scenario and the values
    /// of the sensitivity runs, each a scenario the parser accepted. `ioshock check` and
    /// `ioshock run` both build it (`UncertaintyRun` starts from it), so a file `check` passes is
    /// one `run` accepts.
    public struct Validated: Sendable {
        public let plan: UncertaintyPlan
        public let table: IOTable
        public let tablePath: String
        /// `values[i][k]`: parameter k in draw i (a Sobol plan: in evaluation i).
        public let values: [[Double]]
        /// Each parameter's central value (`UncertaintyPlan.centralValues`).
        public let centralValues: [Double]
        /// The scenario with every uncertain value at its central value.
        public let central: Scenario
        /// Each parameter's low and high value for the one-at-a-time sensitivity: the smallest
        /// and largest value of a sweep, the 5th and 95th percentile of Monte Carlo draws.
        public let extremes: [(low: Double, high: Double)]
        /// The central scenario with slots for the uncertain values (nil: every draw is parsed).
        public let template: ScenarioTemplate?

        /// The concrete scenario of one set of values, its errors naming the draw and the values:
        /// written into the template when there is one, else parsed from the substituted document
        /// (the same scenario either way; `ScenarioTemplateTests`).
        public func scenario(_ v: [Double], draw: Int?) throws -> Scenario {
            if let template { return try template.scenario(v, draw: draw) }
            return try plan.scenario(v, draw: draw, table: table, tablePath: tablePath)
        }

        /// The scenarios of the sensitivity runs: parameter k at its low (or high) value, every
        /// other at its central value.
        public func sensitivityValues(_ k: Int, high: Bool) -> [Double] {
            var v = centralValues
            v[k] = high ? extremes[k].high : extremes[k].low
            return v
        }
    }

    /// Checks the plan as a run would before solving anything: the table, the central scenario,
    /// the model (the price model takes no uncertain values; the dynamic model no `sweep_duration_days` with them), each parameter's sensitivity
    /// values and, with `everyDraw`, the scenario of every draw (no solve): the ranges of its
    /// values when the plan has a `ScenarioTemplate`, else the parser on its document.
    /// - Complexity: O(draws × p) for the values; with `everyDraw`, O(p) more per draw with a
    ///   template, one scenario parse per draw without.
    public func validate(everyDraw: Bool) throws -> Validated {
        let tablePath = try Scenario.tablePath(of: document)
        let table = try IOTable(bundle: tablePath)
        let values = allValues()
        // Summaries over the independent draws (a Sobol plan: the rows of A and B).
        let draws = Array(values.prefix(sampleDraws))
        let centralValues = centralValues(draws)
        let extremes = parameters.indices.map { k -> (low: Double, high: Double) in
            let column = draws.map { $0[k] }
            return mode == .sweep ? (column.min()!, column.max()!) : (percentile(column, 5, parameter: k), percentile(column, 95, parameter: k))
        }
        // Check the central scenario first: most errors (types, unknown keys) surface here, with positions.
        let central = try scenario(centralValues, draw: nil, table: table, tablePath: tablePath)
        if central.model.kind == .price {
            let p = parameters[0].position
            throw InputError(file: path, line: p.line, column: p.column, "uncertain values are not supported for the price model yet (its result is a price per product, not an output change)",
                             hint: "run one scenario per price change, e.g. price_change = 1.0, 2.0 and 3.0 in three files")
        }
        if central.model.kind == .dynamic, !central.model.sweepDurationDays.isEmpty {
            // Every draw would run the whole sweep.
            var p = parameters[0].position
            if case let .table(m)? = document.root["model"]?.value, let k = m.keyPosition("sweep_duration_days") { p = k }
            throw InputError(file: path, line: p.line, column: p.column,
                             "sweep_duration_days cannot be combined with uncertain values (each draw would run the whole sweep)",
                             hint: "remove sweep_duration_days, or make duration_days uncertain instead: duration_days = [7, 14, 30, 60, 90]")
        }
        let validated = Validated(plan: self, table: table, tablePath: tablePath, values: values, centralValues: centralValues,
                                  central: central, extremes: extremes,
                                  template: ScenarioTemplate(plan: self, central: central, tablePath: tablePath))
        for k in parameters.indices {
            for high in [false, true] {
                do { _ = try validated.scenario(validated.sensitivityValues(k, high: high), draw: nil) } catch {
                    throw Self.relabelled(error, as: sensitivityRun(k, high: high))
                }
            }
        }
        if everyDraw {
            for i in values.indices { _ = try validated.scenario(values[i], draw: i) }
        }
        return validated
    }

    /// The concrete scenario of one set of values against a loaded table, its errors naming the
    /// draw and the values.
    public func scenario(_ v: [Double], draw: Int?, table: IOTable, tablePath: String) throws -> Scenario {
        do {
            return try Scenario(document: document(with: v), table: table, tablePath: tablePath)
        } catch {
            throw Self.located(error, plan: self, values: v, draw: draw)
        }
    }

    /// How `located` names a run without a draw number.
    static let centralRun = "with the central values ("

    /// How a sensitivity run is named in its errors: parameter k at its low or high value (5th or
    /// 95th percentile of the draws; the smallest or largest value of a sweep), the others central.
    func sensitivityRun(_ k: Int, high: Bool) -> String {
        let end = mode == .sweep ? (high ? "largest value" : "smallest value") : (high ? "95th percentile" : "5th percentile")
        return "in the sensitivity run with \(parameters[k].name) at its \(end) and the other values central ("
    }

    /// `error` (of a run `located` called central) with the run named `which` instead.
    static func relabelled(_ error: any Error, as which: String) -> any Error {
        guard var e = error as? InputError, let range = e.message.range(of: " — " + centralRun, options: .backwards) else { return error }
        e.message.replaceSubrange(range, with: " — " + which)
        return e
    }

    /// An error of one draw's concrete scenario, with the draw and its values named.
    static func located(_ error: any Error, plan: UncertaintyPlan, values: [Double], draw: Int?) -> any Error {
        let which = draw.map { "in draw \($0 + 1) (" } ?? centralRun
        let settings = zip(plan.parameters, values).map { "\($0.name) = \(CheckedInteger.wholeText($1))" }.joined(separator: ", ") + ")"
        switch error {
        case var e as InputError:
            e.message += " — \(which)\(settings)"
            return e
        case let e as ModelError:
            return InputError(file: plan.path, "\(e) — \(which)\(settings)", hint: "narrow the distributions so that every draw is a scenario the model can solve")
        default:
            return error
        }
    }
}
