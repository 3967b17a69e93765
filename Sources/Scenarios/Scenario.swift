import IOModels
import IOTables

/// A scenario file, parsed and checked against its table (docs/scenarios.md).
public struct Scenario: Sendable {
    /// The scenario file's path as given.
    public var path: String
    public var title: String
    public var description: String
    /// The table bundle's path, resolved relative to the scenario file.
    public var tablePath: String
    public var table: IOTable
    public var model: ModelSpec
    public var shocks: [Shock]
    public var output: OutputSpec
    /// Length of the shock in days when the shocks give one; static results are then reported
    /// for that period (flows × days / 365).
    public var periodDays: Double?
    /// The `[trade]` data that goods shocks were translated with (GoodsShocks.swift).
    public var trade: TradeSource? = nil
    /// How each goods shock became CPA-level import cuts, for run.json.
    public var goodsTranslation: [GoodsTranslation] = []
    /// Import cuts between the regions of a multi-regional system (RegionOrigins.swift): the
    /// flows booked as imports in `table`, which is then that view of the bundle.
    public var crossBorder: CrossBorderCuts? = nil
}

/// Which model runs, with every parameter after defaults.
public struct ModelSpec: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case supplyConstrained = "supply-constrained"
        case leontief
        case ghosh
        /// Static inoperability (IIM), demand or supply side.
        case inoperability
        /// Dynamic inoperability (Lian & Haimes 2006): daily recovery path.
        case dynamicInoperability = "dynamic-inoperability"
        /// Mixed exogenous/endogenous model: capacity shocks fix outputs.
        case mixed
        /// Hypothetical extraction of the sectors in `extract`.
        case extraction
        /// Daily propagation with input inventories (MODELS.md §6).
        case dynamic
        /// Leontief price model (cost push): import-price and value-added shocks.
        case price

        /// Whether the model runs day by day over `horizon_days`, so that a shock's `start_day`
        /// must fall inside the horizon.
        public var hasTimeAxis: Bool { self == .dynamic || self == .dynamicInoperability }
    }

    /// How a shock fades after its duration (dynamic model).
    public enum Recovery: String, Sendable, CaseIterable {
        /// Back to normal the day after the shock ends.
        case step
        /// The shock's size falls linearly to zero over `recovery_days`.
        case linear
        /// The shock's size decays as exp(−u / recovery_days), u days after its end.
        case exponential
    }

    /// Which static supply-constrained model runs (docs/models.md, "Supply-constrained model").
    public enum StaticRule: String, Sendable, CaseIterable {
        /// The stationary state of the dynamic model (P1)–(P6) under a permanent shock with
        /// one-day stocks and the scenario's τ: the static result is its long run.
        case longRun = "long-run"
        /// The τ-free fixed point of Pichler & Farmer (2022, ESR) with the half-weight rule for
        /// important inputs, without the output-cap ratchet.
        case pichlerFarmer = "pichler-farmer"
    }

    public var kind: Kind
    /// Supply-constrained model: the long run of the dynamic model (default) or Pichler–Farmer.
    public var staticRule: StaticRule = .longRun
    public var criticality: String = "strict"
    public var rationing: RationingRule = .proportional
    /// "proportional", "industries-first" or (static models) "critical-first": how the imports
    /// that remain are shared among their users.
    public var importAllocation: String = "proportional"
    /// Share of the missing imports replaced by origins that are not cut, in [0, 1].
    public var substitution: Double = 0
    /// Extra capacity above baseline output that sectors can use, as a share (≥ 0).
    public var spareCapacity: Double = 0
    /// Share of the missing imports of a product that users buy from its domestic producers
    /// instead, within their spare capacity, in [0, 1].
    public var domesticSubstitution: Double = 0
    public var tolerance: Double = 1e-10
    public var maxIterations: Int = 1000
    public var allowNonconvergence: Bool = false
    /// Inoperability models: "demand" or "supply".
    public var side: String = "demand"
    /// Dynamic inoperability: days for a sector to recover, the residual level counted as
    /// recovered, and the horizon simulated.
    public var recoveryDays: Double = 90
    public var residualFraction: Double = 0.01
    public var horizonDays: Int = 365
    /// Dynamic inoperability: T_i per sector after `recovery_days_by_sector` (empty: `recoveryDays` for every sector).
    public var recoveryDaysBySector: [Double] = []
    /// Dynamic inoperability: q(0) per sector after `initial_inoperability` and its by-sector overrides (empty: 0).
    public var initialInoperability: [Double] = []
    /// Extraction: "backward", "forward" or "total"; the sectors extracted; keep a_jj.
    public var extraction: String = "backward"
    public var extracted: [Int] = []
    public var keepOwnFlows: Bool = false

    // Dynamic model (MODELS.md §6); it shares horizon_days and recovery_days (default 30 there).
    /// τ: days over which stock gaps are closed.
    public var tau: Double = 10
    /// n_j per sector after the table's inventory_days.csv and the scenario's overrides.
    public var inventoryDays: [Double] = []
    /// Where the inventory days come from, for provenance.
    public var inventorySource: String = ""
    public var recovery: Recovery = .step
    /// η ∈ [0, 1]: final demand falls by η × the relative loss of value added of the day before.
    public var demandResponse: Double = 0
    /// Shock durations to compare in one run ("cost of a disruption of N days").
    public var sweepDurationDays: [Double] = []

    /// (name, value) pairs for provenance, in a stable order.
    public var parameters: [(String, String)] {
        switch kind {
        case .supplyConstrained:
            return [("static_rule", staticRule.rawValue), ("tau", staticRule == .longRun ? "\(tau)" : "not used"),
                    ("criticality", criticality), ("rationing", rationing.rawValue), ("import_allocation", importAllocation),
                    ("substitution", "\(substitution)"), ("spare_capacity", "\(spareCapacity)"),
                    ("domestic_substitution", "\(domesticSubstitution)"), ("tolerance", "\(tolerance)"),
                    ("max_iterations", "\(maxIterations)"), ("allow_nonconvergence", "\(allowNonconvergence)")]
        case .leontief, .ghosh, .mixed, .price:
            return []
        case .inoperability:
            return [("side", side)]
        case .dynamicInoperability:
            var list = [("side", side), ("recovery_days", "\(recoveryDays)"), ("residual_fraction", "\(residualFraction)"), ("horizon_days", "\(horizonDays)")]
            if !recoveryDaysBySector.isEmpty { list.append(("recovery_days_by_sector", recoveryDaysBySector.map { "\($0)" }.joined(separator: ", "))) }
            if !initialInoperability.isEmpty { list.append(("initial_inoperability", initialInoperability.map { "\($0)" }.joined(separator: ", "))) }
            return list
        case .extraction:
            return [("extraction", extraction), ("keep_own_flows", "\(keepOwnFlows)")]
        case .dynamic:
            var list = [("horizon_days", "\(horizonDays)"), ("tau", "\(tau)"), ("inventory_days", inventorySource),
                        ("recovery", recovery.rawValue), ("recovery_days", "\(recoveryDays)"), ("criticality", criticality),
                        ("rationing", rationing.rawValue), ("import_allocation", importAllocation), ("substitution", "\(substitution)"),
                        ("spare_capacity", "\(spareCapacity)"), ("demand_response", "\(demandResponse)")]
            if !sweepDurationDays.isEmpty { list.append(("sweep_duration_days", sweepDurationDays.map { "\($0)" }.joined(separator: ", "))) }
            return list
        }
    }
}

