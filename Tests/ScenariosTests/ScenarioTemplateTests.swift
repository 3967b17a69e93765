import Foundation
import IOTables
import Scenarios
import Testing
import TestSupport

/// The template path of a Monte Carlo draw (`ScenarioTemplate`: the central scenario with the
/// draw's values written into its fields) builds the scenario that the parse path
/// (`UncertaintyPlan.scenario`: the values substituted into the document, which the scenario
/// parser reads again) builds, field for field and bit for bit, and fails where it fails with the
/// same error. Compared on random draws of every kind of slot, with some values pushed outside
/// their key's range so that the error path is exercised too.
@Suite("Scenario template = parse path")
struct ScenarioTemplateTests {
    static let table = Fixtures.repositoryPath("matrices/flanders-2015")

    static let cases: [(String, String)] = [
        ("long-run, cut, substitution, spare capacity", """
            title = "t"
            table = "TABLE"
            [model]
            kind = "supply-constrained"
            criticality = "ihs"
            substitution = { distribution = "beta", a = 2, b = 5, min = 0, max = 0.3 }
            spare_capacity = { distribution = "uniform", min = 0, max = 0.05 }
            tau = [5, 10, 20]
            [[shock]]
            products = ["20"]
            origin = "non-EU"
            cut = { distribution = "triangular", min = 0.3, mode = 0.5, max = 0.8 }
            duration_days = { distribution = "uniform", min = 30, max = 120 }
            [uncertainty]
            draws = 40
            seed = 5
            """),
        ("pichler-farmer, three shocks, integer keys", """
            title = "t"
            table = "TABLE"
            [model]
            kind = "supply-constrained"
            static_rule = "pichler-farmer"
            criticality = "strict"
            rationing = "firms-first"
            domestic_substitution = { distribution = "uniform", min = 0, max = 0.5 }
            tolerance = [1e-10, 1e-9]
            max_iterations = { distribution = "uniform", min = 200, max = 1000 }
            [[shock]]
            products = ["20", "24"]
            origin = "non-EU"
            cut = { distribution = "normal", mean = 0.5, sd = 0.2 }
            duration_days = [30, 60]
            [[shock]]
            products = ["29"]
            loss = { distribution = "uniform", min = 0.1, max = 0.4 }
            [[shock]]
            products = ["55-56"]
            change = { distribution = "uniform", min = -0.3, max = 0.1 }
            [uncertainty]
            draws = 40
            seed = 6
            """),
        ("dynamic, every dynamic slot", """
            title = "t"
            table = "TABLE"
            [model]
            kind = "dynamic"
            horizon_days = 200
            criticality = "ihs"
            recovery = "linear"
            tau = { distribution = "triangular", min = 5, mode = 10, max = 20 }
            recovery_days = { distribution = "uniform", min = 15, max = 60 }
            inventory_days = [1, 7.5, 30]
            demand_response = { distribution = "uniform", min = 0, max = 1 }
            substitution = { distribution = "uniform", min = 0, max = 0.3 }
            [[shock]]
            products = ["20"]
            origin = "non-EU"
            cut = { distribution = "triangular", min = 0.3, mode = 0.5, max = 0.7 }
            start_day = { distribution = "uniform", min = 0, max = 199 }
            duration_days = { distribution = "uniform", min = 60, max = 120 }
            [uncertainty]
            draws = 40
            seed = 7
            """),
        ("leontief sweep", """
            title = "t"
            table = "TABLE"
            [model]
            kind = "leontief"
            [[shock]]
            products = ["10-12", "13-15"]
            change = { from = -0.5, to = 0.5, steps = 11 }
            duration_days = [10, 365]
            """),
    ]

