import Foundation
import IOModels
import IOTables
import Scenarios
import Testing

/// The classic models run from scenario files, checked against identities and the hand table.
@Suite("Classic models in scenario files")
struct ClassicModelScenarioTests {
    func demandFall(_ kind: String, extra: String = "") -> String {
        "table = \"table\"\n[model]\nkind = \"\(kind)\"\n\(extra)\n[[shock]]\nkind = \"final-demand\"\nproducts = [\"C\"]\nchange = -0.2\n"
    }

    /// Demand-side IIM with c* = x̂⁻¹(f⁰ − f̃) gives q = x̂⁻¹ L (f⁰ − f̃): the Leontief loss, per unit.
    @Test func demandSideInoperabilityEqualsLeontief() throws {
        let iim = try run(scenarioFile(demandFall("inoperability")))
        let leontief = try run(scenarioFile(demandFall("leontief")))
        for i in 0..<3 { #expect(abs(iim.output[i] - leontief.output[i]) < 1e-9) }
        // Hand table: C's final demand −20 ⇒ C −20, B −0.3·20 = −6, A −0.2·6 = −1.2.
        #expect(abs(leontief.output[0] - 98.8) < 1e-9 && abs(leontief.output[1] - 94) < 1e-9 && abs(leontief.output[2] - 80) < 1e-9)
    }

    /// Supply-side IIM, q = (I − Aᵀ)⁻¹ δ with δ = x̂⁻¹Δv, equals Ghosh's Δx = Δv′ x̂⁻¹ L x̂ per unit of output.
    @Test func supplySideInoperabilityEqualsGhosh() throws {
        let shock = "[[shock]]\nkind = \"capacity\"\nproducts = [\"A\"]\nloss = 0.1\n"
        let iim = try run(scenarioFile("table = \"table\"\n[model]\nkind = \"inoperability\"\nside = \"supply\"\n" + shock))
        let ghosh = try run(scenarioFile("table = \"table\"\n[model]\nkind = \"ghosh\"\n" + shock))
        for i in 0..<3 { #expect(abs(iim.output[i] - ghosh.output[i]) < 1e-9) }
        #expect(ghosh.notes.contains { $0.contains("Oosterhaven") })
        // A loses 10 % of its primary inputs (100): A −10; Ghosh forward: B −10·0.2 = −2; C −2·0.3 = −0.6.
        #expect(abs(ghosh.output[0] - 90) < 1e-9 && abs(ghosh.output[1] - 98) < 1e-9 && abs(ghosh.output[2] - 99.4) < 1e-9)
    }

    /// B fixed at 50: C = f_C = 100, A = 0.2·50 + 80 = 90; B's implied final demand 50 − 0.3·100 = 20.
    @Test func mixedModelFixesCapacityShockedSectors() throws {
        let result = try run(scenarioFile("table = \"table\"\n[model]\nkind = \"mixed\"\n[[shock]]\nkind = \"capacity\"\nproducts = [\"B\"]\nloss = 0.5\n"))
        #expect(abs(result.output[0] - 90) < 1e-9 && abs(result.output[1] - 50) < 1e-9 && abs(result.output[2] - 100) < 1e-9)
        #expect(result.notes.contains { $0.contains("B 20.0 (baseline 70.0)") })
    }

    /// Backward extraction of B: B buys no domestic A, so A loses its 20 of sales to B.
    @Test func backwardExtraction() throws {
        let result = try run(scenarioFile("table = \"table\"\n[model]\nkind = \"extraction\"\nextraction = \"backward\"\nproducts = [\"B\"]\n"))
        #expect(abs(result.output[0] - 80) < 1e-9 && abs(result.output[1] - 100) < 1e-9 && abs(result.output[2] - 100) < 1e-9)
    }

    /// A constant perturbation for the whole horizon: the daily path approaches the static q, so the
    /// cumulative loss over the horizon is below static loss × days, and zero with no perturbation.
    @Test func dynamicInoperabilityCumulatesLosses() throws {
        let extra = "horizon_days = 200\nrecovery_days = 20"
        let dynamic = try run(scenarioFile(demandFall("dynamic-inoperability", extra: extra)))
        let staticRun = try run(scenarioFile(demandFall("inoperability")))
        let impacts = Impacts(result: dynamic)
        #expect(abs(impacts.periodFactor - 200.0 / 365) < 1e-15)
        let dynamicLoss = -impacts.totals[0].change
        let staticLoss = zip(staticRun.baselineOutput, staticRun.output).reduce(0) { $0 + $1.0 - $1.1 } * 200 / 365
        #expect(dynamicLoss > 0.8 * staticLoss && dynamicLoss < staticLoss)
        let none = try run(scenarioFile(demandFall("dynamic-inoperability", extra: extra).replacingOccurrences(of: "-0.2", with: "0")))
        #expect(none.output == none.baselineOutput)
    }

    @Test(arguments: [
        ("[model]\nkind = \"inoperability\"\n[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\ncut = 0.5\n", "falls in final demand only"),
        ("[model]\nkind = \"inoperability\"\n[[shock]]\nkind = \"final-demand\"\nproducts = [\"A\"]\nchange = 0.1\n", "falls in final demand only"),
        ("[model]\nkind = \"inoperability\"\nside = \"sideways\"\n[[shock]]\nkind = \"final-demand\"\nproducts = [\"A\"]\nchange = -0.1\n", "unknown side"),
        ("[model]\nkind = \"mixed\"\n[[shock]]\nkind = \"final-demand\"\nproducts = [\"A\"]\nchange = -0.1\n", "at least one capacity shock"),
        ("[model]\nkind = \"extraction\"\nproducts = [\"Z\"]\n", "unknown product code \"Z\""),
        ("[model]\nkind = \"extraction\"\nextraction = \"sideways\"\nproducts = [\"A\"]\n", "unknown extraction"),
        ("[model]\nkind = \"dynamic-inoperability\"\nresidual_fraction = 1.5\n[[shock]]\nkind = \"final-demand\"\nproducts = [\"A\"]\nchange = -0.1\n", "residual_fraction"),
    ])
    func modelsRefuseWhatTheyCannotTake(body: String, message: String) {
        #expect {
            try Scenario(path: scenarioFile("table = \"table\"\n" + body))
        } throws: { error in
            let ok = (error as? InputError)?.description.contains(message) == true
            if !ok { Issue.record("got: \(error)") }
            return ok
        }
    }
}
