import Foundation
import IOTables
import TestSupport
import Testing

/// `ioshock run` end to end: every example scenario runs and its outputs parse; bad scenarios fail cleanly.
@Suite("ioshock run")
struct RunCommandTests {
    static let examples: [String] = {
        let dir = Fixtures.repositoryPath("scenarios")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
    }()

    @Test func thereAreEnoughExamples() {
        #expect(Self.examples.count >= 7)
    }

    @Test(arguments: examples)
    func exampleScenarioRunsAndItsOutputsParse(name: String) throws {
        let out = Fixtures.temporaryDirectory() + "/run"
        // The dynamic Monte Carlo example runs 160 of its 10,000 draws here: this is the
        // unoptimised debug build, in which a draw's SIMD lanes are generic code (about 0.4 s of
        // CPU a draw, an hour for all of them). The release build runs all 10,000 in 9–12 s
        // (docs/performance.md), and its kernel is tested draw by draw against single runs
        // (DynamicUncertaintyTests).
        let draws = name.hasSuffix("-dynamic-uncertain.toml") ? ["--draws", "160"] : []
        let run = try Fixtures.run(["run", "scenarios/" + name, "--out", out] + draws)
        #expect(run.status == 0, "\(name): \(run.stderr)")
        #expect(run.stdout.contains("## Totals"))
        let impacts = try CSVFile(path: out + "/impacts.csv")
        let header = impacts.strings(row: 0)
        // A multi-regional table (belgium-regions-*) puts its region column first.
        let regional = header.first == "region" ? 1 : 0
        let sectorHeader = Array(header.dropFirst(regional))
        if name.contains("-price-") {  // kind = "price" (docs/scenarios.md): prices, not output changes
            #expect(sectorHeader == ["code", "name", "price_index", "price_change_pct", "cost_push_pct", "rank"])
        } else {
            #expect(Array(sectorHeader.prefix(7)) == ["code", "name", "baseline_output", "output", "output_change", "output_change_pct", "value_added_change"])
        }
        #expect(header.contains("rank"))
        for r in 1..<impacts.rows.count {
            for c in (2 + regional)..<header.count where !["binding", "chain"].contains(header[c]) { #expect(try impacts.number(row: r, field: c).isFinite) }
        }
        let totals = try CSVFile(path: out + "/totals.csv")
        #expect(totals.strings(row: 0) == ["quantity", "baseline", "change", "change_pct"])
        for name in ["impacts.json", "run.json"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(name) is not JSON")
        }
        let run2 = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        let inputs = ((run2?["provenance"] as? [String: Any])?["inputs"] as? [[String: Any]]) ?? []
        #expect(inputs.map { $0["role"] as? String } == ["scenario", "table"])
    }

    @Test func badScenarioFailsWithLineAndNoOutput() throws {
        let dir = Fixtures.directory(with: [
            "s.toml": "table = \"\(Fixtures.repositoryPath("matrices/germany-1995"))\"\n[[shock]]\nkind = \"capacity\"\nproducts = [\"industri_group\"]\nloss = 0.2\n",
        ])
        let out = dir + "/out"
        let run = try Fixtures.run(["run", dir + "/s.toml", "--out", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains("s.toml:4:13: error: unknown product code \"industri_group\""))
        #expect(run.stderr.contains("did you mean \"industry_group\""))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func drawsOnAScenarioWithoutUncertaintyIsRefused() throws {
        let run = try Fixtures.run(["run", "scenarios/pharma-non-eu-40.toml", "--draws", "100"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("has no uncertain values"))
    }

    @Test func jsonOutputIsOneValidObject() throws {
        for name in ["pharma-non-eu-40.toml", "chemicals-non-eu-50-dynamic.toml"] {
            let run = try Fixtures.run(["run", "scenarios/" + name, "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            #expect(object?["run"] != nil && object?["totals"] != nil && (object?["sectors"] as? [Any])?.count == 64)
        }
    }

    @Test func missingScenarioFile() throws {
        let run = try Fixtures.run(["run", "/nonexistent/s.toml"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("/nonexistent/s.toml: error: file not found"))
    }
}

@Suite("ioshock compare")
struct CompareCommandTests {
    @Test func comparesTwoModelsOnTheSameTable() throws {
        let run = try Fixtures.run(["compare", "scenarios/chemicals-non-eu-50.toml", "scenarios/chemicals-non-eu-50-ghosh.toml", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try CSVFile(path: "compare.csv", text: run.stdout)
        #expect(csv.strings(row: 0)[2...4] == ["output_change_a", "output_change_b", "output_change_diff"])
        #expect(csv.rows.count == 66)   // header, 64 sectors, total
        #expect(csv.string(row: 65, field: 0) == "total")
        for r in 1..<csv.rows.count {
            let diff = try csv.number(row: r, field: 3) - csv.number(row: r, field: 2)
            #expect(abs(diff - (try csv.number(row: r, field: 4))) < 1e-6)
        }
    }

    @Test func refusesDifferentTables() throws {
        let dir = Fixtures.directory(with: [
            "g.toml": "table = \"\(Fixtures.repositoryPath("matrices/germany-1995"))\"\n[[shock]]\nkind = \"capacity\"\nproducts = [\"industry_group\"]\nloss = 0.1\n",
        ])
        let run = try Fixtures.run(["compare", "scenarios/chemicals-non-eu-50.toml", dir + "/g.toml"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("g.toml: error: uses the table"), "\(run.stderr)")
        #expect(run.stderr.contains("whose sectors differ from those of scenarios/chemicals-non-eu-50.toml's table"), "\(run.stderr)")
    }

    /// A price scenario has no output changes: compare refuses it, naming the file.
    @Test func refusesAPriceScenario() throws {
        let run = try Fixtures.run(["compare", "scenarios/chemicals-non-eu-50.toml", "scenarios/gas-non-eu-price-300.toml"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("gas-non-eu-price-300.toml: error: is a price scenario"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}

@Suite("ioshock check")
struct CheckCommandTests {
    @Test func everyExampleScenarioPassesTheCheck() throws {
        let run = try Fixtures.run(["check"] + RunCommandTests.examples.map { "scenarios/" + $0 })
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == RunCommandTests.examples.count)
        #expect(run.stdout.contains("ok: scenarios/chemicals-non-eu-50.toml: supply-constrained on flanders-2015; import 20 from non-EU −0.5; 90 days"))
    }

    @Test func aBadFileIsReportedAndTheOthersStillChecked() throws {
        let dir = Fixtures.directory(with: [
            "bad.toml": "table = \"\(Fixtures.repositoryPath("matrices/flanders-2015"))\"\n[[shock]]\nproducts = [\"2O\"]\ncut = 0.5\n",
        ])
        let run = try Fixtures.run(["check", dir + "/bad.toml", "scenarios/pharma-non-eu-40.toml"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.toml:3:13: error: unknown product code \"2O\""))
        #expect(run.stdout.contains("ok: scenarios/pharma-non-eu-40.toml"))
        #expect(run.stderr.contains("1 of 2 scenario file(s) failed the check"))
    }
}

/// `check` and `run` share one validation path (`CheckedScenario`): on each of these files
/// `check` fails exactly when `run` refuses the file, with the same first error line.
@Suite("ioshock check agrees with ioshock run")
struct CheckAgreesWithRunTests {
    static let hand = """
        table = "TABLE"
        [model]
        kind = "KIND"
        EXTRA
        [[shock]]
        products = ["construction"]
        change = -0.1
        SHOCK
        """

    static func file(kind: String, extra: String = "", shock: String = "") -> String {
        let table = Fixtures.repositoryPath("matrices/germany-1995")
        let text = hand.replacingOccurrences(of: "TABLE", with: table).replacingOccurrences(of: "KIND", with: kind)
            .replacingOccurrences(of: "EXTRA", with: extra).replacingOccurrences(of: "SHOCK", with: shock)
        return Fixtures.directory(with: ["s.toml": text]) + "/s.toml"
    }

    static let cases: [(name: String, path: String, ok: Bool)] = [
        // Uncertain values in a dynamic scenario run (issue 15), but not with a duration sweep …
        ("uncertain dynamic", file(kind: "dynamic", extra: "inventory_days = [5, 10]"), true),
        ("uncertain dynamic with a duration sweep", file(kind: "dynamic", extra: "inventory_days = [5, 10]\nsweep_duration_days = [7, 14]"), false),
        // … and integer sweeps whose central value (the median, 999.5 or 110.5) was "not an integer".
        ("integer sweep of max_iterations", file(kind: "supply-constrained", extra: "max_iterations = [999, 1000]"), true),
        ("integer sweep of horizon_days", file(kind: "dynamic-inoperability", extra: "horizon_days = [100, 121]"), true),
        // A draw other than the first breaks a rule: check only parsed draw 0.
        ("a later draw starts after the horizon", file(kind: "dynamic-inoperability", extra: "horizon_days = 100", shock: "start_day = [10, 50, 150]"), false),
        ("a plain good file", file(kind: "leontief"), true),
    ]

    @Test(arguments: cases.indices)
    func checkFailsExactlyWhenRunRefuses(k: Int) throws {
        let (name, path, ok) = Self.cases[k]
        let check = try Fixtures.run(["check", path])
        let run = try Fixtures.run(["run", path, "--format", "csv"])
        #expect((check.status == 0) == ok, "\(name): check \(check.status) \(check.stderr)")
        #expect((run.status == 0) == ok, "\(name): run \(run.status) \(run.stderr)")
        if !ok {
            let firstCheck = check.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(run.stderr.hasPrefix(firstCheck), "\(name): check said \(firstCheck), run said \(run.stderr)")
        }
    }
}
