import Foundation
import IOTables
import Reports
import Scenarios
import TestSupport
import Testing

/// Sobol indices on a Saltelli design (docs/scenarios.md, "Global sensitivity: Sobol indices"):
/// the estimator against analytic indices, the design, the inverse CDFs, and runs of scenarios.
@Suite("Sobol indices")
struct SobolTests {
    /// f evaluated on every evaluation of a design, in design order.
    static func outputs(_ design: SaltelliDesign, _ f: ([Double]) -> Double) -> [Double] {
        design.allValues().map(f)
    }

    // MARK: The estimator

    /// The Ishigami function f = sin x₁ + a sin² x₂ + b x₃⁴ sin x₁ with xᵢ ~ U(−π, π), a = 7,
    /// b = 0.1, whose indices are known in closed form (Ishigami & Homma 1990; Saltelli et al.
    /// 2010, §4): V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½, V₁ = ½(1 + bπ⁴/5)², V₂ = a²/8,
    /// V₁₃ = b²π⁸(1/18 − 1/50) = 8b²π⁸/225; S₁ = V₁/V = 0.3139, S₂ = 0.4424, S₃ = 0,
    /// S_T1 = (V₁ + V₁₃)/V = 0.5576, S_T2 = 0.4424, S_T3 = V₁₃/V = 0.2437.
    ///
    /// Tolerance: the standard deviations of these estimators at N = 16,384, measured over 100
    /// independent replications of the same design, are at most 0.0083 (S₁) and 0.0105 (S_T1);
    /// 0.04 is 3.8 of them for the widest and 4.8 or more for the others. A wrong estimator
    /// misses by far more: S_T without its factor ½ doubles, S₁ with f(A) in place of f(B)
    /// estimates −S_T, and B with a column from A in place of A_B estimates 1 − S_T.
    @Test func ishigamiIndicesMatchTheirClosedForm() throws {
        let a = 7.0, b = 0.1, pi = Double.pi
        let v1 = 0.5 * pow(1 + b * pow(pi, 4) / 5, 2), v2 = a * a / 8, v13 = 8 * b * b * pow(pi, 8) / 225
        let v = a * a / 8 + b * pow(pi, 4) / 5 + b * b * pow(pi, 8) / 18 + 0.5
        let first = [v1 / v, v2 / v, 0], total = [(v1 + v13) / v, v2 / v, v13 / v]
        // The published four-digit values, as a check of the formulas above.
        for (x, published) in zip(first + total, [0.3139, 0.4424, 0, 0.5576, 0.4424, 0.2437]) { #expect(abs(x - published) < 5e-5) }

        let n = 16_384
        let design = SaltelliDesign(distributions: Array(repeating: .uniform(min: -pi, max: pi), count: 3), baseSize: n, seed: 2024)
        let f = Self.outputs(design) { x in sin(x[0]) + a * sin(x[1]) * sin(x[1]) + b * pow(x[2], 4) * sin(x[0]) }
        #expect(f.count == n * 5)
        let indices = try #require(SobolEstimator.estimate(f, baseSize: n, parameters: 3))
        for i in 0..<3 {
            #expect(abs(indices.first[i] - first[i]) < 0.04, "S\(i + 1) = \(indices.first[i]), expected \(first[i])")
            #expect(abs(indices.total[i] - total[i]) < 0.04, "ST\(i + 1) = \(indices.total[i]), expected \(total[i])")
        }
        // V over A and B estimates the variance of f (13.84): its standard error at 2N draws is about 0.08.
        #expect(abs(indices.variance - v) < 0.4)
    }

    /// f = Σ aᵢxᵢ with independent xᵢ ~ U(loᵢ, hiᵢ). Without interactions Var f = Σ aᵢ² var xᵢ, and
    /// E[f | xᵢ] varies by aᵢ(xᵢ − E xᵢ), so Sᵢ = S_Tᵢ = aᵢ² var xᵢ / Σ aⱼ² var xⱼ. With a = (1, 2,
    /// 0.5), x₁ ~ U(0, 1), x₂ ~ U(0, 2), x₃ ~ U(−1, 1): var = 1/12, 4/12, 4/12, aᵢ² var xᵢ = 1/12,
    /// 16/12, 1/12, total 18/12, so S = S_T = (1/18, 16/18, 1/18).
    ///
    /// Tolerances: 4 standard deviations of each estimator at N = 4,096, measured over 200
    /// replications (S₁: 0.0049, 0.0181, 0.0050; S_T: 0.0012, 0.0167, 0.0012).
    @Test func linearAdditiveFunctionHasEqualFirstAndTotalIndices() throws {
        let coefficients = [1.0, 2, 0.5]
        let distributions: [Distribution] = [.uniform(min: 0, max: 1), .uniform(min: 0, max: 2), .uniform(min: -1, max: 1)]
        let exact = [1.0 / 18, 16.0 / 18, 1.0 / 18]
        let n = 4096
        let design = SaltelliDesign(distributions: distributions, baseSize: n, seed: 7)
        let f = Self.outputs(design) { x in zip(coefficients, x).reduce(0) { $0 + $1.0 * $1.1 } }
        let indices = try #require(SobolEstimator.estimate(f, baseSize: n, parameters: 3))
        let firstTolerance = [0.020, 0.073, 0.020], totalTolerance = [0.005, 0.067, 0.005]
        for i in 0..<3 {
            #expect(abs(indices.first[i] - exact[i]) < firstTolerance[i], "S\(i + 1) = \(indices.first[i]), expected \(exact[i])")
            #expect(abs(indices.total[i] - exact[i]) < totalTolerance[i], "ST\(i + 1) = \(indices.total[i]), expected \(exact[i])")
        }
    }

    /// The bootstrap interval's width against the spread of the estimator over independent
    /// designs: a 95 % percentile interval spans about 2 × 1.96 standard deviations. 40
    /// replications estimate the standard deviation to about ±11 % (1/√(2·39)); the bootstrap of
    /// one sample has its own error of the same order, so the ratio is checked within [0.6, 1.6].
    @Test func bootstrapIntervalsMatchTheEstimatorsSpread() throws {
        let coefficients = [1.0, 2, 0.5]
        let distributions: [Distribution] = [.uniform(min: 0, max: 1), .uniform(min: 0, max: 2), .uniform(min: -1, max: 1)]
        let n = 1024
        func f(_ seed: UInt64) -> [Double] {
            Self.outputs(SaltelliDesign(distributions: distributions, baseSize: n, seed: seed)) { x in zip(coefficients, x).reduce(0) { $0 + $1.0 * $1.1 } }
        }
        var replications: [SobolEstimator.Indices] = []
        for seed in 1...40 { replications.append(try #require(SobolEstimator.estimate(f(UInt64(seed)), baseSize: n, parameters: 3))) }
        let sample = f(1)
        let point = try #require(SobolEstimator.estimate(sample, baseSize: n, parameters: 3))
        let intervals = try #require(SobolEstimator.bootstrap(sample, baseSize: n, parameters: 3, resamples: 400, seed: 1, threads: 2))
        #expect(intervals.resamples == 400)
        for i in 0..<3 {
            for (estimates, interval, value) in [(replications.map { $0.first[i] }, intervals.first[i], point.first[i]),
                                                 (replications.map { $0.total[i] }, intervals.total[i], point.total[i])] {
                #expect(interval.contains(value))
                let ratio = (interval.upperBound - interval.lowerBound) / (2 * 1.96 * Statistics.standardDeviation(estimates))
                #expect(ratio > 0.6 && ratio < 1.6, "parameter \(i + 1): interval \(interval), ratio \(ratio)")
            }
        }
        // The resamples depend on the seed only: the same intervals on one thread.
        #expect(SobolEstimator.bootstrap(sample, baseSize: n, parameters: 3, resamples: 400, seed: 1, threads: 1) == intervals)
    }

    @Test func aConstantOutputHasNoIndices() {
        #expect(SobolEstimator.estimate(Array(repeating: 3, count: 40), baseSize: 10, parameters: 2) == nil)
        #expect(SobolEstimator.bootstrap(Array(repeating: 3, count: 40), baseSize: 10, parameters: 2, resamples: 20, seed: 1) == nil)
    }

    // MARK: The design and the inverse CDFs

    @Test func everyEvaluationDependsOnlyOnTheSeedAndItsIndex() {
        let distributions: [Distribution] = [.uniform(min: 0, max: 1), .triangular(min: 0, mode: 0.2, max: 1), .beta(a: 2, b: 5, min: 0, max: 1)]
        let design = SaltelliDesign(distributions: distributions, baseSize: 50, seed: 9)
        let all = design.allValues()
        #expect(all.count == 50 * 5 && design.evaluations == 250)
        for e in [0, 49, 50, 99, 100, 149, 150, 249] { #expect(design.values(evaluation: e) == all[e]) }
        for r in 0..<50 {
            let a = all[r], b = all[50 + r]
            for i in 0..<3 {
                // A_B⁽ⁱ⁾: A with column i from B.
                var expected = a
                expected[i] = b[i]
                #expect(all[(2 + i) * 50 + r] == expected)
            }
        }
        // The rows of A and B do not depend on N.
        #expect(Array(SaltelliDesign(distributions: distributions, baseSize: 80, seed: 9).allValues().prefix(50)) == Array(all.prefix(50)))
        // Evaluation 170 = 3·50 + 20: row 20 of matrix 3, A_B⁽²⁾ (column index 1).
        let position = design.position(of: 170)
        #expect(position.matrix == .ab(1) && position.row == 20)
    }

    /// Closed forms of the regularised incomplete beta function: Iₓ(1, b) = 1 − (1 − x)ᵇ,
    /// Iₓ(a, 1) = xᵃ, Iₓ(2, 2) = 3x² − 2x³, I_½(a, a) = ½.
    @Test(arguments: [0.001, 0.1, 0.37, 0.5, 0.9, 0.999])
    func incompleteBetaAndItsInverse(x: Double) {
        let cases: [(Double, Double, Double)] = [(1, 3.5, 1 - pow(1 - x, 3.5)), (0.4, 1, pow(x, 0.4)), (2, 2, 3 * x * x - 2 * x * x * x)]
        for (a, b, p) in cases {
            let d = Distribution.beta(a: a, b: b, min: 0, max: 1)
            #expect(abs(d.quantile(p) - x) < 1e-10 * max(1, 1 / x), "Beta(\(a), \(b)) quantile of \(p)")
        }
        #expect(abs(Distribution.beta(a: 3, b: 3, min: 2, max: 4).quantile(0.5) - 3) < 1e-12)
        #expect(abs(Distribution.beta(a: 0.5, b: 0.5, min: 0, max: 1).quantile(0.5) - 0.5) < 1e-12)
        // Beta(½, ½) is the arcsine law: F(x) = (2/π) asin √x.
        let arcsine = Distribution.beta(a: 0.5, b: 0.5, min: 0, max: 1).quantile(2 / Double.pi * asin(x.squareRoot()))
        #expect(abs(arcsine - x) < 1e-9 * max(1, 1 / x))
    }

    @Test func quantilesAreTheSamplersTransforms() {
        // Uniform, triangular and normal draw by the inverse CDF: quantile(u) is sample() of the same u.
        for d in [Distribution.uniform(min: 0.2, max: 0.7), .triangular(min: 0.3, mode: 0.5, max: 0.8), .normal(mean: 0.5, sd: 0.2, lower: 0, upper: 1)] {
            var rng = SplitMix64(seed: 5), copy = rng
            for _ in 0..<100 { #expect(d.quantile(Distribution.unit(&copy)) == d.sample(using: &rng)) }
        }
        // Triangular(0, 0.5, 1): F(0.25) = 0.125, F(0.75) = 0.875.
        #expect(abs(Distribution.triangular(min: 0, mode: 0.5, max: 1).quantile(0.125) - 0.25) < 1e-15)
        #expect(abs(Distribution.triangular(min: 0, mode: 0.5, max: 1).quantile(0.875) - 0.75) < 1e-15)
    }

    // MARK: Scenarios

    func plan(_ text: String, bundle: String? = nil) throws -> UncertaintyPlan {
        let path = bundle.map { scenarioFile(text, bundle: $0) } ?? scenarioFile(text)
        return try #require(try UncertaintyPlan.detect(try TOMLDocument(path: path)))
    }

    /// The hand table with an uncertain cut and an uncertain start day. A static model gives the
    /// state while the shock lasts, whatever day it starts (docs/scenarios.md, "Static results
    /// and duration"), so start_day has no effect: every A_B⁽ˢᵗᵃʳᵗ⁾ row gives exactly f(A), its
    /// indices are 0 and so is every bootstrap estimate. The cut is then the only input, so its
    /// S₁ = S_T = 1, up to sampling error (at N = 256 a few hundredths).
    static let handScenario = """
        table = "table"
        [model]
        kind = "supply-constrained"
        criticality = "strict"
        [[shock]]
        products = ["A"]
        origin = "non-EU"
        cut = { distribution = "uniform", min = 0.1, max = 0.9, label = "cut" }
        start_day = { distribution = "uniform", min = 0, max = 100, label = "start" }
        duration_days = 30
        [uncertainty]
        method = "sobol"
        draws = 256
        seed = 3
        bootstrap = 300
        """

    @Test func aParameterWithoutEffectHasZeroIndices() throws {
        let p = try plan(Self.handScenario)
        #expect(p.method == .sobol && p.evaluations == 256 * 4 && p.sampleDraws == 512)
        let run = try UncertaintyRun(plan: p, threads: 2)
        let sobol = try #require(run.sobol)
        #expect(run.sensitivity.isEmpty)
        #expect(sobol.outputs == ["output_change", "value_added_change"])
        #expect(sobol.evaluations == 1024 && sobol.bootstrap == 300)
        for output in sobol.outputs {
            let start = try #require(sobol.rows.first { $0.output == output && $0.parameter == "start" })
            let cut = try #require(sobol.rows.first { $0.output == output && $0.parameter == "cut" })
            #expect(start.first == 0 && start.total == 0)
            #expect(start.firstInterval == 0...0 && start.totalInterval == 0...0)
            let s1 = try #require(cut.first), st = try #require(cut.total)
            #expect(abs(s1 - 1) < 0.1 && abs(st - 1) < 0.1, "\(output): cut S1 \(s1), ST \(st)")
            let interval = try #require(cut.totalInterval)
            #expect(interval.contains(cut.total!) && interval.upperBound - interval.lowerBound < 0.3)
            #expect(cut.variance > 0)
        }
        // The outputs: sensitivity.csv holds the indices, draws.csv every evaluation with its matrix.
        let report = UncertaintyReport(run: run)
        let csv = report.sensitivityTable().csv()
        #expect(csv.hasPrefix("output,rank,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high,output_variance\n"))
        #expect(csv.contains("output_change,1,cut,") && csv.contains("output_change,2,start,0,0,0,0,0,0,"))
        let draws = report.drawsTable()
        #expect(draws.columns.prefix(6) == ["draw", "matrix", "from_B", "row", "cut", "start"])
        #expect(draws.rows.count == 1024)
        #expect(report.sensitivityMethod.contains("1024 evaluations"))
        // Summaries are over A and B: 512 draws.
        #expect(run.totalSeries(column: UncertaintyRun.outputChangeColumn).count == 512)
    }

    @Test func theSameSeedGivesTheSameIndicesOnAnyNumberOfThreads() throws {
        let p = try plan(Self.handScenario)
        let one = UncertaintyReport(run: try UncertaintyRun(plan: p, threads: 1))
        let two = UncertaintyReport(run: try UncertaintyRun(plan: p, threads: 2))
        #expect(one.sensitivityTable().csv() == two.sensitivityTable().csv())
        #expect(one.drawsTable().csv() == two.drawsTable().csv())
    }

    /// The dynamic model on the Flemish table: an uncertain cut and τ, and a second shock that
    /// removes nothing (loss = 0) with an uncertain start day, which therefore cannot change the
    /// path: its indices are 0 for the cumulative and the peak loss.
    @Test func dynamicRunsHaveIndicesOfTheCumulativeAndPeakLoss() throws {
        let p = try plan("""
            table = "TABLE"
            [model]
            kind = "dynamic"
            horizon_days = 60
            criticality = "ihs"
            tau = { distribution = "uniform", min = 5, max = 20, label = "tau" }
            [[shock]]
            products = ["20"]
            origin = "non-EU"
            cut = { distribution = "uniform", min = 0.2, max = 0.8, label = "cut" }
            start_day = 5
            duration_days = 30
            [[shock]]
            products = ["24"]
            loss = 0
            start_day = { distribution = "uniform", min = 0, max = 40, label = "idle start" }
            duration_days = 10
            [uncertainty]
            method = "sobol"
            draws = 16
            seed = 4
            bootstrap = 100
            """, bundle: DynamicUncertaintyTests.flanders)
        let run = try UncertaintyRun(plan: p, threads: 2)
        let sobol = try #require(run.sobol)
        #expect(sobol.outputs == ["output_change", "value_added_change", UncertaintyRun.peakLossColumnName])
        #expect(sobol.evaluations == 16 * 5)
        for output in sobol.outputs {
            let idle = try #require(sobol.rows.first { $0.output == output && $0.parameter == "idle start" })
            let s1 = try #require(idle.first), st = try #require(idle.total)
            #expect(abs(s1) < 1e-12 && abs(st) < 1e-12, "\(output): idle start S1 \(s1), ST \(st)")
            let cut = try #require(sobol.rows.first { $0.output == output && $0.parameter == "cut" })
            #expect(try #require(cut.total) > 0.3, "\(output): cut ST \(cut.total ?? .nan)")
        }
        #expect(run.dailyOutputSeries(day: 10).count == 32)
    }

    // MARK: Bad input

    func expectError(_ text: String, line: Int?, column: Int? = nil, draws: Int? = nil, _ fragments: String...) {
        let path = scenarioFile(text)
        #expect {
            guard let p = try UncertaintyPlan.detect(try TOMLDocument(path: path)) else { return }
            _ = try p.overriding(draws: draws, seed: nil)
        } throws: { error in
            guard let e = error as? InputError else { Issue.record("not an InputError: \(error)"); return false }
            let ok = e.file.hasSuffix("scenario.toml") && (line == nil || e.line == line) && (column == nil || e.column == column)
                && fragments.allSatisfy { e.description.contains($0) }
            if !ok { Issue.record("got: \(e)") }
            return ok
        }
    }

    func scenario(_ cut: String, _ uncertainty: String) -> String {
        "table = \"table\"\n[model]\nsubstitution = { distribution = \"uniform\", min = 0, max = 0.3 }\n[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\ncut = \(cut)\n[uncertainty]\n" + uncertainty
    }

    @Test func anUnknownMethodSuggestsTheClosest() {
        expectError(scenario("0.5", "draws = 10\nmethod = \"sobl\"\n"), line: 10, column: 10, "unknown method \"sobl\"", "did you mean \"sobol\"")
        expectError(scenario("0.5", "draws = 10\nmethod = \"montecarlo\"\n"), line: 10, "did you mean \"monte-carlo\"")
    }

    @Test func sobolRefusesListsAndRangesWithTheirPosition() {
        expectError(scenario("[0.3, 0.5, 0.7]", "draws = 10\nmethod = \"sobol\"\n"), line: 7, column: 7,
                    "method = \"sobol\" needs every uncertain value as a distribution, but shock[1].cut is a list of 3 value(s)",
                    "cut = { distribution = \"uniform\", min = 0.3, max = 0.7 }")
        expectError(scenario("{ from = 0.2, to = 0.6, steps = 5 }", "draws = 10\nmethod = \"sobol\"\n"), line: 7, column: 7, "is a list of 5 value(s)")
    }

    @Test func bootstrapNeedsSobol() {
        expectError(scenario("0.5", "draws = 10\nbootstrap = 500\n"), line: 10, column: 13, "bootstrap applies to method = \"sobol\"")
        expectError(scenario("0.5", "draws = 10\nmethod = \"sobol\"\nbootstrap = -1\n"), line: 11, column: 13, "bootstrap in [uncertainty] must be between 0 and 100000, found -1")
    }

    @Test func sobolEvaluationsCountAgainstTheMaximum() {
        // k = 2: N·4 evaluations; 50,000 is the largest N.
        expectError(scenario("{ distribution = \"uniform\", min = 0.3, max = 0.7 }", "draws = 50001\nmethod = \"sobol\"\n"), line: 9, column: 9,
                    "N·(k + 2) times", "more than 200000 evaluations", "at most 50000 draws")
        expectError(scenario("{ distribution = \"uniform\", min = 0.3, max = 0.7 }", "draws = 10\nmethod = \"sobol\"\n"), line: nil, draws: 60_000, "--draws 60000")
    }

    /// A distribution written without its name is refused at its position, naming the one its
    /// keys suggest (before: "no value of the scenario is uncertain" at [uncertainty], or, with
    /// other uncertain values, the parser's "must be a number").
    @Test func aDistributionWithoutItsNameIsNamed() {
        expectError(scenario("{ min = 0.2, max = 0.6 }", "draws = 10\n"), line: 7, column: 7,
                    "cut has \"min\", \"max\" but no \"distribution\"", "cut = { distribution = \"uniform\", min = …, max = … }")
        expectError(scenario("{ min = 0.2, mode = 0.4, max = 0.6 }", "draws = 10\n"), line: 7, column: 7, "distribution = \"triangular\"")
        expectError(scenario("{ mean = 0.4, sd = 0.1 }", "draws = 10\n"), line: 7, column: 7, "distribution = \"normal\"")
    }

    /// N = 1: V = ((f(A) − f(B))/2)², and for one parameter f(A_B) = f(B), so S1 = ST = 2 exactly;
    /// refused at the draws line (and for --draws 1), N = 2 accepted.
    @Test func sobolNeedsTwoRows() throws {
        let uniform = "{ distribution = \"uniform\", min = 0.3, max = 0.7 }"
        expectError(scenario(uniform, "draws = 1\nmethod = \"sobol\"\n"), line: 9, column: 9, "at least 2 rows", "draws = 1")
        expectError(scenario(uniform, "draws = 10\nmethod = \"sobol\"\n"), line: nil, draws: 1, "--draws 1")
        let path = scenarioFile(scenario(uniform, "draws = 2\nmethod = \"sobol\"\n"))
        let plan = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: path)))
        #expect(try plan.overriding(draws: nil, seed: nil).draws == 2)
    }
}
