import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Scenarios
import TestSupport
import Testing

/// MODELS.md §5's invariants on the real tables: Belgium 2015 and the Flemish estimate.
@Suite("Supply-constrained invariants on the Belgian and Flemish tables")
struct RealTableInvariantTests {
    static let bundles = ["belgium-2015", "flanders-2015"]

    func scenario(_ bundle: String, _ body: String) -> String {
        scenarioFile("table = \"TABLE\"\n" + body, bundle: Fixtures.repositoryPath("matrices/" + bundle))
    }

    func cut(_ bundle: String, products: [String], origin: String = "non-EU", cut: Double, criticality: String = "ihs") throws -> ScenarioResult {
        try run(scenario(bundle, """
        [model]
        criticality = "\(criticality)"
        [[shock]]
        products = [\(products.map { "\"\($0)\"" }.joined(separator: ", "))]
        origin = "\(origin)"
        cut = \(cut)
        """))
    }

    @Test(arguments: bundles)
    func zeroShockReturnsTheBaselineExactly(bundle: String) throws {
        for criticality in ["strict", "ihs", "linear"] {
            let r = try cut(bundle, products: ["20", "24", "26"], cut: 0, criticality: criticality)
            #expect(r.output == r.baselineOutput)
        }
    }

    @Test(arguments: bundles)
    func pureCutsNeverRaiseOutputAndLargerCutsLoseMore(bundle: String) throws {
        for products in [["20"], ["05-09", "19"], ["26"], ["21", "24"]] {
            var previous = 0.0
            for step in 1...5 {
                let r = try cut(bundle, products: products, cut: Double(step) / 5)
                #expect(r.converged)
                #expect(zip(r.output, r.baselineOutput).allSatisfy { $0 <= $1 }, "\(products) cut \(step)")
                let loss = zip(r.baselineOutput, r.output).reduce(0) { $0 + $1.0 - $1.1 }
                #expect(loss >= previous * (1 - 1e-12), "\(bundle) \(products): a larger cut lost less")
                previous = loss
            }
            #expect(previous > 0)
        }
    }

    @Test(arguments: bundles)
    func valueAddedChangeIsCoefficientsTimesOutputChange(bundle: String) throws {
        let r = try cut(bundle, products: ["20"], cut: 0.5)
        let impacts = Impacts(result: r)
        let table = r.scenario.table
        let gva = table.grossValueAdded!
        for i in 0..<table.count where table.output[i] > 0 {
            let expected = gva[i] / table.output[i] * (r.output[i] - table.output[i])
            #expect(abs(impacts.rows[i].valueAddedChange - expected) <= 1e-9 * max(1, abs(gva[i])))
        }
        let total = impacts.totals.first { $0.quantity == "value_added" }!
        #expect(abs(total.change - impacts.rows.reduce(0) { $0 + $1.valueAddedChange }) < 1e-6)
    }

    /// A 100 % cut of every origin of product p stops exactly the sectors that need it: those for
    /// which p is critical (w = 1) and that buy it from outside, and then, through the network,
    /// those for which a stopped sector's product is critical. Sectors outside that closure keep producing.
    @Test(arguments: bundles)
    func fullCutOfACriticalInputStopsTheDependentSectorsOnly(bundle: String) throws {
        let r = try cut(bundle, products: ["20"], origin: "all", cut: 1)
        let table = r.scenario.table
        let w = try #require(table.inputCriticality)
        let n = table.count
        let p = table.index(of: "20")!
        var outside = table.imports!
        if let rest = table.importsRestOfCountry { outside = outside + rest }
        var stopped = Set((0..<n).filter { w[p, $0] == 1 && outside[p, $0] > 0 })
        var grew = true
        while grew {
            grew = false
            for j in 0..<n where !stopped.contains(j) {
                if stopped.contains(where: { w[$0, j] == 1 && table.intermediate[$0, j] > 0 }) { stopped.insert(j); grew = true }
            }
        }
        #expect(!stopped.isEmpty && stopped.count < n)
        for j in 0..<n {
            if stopped.contains(j) { #expect(r.output[j] == 0, "\(table.codes[j]) should stop") }
            else { #expect(r.output[j] > 0, "\(table.codes[j]) should keep producing") }
        }
    }

    @Test(arguments: bundles)
    func strictCriticalityLosesAtLeastAsMuchAsIHSAndLinearLeast(bundle: String) throws {
        func loss(_ c: String) throws -> Double {
            let r = try cut(bundle, products: ["20"], cut: 0.5, criticality: c)
            return zip(r.baselineOutput, r.output).reduce(0) { $0 + $1.0 - $1.1 }
        }
        let strict = try loss("strict"), ihs = try loss("ihs"), linear = try loss("linear")
        #expect(strict >= ihs)
        #expect(ihs >= linear)
        #expect(linear == 0)
    }
}
