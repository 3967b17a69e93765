import Foundation
import IOTables
import Reports
@testable import Scenarios
import TestSupport
import Testing

/// Distributions, sweeps and Monte Carlo runs of scenarios (docs/scenarios.md, "Uncertainty and sweeps").
@Suite("Uncertainty")
struct UncertaintyTests {
    // MARK: Distributions

    /// Sample mean and variance of n seeded draws.
    func moments(_ d: Distribution, n: Int = 200_000, seed: UInt64 = 7) -> (mean: Double, variance: Double, min: Double, max: Double) {
        var rng = SplitMix64(seed: seed)
        var sum = 0.0, sum2 = 0.0, lo = Double.infinity, hi = -Double.infinity
        for _ in 0..<n {
            let v = d.sample(using: &rng)
            sum += v; sum2 += v * v
            lo = min(lo, v); hi = max(hi, v)
        }
        let mean = sum / Double(n)
        return (mean, sum2 / Double(n) - mean * mean, lo, hi)
    }

    /// Expected moments from the textbook formulas, written out here (not taken from the code under test):
    /// uniform (a+b)/2, (b−a)²/12; triangular (a+b+c)/3, (a²+b²+c²−ab−ac−bc)/18; Beta(α, β) on [0, 1]
    /// α/(α+β), αβ/((α+β)²(α+β+1)); N(0.5, 0.05²) on [0, 1] is 10 sd from either bound, so untruncated;
    /// the standard normal truncated to [0, ∞) is the half-normal, mean √(2/π), variance 1 − 2/π.
    static let cases: [(String, Distribution, Double, Double)] = [
        ("uniform", .uniform(min: 0.2, max: 0.8), 0.5, 0.36 / 12),
        ("triangular", .triangular(min: 0.3, mode: 0.5, max: 0.8), 1.6 / 3, (0.09 + 0.64 + 0.25 - 0.24 - 0.15 - 0.40) / 18),
        ("beta", .beta(a: 2, b: 5, min: 0, max: 1), 2.0 / 7, 10.0 / (49 * 8)),
        ("normal", .normal(mean: 0.5, sd: 0.05, lower: 0, upper: 1), 0.5, 0.0025),
        ("half-normal", .normal(mean: 0, sd: 1, lower: 0, upper: .infinity), (2 / Double.pi).squareRoot(), 1 - 2 / Double.pi),
        ("beta-small-shape", .beta(a: 0.5, b: 0.5, min: 0, max: 1), 0.5, 0.25 / 2),
        // Shapes so small that both gamma variates underflow (the draws are then nearly all 0 or 1,
        // 1 with probability α/(α+β)): before the logarithms, every draw of the first was 1.
        ("beta-tiny-shapes", .beta(a: 1e-10, b: 1e-10, min: 0, max: 1), 0.5, 1e-20 / (4e-20 * (1 + 2e-10))),
        ("beta-0.001", .beta(a: 0.001, b: 0.001, min: 0, max: 1), 0.5, 1e-6 / (4e-6 * 1.002)),
        ("beta-0.001-0.003", .beta(a: 0.001, b: 0.003, min: 0, max: 1), 0.25, 3e-6 / (16e-6 * 1.004)),
    ]

    @Test(arguments: 0..<9)
    func sampleMomentsMatchTheDistribution(k: Int) {
        let (name, d, mean, variance) = Self.cases[k]
        let m = moments(d)
        // Standard error of the mean with 200,000 draws is sd/447; allow 5 standard errors.
        let se = variance.squareRoot() / Double(200_000).squareRoot()
        #expect(abs(m.mean - mean) < 5 * se, "\(name): mean \(m.mean) vs \(mean)")
        #expect(abs(m.variance - variance) / variance < 0.02, "\(name): variance \(m.variance) vs \(variance)")
        #expect(d.support.contains(m.min) && d.support.contains(m.max), "\(name): draws outside the support")
    }

