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
