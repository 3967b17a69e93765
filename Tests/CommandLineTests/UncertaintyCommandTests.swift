import Foundation
import IOTables
import TestSupport
import Testing

/// Monte Carlo runs and `ioshock report` end to end, through the built binary.
@Suite("ioshock run (uncertain) and ioshock report")
struct UncertaintyCommandTests {
    static let example = "scenarios/chemicals-non-eu-uncertain.toml"

    /// A small Monte Carlo run of the example into a fresh directory.
    static func runExample(draws: Int = 200, seed: Int = 5, threads: Int = 2) throws -> (dir: String, stdout: String) {
        let out = Fixtures.temporaryDirectory() + "/run"
        let run = try Fixtures.run(["run", example, "--draws", "\(draws)", "--seed", "\(seed)", "--threads", "\(threads)", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        return (out, run.stdout)
    }

    @Test func monteCarloRunWritesItsFiles() throws {
        let (out, stdout) = try Self.runExample()
        #expect(stdout.contains("Monte Carlo, 200 draws, seed 5"))
        #expect(stdout.contains("## Sensitivity of the total output change"))
        let summary = try CSVFile(path: out + "/impacts_summary.csv")
        let header = summary.strings(row: 0)
        #expect(Array(header.prefix(7)) == ["code", "name", "output_mean", "output_sd", "output_p5", "output_p50", "output_p95"])
        #expect(header.contains("value_added_change_p95"))
        #expect(summary.rows.count == 1 + 64 + 1)
        #expect(summary.strings(row: summary.rows.count - 1)[0] == "total")
        for r in 1..<summary.rows.count { for c in 2..<header.count { #expect(try summary.number(row: r, field: c).isFinite) } }
        let draws = try CSVFile(path: out + "/draws.csv")
        #expect(draws.rows.count == 201)
        #expect(Array(draws.strings(row: 0).prefix(4)) == ["draw", "substitution", "spare capacity", "chemicals cut"])
        let sensitivity = try CSVFile(path: out + "/sensitivity.csv")
        #expect(sensitivity.strings(row: 1)[1] == "chemicals cut")
        #expect(FileManager.default.fileExists(atPath: out + "/sensitivity.md"))
        #expect(FileManager.default.fileExists(atPath: out + "/impacts.csv"))
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        let u = try #require(run?["uncertainty"] as? [String: Any])
        #expect((u["seed"] as? NSNumber)?.intValue == 5)
        #expect((u["draws"] as? NSNumber)?.intValue == 200)
        #expect((u["parameters"] as? [[String: Any]])?.count == 3)
    }

    @Test func sameSeedSameFilesWhateverTheThreads() throws {
        let a = try Self.runExample(draws: 300, seed: 42, threads: 1).dir
        let b = try Self.runExample(draws: 300, seed: 42, threads: 2).dir
        for name in ["draws.csv", "impacts_summary.csv", "sensitivity.csv", "impacts.csv"] {
            #expect(FileManager.default.contents(atPath: a + "/" + name) == FileManager.default.contents(atPath: b + "/" + name), "\(name) differs")
        }
    }

    @Test func noProgressBarWhenStandardErrorIsNotATerminal() throws {
        let run = try Fixtures.run(["run", Self.example, "--draws", "50"])
        #expect(run.status == 0)
        #expect(!run.stderr.contains("draws/s") && !run.stderr.contains("\r"))
    }

    @Test func reportWritesOneSelfContainedPage() throws {
        let (out, _) = try Self.runExample()
        let html = out + "/../report.html"
        let run = try Fixtures.run(["report", out, "--out", html])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(text.hasPrefix("<!DOCTYPE html>"))
        for id in ["chart-sectors", "chart-sections", "chart-tornado"] { #expect(text.contains("id=\"\(id)\"")) }
        #expect(!text.contains("chart-dynamic"))
        #expect(text.contains("90 % range"))
        // Self-contained: no external resources.
        for pattern in ["src=\"http", "href=\"http", "<link", "@import", "url(http", "src=\"//"] { #expect(!text.contains(pattern), "\(pattern)") }
    }

    @Test func reportEscapesTextFromTheRun() throws {
        let dir = Fixtures.directory(with: [
            "s.toml": "title = \"<script>alert(1)</script> & co\"\ntable = \"\(Fixtures.repositoryPath("matrices/flanders-2015"))\"\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = 0.5\n",
        ])
        #expect(try Fixtures.run(["run", dir + "/s.toml", "--out", dir + "/run"]).status == 0)
        let run = try Fixtures.run(["report", dir + "/run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
        #expect(!run.stdout.contains("<script>alert"))
        #expect(!run.stdout.contains("Uncertainty</h2>"))
    }

    @Test func reportShowsADynamicPathWhenTheRunHasOne() throws {
        let (out, _) = try Self.runExample(draws: 20)
        try "day,code,output,output_ratio,value_added,binding\n0,20,10,1,4,\n0,24,5,1,2,\n1,20,8,0.8,3.2,imported 20\n1,24,5,1,2,\n2,20,9,0.9,3.6,\n2,24,4.5,0.9,1.8,input 20\n"
            .write(toFile: out + "/timeseries.csv", atomically: true, encoding: .utf8)
        let run = try Fixtures.run(["report", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("id=\"chart-dynamic\""))
    }

    /// A dynamic Monte Carlo run end to end: timeseries_bands.csv has one row per day with
    /// p5 ≤ p50 ≤ p95, the summary has the peak loss, and the report draws the band chart with
    /// the median at 100 % of baseline before the shock starts (day 3).
    @Test func dynamicMonteCarloWritesBandsAndTheReportDrawsThem() throws {
        let dir = Fixtures.directory(with: [
            "s.toml": """
                table = "\(Fixtures.repositoryPath("matrices/flanders-2015"))"
                [model]
                kind = "dynamic"
                horizon_days = 40
                tau = { distribution = "uniform", min = 5, max = 15 }
                [[shock]]
                products = ["20"]
                origin = "non-EU"
                cut = { distribution = "uniform", min = 0.4, max = 0.9 }
                start_day = 3
                duration_days = [10, 20]
                [uncertainty]
                draws = 24
                seed = 3
                """,
        ])
        let run = try Fixtures.run(["run", dir + "/s.toml", "--out", dir + "/run", "--threads", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("peak_loss_pct"))
        let bands = try CSVFile(path: dir + "/run/timeseries_bands.csv")
        #expect(bands.strings(row: 0) == ["day", "p5", "p50", "p95"])
        #expect(bands.rows.count == 1 + 40)
        for r in 1..<bands.rows.count {
            let p5 = try bands.number(row: r, field: 1), p50 = try bands.number(row: r, field: 2), p95 = try bands.number(row: r, field: 3)
            #expect(p5 <= p50 && p50 <= p95)
        }
        let summary = try CSVFile(path: dir + "/run/impacts_summary.csv")
        #expect(summary.strings(row: 0).contains("peak_loss_pct_p95"))
        let report = try Fixtures.run(["report", dir + "/run"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("id=\"chart-bands\""))
        #expect(report.stdout.contains("5th–95th percentile"))
        #expect(report.stdout.contains("class=\"band\""))
    }

    @Test(arguments: [["impacts.csv": "code,name\n"], ["run.json": "{}"], ["notes.txt": "x"]])
    func reportOnADirectoryThatIsNotARun(files: [String: String]) throws {
        let dir = Fixtures.directory(with: files)
        let run = try Fixtures.run(["report", dir, "--out", dir + "/r.html"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(dir): error: not a run directory"))
        for name in ["run.json", "impacts.csv"] where files[name] == nil { #expect(run.stderr.contains(name)) }
        #expect(run.stderr.contains("ioshock run <scenario> --out DIR"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.html"))
    }

    @Test func reportOnAMissingDirectory() throws {
        let run = try Fixtures.run(["report", "/nonexistent/run"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("/nonexistent/run: error: no such directory"))
    }

    @Test func badDrawsOnTheCommandLine() throws {
        let run = try Fixtures.run(["run", Self.example, "--draws", "0"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--draws must be between 1 and"))
    }

    // MARK: In a browser

    /// Headless Chromium (Debian package `chromium`), when installed; `make test` does not install it.
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func browser(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.runProgram(chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                                            "--enable-logging=stderr", "--v=0", "--user-data-dir=" + Fixtures.temporaryDirectory("chromium-profile")] + arguments)
    }

    /// Renders the report as a person would see it: a PNG screenshot, no console errors, the page's
    /// own script ran (data-rendered on body), and every chart has a positive width and height.
    @Test(.enabled(if: chromium != nil, "headless Chromium is not installed (apt-get install chromium); the browser check is skipped"))
    func reportRendersInHeadlessChromium() throws {
        let (out, _) = try Self.runExample()
        let html = out + "/../report.html"
        #expect(try Fixtures.run(["report", out, "--out", html]).status == 0)
        let url = URL(fileURLWithPath: html).standardizedFileURL.absoluteString
        let png = out + "/../report.png"
        let shot = try Self.browser(["--window-size=1100,2400", "--screenshot=" + png, url])
        #expect(shot.status == 0, "\(shot.stderr)")
        let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        #expect(size > 10_000, "screenshot of \(size) bytes")
        for marker in ["Uncaught", "CONSOLE", "console("] { #expect(!shot.stderr.contains(marker), "\(marker) in \(shot.stderr)") }

        let dom = try Self.browser(["--dump-dom", url])
        #expect(dom.status == 0)
        #expect(dom.stdout.contains("data-rendered=\"yes\""), "the page's script did not run")
        for marker in ["Uncaught", "CONSOLE"] { #expect(!dom.stderr.contains(marker)) }
        let svgs = dom.stdout.components(separatedBy: "<svg ").dropFirst()
        #expect(svgs.count >= 3)
        for svg in svgs {
            let tag = svg.prefix { $0 != ">" }
            func attribute(_ name: String) -> Double? {
                guard let range = tag.range(of: " \(name)=\"") else { return nil }
                return Double(tag[range.upperBound...].prefix { $0 != "\"" })
            }
            #expect((attribute("width") ?? 0) > 0 && (attribute("height") ?? 0) > 0, "chart without size: \(tag)")
        }
    }
}
