import Foundation
import IOTables
@testable import Reports
import Scenarios
import Testing
import TestSupport

/// Groups files (`--groups`, `[output] groups`) and impacts_by_group.csv: parsing with positioned
/// errors, sums on the hand-worked table, and the shipped groups/ files on the real tables.
@Suite("Groups")
struct GroupsTests {
    static let codes = ["A", "B", "C"]

    /// The message of the error `body` throws ("" and an issue when it throws none).
    func errorText(_ body: () throws -> Void) -> String {
        do {
            try body()
            Issue.record("no error")
            return ""
        } catch {
            return String(describing: error)
        }
    }

    func groups(_ text: String) throws -> SectorGroups {
        try SectorGroups(path: Fixtures.directory(with: ["g.csv": text]) + "/g.csv", codes: Self.codes)
    }

    @Test func aRestRowTakesTheSectorsNotListed() throws {
        let g = try groups("code,group\nB,middle\n*,rest\nA,first\n")
        #expect(g.names == ["middle", "rest", "first"])
        #expect((0..<3).map(g.group(ofSector:)) == ["first", "middle", "rest"])
        #expect(g.members == [[1], [2], [0]])
    }

    @Test func aRestGroupLeftEmptyIsDropped() throws {
        let g = try groups("code,group,name\nA,x,Alpha\nB,x,Beta\nC,y,Gamma\n*,other,everything else\n")
        #expect(g.names == ["x", "y"])
    }

    @Test(arguments: [
        ("code,group\nA,x\nBB,x\nC,y\n", "g.csv:3:1: error: unknown sector code \"BB\"", "did you mean \"B\""),
        ("code,group\nA,x\nB,x\nA,y\nC,y\n", "g.csv:4:1: error: sector \"A\" is listed twice (first on line 2)", "one group"),
        ("code,group\nA,x\n", "2 of the table's 3 sectors are in no group: B, C", "*,other"),
        ("code,grup\nA,x\n", "g.csv:1:2: error: unknown column \"grup\"", "did you mean \"group\""),
        ("code,group\nA,\n", "g.csv:2:2: error: the group of \"A\" is empty", "A,other"),
        ("code,group\n*,x\n*,y\n", "g.csv:3:1: error: a second `*` row (the first is on line 2)", "one `*,GROUP` row"),
        ("code,group\nA,x,extra\n", "g.csv:2:3: error: 3 fields for the 2 columns", "one `code,group` pair"),
    ])
    func badGroupsFilesAreRefusedWithTheirPosition(text: String, message: String, hint: String) throws {
        let error = errorText { _ = try groups(text) }
        #expect(error.contains(message), "\(error)")
        #expect(error.contains(hint), "\(error)")
    }

    /// importCut(A, 0.5) on the hand table, Pichler–Farmer rule, loses A −10, B −50, C −50 (HandWorkedCaseTests), so the
    /// groups {A} and {B, C} lose −10 and −100; value added (v/x)·Δx: −10 and −35 − 35.
    @Test func scenarioGroupsSumTheHandWorkedCase() throws {
        var files: [String: String] = [:]
        for (name, text) in handTable { files["table/" + name] = text }
        files["groups/two.csv"] = "code,group\nA,upstream\n*,downstream\n"
        files["scenario.toml"] = pichlerFarmer(importCut(["A"], cut: 0.5)) + "\n[output]\ngroups = \"groups/two.csv\"\n"
        let path = Fixtures.directory(with: files) + "/scenario.toml"
        let report = ImpactReport(result: try run(path))
        let table = try #require(report.groupTable())
        #expect(table.columns == ["group", "baseline_output", "output_change", "output_change_pct", "value_added_change", "hours_change", "persons_change"])
        #expect(table.json().rendered().contains("\"group\": \"upstream\""))
        let change = table.rows.map { row -> Double in if case let .number(v, _) = row[2] { v } else { .nan } }
        let va = table.rows.map { row -> Double in if case let .number(v, _) = row[4] { v } else { .nan } }
        #expect(abs(change[0] + 10) < 1e-9 && abs(change[1] + 100) < 1e-9)
        #expect(abs(va[0] + 10) < 1e-9 && abs(va[1] + 70) < 1e-9)
        #expect(report.markdown(top: 3).contains("## By group (two.csv)"))
        let dir = Fixtures.temporaryDirectory() + "/run"
        try report.write(to: dir)
        let csv = try String(contentsOfFile: dir + "/impacts_by_group.csv", encoding: .utf8)
        #expect(csv.hasPrefix("group,baseline_output,output_change,output_change_pct,value_added_change,hours_change,persons_change\nupstream,"))
        let runJSON = try String(contentsOfFile: dir + "/run.json", encoding: .utf8)
        #expect(runJSON.contains("\"role\": \"groups\""))
    }

