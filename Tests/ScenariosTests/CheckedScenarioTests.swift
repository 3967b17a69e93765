import Foundation
import IOTables
import Scenarios
import Testing

/// The validation that `ioshock check` and `ioshock run` share (`CheckedScenario`), and integer
/// keys under uncertainty: central values, draws and sensitivity values are integers the key admits.
@Suite("Checked scenarios")
struct CheckedScenarioTests {
    static func supplyConstrained(_ model: String, uncertainty: String = "") -> String {
        "table = \"table\"\n[model]\nkind = \"supply-constrained\"\n\(model)\n[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\ncut = 0.5\n" + uncertainty
    }

    static func dynamicIIM(_ model: String, shock: String = "") -> String {
        "table = \"table\"\n[model]\nkind = \"dynamic-inoperability\"\n\(model)\n[[shock]]\nproducts = [\"C\"]\nchange = -0.1\n\(shock)\n"
    }

    static func validated(_ text: String) throws -> UncertaintyPlan.Validated {
        guard case let .uncertain(v) = try CheckedScenario(path: scenarioFile(text)).kind else { throw CancellationError() }
        return v
    }

    @Test func theCentralValueOfAnIntegerSweepIsTheLowerMedian() throws {
        // The median of [999, 1000] is 999.5, which max_iterations does not take: 999 runs.
        let v = try Self.validated(Self.supplyConstrained("max_iterations = [999, 1000]"))
        #expect(v.centralValues == [999])
        #expect(v.central.model.maxIterations == 999)
        let h = try Self.validated(Self.dynamicIIM("horizon_days = [100, 121]"))
        #expect(h.central.model.horizonDays == 100)
        // Three values: the median itself.
        let three = try Self.validated(Self.dynamicIIM("horizon_days = [100, 121, 200]"))
        #expect(three.central.model.horizonDays == 121)
        // A real-valued key keeps the interpolated median.
        let real = try Self.validated(Self.supplyConstrained("substitution = [0.1, 0.2]"))
        #expect(abs(real.centralValues[0] - 0.15) < 1e-15)
    }

    @Test func drawsOfAnIntegerKeyAreIntegersInsideItsRange() throws {
        let v = try Self.validated(Self.supplyConstrained("max_iterations = { distribution = \"uniform\", min = 1, max = 20 }",
                                                          uncertainty: "[uncertainty]\ndraws = 200\nseed = 3\n"))
        let column = v.values.map { $0[0] }
        #expect(column.allSatisfy { $0 == $0.rounded() && (1...20).contains($0) })
        #expect(Set(column).count > 10)
        #expect(v.central.model.maxIterations >= 1)
        #expect(v.extremes[0].low == v.extremes[0].low.rounded() && v.extremes[0].high == v.extremes[0].high.rounded())
        // Every draw's scenario parses with an integer max_iterations (the parser refuses floats).
        for i in v.values.indices { #expect(try v.scenario(v.values[i], draw: i).model.maxIterations == Int(column[i])) }
    }

    @Test func aRangeOfAnIntegerKeyMustStepByIntegers() {
        #expect(performing: { try CheckedScenario(path: scenarioFile(Self.dynamicIIM("horizon_days = { from = 100, to = 121, steps = 3 }"))) }, throws: { error in
            (error as? InputError).map { $0.line == 4 && $0.message.contains("gives 110.5, but horizon_days takes integers only") } ?? false
        })
        #expect(performing: { try CheckedScenario(path: scenarioFile(Self.dynamicIIM("horizon_days = [100, 120.5]"))) }, throws: { error in
            (error as? InputError).map { $0.line == 4 && $0.column == 22 && $0.message.contains("is not an integer") } ?? false
        })
    }

    /// The dynamic model takes uncertain values (issue 15), but not together with a duration
    /// sweep, refused at the sweep's key.
    @Test func uncertainValuesInTheDynamicModelPassTheCheckButNotWithADurationSweep() throws {
        let text = "table = \"table\"\n[model]\nkind = \"dynamic\"\ninventory_days = [5, 10]\n[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\ncut = 0.5\n"
        _ = try CheckedScenario(path: scenarioFile(text))
        let swept = text.replacingOccurrences(of: "inventory_days = [5, 10]\n", with: "inventory_days = [5, 10]\nsweep_duration_days = [7, 14]\n")
        #expect(performing: { try CheckedScenario(path: scenarioFile(swept)) }, throws: { error in
            (error as? InputError).map { $0.line == 5 && $0.column == 1 && $0.message.contains("sweep_duration_days cannot be combined with uncertain values") } ?? false
        })
    }

    @Test func everyDrawIsChecked() {
        // Draw 3 (start_day = 150) starts after the horizon of 100 days; the central value (50) does not.
        let text = Self.dynamicIIM("horizon_days = 100", shock: "start_day = [10, 50, 150]")
        #expect(performing: { try CheckedScenario(path: scenarioFile(text)) }, throws: { error in
            (error as? InputError).map { $0.message.contains("not within the horizon of 100 days") } ?? false
        })
    }
}

