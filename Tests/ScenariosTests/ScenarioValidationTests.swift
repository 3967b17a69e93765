import Foundation
import IOTables
import Scenarios
import Testing

/// Every bad scenario is refused before anything runs, with the line and a fix.
@Suite("Scenario validation")
struct ScenarioValidationTests {
    func expectError(_ text: String, line: Int?, _ fragments: String...) {
        let path = scenarioFile(text)
        #expect {
            try Scenario(path: path)
        } throws: { error in
            guard let e = error as? InputError else { return false }
            let ok = e.file.hasSuffix("scenario.toml") && (line == nil || e.line == line) && fragments.allSatisfy { e.description.contains($0) }
            if !ok { Issue.record("got: \(e)") }
            return ok
        }
    }

    @Test func theGoodScenarioParses() throws {
        let s = try Scenario(path: scenarioFile(importCut(["A"], cut: 0.5)))
        #expect(s.shocks.count == 1)
        #expect(s.shocks[0].origins == ["non_eu"])
        #expect(s.model.kind == .supplyConstrained)
        #expect(s.table.metadata.name == "hand-3")
    }

    /// `static_rule`: a misspelt rule gets a "did you mean"; `tau` is the dynamic model's key with
    /// its range; rules that cannot honour an option refuse it at its key.
    @Test func staticRuleAndItsOptions() throws {
        let shock = "[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n"
        expectError("table = \"table\"\n[model]\nstatic_rule = \"pichler-famer\"\n" + shock, line: 3, "unknown static rule", "did you mean \"pichler-farmer\"")
        expectError("table = \"table\"\n[model]\ntau = 0.5\n" + shock, line: 3, "tau must be between 1 and 365")
        expectError("table = \"table\"\n[model]\nstatic_rule = \"pichler-farmer\"\ntau = 10\n" + shock, line: 4, "tau is not used by static_rule = \"pichler-farmer\"")
        expectError("table = \"table\"\n[model]\nspare_capacity = 0.1\ndomestic_substitution = 0.5\n" + shock, line: 4, "domestic_substitution is not part of the long-run model", "static_rule = \"pichler-farmer\"")
        let s = try Scenario(path: scenarioFile("table = \"table\"\n[model]\ntau = 20\n" + shock))
        #expect(s.model.staticRule == .longRun && s.model.tau == 20)
        #expect(try Scenario(path: scenarioFile("table = \"table\"\n" + shock)).model.tau == 10)
    }

    @Test func unknownTopLevelKey() {
        expectError("title = \"t\"\ntable = \"table\"\nmodle = 1\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n", line: 3, "unknown key \"modle\"", "did you mean \"model\"")
    }

    @Test func unknownShockKey() {
        expectError("table = \"table\"\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\norigen = \"non-EU\"\n", line: 5, "unknown key \"origen\"", "did you mean \"origin\"")
    }

    @Test func unknownModelParameter() {
        expectError("table = \"table\"\n[model]\ntolerence = 1e-9\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n", line: 3, "[model]", "did you mean \"tolerance\"")
    }

    @Test func unknownProductCode() {
        expectError(importCut(["AA"], cut: 0.5), line: 8, "unknown product code \"AA\"", "did you mean \"A\"")
    }

    @Test(arguments: [1.5, -0.1, 50])
    func cutOutsideZeroOne(cut: Double) {
        expectError(importCut(["A"], cut: cut), line: 10, "cut must be between 0 and 1")
    }

    @Test func percentCutGetsAHint() {
        expectError(importCut(["A"], cut: 50), line: 10, "write a share: 0.5")
    }

    @Test func originTheTableDoesNotHave() {
        expectError(importCut(["A"], origin: "rest-of-Belgium", cut: 0.5), line: 9, "no origin \"rest-of-Belgium\"", "non-EU")
    }

    @Test func unknownOrigin() {
        expectError(importCut(["A"], origin: "non-EEU", cut: 0.5), line: 9, "unknown origin", "did you mean \"non-EU\"")
    }

    @Test func missingTable() {
        expectError("table = \"nowhere\"\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n", line: 1, "does not exist")
    }

    @Test func parameterOfTheWrongType() {
        expectError("table = \"table\"\n[model]\ntolerance = \"small\"\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n", line: 3, "must be a number, found a string")
        expectError("table = \"table\"\n[model]\nmax_iterations = 10.5\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n", line: 3, "must be an integer, found a float")
    }

    @Test func unknownModel() {
        expectError("table = \"table\"\n[model]\nkind = \"supply-constrianed\"\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n", line: 3, "unknown model", "did you mean \"supply-constrained\"")
    }

    @Test func unknownRationingRule() {
        expectError(importCut(["A"], cut: 0.5, rationing: "firms-frist"), line: 6, "did you mean \"firms-first\"")
    }

    @Test func ihsWithoutCriticalityFile() {
        expectError(importCut(["A"], cut: 0.5, criticality: "ihs"), line: 5, "criticality.csv")
    }

    @Test func noShocks() {
        expectError("table = \"table\"\n", line: 1, "no shocks")
    }

    @Test func shockWithoutProducts() {
        expectError("table = \"table\"\n[[shock]]\ncut = 0.5\n", line: 2, "names no products")
    }

    @Test func unknownSection() {
        expectError("table = \"table\"\n[[shock]]\nsections = [\"X\"]\ncut = 0.5\n", line: 3, "unknown NACE section \"X\"")
    }

    @Test func differentDurations() {
        expectError("table = \"table\"\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\nduration_days = 30\n[[shock]]\nproducts = [\"B\"]\nkind = \"capacity\"\nloss = 0.1\nduration_days = 60\n", line: nil, "different durations")
    }

    @Test func leontiefTakesOnlyFinalDemand() {
        expectError("table = \"table\"\n[model]\nkind = \"leontief\"\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n", line: 4, "final-demand shocks only")
    }

    @Test func capacityLossOutOfRange() {
        expectError("table = \"table\"\n[[shock]]\nkind = \"capacity\"\nproducts = [\"A\"]\nloss = 1.2\n", line: 5, "loss must be between 0 and 1")
    }

    @Test func criticalFirstIsForStaticModelsOnly() {
        expectError("table = \"table\"\n[model]\nkind = \"dynamic\"\ninventory_days = 10\nimport_allocation = \"critical-first\"\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n", line: 5, "for the dynamic model")
    }

    @Test func notTOML() {
        expectError("table = \"table\"\n[[shock]\n", line: 2, "expected \"]]\"")
    }
}
