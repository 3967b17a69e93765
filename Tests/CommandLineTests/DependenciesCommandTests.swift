import Foundation
import TestSupport
import Testing

/// `ioshock dependencies` end to end on the synthetic sample (data/trade-sample).
@Suite("ioshock dependencies")
struct DependenciesCommandTests {
    static let sample = Fixtures.repositoryPath("data/trade-sample")

    static func arguments(out: String, method: String = "geodep", extra: [String] = []) -> [String] {
        ["dependencies"] + (2020...2022).flatMap { ["--trade", "\(sample)/BACI_HS17_Y\($0)_synthetic.csv"] }
            + ["--country-codes", "\(sample)/country_codes_synthetic.csv", "--correspondence", "\(sample)/hs6_cpa_synthetic.csv",
               "--table", Fixtures.repositoryPath("matrices/belgium-2015"), "--reporter", "BEL", "--year", "2022", "--method", method, "--out", out] + extra
    }

    @Test func writesTheListTheSummariesAndARunnableScenario() throws {
        let out = Fixtures.temporaryDirectory("ioshock-dep") + "/dependencies"
        let run = try Fixtures.run(Self.arguments(out: out, extra: ["--ecosystems", "\(Self.sample)/ecosystems_synthetic.csv"]))
        #expect(run.status == 0, "\(run.stderr)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        #expect(files == ["dependencies.csv", "summary_by_product.csv", "summary_by_ecosystem.csv", "unmapped.csv", "scenario.toml", "dependencies.json"])
        let csv = try String(contentsOfFile: out + "/dependencies.csv", encoding: .utf8)
        #expect(csv.hasPrefix("hs6,cpa,hhi_imports,hhi_world_exports,import_export_ratio,years_held,dependent,"))
        // Leading zeros restored, the range product found, the dependent goods of the sample's README.
        #expect(csv.contains("\n010121,01,") && csv.contains("\n071080,10-12,") && csv.contains("\n260300,05-09,"))
        let dependent = csv.split(separator: "\n").filter { $0.contains(",true,") }.map { String($0.prefix(6)) }
        #expect(dependent == ["280530", "850511", "970500"])
        #expect(try String(contentsOfFile: out + "/unmapped.csv", encoding: .utf8).contains("970500,,not in the correspondence file,true,80"))
        let summary = try String(contentsOfFile: out + "/summary_by_product.csv", encoding: .utf8)
        #expect(summary.contains("\n(unmapped),") && summary.contains("\ntotal,all goods imported,10,3,"))
        // The scenario it wrote checks and runs as it is.
        let check = try Fixtures.run(["check", out + "/scenario.toml"])
        #expect(check.status == 0 && check.stdout.contains("import 20 from CHN") && check.stdout.contains("import 27 from CHN"), "\(check.stdout)\(check.stderr)")
        // A second run replaces the directory it wrote.
        #expect(try Fixtures.run(Self.arguments(out: out, method: "ec2021")).status == 0)
        #expect(try String(contentsOfFile: out + "/dependencies.csv", encoding: .utf8).contains("extra_eu_share"))
        #expect(!FileManager.default.fileExists(atPath: out + "/summary_by_ecosystem.csv"))
    }

    @Test func errorsNameTheFileLineAndFix() throws {
        let dir = Fixtures.directory(with: ["bad.csv": "t,i,j,k,v,q\n2022,156,56,850511,1,NA\n2022,157,56,850511,1,NA\n"])
        var args = Self.arguments(out: dir + "/out", method: "ec2021")
        args[args.firstIndex(of: "--trade")! + 1] = dir + "/bad.csv"
        let bad = try Fixtures.run(args)
        #expect(bad.status == 1 && bad.stderr.contains("bad.csv:3:2: error: country code 157 is not in"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
        var reporter = Self.arguments(out: dir + "/out2")
        reporter[reporter.firstIndex(of: "BEL")!] = "BLE"
        let typo = try Fixtures.run(reporter)
        #expect(typo.status == 1 && typo.stderr.contains("did you mean \"BEL\""), "\(typo.stderr)")
        let window = try Fixtures.run(Self.arguments(out: dir + "/out3", extra: ["--min-years", "4"]))
        #expect(window.status != 0 && window.stderr.contains("--min-years must be between 1 and the window (3)"), "\(window.stderr)")
        let comext = try Fixtures.run(Self.arguments(out: dir + "/out4", extra: ["--format", "comext"]))
        #expect(comext.status != 0 && comext.stderr.contains("world exports"), "\(comext.stderr)")
    }
}
