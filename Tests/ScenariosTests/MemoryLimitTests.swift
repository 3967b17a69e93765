import Foundation
import IOTables
@testable import Scenarios
import Testing
import TestSupport

/// Sizes checked before allocating in scenario runs (issue 10, §3): Monte Carlo draws × sectors,
/// and the horizon × sectors of the models with a time axis.
@Suite("Memory limits of runs")
struct MemoryLimitTests {
    /// draws × n × c doubles: 200,000 draws of a 5,000-sector table with 6 columns is
    /// 200,000 · 5,000 · 6 · 8 bytes = 48 GB, over the budget; 2,000 draws (480 MB) fit.
    @Test func monteCarloDrawsTimesSectors() throws {
        let path = scenarioFile("table = \"table\"\n[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\ncut = { distribution = \"uniform\", min = 0.1, max = 0.5 }\n[uncertainty]\ndraws = 200000\n")
        let plan = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: path)))
        #expect(!MemoryBudget.fits(UncertaintyRun.memoryNeeded(draws: 200_000, sectors: 5_000, columns: 6, parameters: 1)))
        #expect(MemoryBudget.fits(UncertaintyRun.memoryNeeded(draws: 2_000, sectors: 5_000, columns: 6, parameters: 1)))
        #expect {
            try UncertaintyRun.checkMemory(plan: plan, sectors: 5_000, columns: 6)
        } throws: { error in
            let e = error as? InputError
            let ok = e?.line == 7 && e?.column == 9 && e?.message.contains("draws = 200000 on a table of 5000 sectors") == true
                && e?.message.contains("more than the 16.0 GiB ioshock plans for") == true && e?.hint?.contains("at most about") == true
            if !ok { Issue.record("got \(error)") }
            return ok
        }
        // From the command line: the message names --draws.
        let overridden = try plan.overriding(draws: 150_000, seed: nil)
        #expect(throws: InputError.self) { try UncertaintyRun.checkMemory(plan: overridden, sectors: 5_000, columns: 6) }
        do { try UncertaintyRun.checkMemory(plan: overridden, sectors: 5_000, columns: 6) } catch { #expect(error.description.contains("--draws 150000")) }
        try UncertaintyRun.checkMemory(plan: plan, sectors: 64, columns: 6)
    }

    /// The dynamic model at the limits: 15,000 sectors need about 9·15,000²·8 + … > 16 GiB.
    @Test func timeAxisTimesSectors() {
        #expect(!MemoryBudget.fits(Scenario.memoryNeeded(kind: .dynamic, horizonDays: 3650, sectors: 15_000)))
        #expect(MemoryBudget.fits(Scenario.memoryNeeded(kind: .dynamic, horizonDays: 3650, sectors: 64)))
        #expect(MemoryBudget.fits(Scenario.memoryNeeded(kind: .dynamicInoperability, horizonDays: 3650, sectors: 2_000)))
        #expect(Scenario.memoryNeeded(kind: .dynamic, horizonDays: Int.max, sectors: Int.max) == nil)
    }
}
