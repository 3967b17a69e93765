import Foundation
import IOTables
import LinearAlgebra
import TestSupport
import Testing

@Suite("Table bundles")
struct BundleTests {
    @Test func writeThenReadGivesTheSameTable() throws {
        let table = randomTable(sectors: 12, seed: 7)
        let dir = Fixtures.temporaryDirectory() + "/bundle"
        try table.write(bundle: dir)
        let back = try IOTable(bundle: dir)
        #expect(back == table)
    }

    @Test func syntheticTablesBalanceByConstruction() throws {
        let report = BalanceReport(table: randomTable(sectors: 30, seed: 3))
        #expect(report.gaps.count == 2)
        #expect(report.largestRelative < 1e-12)
    }

    @Test func germany1995BalancesAsPublished() throws {
        let report = BalanceReport(table: try Fixtures.germany1995())
        #expect(report.gaps.count == 2)
        // Rows and columns of Table 15.4 add up exactly in the published integers.
        #expect(report.largestRelative == 0)
    }

    @Test func aSelectiveReadSkipsTheFilesItIsNotAskedFor() throws {
        // imports.csv and criticality.csv are broken: the full read refuses them, a read of the
        // core and employment only neither parses nor checks them, and reads the rest the same.
        let dir = Fixtures.directory(with: [
            "table.toml": "name = \"t\"\nunit = \"EUR million\"\n",
            "sectors.csv": "code,name\nA,a\nB,b\n",
            "Z.csv": "code,A,B\nA,10,20\nB,30,40\n",
            "final_demand.csv": "code,f\nA,70\nB,30\n",
            "value_added.csv": "component,A,B\ngross_value_added,60,40\n",
            "employment.csv": "code,persons\nA,5\nB,7\n",
            "imports.csv": "code,A,B\nA,abc,0\nB,0,0\n",
            "criticality.csv": "code,A,B\nA,2,0\nB,0,0\n",
        ])
        #expect(throws: InputError.self) { try IOTable(bundle: dir) }
        let table = try IOTable(bundle: dir, reading: [.employment])
        #expect(table.imports == nil && table.inputCriticality == nil)
        #expect(table.intermediate == Matrix([[10, 20], [30, 40]]))
        #expect(table.output == [100, 100])
        #expect(table.employment?.values.storage == [5, 7])
        let core = try IOTable(bundle: dir, reading: [])
        #expect(core.employment == nil)
        // A bad employment.csv is still refused when employment is asked for.
        try "code,persons\nA,x\nB,7\n".write(toFile: dir + "/employment.csv", atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try IOTable(bundle: dir, reading: [.employment]) }
    }

    @Test func balanceReportFindsAnUnbalancedRow() throws {
        var table = randomTable(sectors: 5, seed: 1)
        table.intermediate[2, 3] += 10
        let report = BalanceReport(table: table)
        let rows = try #require(report.gaps.first { $0.identity.hasPrefix("rows") })
        #expect(abs(rows.largestAbsolute - 10) < 1e-9)
        #expect(rows.sector == table.codes[2])
    }
}

/// One bad input each; every message must name the file and the line.
@Suite("Bundle reader errors")
struct BundleErrorTests {
    static let good: [String: String] = [
        "table.toml": "name = \"tiny\"\nunit = \"EUR million\"\n",
        "sectors.csv": "code,name\nA,Agriculture\nB,Industry\n",
        "Z.csv": "code,A,B\nA,10,20\nB,30,40\n",
        "final_demand.csv": "code,households\nA,70\nB,130\n",
        "value_added.csv": "component,A,B\ngross_value_added,60,140\n",
        "output.csv": "code,output\nA,100\nB,200\n",
    ]

    func bundle(replacing name: String, with text: String?) -> String {
        var files = Self.good
        files[name] = text
        return Fixtures.directory(with: files)
    }

