import Foundation
import IOTables
import TestSupport
import Testing

/// `ioshock run` with `[uncertainty] method = "sobol"` and `ioshock report` on its directory,
/// through the built binary (docs/scenarios.md, "Global sensitivity: Sobol indices").
@Suite("ioshock run (Sobol)")
struct SobolCommandTests {
    static let example = "scenarios/chemicals-non-eu-sobol.toml"

    static func run(draws: Int, threads: Int, seed: Int = 8) throws -> (dir: String, stdout: String) {
        let out = Fixtures.temporaryDirectory() + "/run"
        let run = try Fixtures.run(["run", example, "--draws", "\(draws)", "--seed", "\(seed)", "--threads", "\(threads)", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        return (out, run.stdout)
    }

    @Test func sensitivityCSVHoldsTheIndicesAndRunJSONTheDesign() throws {
        let (out, stdout) = try Self.run(draws: 40, threads: 2)
        #expect(stdout.contains("Sobol indices, N = 40 base draws, 200 evaluations, seed 8"))
        #expect(stdout.contains("## Sobol indices (95 % bootstrap intervals)"))
        let sensitivity = try CSVFile(path: out + "/sensitivity.csv")
        #expect(sensitivity.strings(row: 0) == ["output", "rank", "parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "output_variance"])
        // Two outputs × three parameters.
        #expect(sensitivity.rows.count == 1 + 6)
        for r in 1..<sensitivity.rows.count {
            let row = sensitivity.strings(row: r)
            #expect(["output_change", "value_added_change"].contains(row[0]))
            let st = try sensitivity.number(row: r, field: 6), low = try sensitivity.number(row: r, field: 7), high = try sensitivity.number(row: r, field: 8)
            #expect(low <= st && st <= high, "\(row)")
        }
        // The cut drives the loss: it ranks first for the total output change.
        #expect(sensitivity.strings(row: 1)[0...2] == ["output_change", "1", "chemicals cut"])
        let draws = try CSVFile(path: out + "/draws.csv")
        #expect(draws.rows.count == 1 + 200)
        #expect(Array(draws.strings(row: 0).prefix(4)) == ["draw", "matrix", "from_B", "row"])
        #expect(draws.strings(row: 1)[1] == "A" && draws.strings(row: 41)[1] == "B" && draws.strings(row: 81)[1...2] == ["AB", "substitution"])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        let u = try #require(json?["uncertainty"] as? [String: Any])
        #expect(u["method"] as? String == "sobol")
        #expect((u["draws"] as? NSNumber)?.intValue == 40)
        #expect((u["evaluations"] as? NSNumber)?.intValue == 200)
        #expect((u["bootstrap"] as? NSNumber)?.intValue == 1000)
        #expect((u["confidence_level"] as? NSNumber)?.doubleValue == 0.95)
        #expect((u["sensitivity_method"] as? String)?.contains("Jansen") == true)

        let report = try Fixtures.run(["report", out])
        #expect(report.status == 0, "\(report.stderr)")
        for id in ["chart-sobol-output_change", "chart-sobol-value_added_change"] { #expect(report.stdout.contains("id=\"\(id)\"")) }
        #expect(!report.stdout.contains("chart-tornado"))
        #expect(report.stdout.contains("Sobol indices, N = 40 base draws, 200 evaluations"))
        #expect(report.stdout.contains("ST 95 % interval"))
    }

    @Test func theSameSeedGivesByteIdenticalFilesOnOneAndTwoThreads() throws {
        let a = try Self.run(draws: 30, threads: 1).dir
        let b = try Self.run(draws: 30, threads: 2).dir
        for name in ["sensitivity.csv", "draws.csv", "impacts_summary.csv", "sensitivity.md"] {
            let x = FileManager.default.contents(atPath: a + "/" + name), y = FileManager.default.contents(atPath: b + "/" + name)
            #expect(x != nil && x == y, "\(name) differs")
        }
        let c = try Self.run(draws: 30, threads: 2, seed: 9).dir
        #expect(FileManager.default.contents(atPath: c + "/sensitivity.csv") != FileManager.default.contents(atPath: a + "/sensitivity.csv"))
    }

    @Test func tooManyEvaluationsAreRefusedWithTheLargestN() throws {
        // k = 3: N·5 evaluations, at most 40,000 base draws.
        let run = try Fixtures.run(["run", Self.example, "--draws", "40001"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--draws 40001 with k = 3 uncertain value(s) is more than 200000 evaluations"), "\(run.stderr)")
        #expect(run.stderr.contains("use at most 40000 draws"))
    }

    @Test func checkNamesTheEvaluations() throws {
        let run = try Fixtures.run(["check", Self.example])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("3 uncertain value(s), 200 draw(s) (method sobol: 1000 evaluations)"))
    }

    @Test func anUnknownMethodIsRefusedWithItsPosition() throws {
        let dir = Fixtures.directory(with: [
            "s.toml": "table = \"\(Fixtures.repositoryPath("matrices/flanders-2015"))\"\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = { distribution = \"uniform\", min = 0.2, max = 0.6 }\n[uncertainty]\ndraws = 10\nmethod = \"sobolv\"\n",
        ])
        let run = try Fixtures.run(["run", dir + "/s.toml"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("s.toml:8:10: error: unknown method \"sobolv\""), "\(run.stderr)")
        #expect(run.stderr.contains("did you mean \"sobol\""))
    }
}
