import Foundation
import IOTables
import Testing
import TestSupport

/// The Belgian 2015 tables of the Federal Planning Bureau (shared/data/fpb-siot-2015) through
/// `FPBConverter`, against the committed bundle and the figures of shared/data/README.md.
@Suite struct FPBConverterTests {
    static let sheets = Fixtures.sharedPath("data/fpb-siot-2015/sheets")
    static let committed = Fixtures.repositoryPath("matrices/belgium-2015")

    static func convert(_ sheets: String = sheets) throws -> IOTable {
        try FPBConverter.convert(.init(sheets: sheets,
                                       naceConversion: Fixtures.sharedPath("data/nace/conversion_matrix_NACE64_NACE21.csv"),
                                       persons: Fixtures.sharedPath("data/nbb-employment-2019/employment_NACE64_2019.csv")))
    }

    /// The pipeline of `make data`: `import fpb`, then `import criticality` and `import inventories`.
    @Test func rerunEqualsTheCommittedBundle() throws {
        let out = Fixtures.temporaryDirectory() + "/belgium-2015"
        var table = try Self.convert()
        try CriticalityConverter.apply(path: Fixtures.sharedPath("data/pichler-2022/IHS_critical_NACE64.csv"), to: &table)
        try InventoryConverter.apply(path: Fixtures.sharedPath("data/pichler-2022/desired_stock_NACE64.csv"), to: &table)
        try table.write(bundle: out)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.committed).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == files)
        for name in files {
            let fresh = FileManager.default.contents(atPath: out + "/" + name)
            let stored = FileManager.default.contents(atPath: Self.committed + "/" + name)
            #expect(fresh == stored, "\(name) differs from matrices/belgium-2015/\(name): re-run `ioshock import fpb`")
        }
        #expect(try IOTable(bundle: out) == IOTable(bundle: Self.committed))
    }

    /// shared/data/README.md: total imports 309,776, from outside the EU 86,746 (million EUR).
    @Test func readmeImportTotals() throws {
        let t = try IOTable(bundle: Self.committed)
        let intermediate = t.imports!.storage.reduce(0, +)
        let final = t.importFinal!.values.storage.reduce(0, +)
        #expect((intermediate + final).rounded() == 309_776)
        let origin = t.importOrigin!
        #expect(origin.labels == ["euro_area", "rest_of_eu", "non_eu"])
        #expect(origin.values.column(2).reduce(0, +).rounded() == 86_746)
        #expect(abs(origin.values.storage.reduce(0, +) - (intermediate + final)) < 1e-6)
    }

    @Test func layoutAndNames() throws {
        let t = try IOTable(bundle: Self.committed)
        #expect(t.count == 64)
        #expect(t.codes.contains("68_") && t.codes.contains("68a"))
        #expect(t.sectorAttributeNames == ["name_nl", "nace_section"])
        #expect(t.finalDemand.labels == ["household_consumption", "npish_consumption", "government_consumption", "investment",
                                         "inventories", "exports_euro_area", "exports_rest_of_eu", "exports_non_eu"])
        #expect(t.employment?.labels == ["hours", "persons"])
        #expect(t.metadata.sourceVersion == "13 December 2019")
        #expect(t.metadata.householdConsumption == "household_consumption")
        #expect(t.metadata.compensation == "compensation_of_employees")
        for s in t.sectors {
            #expect(CPA21.titles[s.code] == s.name, "no English title for \(s.code)")
            #expect(!(s.attributes["name_nl"] ?? "").isEmpty)
        }
        #expect(t.sectors[t.index(of: "68a")!].attributes["nace_section"] == "L")
        #expect(t.sectors[t.index(of: "97")!].attributes["nace_section"] == "T")
        #expect(t.sectors[t.index(of: "05-09")!].attributes["nace_section"] == "B")
        // Persons: NBB 2019, A01 = 56,600; 68a has no workers; hours of 01 from tbl_8.
        let e = t.employment!.values
        #expect(e[t.index(of: "01")!, 1] == 56_600)
        #expect(e[t.index(of: "68_")!, 1] == 30_400)
        #expect(e[t.index(of: "68a")!, 1] == 0)
        #expect(abs(e[0, 0] - 139.330905822379) < 1e-9)
        // Value added: B.1n = D.1 + D.29 − D.39 + B.2n+B.3n, and B.1g = B.1n + P.51c, in every column.
        let va = t.valueAdded
        func row(_ name: String) -> [Double] { va.values.row(va.index(of: name)!) }
        for j in 0..<t.count {
            let net = row("compensation_of_employees")[j] + row("other_taxes_on_production")[j]
                - row("other_subsidies_on_production")[j] + row("net_operating_surplus_and_mixed_income")[j]
            #expect(abs(net - row("net_value_added")[j]) < 1e-6)
            #expect(abs(row("net_value_added")[j] + row("consumption_of_fixed_capital")[j] - row("gross_value_added")[j]) < 1e-6)
        }
    }

    /// The bundle balances to 1e-6 relative, and the reconciliations stay at the size the docs state.
    @Test func balanceAndReconciliations() throws {
        let t = try IOTable(bundle: Self.committed)
        let report = BalanceReport(table: t)
        #expect(report.gaps.count == 3)
        #expect(report.largestRelative <= 1e-6)
        let (_, r) = try FPBConverter.convertWithReconciliation(.init(sheets: Self.sheets))
        let worstInventory = zip(r.inventoryAdjustment, t.output).map { abs($0) / $1 }.max()!
        #expect(worstInventory > 1e-7 && worstInventory < 3e-6)
        #expect(r.inventoryAdjustment.map(abs).max()! < 0.02)
        #expect(r.originDifference.map(abs).max()! < 0.02)
    }

    /// Z of the workbook has three entries of about −1e-9 (30→03, 50→17, 51→01), rounding
    /// artefacts: every cell of Z and M with |value| < `flowTolerance` is set to 0, and table.toml says so.
    @Test func roundingArtefactsAreZeroed() throws {
        let (t, r) = try FPBConverter.convertWithReconciliation(.init(sheets: Self.sheets))
        let codes = t.codes
        let negative = r.zeroedFlows.filter { $0.value < 0 }.map { "\(codes[$0.row])→\(codes[$0.column])" }
        #expect(negative == ["51→01", "30→03", "50→17"])
        #expect((r.zeroedFlows + r.zeroedImports).allSatisfy { $0.value != 0 && abs($0.value) < FPBConverter.flowTolerance })
        #expect(r.zeroedFlows.allSatisfy { t.intermediate[$0.row, $0.column] == 0 })
        #expect(r.zeroedImports.allSatisfy { t.imports![$0.row, $0.column] == 0 })
        let committed = try IOTable(bundle: Self.committed)
        #expect(committed.intermediate.storage.allSatisfy { $0 >= 0 }, "no negative flow is left in Z.csv")
        #expect(committed.imports!.storage.allSatisfy { $0 >= 0 })
        #expect(!committed.intermediate.storage.contains { $0 != 0 && abs($0) < FPBConverter.flowTolerance })
        #expect(committed.metadata.notes.contains("below 1e-08 million EUR (one cent) are set to 0: \(r.zeroedFlows.count) (3 negative: 51→01"))
    }

    // MARK: bad input

    /// A copy of the sheets with one file changed by `edit` (lines in, lines out), or removed.
    static func sheets(editing name: String, _ edit: ((inout [String]) -> Void)?) -> String {
        let dir = Fixtures.temporaryDirectory("fpb-sheets")
        for file in ["class_pro", "tbl_8", "tbl_9", "tbl_10"] {
            try! FileManager.default.copyItem(atPath: sheets + "/\(file).csv", toPath: dir + "/\(file).csv")
        }
        let path = dir + "/\(name).csv"
        if let edit {
            // The sheets end lines with CRLF, which Swift reads as one Character: split on the scalars.
            var lines = try! String(contentsOfFile: path, encoding: .utf8).unicodeScalars
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { String(String.UnicodeScalarView($0)).trimmingCharacters(in: .newlines) }
            edit(&lines)
            try! lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        } else {
            try! FileManager.default.removeItem(atPath: path)
        }
        return dir
    }

    static func error(_ sheets: String) -> InputError? {
        do { _ = try convert(sheets); return nil } catch { return error as? InputError }
    }

    @Test func missingSheet() {
        let e = Self.error(Self.sheets(editing: "tbl_8", nil))
        #expect(e?.file.hasSuffix("tbl_8.csv") == true)
        #expect(e?.message.contains("missing sheet tbl_8") == true)
    }

    @Test func movedProductRow() {
        // Swap the rows of 01 and 02 (lines 3 and 4) in tbl_10.
        let e = Self.error(Self.sheets(editing: "tbl_10") { $0.swapAt(2, 3) })
        #expect(e?.file.hasSuffix("tbl_10.csv") == true)
        #expect(e?.line == 5)
        #expect(e?.message.contains("expected the row of product \"02\"") == true)
    }

    @Test func movedProductColumn() {
        // Swap the headers of 05-09 and 10-12 (with their data the layout is no longer the table's).
        let e = Self.error(Self.sheets(editing: "tbl_9") { lines in
            var fields = lines[0].components(separatedBy: ",")
            fields.swapAt(5, 6)
            lines[0] = fields.joined(separator: ",")
        })
        #expect(e?.file.hasSuffix("tbl_9.csv") == true)
        #expect(e?.line == 1)
        #expect(e?.column == 6)
        #expect(e?.message.contains("expected the column of product \"05-09\"") == true)
    }

    @Test func missingFinalDemandColumn() {
        let e = Self.error(Self.sheets(editing: "tbl_10") { $0[0] = $0[0].replacingOccurrences(of: "P.6/S22", with: "P.6/S2x") })
        #expect(e?.file.hasSuffix("tbl_10.csv") == true)
        #expect(e?.line == 1)
        #expect(e?.message.contains("\"P.6/S22\"") == true)
    }

    @Test(arguments: [("tbl_10", "B.1g,", "B.1x,", "\"B.1g\""), ("tbl_10", "P.1,", "P.9,", "\"P.1\""),
                      ("tbl_8", "P.7/S22,", "P.7/S2,", "\"P.7/S22\""),
                      ("tbl_8", "Arbeidsvolume (miljoenen uren)", "Arbeidsvolume", "\"Arbeidsvolume (miljoenen uren)\"")])
    func missingLabelledRow(sheet: String, label: String, replacement: String, expected: String) {
        let e = Self.error(Self.sheets(editing: sheet) { lines in
            let k = lines.firstIndex { $0.hasPrefix(label) || $0.hasPrefix("," + label) }!
            lines[k] = lines[k].replacingOccurrences(of: label, with: replacement)
        })
        #expect(e?.file.hasSuffix("\(sheet).csv") == true)
        #expect(e?.message.contains("no row labelled \(expected)") == true)
        #expect(e?.message.contains("among lines") == true)
    }

    /// A value-added row that slipped by one column no longer closes the columns on P.1.
    @Test func shiftedValueAddedRow() {
        let e = Self.error(Self.sheets(editing: "tbl_10") { lines in
            let k = lines.firstIndex { $0.hasPrefix("B.1g,") }!
            var fields = lines[k].components(separatedBy: ",")
            fields.insert("0", at: 2)
            fields.removeLast()
            lines[k] = fields.joined(separator: ",")
        })
        #expect(e?.file.hasSuffix("tbl_10.csv") == true)
        #expect(e?.message.contains("does not add up") == true)
    }
}

