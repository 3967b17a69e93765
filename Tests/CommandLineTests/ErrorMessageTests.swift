import Foundation
import IOTables
import TestSupport
import Testing

/// Every error names its file and says what would fix it (issue 10, §7), through the binary.
@Suite("error messages name the file and the fix")
struct ErrorMessageTests {
    /// A copy of the Germany 1995 bundle without output.csv, with Z and final demand scaled by
    /// `factor` (written with Swift's shortest round-trip formatting).
    static func scaledBundle(_ factor: Double) throws -> String {
        let dir = Fixtures.temporaryDirectory("ioshock-msg") + "/table"
        try FileManager.default.copyItem(atPath: Fixtures.repositoryPath("matrices/germany-1995"), toPath: dir)
        try FileManager.default.removeItem(atPath: dir + "/output.csv")
        for name in ["Z.csv", "final_demand.csv"] {
            let lines = try String(contentsOfFile: dir + "/" + name, encoding: .utf8).split(separator: "\n")
            let scaled = [String(lines[0])] + lines.dropFirst().map { line -> String in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                return ([String(fields[0])] + fields.dropFirst().map { "\(Double($0)! * factor)" }).joined(separator: ",")
            }
            try (scaled.joined(separator: "\n") + "\n").write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        return dir
    }

    static func expectClean(_ run: (status: Int32, stdout: String, stderr: String), sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 1, "\(run.stderr)", sourceLocation: sourceLocation)
        for raw in ["Error Domain", "NSCocoaErrorDomain", "a bug in ioshock", "(see above)", "cannot read the file as UTF-8"] {
            #expect(!run.stderr.contains(raw), "\(run.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func overflowingDerivedOutputIsNamedNotCalledSingular() throws {
        // Largest Z entry 304584 × 5e302 ≈ 1.5e308 is finite, but industry_group's row sum is not.
        let table = try Self.scaledBundle(5e302)
        for command in ["inspect", "multipliers"] {
            let run = try Fixtures.run([command, table])
            Self.expectClean(run)
            #expect(run.stderr.contains("table/Z.csv:3: error: output of sector industry_group (row sum of Z.csv plus final_demand.csv) overflows double precision"), "\(run.stderr)")
            #expect(!run.stderr.contains("singular") && !run.stderr.contains("DGEEV"), "\(run.stderr)")
        }
    }

    @Test func subnormalOutputIsNamed() throws {
        // × 1e-318: agriculture_group's row sum (about 4.4e5 in the published table) becomes about 4.4e-313.
        let table = try Self.scaledBundle(1e-318)
        let run = try Fixtures.run(["inspect", table])
        Self.expectClean(run)
        #expect(run.stderr.contains("table/Z.csv:2: error: output of sector agriculture_group"), "\(run.stderr)")
        #expect(run.stderr.contains("below the smallest normal double"), "\(run.stderr)")
        #expect(!run.stderr.contains("DGEEV"), "\(run.stderr)")
    }

    @Test func anOverflowingCoefficientIsNamedByInspect() throws {
        // Outputs stay normal (≥ 1e-300), but z(industry, agriculture) / x(agriculture) ≈ 7930 × 1e306 / 1e-300 overflows.
        let table = Fixtures.temporaryDirectory("ioshock-msg") + "/table"
        try FileManager.default.copyItem(atPath: Fixtures.repositoryPath("matrices/germany-1995"), toPath: table)
        var output = try String(contentsOfFile: table + "/output.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        output[1] = "agriculture_group,1e-300"
        try (output.joined(separator: "\n") + "\n").write(toFile: table + "/output.csv", atomically: true, encoding: .utf8)
        var z = try String(contentsOfFile: table + "/Z.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        z[2] = z[2].replacingOccurrences(of: "industry_group,7930,", with: "industry_group,1e10,")
        try (z.joined(separator: "\n") + "\n").write(toFile: table + "/Z.csv", atomically: true, encoding: .utf8)
        let run = try Fixtures.run(["inspect", table])
        Self.expectClean(run)
        #expect(run.stderr.contains("table: error: is not usable for the Leontief model: the coefficient a(industry_group, agriculture_group)"), "\(run.stderr)")
        #expect(run.stderr.contains("overflows double precision"), "\(run.stderr)")
    }

    @Test func nonConvergenceNamesTheScenario() throws {
        let dir = try OutputSafetyTests.workspace(model: "max_iterations = 1")
        let run = try Fixtures.run(["run", "s.toml"], currentDirectory: dir)
        Self.expectClean(run)
        #expect(run.stderr.hasPrefix("s.toml: error: the supply-constrained model did not converge"), "\(run.stderr)")
        #expect(run.stderr.contains("raise max_iterations"))
    }

    @Test func anUnproductiveTableNamesTheBundleInInspect() throws {
        // Z × 10 with output.csv kept: A × 10, and the smallest column sum of the published A
        // (0.2310, `inspect`) becomes 2.31; ρ(A) ≥ the smallest column sum > 1: not productive.
        let table = Fixtures.temporaryDirectory("ioshock-msg") + "/table"
        try FileManager.default.copyItem(atPath: Fixtures.repositoryPath("matrices/germany-1995"), toPath: table)
        let lines = try String(contentsOfFile: table + "/Z.csv", encoding: .utf8).split(separator: "\n")
        let doubled = [String(lines[0])] + lines.dropFirst().map { line -> String in
            let fields = line.split(separator: ",")
            return ([String(fields[0])] + fields.dropFirst().map { "\(Double($0)! * 10)" }).joined(separator: ",")
        }
        try (doubled.joined(separator: "\n") + "\n").write(toFile: table + "/Z.csv", atomically: true, encoding: .utf8)
        let run = try Fixtures.run(["inspect", table])
        Self.expectClean(run)
        #expect(run.stderr.contains("table: error: is not usable for the Leontief model: the table germany-1995 is not productive"), "\(run.stderr)")
    }

    @Test func compareRefusesTablesWithDifferentSectorsNamingBoth() throws {
        let dir = try OutputSafetyTests.workspace()
        let run = try Fixtures.run(["compare", Fixtures.repositoryPath("scenarios/chemicals-non-eu-50.toml"), "s.toml"], currentDirectory: dir)
        Self.expectClean(run)
        #expect(run.stderr.hasPrefix("s.toml: error: uses the table"), "\(run.stderr)")
        #expect(run.stderr.contains("matrices/flanders-2015") && run.stderr.contains("/table"), "\(run.stderr)")
        #expect(run.stderr.contains("6 sectors against 64"), "\(run.stderr)")
        #expect(run.stderr.contains("hint:"))
    }

    @Test func aDirectoryWhereAFileIsExpectedSaysSo() throws {
        let dir = Fixtures.temporaryDirectory("ioshock-msg")
        for arguments in [["run", dir], ["check", dir], ["import", "eurostat-manual", dir, "--out", Fixtures.temporaryDirectory("ioshock-msg") + "/g"]] {
            let run = try Fixtures.run(arguments)
            Self.expectClean(run)
            #expect(run.stderr.contains("\(dir): error: is a directory, but a file is expected here"), "\(arguments): \(run.stderr)")
        }
    }

    @Test func aFileWhereADirectoryIsExpectedSaysSo() throws {
        let file = Fixtures.repositoryPath("matrices/germany-1995/Z.csv")
        for (arguments, message) in [(["inspect", file], "is a file, but a table bundle is a directory"),
                                     (["import", "fpb", file, "--out", Fixtures.temporaryDirectory("ioshock-msg") + "/be"], "is a file, but a sheets directory is a directory"),
                                     (["report", file], "not a directory")] {
            let run = try Fixtures.run(arguments)
            Self.expectClean(run)
            #expect(run.stderr.contains("\(file): error: \(message)"), "\(arguments): \(run.stderr)")
        }
    }

    @Test func aTableThatIsAFileSaysSo() throws {
        let dir = Fixtures.directory(with: ["s.toml": "table = \"s.toml\"\n[[shock]]\nkind = \"capacity\"\nproducts = [\"a\"]\nloss = 0.1\n"])
        let run = try Fixtures.run(["run", dir + "/s.toml"])
        Self.expectClean(run)
        #expect(run.stderr.contains("s.toml:1:9: error: the table \"s.toml\" is a file"), "\(run.stderr)")
        #expect(run.stderr.contains("a table is a bundle directory"))
        #expect(!run.stderr.contains("does not exist"))
    }

    @Test func anEmptyOutPathIsNeverWrittenAsRoot() throws {
        let run = try Fixtures.run(["multipliers", "matrices/germany-1995", "--out", ""])
        Self.expectClean(run)
        #expect(run.stderr.contains("--out: error: the output path is empty"))
        #expect(!run.stderr.contains("wrote /"))
    }
}
