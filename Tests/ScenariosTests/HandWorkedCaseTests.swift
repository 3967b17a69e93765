import Foundation
import Scenarios
import Reports
import Testing

/// The three-sector case of `handTable`, solved by hand.
///
/// Cut non-EU imports of A by 50 %: B's imported A falls from 10 to 5, ρ_AB = 0.5; with strict
/// criticality B's import bound is 0.5 × 100 = 50, so x_max = (100, 50, 100).
/// Iteration 1 (f = f⁰, d = x⁰ = 100 each): r = (1, 0.5, 1). A has no inputs, s_A = 1; B's
/// only domestic input A has r = 1, s_B = 1; C's input B has r = 0.5, s_C = 0.5.
/// x = (min(100, 100), min(100, 50), min(50, 100)) = (100, 50, 50).
/// Final demand that can be served, f⁰ + (I − A)(x − x⁰): A: 80 − 0 + 0.2·50 = 90, B: 70 − 50 + 0.3·50 = 35,
/// C: 100 − 50 = 50; proportional also caps at f·x/d = (80, 35, 50). So f = (80, 35, 50).
/// The caps become what was produced: x_max = (100, 50, 50).
/// Iteration 2: d = x⁰ + L(f − f⁰): Δd_C = −50, Δd_B = −35 + 0.3(−50) = −50, Δd_A = 0.2(−50) = −10,
/// d = (90, 50, 50); r = 1 everywhere, x = d = (90, 50, 50); f unchanged, but A's cap falls to 90.
/// Iteration 3 repeats iteration 2 exactly: converged.
/// A loses 10 (its sales to B), B and C lose half: total output −110.
@Suite("Supply-constrained model: hand-worked three-sector case")
struct HandWorkedCaseTests {
    @Test func halfCutOfACriticalImport() throws {
        let result = try run(scenarioFile(importCut(["A"], cut: 0.5, rationing: "proportional")))
        let expected = [90.0, 50.0, 50.0]
        for i in 0..<3 { #expect(abs(result.output[i] - expected[i]) < 1e-9, "sector \(i): \(result.output[i])") }
        #expect(result.converged)
        #expect(result.iterations == 3)
        #expect(result.residual < 1e-12)
        #expect(result.binding == ["demand", "imported A", "input B"])
    }

    /// Firms first: B's 50 go to C first, which orders 0.3 · 100 = 30, so r_B = min(1, 50/30) = 1
    /// and C keeps producing 100; households get the remaining 20 of B (instead of 70).
    /// A sells 0.2 · 50 to B and 80 to households: 90.
    @Test func firmsFirstShieldsTheDownstreamFirm() throws {
        let result = try run(scenarioFile(importCut(["A"], cut: 0.5, rationing: "firms-first")))
        let expected = [90.0, 50.0, 100.0]
        for i in 0..<3 { #expect(abs(result.output[i] - expected[i]) < 1e-9, "sector \(i): \(result.output[i])") }
        #expect(result.converged)
        #expect(result.residual < 1e-12)
    }

    /// A 100 % cut stops B (its critical import is gone) and C (which needs B), but not A,
    /// which only loses its sales to B: x = (80, 0, 0).
    @Test func fullCutStopsOnlyTheDependentSectors() throws {
        let result = try run(scenarioFile(importCut(["A"], cut: 1)))
        #expect(abs(result.output[0] - 80) < 1e-9)
        #expect(result.output[1] == 0)
        #expect(result.output[2] == 0)
    }

    /// With linear criticality no input binds (missing imports are assumed replaced): an import
    /// cut alone changes nothing.
    @Test func linearCriticalityIgnoresImportCuts() throws {
        let result = try run(scenarioFile(importCut(["A"], cut: 0.5, criticality: "linear")))
        #expect(result.output == [100, 100, 100])
    }

    @Test func impactsFollowFromOutputChanges() throws {
        let result = try run(scenarioFile(importCut(["A"], cut: 0.5)))
        let impacts = Impacts(result: result)
        // value added change = (v_j / x_j) Δx_j: A 100/100·(−10), B 70/100·(−50), C 70/100·(−50).
        let va = impacts.rows.map(\.valueAddedChange)
        #expect(abs(va[0] + 10) < 1e-9 && abs(va[1] + 35) < 1e-9 && abs(va[2] + 35) < 1e-9)
        // persons: 10·(−0.1), 20·(−0.5), 30·(−0.5)
        #expect(impacts.rows.map { $0.employmentChange[1] }.enumerated().allSatisfy { abs($0.element - [-1.0, -10, -15][$0.offset]) < 1e-9 })
        #expect(impacts.rows.map(\.rank) == [3, 1, 2])
        let total = try #require(impacts.totals.first { $0.quantity == "output" })
        #expect(abs(total.change + 110) < 1e-9)
        #expect(abs(total.changePercent + 110.0 / 3) < 1e-9)
        let sections = impacts.bySection()
        #expect(sections.map(\.section) == ["C", "G"])
        #expect(abs(sections[0].outputChange + 60) < 1e-9)
    }

    @Test func durationScalesFlowsButNotHeadCounts() throws {
        let text = importCut(["A"], cut: 0.5) + "\nduration_days = 73\n"
        let impacts = Impacts(result: try run(scenarioFile(text)))
        #expect(abs(impacts.periodFactor - 0.2) < 1e-15)
        #expect(abs(impacts.rows[1].outputChange + 10) < 1e-9)   // −50 × 73/365
        #expect(abs(impacts.rows[1].employmentChange[0] + 0.2) < 1e-9)   // hours −1 × 0.2
        #expect(abs(impacts.rows[1].employmentChange[1] + 10) < 1e-9)    // persons not scaled
    }

    @Test func runDirectoryHasEveryFile() throws {
        let result = try run(scenarioFile(importCut(["A"], cut: 0.5)))
        let dir = NSTemporaryDirectory() + "run-\(UUID().uuidString)"
        try ImpactReport(result: result).write(to: dir)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(files == ["impacts.csv", "impacts_by_section.csv", "totals.csv", "impacts.xlsx", "impacts.json", "run.json"])
        let header = try String(contentsOfFile: dir + "/impacts.csv", encoding: .utf8).split(separator: "\n")[0]
        #expect(header == "code,name,baseline_output,output,output_change,output_change_pct,value_added_change,hours_change,persons_change,rank,binding,chain")
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/run.json"))) as! [String: Any]
        let inputs = (run["provenance"] as! [String: Any])["inputs"] as! [[String: Any]]
        #expect(inputs.count == 2 && inputs.allSatisfy { ($0["sha256"] as! String).count == 64 })
        #expect((run["diagnostics"] as! [String: Any])["iterations"] as? Int == 3)
    }
}

@Suite("Supply-constrained model: substitution")
struct SubstitutionTests {
    /// Substitution from other origins σ shrinks the effective cut to (1 − σ) c:
    /// σ = 0.5 on a 50 % cut leaves ρ_AB = 0.75, so B and C produce 75.
    @Test func otherOriginsReplaceAShare() throws {
        let text = importCut(["A"], cut: 0.5).replacingOccurrences(of: "[model]\n", with: "[model]\nsubstitution = 0.5\n")
        let result = try run(scenarioFile(text))
        #expect(abs(result.output[1] - 75) < 1e-9)
        #expect(abs(result.output[2] - 75) < 1e-9)
    }

    /// Domestic substitution: B misses 5 of imported A; with δ = 1 and 10 % spare capacity A can
    /// supply all 5 (spare 10), so B's availability is restored and A produces 5 more for B on
    /// top of the baseline: x = (105, 100, 100).
    @Test func domesticProducersFillTheGapWithinSpareCapacity() throws {
        let text = importCut(["A"], cut: 0.5).replacingOccurrences(of: "[model]\n", with: "[model]\ndomestic_substitution = 1\nspare_capacity = 0.1\n")
        let result = try run(scenarioFile(text))
        #expect(abs(result.output[0] - 105) < 1e-9)
        #expect(abs(result.output[1] - 100) < 1e-9)
        #expect(abs(result.output[2] - 100) < 1e-9)
    }

    /// With only 2 % spare capacity A can replace 2 of the missing 5: ρ_AB = 0.5 + 0.5 · 2/5 = 0.7.
    @Test func spareCapacityLimitsDomesticSubstitution() throws {
        let text = importCut(["A"], cut: 0.5).replacingOccurrences(of: "[model]\n", with: "[model]\ndomestic_substitution = 1\nspare_capacity = 0.02\n")
        let result = try run(scenarioFile(text))
        #expect(abs(result.output[1] - 70) < 1e-9)
        #expect(abs(result.output[2] - 70) < 1e-9)
    }
}

@Suite("Supply-constrained model: critical-first import allocation")
struct CriticalFirstTests {
    /// The hand table with imports of A going to B (10, critical for B), to C (10, not needed by C)
    /// and to households (20); all non-EU. A 50 % cut leaves 20 of the 40.
    static let table: [String: String] = {
        var t = handTable
        t["imports.csv"] = "code,A,B,C\nA,0,10,10\nB,0,0,0\nC,0,0,0\n"
        t["import_final.csv"] = "code,households\nA,20\nB,0\nC,0\n"
        t["import_origin.csv"] = "code,euro_area,rest_of_eu,non_eu\nA,0,0,40\nB,0,0,0\nC,0,0,0\n"
        t["value_added.csv"] = "component,A,B,C\ngross_value_added,100,70,60\n"
        t["criticality.csv"] = "code,A,B,C\nA,0,1,0\nB,0,0,1\nC,0,0,0\n"
        return t
    }()

    func scenario(_ allocation: String) -> String {
        importCut(["A"], cut: 0.5, criticality: "ihs").replacingOccurrences(of: "[model]\n", with: "[model]\nimport_allocation = \"\(allocation)\"\n")
    }

    /// Critical first: B's 10 first (full), then C's 10 (full, 0 left), households get nothing:
    /// no producer is constrained.
    @Test func triageProtectsTheSectorsThatNeedTheInput() throws {
        let result = try run(scenarioFile(scenario("critical-first"), table: Self.table))
        #expect(result.output == result.baselineOutput)
    }

    /// Proportional: every user keeps half; B is bound at 50, C (needs B) at 50, A sells 10 less to B.
    @Test func proportionalSharesTheCutAmongAllUsers() throws {
        let result = try run(scenarioFile(scenario("proportional"), table: Self.table))
        let expected = [90.0, 50.0, 50.0]
        for i in 0..<3 { #expect(abs(result.output[i] - expected[i]) < 1e-9) }
    }

    /// Industries first: B and C get 10 each before households: nothing binds either.
    @Test func industriesFirstAlsoServesBothFirms() throws {
        let result = try run(scenarioFile(scenario("industries-first"), table: Self.table))
        #expect(result.output == result.baselineOutput)
    }

    /// A 90 % cut leaves 4: critical-first gives all of it to B (ρ_AB = 0.4), C and households get none.
    @Test func deepCutServesCriticalUsersAsFarAsItGoes() throws {
        let text = scenario("critical-first").replacingOccurrences(of: "cut = 0.5", with: "cut = 0.9")
        let result = try run(scenarioFile(text, table: Self.table))
        #expect(abs(result.output[1] - 40) < 1e-9)
    }
}
