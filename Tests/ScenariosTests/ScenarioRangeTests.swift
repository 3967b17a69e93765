import Foundation
import IOTables
import Scenarios
import Testing
import TestSupport

/// Every numeric key of the scenario format is checked exactly as `ScenarioKeys` declares it (and
/// as docs/scenarios.md says): values at a closed bound run, values beyond a bound, at an open
/// bound or (integer keys) between integers are refused at the key's line and column.
@Suite("Scenario ranges")
struct ScenarioRangeTests {
    /// A scenario with `key = value` on a line of its own; returns the text and that line.
    static func scenario(_ key: String, _ value: String) -> (text: String, line: Int) {
        var lines = ["title = \"range test\"", "table = \"table\""]
        var keyLine = 0
        func add(_ line: String) { lines.append(line) }
        func put(_ k: String, _ fallback: String?) {
            if k == key { add("\(tomlKey(key)) = \(value)"); keyLine = lines.count } else if let fallback { add("\(tomlKey(k)) = \(fallback)") }
        }
        switch key {
        case "price_change":
            add("[model]"); add("kind = \"price\"")
            add("[[shock]]"); add("kind = \"import-price\""); add("products = [\"A\"]"); add("origin = \"non-EU\""); put("price_change", nil)
        case "change (value-added)":
            add("[model]"); add("kind = \"price\"")
            add("[[shock]]"); add("kind = \"value-added\""); add("products = [\"A\"]"); put(key, nil)
        case "initial_inoperability":
            add("[model]"); add("kind = \"dynamic-inoperability\""); put("initial_inoperability", nil)
            add("[[shock]]"); add("products = [\"C\"]"); add("change = -0.1")
        case "cut", "substitution", "spare_capacity", "domestic_substitution", "tolerance", "max_iterations":
            add("[model]"); add("kind = \"supply-constrained\"")
            // domestic_substitution belongs to the Pichler–Farmer rule (the long-run default refuses it).
            if key == "domestic_substitution" { add("static_rule = \"pichler-farmer\"") }
            for k in ["substitution", "spare_capacity", "domestic_substitution", "tolerance", "max_iterations"] { put(k, nil) }
            add("[[shock]]"); add("products = [\"A\"]"); add("origin = \"non-EU\""); put("cut", "0.5")
        case "loss":
            add("[model]"); add("kind = \"supply-constrained\"")
            add("[[shock]]"); add("kind = \"capacity\""); add("products = [\"B\"]"); put("loss", nil)
        case "change":
            add("[model]"); add("kind = \"leontief\"")
            add("[[shock]]"); add("products = [\"C\"]"); put("change", nil)
        case "residual_fraction":
            add("[model]"); add("kind = \"dynamic-inoperability\""); put("residual_fraction", nil)
            add("[[shock]]"); add("products = [\"C\"]"); add("change = -0.1")
        case "year":
            // [trade] on a BACI file with rows in 1900, 2000 and 2100 (the bounds and the middle).
            add("[model]"); add("kind = \"supply-constrained\"")
            add("[trade]"); add("data = [\"\(tradeFixture)/baci.csv\"]"); add("country_codes = \"\(tradeFixture)/codes.csv\"")
            add("correspondence = \"\(tradeFixture)/hs6_cpa.csv\""); add("reporter = \"BEL\""); put("year", nil)
            add("[[shock]]"); add("products = [\"A\"]"); add("origin = \"non-EU\""); add("cut = 0.5")
        case "top", "relaxations":
            add("[model]"); add("kind = \"leontief\"")
            add("[[shock]]"); add("products = [\"C\"]"); add("change = -0.1")
            add("[output]"); put(key, nil)
        default:  // the dynamic model: horizon, recovery, stocks, shock timing
            add("[model]"); add("kind = \"dynamic\"")
            put("inventory_days", "10")
            for k in ["horizon_days", "recovery_days", "tau", "demand_response"] { put(k, nil) }
            add("[[shock]]"); add("products = [\"A\"]"); add("origin = \"non-EU\""); add("cut = 0.5")
            put("start_day", nil); put("duration_days", nil)
        }
        precondition(keyLine > 0, "no place for \(key)")
        return (lines.joined(separator: "\n") + "\n", keyLine)
    }

    /// Trade files for the `[trade]` year: one flow into Belgium in each of 1900, 2000 and 2100.
    static let tradeFixture = Fixtures.directory(with: [
        "baci.csv": "t,i,j,k,v,q\n1900,156,56,850511,1,1\n2000,156,56,850511,1,1\n2100,156,56,850511,1,1\n",
        "codes.csv": "country_code,country_name,country_iso2,country_iso3\n56,Belgium,BE,BEL\n156,China,CN,CHN\n",
        "hs6_cpa.csv": "hs6,cpa\n850511,27.11.62\n",
    ])

    static let scenarioKeys = ScenarioKeys.numeric.keys.filter { $0 != "draws" && $0 != "seed" }.sorted()

    /// The key as written in a file: `change (value-added)` is written `change`.
    static func tomlKey(_ entry: String) -> String { String(entry.prefix { $0 != " " }) }

    static func text(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    }

    /// Values a key must accept: its closed bounds and one value inside.
    static func inside(_ r: NumericRange) -> [Double] {
        var values: [Double] = []
        if !r.lowerOpen { values.append(r.lower) }
        if !r.upperOpen { values.append(r.upper) }
        let mid = r.upper.isFinite ? (r.lower + r.upper) / 2 : r.lower + 2.5
        values.append(r.integer ? mid.rounded(.down) : mid)
        return values
    }

