import IOTables

/// A scenario parsed once, into which each draw's values are written directly: the fast form of
/// `UncertaintyPlan.scenario(_:draw:table:tablePath:)`, which substitutes the values into the TOML
/// document and runs the whole scenario parser again (docs/performance.md, "Monte Carlo runs").
///
/// Each uncertain value is a slot, a numeric field of the parsed `Scenario` that the parser sets
/// from that key as it stands (`model.substitution`, a shock's `size`, `durationDays`…). A draw
/// copies the central scenario, checks each value against its key's range (`ScenarioKeys`),
/// writes it into its slot and redoes the checks and derived fields that depend on the values
/// (the shocks' common duration and the period it gives; start days inside the horizon;
/// `domestic_substitution` under the long-run rule). The result is the scenario the parser would
/// build from the substituted document, field for field.
///
/// When a value fails a check, the draw is parsed the old way, so that its error is the parser's
/// own, with the file, line and column of the value and the draw and its values named
/// (`UncertaintyPlan.located`). A plan with a value outside the slots below (per-sector tables,
/// horizons, goods shocks, inoperability models…) has no template and always takes the parse path.
/// - Complexity: O(p) per draw for p uncertain values (O(n) for `inventory_days`), against a
///   parse of the whole document.
public struct ScenarioTemplate: Sendable {
    /// A numeric field of `Scenario` that one uncertain value sets.
    enum Field: Sendable, Equatable {
        case substitution, spareCapacity, domesticSubstitution, tolerance, maxIterations, tau
        case recoveryDays, demandResponse, inventoryDays
        /// The shock's `size` (cut, loss or change), its start day and its duration, by shock index.
        case size(Int), startDay(Int), durationDays(Int)
    }

    struct Slot: Sendable {
        var field: Field
        /// The `ScenarioKeys.numeric` entry whose range the value must be in.
        var key: String
        /// The value is written to the document as a TOML integer (an integer key, or a list of whole numbers).
        var integer: Bool
    }

    let plan: UncertaintyPlan
    let base: Scenario
    let slots: [Slot]
    let tablePath: String

    /// The template of a plan whose central scenario the parser built, or nil when some uncertain
    /// value is not a slot (those plans keep the parse path).
    init?(plan: UncertaintyPlan, central: Scenario, tablePath: String) {
        let model = central.model
        let kinds: [ModelSpec.Kind] = [.supplyConstrained, .dynamic, .leontief, .ghosh, .mixed]
        guard kinds.contains(model.kind), central.goodsTranslation.isEmpty, central.trade == nil else { return nil }
        // One Scenario shock per [[shock]] table (no goods shock expands into several).
        var shockTables = 0
        if case let .array(items)? = plan.document.root["shock"]?.value { shockTables = items.count }
        guard shockTables == central.shocks.count else { return nil }
        var modelTable: TOMLTable? = nil
        if case let .table(t)? = plan.document.root["model"]?.value { modelTable = t }
        var slots: [Slot] = []
        for parameter in plan.parameters {
            let integer = parameter.validRange.integer || parameter.integerGrid
            let field: Field
            let key: String
            let path = parameter.path
            if path.count == 2, path[0] == .key("model"), case let .key(k) = path[1] {
                key = k
                switch (k, model.kind) {
                case ("substitution", .supplyConstrained), ("substitution", .dynamic): field = .substitution
                case ("spare_capacity", .supplyConstrained), ("spare_capacity", .dynamic): field = .spareCapacity
                case ("domestic_substitution", .supplyConstrained): field = .domesticSubstitution
                case ("tolerance", .supplyConstrained): field = .tolerance
                case ("max_iterations", .supplyConstrained): field = .maxIterations
                case ("tau", .supplyConstrained), ("tau", .dynamic): field = .tau
                case ("recovery_days", .dynamic): field = .recoveryDays
                case ("demand_response", .dynamic): field = .demandResponse
                case ("inventory_days", .dynamic) where modelTable?["inventory_days_by_sector"] == nil: field = .inventoryDays
                default: return nil
                }
            } else if path.count == 3, path[0] == .key("shock"), case let .index(i) = path[1], case let .key(k) = path[2] {
                guard central.shocks.indices.contains(i) else { return nil }
                key = k
                switch (k, central.shocks[i].kind) {
                case ("cut", .imports), ("loss", .capacity), ("change", .finalDemand): field = .size(i)
                case ("start_day", .imports), ("start_day", .capacity), ("start_day", .finalDemand): field = .startDay(i)
                case ("duration_days", .imports), ("duration_days", .capacity), ("duration_days", .finalDemand): field = .durationDays(i)
                default: return nil
                }
            } else {
                return nil
            }
            guard let spec = ScenarioKeys.numeric[key], spec.range.integer == (field == .maxIterations) else { return nil }
            slots.append(Slot(field: field, key: key, integer: integer))
        }
        self.plan = plan
        self.base = central
        self.slots = slots
        self.tablePath = tablePath
    }

