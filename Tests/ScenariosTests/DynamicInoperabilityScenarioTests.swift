import Foundation
import IOModels
import IOTables
import Scenarios
import Testing

/// Dynamic-inoperability scenarios on the hand table (ScenarioFixtures): several shocks with their
/// own start and duration, recovery from q(0), per-sector recovery times, the Setola indices.
///
/// On the hand table x = 100 everywhere, so A* = x̂⁻¹ A x̂ = A: a*_AB = 0.2, a*_BC = 0.3. With
/// residual_fraction ρ = e⁻¹ (ln 1/ρ = 1) and recovery_days T = 2, k = 1/2 and each day
///     q(t + 1) = q + ½ (A* q + c* − q) = ½ q + ½ A* q + ½ c*.
/// A −10 % fall of A's final demand (80) gives c*_A = 8/100 = 0.08; C −20 % (of 100): c*_C = 0.2.
/// The reported output change of sector i is −x_i/365 · ∫q_i dt (trapezoid rule over the days).
@Suite("Dynamic inoperability scenarios")
struct DynamicInoperabilityScenarioTests {
    static let rho = "0.36787944117144233"

    func scenario(model: String, shocks: String, recoveryDays: Int = 2) -> String {
        "table = \"table\"\n[model]\nkind = \"dynamic-inoperability\"\nresidual_fraction = \(Self.rho)\nrecovery_days = \(recoveryDays)\n\(model)\n\(shocks)"
    }

    func shock(_ product: String, _ change: Double, start: Int, duration: Int) -> String {
        "[[shock]]\nkind = \"final-demand\"\nproducts = [\"\(product)\"]\nchange = \(change)\nstart_day = \(start)\nduration_days = \(duration)\n"
    }

    /// ∫q dt per sector from the reported output change.
    func integral(_ result: ScenarioResult) -> [Double] {
        Impacts(result: result).rows.map { -$0.outputChange * 365 / 100 }
    }

