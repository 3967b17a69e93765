import Foundation
import IOTables
import TestSupport
import Testing

/// The reporting options of issue 12: --groups, --lang nl, compare of N runs of any kind, batch
/// runs, and the dynamic sections of the HTML report.
@Suite("Reporting: groups, languages, compare, batch")
struct ReportingCommandTests {
    static func rows(_ path: String) throws -> [[String]] {
        let csv = try CSVFile(path: path)
        return (0..<csv.rows.count).map { csv.strings(row: $0) }
    }

    @Test func langNLUsesTheDutchNamesOfTheTable() throws {
        let out = Fixtures.temporaryDirectory() + "/nl"
        let run = try Fixtures.run(["run", "scenarios/chemicals-non-eu-50.toml", "--lang", "nl", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let sectors = try Self.rows(Fixtures.repositoryPath("matrices/flanders-2015/sectors.csv"))
        let column = try #require(sectors[0].firstIndex(of: "name_nl"))
        let dutch = Dictionary(uniqueKeysWithValues: sectors.dropFirst().map { ($0[0], $0[column]) })
        let impacts = try Self.rows(out + "/impacts.csv")
        #expect(impacts.count == 65)
        for row in impacts.dropFirst() { #expect(row[1] == dutch[row[0]], "\(row[0])") }
        #expect(run.stdout.contains("Chemische producten"))
        #expect(dutch["20"] == "Chemische producten")
    }

    @Test func langNLOnATableWithoutDutchNamesIsRefused() throws {
        let dir = Fixtures.directory(with: [
            "g.toml": "table = \"\(Fixtures.repositoryPath("matrices/germany-1995"))\"\n[[shock]]\nkind = \"capacity\"\nproducts = [\"industry_group\"]\nloss = 0.1\n",
        ])
        let run = try Fixtures.run(["run", dir + "/g.toml", "--lang", "nl", "--out", dir + "/out"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("germany-1995/sectors.csv:1: error: the table has no column name_nl"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func groupsOptionWritesImpactsByGroupAndRefusesUnknownCodes() throws {
        let out = Fixtures.temporaryDirectory() + "/g"
        let run = try Fixtures.run(["run", "scenarios/chemicals-non-eu-50.toml", "--groups", "groups/nace-a10.csv", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let groups = try Self.rows(out + "/impacts_by_group.csv")
        #expect(groups[0] == ["group", "baseline_output", "output_change", "output_change_pct", "value_added_change", "hours_change", "persons_change"])
        #expect(groups.dropFirst().map { $0[0] } == ["A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"])
        let totals = try Self.rows(out + "/totals.csv")
        let sum = groups.dropFirst().reduce(0.0) { $0 + Double($1[2])! }
        let total = Double(totals[1][2])!
        #expect(abs(sum - total) <= 1e-9 * abs(total))
        #expect(run.stdout.contains("## By group (nace-a10.csv)"))

        let dir = Fixtures.directory(with: ["bad.csv": "code,group\n20,chemistry\n2O,chemistry\n*,other\n"])
        let bad = try Fixtures.run(["run", "scenarios/chemicals-non-eu-50.toml", "--groups", dir + "/bad.csv", "--out", dir + "/out"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.csv:3:1: error: unknown sector code \"2O\""), "\(bad.stderr)")
        #expect(bad.stderr.contains("did you mean"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func checkReadsTheScenariosGroupsFile() throws {
        let dir = Fixtures.directory(with: [
            "good.toml": "table = \"\(Fixtures.repositoryPath("matrices/flanders-2015"))\"\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = 0.5\n[output]\ngroups = \"\(Fixtures.repositoryPath("groups/nace-a10.csv"))\"\n",
            "bad.toml": "table = \"\(Fixtures.repositoryPath("matrices/flanders-2015"))\"\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = 0.5\n[output]\ngroups = \"g.csv\"\n",
            "g.csv": "code,group\n20,chemistry\n",
        ])
        let good = try Fixtures.run(["check", dir + "/good.toml"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("; 10 groups from nace-a10.csv"))
        let bad = try Fixtures.run(["check", dir + "/bad.toml"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("g.csv: error: 63 of the table's 64 sectors are in no group"), "\(bad.stderr)")
    }

    @Test func compareOfThreeScenariosOfDifferentKinds() throws {
        let run = try Fixtures.run(["compare", "scenarios/chemicals-non-eu-50.toml", "scenarios/chemicals-non-eu-50-triage.toml",
                                    "scenarios/chemicals-non-eu-50-dynamic.toml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("`import_allocation: proportional | critical-first | proportional`"))
        #expect(run.stdout.contains("`kind: supply-constrained | supply-constrained | dynamic`"))
        #expect(run.stdout.contains("The runs cover different periods"))
        let csvRun = try Fixtures.run(["compare", "scenarios/chemicals-non-eu-50.toml", "scenarios/chemicals-non-eu-50-triage.toml",
                                       "scenarios/chemicals-non-eu-50-dynamic.toml", "--format", "csv"])
        let csv = try CSVFile(path: "compare.csv", text: csvRun.stdout)
        let header = csv.strings(row: 0)
        #expect(Array(header.prefix(6)) == ["code", "name", "output_change_a", "output_change_b", "output_change_c", "output_change_range"])
        #expect(csv.rows.count == 66)
        var previous = Double.infinity
        var sums = [0.0, 0.0, 0.0]
        for r in 1..<65 {
            let values = try (2...4).map { try csv.number(row: r, field: $0) }
            let range = try csv.number(row: r, field: 5)
            #expect(abs(range - (values.max()! - values.min()!)) < 1e-6)
            #expect(range <= previous + 1e-9, "row \(r) is not in order of the largest difference")
            previous = range
            for k in 0..<3 { sums[k] += values[k] }
        }
        #expect(csv.string(row: 65, field: 0) == "total")
        for k in 0..<3 { #expect(abs(try csv.number(row: 65, field: 2 + k) - sums[k]) < 1e-6 * max(1, abs(sums[k]))) }
    }

    @Test func compareShowsTheBandsOfAMonteCarloRun() throws {
        let run = try Fixtures.run(["compare", "scenarios/chemicals-non-eu-50.toml", "scenarios/chemicals-non-eu-uncertain.toml", "--format", "csv", "--threads", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try CSVFile(path: "compare.csv", text: run.stdout)
        #expect(Array(csv.strings(row: 0).prefix(6)) == ["code", "name", "output_change_a", "output_change_b", "output_change_p5_b", "output_change_p95_b"])
        for r in 1..<csv.rows.count {
            let mean = try csv.number(row: r, field: 3), p5 = try csv.number(row: r, field: 4), p95 = try csv.number(row: r, field: 5)
            #expect(p5 <= mean + 1e-9 && mean <= p95 + 1e-9, "row \(r)")
        }
    }

    @Test func compareWritesAWorkbook() throws {
        let out = Fixtures.temporaryDirectory() + "/compare.xlsx"
        let run = try Fixtures.run(["compare", "scenarios/chemicals-non-eu-50.toml", "scenarios/chemicals-non-eu-50-triage.toml", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(data.prefix(2) == Data("PK".utf8))
        let text = String(decoding: data, as: UTF8.self)
        for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet4.xml", "xl/workbook.xml"] { #expect(text.contains(sheet), "\(sheet)") }
        #expect(!text.contains("xl/worksheets/sheet5.xml"))
    }

    @Test func compareNeedsTwoScenarios() throws {
        let run = try Fixtures.run(["compare", "scenarios/chemicals-non-eu-50.toml"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("at least two scenario files"))
    }

    @Test func batchRunWritesOneDirectoryPerScenarioAndASummary() throws {
        let out = Fixtures.temporaryDirectory() + "/batch"
        let files = ["scenarios/chemicals-non-eu-50.toml", "scenarios/chemicals-non-eu-50-dynamic.toml", "scenarios/pharma-non-eu-40.toml"]
        let run = try Fixtures.run(["run"] + files + ["--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let listing = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        #expect(listing == ["chemicals-non-eu-50", "chemicals-non-eu-50-dynamic", "pharma-non-eu-40", "summary.csv", "summary.md", "summary.xlsx", "batch.json"])
        let summary = try Self.rows(out + "/summary.csv")
        #expect(summary.count == 4)
        #expect(Array(summary[0].prefix(9)) == ["run", "scenario", "title", "table", "kind", "period", "unit", "output_change", "output_change_pct"])
        for (k, row) in summary.dropFirst().enumerated() {
            let dir = out + "/" + row[0]
            #expect(row[1] == files[k])
            #expect(FileManager.default.fileExists(atPath: dir + "/impacts.xlsx"))
            let totals = try Self.rows(dir + "/totals.csv")
            #expect(row[7] == totals[1][2], "\(row[0]): summary \(row[7]) vs totals.csv \(totals[1][2])")
        }
        #expect(summary[2][4] == "dynamic")
        #expect(run.stdout.contains("# Batch of 3 scenarios"))
    }

    @Test func aBatchReplacesAnEarlierBatchButNothingElse() throws {
        let root = Fixtures.temporaryDirectory()
        let out = root + "/batch"
        let first = try Fixtures.run(["run", "scenarios/pharma-non-eu-40.toml", "scenarios/chemicals-non-eu-50.toml", "--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try Fixtures.run(["run", "scenarios/pharma-non-eu-40.toml", "scenarios/metals-non-eu-50.toml", "--out", out])
        #expect(second.status == 0, "\(second.stderr)")
        let listing = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        #expect(listing == ["pharma-non-eu-40", "metals-non-eu-50", "summary.csv", "summary.md", "summary.xlsx", "batch.json"])
        // A single run directory is not a batch directory, and is left as it was.
        let single = root + "/single"
        #expect(try Fixtures.run(["run", "scenarios/pharma-non-eu-40.toml", "--out", single]).status == 0)
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: single))
        let refused = try Fixtures.run(["run", "scenarios/pharma-non-eu-40.toml", "scenarios/metals-non-eu-50.toml", "--out", single])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("not a batch directory written by ioshock"), "\(refused.stderr)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: single)) == before)
    }

    @Test func batchWithABadScenarioWritesNothing() throws {
        let dir = Fixtures.directory(with: ["bad.toml": "table = \"\(Fixtures.repositoryPath("matrices/flanders-2015"))\"\n[[shock]]\nproducts = [\"2O\"]\norigin = \"non-EU\"\ncut = 0.5\n"])
        let run = try Fixtures.run(["run", "scenarios/pharma-non-eu-40.toml", dir + "/bad.toml", "--out", dir + "/out"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.toml:3:"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func reportOfADynamicRunHasItsSections() throws {
        let out = Fixtures.temporaryDirectory() + "/dyn"
        let run = try Fixtures.run(["run", "scenarios/chemicals-non-eu-50-dynamic.toml", "--groups", "groups/flanders-spearhead-clusters.csv", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["impacts_by_section.csv", "impacts_by_group.csv", "impacts.xlsx", "sweep.csv", "stockouts.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
        }
        let report = try Fixtures.run(["report", out])
        #expect(report.status == 0, "\(report.stderr)")
        let html = report.stdout
        #expect(html.contains("<h2>Cost of a disruption of N days</h2>"))
        #expect(html.contains("id=\"chart-sweep\""))
        #expect(html.contains("<h2>Stock-outs</h2>"))
        #expect(html.contains("<h2>By group (flanders-spearhead-clusters.csv)</h2>"))
        #expect(html.contains("<h2>By NACE section</h2>"))
        #expect(html.contains("head count on the worst day"))
        #expect(html.contains("over 365 days"))
        #expect(!html.contains("per year"))
        #expect(html.contains("@page{size:A4 landscape"))
        // Sector names, not bare codes, in the legend of the daily path.
        #expect(!html.contains(">sector "))
        let sweepRows = try Self.rows(out + "/sweep.csv").count - 1
        #expect(html.components(separatedBy: "<h2>Cost of a disruption").last!.components(separatedBy: "</section>")[0].components(separatedBy: "<tr>").count - 2 == sweepRows)
    }
}