/// Statbel's working population by place of work (shared/data/statbel-census-2011).
@Suite struct StatbelCensusTests {
    static let path = Fixtures.sharedPath("data/statbel-census-2011/working-population-by-place-of-work.csv")

    /// The regional rows add up to 4,337,114 persons; the file's grand total (last line) is
    /// 4,432,971, 95,857 more, allocated to no region or section (docs/data.md).
    @Test func nationalIsTheSumOfTheRegions() throws {
        let census = try StatbelCensus(path: Self.path)
        #expect(census.national.values.reduce(0, +) == 4_337_114)
        #expect(census.fileTotal == 4_432_971)
        var regions = 0.0
        for name in ["Vlaams Gewest", "Waals Gewest", "Brussels Hoofdstedelijk Gewest"] {
            regions += try census.employment(of: name).values.reduce(0, +)
        }
        #expect(regions == 4_337_114)
        #expect(census.national.keys.sorted() == "ABCDEFGHIJKLMNOPQRST".map(String.init))
    }

    @Test func flandersIsItsFiveProvinces() throws {
        let census = try StatbelCensus(path: Self.path)
        let flanders = try census.employment(of: "Flanders")
        let provinces = ["Provincie Antwerpen", "Provincie Limburg", "Provincie Oost-Vlaanderen", "Provincie Vlaams-Brabant", "Provincie West-Vlaanderen"]
        var sum: [String: Double] = [:]
        for p in provinces { for (k, v) in try census.employment(of: p) { sum[k, default: 0] += v } }
        #expect(flanders == sum)
        #expect(try census.resolve("vlaams gewest") == "Vlaams Gewest")
        // Antwerpen, section C (line 24 of the file).
        #expect(try census.employment(of: "Provincie Antwerpen")["C"] == 115_026)
    }

