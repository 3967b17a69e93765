import Foundation
import IOModels
import IOTables
import LinearAlgebra

/// The outcome of a dynamic scenario: the daily path, and the sweep over durations if asked.
public struct DynamicScenarioResult: Sendable {
    /// The cost of one disruption length, summed over the horizon (losses positive).
    public struct SweepRow: Sendable {
        public var durationDays: Double
        public var outputLoss: Double
        public var valueAddedLoss: Double
        /// Per employment measure that is a flow (`hours…`), cumulated.
        public var hoursLoss: Double?
        public var peakLossPercent: Double
        /// Sectors that ran short of a cut input at least once.
        public var sectorsShort: Int
    }

    public var scenario: Scenario
    public var path: DynamicPath
    public var sweep: [SweepRow]
    public var notes: [String]
    public var wallTime: Double
}

/// Runs `kind = "dynamic"` scenarios (MODELS.md §6).
public enum DynamicRunner {
    /// An exponential recovery ends when less than this share of the shock is left.
    public static let exponentialCutoff = 0.005

    /// The share of its size a shock has on day t: 0 before its start, 1 while it lasts, then
    /// fading by the recovery profile (u = days since its end): step 0, linear max(0, 1 − (u + 1)/R),
    /// exponential exp(−(u + 1)/R) until it falls below `exponentialCutoff`.
    public static func intensity(day t: Int, start: Double, duration: Double?, recovery: ModelSpec.Recovery, recoveryDays: Double) -> Double {
        let day = Double(t)
        guard day >= start else { return 0 }
        guard let duration else { return 1 }
        let end = start + duration
        if day < end { return 1 }
        let u = (day - end).rounded(.down)
        switch recovery {
        case .step: return 0
        case .linear: return max(0, 1 - (u + 1) / recoveryDays)
        case .exponential:
            let left = exp(-(u + 1) / recoveryDays)
            return left < exponentialCutoff ? 0 : left
        }
    }