    func expectError(_ dir: String, file: String, line: Int?, column: Int? = nil, _ fragment: String) {
        #expect {
            try IOTable(bundle: dir)
        } throws: { error in
            guard let e = error as? InputError else { return false }
            let ok = e.file.hasSuffix(file) && (line == nil || e.line == line) && (column == nil || e.column == column) && e.description.contains(fragment)
            if !ok { Issue.record("got: \(e)") }
            return ok
        }
    }

    @Test func theGoodBundleReads() throws {
        let t = try IOTable(bundle: bundle(replacing: "none", with: nil))
        #expect(t.count == 2)
        #expect(t.output == [100, 200])
        #expect(BalanceReport(table: t).largestRelative == 0)
    }

    @Test func missingDirectory() {
        expectError("/nonexistent/bundle", file: "/nonexistent/bundle", line: nil, "not found")
    }

    @Test(arguments: ["table.toml", "sectors.csv", "Z.csv", "final_demand.csv", "value_added.csv"])
    func missingFile(name: String) {
        expectError(bundle(replacing: name, with: nil), file: name, line: nil, "missing file")
    }

    @Test func raggedRow() {
        expectError(bundle(replacing: "Z.csv", with: "code,A,B\nA,10,20\nB,30\n"), file: "Z.csv", line: 3, "row has 2 fields, the header 3")
    }

    @Test func nonNumericCell() {
        expectError(bundle(replacing: "Z.csv", with: "code,A,B\nA,10,2O\nB,30,40\n"), file: "Z.csv", line: 2, column: 3, "\"2O\" is not a number")
    }

    @Test func nanCell() {
        expectError(bundle(replacing: "final_demand.csv", with: "code,households\nA,NaN\nB,130\n"), file: "final_demand.csv", line: 2, column: 2, "NaN")
    }

    @Test func infiniteCell() {
        expectError(bundle(replacing: "value_added.csv", with: "component,A,B\ngross_value_added,inf,140\n"), file: "value_added.csv", line: 2, column: 2, "infinite")
    }

    @Test func duplicateCodeInSectors() {
        expectError(bundle(replacing: "sectors.csv", with: "code,name\nA,Agriculture\nA,Again\n"), file: "sectors.csv", line: 3, "duplicate sector code \"A\"")
    }

    @Test func duplicateRowInZ() {
        expectError(bundle(replacing: "Z.csv", with: "code,A,B\nA,10,20\nA,30,40\n"), file: "Z.csv", line: 3, "duplicate row \"A\"")
    }

    @Test func unknownCodeGetsADidYouMean() {
        var files = Self.good
        files["sectors.csv"] = "code,name\nC20,Chemicals\nC21,Pharma\n"
        files["Z.csv"] = "code,C20,C21\nC20,10,20\nC12,30,40\n"
        files["final_demand.csv"] = "code,households\nC20,70\nC21,130\n"
        files["value_added.csv"] = "component,C20,C21\ngross_value_added,60,140\n"
        files["output.csv"] = "code,output\nC20,100\nC21,200\n"
        let dir = Fixtures.directory(with: files)
        expectError(dir, file: "Z.csv", line: 3, "unknown sector code \"C12\"")
        expectError(dir, file: "Z.csv", line: 3, "did you mean")
    }

    @Test func codesInAnotherOrderThanSectors() {
        expectError(bundle(replacing: "final_demand.csv", with: "code,households\nB,130\nA,70\n"), file: "final_demand.csv", line: 2, "differ in order")
    }

    @Test func nonSquareZ() {
        expectError(bundle(replacing: "Z.csv", with: "code,A,B\nA,10,20\nB,30,40\nB2,1,1\n"), file: "Z.csv", line: 1, "not square")
    }

    @Test func negativeOutput() {
        expectError(bundle(replacing: "output.csv", with: "code,output\nA,100\nB,-200\n"), file: "output.csv", line: 3, "negative output")
    }

    /// A negative import by origin (found by the review of 2026-12-06: a −100 euro-area share
    /// made a non-EU cut of 1 wipe out every sector, and supply.csv report a negative loss).
    @Test func negativeImportByOrigin() {
        expectError(bundle(replacing: "import_origin.csv", with: "code,euro_area,non_eu\nA,1,2\nB,-100,200\n"), file: "import_origin.csv", line: 3, column: 2,
                    "negative imports -100.0 of B from euro_area")
    }

    @Test func missingGrossValueAddedRow() {
        expectError(bundle(replacing: "value_added.csv", with: "component,A,B\nwages,60,140\n"), file: "value_added.csv", line: nil, "gross_value_added")
    }

    @Test func unknownMetadataKey() {
        expectError(bundle(replacing: "table.toml", with: "name = \"tiny\"\nunit = \"EUR million\"\nyaer = 2015\n"), file: "table.toml", line: 3, "did you mean \"year\"")
    }

    /// A name in table.toml that is not in the file it points into silently dropped every Type II
    /// column (household_consumption, compensation) or the column identity (primary_inputs).
    @Test func namesInTableTomlMustExist() {
        let base = "name = \"tiny\"\nunit = \"EUR million\"\n"
        expectError(bundle(replacing: "table.toml", with: base + "household_consumption = \"househlds\"\n"), file: "table.toml", line: 3, column: 25,
                    "household_consumption names \"househlds\", which is not a column of final_demand.csv (it has households)")
        expectError(bundle(replacing: "table.toml", with: base + "household_consumption = \"househlds\"\n"), file: "table.toml", line: 3, "did you mean \"households\"")
        expectError(bundle(replacing: "table.toml", with: base + "compensation = \"wages\"\n"), file: "table.toml", line: 3, column: 16,
                    "compensation names \"wages\", which is not a row of value_added.csv (it has gross_value_added)")
        expectError(bundle(replacing: "table.toml", with: base + "primary_inputs = [\"gross_value_added\", \"taxes\"]\n"), file: "table.toml", line: 3, column: 40,
                    "primary_inputs names \"taxes\", which is not a row of value_added.csv")
        // Names that exist are fine.
        #expect(throws: Never.self) {
            try IOTable(bundle: bundle(replacing: "table.toml", with: base + "household_consumption = \"households\"\ncompensation = \"gross_value_added\"\n"))
        }
    }

    @Test func misspeltKeyInTableTomlGetsADidYouMean() {
        expectError(bundle(replacing: "table.toml", with: "name = \"tiny\"\nunit = \"EUR million\"\nhousehold_consumtion = \"households\"\n"),
                    file: "table.toml", line: 3, column: 1, "did you mean \"household_consumption\"")
    }

    @Test func missingMetadataKey() {
        expectError(bundle(replacing: "table.toml", with: "name = \"tiny\"\n"), file: "table.toml", line: 1, "missing key \"unit\"")
    }
}