    /// The concrete scenario of one set of values; equal to
    /// `plan.scenario(v, draw: draw, table: base.table, tablePath:)`, and its errors are that call's.
    public func scenario(_ v: [Double], draw: Int?) throws -> Scenario {
        var s = base
        var durationsMoved = false
        for (k, slot) in slots.enumerated() {
            // The number the parser would read: the document holds an integer when `integer`.
            var value = v[k]
            if slot.integer {
                guard let i = CheckedInteger.int(value) else { return try parsed(v, draw: draw) }
                value = Double(i)
            }
            guard ScenarioKeys.numeric[slot.key]!.range.contains(value) else { return try parsed(v, draw: draw) }
            switch slot.field {
            case .substitution: s.model.substitution = value
            case .spareCapacity: s.model.spareCapacity = value
            case .domesticSubstitution:
                if value > 0, s.model.staticRule == .longRun { return try parsed(v, draw: draw) }
                s.model.domesticSubstitution = value
            case .tolerance: s.model.tolerance = value
            case .maxIterations: s.model.maxIterations = Int(value)
            case .tau: s.model.tau = value
            case .recoveryDays: s.model.recoveryDays = value
            case .demandResponse: s.model.demandResponse = value
            case .inventoryDays:
                s.model.inventoryDays = [Double](repeating: value, count: s.table.count)
                s.model.inventorySource = "\(value) days for every sector"
            case let .size(i):
                // A rise in final demand is refused under the long-run rule (the parser's error).
                if value > 0, s.shocks[i].kind == .finalDemand, s.model.kind == .supplyConstrained, s.model.staticRule == .longRun {
                    return try parsed(v, draw: draw)
                }
                s.shocks[i].size = value
            case let .startDay(i):
                if s.model.kind.hasTimeAxis, value > Double(s.model.horizonDays - 1) { return try parsed(v, draw: draw) }
                s.shocks[i].startDay = value
            case let .durationDays(i):
                s.shocks[i].durationDays = value
                durationsMoved = true
            }
        }
        // The changed final demand must stay finite (the parser's check, `checkChangedFinalDemand`).
        if slots.contains(where: { if case let .size(i) = $0.field { return s.shocks[i].kind == .finalDemand } else { return false } }) {
            do throws(InputError) { try s.checkChangedFinalDemand() } catch { return try parsed(v, draw: draw) }
        }
        if durationsMoved, s.model.kind != .dynamic {
            // Static models report one period: every shock's duration must agree (the parser's check).
            let durations = Set(s.shocks.compactMap(\.durationDays))
            guard durations.count <= 1 else { return try parsed(v, draw: draw) }
            s.periodDays = durations.first
        }
        return s
    }

    /// The parse path, for the draws whose values a check refuses: it throws the parser's error.
    func parsed(_ v: [Double], draw: Int?) throws -> Scenario {
        try plan.scenario(v, draw: draw, table: base.table, tablePath: tablePath)
    }
}
