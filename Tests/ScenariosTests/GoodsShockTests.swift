import Foundation
import IOTables
import Reports
@testable import Scenarios
import TestSupport
import Testing

/// Goods shocks on the synthetic BACI sample (data/trade-sample) and the Belgium 2015 table.
/// Imports of Belgium in 2022 from that sample (thousand USD), as the translation reads them;
/// "non-EU" is outside the EU-28 of 2015, the year of the table's import_origin.csv:
///   CPA 27: 850511 from CHN 900 (and DEU 100, EU); 854449 from CHN 1500, KOR 1500 (DEU 2000, EU)
///           → non-EU imports of 27 = 900 + 3000 = 3900.
///   CPA 20: 280530 from CHN 400; 290110 from USA 3000 (GBR 1000 and NLD 2000 are EU-28)
///           → non-EU imports of 20 = 3400 (4400 if the UK counted as non-EU).
///   CPA 29: 870380 from CHN 600, KOR 300 (DEU 100, EU) → 900.
@Suite("goods shocks and named users")
struct GoodsShockTests {
    static let sample = Fixtures.repositoryPath("data/trade-sample")
    static let bundle = Fixtures.repositoryPath("matrices/belgium-2015")

    static var trade: String {
        """
        [trade]
        data = ["\(sample)/BACI_HS17_Y2022_synthetic.csv"]
        country_codes = "\(sample)/country_codes_synthetic.csv"
        correspondence = "\(sample)/hs6_cpa_synthetic.csv"
        reporter = "BEL"
        year = 2022
        """
    }

    static func scenario(_ shocks: String, model: String = "kind = \"supply-constrained\"", trade: Bool = true) -> String {
        scenarioFile("title = \"goods\"\ntable = \"TABLE\"\n[model]\n\(model)\n" + (trade ? Self.trade : "") + "\n" + shocks, bundle: bundle)
    }

    static func parseError(_ path: String) -> InputError {
        do { _ = try Scenario(path: path) } catch { return error }
        Issue.record("no error for \(path)")
        return InputError(file: "", "")
    }