    /// A negative count, or a second row for one place of work and section, would change the
    /// regional shares silently (the regions are summed); both are refused at their line.
    /// Line 3 of the file is Brussels, section B (71 persons); line 4 Brussels, section C.
    @Test func negativeOrDuplicateRowsAreRefusedAtTheirLine() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let negative = lines.enumerated().map { $0.offset == 2 ? $0.element.replacingOccurrences(of: ",71", with: ",-71") : $0.element }
        #expect(negative[2].hasSuffix(",-71"))
        let dir = Fixtures.directory(with: ["negative.csv": negative.joined(separator: "\n")])
        #expect {
            try StatbelCensus(path: dir + "/negative.csv")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.line == 3 && e.column == 8 && e.message.contains("-71")
        }
        lines.insert(lines[3], at: 5)
        let dup = Fixtures.directory(with: ["dup.csv": lines.joined(separator: "\n")])
        #expect {
            try StatbelCensus(path: dup + "/dup.csv")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.line == 6 && e.message.contains("section C") && e.message.contains("line 4")
        }
    }

    @Test func unknownRegionListsTheValidNames() {
        #expect {
            try StatbelCensus(path: Self.path).resolve("Vlaanderen")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file == Self.path && e.message.contains("\"Vlaanderen\"")
                && (e.hint ?? "").contains("\"Vlaams Gewest\"") && (e.hint ?? "").contains("\"Provincie Limburg\"")
        }
    }
}
