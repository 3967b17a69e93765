import Foundation
import IOModels
import IOTables
import Reports
import Scenarios
import Testing
import TestSupport

/// Import cuts between the regions of a multi-regional system (RegionOrigins.swift,
/// `IOTable.bookingAsImports`), on a chain of three regions worked by hand:
///
///              CN:20  DE:20  BE:20 | CN:hh  DE:hh  BE:hh | output
///     CN:20      0     40     10   |  50     0      0    |  100
///     DE:20      0      0    100   |   0     0      0    |  100
///     BE:20      0      0      0   |   0     0    150    |  150
///     value added 100   60     40
///
/// Germany makes its chemicals from Chinese ones and sells them all to Belgium, which also buys
/// 10 directly from China. Every input is critical (`strict`).
///
/// A 50 % cut of Chinese deliveries to Germany (`origin = ["CN"]`, `to = ["DE"]`):
/// - DE receives half its only input, so in any stationary state it uses what arrives:
///   y_DE = 0.5, x_DE = 50 (whatever τ, since the cut supplier delivers 0.5 of its baseline
///   sales to DE, its only user along that flow);
/// - DE's only customer is BE, which receives all of DE's output: y_BE = 0.5, x_BE = 75, though
///   BE's own purchases from China are not cut — the foreign shock reaches Belgium through its
///   partner;
/// - China loses the sales it cannot ship, half of 40, and BE's orders of its direct input fall
///   to half of 10: x_CN = 50 + 20 + 5 = 75.
/// A 80 % cut towards Belgium only (`to = ["BE"]`) leaves DE's input whole: BE is bound by its
/// Chinese input at y_BE = 0.2 (x_BE = 30), DE sells what BE orders, 0.2 × 100 = 20, and China
/// sells 50 + 0.2 × 10 + 0.2 × 40 = 60.
@Suite("Import cuts between regions of a multi-regional table")
struct CrossBorderShockTests {
    static let labels = "CN:20,DE:20,BE:20"
    static let table: [String: String] = [
        "table.toml": "name = \"chain-3\"\nunit = \"EUR million\"\nregions = [\"CN\", \"DE\", \"BE\"]\n",
        "sectors.csv": "region,code,name\nCN,20,Chemicals\nDE,20,Chemicals\nBE,20,Chemicals\n",
        "Z.csv": "code,\(labels)\nCN:20,0,40,10\nDE:20,0,0,100\nBE:20,0,0,0\n",
        "final_demand.csv": "code,CN:hh,DE:hh,BE:hh\nCN:20,50,0,0\nDE:20,0,0,0\nBE:20,0,0,150\n",
        "value_added.csv": "component,\(labels)\ngross_value_added,100,60,40\n",
    ]

    static func scenario(_ model: String, origin: String = "[\"CN\"]", to: String? = "[\"DE\"]", cut: Double = 0.5) -> String {
        """
        title = "cross-border"
        table = "table"
        [model]
        \(model)
        criticality = "strict"
        [[shock]]
        products = ["20"]
        origin = \(origin)
        \(to.map { "to = \($0)" } ?? "")
        cut = \(cut)
        """
    }

    static let models = [
        ("long-run", "kind = \"supply-constrained\"\ntolerance = 1e-13"),
        ("pichler-farmer", "kind = \"supply-constrained\"\nstatic_rule = \"pichler-farmer\""),
    ]

