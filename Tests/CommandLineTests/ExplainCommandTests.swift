import Foundation
import IOTables
import TestSupport
import Testing

/// `ioshock run` writes the explanation of a supply-constrained run; `ioshock explain` and
/// `ioshock report` read it back.
@Suite("ioshock explain")
struct ExplainCommandTests {
    /// The headline scenario, run once into a temporary directory.
    static let headline: String = {
        let out = Fixtures.temporaryDirectory() + "/run"
        _ = try? Fixtures.run(["run", "scenarios/chemicals-non-eu-50.toml", "--out", out])
        return out
    }()

    @Test func runWritesTheExplanationFiles() throws {
        let out = Self.headline
        let supply = try CSVFile(path: out + "/supply.csv")
        #expect(supply.strings(row: 0) == ["product", "origin", "user", "baseline", "delivered", "lost"])
        var lost = 0.0
        var users: Set<String> = []
        for r in 1..<supply.rows.count {
            let baseline = try supply.number(row: r, field: 3), delivered = try supply.number(row: r, field: 4), l = try supply.number(row: r, field: 5)
            #expect(abs(baseline - delivered - l) <= 1e-9 * max(1, abs(baseline)), "line \(r + 1)")
            lost += l
            users.insert(supply.strings(row: r)[2])
        }
        #expect(users.contains("re_exports") && users.contains("household_consumption") && users.contains("35"))
        // supply_by_product.csv's lost is the sum of supply.csv's.
        let byProduct = try CSVFile(path: out + "/supply_by_product.csv")
        #expect(byProduct.strings(row: 1)[0] == "20")
        #expect(abs(try byProduct.number(row: 1, field: 3) - lost) <= 1e-9 * lost)
        // decomposition.csv adds up to totals.csv's output change.
        let d = try CSVFile(path: out + "/decomposition.csv")
        #expect(d.strings(row: 0) == ["component", "output_change", "value_added_change"])
        var sum = 0.0
        for r in 1..<(d.rows.count - 1) { sum += try d.number(row: r, field: 1) }
        let totals = try CSVFile(path: out + "/totals.csv")
        let total = try totals.number(row: 1, field: 2)
        #expect(d.strings(row: d.rows.count - 1)[0] == "total")
        #expect(abs(sum - total) <= 1e-9 * abs(total))
        // impacts.csv and impacts.json carry binding and chain; every chain ends at the shock.
        let impacts = try CSVFile(path: out + "/impacts.csv")
        let header = impacts.strings(row: 0)
        let b = try #require(header.firstIndex(of: "binding")), c = try #require(header.firstIndex(of: "chain"))
        for r in 1..<impacts.rows.count where try impacts.number(row: r, field: 4) < 0 {
            #expect(!impacts.strings(row: r)[b].isEmpty)
            #expect(impacts.strings(row: r)[c].hasSuffix("imported 20 (non-EU)"), "\(impacts.strings(row: r)[0]): \(impacts.strings(row: r)[c])")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/impacts.json"))) as! [String: Any]
        let sectors = json["sectors"] as! [[String: Any]]
        #expect(sectors.allSatisfy { $0["binding"] is String && $0["chain"] is String })
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as! [String: Any]
        let explanation = try #require(run["explanation"] as? [String: Any])
        #expect(abs((explanation["missing_imports"] as! Double) - lost) <= 1e-9 * lost)
        let ratios = try #require(explanation["loss_per_unit_of_missing_imports"] as? [String: Double])
        #expect(abs(ratios["output"]! - -total / lost) <= 1e-9 * ratios["output"]!)
    }

    @Test func explainsOneSectorLinkByLink() throws {
        let run = try Fixtures.run(["explain", Self.headline, "--sector", "35"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("35 (Electricity, gas, steam and air conditioning): output -"))
        #expect(run.stdout.contains("Bound by its imports of 20"))
        #expect(run.stdout.contains("1. 35 <- imported 20 (non-EU): 35 receives"))
        #expect(run.stdout.contains("Relaxed (20 not critical for 35)"))
    }

    @Test func overviewAndPrintedTableExplainThemselves() throws {
        let overview = try Fixtures.run(["explain", Self.headline])
        #expect(overview.status == 0)
        #expect(overview.stdout.contains("Imports of 20 (Chemicals and chemical products) lost:"))
        #expect(overview.stdout.contains("shocked_products_own_sectors"))
        let printed = try Fixtures.run(["run", "scenarios/chemicals-non-eu-50.toml"])
        #expect(printed.stdout.contains("## Why"))
        #expect(printed.stdout.contains("**Supply lost**"))
        #expect(printed.stdout.contains("### Top chains"))
        #expect(printed.stdout.contains("### Decomposition"))
    }

    /// An uncertain run explains its central run: the files are there and `explain` reads them.
    @Test func anUncertainRunExplainsItsCentralRun() throws {
        let out = Fixtures.temporaryDirectory() + "/run"
        let run = try Fixtures.run(["run", "scenarios/chemicals-non-eu-uncertain.toml", "--draws", "20", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["supply.csv", "supply_by_product.csv", "chains.csv", "decomposition.csv", "criticality_drivers.csv", "impacts_summary.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
        }
        #expect(try Fixtures.run(["explain", out, "--sector", "35"]).status == 0)
    }

    @Test func unknownSectorGetsADidYouMean() throws {
        let run = try Fixtures.run(["explain", Self.headline, "--sector", "62-36"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no sector \"62-36\""))
        #expect(run.stderr.contains("did you mean \"62-63\""))
    }

    @Test func aRunWithoutChainsIsRefused() throws {
        let out = Fixtures.temporaryDirectory() + "/run"
        #expect(try Fixtures.run(["run", "scenarios/exports-non-eu-demand-leontief.toml", "--out", out]).status == 0)
        let run = try Fixtures.run(["explain", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains("chains.csv"))
    }

    @Test func reportHasTheExplanationSections() throws {
        let run = try Fixtures.run(["report", Self.headline])
        #expect(run.status == 0)
        for heading in ["Where the missing supply went", "Why the sectors fell", "Decomposition of the loss", "Which criticality entries carry the loss"] {
            #expect(run.stdout.contains("<h2>\(heading)</h2>"), "\(heading)")
        }
        #expect(run.stdout.contains("id=\"chart-decomposition\""))
        #expect(run.stdout.contains("id=\"chart-supply\""))
    }
}

/// `[output] relaxations` bounds the explanation's re-solves; the impacts do not depend on it.
@Suite("[output] relaxations")
struct RelaxationBudgetTests {
    static func run(_ relaxations: Int?) throws -> String {
        let dir = Fixtures.temporaryDirectory("ioshock-relax")
        var text = try String(contentsOfFile: Fixtures.repositoryPath("scenarios/chemicals-non-eu-50.toml"), encoding: .utf8)
            .replacingOccurrences(of: "\"../matrices/flanders-2015\"", with: "\"\(Fixtures.repositoryPath("matrices/flanders-2015"))\"")
        if let relaxations { text = text.replacingOccurrences(of: "[output]\n", with: "[output]\nrelaxations = \(relaxations)\n") }
        try text.write(toFile: dir + "/s.toml", atomically: true, encoding: .utf8)
        let run = try Fixtures.run(["run", dir + "/s.toml", "--out", dir + "/out"])
        #expect(run.status == 0, "\(run.stderr)")
        return dir + "/out"
    }

    static func solves(_ out: String) throws -> Int? {
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return ((json?["explanation"] as? [String: Any])?["solves"] as? NSNumber)?.intValue
    }

    /// The headline on flanders-2015 (64 sectors) makes more than 3 distinct relaxations by
    /// default; with relaxations = 3 it makes 3, with 0 none: chains.csv keeps its links but
    /// their regained cells (the last two columns) are empty, criticality_drivers.csv has only its
    /// header. impacts.csv is byte-identical in the three runs.
    @Test func theBudgetIsKeptAndTheImpactsDoNotChange() throws {
        let full = try Self.run(nil), three = try Self.run(3), none = try Self.run(0)
        #expect(try Self.solves(full).map { $0 > 3 } == true)
        #expect(try Self.solves(three) == 3)
        #expect(try Self.solves(none) == 0)
        let impacts = try String(contentsOfFile: full + "/impacts.csv", encoding: .utf8)
        #expect(try String(contentsOfFile: three + "/impacts.csv", encoding: .utf8) == impacts)
        #expect(try String(contentsOfFile: none + "/impacts.csv", encoding: .utf8) == impacts)
        let chains = try CSVFile(path: none + "/chains.csv")
        #expect(chains.rows.count > 1)
        for r in 1..<chains.rows.count { #expect(chains.strings(row: r).suffix(2) == ["", ""], "line \(r + 1)") }
        #expect(try CSVFile(path: none + "/criticality_drivers.csv").rows.count == 1)
    }

    @Test func aBudgetOutsideItsRangeIsRefusedAtItsLine() throws {
        let dir = Fixtures.directory(with: ["s.toml": "table = \"\(Fixtures.repositoryPath("matrices/flanders-2015"))\"\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = 0.5\n[output]\nrelaxations = -1\n"])
        let run = try Fixtures.run(["check", dir + "/s.toml"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("s.toml:7:15: error: relaxations must be"), "\(run.stderr)")
    }
}