    @Test func aMissingGroupsFileIsAnErrorAtItsKey() throws {
        let path = scenarioFile(importCut(["A"], cut: 0.5) + "\n[output]\ngroups = \"nowhere.csv\"\n")
        let error = errorText { _ = try Scenario(path: path) }
        #expect(error.contains("scenario.toml:12:10: error: the groups file \"nowhere.csv\" does not exist"), "\(error)")
    }

    /// The NACE64 → NACE21 conversion matrix of ../shared/data/nace, read here independently.
    static func conversion() throws -> [String: String] {
        let csv = try CSVFile(path: Fixtures.sharedPath("data/nace/conversion_matrix_NACE64_NACE21.csv"))
        let header = csv.strings(row: 0)
        var map: [String: String] = [:]
        for r in 1..<csv.rows.count {
            let fields = csv.strings(row: r)
            let sections = fields.indices.dropFirst().filter { fields[$0].trimmingCharacters(in: .whitespaces) == "1" }.map { header[$0] }
            #expect(sections.count == 1, "\(fields[0]) is in \(sections.count) sections")
            map[String(fields[0].dropFirst())] = sections.first
        }
        return map
    }

    /// A bundle code → its NACE64 code in the matrix: `68_` and `68a` (owner-occupied and other
    /// real estate) are 68; `97` is 97-98.
    static func nace64(_ code: String) -> String { code.hasPrefix("68") ? "68" : code == "97" ? "97-98" : code }

    /// Eurostat's A*10 aggregation of the 21 sections (NACE Rev. 2).
    static let a10: [String: String] = [
        "A": "A", "B": "B-E", "C": "B-E", "D": "B-E", "E": "B-E", "F": "F", "G": "G-I", "H": "G-I", "I": "G-I", "J": "J", "K": "K", "L": "L",
        "M": "M-N", "N": "M-N", "O": "O-Q", "P": "O-Q", "Q": "O-Q", "R": "R-U", "S": "R-U", "T": "R-U", "U": "R-U",
    ]

    @Test(arguments: ["flanders-2015", "belgium-2015"])
    func shippedNACEGroupsFollowTheConversionMatrix(bundle: String) throws {
        let table = try IOTable(bundle: Fixtures.repositoryPath("matrices/" + bundle))
        let conversion = try Self.conversion()
        let a21 = try SectorGroups(path: Fixtures.repositoryPath("groups/nace-a21.csv"), codes: table.codes)
        let a10 = try SectorGroups(path: Fixtures.repositoryPath("groups/nace-a10.csv"), codes: table.codes)
        for (j, code) in table.codes.enumerated() {
            let section = try #require(conversion[Self.nace64(code)], "\(code) is not in the conversion matrix")
            #expect(a21.group(ofSector: j) == section, "\(code)")
            #expect(table.sectors[j].attributes["nace_section"] == section, "\(code)")
            #expect(a10.group(ofSector: j) == Self.a10[section], "\(code)")
        }
        #expect(a10.names == ["A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"])
        let clusters = try SectorGroups(path: Fixtures.repositoryPath("groups/flanders-spearhead-clusters.csv"), codes: table.codes)
        #expect(clusters.names == ["chemistry", "materials", "energy", "logistics", "food", "manufacturing", "blue economy", "other"])
        #expect(clusters.group(ofSector: table.index(of: "20")!) == "chemistry")
    }

    /// On the headline scenario: every shipped grouping is a partition, so the groups' flows add
    /// up to totals.csv; A21 gives impacts_by_section.csv bit for bit (same sectors, same order).
    @Test func groupSumsEqualTheTotalsOnTheFlemishTable() throws {
        var scenario = try Scenario(path: Fixtures.repositoryPath("scenarios/chemicals-non-eu-50.toml"))
        let result = try ScenarioRunner.run(scenario)
        let totals = ImpactReport(result: result).impacts.totals
        for file in ["nace-a10.csv", "nace-a21.csv", "flanders-spearhead-clusters.csv"] {
            scenario.output.groups = try SectorGroups(path: Fixtures.repositoryPath("groups/" + file), codes: scenario.table.codes)
            var shifted = result
            shifted.scenario = scenario
            let report = ImpactReport(result: shifted)
            let table = try #require(report.groupTable())
            let members = scenario.output.groups!.members
            #expect(members.flatMap { $0 }.sorted() == Array(0..<scenario.table.count), "\(file) is not a partition")
            for (column, quantity) in [(2, "output"), (4, "value_added"), (5, "hours"), (6, "persons")] {
                let sum = table.rows.reduce(0.0) { s, row in if case let .number(v, _) = row[column] { s + v } else { .nan } }
                let total = try #require(totals.first { $0.quantity == quantity }).change
                #expect(abs(sum - total) <= 1e-12 * abs(total), "\(file) \(quantity): \(sum) vs \(total)")
            }
            if file == "nace-a21.csv" {
                #expect(table.csv().replacingOccurrences(of: "group,", with: "section,") == report.sectionTable().csv())
            }
        }
    }

