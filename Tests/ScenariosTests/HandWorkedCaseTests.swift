import Foundation
import Scenarios
import Reports
import Testing

/// The three-sector case of `handTable`, solved by hand, under both static rules.
///
/// **Default rule, the long run of the dynamic model** (docs/models.md, "Supply-constrained
/// model"; τ = 10, one-day stocks n = 1, strict criticality, proportional rationing). Cut non-EU
/// imports of A by 50 %: the outside supplier of A sells only to B (no final imports), a = 0.5.
/// In ratios to the baseline (sales shares z/x⁰: A→B 0.2, B→C 0.3; final shares 0.8, 0.7, 1):
/// - The outside supplier delivers ρ o_M = a and, with B's stock positive, deliveries equal
///   use (P6): y_B = 0.5. (B's orders o_M = y_B/ρ = 1.0645 stay below the ceiling δ_B + 1/τ.)
/// - A has no inputs and is not short (r_A = 1): B orders o_AB = y_B = 0.5, so
///   δ_A = 1 + 0.2 (0.5 − 1) = 0.9 and y_A = 0.9 (demand).
/// - C is bound by B (critical): y_C = (n + τ δ_C)/(1 + τ/u) = 11 u/(u + 10) with δ_C = 1 and
///   u = r_B; its orders o_BC = y_C/u = 11/(u + 10), so δ_B = 0.7 + 0.3 o_BC = 0.7 + 3.3/(u + 10),
///   and u = y_B/δ_B: u (0.7 + 3.3/(u + 10)) = 0.5 ⇔ 0.7 u² + 9.8 u − 5 = 0 ⇔
///   u = −7 + √(393/7) = 0.4928537…, y_C = 11u/(u + 10) = 0.5166746107… (C's stock of B,
///   1 + τ(1 − o_BC) = y_C > 0: consistent).
/// So x = (90, 50, 51.667…): C keeps more than half, because B's other customers (households)
/// are rationed by the same share while C orders its use plus its stock gap.
///
/// **`static_rule = "pichler-farmer"`** (the τ-free fixed point, no ratchet). B's import bound is
/// 0.5 × 100 = 50, so x_max = (100, 50, 100).
/// Iteration 1 (f = f⁰, d = x⁰ = 100 each): r = (1, 0.5, 1). A has no inputs, s_A = 1; B's
/// only domestic input A has r = 1, s_B = 1; C's input B has r = 0.5, s_C = 0.5.
/// x = (min(100, 100), min(100, 50), min(50, 100)) = (100, 50, 50).
/// Final demand that can be served, f⁰ + (I − A)(x − x⁰): A: 80 − 0 + 0.2·50 = 90, B: 70 − 50 + 0.3·50 = 35,
/// C: 100 − 50 = 50; proportional also caps at f·x/d = (80, 35, 50). So f = (80, 35, 50).
/// Iteration 2: d = x⁰ + L(f − f⁰): Δd_C = −50, Δd_B = −35 + 0.3(−50) = −50, Δd_A = 0.2(−50) = −10,
/// d = (90, 50, 50); r = (1, 1, 1) against x_max = (100, 50, 100), x = d = (90, 50, 50); f unchanged:
/// converged after 2 iterations.
/// A loses 10 (its sales to B), B and C lose half: total output −110.
@Suite("Supply-constrained model: hand-worked three-sector case")
struct HandWorkedCaseTests {
    @Test func halfCutOfACriticalImport() throws {
        let result = try run(scenarioFile(importCut(["A"], cut: 0.5, rationing: "proportional")))
        let u = -7 + (393.0 / 7).squareRoot()
        let expected = [90.0, 50.0, 100 * 11 * u / (u + 10)]
        for i in 0..<3 { #expect(abs(result.output[i] - expected[i]) < 1e-9, "sector \(i): \(result.output[i])") }
        #expect(abs(expected[2] - 51.66746107) < 1e-7)
        #expect(result.converged)
        #expect(result.residual < 1e-12)
        #expect(result.binding == ["demand", "imported A", "input B"])
    }

    @Test func halfCutOfACriticalImportPichlerFarmer() throws {
        let result = try run(scenarioFile(pichlerFarmer(importCut(["A"], cut: 0.5, rationing: "proportional"))))
        let expected = [90.0, 50.0, 50.0]
        for i in 0..<3 { #expect(abs(result.output[i] - expected[i]) < 1e-9, "sector \(i): \(result.output[i])") }
        #expect(result.converged)
        #expect(result.iterations == 2)
        #expect(result.residual < 1e-12)
        #expect(result.binding == ["demand", "imported A", "input B"])
    }

    /// Firms first: B's 50 go to C first, which orders 0.3 · 100 = 30, so r_B = min(1, 50/30) = 1
    /// and C keeps producing 100; households get the remaining 20 of B (instead of 70).
    /// A sells 0.2 · 50 to B and 80 to households: 90. The same under both rules (long run: B's
    /// import supplier has no final users, so it delivers 0.5 to B, y_B = 0.5; C is never short).
    @Test(arguments: ["long-run", "pichler-farmer"])
    func firmsFirstShieldsTheDownstreamFirm(rule: String) throws {
        let result = try run(scenarioFile(withRule(rule, importCut(["A"], cut: 0.5, rationing: "firms-first"))))
        let expected = [90.0, 50.0, 100.0]
        for i in 0..<3 { #expect(abs(result.output[i] - expected[i]) < 1e-9, "sector \(i): \(result.output[i])") }
        #expect(result.converged)
        #expect(result.residual < 1e-12)
    }

    /// A 100 % cut stops B (its critical import is gone) and C (which needs B), but not A,
    /// which only loses its sales to B: x = (80, 0, 0). Both rules (long run: ρ = 0 gives y*_B = 0,
    /// r_B = 0 gives y*_C = 0, and B orders nothing of A).
    @Test(arguments: ["long-run", "pichler-farmer"])
    func fullCutStopsOnlyTheDependentSectors(rule: String) throws {
        let result = try run(scenarioFile(withRule(rule, importCut(["A"], cut: 1))))
        #expect(abs(result.output[0] - 80) < 1e-9)
        #expect(result.output[1] == 0)
        #expect(result.output[2] == 0)
    }

    /// With linear criticality no input binds (missing imports are assumed replaced): an import
    /// cut alone changes nothing.
    @Test(arguments: ["long-run", "pichler-farmer"])
    func linearCriticalityIgnoresImportCuts(rule: String) throws {
        let result = try run(scenarioFile(withRule(rule, importCut(["A"], cut: 0.5, criticality: "linear"))))
        #expect(result.output == [100, 100, 100])
    }

    /// Impacts arithmetic on the Pichler–Farmer solution (90, 50, 50) derived above.
    @Test func impactsFollowFromOutputChanges() throws {
        let result = try run(scenarioFile(pichlerFarmer(importCut(["A"], cut: 0.5))))
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
        let text = pichlerFarmer(importCut(["A"], cut: 0.5)) + "\nduration_days = 73\n"
        let impacts = Impacts(result: try run(scenarioFile(text)))
        #expect(abs(impacts.periodFactor - 0.2) < 1e-15)
        #expect(abs(impacts.rows[1].outputChange + 10) < 1e-9)   // −50 × 73/365
        #expect(abs(impacts.rows[1].employmentChange[0] + 0.2) < 1e-9)   // hours −1 × 0.2
        #expect(abs(impacts.rows[1].employmentChange[1] + 10) < 1e-9)    // persons not scaled
    }

    @Test func runDirectoryHasEveryFile() throws {
        let result = try run(scenarioFile(pichlerFarmer(importCut(["A"], cut: 0.5))))
        let dir = NSTemporaryDirectory() + "run-\(UUID().uuidString)"
        try ImpactReport(result: result).write(to: dir)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(files == ["impacts.csv", "impacts_by_section.csv", "totals.csv", "impacts.xlsx", "impacts.json", "run.json"])
        let header = try String(contentsOfFile: dir + "/impacts.csv", encoding: .utf8).split(separator: "\n")[0]
        #expect(header == "code,name,baseline_output,output,output_change,output_change_pct,value_added_change,hours_change,persons_change,rank,binding,chain")
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/run.json"))) as! [String: Any]
        let inputs = (run["provenance"] as! [String: Any])["inputs"] as! [[String: Any]]
        #expect(inputs.count == 2 && inputs.allSatisfy { ($0["sha256"] as! String).count == 64 })
        #expect((run["diagnostics"] as! [String: Any])["iterations"] as? Int == 2)
    }
}

@Suite("Supply-constrained model: substitution")
struct SubstitutionTests {
    /// Substitution from other origins σ shrinks the effective cut to (1 − σ) c: σ = 0.5 on a
    /// 50 % cut leaves a = 0.75 of A's outside supply. Pichler–Farmer: ρ_AB = 0.75, B and C
    /// produce 75. Long run (as for a = 0.5 in `HandWorkedCaseTests`): y_B = a = 0.75, and
    /// u = r_B solves u (0.7 + 3.3/(u + 10)) = 0.75 ⇔ 0.7 u² + 9.55 u − 7.5 = 0, u = 0.7446915…,
    /// y_C = 11u/(u + 10) = 0.7623864….
    @Test func otherOriginsReplaceAShare() throws {
        let text = importCut(["A"], cut: 0.5).replacingOccurrences(of: "[model]\n", with: "[model]\nsubstitution = 0.5\n")
        let farmer = try run(scenarioFile(pichlerFarmer(text)))
        #expect(abs(farmer.output[1] - 75) < 1e-9)
        #expect(abs(farmer.output[2] - 75) < 1e-9)
        let result = try run(scenarioFile(text))
        let u = (-9.55 + (9.55 * 9.55 + 4 * 0.7 * 7.5).squareRoot()) / 1.4
        #expect(abs(result.output[1] - 75) < 1e-9)
        #expect(abs(result.output[2] - 100 * 11 * u / (u + 10)) < 1e-9)
        #expect(abs(result.output[2] - 76.2386418) < 1e-6)
    }

    /// Domestic substitution: B misses 5 of imported A; with δ = 1 and 10 % spare capacity A can
    /// supply all 5 (spare 10), so B's availability is restored and A produces 5 more for B on
    /// top of the baseline: x = (105, 100, 100).
    @Test func domesticProducersFillTheGapWithinSpareCapacity() throws {
        let text = pichlerFarmer(importCut(["A"], cut: 0.5)).replacingOccurrences(of: "[model]\n", with: "[model]\ndomestic_substitution = 1\nspare_capacity = 0.1\n")
        let result = try run(scenarioFile(text))
        #expect(abs(result.output[0] - 105) < 1e-9)
        #expect(abs(result.output[1] - 100) < 1e-9)
        #expect(abs(result.output[2] - 100) < 1e-9)
    }

    /// With only 2 % spare capacity A can replace 2 of the missing 5: ρ_AB = 0.5 + 0.5 · 2/5 = 0.7.
    /// (Domestic substitution is a Pichler–Farmer option; the long-run rule refuses it.)
    @Test func spareCapacityLimitsDomesticSubstitution() throws {
        let text = pichlerFarmer(importCut(["A"], cut: 0.5)).replacingOccurrences(of: "[model]\n", with: "[model]\ndomestic_substitution = 1\nspare_capacity = 0.02\n")
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
    /// no producer is constrained. Both rules (long run: at the baseline orders the tiers serve
    /// B and C in full).
    @Test(arguments: ["long-run", "pichler-farmer"])
    func triageProtectsTheSectorsThatNeedTheInput(rule: String) throws {
        let result = try run(scenarioFile(withRule(rule, scenario("critical-first")), table: Self.table))
        #expect(result.output == result.baselineOutput)
    }

    /// Proportional, Pichler–Farmer: every user keeps half; B is bound at 50, C (needs B) at 50,
    /// A sells 10 less to B.
    @Test func proportionalSharesTheCutAmongAllUsersPichlerFarmer() throws {
        let result = try run(scenarioFile(pichlerFarmer(scenario("proportional")), table: Self.table))
        let expected = [90.0, 50.0, 50.0]
        for i in 0..<3 { #expect(abs(result.output[i] - expected[i]) < 1e-9) }
    }

    /// Proportional, long run (τ = 10, n = 1): A's outside supplier sells 0.25 of its baseline to
    /// B, 0.25 to C and 0.5 to households and can deliver a = 0.5. With every stock positive,
    /// deliveries equal use (P6), so ρ × demand = ½ρ + ¼(y_B + y_C) = 0.5: ρ = 1 − ½(y_B + y_C)
    /// (C orders imported A though it does not bind it: o_C = y_C/ρ = 1.098 < δ_C + 1/τ = 1.1).
    /// B is bound by it: y_B = (1 + 10 δ_B)/(1 + 10/ρ); C by B: y_C = 11u/(u + 10) with
    /// δ_B = 0.7 + 3.3/(u + 10), u = r_B = y_B/δ_B; A: δ_A = 0.8 + 0.2 y_B. Solved:
    /// ρ = 0.480677, u = 0.503854, y = (0.902199, 0.510994, 0.527653).
    @Test func proportionalSharesTheCutAmongAllUsers() throws {
        let result = try run(scenarioFile(scenario("proportional"), table: Self.table))
        let y = result.output.map { $0 / 100 }
        // The hand-derived equations hold at the solution, and its digits are those solved above.
        let rho = 1 - 0.5 * (y[1] + y[2])
        #expect(abs(y[0] - (0.8 + 0.2 * y[1])) < 1e-9)
        // u from y_C = 11u/(u + 10): u = 10 y_C / (11 − y_C); δ_B = 0.7 + 3.3/(u + 10); y_B = u δ_B.
        let r = 10 * y[2] / (11 - y[2])
        let deltaB = 0.7 + 3.3 / (r + 10)
        #expect(abs(y[1] - r * deltaB) < 1e-9)
        #expect(abs(y[1] - (1 + 10 * deltaB) / (1 + 10 / rho)) < 1e-9)
        let expected = [0.9021987, 0.5109935, 0.5276531]
        for i in 0..<3 { #expect(abs(y[i] - expected[i]) < 1e-6, "sector \(i): \(y[i])") }
    }

    /// Industries first: B and C get 10 each before households: nothing binds either (both rules).
    @Test(arguments: ["long-run", "pichler-farmer"])
    func industriesFirstAlsoServesBothFirms(rule: String) throws {
        let result = try run(scenarioFile(withRule(rule, scenario("industries-first")), table: Self.table))
        #expect(result.output == result.baselineOutput)
    }

    /// A 90 % cut leaves 4 of 40: critical-first gives all of it to B. Pichler–Farmer: ρ_AB = 0.4,
    /// B produces 40. Long run: the top tier is B alone, served 0.1 (of baseline sales) against
    /// its order 0.25 o_B; deliveries equal use: 0.25 y_B = 0.1, y_B = 0.4 as well.
    @Test(arguments: ["long-run", "pichler-farmer"])
    func deepCutServesCriticalUsersAsFarAsItGoes(rule: String) throws {
        let text = scenario("critical-first").replacingOccurrences(of: "cut = 0.5", with: "cut = 0.9")
        let result = try run(scenarioFile(withRule(rule, text), table: Self.table))
        #expect(abs(result.output[1] - 40) < 1e-9)
    }
}

/// A scenario text with `static_rule = "pichler-farmer"`.
func pichlerFarmer(_ text: String) -> String { withRule("pichler-farmer", text) }

/// A scenario text with the given static rule.
func withRule(_ rule: String, _ text: String) -> String {
    text.replacingOccurrences(of: "[model]\n", with: "[model]\nstatic_rule = \"\(rule)\"\n")
}
