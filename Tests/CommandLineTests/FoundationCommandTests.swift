import Foundation
import IOTables
import TestSupport
import Testing

/// Runs the built `ioshock` binary, as a user would.
@Suite("ioshock command line: foundation commands")
struct FoundationCommandTests {
    let germany = Fixtures.repositoryPath("matrices/germany-1995")

    @Test func committedGermanyBundleMatchesItsConverter() throws {
        let dir = Fixtures.temporaryDirectory() + "/g"
        let run = try Fixtures.run(["import", "eurostat-manual", Fixtures.sharedPath("validation/beutel-2008-germany-1995/table.csv"), "--out", dir])
        #expect(run.status == 0, "\(run.stderr)")
        for name in try FileManager.default.contentsOfDirectory(atPath: germany) {
            #expect(FileManager.default.contents(atPath: dir + "/" + name) == FileManager.default.contents(atPath: germany + "/" + name), "\(name) differs: re-run the converter")
        }
    }

    @Test func inspectReportsSizeBalanceAndProductivity() throws {
        let run = try Fixtures.run(["inspect", germany])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("- sectors: 6"))
        #expect(run.stdout.contains("spectral radius ρ(A): 0.4"))
        #expect(run.stdout.contains("productive: yes"))
        #expect(run.stdout.contains("sha256"))
        #expect(run.stdout.contains("output multipliers: 1.3782 (other_services_group) to 1.8413 (industry_group)"))
    }

    /// A table with negative flows: the M-matrix certificate does not apply, and inspect must not
    /// claim it. Z has −2 (B → A) and −0.5 (C → C) with x = 100: A has two negative entries, the
    /// larger in magnitude a[B, A] = −0.02.
    @Test func inspectSaysWhatItCheckedWhenAHasNegativeCoefficients() throws {
        let dir = Fixtures.directory(with: [
            "table.toml": "name = \"negative\"\nunit = \"EUR million\"\n",
            "sectors.csv": "code,name\nA,Alpha\nB,Beta\nC,Gamma\n",
            "Z.csv": "code,A,B,C\nA,10,20,0\nB,-2,0,30\nC,0,5,-0.5\n",
            "final_demand.csv": "code,households\nA,70\nB,72\nC,95.5\n",
            "value_added.csv": "component,A,B,C\ngross_value_added,92,75,70.5\n",
        ])
        let run = try Fixtures.run(["inspect", dir])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("productive: yes"))
        #expect(run.stdout.contains("productive: not certified — A has 2 negative coefficients"))
        #expect(run.stdout.contains("- negative coefficients in A: 2, the largest in magnitude a[B, A] = -0.02 (Z.csv row B, column A)"))
        let good = try Fixtures.run(["inspect", germany])
        #expect(good.stdout.contains("- negative coefficients in A: none"))
        #expect(good.stdout.contains("productive: yes (A ≥ 0 and (I − A)⁻¹·1 ≥ 1, an M-matrix certificate)"))
    }

    @Test func multipliersAsCSVParseBack() throws {
        let out = Fixtures.temporaryDirectory() + "/m.csv"
        let run = try Fixtures.run(["multipliers", germany, "--format", "csv", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try CSVFile(path: out)
        // The Type I columns come first and unchanged; Type II columns follow (the bundle names
        // household_consumption and compensation).
        let header = csv.strings(row: 0)
        #expect(Array(header.prefix(7)) == ["code", "name", "output", "value_added", "employment_employees", "employment_self_employed", "employment_persons"])
        #expect(Array(header.dropFirst(7)) == ["output_type_ii", "value_added_type_ii", "employment_employees_type_ii", "employment_self_employed_type_ii", "employment_persons_type_ii"])
        #expect(csv.rows.count == 7)
        #expect(abs(try csv.number(row: 2, field: 2) - 1.8413) < 5e-5)
        #expect(FileManager.default.fileExists(atPath: out + ".provenance.json"))
    }

    @Test func multipliersAsJSONIsValidJSON() throws {
        let run = try Fixtures.run(["multipliers", germany, "--format", "json"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let rows = object?["multipliers"] as? [[String: Any]]
        #expect(rows?.count == 6)
        #expect((object?["provenance"] as? [String: Any])?["version"] != nil)
    }

    @Test func leontiefWritesAAndL() throws {
        let out = Fixtures.temporaryDirectory() + "/l"
        let run = try Fixtures.run(["leontief", germany, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let l = try CSVFile(path: out + "/L.csv")
        #expect(abs(try l.number(row: 1, field: 1) - 1.0339) < 5e-5)
        #expect(FileManager.default.fileExists(atPath: out + "/A.csv"))
    }

    @Test func badBundleFailsCleanlyWithoutPartialOutput() throws {
        let dir = Fixtures.directory(with: [
            "table.toml": "name = \"t\"\nunit = \"EUR million\"\n",
            "sectors.csv": "code,name\nA,a\n",
            "Z.csv": "code,A\nA,abc\n",
            "final_demand.csv": "code,f\nA,1\n",
            "value_added.csv": "component,A\ngross_value_added,1\n",
        ])
        let out = Fixtures.temporaryDirectory() + "/never.csv"
        let run = try Fixtures.run(["multipliers", dir, "--format", "csv", "--out", out])
        #expect(run.status != 0)
        #expect(run.stderr.contains("Z.csv:2:2: error: \"abc\" is not a number"))
        #expect(!run.stderr.contains("Stack") && !run.stderr.contains("Fatal"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent)
        #expect(leftovers.isEmpty)
    }

    @Test func unproductiveTableIsRefused() throws {
        let dir = Fixtures.directory(with: [
            "table.toml": "name = \"t\"\nunit = \"EUR million\"\n",
            "sectors.csv": "code,name\nA,a\nB,b\n",
            "Z.csv": "code,A,B\nA,60,50\nB,50,60\n",
            "final_demand.csv": "code,f\nA,-10\nB,-10\n",
            "value_added.csv": "component,A,B\ngross_value_added,-10,-10\n",
        ])
        let run = try Fixtures.run(["multipliers", dir])
        #expect(run.status != 0)
        #expect(run.stderr.contains("not productive"))
    }

    @Test func generateWritesAReadableProductiveTable() throws {
        let out = Fixtures.temporaryDirectory() + "/syn"
        let run = try Fixtures.run(["generate", "--sectors", "25", "--density", "0.3", "--seed", "5", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let inspect = try Fixtures.run(["inspect", out])
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains("productive: yes"))
    }
}