    /// Values a key must refuse: just beyond or at its open bounds, and a fraction for integers.
    static func outside(_ r: NumericRange) -> [Double] {
        var values = [r.lowerOpen ? r.lower : r.integer ? r.lower - 1 : r.lower.nextDown]
        if r.lower == 1 && !r.integer { values += [0.5, 1e-300] }
        if r.upper.isFinite { values.append(r.upperOpen ? r.upper : r.integer ? r.upper + 1 : r.upper.nextUp) }
        return values
    }

    @Test(arguments: scenarioKeys)
    func boundsAreAcceptedAsDeclared(key: String) throws {
        let range = try #require(ScenarioKeys.range(of: key))
        for v in Self.inside(range) {
            let (text, _) = Self.scenario(key, Self.text(v))
            #expect(throws: Never.self, "\(key) = \(v) must be accepted (\(range.docNotation))") { try Scenario(path: scenarioFile(text)) }
        }
    }

    @Test(arguments: scenarioKeys)
    func valuesBeyondTheBoundsAreRefusedAtTheKey(key: String) throws {
        let range = try #require(ScenarioKeys.range(of: key))
        for v in Self.outside(range) {
            let (text, line) = Self.scenario(key, Self.text(v))
            #expect(performing: { try Scenario(path: scenarioFile(text)) }, throws: { error in
                guard let e = error as? InputError else { return false }
                let ok = e.line == line && e.column == Self.tomlKey(key).count + 4 && e.message.contains("\(Self.tomlKey(key)) must be \(range.phrase)")
                if !ok { Issue.record("\(key) = \(v): \(e)") }
                return ok
            })
        }
    }

    @Test(arguments: scenarioKeys.filter { ScenarioKeys.range(of: $0)!.integer })
    func integerKeysRefuseFractions(key: String) throws {
        let range = try #require(ScenarioKeys.range(of: key))
        let (text, line) = Self.scenario(key, "\(range.lower + 0.5)")
        #expect(performing: { try Scenario(path: scenarioFile(text)) }, throws: { error in
            (error as? InputError).map { $0.line == line && $0.message.contains("must be an integer") } ?? false
        })
    }

    @Test func theIssueCasesAreRefused() {
        // duration_days = 0.5 and 1e-300 ran although docs and message said [1, 3650].
        for value in ["0.5", "1e-300", "0", "3650.5"] {
            let (text, line) = Self.scenario("duration_days", value)
            #expect(performing: { try Scenario(path: scenarioFile(text)) }, throws: { error in
                (error as? InputError).map { $0.line == line && $0.message.contains("duration_days must be between 1 and 3650") } ?? false
            })
        }
        // A static model takes durations in [1, 3650] too.
        let cut = importCut(["A"], cut: 0.5) + "\nduration_days = 0.5\n"
        #expect(throws: InputError.self) { try Scenario(path: scenarioFile(cut)) }
        // recovery_days of the dynamic IIM had no upper bound.
        let iim = "table = \"table\"\n[model]\nkind = \"dynamic-inoperability\"\nrecovery_days = 4000\n[[shock]]\nproducts = [\"C\"]\nchange = -0.1\n"
        #expect(performing: { try Scenario(path: scenarioFile(iim)) }, throws: { error in
            (error as? InputError).map { $0.line == 4 && $0.message.contains("recovery_days must be between 1 and 3650") } ?? false
        })
    }

    @Test func sweptDurationsAndSectorStocksUseTheSameRanges() {
        let sweep = Self.scenario("horizon_days", "400").text.replacingOccurrences(of: "horizon_days = 400", with: "horizon_days = 400\nsweep_duration_days = [7, 0.5]")
        #expect(performing: { try Scenario(path: scenarioFile(sweep)) }, throws: { error in
            (error as? InputError).map { $0.column == 27 && $0.message.contains("must be between 1 and 3650, found 0.5") } ?? false
        })
        let stocks = Self.scenario("tau", "10").text.replacingOccurrences(of: "tau = 10", with: "tau = 10\n[model.inventory_days_by_sector]\nB = 3651")
        #expect(performing: { try Scenario(path: scenarioFile(stocks)) }, throws: { error in
            (error as? InputError).map { $0.message.contains("inventory days for B must be between 0 and 3650, found 3651") } ?? false
        })
    }

    /// The doc's tables give each key's range in the notation `NumericRange.docNotation` prints,
    /// and no other range.
    @Test(arguments: ScenarioKeys.numeric.keys.sorted())
    func docsStateTheDeclaredRange(key: String) throws {
        let doc = try String(contentsOfFile: Fixtures.repositoryPath("docs/scenarios.md"), encoding: .utf8)
        let range = try #require(ScenarioKeys.range(of: key))
        let notation = /(number|integer) (in [\[(][^\]\)]*[\]\)]|[≥>] −?[0-9.]+)/
        var stated: [String] = []
        for line in doc.split(separator: "\n") where line.hasPrefix("|") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            // `change` and `change` (value-added) are two entries: a qualified entry matches its
            // qualified cell only, a plain one any cell naming the key without a qualifier.
            let name = Self.tomlKey(key), qualifier = key.count > name.count ? String(key.dropFirst(name.count + 1)) : nil
            func names(_ cell: String) -> Bool {
                if let qualifier { return cell == "`\(name)` \(qualifier)" }
                return cell.contains("`\(name)`") && !cell.contains("`\(name)` (")
            }
            guard let keyCell = cells.firstIndex(where: names), keyCell <= 1, cells.count > keyCell + 1 else { continue }
            let typeCell = cells[keyCell + 1]
            if let match = typeCell.firstMatch(of: notation) { stated.append(String(match.output.0)) }
        }
        #expect(!stated.isEmpty, "docs/scenarios.md gives no range for \(key); it is \(range.docNotation)")
        #expect(stated.allSatisfy { $0 == range.docNotation }, "docs/scenarios.md gives \(stated) for \(key); it is \(range.docNotation)")
    }
}
