/// The daily perturbation c*(t) of a dynamic-inoperability scenario (docs/models.md, "Dynamic IIM").
///
/// Each shock acts on the days t with start_day ≤ t < start_day + duration_days (to the horizon
/// without a duration). c*(t) is the perturbation of the shocks active on day t, translated as the
/// static IIM translates a set of shocks: for shocks on different sectors it is the sum of their
/// perturbations; shocks on the same sector and origin combine as in the static model
/// (multiplicatively), so that when every shock is active c*(t) is the static c*.
struct DynamicInoperabilitySchedule {
    let scenario: Scenario

    /// Whether shock k acts on day t.
    func isActive(_ shock: Shock, day t: Int) -> Bool {
        let day = Double(t)
        return day >= shock.startDay && (shock.durationDays.map { day < shock.startDay + $0 } ?? true)
    }

    /// c*(t) for t = 0 … days − 1. One translation per distinct set of active shocks.
    /// - Complexity: O(days · n) plus one translation per change of the active set.
    func perturbation(days: Int) -> [[Double]] {
        var cache: [[Bool]: [Double]] = [:]
        let zero = [Double](repeating: 0, count: scenario.table.count)
        return (0..<max(0, days)).map { t in
            let active = scenario.shocks.map { isActive($0, day: t) }
            guard active.contains(true) else { return zero }
            if let c = cache[active] { return c }
            var subset = scenario
            subset.shocks = zip(scenario.shocks, active).filter(\.1).map(\.0)
            let c = ShockTranslation(scenario: subset).inoperabilityPerturbation()
            cache[active] = c
            return c
        }
    }
}
