import Foundation
import IOModels
import IOTables
import Scenarios
import TestSupport
import Testing

/// Explanations of the hand-worked three-sector case (`handTable`, derivations in
/// `HandWorkedCaseTests`): binding constraints, chains, relaxations, supply accounting and the
/// decomposition, each derived by hand.
@Suite("Explanation: hand-worked cases")
struct HandWorkedExplanationTests {
    /// The derivations below are those of the τ-free Pichler–Farmer rule (HandWorkedCaseTests keeps
    /// them as that rule's tests), so these runs select it; the invariants on the real tables run
    /// under the default long-run rule.
    func run(_ path: String) throws -> ScenarioResult {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "[model]\n", with: "[model]\nstatic_rule = \"pichler-farmer\"\n").write(toFile: path, atomically: true, encoding: .utf8)
        return try runScenario(path)
    }

    /// 50 % non-EU cut of A; x = (90, 50, 50), f = (80, 35, 50) (HandWorkedCaseTests).
    /// Demand at the solution D = A x + f_max: D_A = 0.2·50 + 80 = 90, D_B = 0.3·50 + 70 = 85, D_C = 100.
    /// Supply potentials: B's imported A, ρ_AB = 0.5, σ_B = 0.5 (a root); C needs B, σ_C = 0.5 via B;
    /// A has no constrained input, σ_A = 1. So B is bound by its imports (50 < D_B = 85), C by input B
    /// (D_C · σ_B = 50 < 100), A by demand; A's demand fell most through its sales to B
    /// (0.2 · (50 − 100) = −10; its final demand is unchanged).
    @Test func bindingAndChainsLeadBackToTheShock() throws {
        let result = try run(scenarioFile(importCut(["A"], cut: 0.5)))
        #expect(result.binding == ["demand", "imported A", "input B"])
        #expect(result.chain == ["sales to B <- imported A (non-EU)", "imported A (non-EU)", "B <- imported A (non-EU)"])
        let e = try RunExplanation(result: result)
        #expect(e.sectors.allSatisfy { $0.links.isEmpty || $0.links.last!.link.isShock })
        #expect(e.sectors[0].links.map(\.link) == [.sales(supplier: 0, customer: 1), .importedInput(product: 0, user: 1)])
        // Link sizes: B receives half its imports (5 missing); C's input B can supply half.
        #expect(abs(e.sectors[1].links[0].ratio - 0.5) < 1e-12)
        #expect(abs(e.sectors[1].links[0].amount! - 5) < 1e-9)
        #expect(abs(e.sectors[2].links[0].ratio - 0.5) < 1e-12)
    }

    /// Relaxing "A critical for B" (w_AB = 0) removes the only constraint: the baseline returns,
    /// and B regains 50, the economy 110. Relaxing "B critical for C" frees C alone: C produces
    /// D_C = 100 (+50), B still 50, A still 90 (its sales to B unchanged): the economy regains 50.
    @Test func relaxingALinkGivesBackWhatItHeld() throws {
        let e = try RunExplanation(result: try run(scenarioFile(importCut(["A"], cut: 0.5))))
        let cLinks = e.sectors[2].links
        #expect(abs(cLinks[0].sectorGain! - 50) < 1e-9)
        #expect(abs(cLinks[0].totalGain! - 50) < 1e-9)
        #expect(abs(cLinks[1].sectorGain! - 50) < 1e-9)
        #expect(abs(cLinks[1].totalGain! - 110) < 1e-9)
        // Drivers: the row "A for every user" and the entry A → B both give back 110, B → C 50.
        let top = e.drivers.map { ($0.input, $0.user, $0.outputGain) }
        #expect(top.count == 4)   // A → B, A → every user, B → C, B → every user
        #expect(top.contains { $0.0 == 0 && $0.1 == 1 && abs($0.2 - 110) < 1e-9 })
        #expect(top.contains { $0.0 == 0 && $0.1 == nil && abs($0.2 - 110) < 1e-9 })
        #expect(top.contains { $0.0 == 1 && $0.1 == 2 && abs($0.2 - 50) < 1e-9 })
    }

    /// B buys 10 of A, all from outside the EU; half is cut: baseline 10, delivered 5, lost 5.
    /// A's total supply is its output 100 plus 10 imports: 5/110 is lost. Loss per unit of missing
    /// imports: output 110/5 = 22, value added (10 + 35 + 35)/5 = 16.
    @Test func supplyAccountOfTheHandCase() throws {
        let e = try RunExplanation(result: try run(scenarioFile(importCut(["A"], cut: 0.5))))
        let flows = e.supply.flows.map { ($0.product, $0.origin, $0.user, $0.baseline, $0.delivered, $0.lost) }
        #expect(flows.count == 1)
        #expect(flows[0] == (0, "non_eu", "B", 10, 5, 5))
        #expect(abs(e.supply.products[0].shareOfTotalSupplyLost - 5.0 / 110) < 1e-15)
        let ratios = try #require(e.perMissingImport)
        #expect(abs(ratios[0].value - 22) < 1e-9 && ratios[0].quantity == "output")
        #expect(abs(ratios[1].value - 16) < 1e-9 && ratios[1].quantity == "value_added")
        // Final users get f = (80, 35, 50) of f_max = (80, 70, 100): 85 go unserved.
        #expect(abs(e.finalDemandUnserved + 85) < 1e-9)
        // A is the shocked product's own sector: 10 of the 110 lost are inside it.
        #expect(abs(e.shareOutsideOwnSectors! - 100.0 / 110) < 1e-12)
    }

    /// Decomposition of the same run: A (own sector) −10; B (imports) and C (input B) are
    /// downstream, −100; nothing is bound by demand outside A. Value added: −10 and −70.
    @Test func decompositionOfTheImportCut() throws {
        let e = try RunExplanation(result: try run(scenarioFile(importCut(["A"], cut: 0.5))))
        let c = e.components.map { ($0.name, $0.outputChange, $0.valueAddedChange) }
        #expect(c.map(\.0) == RunExplanation.componentNames)
        let expected: [(Double, Double)] = [(-10, -10), (-100, -70), (0, 0), (0, 0)]
        for (k, x) in expected.enumerated() { #expect(abs(c[k].1 - x.0) < 1e-9 && abs(c[k].2 - x.1) < 1e-9, "\(c[k].0)") }
    }

    /// C loses half its capacity (strict): x_C = 50; B sells 0.3 · 50 less to C and is bound by
    /// demand, x_B = 85; A sells 0.2 · 15 less to B, x_A = 97 (iteration: d = x⁰ + L Δf with
    /// Δf_C = −50). Own sector C −50; B and A lose sales to industries: upstream −18.
    /// Chains: C "capacity C"; B "sales to C <- capacity C"; A "sales to B <- sales to C <- capacity C".
    @Test func capacityCutPropagatesUpstream() throws {
        let text = "title = \"t\"\ntable = \"table\"\n[model]\nkind = \"supply-constrained\"\ncriticality = \"strict\"\n[[shock]]\nkind = \"capacity\"\nproducts = [\"C\"]\nloss = 0.5\n"
        let result = try run(scenarioFile(text))
        for (i, v) in [97.0, 85, 50].enumerated() { #expect(abs(result.output[i] - v) < 1e-9) }
        #expect(result.binding == ["demand", "demand", "capacity"])
        #expect(result.chain == ["sales to B <- sales to C <- capacity C", "sales to C <- capacity C", "capacity C"])
        let e = try RunExplanation(result: result)
        let c = e.components.map(\.outputChange)
        #expect(abs(c[0] + 50) < 1e-9 && abs(c[1]) < 1e-12 && abs(c[2] + 18) < 1e-9 && abs(c[3]) < 1e-12)
        // Restoring C's capacity restores everything.
        #expect(abs(e.sectors[0].links.last!.totalGain! - 68) < 1e-9)
        #expect(e.supply.flows.isEmpty && e.perMissingImport == nil)
    }

    /// The critical-first table of `CriticalFirstTests`: imports of A go to B (10, critical), C (10)
    /// and households (20), all non-EU; a 50 % cut leaves 20. Critical first: B then C are served
    /// in full, households get nothing. Proportional: everyone gets half. Industries first: as
    /// critical first here (industries need 20, exactly what is left).
    @Test(arguments: [("critical-first", [0.0, 0, 20]), ("proportional", [5.0, 5, 10]), ("industries-first", [0.0, 0, 20])])
    func allocationRulesDecideWhoGoesWithout(allocation: String, lost: [Double]) throws {
        let text = importCut(["A"], cut: 0.5, criticality: "ihs").replacingOccurrences(of: "[model]\n", with: "[model]\nimport_allocation = \"\(allocation)\"\n")
        let e = try RunExplanation(result: try run(scenarioFile(text, table: CriticalFirstTests.table)))
        #expect(e.supply.flows.map(\.user) == ["B", "C", "households"])
        for (k, flow) in e.supply.flows.enumerated() {
            #expect(abs(flow.lost - lost[k]) < 1e-12, "\(allocation) \(flow.user)")
            #expect(flow.baseline == flow.delivered + flow.lost)
        }
        #expect(abs(e.supply.lost - 20) < 1e-12)
    }
}

/// The explanation's invariants on the real tables, for any fixed point of the model: chains end at
/// a shock, the supply account balances, the decomposition adds up, relaxing never loses output.
@Suite("Explanation: invariants on the Belgian and Flemish tables")
struct RealTableExplanationTests {
    static let cases: [(String, String)] = [
        ("flanders-2015", "criticality = \"ihs\"\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = 0.5\nduration_days = 90\n"),
        ("flanders-2015", "criticality = \"ihs\"\nimport_allocation = \"critical-first\"\n[[shock]]\nproducts = [\"21\"]\norigin = \"non-EU\"\ncut = 0.4\n"),
        ("flanders-2015", "criticality = \"strict\"\nimport_allocation = \"industries-first\"\nsubstitution = 0.3\n[[shock]]\nproducts = [\"24\", \"26\"]\norigin = \"all\"\ncut = 0.3\n[[shock]]\nproducts = [\"20\"]\norigin = \"rest-of-Belgium\"\ncut = 0.25\n"),
        ("belgium-2015", "criticality = \"ihs\"\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = 0.5\n[[shock]]\nkind = \"capacity\"\nproducts = [\"35\"]\nloss = 0.1\n"),
        ("belgium-2015", "criticality = \"ihs\"\n[[shock]]\nkind = \"final-demand\"\nproducts = [\"29\"]\nchange = -0.3\n"),
    ]

    func explain(_ c: (String, String)) throws -> RunExplanation {
        let path = scenarioFile("title = \"t\"\ntable = \"TABLE\"\n[model]\n" + c.1, bundle: Fixtures.repositoryPath("matrices/" + c.0))
        return try RunExplanation(result: try run(path))
    }

    /// A result that carries its solution is explained from it; one without is solved again and
    /// must reproduce it. Both give the same relaxations bit for bit (each relaxation is the same
    /// solve, whichever of the two workers runs it), one solve apart; a result whose output no
    /// longer matches its scenario is refused.
    @Test(arguments: [0, 3])
    func theRunsOwnSolutionAndAReSolveExplainAlike(index: Int) throws {
        let c = Self.cases[index]
        let path = scenarioFile("title = \"t\"\ntable = \"TABLE\"\n[model]\n" + c.1, bundle: Fixtures.repositoryPath("matrices/" + c.0))
        let result = try run(path)
        #expect(result.solution != nil)
        let own = try RunExplanation(result: result)
        var bare = result
        bare.solution = nil
        let again = try RunExplanation(result: bare)
        #expect(again.solves == own.solves + 1 && own.solves > 0)
        #expect(own.sectors.map { $0.links.map(\.sectorGain) } == again.sectors.map { $0.links.map(\.sectorGain) })
        #expect(own.sectors.map { $0.links.map(\.totalGain) } == again.sectors.map { $0.links.map(\.totalGain) })
        #expect(own.drivers.map(\.outputGain) == again.drivers.map(\.outputGain))
        #expect(abs(own.finalDemandUnserved - again.finalDemandUnserved) <= 1e-9 * max(1, abs(own.finalDemandUnserved)))
        var tampered = bare
        tampered.output[0] *= 0.9
        #expect(throws: ModelError.self) { try RunExplanation(result: tampered) }
    }

    @Test(arguments: 0..<cases.count)
    func chainsEndAtAShockAndTheAccountsAddUp(index: Int) throws {
        let e = try explain(Self.cases[index])
        let rows = e.impacts.rows
        var below = 0
        for s in e.sectors {
            let x = e.result.output[s.index], x0 = e.result.baselineOutput[s.index]
            // Below baseline by more than the solvers' convergence (the long-run solver stops at a
            // change of 1e-13 per round, which can leave noise of that order in untouched sectors).
            guard x < x0 * (1 - 1e-9) else { if x >= x0 { #expect(s.links.isEmpty) }; continue }
            below += 1
            #expect(!s.binding.isEmpty)
            #expect(!s.looped, "\(rows[s.index].code): \(s.chain)")
            #expect(s.links.last?.link.isShock == true, "\(rows[s.index].code): \(s.chain)")
        }
        if index == 1 {
            // Critical first: the pharmaceuticals left cover every industry; final users go without.
            #expect(below == 0)
            let industries = Set(e.result.scenario.table.codes)
            #expect(e.supply.lost > 0 && e.supply.flows.filter { industries.contains($0.user) }.allSatisfy { $0.lost == 0 })
        } else {
            #expect(below > 0)
        }
        // The decomposition adds up to the total output and value-added change.
        let total = e.outputChange, va = e.valueAddedChange
        #expect(abs(e.components.reduce(0) { $0 + $1.outputChange } - total) <= 1e-9 * abs(total))
        #expect(abs(e.components.reduce(0) { $0 + $1.valueAddedChange } - va) <= 1e-9 * abs(va))
        // The supply account balances row by row and never delivers more than the baseline.
        for f in e.supply.flows {
            #expect(abs(f.baseline - f.delivered - f.lost) <= 1e-12 * max(1, abs(f.baseline)))
            if f.baseline > 0 { #expect(f.lost >= 0 && f.lost <= f.baseline * (1 + 1e-12)) }
        }
        // Relaxing a constraint never lowers output (beyond rounding).
        for d in e.drivers { #expect(d.outputGain >= -1e-9 * abs(total)) }
    }

    /// Under proportional allocation every user of a cut product loses the same share of what it
    /// bought: Σ lost = (1 − a) × imports, a = 1 − c × (non-EU share of the product's imports from abroad).
    @Test func proportionalLossIsTheCutTimesTheOriginShare() throws {
        let e = try explain(Self.cases[0])
        let table = e.result.scenario.table
        let p = table.index(of: "20")!
        let origin = table.importOrigin!
        let foreign = origin.labels.enumerated().filter { $0.element != "rest_of_country" }
        let share = origin.values[p, origin.index(of: "non_eu")!] / foreign.reduce(0.0) { $0 + origin.values[p, $1.offset] }
        let k = 90.0 / 365
        let abroad = (table.imports!.row(p).reduce(0, +) + table.importFinal!.values.row(p).reduce(0, +)) * k
        #expect(abs(e.supply.lost - 0.5 * share * abroad) <= 1e-9 * e.supply.lost)
        #expect(e.supply.flows.filter { $0.origin != "non_eu" }.allSatisfy { $0.lost == 0 })
        #expect(e.supply.flows.contains { $0.user == SupplyAccount.reExports && $0.lost > 0 })
    }
}

/// The same invariants on random productive tables (`SyntheticTable`, imports without origins):
/// import cuts of a few products and a capacity loss, strict criticality.
@Suite("Explanation: invariants on synthetic tables")
struct SyntheticTableExplanationTests {
    @Test(arguments: [UInt64(1), 7, 42])
    func chainsEndAtAShockAndTheAccountsAddUp(seed: UInt64) throws {
        let table = try SyntheticTable.make(sectors: 30, density: 0.3, seed: seed)
        let bundle = Fixtures.temporaryDirectory() + "/bundle"
        try table.write(bundle: bundle)
        let codes = table.codes
        let text = """
        title = "t"
        table = "TABLE"
        [model]
        criticality = "strict"
        [[shock]]
        products = ["\(codes[Int(seed) % 30])", "\(codes[(Int(seed) + 11) % 30])"]
        cut = 0.4
        [[shock]]
        kind = "capacity"
        products = ["\(codes[(Int(seed) + 5) % 30])"]
        loss = 0.2
        """
        let e = try RunExplanation(result: try run(scenarioFile(text, bundle: bundle)))
        var below = 0
        for s in e.sectors where e.result.output[s.index] < e.result.baselineOutput[s.index] * (1 - 1e-12) {
            below += 1
            #expect(!s.looped && s.links.last?.link.isShock == true, "seed \(seed), \(codes[s.index]): \(s.chain)")
        }
        #expect(below > 0)
        #expect(abs(e.components.reduce(0) { $0 + $1.outputChange } - e.outputChange) <= 1e-9 * abs(e.outputChange))
        #expect(!e.supply.flows.isEmpty && e.supply.flows.allSatisfy { $0.origin == "all" && abs($0.baseline - $0.delivered - $0.lost) <= 1e-12 * $0.baseline })
        // Proportional allocation: every user of a cut product loses 40 % of what it imported.
        #expect(e.supply.flows.allSatisfy { abs($0.lost - 0.4 * $0.baseline) <= 1e-12 * $0.baseline })
        for d in e.drivers { #expect(d.outputGain >= -1e-9 * abs(e.outputChange)) }
    }
}
