import Foundation
import IOTables
import TestSupport
import Testing

/// `--out` never deletes or overwrites what ioshock did not write, and outputs appear whole or not
/// at all (issue 10, §2). Every case runs the built binary on a scratch copy of a bundle, so that a
/// regression can only destroy scratch files.
@Suite("--out: nothing lost")
struct OutputSafetyTests {
    /// A scratch directory with a copy of the Germany 1995 bundle (`table/`) and a scenario
    /// (`s.toml`) that runs on it; `loss` sets the capacity loss, `extra` more [model] lines.
    static func workspace(loss: Double = 0.2, model: String = "") throws -> String {
        // One level below a fresh directory, so that even a regression on `--out ..` could only
        // touch this test's own files.
        let dir = Fixtures.temporaryDirectory("ioshock-out") + "/w"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: Fixtures.repositoryPath("matrices/germany-1995"), toPath: dir + "/table")
        try scenario(loss: loss, model: model).write(toFile: dir + "/s.toml", atomically: true, encoding: .utf8)
        return dir
    }

    static func scenario(loss: Double, model: String = "") -> String {
        "table = \"table\"\n[model]\nkind = \"supply-constrained\"\n\(model)\n[[shock]]\nkind = \"capacity\"\nproducts = [\"industry_group\"]\nloss = \(loss)\n"
    }

    /// Every file below `dir` with its bytes, to prove that nothing changed.
    static func snapshot(_ dir: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: dir)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = FileManager.default.contents(atPath: dir + "/" + name)
            }
        }
        return files
    }

    static func expectRefused(_ run: (status: Int32, stdout: String, stderr: String), _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 1, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(fragment), "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains("hint:"), "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(!run.stderr.contains("wrote"), "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(!run.stderr.contains("NSCocoaErrorDomain") && !run.stderr.contains("Error Domain"), "\(run.stderr)", sourceLocation: sourceLocation)
    }

    // MARK: Refused targets: everything in the workspace survives byte for byte

    @Test("run --out refuses the bundle, the working directory, \"\", the scenario, a path inside the bundle, a parent of the working directory",
          arguments: [("table", "is the input"), (".", "is the working directory"), ("", "the output path is empty"),
                      ("s.toml", "is the input"), ("table/out", "lies inside the input directory"),
                      ("..", "contains the working directory")])
    func runRefuses(out: String, message: String) throws {
        let dir = try Self.workspace()
        let before = Self.snapshot(dir)
        let run = try Fixtures.run(["run", "s.toml", "--out", out], currentDirectory: dir)
        Self.expectRefused(run, message)
        #expect(Self.snapshot(dir) == before)
    }

    @Test func runRefusesADirectoryThatContainsTheScenario() throws {
        let dir = try Self.workspace()
        let before = Self.snapshot(dir)
        let run = try Fixtures.run(["run", dir + "/s.toml", "--out", dir])
        Self.expectRefused(run, "contains the input")
        #expect(Self.snapshot(dir) == before)
    }

    @Test func runRefusesANonEmptyForeignDirectoryAndKeepsItsFiles() throws {
        let dir = try Self.workspace()
        let foreign = dir + "/notes"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try "my notes\n".write(toFile: foreign + "/notes.txt", atomically: true, encoding: .utf8)
        try "{\"provenance\": {\"tool\": \"other\"}}".write(toFile: foreign + "/run.json", atomically: true, encoding: .utf8)
        let before = Self.snapshot(dir)
        let run = try Fixtures.run(["run", "s.toml", "--out", "notes"], currentDirectory: dir)
        Self.expectRefused(run, "is a non-empty directory that is not a run directory written by ioshock")
        #expect(Self.snapshot(dir) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["notes", "s.toml", "table"], "no staging left behind")
    }

    @Test func runRefusesAnIoshockRunDirectoryThatAlsoHoldsOtherFiles() throws {
        let dir = try Self.workspace()
        #expect(try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir).status == 0)
        try "<html></html>\n".write(toFile: dir + "/r/report.html", atomically: true, encoding: .utf8)
        let before = Self.snapshot(dir)
        let run = try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir)
        Self.expectRefused(run, "also holds files ioshock does not write there (report.html)")
        #expect(Self.snapshot(dir) == before)
    }

    @Test func runRefusesAFileAsTheDirectoryAndAParentThatIsAFile() throws {
        let dir = try Self.workspace()
        try "x\n".write(toFile: dir + "/plain.txt", atomically: true, encoding: .utf8)
        let before = Self.snapshot(dir)
        Self.expectRefused(try Fixtures.run(["run", "s.toml", "--out", "plain.txt"], currentDirectory: dir), "plain.txt: error: is a file, but the run directory to write is a directory")
        Self.expectRefused(try Fixtures.run(["run", "s.toml", "--out", "plain.txt/run"], currentDirectory: dir), "plain.txt is a file, so nothing can be written inside it")
        #expect(Self.snapshot(dir) == before)
    }

    // MARK: Replacing an earlier run

    @Test func reRunningIntoARunDirectoryReplacesItWhole() throws {
        let dir = try Self.workspace(loss: 0.2)
        #expect(try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir).status == 0)
        let first = try String(contentsOfFile: dir + "/r/totals.csv", encoding: .utf8)
        try Self.scenario(loss: 0.4).write(toFile: dir + "/s.toml", atomically: true, encoding: .utf8)
        let second = try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir)
        #expect(second.status == 0, "\(second.stderr)")
        let replaced = try String(contentsOfFile: dir + "/r/totals.csv", encoding: .utf8)
        #expect(replaced != first, "the second run (loss 0.4) must replace the first (loss 0.2)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["r", "s.toml", "table"], "no staging or old copy left behind")
    }

    @Test func aRunThatFailsAfterValidationLeavesTheOldRunDirectoryIntact() throws {
        let dir = try Self.workspace()
        #expect(try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir).status == 0)
        let before = Self.snapshot(dir + "/r")
        // One iteration cannot converge (the first round changes final demand by 0.2 > 1e-10).
        try Self.scenario(loss: 0.4, model: "max_iterations = 1").write(toFile: dir + "/s.toml", atomically: true, encoding: .utf8)
        let run = try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("s.toml: error: the supply-constrained model did not converge"), "\(run.stderr)")
        #expect(Self.snapshot(dir + "/r") == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["r", "s.toml", "table"])
    }

    @Test func aMonteCarloRunReplacesAnEarlierStaticRunDirectory() throws {
        let dir = try Self.workspace()
        #expect(try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir).status == 0)
        try Self.scenario(loss: 0.2).replacingOccurrences(of: "loss = 0.2", with: "loss = { distribution = \"uniform\", min = 0.1, max = 0.3 }")
            .appending("[uncertainty]\ndraws = 20\n").write(toFile: dir + "/s.toml", atomically: true, encoding: .utf8)
        let run = try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/r/draws.csv"))
    }

    /// A dynamic run writes every file of a static one too (impacts_by_section.csv among them,
    /// issue 12), so the run replaced here is a Monte Carlo one, whose draws.csv must go.
    @Test func aDynamicRunReplacesAStaticOneWithoutLeavingItsFiles() throws {
        let out = Fixtures.temporaryDirectory("ioshock-out") + "/r"
        #expect(try Fixtures.run(["run", "scenarios/chemicals-non-eu-uncertain.toml", "--draws", "20", "--out", out]).status == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/draws.csv"))
        let run = try Fixtures.run(["run", "scenarios/chemicals-non-eu-50-dynamic.toml", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/timeseries.csv"))
        #expect(!FileManager.default.fileExists(atPath: out + "/draws.csv"), "a file of the Monte Carlo run survived into the dynamic one")
    }

    // MARK: Other commands

    @Test("leontief --out refuses \"\", the bundle and a foreign directory; replaces its own output",
          arguments: [("", "the output path is empty"), ("table", "is the input"), ("foreign", "not a leontief output directory written by ioshock")])
    func leontiefRefuses(out: String, message: String) throws {
        let dir = try Self.workspace()
        try FileManager.default.createDirectory(atPath: dir + "/foreign", withIntermediateDirectories: true)
        try "keep\n".write(toFile: dir + "/foreign/A.csv", atomically: true, encoding: .utf8)
        let before = Self.snapshot(dir)
        Self.expectRefused(try Fixtures.run(["leontief", "table", "--out", out], currentDirectory: dir), message)
        #expect(Self.snapshot(dir) == before)
    }

    @Test func leontiefReplacesItsOwnOutput() throws {
        let dir = try Self.workspace()
        for _ in 0..<2 { #expect(try Fixtures.run(["leontief", "table", "--out", "L"], currentDirectory: dir).status == 0) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/L").sorted() == ["A.csv", "L.csv", "provenance.json"])
    }

    @Test func multipliersOntoADirectoryWritesNeitherFile() throws {
        let dir = try Self.workspace()
        try FileManager.default.createDirectory(atPath: dir + "/m.csv", withIntermediateDirectories: true)
        let before = Self.snapshot(dir)
        let run = try Fixtures.run(["multipliers", "table", "--format", "csv", "--out", "m.csv"], currentDirectory: dir)
        Self.expectRefused(run, "m.csv: error: is a directory")
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.csv.provenance.json"))
        #expect(Self.snapshot(dir) == before)
    }

    @Test func multipliersWritesTheFileAndItsProvenanceTogetherAndReplacesThem() throws {
        let dir = try Self.workspace()
        for _ in 0..<2 {
            let run = try Fixtures.run(["multipliers", "table", "--format", "csv", "--out", "m.csv"], currentDirectory: dir)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("wrote m.csv, m.csv.provenance.json"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["m.csv", "m.csv.provenance.json", "s.toml", "table"])
    }

    @Test("file outputs refuse \"\", an input, a path inside the bundle, a parent that is a file",
          arguments: [(["multipliers", "table", "--out", ""], "the output path is empty"),
                      (["linkages", "table", "--out", "table/Z.csv"], "lies inside the input directory"),
                      (["extract", "table", "--out", "s.toml/x.md"], "s.toml is a file, so nothing can be written inside it"),
                      (["compare", "s.toml", "s.toml", "--out", "s.toml"], "is the input"),
                      (["multipliers", "table", "--out", "missing/m.md"], "does not exist")])
    func fileOutputsRefuse(arguments: [String], message: String) throws {
        let dir = try Self.workspace()
        let before = Self.snapshot(dir)
        Self.expectRefused(try Fixtures.run(arguments, currentDirectory: dir), message)
        #expect(Self.snapshot(dir) == before)
    }

    /// A file ioshock did not write is never replaced by a file output (before 2026-12-04 any
    /// regular file was: `multipliers --out notes.txt` replaced the user's notes, `report --out
    /// other.toml` a scenario with HTML, `multipliers --out r/impacts.csv` a run's own file).
    @Test(arguments: [(["multipliers", "table", "--format", "csv", "--out", "notes.txt"], "notes.txt"),
                      (["multipliers", "table", "--out", "other.toml"], "other.toml"),
                      (["report", "r", "--out", "other.toml"], "other.toml"),
                      (["multipliers", "table", "--format", "csv", "--out", "r/impacts.csv"], "r/impacts.csv"),
                      (["compare", "s.toml", "s.toml", "--out", "book.xlsx"], "book.xlsx"),
                      (["compare", "s.toml", "s.toml", "--format", "csv", "--out", "notes.txt"], "notes.txt")])
    func fileOutputsRefuseAFileIoshockDidNotWrite(arguments: [String], target: String) throws {
        let dir = try Self.workspace()
        #expect(try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir).status == 0)
        try "my notes\n".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        try Self.scenario(loss: 0.5).write(toFile: dir + "/other.toml", atomically: true, encoding: .utf8)
        try Data([0x50, 0x4B, 0x03, 0x04]).write(to: URL(fileURLWithPath: dir + "/book.xlsx"))
        let before = Self.snapshot(dir)
        Self.expectRefused(try Fixtures.run(arguments, currentDirectory: dir), "\(target): error: exists and was not written by ioshock")
        #expect(Self.snapshot(dir) == before)
    }

    /// Each file output replaces its own earlier output: a CSV or workbook by its provenance
    /// sidecar, Markdown and JSON by their provenance, the report by its generator line.
    @Test func fileOutputsReplaceTheirOwnEarlierOutput() throws {
        let dir = try Self.workspace()
        #expect(try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir).status == 0)
        let commands: [[String]] = [["multipliers", "table", "--format", "csv", "--out", "m.csv"], ["multipliers", "table", "--out", "m.md"],
                                    ["linkages", "table", "--format", "json", "--out", "l.json"], ["extract", "table", "--out", "e.md"],
                                    ["report", "r", "--out", "r.html"], ["compare", "s.toml", "s.toml", "--out", "c.xlsx"],
                                    ["compare", "s.toml", "s.toml", "--format", "csv", "--out", "c.csv"], ["compare", "s.toml", "s.toml", "--out", "c.md"]]
        for arguments in commands {
            for round in 1...2 {
                let run = try Fixtures.run(arguments, currentDirectory: dir)
                #expect(run.status == 0, "\(arguments) round \(round): \(run.stderr)")
            }
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/c.xlsx.provenance.json") && FileManager.default.fileExists(atPath: dir + "/c.csv.provenance.json"))
    }

    @Test func reportRefusesToOverwriteAFileOfItsRunDirectory() throws {
        let dir = try Self.workspace()
        #expect(try Fixtures.run(["run", "s.toml", "--out", "r"], currentDirectory: dir).status == 0)
        let before = Self.snapshot(dir)
        Self.expectRefused(try Fixtures.run(["report", "r", "--out", "r/impacts.csv"], currentDirectory: dir), "is the input")
        #expect(Self.snapshot(dir) == before)
    }

    @Test func bundleWritersReplaceOnlyBundlesIoshockWrote() throws {
        let dir = try Self.workspace()
        // generate twice into the same directory: the second replaces the first.
        for seed in ["1", "2"] {
            let run = try Fixtures.run(["generate", "--sectors", "3", "--seed", seed, "--out", "gen"], currentDirectory: dir)
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(try String(contentsOfFile: dir + "/gen/table.toml", encoding: .utf8).hasPrefix(BundleFile.writtenByMarker))
        // A bundle without the mark (written by hand) is neither replaced nor rewritten.
        let table = dir + "/table/table.toml"
        let text = try String(contentsOfFile: table, encoding: .utf8)
        try text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
            .write(toFile: table, atomically: true, encoding: .utf8)
        let before = Self.snapshot(dir)
        Self.expectRefused(try Fixtures.run(["generate", "--sectors", "3", "--out", "table"], currentDirectory: dir),
                           "is a non-empty directory that is not a table bundle written by ioshock")
        Self.expectRefused(try Fixtures.run(["import", "inventories", Fixtures.sharedPath("data/pichler-2022/desired_stock_NACE64.csv"), "--table", "table"], currentDirectory: dir),
                           "not a table bundle written by ioshock")
        #expect(Self.snapshot(dir) == before)
    }

    @Test func regionaliseRefusesToWriteOverItsNationalTable() throws {
        let dir = Fixtures.temporaryDirectory("ioshock-out")
        try FileManager.default.copyItem(atPath: Fixtures.repositoryPath("matrices/belgium-2015"), toPath: dir + "/be")
        let before = Self.snapshot(dir)
        let run = try Fixtures.run(["regionalise", "be", "--employment", Fixtures.sharedPath("data/statbel-census-2011/working-population-by-place-of-work.csv"),
                                    "--region", "Vlaams Gewest", "--out", "be"], currentDirectory: dir)
        Self.expectRefused(run, "is the input")
        #expect(Self.snapshot(dir) == before)
    }
}