    @Test func truncatedNormalStaysInTheCutsRange() throws {
        // Mean near the top of [0, 1] with a wide sd: a third of an untruncated normal would exceed 1.
        let plan = try #require(try plan("""
            table = "table"
            [[shock]]
            products = ["A"]
            origin = "non-EU"
            cut = { distribution = "normal", mean = 0.9, sd = 0.5 }
            [uncertainty]
            draws = 5000
            seed = 3
            """))
        let values = plan.allValues().map { $0[0] }
        #expect(values.allSatisfy { (0...1).contains($0) })
        #expect(values.contains { $0 > 0.99 } && values.contains { $0 < 0.1 })
    }

    @Test func percentilesAndRankCorrelationByHand() {
        // Type 7: h = (5 − 1)·0.25 = 1 → x₍₁₎ = 2; p50 → 3; p90: h = 3.6 → 4 + 0.6·(10 − 4) = 7.6.
        let x = [10.0, 2, 3, 1, 4]
        #expect(Statistics.percentile(x, 25) == 2)
        #expect(Statistics.percentile(x, 50) == 3)
        #expect(abs(Statistics.percentile(x, 90) - 7.6) < 1e-12)
        #expect(Statistics.percentiles(x, [25, 50, 90]).enumerated().allSatisfy { abs($0.element - [2, 3, 7.6][$0.offset]) < 1e-12 })
        #expect(Statistics.spearman([1, 2, 3, 4], [10, 20, 35, 100]) == 1)
        #expect(Statistics.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
        #expect(Statistics.spearman([1, 1, 1], [1, 2, 3]) == nil)
        #expect(Statistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) == (32.0 / 7).squareRoot())
    }

    /// Selection gives the sorted order statistics exactly: random series with many ties and
    /// without, of every length from 1 to 60 and of 10,001, several percentiles at once.
    @Test func percentilesBySelectionEqualSorting() {
        var generator = SplitMix64(seed: 9)
        let ps: [Double] = [0, 5, 25, 50, 73.5, 95, 100]
        for count in Array(1...60) + [10_001] {
            for ties in [false, true] {
                let x = (0..<count).map { _ in ties ? Double(Int.random(in: 0..<4, using: &generator)) : Double.random(in: -1..<1, using: &generator) }
                let sorted = x.sorted()
                #expect(Statistics.percentiles(x, ps) == ps.map { Statistics.percentile(sorted: sorted, $0) }, "\(count) values, ties \(ties)")
            }
        }
        #expect(Statistics.medianOfThree(1, 2, 3) == 2 && Statistics.medianOfThree(3, 1, 2) == 2 && Statistics.medianOfThree(2, 3, 1) == 2)
        #expect(Statistics.medianOfThree(2, 2, 1) == 2 && Statistics.medianOfThree(1, 3, 3) == 3 && Statistics.medianOfThree(3, 2, 3) == 3)
    }

    // MARK: Plans

    func plan(_ text: String) throws -> UncertaintyPlan? {
        let path = scenarioFile(text)
        return try UncertaintyPlan.detect(try TOMLDocument(path: path))
    }

    @Test func aPlainScenarioHasNoPlan() throws {
        #expect(try plan(importCut(["A"], cut: 0.5)) == nil)
    }

    @Test func rangesAndListsSweepEveryCombination() throws {
        let p = try #require(try plan("""
            table = "table"
            [model]
            substitution = [0, 0.5]
            [[shock]]
            products = ["A"]
            origin = "non-EU"
            cut = { from = 0.2, to = 0.6, steps = 3 }
            """))
        #expect(p.mode == .sweep)
        #expect(p.draws == 6)
        #expect(p.parameters.map(\.name) == ["model.substitution", "shock[1].cut"])
        let values = p.allValues()
        #expect(values.map { $0[0] } == [0, 0, 0, 0.5, 0.5, 0.5])
        #expect(values.map { $0[1] }.enumerated().allSatisfy { abs($0.element - [0.2, 0.4, 0.6][$0.offset % 3]) < 1e-15 })
        #expect(p.parameters[1].position == SourcePosition(line: 7, column: 7))
    }

    // MARK: Bad input

    func expectError(_ text: String, line: Int?, column: Int? = nil, _ fragments: String...) {
        let path = scenarioFile(text)
        #expect {
            let document = try TOMLDocument(path: path)
            guard let p = try UncertaintyPlan.detect(document) else { return }
            _ = try UncertaintyRun(plan: p, threads: 1)
        } throws: { error in
            guard let e = error as? InputError else { Issue.record("not an InputError: \(error)"); return false }
            let ok = e.file.hasSuffix("scenario.toml") && (line == nil || e.line == line) && (column == nil || e.column == column)
                && fragments.allSatisfy { e.description.contains($0) }
            if !ok { Issue.record("got: \(e)") }
            return ok
        }
    }

    func cutScenario(_ cut: String, uncertainty: String = "[uncertainty]\ndraws = 10\nseed = 1\n") -> String {
        "table = \"table\"\n[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\ncut = \(cut)\n" + uncertainty
    }

    @Test func uniformWithMinAboveMax() {
        expectError(cutScenario("{ distribution = \"uniform\", min = 0.8, max = 0.3 }"), line: 5, column: 41, "min (0.8) is above max (0.3)")
    }

    @Test func normalWithNonPositiveSD() {
        expectError(cutScenario("{ distribution = \"normal\", mean = 0.5, sd = 0 }"), line: 5, "sd must be greater than 0")
        expectError(cutScenario("{ distribution = \"normal\", mean = 0.5, sd = -0.1 }"), line: 5, "sd must be greater than 0")
    }

    @Test func betaWithNonPositiveShape() {
        expectError(cutScenario("{ distribution = \"beta\", a = 0, b = 2 }"), line: 5, "a must be greater than 0")
        expectError(cutScenario("{ distribution = \"beta\", a = 2, b = -1 }"), line: 5, "b must be greater than 0")
    }

    @Test func triangularModeOutside() {
        expectError(cutScenario("{ distribution = \"triangular\", min = 0.3, mode = 0.9, max = 0.8 }"), line: 5, "mode (0.9) must lie between")
    }

    @Test func distributionOutsideTheValidRange() {
        expectError(cutScenario("{ distribution = \"uniform\", min = 0.5, max = 1.5 }"), line: 5, "max = 1.5 is outside the valid range of cut")
        expectError(cutScenario("[0.2, 1.4]"), line: 5, column: 13, "the value 1.4 of shock[1].cut is outside its valid range")
    }

    @Test func normalWithNoMassInRange() {
        expectError(cutScenario("{ distribution = \"normal\", mean = 40, sd = 0.1 }"), line: 5, "almost no probability")
    }

    @Test func unknownDistribution() {
        expectError(cutScenario("{ distribution = \"unifrom\", min = 0.3, max = 0.5 }"), line: 5, "unknown distribution \"unifrom\"", "did you mean \"uniform\"")
    }

    @Test func unknownKeyInADistribution() {
        // A misspelt required key is named as the unknown key it is, with "did you mean".
        expectError(cutScenario("{ distribution = \"uniform\", mni = 0.3, max = 0.5 }"), line: 5, "unknown key \"mni\" in [shock[1].cut]", "did you mean \"min\"?")
        // A lookalike of a valid key is not taken for a misspelling (before: "\"min\" looks like \"max\"").
        expectError(cutScenario("{ distribution = \"uniform\", min = 0.3 }"), line: 5, "needs \"max\"")
        expectError(cutScenario("{ distribution = \"uniform\", min = 0.3, max = 0.5, sd = 1 }"), line: 5, "unknown key \"sd\" in [shock[1].cut]")
    }

    /// Two uncertain values with one label would give draws.csv two columns and sensitivity.csv
    /// two rows of that name (accepted before 2026-12-04).
    @Test func twoUncertainValuesWithOneLabel() {
        let text = "table = \"table\"\n[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\ncut = { distribution = \"uniform\", min = 0.3, max = 0.5, label = \"x\" }\n"
            + "[[shock]]\nproducts = [\"B\"]\norigin = \"non-EU\"\ncut = { distribution = \"uniform\", min = 0.1, max = 0.2, label = \"x\" }\n[uncertainty]\ndraws = 10\n"
        expectError(text, line: 9, "two uncertain values are named \"x\" (the first on line 5)")
    }

    @Test func missingRangeSteps() {
        expectError(cutScenario("{ from = 0.3, to = 0.5 }", uncertainty: ""), line: 5, "needs \"steps\"")
        expectError(cutScenario("{ from = 0.3, to = 0.5, steps = 0 }", uncertainty: ""), line: 5, "steps must be at least 1")
    }

    @Test(arguments: [0, -5])
    func drawsNotPositive(draws: Int) {
        expectError(cutScenario("{ distribution = \"uniform\", min = 0.3, max = 0.5 }", uncertainty: "[uncertainty]\ndraws = \(draws)\n"),
                    line: 7, column: 9, "draws must be an integer between 1 and 200000")
    }

    @Test func distributionWithoutDraws() {
        expectError(cutScenario("{ distribution = \"uniform\", min = 0.3, max = 0.5 }", uncertainty: ""), line: 5, "needs a number of draws", "draws = 1000")
    }

    @Test func uncertaintyTableWithNothingUncertain() {
        expectError(cutScenario("0.5"), line: 6, "no value of the scenario is uncertain")
    }

    @Test func unknownUncertaintyKey() {
        expectError(cutScenario("[0.3, 0.5]", uncertainty: "[uncertainty]\nsed = 4\n"), line: 7, "unknown key \"sed\"", "did you mean \"seed\"")
    }

    @Test func aParameterThatDoesNotExist() {
        // A distribution on a misspelt model key: the scenario parser names it, with its line and a suggestion.
        expectError("table = \"table\"\n[model]\nsubstitutoin = { distribution = \"uniform\", min = 0, max = 0.3 }\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n[uncertainty]\ndraws = 5\n",
                    line: 3, column: 1, "unknown key \"substitutoin\"", "did you mean \"substitution\"")
    }

    @Test func aDistributionOnANonNumericKey() {
        expectError("table = \"table\"\n[model]\ncriticality = [1, 2]\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n", line: 3, "must be a string")
    }

    // MARK: Runs

    func uncertainRun(_ text: String, threads: Int) throws -> UncertaintyRun {
        let p = try #require(try plan(text))
        return try UncertaintyRun(plan: p, threads: threads)
    }

    static let monteCarlo = """
        table = "table"
        [model]
        substitution = { distribution = "beta", a = 2, b = 5, min = 0, max = 0.5 }
        [[shock]]
        products = ["A"]
        origin = "non-EU"
        cut = { distribution = "triangular", min = 0.2, mode = 0.5, max = 0.9 }
        [uncertainty]
        draws = 500
        seed = 11
        """

    @Test func sameSeedSameDrawsOnAnyNumberOfThreads() throws {
        let path = scenarioFile(Self.monteCarlo)
        let p = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: path)))
        let one = UncertaintyReport(run: try UncertaintyRun(plan: p, threads: 1))
        let two = UncertaintyReport(run: try UncertaintyRun(plan: p, threads: 2))
        let again = UncertaintyReport(run: try UncertaintyRun(plan: p, threads: 2))
        #expect(one.drawsTable().csv() == two.drawsTable().csv())
        #expect(two.drawsTable().csv() == again.drawsTable().csv())
        #expect(one.summaryTable().csv() == two.summaryTable().csv())
        #expect(one.run.sectorValues == two.run.sectorValues)
        let other = try UncertaintyRun(plan: p.overriding(draws: nil, seed: 12), threads: 2)
        #expect(other.values != one.run.values)
    }

    @Test func drawsFollowTheirDistributionsAndLossesGrowWithTheCut() throws {
        let run = try uncertainRun(Self.monteCarlo, threads: 2)
        let cuts = run.values.map { $0[1] }
        #expect(cuts.allSatisfy { (0.2...0.9).contains($0) })
        // Total output change should fall (more loss) with the cut: strongly negative rank correlation.
        let cutSensitivity = try #require(run.sensitivity.first { $0.parameter == "shock[1].cut" })
        #expect((cutSensitivity.rankCorrelation ?? 0) < -0.8)
        #expect(cutSensitivity.outputChangeAtHigh < cutSensitivity.outputChangeAtLow)
        #expect(run.sensitivity.first?.parameter == "shock[1].cut")
        // Summary percentiles are ordered for every sector and column.
        for j in 0..<run.sectorCount {
            for k in run.columns.indices {
                let s = Statistics.percentiles(run.sectorSeries(sector: j, column: k), [5, 50, 95])
                #expect(s[0] <= s[1] && s[1] <= s[2])
            }
        }
    }

    @Test func oneDegenerateDrawEqualsThePlainRun() throws {
        let run = try uncertainRun(cutScenario("{ distribution = \"uniform\", min = 0.5, max = 0.5 }", uncertainty: "[uncertainty]\ndraws = 1\nseed = 9\n"), threads: 1)
        let plain = Impacts(result: try ScenarioRunner.run(try Scenario(path: scenarioFile(cutScenario("0.5", uncertainty: "")))))
        #expect(run.values == [[0.5]])
        for (j, row) in plain.rows.enumerated() {
            let values = [row.output, row.outputChange, row.outputChangePercent, row.valueAddedChange] + row.employmentChange
            for (k, v) in values.enumerated() { #expect(run.sectorSeries(sector: j, column: k) == [v]) }
        }
        #expect(run.totalSeries(column: UncertaintyRun.outputChangeColumn) == [plain.totals[0].change])
        #expect(plain.totals[0].change < 0)
    }

    @Test func aSweepOfCutsIsMonotone() throws {
        let run = try uncertainRun(cutScenario("{ from = 0, to = 1, steps = 6 }", uncertainty: ""), threads: 2)
        let totals = run.totalSeries(column: UncertaintyRun.outputChangeColumn)
        #expect(totals.count == 6)
        #expect(totals[0] == 0)
        for k in 1..<totals.count { #expect(totals[k] <= totals[k - 1]) }
    }
}
