import Foundation
import Testing
import TestSupport

/// `ioshock regionalise --interregional` and a run on matrices/belgium-regions-2015 end to end.
@Suite struct InterregionalCommandTests {
    static let census = Fixtures.sharedPath("data/statbel-census-2011/working-population-by-place-of-work.csv")

    @Test func interregionalWritesAProductiveBundle() throws {
        let out = Fixtures.temporaryDirectory() + "/belgium-regions"
        let run = try Fixtures.run(["regionalise", "matrices/belgium-2015", "--employment", Self.census, "--interregional", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("Flanders 504808.7"))
        let inspect = try Fixtures.run(["inspect", out])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("Interregional FLQ, δ = 0.3"))
    }

    @Test func regionAndInterregionalExcludeEachOther() throws {
        let out = Fixtures.temporaryDirectory() + "/x"
        let both = try Fixtures.run(["regionalise", "matrices/belgium-2015", "--employment", Self.census, "--interregional",
                                     "--region", "Flanders", "--out", out])
        #expect(both.status != 0)
        #expect(both.stderr.contains("--region and --interregional exclude each other"))
        let neither = try Fixtures.run(["regionalise", "matrices/belgium-2015", "--employment", Self.census, "--out", out])
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("missing --region"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// impacts_by_region.csv: one row per region, in table order, adding up to totals.csv.
    @Test func runWritesImpactsByRegion() throws {
        let out = Fixtures.temporaryDirectory() + "/regions-run"
        let run = try Fixtures.run(["run", "scenarios/belgium-regions-chemicals-non-eu-50.toml", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: out + "/impacts_by_region.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.hasPrefix("region,baseline_output,output_change,output_change_pct,value_added_change") == true)
        #expect(lines.dropFirst().map { String($0.split(separator: ",")[0]) } == ["Flanders", "Wallonia", "Brussels"])
        let change = lines.dropFirst().reduce(0.0) { $0 + Double($1.split(separator: ",")[2])! }
        let totals = try String(contentsOfFile: out + "/totals.csv", encoding: .utf8).split(separator: "\n")
        let output = Double(totals[1].split(separator: ",")[2])!
        #expect(abs(change - output) <= 0.2, "regions \(change) vs total \(output)")
        #expect(change < 0)
    }
}
