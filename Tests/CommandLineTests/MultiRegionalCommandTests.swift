import Foundation
import Testing
import TestSupport

/// `ioshock import pymrio`, `ioshock aggregate` and the region column of per-sector outputs, end to end.
@Suite struct MultiRegionalCommandTests {
    static let system = Fixtures.repositoryPath("Tests/Fixtures/pymrio-test")

    static func importedBundle() throws -> String {
        let out = Fixtures.temporaryDirectory() + "/pymrio-test"
        let run = try Fixtures.run(["import", "pymrio", system, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("6 regions, 48 sectors"))
        return out
    }

    @Test func multipliersGainARegionColumn() throws {
        let bundle = try Self.importedBundle()
        let run = try Fixtures.run(["multipliers", bundle, "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first == "region,code,name,output,value_added")
        #expect(lines.count == 49)
        #expect(lines[10].hasPrefix("reg2,mining,mining,"))  // header, 8 sectors of reg1, reg2:food
    }

    @Test func aRunOnTheMultiRegionalTableNamesRegions() throws {
        let bundle = try Self.importedBundle()
        let dir = Fixtures.temporaryDirectory()
        let scenario = dir + "/mining.toml"
        try """
        title = "Mining in reg2 loses 30 % of its capacity"
        table = "\(bundle)"
        [model]
        kind = "supply-constrained"
        criticality = "strict"
        [[shock]]
        kind = "capacity"
        products = ["reg2:mining"]
        loss = 0.3
        """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let run = try Fixtures.run(["run", scenario, "--out", dir + "/out"])
        #expect(run.status == 0, "\(run.stderr)")
        let impacts = try String(contentsOfFile: dir + "/out/impacts.csv", encoding: .utf8)
        #expect(impacts.hasPrefix("region,code,name,baseline_output,"))
        // The shocked sector loses its 30 % and no more (its own capacity binds).
        let mining = try #require(impacts.split(separator: "\n").first { $0.hasPrefix("reg2,mining,") })
        let fields = mining.split(separator: ",")
        let pct = try #require(Double(fields[6]))
        #expect(abs(pct + 30) < 1e-6, "\(mining)")
    }

    @Test func aggregateWritesAReadableBundleWithTheSameTotals() throws {
        let bundle = try Self.importedBundle()
        let out = Fixtures.temporaryDirectory() + "/agg"
        let run = try Fixtures.run(["aggregate", bundle, "--sectors", Fixtures.repositoryPath("Tests/Fixtures/pymrio-test-sectors.csv"),
                                    "--regions", Fixtures.repositoryPath("Tests/Fixtures/pymrio-test-regions.csv"), "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("48 → 6 sectors"))
        let toml = try String(contentsOfFile: out + "/table.toml", encoding: .utf8)
        #expect(toml.contains("regions = [\"north\", \"south\"]"))
        #expect(toml.contains("aggregated by ioshock"))
        let before = try Fixtures.run(["inspect", bundle]), after = try Fixtures.run(["inspect", out])
        func total(_ text: String) -> String? { text.split(separator: "\n").first { $0.hasPrefix("- total output:") }.map(String.init) }
        #expect(total(before.stdout) != nil && total(before.stdout) == total(after.stdout))
    }

    @Test func aggregateBelgiumToA10() throws {
        let out = Fixtures.temporaryDirectory() + "/a10"
        let run = try Fixtures.run(["aggregate", "matrices/belgium-2015", "--sectors", "groups/nace-a10.csv", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let multipliers = try Fixtures.run(["multipliers", out, "--format", "csv"])
        #expect(multipliers.status == 0)
        #expect(multipliers.stdout.hasPrefix("code,name,output,value_added"))
        #expect(multipliers.stdout.split(separator: "\n").count == 11)
    }

    @Test func aggregateNeedsAMapAndRefusesRegionsOfASingleRegionTable() throws {
        let none = try Fixtures.run(["aggregate", "matrices/germany-1995", "--out", Fixtures.temporaryDirectory() + "/x"])
        #expect(none.status != 0 && none.stderr.contains("--sectors FILE, --regions FILE"))
        let regions = try Fixtures.run(["aggregate", "matrices/germany-1995", "--regions", Fixtures.repositoryPath("Tests/Fixtures/pymrio-test-regions.csv"),
                                        "--out", Fixtures.temporaryDirectory() + "/x"])
        #expect(regions.status != 0 && regions.stderr.contains("has one region"))
    }
}

/// `regions = [...]` on capacity and final-demand shocks of a multi-regional table.
@Suite struct RegionShockTests {
    static func scenario(_ shock: String, kind: String = "leontief") throws -> (path: String, dir: String, bundle: String) {
        let bundle = try MultiRegionalCommandTests.importedBundle()
        let dir = Fixtures.temporaryDirectory()
        let path = dir + "/s.toml"
        try "title = \"t\"\ntable = \"\(bundle)\"\n[model]\nkind = \"\(kind)\"\n[[shock]]\n\(shock)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return (path, dir, bundle)
    }

    /// A 10 % fall of final demand for reg1's food only: in the Leontief model Δx = L Δf, and Δf is
    /// −0.1 × reg1:food's final demand in its row alone, so the total output change is
    /// −0.1 f(reg1:food) × (1ᵀL)(reg1:food) = the output multiplier times the demand lost.
    @Test func finalDemandOfOneProducingRegion() throws {
        let (path, dir, bundle) = try Self.scenario("kind = \"final-demand\"\nregions = [\"reg1\"]\nproducts = [\"food\"]\nchange = -0.1")
        let run = try Fixtures.run(["run", path, "--out", dir + "/out"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try String(contentsOfFile: dir + "/out/run.json", encoding: .utf8)  // the shock as run: its sectors
        #expect(json.contains("\"reg1:food\""))
        #expect(!json.contains("\"reg2:food\""))
        // reg1:food's final demand: its row of final_demand.csv (the first data line).
        let demand = try String(contentsOfFile: bundle + "/final_demand.csv", encoding: .utf8).split(separator: "\n")[1]
        #expect(demand.hasPrefix("reg1:food,"))
        let f = demand.split(separator: ",").dropFirst().map { Double($0)! }.reduce(0, +)
        let multipliers = try Fixtures.run(["multipliers", bundle, "--format", "csv"])
        let m = Double(multipliers.stdout.split(separator: "\n")[1].split(separator: ",")[3])!
        let totals = try String(contentsOfFile: dir + "/out/totals.csv", encoding: .utf8)
        let change = Double(totals.split(separator: "\n")[1].split(separator: ",")[2])!
        #expect(abs(change - (-0.1 * f * m)) <= 1e-9 * abs(change), "\(change) vs \(-0.1 * f * m)")
    }

    @Test(arguments: [
        ("kind = \"final-demand\"\nregions = [\"reg7\"]\nproducts = [\"food\"]\nchange = -0.1", "unknown region \"reg7\"", "did you mean"),
        ("kind = \"final-demand\"\nregions = [\"reg2\"]\nproducts = [\"reg1:food\"]\nchange = -0.1", "produced in none of its regions", "code alone"),
        ("kind = \"final-demand\"\nregions = []\nproducts = [\"food\"]\nchange = -0.1", "empty list", "reg1"),
    ])
    func badRegionsAreRefused(shock: String, message: String, hint: String) throws {
        let path = try Self.scenario(shock).path
        let run = try Fixtures.run(["check", path])
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stderr.contains(hint), "\(run.stderr)")
        #expect(run.stderr.contains("s.toml:"))
    }

    @Test func regionsOnASingleRegionTableAreRefused() throws {
        let dir = Fixtures.temporaryDirectory()
        let path = dir + "/s.toml"
        try "title = \"t\"\ntable = \"\(Fixtures.repositoryPath("matrices/germany-1995"))\"\n[model]\nkind = \"leontief\"\n[[shock]]\nkind = \"final-demand\"\nregions = [\"DE\"]\nproducts = [\"agriculture_group\"]\nchange = -0.1\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Fixtures.run(["check", path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("has one region"), "\(run.stderr)")
    }
}
