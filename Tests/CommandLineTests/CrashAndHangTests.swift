import Foundation
import TestSupport
import Testing

/// Inputs that used to stop `ioshock` with a signal (Double → Int traps, a negative prefix, a
/// 720 GB allocation) or loop until memory ran out (chart ticks near 1e20). Each now gives a
/// non-zero exit and a message with the file, the position or the option, never a signal; the
/// hangs finish and write no "nan" (issue 10, §3–4).
@Suite("Crashes and hangs")
struct CrashAndHangTests {
    /// Runs ioshock under `timeout`, so that a hang fails the test (status 124) instead of
    /// stopping the suite.
    static func run(_ arguments: [String], seconds: Int = 120) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.runProgram("/usr/bin/timeout", ["--signal=KILL", "\(seconds)", Fixtures.ioshockBinary] + arguments, currentDirectory: Fixtures.repositoryRoot)
    }

    static let flanders = Fixtures.repositoryPath("matrices/flanders-2015")

    static func scenario(kind: String, start: String, extra: String = "") -> String {
        """
        table = "\(flanders)"
        [model]
        kind = "\(kind)"
        \(kind == "dynamic" ? "inventory_days = 10" : "side = \"supply\"")
        [[shock]]
        products = ["20"]
        origin = "non-EU"
        cut = 0.5
        start_day = \(start)
        \(extra)
        """
    }

    // MARK: §3 Double → Int conversions

    /// `start_day = 1e19` trapped in dynamic-inoperability's day arithmetic and in the dynamic
    /// model's day formatting; `run` and `check` now refuse it at its line and column.
    @Test(arguments: ["dynamic", "dynamic-inoperability"])
    func hugeStartDayIsAPositionedError(kind: String) throws {
        let dir = Fixtures.directory(with: ["s.toml": Self.scenario(kind: kind, start: "1e19")])
        for command in ["run", "check"] {
            let result = try Self.run([command, dir + "/s.toml"])
            #expect(result.status == 1, "\(kind) \(command): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("s.toml:9:13: error: ") && result.stderr.contains("1e+19") && result.stderr.contains("horizon"), "\(result.stderr)")
        }
    }

    /// The same value drawn from a distribution in a Monte Carlo run.
    @Test func hugeStartDayFromADistribution() throws {
        let text = Self.scenario(kind: "dynamic-inoperability", start: "{ distribution = \"uniform\", min = 1e18, max = 1e19 }") + "\n[uncertainty]\ndraws = 5\n"
        let dir = Fixtures.directory(with: ["s.toml": text])
        let result = try Self.run(["run", dir + "/s.toml", "--threads", "1"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("s.toml:9:13: error: ") && result.stderr.contains("horizon"), "\(result.stderr)")
    }

    // MARK: §3/§5 command-line ranges, refused in validate()

    static let badOptions: [(command: [String], message: String)] = [
        (["run", "scenarios/pharma-non-eu-40.toml", "--top=-1"], "--top must be at least 1, found -1"),
        (["run", "scenarios/pharma-non-eu-40.toml", "--top", "0"], "--top must be at least 1, found 0"),
        (["run", "scenarios/chemicals-non-eu-uncertain.toml", "--threads", "0"], "--threads must be between 1 and 256, found 0"),
        (["run", "scenarios/chemicals-non-eu-uncertain.toml", "--threads=-2"], "--threads must be between 1 and 256, found -2"),
        (["run", "scenarios/chemicals-non-eu-uncertain.toml", "--threads", "100000"], "--threads must be between 1 and 256, found 100000"),
        (["run", "scenarios/chemicals-non-eu-uncertain.toml", "--draws", "0"], "--draws must be between 1 and 200000, found 0"),
        (["run", "scenarios/chemicals-non-eu-uncertain.toml", "--draws", "200001"], "--draws must be between 1 and 200000, found 200001"),
        (["run", "scenarios/chemicals-non-eu-uncertain.toml", "--seed=-1"], "--seed must be 0 or more, found -1"),
        (["report", "/nonexistent", "--top=-3"], "--top must be at least 1, found -3"),
        (["generate", "--sectors", "300000", "--out", "/nonexistent/g"], "--sectors must be between 1 and 15000, found 300000"),
        (["generate", "--sectors", "0", "--out", "/nonexistent/g"], "--sectors must be between 1 and 15000, found 0"),
        (["generate", "--sectors", "5", "--density", "2", "--out", "/nonexistent/g"], "--density must be between 0 and 1, found 2.0"),
        (["generate", "--sectors", "5", "--density", "nan", "--out", "/nonexistent/g"], "--density must be between 0 and 1, found nan"),
        (["regionalise", "matrices/belgium-2015", "--employment", "x.csv", "--region", "Flanders", "--delta", "1", "--out", "/nonexistent/r"], "--delta 1.0 is outside [0, 1)"),
    ]

    @Test(arguments: badOptions.indices)
    func outOfRangeOptionsAreRefusedBeforeAnythingRuns(index: Int) throws {
        let (command, message) = Self.badOptions[index]
        let out = Fixtures.temporaryDirectory() + "/out"
        let result = try Self.run(command + (command[0] == "run" ? ["--out", out] : []))
        #expect(result.status == 64, "\(command): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains(message), "\(command): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "\(command) wrote its run before refusing the option")
    }

    // MARK: §3 report reads numbers it checks

    /// A run directory of the static pharma scenario, copied so that each test can spoil it.
    static func runDirectory(uncertain: Bool = false) throws -> String {
        let out = Fixtures.temporaryDirectory() + "/run"
        let arguments = uncertain ? ["run", "scenarios/chemicals-non-eu-uncertain.toml", "--draws", "20", "--threads", "1", "--out", out]
            : ["run", "scenarios/pharma-non-eu-40.toml", "--out", out]
        let result = try Self.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    static func editRunJSON(_ dir: String, _ edit: Edit) throws {
        let url = URL(fileURLWithPath: dir + "/run.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    typealias Edit = @Sendable (inout [String: Any]) -> Void

    static func setShock(_ key: String, _ value: Double) -> Edit {
        { object in
            var shocks = object["shocks"] as! [[String: Any]]
            shocks[0][key] = value
            object["shocks"] = shocks
        }
    }

    static func setIn(_ table: String, _ key: String, _ value: Double) -> Edit {
        { object in
            var inner = object[table] as? [String: Any] ?? [:]
            inner[key] = value
            object[table] = inner
        }
    }

    static let badRunNumbers: [(name: String, edit: Edit, message: String)] = [
        ("year", setIn("table", "year", 1e300), "table.year must be a whole number between 1 and 9999, found 1e+300"),
        ("period_days", { $0["period_days"] = 1e300 }, "period_days must be a finite number above 0 and at most 3650, found 1e+300"),
        ("negative period_days", { $0["period_days"] = -3 }, "period_days must be a finite number above 0 and at most 3650, found -3.0"),
        ("duration_days", setShock("duration_days", 1e300), "shocks[1].duration_days must be a finite number above 0 and at most 3650, found 1e+300"),
        ("start_day", setShock("start_day", -1), "shocks[1].start_day must be a finite number 0 or more, found -1.0"),
        ("line", setShock("line", 0), "shocks[1].line must be a whole number 1 or more, found 0.0"),
        ("iterations", setIn("diagnostics", "iterations", 1e300), "diagnostics.iterations must be a whole number 0 or more, found 1e+300"),
        ("draws", setIn("uncertainty", "draws", 1e300), "uncertainty.draws must be a whole number 1 or more, found 1e+300"),
    ]

    @Test(arguments: badRunNumbers.indices)
    func reportRefusesOutOfRangeNumbersOfRunJSON(index: Int) throws {
        let (name, edit, message) = Self.badRunNumbers[index]
        let dir = try Self.runDirectory()
        try Self.editRunJSON(dir, edit)
        let result = try Self.run(["report", dir, "--out", dir + "/r.html"])
        #expect(result.status == 1, "\(name): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains("run.json: error: " + message), "\(name): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.html"))
    }

    /// A static model ignores start_day, so any start ≥ 0 is a valid run; it used to trap when shown.
    @Test func reportShowsAHugeStartDayOfAStaticRun() throws {
        let dir = try Self.runDirectory()
        try Self.editRunJSON(dir, Self.setShock("start_day", 1e300))
        let result = try Self.run(["report", dir])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1e+300"))
    }

    /// run.json nested 100,000 deep is refused before it is parsed, with its position.
    @Test func deeplyNestedRunJSONIsRefused() throws {
        let dir = try Self.runDirectory()
        let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        try ("{\"a\": " + nested + "}").write(toFile: dir + "/run.json", atomically: true, encoding: .utf8)
        let result = try Self.run(["report", dir])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("run.json:1:134: error: arrays and objects are nested more than 128 deep"), "\(result.stderr)")
    }

    // MARK: §4 charts

    /// The fields of one CSV line, quotes kept (names such as "Chemicals, …" are quoted).
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = [], field = "", quoted = false
        for c in line {
            if c == "\"" { quoted.toggle() }
            if c == ",", !quoted { out.append(field); field = "" } else { field.append(c) }
        }
        return out + [field]
    }

    static func rewriteColumn(_ file: String, _ column: String, _ value: (Int) -> String) throws {
        var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true).map(Self.fields)
        let k = lines[0].firstIndex(of: column)!
        for r in 1..<lines.count where lines[r].count > k { lines[r][k] = value(r) }
        try (lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    }

    /// Values near 1e20 (tick steps below the spacing of doubles: an endless loop) and ±1.79e308
    /// (`x="-nan"`): the report finishes with finite coordinates.
    @Test(arguments: ["near 1e20", "±1.79e308"])
    func reportChartsOfExtremeValuesFinishWithoutNaN(range: String) throws {
        let dir = try Self.runDirectory(uncertain: true)
        // One ulp apart near 1e20 (16,384): the old tick step (5,000) did not move a tick there.
        let value: (Int) -> String = range == "near 1e20" ? { $0 % 2 == 0 ? "-1e+20" : "\((-1e20).nextDown)" } : { $0 % 2 == 0 ? "-1.79e308" : "1.79e308" }
        // The bars (impacts.csv, impacts_by_section.csv) and the tornado around the central total.
        try Self.rewriteColumn(dir + "/impacts.csv", "output_change", value)
        try Self.rewriteColumn(dir + "/impacts_by_section.csv", "output_change", value)
        try Self.rewriteColumn(dir + "/sensitivity.csv", "output_change_at_low", value)
        try Self.rewriteColumn(dir + "/sensitivity.csv", "output_change_at_high", { value($0 + 1) })
        try Self.rewriteColumn(dir + "/totals.csv", "change", value)
        let result = try Self.run(["report", dir, "--out", dir + "/r.html"], seconds: 60)
        #expect(result.status == 0, "\(range): \(result.status) \(result.stderr)")
        let html = try String(contentsOfFile: dir + "/r.html", encoding: .utf8)
        #expect(html.contains("id=\"chart-tornado\""))
        for bad in ["=\"nan", "=\"-nan", "=\"inf", "=\"-inf", ">nan<", ">inf<"] { #expect(!html.contains(bad), "\(range): \(bad) in the SVG") }
    }
}