    /// C −20 % on days 0–1, A −10 % on days 2–3, 4 days:
    ///   q1 = (0, 0, 0.1); q2 = (0, 0.015, 0.15); q3 = (0.0015 + 0.04, 0.0075 + 0.0225, 0.075) = (0.0415, 0.03, 0.075);
    ///   q4 = (0.02075 + 0.003 + 0.04, 0.015 + 0.01125, 0.0375) = (0.06375, 0.02625, 0.0375).
    /// Both shocks on days 0–1:
    ///   q1 = (0.04, 0, 0.1); q2 = (0.06, 0.015, 0.15); q3 = (0.0315, 0.03, 0.075); q4 = (0.01875, 0.02625, 0.0375).
    /// ∫q = ½q0 + q1 + q2 + q3 + ½q4: staggered (0.073375, 0.058125, 0.34375), together (0.140875, 0.058125, 0.34375).
    @Test func eachShockKeepsItsOwnStartAndDuration() throws {
        let staggered = try run(scenarioFile(scenario(model: "horizon_days = 4", shocks: shock("C", -0.2, start: 0, duration: 2) + shock("A", -0.1, start: 2, duration: 2))))
        let together = try run(scenarioFile(scenario(model: "horizon_days = 4", shocks: shock("C", -0.2, start: 0, duration: 2) + shock("A", -0.1, start: 0, duration: 2))))
        for (computed, hand) in zip(integral(staggered), [0.073375, 0.058125, 0.34375]) { #expect(abs(computed - hand) < 1e-12) }
        for (computed, hand) in zip(integral(together), [0.140875, 0.058125, 0.34375]) { #expect(abs(computed - hand) < 1e-12) }
    }

    /// Shocks on days 0 and 50 differ from both on day 0 (issue 10 §6), with different durations.
    /// Without clipping the model is linear in c*, and shocks on different sectors add up, so the
    /// staggered run is the sum of the two single-shock runs, and differs from the same-day run.
    @Test func laterShockIsNotMovedToTheFirstStart() throws {
        func loss(_ shocks: String) throws -> [Double] {
            let result = try run(scenarioFile(scenario(model: "horizon_days = 120", shocks: shocks, recoveryDays: 10)))
            return zip(result.baselineOutput, result.output).map { $0 - $1 }
        }
        let first = shock("C", -0.2, start: 0, duration: 10), later = shock("A", -0.1, start: 50, duration: 30)
        let apart = try loss(first + later)
        let sameDay = try loss(first + shock("A", -0.1, start: 0, duration: 30))
        let onlyFirst = try loss(first), onlyLater = try loss(later)
        for i in 0..<3 { #expect(abs(apart[i] - onlyFirst[i] - onlyLater[i]) < 1e-9) }
        #expect(abs(apart[0] - sameDay[0]) > 1e-3)
        #expect(onlyLater[1] == 0 && onlyLater[2] == 0)
        let notes = try run(scenarioFile(scenario(model: "horizon_days = 120", shocks: first + later, recoveryDays: 10))).notes
        #expect(notes.contains { $0.contains("day 50 for 30 days") })
    }

    /// q(0) = 0.2 for C, no shock, B recovers in 4 days (k_B = 1/4), the others in 2 (k = 1/2), 2 days:
    ///   q_C: 0.2, 0.1, 0.05; q_B(t + 1) = ¾ q_B + ¼ · 0.3 q_C: 0, 0.015, 0.01125 + 0.0075 = 0.01875;
    ///   q_A(t + 1) = ½ q_A + ½ · 0.2 q_B: 0, 0, 0.0015.
    /// ∫q = ½q0 + q1 + ½q2: A 0.00075, B 0.015 + 0.009375 = 0.024375, C 0.1 + 0.1 + 0.025 = 0.225.
    @Test func recoveryFromInitialInoperabilityWithPerSectorRecovery() throws {
        let text = scenario(model: "horizon_days = 2\ninitial_inoperability_by_sector = { \"C\" = 0.2 }\nrecovery_days_by_sector = { \"B\" = 4 }", shocks: "")
        let parsed = try Scenario(path: scenarioFile(text))
        #expect(parsed.model.recoveryDaysBySector == [2, 4, 2])
        #expect(parsed.model.initialInoperability == [0, 0, 0.2])
        #expect(parsed.model.parameters.contains { $0.0 == "recovery_days_by_sector" })
        let result = try ScenarioRunner.run(parsed)
        for (computed, hand) in zip(integral(result), [0.00075, 0.024375, 0.225]) { #expect(abs(computed - hand) < 1e-12) }
    }

    /// initial_inoperability sets every sector; the by-sector table overrides some.
    @Test func initialInoperabilityForEverySector() throws {
        let text = scenario(model: "initial_inoperability = 0.1\ninitial_inoperability_by_sector = { \"A\" = 0 }", shocks: "")
        #expect(try Scenario(path: scenarioFile(text)).model.initialInoperability == [0, 0.1, 0.1])
    }

    /// The indices of Setola et al. (2009) on A* = [[0, 0.2, 0], [0, 0, 0.3], [0, 0, 0]]: S = I + A* + A*²,
    /// A*² has only (A, C) = 0.06. δ = (0.2, 0.3, 0)/2, ρ = (0, 0.2, 0.3)/2, δ̄ = (0.26, 0.3, 0)/2, ρ̄ = (0, 0.2, 0.36)/2.
    @Test func interdependencyIndicesAreReported() throws {
        let result = try run(scenarioFile(scenario(model: "", shocks: shock("C", -0.2, start: 0, duration: 10))))
        let d = try #require(result.interdependency)
        for (computed, hand) in [(d.dependency, [0.1, 0.15, 0]), (d.influence, [0, 0.1, 0.15]), (d.overallDependency, [0.13, 0.15, 0]), (d.overallInfluence, [0, 0.1, 0.18])] {
            for (c, h) in zip(computed, hand) { #expect(abs(c - h) < 1e-12) }
        }
        let staticRun = try run(scenarioFile("table = \"table\"\n[model]\nkind = \"inoperability\"\n" + shock("C", -0.2, start: 0, duration: 10)))
        #expect(staticRun.interdependency?.overallInfluence == d.overallInfluence)
    }

    /// With ρ = 0.01 a recovery time below ln(100) = 4.61 days would overshoot: refused when the
    /// scenario is read (so `check` refuses it too), at the key's line.
    @Test(arguments: [
        ("recovery_days = 3", "recovery_days = 3.0 is shorter than ln(1/residual_fraction) = 4.61 days"),
        ("recovery_days_by_sector = { \"A\" = 3 }", "at least ln(1/residual_fraction) = 4.61 days"),
    ])
    func recoveryTooFastForADailyStep(line: String, message: String) {
        let text = "table = \"table\"\n[model]\nkind = \"dynamic-inoperability\"\n\(line)\n" + shock("C", -0.2, start: 0, duration: 10)
        #expect {
            try Scenario(path: scenarioFile(text))
        } throws: { error in
            let ok = (error as? InputError)?.description.contains(message) == true && (error as? InputError)?.description.contains(":4:") == true
            if !ok { Issue.record("got: \(error)") }
            return ok
        }
    }

    @Test(arguments: [
        ("recovery_days_by_sector = { \"Q\" = 3 }", "unknown product code \"Q\""),
        ("recovery_days_by_sector = { \"A\" = 0.5 }", "at least 1 day"),
        ("initial_inoperability = 1.5", "between 0 and 1"),
        ("initial_inoperability_by_sector = { \"B\" = -0.1 }", "between 0 and 1"),
        ("initial_inoperability_by_sector = { \"B\" = 0 }", "no shocks"),
        ("horizon_days = 40\n[[shock]]\nkind = \"final-demand\"\nproducts = [\"A\"]\nchange = -0.1\nstart_day = 40\n", "within the horizon of 40 days"),
    ])
    func badPerSectorValuesAreRefused(line: String, message: String) {
        #expect {
            try Scenario(path: scenarioFile(scenario(model: line, shocks: "")))
        } throws: { error in
            let ok = (error as? InputError)?.description.contains(message) == true
            if !ok { Issue.record("got: \(error)") }
            return ok
        }
    }
}