    /// The bits of every number of a scenario that a draw can change, and the scenario's other
    /// settings as text, so that two scenarios compare equal only when they are the same.
    func fingerprint(_ s: Scenario) -> [String] {
        func bits(_ v: Double?) -> String { v.map { String($0.bitPattern, radix: 16) } ?? "nil" }
        var text = s.model.parameters.map { "\($0.0)=\($0.1)" }
        let m = s.model
        text += [m.kind.rawValue, m.staticRule.rawValue, bits(m.substitution), bits(m.spareCapacity), bits(m.domesticSubstitution),
                 bits(m.tolerance), "\(m.maxIterations)", bits(m.tau), bits(m.recoveryDays), bits(m.demandResponse),
                 m.inventoryDays.map(bits).joined(separator: ","), m.inventorySource, "\(m.horizonDays)", bits(s.periodDays)]
        for shock in s.shocks {
            text.append("\(shock.kind) \(shock.sectors) \(shock.origins) \(shock.originName) \(bits(shock.size)) \(bits(shock.startDay)) \(bits(shock.durationDays)) \(shock.line) \(String(describing: shock.users))")
        }
        return text + [s.path, s.title, s.tablePath, "\(s.output.top)"]
    }

    func unit(_ rng: inout SplitMix64) -> Double { Double(rng.next() >> 11) * 0x1p-53 }

    @Test(arguments: 0..<4)
    func templateBuildsTheParsedScenario(k: Int) throws {
        let (label, text) = Self.cases[k]
        let path = scenarioFile(text, bundle: Self.table)
        let plan = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: path)))
        let validated = try plan.validate(everyDraw: false)
        let template = try #require(validated.template, "\(label): no template")
        var rng = SplitMix64(seed: 99 + UInt64(k))
        var errors = 0, scenarios = 0
        for i in 0..<plan.draws {
            var v = plan.values(draw: i)
            // One draw in five has a value moved outside the distributions, often outside its range.
            if unit(&rng) < 0.2 {
                let p = Int(unit(&rng) * Double(v.count))
                v[p] = v[p] * 4 - 1.5 + unit(&rng)
            }
            let parsed = Result { try plan.scenario(v, draw: i, table: validated.table, tablePath: validated.tablePath) }
            let templated = Result { try template.scenario(v, draw: i) }
            switch (parsed, templated) {
            case let (.success(a), .success(b)):
                scenarios += 1
                #expect(fingerprint(a) == fingerprint(b), "\(label), draw \(i + 1), values \(v)")
                if a.model.kind != .dynamic {
                    let ra = try ScenarioRunner.run(a, explains: false), rb = try ScenarioRunner.run(b, explains: false)
                    #expect(ra.output.map(\.bitPattern) == rb.output.map(\.bitPattern), "\(label), draw \(i + 1)")
                }
            case let (.failure(a), .failure(b)):
                errors += 1
                #expect("\(a)" == "\(b)", "\(label), draw \(i + 1)")
                #expect("\(b)".contains("in draw \(i + 1) ("), "\(label): \(b)")
            default:
                Issue.record("\(label), draw \(i + 1), values \(v): parse path \(parsed), template \(templated)")
            }
        }
        #expect(scenarios > plan.draws / 2, "\(label): too few draws compared (\(scenarios))")
        if k < 3 { #expect(errors > 0, "\(label): the error path was not exercised") }
    }

    /// A value outside its key's range is refused at the value's line and column, with the draw.
    @Test func aValueOutsideItsRangeNamesFileLineColumnAndDraw() throws {
        let path = scenarioFile(Self.cases[0].1, bundle: Self.table)
        let plan = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: path)))
        let template = try #require(try plan.validate(everyDraw: false).template)
        var v = plan.values(draw: 3)
        v[3] = 1.5      // cut, on line 12, column 7
        #expect {
            _ = try template.scenario(v, draw: 3)
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file == path && e.line == 12 && e.column == 7 && e.message.contains("cut must be between 0 and 1, found 1.5")
                && e.message.contains("in draw 4 (")
        }
    }

    /// A plan with a value that is not a slot (here a per-sector table) has no template, and its
    /// draws are parsed.
    @Test func aValueWithoutSlotKeepsTheParsePath() throws {
        let path = scenarioFile("""
            title = "t"
            table = "TABLE"
            [model]
            kind = "dynamic"
            inventory_days = 5
            [model.inventory_days_by_sector]
            "20" = [1, 10]
            [[shock]]
            products = ["20"]
            origin = "non-EU"
            cut = 0.5
            """, bundle: Self.table)
        let plan = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: path)))
        #expect(try plan.validate(everyDraw: true).template == nil)
    }
}