/// A shock that starts after the horizon is refused for every model with a time axis.
@Suite("Shocks inside the horizon")
struct ShockHorizonTests {
    @Test(arguments: ["dynamic", "dynamic-inoperability"])
    func aShockAfterTheHorizonIsRefusedAtItsStartDay(kind: String) {
        let shock = kind == "dynamic" ? "products = [\"A\"]\norigin = \"non-EU\"\ncut = 0.5" : "products = [\"C\"]\nchange = -0.1"
        let text = "table = \"table\"\n[model]\nkind = \"\(kind)\"\nhorizon_days = 30\ninventory_days = 5\n[[shock]]\n\(shock)\nstart_day = 30\n"
            .replacingOccurrences(of: kind == "dynamic" ? "\u{0}" : "inventory_days = 5\n", with: "")
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("start_day") }! + 1
        #expect(performing: { try Scenario(path: scenarioFile(text)) }, throws: { error in
            let ok = (error as? InputError).map { $0.line == line && $0.column == 13 && $0.message.contains("starts on day 30, which is not within the horizon of 30 days") } ?? false
            if !ok { Issue.record("\(error)") }
            return ok
        })
        // A start far beyond any horizon is refused the same way (no Double → Int trap on the way).
        #expect(performing: { try Scenario(path: scenarioFile(text.replacingOccurrences(of: "start_day = 30", with: "start_day = 1e19"))) }, throws: { error in
            (error as? InputError).map { $0.line == line && $0.message.contains("starts on day 1e+19, which is not within the horizon") } ?? false
        })
        // Day 29 is the last day of the horizon and runs.
        #expect(throws: Never.self) { try Scenario(path: scenarioFile(text.replacingOccurrences(of: "start_day = 30", with: "start_day = 29"))) }
        // A start a fraction after day 29 would act from day 30, outside the horizon: no day at all.
        for late in ["29.5", "29.000001"] {
            #expect(performing: { try Scenario(path: scenarioFile(text.replacingOccurrences(of: "start_day = 30", with: "start_day = \(late)"))) }, throws: { error in
                (error as? InputError).map { $0.line == line && $0.message.contains("starts on day \(late), which is not within the horizon of 30 days") } ?? false
            })
        }
    }
}

/// A fall in final demand for a sector whose baseline final demand is negative gives c* < 0,
/// which was clipped to 0 without a word; docs/models.md says perturbations outside [0, 1] are
/// refused with the sector named.
@Suite("Inoperability perturbations outside [0, 1]")
struct InoperabilityPerturbationTests {
    /// The hand table with C's final demand −10 instead of 100 (output.csv keeps x = 100): a 10 %
    /// fall gives c*_C = (f⁰ − f̃)/x = (−10 − (−9))/100 = −0.01.
    static let table: [String: String] = {
        var t = handTable
        t["final_demand.csv"] = "code,households\nA,80\nB,70\nC,-10\n"
        return t
    }()

    @Test(arguments: ["inoperability", "dynamic-inoperability"])
    func negativeBaselineFinalDemandIsRefusedWithTheSector(kind: String) {
        let text = "table = \"table\"\n[model]\nkind = \"\(kind)\"\n[[shock]]\nproducts = [\"A\", \"C\"]\nchange = -0.1\n"
        #expect(performing: { try Scenario(path: scenarioFile(text, table: Self.table)) }, throws: { error in
            let ok = (error as? InputError).map { $0.line == 4 && $0.message.contains("sector C has a negative baseline final demand (-10 EUR million)") && $0.message.contains("c* = -0.01 < 0") } ?? false
            if !ok { Issue.record("\(error)") }
            return ok
        })
        // The same fall on A alone (f⁰ = 80 > 0) runs: c*_A = 0.08.
        let fine = text.replacingOccurrences(of: "[\"A\", \"C\"]", with: "[\"A\"]")
        #expect(throws: Never.self) { _ = try ScenarioRunner.run(try Scenario(path: scenarioFile(fine, table: Self.table))) }
    }
}

/// `recovery_days_by_sector` takes the range of `recovery_days` (it had no upper bound).
@Suite("Dynamic IIM per-sector recovery range")
struct DynamicIIMRecoveryRangeTests {
    @Test func perSectorRecoveryDaysStayWithinTheKeysRange() throws {
        let text = "table = \"table\"\n[model]\nkind = \"dynamic-inoperability\"\nrecovery_days_by_sector = { \"A\" = 4000 }\n[[shock]]\nproducts = [\"C\"]\nchange = -0.1\n"
        #expect(performing: { try Scenario(path: scenarioFile(text)) }, throws: { error in
            (error as? InputError).map { $0.line == 4 && $0.message.contains("at most 3650 days (as recovery_days), found 4000") } ?? false
        })
        _ = try Scenario(path: scenarioFile(text.replacingOccurrences(of: "4000", with: "3650")))
    }
}

/// The mixed model refused a scenario fixing every output only when run: the parser refuses it.
@Suite("Mixed model with every output fixed")
struct MixedEveryOutputFixedTests {
    @Test func capacityShocksOnEverySectorAreRefusedByTheParser() throws {
        let text = "table = \"table\"\n[model]\nkind = \"mixed\"\n[[shock]]\nkind = \"capacity\"\nproducts = [\"A\", \"B\"]\nloss = 0.1\n[[shock]]\nkind = \"capacity\"\nsections = [\"G\"]\nloss = 0.2\n"
        #expect(performing: { try Scenario(path: scenarioFile(text)) }, throws: { error in
            (error as? InputError).map { $0.line == 8 && $0.message.contains("every sector (3 of 3) has a capacity shock") } ?? false
        })
        _ = try ScenarioRunner.run(try Scenario(path: scenarioFile(text.replacingOccurrences(of: "[\"A\", \"B\"]", with: "[\"A\"]"))))
    }
}