/// One shock of a scenario.
public struct Shock: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Imports of products from an origin are cut.
        case imports = "import"
        /// A domestic sector loses part of its capacity.
        case capacity
        /// Final demand for products changes.
        case finalDemand = "final-demand"
        /// Price model: the price of imports of products from an origin changes by `size` (3 = +300 %).
        case importPrice = "import-price"
        /// Price model: primary inputs (value added) per unit of output of sectors change by `size`.
        case valueAdded = "value-added"

        /// Shocks to prices, taken by `kind = "price"` only.
        public var isPrice: Bool { self == .importPrice || self == .valueAdded }
    }

    public var kind: Kind
    /// Sector (product) indices in table order.
    public var sectors: [Int]
    /// For imports and import prices: the import_origin columns (empty: every foreign import of a table without import_origin.csv).
    public var origins: [String] = []
    /// The origin as written (`non-EU`…).
    public var originName: String = ""
    /// For imports: the cut c ∈ [0, 1]; for capacity: the loss ε ∈ [0, 1]; for final demand: the relative change (≥ −1);
    /// for import prices and value added: the relative price change (> −1).
    public var size: Double
    public var startDay: Double = 0
    public var durationDays: Double?
    /// The line of the shock in the scenario file.
    public var line: Int
    /// For imports: the using sectors (indices) whose purchases are cut; nil = every user,
    /// final demand included. With users, final demand's imports are not cut.
    public var users: [Int]? = nil
    /// For imports on a multi-regional system (`IOTable.tradesBetweenRegions`): the producing
    /// regions cut, and the regions whose users lose the deliveries; nil otherwise.
    public var originRegions: [String]? = nil
    public var destinationRegions: [String]? = nil
}

/// What to write and print.
public struct OutputSpec: Sendable {
    /// Rows printed in the Markdown table (all rows go to the files).
    public var top: Int = 20
    /// `[output] groups`: the sectors' groups for impacts_by_group.csv (resolved relative to the
    /// scenario file and checked against the table), or nil.
    public var groups: SectorGroups?
    /// `[output] relaxations`: the most re-solves a supply-constrained run's explanation makes
    /// (`RunExplanation`), or nil for its default (`RunExplanation.defaultRelaxations(sectors:)`).
    public var relaxations: Int?
}
