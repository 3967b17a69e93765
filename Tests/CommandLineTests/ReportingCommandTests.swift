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

    /// The review's cases (2026-12-06): a batch directory whose run directory holds the user's
    /// files, or a new scenario's name that is the user's directory, is refused and left as it
    /// was; so is a run directory where a file's name is a directory. Before, each exited 0 and
    /// deleted the files.
    @Test func aBatchOrRunNeverDeletesFilesPutInsideIt() throws {
        let root = Fixtures.temporaryDirectory()
        let out = root + "/batch"
        let files = ["scenarios/pharma-non-eu-40.toml", "scenarios/chemicals-non-eu-50.toml"]
        #expect(try Fixtures.run(["run"] + files + ["--out", out]).status == 0)
        try "notes".write(toFile: out + "/pharma-non-eu-40/notes.txt", atomically: true, encoding: .utf8)
        let notes = try Fixtures.run(["run"] + files + ["--out", out])
        #expect(notes.status == 1)
        #expect(notes.stderr.contains("pharma-non-eu-40: error: is a run directory written by ioshock but also holds files ioshock does not write there (notes.txt)"), "\(notes.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/pharma-non-eu-40/notes.txt"))
        try FileManager.default.removeItem(atPath: out + "/pharma-non-eu-40/notes.txt")
        // A directory of the user's that has the name of a new scenario's run.
        try FileManager.default.createDirectory(atPath: out + "/metals-non-eu-50", withIntermediateDirectories: false)
        try "thesis".write(toFile: out + "/metals-non-eu-50/thesis.tex", atomically: true, encoding: .utf8)
        let thesis = try Fixtures.run(["run", "scenarios/pharma-non-eu-40.toml", "scenarios/metals-non-eu-50.toml", "--out", out])
        #expect(thesis.status == 1)
        #expect(thesis.stderr.contains("metals-non-eu-50: error: is a non-empty directory that is not a run directory written by ioshock"), "\(thesis.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/metals-non-eu-50/thesis.tex"))
        // A single run directory with a directory where totals.csv goes.
        let single = root + "/single"
        #expect(try Fixtures.run(["run", "scenarios/pharma-non-eu-40.toml", "--out", single]).status == 0)
        try FileManager.default.removeItem(atPath: single + "/totals.csv")
        try FileManager.default.createDirectory(atPath: single + "/totals.csv", withIntermediateDirectories: false)
        try "p".write(toFile: single + "/totals.csv/data.txt", atomically: true, encoding: .utf8)
        let totals = try Fixtures.run(["run", "scenarios/pharma-non-eu-40.toml", "--out", single])
        #expect(totals.status == 1)
        #expect(totals.stderr.contains("its totals.csv is a directory, where ioshock writes a file"), "\(totals.stderr)")
        #expect(FileManager.default.fileExists(atPath: single + "/totals.csv/data.txt"))
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
    /// The cells of each row of the report's goods section, tags stripped.
    static func goodsRows(_ html: String) throws -> [[String]] {
        let section = try #require(html.components(separatedBy: "<section id=\"goods\">").dropFirst().first?.components(separatedBy: "</section>").first)
        return section.components(separatedBy: "<tr>").dropFirst(2).map { row in
            row.matches(of: /<td[^>]*>(.*?)<\/td>/).map { String($0.output.1) }
        }
    }

    /// A goods run's report lists each good beside the impacts of the sectors it hits. On the
    /// synthetic sample (data/trade-sample, Belgium's imports in 2022, thousand USD; non-EU is
    /// outside the EU-28 of the table's year):
    /// - 850511 (CHN 900) and 854449 (CHN 1500, KOR 1500) both map onto CPA 27, whose non-EU
    ///   imports are 900 + 3000 = 3900: cut 0.5 of both goods is 0.5 × 3900 / 3900 = 0.5 of 27;
    /// - 870380 from China (600 of CPA 29's non-EU 900, KOR 300): cut 0.8 is 0.8 × 600 / 900 of
    ///   29, for user 29 only.
    @Test func reportOfAGoodsRunShowsTheDependencyListBesideTheImpacts() throws {
        let sample = Fixtures.repositoryPath("data/trade-sample")
        let scenario = """
        title = "goods report"
        table = "\(Fixtures.repositoryPath("matrices/belgium-2015"))"
        [model]
        kind = "supply-constrained"
        [trade]
        data = ["\(sample)/BACI_HS17_Y2022_synthetic.csv"]
        country_codes = "\(sample)/country_codes_synthetic.csv"
        correspondence = "\(sample)/hs6_cpa_synthetic.csv"
        reporter = "BEL"
        year = 2022
        [[shock]]
        goods = ["850511", "854449"]
        cut = 0.5
        [[shock]]
        goods = ["870380"]
        origin = ["CHN"]
        cut = 0.8
        users = ["29"]

        """
        let dir = Fixtures.directory(with: ["goods.toml": scenario])
        let run = try Fixtures.run(["run", dir + "/goods.toml", "--out", dir + "/out"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/run.json"))) as? [String: Any]
        let translation = try #require(json?["goods_translation"] as? [[String: Any]])
        #expect(translation.map { $0["goods_values"] as? [Double] ?? [] } == [[900, 3000], [600]])
        let report = try Fixtures.run(["report", dir + "/out"])
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Self.goodsRows(report.stdout)
        let impacts = try Self.rows(dir + "/out/impacts.csv")
        func impact(_ code: String, _ column: String) -> Double { Double(impacts.first { $0[0] == code }![impacts[0].firstIndex(of: column)!])! }
        func number(_ text: String) -> Double? { Double(text.replacingOccurrences(of: ",", with: "")) }
        #expect(rows.count == 3, "\(rows)")
        guard rows.count == 3 else { return }
        // 850511: the product cells span the product's two goods.
        #expect(rows[0][0] == "850511" && rows[0][1].hasPrefix("27 ") && rows[0][2] == "non-EU")
        #expect(number(rows[0][3]) == 900 && number(rows[0][4]) == 3900 && number(rows[0][5]) == 0.5 && number(rows[0][6]) == 0.5)
        #expect(abs(number(rows[0][7])! - impact("27", "output_change")) < 0.05 && abs(number(rows[0][8])! - impact("27", "output_change_pct")) < 0.005)
        #expect(impact("27", "output_change") < 0 && rows[0][9] == "every user of imported 27")
        #expect(rows[1] == ["854449", "3,000.0"])
        // 870380 from China to user 29 only: the user's own output change in %.
        #expect(rows[2][0] == "870380" && rows[2][1].hasPrefix("29 ") && rows[2][2] == "CHN")
        #expect(number(rows[2][3]) == 600 && number(rows[2][4]) == 900 && number(rows[2][5]) == 0.8)
        #expect(abs(number(rows[2][6])! - 0.8 * 600 / 900) < 1e-4)
        let user = try #require(rows[2][9].split(separator: " ").last.flatMap { Double($0) })
        #expect(rows[2][9].hasPrefix("29 ") && abs(user - impact("29", "output_change_pct")) < 0.005 && user < 0)
    }
}