    /// Dynamic runs: sections and groups for the horizon; a single group of every sector has the
    /// economy's totals exactly, head counts included (its worst day is the economy's).
    @Test func dynamicGroupsAndSections() throws {
        let text = dynamicScenario(importShock(cut: 1, duration: 20), days: "inventory_days = 5", extra: "horizon_days = 120")
        var files: [String: String] = [:]
        for (name, t) in handTable { files["table/" + name] = t }
        files["all.csv"] = "code,group\n*,economy\n"
        files["scenario.toml"] = text + "\n[output]\ngroups = \"all.csv\"\n"
        let scenario = try Scenario(path: Fixtures.directory(with: files) + "/scenario.toml")
        let report = DynamicReport(result: try DynamicRunner.run(scenario))
        let group = try #require(report.groupTable())
        #expect(group.rows.count == 1)
        let totals = report.impacts.totals
        for (column, quantity) in [(1, "output"), (2, "output"), (4, "value_added"), (5, "hours"), (6, "persons")] {
            guard case let .number(v, _) = group.rows[0][column] else { Issue.record("not a number"); continue }
            let t = try #require(totals.first { $0.quantity == quantity })
            if column == 1 {
                #expect(abs(v - t.baseline) <= 1e-12 * t.baseline)   // Σ_j x⁰_j·d/365 against (Σ_j x⁰_j/365)·d
            } else {
                #expect(v == t.change, "\(quantity)")
            }
        }
        #expect(report.sectionTable().rows.map { row in if case let .text(s) = row[0] { s } else { "" } } == ["C", "G"])
        #expect(report.markdown(top: 3).contains("## By group (all.csv), cumulative over 120 days"))
    }

    /// Monte Carlo runs: per draw the groups are a partition, so the groups' mean output change
    /// adds up to the mean of the total over the draws (means are linear), and one group of every
    /// sector has the total's whole distribution.
    @Test func monteCarloGroupSummariesAddUp() throws {
        let document = try TOMLDocument(path: Fixtures.repositoryPath("scenarios/chemicals-non-eu-uncertain.toml"))
        let plan = try #require(try UncertaintyPlan.detect(document)).overriding(draws: 40, seed: 7)
        let run = try UncertaintyRun(plan: plan, threads: 1)
        var scenario = run.scenario
        scenario.output.groups = try SectorGroups(path: Fixtures.repositoryPath("groups/nace-a10.csv"), codes: scenario.table.codes)
        let table = try #require(UncertaintyReport(run: run, scenario: scenario).groupSummaryTable())
        #expect(table.rows.count == 10)
        func value(_ row: [ResultTable.Cell], _ column: String) -> Double {
            if case let .number(v, _) = row[table.columns.firstIndex(of: column)!] { v } else { .nan }
        }
        let total = run.totalSeries(column: UncertaintyRun.outputChangeColumn)
        let sum = table.rows.reduce(0.0) { $0 + value($1, "output_change_mean") }
        #expect(abs(sum - Statistics.mean(total)) <= 1e-9 * abs(Statistics.mean(total)))
        scenario.output.groups = try SectorGroups(path: Fixtures.directory(with: ["all.csv": "code,group\n*,economy\n"]) + "/all.csv", codes: scenario.table.codes)
        let whole = try #require(UncertaintyReport(run: run, scenario: scenario).groupSummaryTable())
        let row = whole.rows[0]
        let stats = UncertaintyReport.summary(total)
        for (k, stat) in ["mean", "sd", "p5", "p50", "p95"].enumerated() {
            let v: Double = if case let .number(x, _) = row[whole.columns.firstIndex(of: "output_change_\(stat)")!] { x } else { .nan }
            #expect(abs(v - stats[k]) <= 1e-9 * max(1, abs(stats[k])), "\(stat)")
        }
        let sections = UncertaintyReport(run: run, scenario: scenario).sectionSummaryTable()
        #expect(sections.rows.count == 20)   // sections A … T of the Flemish table
    }
}