    static func expectSameImpacts(_ a: ScenarioResult, _ b: ScenarioResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.output.count == b.output.count, sourceLocation: sourceLocation)
        for (j, (x, y)) in zip(a.output, b.output).enumerated() {
            #expect(abs(x - y) <= 1e-12 * max(1, abs(y)), "sector \(j): \(x) vs \(y)", sourceLocation: sourceLocation)
        }
        #expect(a.output != a.baselineOutput || b.output == b.baselineOutput, sourceLocation: sourceLocation)
    }

    @Test func goodsShockEqualsTheCPAShockWrittenByHand() throws {
        let goods = try Scenario(path: Self.scenario("[[shock]]\ngoods = [\"850511\"]\norigin = \"non-EU\"\ncut = 0.5\n"))
        // cut_27 = 0.5 × 900 / 3900.
        let cut = 0.5 * 900.0 / 3900.0
        #expect(goods.shocks.count == 1 && goods.shocks[0].sectors == [goods.table.index(of: "27")!] && goods.shocks[0].origins == ["non_eu"])
        #expect(abs(goods.shocks[0].size - cut) < 1e-15)
        let t = goods.goodsTranslation[0]
        #expect(t.goodsValue == 900 && t.productValue == 3900 && t.goods == ["850511"])
        let hand = try Scenario(path: Self.scenario("[[shock]]\nproducts = [\"27\"]\norigin = \"non-EU\"\ncut = \(cut)\n", trade: false))
        Self.expectSameImpacts(try ScenarioRunner.run(goods), try ScenarioRunner.run(hand))
    }

    @Test func nonEUMeansTheTableYearsEU() throws {
        // 280530 is all of Belgium's non-EU-28 imports of CPA 20 but 400 / 3400 of them.
        let s = try Scenario(path: Self.scenario("[[shock]]\ngoods = [\"280530\"]\ncut = 1\n"))
        #expect(abs(s.shocks[0].size - 400.0 / 3400.0) < 1e-15 && s.trade?.membershipYear == 2015)
    }

    @Test func countryOriginsAndTiming() throws {
        // 870380 from China: cut_29 = 0.8 × 600 / 900 (China and Korea are the non-EU suppliers).
        let s = try Scenario(path: Self.scenario("[[shock]]\ngoods = [\"870380\"]\norigin = [\"CHN\"]\ncut = 0.8\nduration_days = 90\n"))
        #expect(abs(s.shocks[0].size - 0.8 * 600.0 / 900.0) < 1e-15 && s.shocks[0].durationDays == 90 && s.shocks[0].originName == "CHN")
        // Two goods of two products: one shock per product.
        let two = try Scenario(path: Self.scenario("[[shock]]\ngoods = [\"850511\", \"280530\", \"854449\"]\ncut = 1\n"))
        #expect(two.shocks.map { two.table.codes[$0.sectors[0]] } == ["20", "27"])
        #expect(abs(two.shocks[1].size - 1.0) < 1e-15 && abs(two.shocks[0].size - 400.0 / 3400.0) < 1e-15)
    }

    @Test func goodsFileWithDependentOnly() throws {
        let file = Fixtures.directory(with: ["dependencies.csv": "hs6,cpa,dependent\n850511,27,true\n854449,27,false\n970500,,true\n"]) + "/dependencies.csv"
        let s = try Scenario(path: Self.scenario("[[shock]]\ngoods_file = \"\(file)\"\ndependent_only = true\ncut = 0.5\n"))
        // 850511 as above; 970500 maps nowhere and is recorded, not dropped.
        #expect(s.shocks.count == 1 && abs(s.shocks[0].size - 0.5 * 900.0 / 3900.0) < 1e-15)
        let unmapped = s.goodsTranslation.first { $0.product == nil }
        #expect(unmapped?.goods == ["970500"] && unmapped?.reason?.contains("not in the correspondence") == true)
        let all = try Scenario(path: Self.scenario("[[shock]]\ngoods_file = \"\(file)\"\ncut = 0.5\n"))
        #expect(abs(all.shocks[0].size - 0.5) < 1e-15)  // 850511 and 854449: all 3900 of 27
    }

    @Test func badGoodsShocksArePositioned() throws {
        let gbr = Self.parseError(Self.scenario("[[shock]]\ngoods = [\"850511\"]\norigin = [\"GBR\"]\ncut = 1\n"))
        #expect(gbr.line == 13 && gbr.message.contains("in the EU in 2015"))
        let typo = Self.parseError(Self.scenario("[[shock]]\ngoods = [\"850511\"]\norigin = [\"CHM\"]\ncut = 1\n"))
        #expect(typo.line == 13 && typo.hint?.contains("CHN") == true)
        let unmapped = Self.parseError(Self.scenario("[[shock]]\ngoods = [\"850511\", \"970500\"]\ncut = 1\n"))
        #expect(unmapped.line == 12 && unmapped.column == 20 && unmapped.message.contains("maps onto no product"))
        let noTrade = Self.parseError(Self.scenario("[[shock]]\ngoods = [\"850511\"]\ncut = 1\n", trade: false))
        #expect(noTrade.message.contains("[trade]"))
        let both = Self.parseError(Self.scenario("[[shock]]\ngoods = [\"850511\"]\nproducts = [\"27\"]\ncut = 1\n"))
        #expect(both.message.contains("not products"))
        let cut = Self.parseError(Self.scenario("[[shock]]\ngoods = [\"850511\"]\ncut = 50\n"))
        #expect(cut.line == 13 && cut.hint?.contains("0.5") == true)
        let reporter = Self.parseError(scenarioFile("table = \"TABLE\"\n" + Self.trade.replacingOccurrences(of: "\"BEL\"", with: "\"BLE\"") + "\n[[shock]]\ngoods = [\"850511\"]\ncut = 1\n", bundle: Self.bundle))
        #expect(reporter.line == 6 && reporter.hint?.contains("BEL") == true)
    }

    /// A misspelt `[trade]` key is named with the key it stands for, also when that key is
    /// required (the misspelling is reported, not the missing key); `year` has its declared range.
    @Test(arguments: [("yaer", "year"), ("reportr", "reporter"), ("country_code", "country_codes"), ("formt", "format")])
    func misspeltTradeKeysGetADidYouMean(typo: String, key: String) throws {
        let text = Self.trade.replacingOccurrences(of: key == "format" ? "reporter =" : "\(key) =", with: key == "format" ? "formt = \"baci\"\nreporter =" : "\(typo) =")
        let e = Self.parseError(scenarioFile("table = \"TABLE\"\n" + text + "\n[[shock]]\ngoods = [\"850511\"]\ncut = 1\n", bundle: Self.bundle))
        let line = 2 + text.split(separator: "\n").firstIndex { $0.hasPrefix(typo + " ") }!
        #expect(e.line == line && e.column == 1 && e.message.contains("unknown key \"\(typo)\"") && e.hint?.contains("did you mean \"\(key)\"") == true, "\(e)")
    }

    @Test func tradeYearIsAnIntegerInItsDeclaredRange() throws {
        let range = try #require(ScenarioKeys.range(of: "year"))
        #expect(range == .integers(1900, 2100))
        for (value, message) in [("1899", "year must be an integer between 1900 and 2100, found 1899"), ("2022.5", "must be an integer")] {
            let path = scenarioFile("table = \"TABLE\"\n" + Self.trade.replacingOccurrences(of: "year = 2022", with: "year = \(value)") + "\n[[shock]]\ngoods = [\"850511\"]\ncut = 1\n", bundle: Self.bundle)
            let bad = Self.parseError(path)
            #expect(bad.line == 7 && bad.message.contains(message), "\(bad)")
        }
    }

    @Test func usersCutOnlyTheirOwnPurchases() throws {
        let rule = "kind = \"supply-constrained\"\nstatic_rule = \"pichler-farmer\""
        let restricted = try Scenario(path: Self.scenario("[[shock]]\nproducts = [\"27\"]\norigin = \"non-EU\"\ncut = 0.6\nusers = [\"29\", \"28\"]\n", model: rule, trade: false))
        let everyone = try Scenario(path: Self.scenario("[[shock]]\nproducts = [\"27\"]\norigin = \"non-EU\"\ncut = 0.6\n", model: rule, trade: false))
        let table = restricted.table
        let p = table.index(of: "27")!, users = [table.index(of: "28")!, table.index(of: "29")!]
        #expect(restricted.shocks[0].users == users.sorted())
        let rho = ShockTranslation(scenario: restricted).importAvailability()
        let all = ShockTranslation(scenario: everyone).importAvailability()
        for j in 0..<table.count {
            // Users named: exactly the availability of the unrestricted cut; everyone else: 1.
            #expect(rho[p, j] == (users.contains(j) ? all[p, j] : 1), "\(table.codes[j])")
        }
        #expect(all[p, users[1]] < 1)
        // Less is cut, so less output is lost.
        func lost(_ r: ScenarioResult) -> Double { zip(r.output, r.baselineOutput).reduce(0) { $0 + $1.0 - $1.1 } }
        let lostRestricted = lost(try ScenarioRunner.run(restricted)), lostAll = lost(try ScenarioRunner.run(everyone))
        #expect(lostRestricted > lostAll && lostRestricted < 0)
    }

    @Test func usersNamingEveryUserIsTheUnrestrictedShock() throws {
        // On the hand table only B buys imported A: users = ["B"] is the whole cut, users = ["C"] none.
        func pichlerFarmer(_ text: String) -> String { text.replacingOccurrences(of: "[model]\n", with: "[model]\nstatic_rule = \"pichler-farmer\"\n") }
        let b = try run(scenarioFile(pichlerFarmer(importCut(["A"], cut: 0.5) + "\nusers = [\"B\"]\n")))
        let whole = try run(scenarioFile(pichlerFarmer(importCut(["A"], cut: 0.5))))
        Self.expectSameImpacts(b, whole)
        let c = try run(scenarioFile(pichlerFarmer(importCut(["A"], cut: 0.5) + "\nusers = [\"C\"]\n")))
        #expect(c.output == c.baselineOutput && whole.output != whole.baselineOutput)
    }

    /// Product P is imported by two sectors that do not trade with each other:
    ///
    ///         P    A    B  | final | output      imports of P (non-EU): A 10, B 10
    ///     P   0   10   10  |   80  |  100        value added: P 100, A 80, B 80
    ///     A   0    0    0  |  100  |  100
    ///     B   0    0    0  |  100  |  100
    static let twoUsers: [String: String] = [
        "table.toml": "name = \"two-users\"\nunit = \"EUR million\"\nprimary_inputs = [\"gross_value_added\"]\n",
        "sectors.csv": "code,name,nace_section\nP,Parts,C\nA,Alpha,C\nB,Beta,C\n",
        "Z.csv": "code,P,A,B\nP,0,10,10\nA,0,0,0\nB,0,0,0\n",
        "final_demand.csv": "code,households\nP,80\nA,100\nB,100\n",
        "value_added.csv": "component,P,A,B\ngross_value_added,100,80,80\n",
        "output.csv": "code,output\nP,100\nA,100\nB,100\n",
        "imports.csv": "code,P,A,B\nP,0,10,10\nA,0,0,0\nB,0,0,0\n",
        "import_origin.csv": "code,euro_area,rest_of_eu,non_eu\nP,0,0,20\nA,0,0,0\nB,0,0,0\n",
        "employment.csv": "code,hours,persons\nP,1,10\nA,1,10\nB,1,10\n",
    ]

    /// A 50 % cut of imported P to user A only, strict criticality, τ = 10, one-day stocks (the
    /// long-run rule; the dynamic model after ten years). A's purchases are a supplier of their
    /// own with a = 0.5 of A's baseline imports. At a stationary state deliveries equal use,
    /// o r = y_A, and the share received is r = a / o (o > a), so y_A = o r = a = 0.5; the stock
    /// s = 1 + τ (δ_A − y_A / r) = 1 + 10 (1 − 1.05) = 0.5 = y_A confirms it (r = 10/21,
    /// o = 1.05 < δ_A + 1/τ = 1.1). B's purchases of P are untouched and B buys nothing from A:
    /// y_B = 1. P sells 10 % of its output to A, whose orders fall to y_A: δ_P = 1 + 0.1 (0.5 − 1)
    /// = 0.95. The same cut for every user gives y_A = y_B = 0.5 and δ_P = 0.9. The
    /// Pichler–Farmer rule (ρ_PA = 0.5, ρ_PB = 1) gives the same outputs.
    @Test(arguments: ["long-run", "dynamic", "pichler-farmer"])
    func aCutToOneUserLeavesAnIndependentUserWhole(rule: String) throws {
        func outputs(users: String) throws -> [Double] {
            let model = switch rule {
            case "dynamic": "kind = \"dynamic\"\ninventory_days = 1\nhorizon_days = 3650\ntau = 10"
            case "pichler-farmer": "kind = \"supply-constrained\"\nstatic_rule = \"pichler-farmer\""
            default: "kind = \"supply-constrained\"\ntau = 10\ntolerance = 1e-13"
            }
            let text = "title = \"users\"\ntable = \"table\"\n[model]\n\(model)\n[[shock]]\nproducts = [\"P\"]\norigin = \"non-EU\"\ncut = 0.5\n\(users)"
            let scenario = try Scenario(path: scenarioFile(text, table: Self.twoUsers))
            if rule == "dynamic" {
                let path = try DynamicRunner.simulate(scenario)
                return (0..<3).map { path.ratio(day: path.days - 1, sector: $0) }
            }
            let r = try ScenarioRunner.run(scenario)
            return zip(r.output, r.baselineOutput).map { $0 / $1 }
        }
        let onlyA = try outputs(users: "users = [\"A\"]\n"), everyone = try outputs(users: "")
        for (y, expected) in zip(onlyA, [0.95, 0.5, 1.0]) { #expect(abs(y - expected) < 1e-7, "\(rule), users = [A]: \(onlyA)") }
        for (y, expected) in zip(everyone, [0.9, 0.5, 0.5]) { #expect(abs(y - expected) < 1e-7, "\(rule), every user: \(everyone)") }
    }

    /// Without shocks that name users the conditions carry no split (the unsplit path, unchanged).
    @Test func noUsersNoSplit() throws {
        let plain = try Scenario(path: scenarioFile(importCut(["A"], cut: 0.5), table: handTable))
        #expect(DynamicRunner.conditions(ShockTranslation(scenario: plain)).byUser == nil)
        let named = try Scenario(path: scenarioFile(importCut(["A"], cut: 0.5) + "\nusers = [\"B\"]\n", table: handTable))
        let split = try #require(DynamicRunner.conditions(ShockTranslation(scenario: named)).byUser)
        #expect(split.named[0 + 1 * 3] && split.named.filter { $0 }.count == 1 && split.foreign[0 + 1 * 3] == 0.5)
    }

    @Test func usersAreRefusedWhereTheModelCannotHonourThem() throws {
        let allocation = Self.parseError(Self.scenario("[[shock]]\nproducts = [\"27\"]\norigin = \"non-EU\"\ncut = 0.6\nusers = [\"29\"]\n",
                                                       model: "kind = \"supply-constrained\"\nstatic_rule = \"pichler-farmer\"\nimport_allocation = \"industries-first\"", trade: false))
        #expect(allocation.message.contains("proportional"))
        let capacity = Self.parseError(Self.scenario("[[shock]]\nproducts = [\"27\"]\nloss = 0.2\nusers = [\"29\"]\n", trade: false))
        #expect(capacity.message.contains("import shocks"))
        let unknown = Self.parseError(Self.scenario("[[shock]]\nproducts = [\"27\"]\ncut = 0.2\nusers = [\"290\"]\n", trade: false))
        #expect(unknown.line == 9 && unknown.hint?.contains("29") == true)
    }

    @Test func runJSONRecordsTheTranslation() throws {
        let s = try Scenario(path: Self.scenario("[[shock]]\ngoods = [\"850511\"]\ncut = 0.5\n"))
        let json = JSONValue.object(ImpactReport.scenarioJSON(s)).rendered()
        #expect(json.contains("\"goods_translation\"") && json.contains("\"product_value\": 3900") && json.contains("\"goods_value\": 900"))
    }
}