    public static func run(_ scenario: Scenario) throws(ModelError) -> DynamicScenarioResult {
        let clock = ContinuousClock.now
        let path = try simulate(scenario)
        var sweep: [DynamicScenarioResult.SweepRow] = []
        for duration in scenario.model.sweepDurationDays {
            var variant = scenario
            for k in variant.shocks.indices { variant.shocks[k].durationDays = duration }
            let p = try simulate(variant)
            let totals = DynamicImpacts(scenario: variant, path: p)
            let hours = totals.totals.first { $0.quantity.hasPrefix("hours") }
            sweep.append(.init(durationDays: duration, outputLoss: -totals.outputTotal.change, valueAddedLoss: -totals.valueAddedTotal.change,
                               hoursLoss: hours.map { -$0.change }, peakLossPercent: totals.peakTotalLossPercent.value,
                               sectorsShort: totals.sectorsShortOfCutInputs ?? 0))
        }
        var notes: [String] = []
        if scenario.model.criticality == "ihs" {
            notes.append("Criticality from the IHS Markit survey (Pichler et al. 2022) mapped to the table's products; a few entries were relaxed by its compilers for a Covid study.")
        }
        let raised = zip(scenario.table.codes, scenario.model.inventoryDays).filter { $0.1 < 1 }
        if !raised.isEmpty {
            notes.append("Stock targets below one day raised to 1 day (the day's own delivery, no stock beyond it) for \(raised.count) sector(s), e.g. \(raised[0].0): in Pichler et al. (2022) the stock S = n Z includes the day's delivery, and less than one day cannot run the baseline.")
        }
        if scenario.model.spareCapacity == 0 {
            notes.append("No spare capacity (spare_capacity = 0): after a shock, restocking competes with current use, so stocks refill only as fast as suppliers' demand falls below their capacity.")
        }
        let elapsed = ContinuousClock.now - clock
        return DynamicScenarioResult(scenario: scenario, path: path, sweep: sweep, notes: notes,
                                     wallTime: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The daily path of one scenario.
    public static func simulate(_ scenario: Scenario) throws(ModelError) -> DynamicPath {
        let dynamic = try model(for: scenario)
        let today = conditions(for: scenario)
        let path = dynamic.simulate(days: scenario.model.horizonDays) { t, c in _ = today(t, &c) }
        try checkFinite(path, scenario)
        return path
    }

    /// The daily paths of scenarios that differ only in their numbers (shock sizes, days, τ,
    /// stock targets, recovery, spare capacity, demand response), run in lockstep
    /// (`DynamicModel.simulate(batch:)`); path b is `simulate(scenarios[b])`. Scenarios whose
    /// structure differs from the first (another horizon, criticality, rationing or import rule)
    /// run on their own.
    /// With `tracksShortages` false the paths do not record first shortage days (see
    /// `DynamicModel.simulate(batch:days:tracksShortages:storage:conditions:)`); `storage` keeps
    /// the paths' arrays from one call to the next (`DynamicModel.PathStorage`).
    public static func simulate(batch scenarios: [Scenario], tracksShortages: Bool = true,
                                storage: DynamicModel.PathStorage? = nil) throws(ModelError) -> [DynamicPath] {
        guard let first = scenarios.first else { return [] }
        let dynamic = try model(for: first)
        let f = first.model
        var lockstep: [Int] = [], alone: [Int] = []
        for (b, s) in scenarios.enumerated() {
            let m = s.model
            // Supplies split by user (shocks naming users) are not part of the lockstep kernel.
            let split = s.shocks.contains { $0.users != nil } || first.shocks.contains { $0.users != nil }
            if !split, m.horizonDays == f.horizonDays, m.criticality == f.criticality, m.rationing == f.rationing, m.importAllocation == f.importAllocation {
                lockstep.append(b)
            } else {
                alone.append(b)
            }
        }
        var paths = [DynamicPath?](repeating: nil, count: scenarios.count)
        let members = lockstep.map { b in
            let m = scenarios[b].model
            return DynamicModel.DrawParameters(inventoryDays: m.inventoryDays, tau: m.tau, spareCapacity: m.spareCapacity, demandResponse: m.demandResponse)
        }
        let memberConditions = lockstep.map { conditions(for: scenarios[$0]) }
        let batch = lockstep.isEmpty ? [] : try dynamic.simulate(batch: members, days: f.horizonDays, tracksShortages: tracksShortages, storage: storage) { t, b, c in
            memberConditions[b](t, &c)
        }
        for (k, b) in lockstep.enumerated() {
            try checkFinite(batch[k], scenarios[b])
            paths[b] = batch[k]
        }
        for b in alone { paths[b] = try simulate(scenarios[b]) }
        return paths.map { $0! }
    }

    /// The dynamic model of a scenario's table and parameters.
    static func model(for scenario: Scenario) throws(ModelError) -> DynamicModel {
        try dynamicModel(scenario, inventoryDays: scenario.model.inventoryDays)
    }

    /// The dynamic model of a scenario's table and parameters, with targets `inventoryDays`
    /// (the static long-run rule uses one day for every sector).
    /// - Parameter override: criticality weights to use instead of the scenario's.
    static func dynamicModel(_ scenario: Scenario, inventoryDays: [Double], criticality override: InputCriticality? = nil) throws(ModelError) -> DynamicModel {
        let table = scenario.table
        let model = scenario.model
        let criticality: InputCriticality
        switch model.criticality {
        case _ where override != nil: criticality = override!
        case "ihs":
            guard let w = table.inputCriticality else { throw .invalidInput("criticality \"ihs\" needs the table's criticality.csv") }
            criticality = .weights(w)
        case "linear": criticality = .linear
        default: criticality = .strict
        }
        // Outside suppliers ration like domestic ones; `import_allocation = "industries-first"`
        // makes them serve industrial users before final users whatever the domestic rule.
        let outsideRule: RationingRule? = model.importAllocation == "industries-first" ? .firmsFirst : nil
        let parameters = DynamicParameters(inventoryDays: inventoryDays, tau: model.tau, criticality: criticality,
                                           rationing: model.rationing, outsideRationing: outsideRule,
                                           spareCapacity: model.spareCapacity, demandResponse: model.kind == .dynamic ? model.demandResponse : 0)
        return try DynamicModel(intermediate: table.intermediate, baselineOutput: table.output, finalDemand: table.totalFinalDemand,
                                imports: table.imports, restOfCountry: table.importsRestOfCountry,
                                importFinal: table.importFinal?.values.rowSums(), restOfCountryFinal: table.importFinalRestOfCountry?.values.rowSums(),
                                valueAdded: table.grossValueAdded, parameters: parameters)
    }

    /// What the shocks leave when shock k has size `sizes[k]`: capacity κ, the availability a_p of
    /// each outside supplier (origin shares, substitution), final demand φ; where import shocks
    /// name their users, the supplies split by user (`ShockTranslation.outsideSplit`), a_p then
    /// being that of the shocks without users.
    static func conditions(_ translation: ShockTranslation, sizes: [Double]? = nil) -> DailyConditions {
        let split = translation.outsideSplit(sizes: sizes)
        let (foreign, rest) = translation.availability(sizes: sizes, applying: split == nil ? nil : translation.unrestrictedShocks)
        return DailyConditions(capacity: translation.capacityKept(sizes: sizes), foreignAvailability: foreign,
                               restOfCountryAvailability: rest, finalDemand: translation.finalDemandFactor(sizes: sizes), byUser: split)
    }

    /// What the scenario's shocks leave on day t; the conditions change only on days when a
    /// shock's size does, and the function returns whether they did (on its first call: true).
    static func conditions(for scenario: Scenario) -> (Int, inout DailyConditions) -> Bool {
        let model = scenario.model
        let translation = ShockTranslation(scenario: scenario)
        var sizes = [Double](repeating: 0, count: scenario.shocks.count)
        var first = true
        return { t, conditions in
            var changed = first
            for (k, shock) in scenario.shocks.enumerated() {
                let size = shock.size * intensity(day: t, start: shock.startDay, duration: shock.durationDays, recovery: model.recovery, recoveryDays: model.recoveryDays)
                if size != sizes[k] { changed = true }
                sizes[k] = size
            }
            guard changed else { return false }
            first = false
            conditions = Self.conditions(translation, sizes: sizes)
            return true
        }
    }

    static func checkFinite(_ path: DynamicPath, _ scenario: Scenario) throws(ModelError) {
        let n = scenario.table.count
        if let bad = path.outputRatio.firstIndex(where: { !$0.isFinite }) {
            throw .invalidInput("the dynamic model produced a non-finite output for sector \(scenario.table.sectorLabels[bad % n]) on day \(bad / n); refusing to report it. A value left the range of double precision: check the unit of the table (flows and outputs between about 1e-300 and 1e300) and the sizes of the shocks")
        }
    }
}