    @Test(arguments: models.indices)
    func aCutToGermanyReachesBelgiumThroughGermany(index: Int) throws {
        let (name, model) = Self.models[index]
        let result = try run(scenarioFile(Self.scenario(model), table: Self.table))
        let expected = [75.0, 50, 75]
        for j in 0..<3 { #expect(abs(result.output[j] - expected[j]) <= 1e-9, "\(name) \(result.scenario.table.sectorLabels[j]): \(result.output[j])") }
    }

    @Test(arguments: models.indices)
    func aCutToBelgiumOnlyLeavesGermanyItsInput(index: Int) throws {
        let (name, model) = Self.models[index]
        let result = try run(scenarioFile(Self.scenario(model, to: "[\"BE\"]", cut: 0.8), table: Self.table))
        let expected = [60.0, 20, 30]
        for j in 0..<3 { #expect(abs(result.output[j] - expected[j]) <= 1e-9, "\(name) \(result.scenario.table.sectorLabels[j]): \(result.output[j])") }
    }

    /// The dynamic model reaches the same stationary state: a permanent cut from day 0, 5 days of
    /// stock, τ = 10; after 2000 days every sector is at its hand value.
    @Test func theDynamicModelSettlesAtTheHandValues() throws {
        let model = "kind = \"dynamic\"\ninventory_days = 5\nhorizon_days = 2000\ntau = 10"
        let path = try DynamicRunner.simulate(try Scenario(path: scenarioFile(Self.scenario(model), table: Self.table)))
        let expected = [0.75, 0.5, 0.5]
        for j in 0..<3 { #expect(abs(path.ratio(day: 1999, sector: j) - expected[j]) <= 1e-9, "sector \(j): \(path.ratio(day: 1999, sector: j))") }
        // Before the stocks run out Belgium still produces in full.
        #expect(path.ratio(day: 0, sector: 2) == 1)
    }

    /// The view the models run on: Z and final demand lose exactly the moved flows, the new
    /// column holds China's sales along them, rows and columns still add up to output.
    @Test func theCutFlowsAreBookedAsImports() throws {
        let scenario = try Scenario(path: scenarioFile(Self.scenario(Self.models[0].1, to: nil), table: Self.table))
        let t = scenario.table
        #expect(t.intermediate[0, 1] == 0 && t.intermediate[0, 2] == 0 && t.intermediate[1, 2] == 100)
        #expect(t.imports?[0, 1] == 40 && t.imports?[0, 2] == 10)
        #expect(t.finalDemand.labels.last == IOTable.exportsOnCutFlows)
        #expect(t.finalDemand.values[0, 3] == 50 && t.finalDemand.values[0, 0] == 50)
        let rows = zip(t.intermediate.rowSums(), t.totalFinalDemand).map(+)
        #expect(rows == [100, 100, 150])
        #expect(scenario.crossBorder?.exportShare[0] == 0.5)
        #expect(scenario.shocks[0].destinationRegions == ["DE", "BE"])
    }

    @Test func regionGroupsFollowEU27Membership() throws {
        // CN is the only non-EU region; "EU" would be DE and BE.
        let nonEU = try Scenario(path: scenarioFile(Self.scenario(Self.models[0].1, origin: "\"non-EU\"", to: nil), table: Self.table))
        #expect(nonEU.shocks[0].originRegions == ["CN"] && nonEU.shocks[0].sectors == [0])
        let eu = try Scenario(path: scenarioFile(Self.scenario(Self.models[0].1, origin: "\"EU\"", to: nil), table: Self.table))
        #expect(eu.shocks[0].originRegions == ["DE", "BE"] && eu.shocks[0].destinationRegions == ["CN"])
    }

    @Test(arguments: [
        (scenario(models[0].1, origin: "[\"CX\"]"), "unknown region \"CX\"", "did you mean \"CN\""),
        (scenario(models[0].1, origin: "[\"CN\"]", to: "[\"CN\"]"), "both in origin and in to", "capacity shock"),
        (scenario(models[0].1, origin: "[\"CN\", \"DE\", \"BE\"]", to: nil), "covers every region", "leave at least one region"),
        (scenario(models[0].1, origin: "\"all\"", to: nil), "unknown region \"all\"", "regions"),
        (scenario(models[0].1, to: "[]"), "to lists no region", "remove to"),
    ])
    func badOriginsAndDestinationsAreRefused(text: String, message: String, hint: String) throws {
        #expect { try Scenario(path: scenarioFile(text, table: Self.table)) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.message.contains(message) && (e.hint ?? "").lowercased().contains(hint.lowercased()) && e.line != nil
        }
    }

    /// An uncertain cut on the chain: in every draw Belgium and Germany lose exactly the drawn
    /// share c (y = 1 − c, as in the hand case) and China c (40 + 10)/100 of its output; the
    /// summary of a multi-regional table starts with `region`.
    @Test func uncertainCutsKeepTheHandFormulaAndTheRegionColumn() throws {
        let text = Self.scenario(Self.models[0].1).replacingOccurrences(of: "cut = 0.5", with: "cut = { distribution = \"uniform\", min = 0.2, max = 0.8 }")
            + "\n[uncertainty]\ndraws = 40\nseed = 3\n"
        let p = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: scenarioFile(text, table: Self.table))))
        let report = UncertaintyReport(run: try UncertaintyRun(plan: p, threads: 2))
        let summary = report.summaryTable()
        #expect(Array(summary.columns.prefix(3)) == ["region", "code", "name"])
        #expect(summary.csv().contains("\n,total,Total economy,"))
        let draws = report.drawsTable()
        let cut = try #require(draws.columns.firstIndex { $0.contains("cut") })
        let change = try #require(draws.columns.firstIndex(of: "output_change"))
        for row in draws.rows {
            guard case let .number(c, _) = row[cut], case let .number(total, _) = row[change] else { Issue.record("cells"); continue }
            // −c (100 + 150) from DE and BE, −c · 50 from China (its 40 to DE and 10 via BE's orders).
            #expect(abs(total + 300 * c) <= 1e-3, "cut \(c): \(total)")
        }
    }

    @Test func aSingleRegionTableRefusesTo() throws {
        let text = importCut(["A"], cut: 0.5) + "\nto = [\"DE\"]\n"
        #expect { try Scenario(path: scenarioFile(text)) } throws: { error in
            (error as? InputError)?.message.contains("to names destination regions") == true
        }
    }

    @Test func aMissingOriginIsRefused() throws {
        let text = Self.scenario(Self.models[0].1).replacingOccurrences(of: "origin = [\"CN\"]\n", with: "")
        #expect { try Scenario(path: scenarioFile(text, table: Self.table)) } throws: { error in
            (error as? InputError)?.message.contains("names the regions it cuts in \"origin\"") == true
        }
    }
}
