import Foundation
import IOModels
import IOTables
import Reports
import Scenarios
import Testing
import TestSupport

/// `kind = "price"` scenarios: the hand table worked by hand, the homogeneity identity through
/// origins, final-use imports and purchases from the rest of the country (flanders-2015), the
/// report's columns, and the refusals.
@Suite("Price model scenarios")
struct PriceScenarioTests {
    func priceScenario(_ shocks: String) -> String {
        "table = \"table\"\n[model]\nkind = \"price\"\n" + shocks
    }

    /// Hand table (ScenarioFixtures): A = 0 column; B buys 20 of A, 10 of imported non-EU A and
    /// 70 of value added per 100; C buys 30 of B and 70 of value added. Unit costs:
    ///   p_A = 1;  p_B = 0.2 p_A + 0.1 p_m + 0.7;  p_C = 0.3 p_B + 0.7.
    /// Non-EU A +300 % (p_m = 4): p_B = 0.2 + 0.4 + 0.7 = 1.3, p_C = 0.39 + 0.7 = 1.09.
    /// Final demand is (80, 70, 100) of domestic products and no imports:
    ///   cost 80 · 0 + 70 · 0.3 + 100 · 0.09 = 30 more on 250, +12 %.
    @Test func importPriceShockOnTheHandTable() throws {
        let result = try run(scenarioFile(priceScenario("[[shock]]\nkind = \"import-price\"\nproducts = [\"A\"]\norigin = \"non-EU\"\nprice_change = 3.0\n")))
        let prices = try #require(result.prices)
        for (p, hand) in zip(prices.result.priceIndex, [1, 1.3, 1.09]) { #expect(abs(p - hand) < 1e-12) }
        #expect(result.output == result.baselineOutput)
        // The hand table names no household_consumption column, so the basket is all final demand.
        #expect(prices.costs.map(\.quantity) == ["final_demand"])
        let all = prices.costs[0]
        #expect(all.baseline == 250 && abs(all.change - 30) < 1e-9 && abs(all.changePercent - 12) < 1e-9)
        // The EU origin is not cut: nothing moves.
        let eu = try run(scenarioFile(priceScenario("[[shock]]\nkind = \"import-price\"\nproducts = [\"A\"]\norigin = \"EU\"\nprice_change = 3.0\n")))
        #expect(eu.prices!.result.priceIndex.allSatisfy { $0 == 1 })
    }

    /// Value added per unit of C +10 % (0.7 → 0.77): p_C = 1.07, the others unchanged (nobody buys C);
    /// of B +10 %: p_B = 1.07, p_C = 1 + 0.3 · 0.07 = 1.021. Two shocks on one sector combine
    /// multiplicatively: +10 % twice is +21 %, p_C = 1 + 0.7 · 0.21 = 1.147.
    @Test func valueAddedShocksOnTheHandTable() throws {
        func prices(_ shocks: String) throws -> [Double] { try run(scenarioFile(priceScenario(shocks))).prices!.result.priceIndex }
        let shock = { (code: String) in "[[shock]]\nkind = \"value-added\"\nproducts = [\"\(code)\"]\nchange = 0.1\n" }
        for (p, hand) in zip(try prices(shock("C")), [1, 1, 1.07]) { #expect(abs(p - hand) < 1e-12) }
        for (p, hand) in zip(try prices(shock("B")), [1, 1.07, 1.021]) { #expect(abs(p - hand) < 1e-12) }
        #expect(abs(try prices(shock("C") + shock("C"))[2] - 1.147) < 1e-12)
    }

    /// Every import price (every origin, rest of the country included) and every sector's value added
    /// +k: every price index, and the cost of household consumption (domestic and imported), exports
    /// and all final demand, rise by exactly k.
    @Test(arguments: [0.25, 3.0])
    func everyPrimaryCostUpByKOnFlanders(k: Double) throws {
        let bundle = Fixtures.repositoryPath("matrices/flanders-2015")
        let codes = try IOTable(bundle: bundle).codes.map { "\"\($0)\"" }.joined(separator: ", ")
        let text = "table = \"TABLE\"\n[model]\nkind = \"price\"\n[[shock]]\nkind = \"import-price\"\nproducts = [\(codes)]\norigin = \"all\"\nprice_change = \(k)\n"
            + "[[shock]]\nkind = \"value-added\"\nproducts = [\(codes)]\nchange = \(k)\n"
        let result = try run(scenarioFile(text, bundle: bundle))
        let prices = try #require(result.prices)
        for p in prices.result.priceIndex { #expect(abs(p - (1 + k)) < 1e-12 * (1 + k)) }
        #expect(prices.origins == ["euro_area", "rest_of_eu", "non_eu", "rest_of_country"])
        #expect(prices.costs.map(\.quantity) == ["household_consumption", "exports", "final_demand"])
        for cost in prices.costs { #expect(abs(cost.change - k * cost.baseline) < 1e-9 * cost.baseline) }
        #expect(prices.exportColumns == ["exports_euro_area", "exports_rest_of_eu", "exports_non_eu", "exports_rest_of_country"])
    }

    /// The household basket includes its import content at the import price: on the hand table with
    /// households buying 10 of imported non-EU A (import_final.csv), +300 % on non-EU A adds 30 more.
    @Test func householdImportContentGetsTheImportPriceDirectly() throws {
        var table = handTable
        table["table.toml"] = "name = \"hand-3\"\nunit = \"EUR million\"\nprimary_inputs = [\"gross_value_added\"]\nhousehold_consumption = \"households\"\n"
        table["import_final.csv"] = "code,households\nA,10\nB,0\nC,0\n"
        table["import_origin.csv"] = "code,euro_area,rest_of_eu,non_eu\nA,0,0,20\nB,0,0,0\nC,0,0,0\n"
        let result = try run(scenarioFile(priceScenario("[[shock]]\nkind = \"import-price\"\nproducts = [\"A\"]\norigin = \"non-EU\"\nprice_change = 3.0\n"), table: table))
        let households = try #require(result.prices?.costs.first { $0.quantity == "household_consumption" })
        // Domestic: +30 on 250 (as above); imported A: 10 · 3 = 30 on 10.
        #expect(households.baseline == 260 && abs(households.change - 60) < 1e-9)
    }

    /// impacts.csv of a price run has the documented columns; the Markdown shows the costs.
    @Test func reportColumns() throws {
        let result = try run(scenarioFile(priceScenario("[[shock]]\nkind = \"import-price\"\nproducts = [\"A\"]\norigin = \"non-EU\"\nprice_change = 3.0\n")))
        let report = ImpactReport(result: result)
        let csv = report.sectorTable(limit: nil, forDisplay: false).csv()
        #expect(csv.hasPrefix("code,name,price_index,price_change_pct,cost_push_pct,rank\n"))
        #expect(csv.contains("B,Beta,1.3") && csv.contains(",30,1\n"))
        #expect(report.totalsTable().csv().hasPrefix("quantity,baseline,change,change_pct\n"))
        let text = report.markdown(top: 5)
        #expect(text.contains("## Totals: cost of final use") && text.contains("largest price rise first"))
    }

    /// The run directory of a price run has impacts.csv, totals.csv, impacts.json, run.json (no
    /// sections), and `ioshock report` renders it with the price chart and the cost cards.
    @Test func runDirectoryAndHTMLReport() throws {
        let result = try run(scenarioFile(priceScenario("[[shock]]\nkind = \"import-price\"\nproducts = [\"A\"]\norigin = \"non-EU\"\nprice_change = 3.0\n")))
        let dir = Fixtures.temporaryDirectory() + "/run"
        try ImpactReport(result: result).write(to: dir)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files == ["impacts.csv", "impacts.json", "impacts.xlsx", "run.json", "totals.csv"])
        let html = try HTMLReport(run: try RunDirectory(path: dir)).html()
        #expect(html.contains("Products with the largest price rises") && html.contains("Cost of all final demand"))
        #expect(html.contains("B Beta") && !html.contains("Sectors with the largest losses"))
    }

    @Test(arguments: [
        ("[model]\nkind = \"price\"\n[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\ncut = 0.5\n", "takes import-price and value-added shocks"),
        ("[model]\nkind = \"supply-constrained\"\n[[shock]]\nkind = \"import-price\"\nproducts = [\"A\"]\nprice_change = 1\n", "only the price model"),
        ("[model]\nkind = \"price\"\n[[shock]]\nkind = \"import-price\"\nproducts = [\"A\"]\nprice_change = -1\n", "above −1"),
        ("[model]\nkind = \"price\"\n[[shock]]\nkind = \"import-price\"\nproducts = [\"A\"]\n", "needs \"price_change\""),
        ("[model]\nkind = \"price\"\n[[shock]]\nkind = \"import-price\"\nproducts = [\"A\"]\norigin = \"Mars\"\nprice_change = 1\n", "unknown origin"),
        ("[model]\nkind = \"price\"\n[[shock]]\nkind = \"value-added\"\nproducts = [\"A\"]\nchange = -1.5\n", "above −1"),
        ("[model]\nkind = \"price\"\n[[shock]]\nkind = \"value-added\"\nproducts = [\"A\"]\nprice_change = 0.1\n", "needs \"change\""),
        ("[model]\nkind = \"prices\"\n[[shock]]\nkind = \"value-added\"\nproducts = [\"A\"]\nchange = 0.1\n", "did you mean"),
    ])
    func badPriceScenariosAreRefused(body: String, message: String) {
        #expect {
            try Scenario(path: scenarioFile("table = \"table\"\n" + body))
        } throws: { error in
            let ok = (error as? InputError)?.description.contains(message) == true
            if !ok { Issue.record("got: \(error)") }
            return ok
        }
    }

    /// The kind is inferred from price_change, as it is from cut, loss and change.
    @Test func priceChangeImpliesImportPrice() throws {
        let s = try Scenario(path: scenarioFile(priceScenario("[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\nprice_change = 1\n")))
        #expect(s.shocks[0].kind == .importPrice && s.shocks[0].origins == ["non_eu"])
    }
}
