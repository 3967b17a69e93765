import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Numerics
import TestSupport
import Testing

/// pymrio's test system (6 regions × 8 sectors), saved by `tools/pymrio_reference.py` with
/// pymrio 0.7.0, and pymrio's own calc_all() results for it.
enum PymrioFixture {
    static let system = Fixtures.repositoryPath("Tests/Fixtures/pymrio-test")

    /// Tests/Fixtures/pymrio-test-reference.csv: region,sector,x,output_multiplier,value_added_multiplier.
    static func reference() throws -> [(region: String, sector: String, x: Double, output: Double, valueAdded: Double)] {
        let text = try String(contentsOfFile: Fixtures.repositoryPath("Tests/Fixtures/pymrio-test-reference.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.first == "region,sector,x,output_multiplier,value_added_multiplier")
        return lines.dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            return (f[0], f[1], Double(f[2])!, Double(f[3])!, Double(f[4])!)
        }
    }
}

@Suite("Multi-regional tables: pymrio import")
struct PymrioImportTests {
    @Test func sectorsAreRegionsTimesProducts() throws {
        let table = try PymrioImporter.convert(directory: PymrioFixture.system)
        #expect(table.regions == ["reg1", "reg2", "reg3", "reg4", "reg5", "reg6"])
        #expect(table.isMultiRegional)
        #expect(table.count == 48)
        #expect(table.sectors[9].region == "reg2" && table.sectors[9].code == "mining")
        #expect(table.sectorLabels[9] == "reg2:mining")
        #expect(table.finalDemand.labels.count == 42)
        #expect(table.finalDemand.labels[6] == "reg1:Export")
        #expect(table.valueAdded.labels == [IOTable.grossValueAdded])
        #expect(table.metadata.unit == "Mill USD")
        #expect(table.imports == nil)
    }

    /// x, the output multipliers 1ᵀL and the value-added multipliers (v x̂⁻¹) L against pymrio's
    /// calc_all() (which inverts I − A with numpy; ioshock solves with the LU): 1e-10 relative.
    @Test func multipliersAndOutputMatchPymrio() throws {
        let table = try PymrioImporter.convert(directory: PymrioFixture.system)
        let reference = try PymrioFixture.reference()
        try #require(reference.count == table.count)
        let model = try LeontiefModel(table: table)
        let m = Multipliers(model: model, table: table)
        for (j, r) in reference.enumerated() {
            #expect(table.sectors[j].region == r.region && table.sectors[j].code == r.sector)
            #expect(table.output[j].isApproximatelyEqual(to: r.x, relativeTolerance: 1e-10), "x of \(r.region):\(r.sector)")
            #expect(m.output[j].isApproximatelyEqual(to: r.output, relativeTolerance: 1e-10), "output multiplier of \(r.region):\(r.sector)")
            #expect(m.valueAdded[j].isApproximatelyEqual(to: r.valueAdded, relativeTolerance: 1e-10), "value-added multiplier of \(r.region):\(r.sector)")
        }
        // A check that the comparison can fail: the multipliers differ between sectors.
        #expect(Set(reference.map(\.output)).count > 40)
    }

    @Test func writeThenReadGivesTheSameTable() throws {
        let table = try PymrioImporter.convert(directory: PymrioFixture.system)
        let dir = Fixtures.temporaryDirectory() + "/bundle"
        try table.write(bundle: dir)
        let back = try IOTable(bundle: dir)
        #expect(back == table)
        let sectors = try String(contentsOfFile: dir + "/sectors.csv", encoding: .utf8)
        #expect(sectors.hasPrefix("region,code,name\nreg1,food,food\n"))
        let z = try String(contentsOfFile: dir + "/Z.csv", encoding: .utf8)
        #expect(z.hasPrefix("code,reg1:food,reg1:mining,"))
        let toml = try String(contentsOfFile: dir + "/table.toml", encoding: .utf8)
        #expect(toml.contains("regions = [\"reg1\", \"reg2\", \"reg3\", \"reg4\", \"reg5\", \"reg6\"]\n"))
    }

    @Test func employmentRowsBecomeMeasures() {
        #expect(PymrioImporter.measureName("Employment: Low-skilled male") == "persons_low_skilled_male")
        #expect(PymrioImporter.measureName("Employment hours: High-skilled female") == "hours_high_skilled_female")
        #expect(PymrioImporter.componentName("Operating surplus: Rents on land") == "operating_surplus_rents_on_land")
    }

    @Test func badSystemsAreRefusedWithTheirFile() throws {
        let missing = Fixtures.temporaryDirectory()
        #expect { try PymrioImporter.convert(directory: missing) } throws: { ($0 as? InputError)?.file.hasSuffix("file_parameters.json") == true }
        let z = try String(contentsOfFile: PymrioFixture.system + "/Z.txt", encoding: .utf8)
        let params = try String(contentsOfFile: PymrioFixture.system + "/file_parameters.json", encoding: .utf8)
        let y = try String(contentsOfFile: PymrioFixture.system + "/Y.txt", encoding: .utf8)
        // A non-numeric cell on the fourth line (the first sector row), field 3.
        var lines = z.components(separatedBy: "\n")
        var fields = lines[3].components(separatedBy: "\t")
        fields[2] = "n/a"
        lines[3] = fields.joined(separator: "\t")
        let bad = Fixtures.directory(with: ["file_parameters.json": params, "Z.txt": lines.joined(separator: "\n"), "Y.txt": y])
        #expect { try PymrioImporter.convert(directory: bad) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file.hasSuffix("Z.txt") && e.line == 4 && e.column == 3
        }
        // An extension that is not a system.
        #expect { try PymrioImporter.convert(directory: PymrioFixture.system + "/factor_inputs") } throws: { error in
            (error as? InputError)?.message.contains("not \"IOSystem\"") == true
        }
    }
}

/// 4 sectors a, b, c, d merged into AB and CD. By hand:
/// Z = [1 2 0 1; 0 1 3 0; 2 0 1 1; 1 1 0 2], f = (6, 2, 3, 1) → x = (10, 6, 7, 5),
/// v = x − 1ᵀZ = (6, 2, 3, 1). Z′ = [4 4; 4 4], f′ = (8, 4), x′ = (16, 12), v′ = (8, 4).
/// A′ = [1/4 1/3; 1/4 1/3], I − A′ = [3/4 −1/3; −1/4 2/3], det = 5/12,
/// L′ = (12/5)[2/3 1/3; 1/4 3/4] = [8/5 4/5; 3/5 9/5], so 1ᵀL′ = (11/5, 13/5) = (2.2, 2.6);
/// value-added multipliers (1/2, 1/3) L′ = (1, 1) (no imports: every unit of final demand is value added).
@Suite("Aggregation")
struct AggregationTests {
    static func handTable() -> IOTable {
        let z = Matrix([[1, 2, 0, 1], [0, 1, 3, 0], [2, 0, 1, 1], [1, 1, 0, 2]])
        let f = LabeledBlock(labels: ["final"], values: Matrix(rows: 4, columns: 1, columnMajor: [6, 2, 3, 1]))
        let va = LabeledBlock(labels: [IOTable.grossValueAdded], values: Matrix([[6, 2, 3, 1]]))
        let employment = LabeledBlock(labels: ["persons"], values: Matrix(rows: 4, columns: 1, columnMajor: [1, 2, 3, 4]))
        return IOTable(metadata: TableMetadata(name: "hand", unit: "EUR"),
                       sectors: ["a", "b", "c", "d"].map { Sector(code: $0, name: $0) },
                       intermediate: z, finalDemand: f, valueAdded: va, employment: employment)
    }

    @Test func fourSectorsIntoTwoByHand() throws {
        let map = Concordance(path: "map.csv", key: "code", group: ["a": "AB", "b": "AB", "c": "CD", "d": "CD"])
        let t = try Self.handTable().aggregated(sectors: map, regions: nil)
        #expect(t.codes == ["AB", "CD"])
        #expect(t.intermediate == Matrix([[4, 4], [4, 4]]))
        #expect(t.output == [16, 12])
        #expect(t.totalFinalDemand == [8, 4])
        #expect(t.grossValueAdded == [8, 4])
        #expect(t.employment?.values.storage == [3, 7])
        let m = Multipliers(model: try LeontiefModel(table: t), table: t)
        #expect(m.output[0].isApproximatelyEqual(to: 2.2, relativeTolerance: 1e-14))
        #expect(m.output[1].isApproximatelyEqual(to: 2.6, relativeTolerance: 1e-14))
        #expect(m.valueAdded.allSatisfy { $0.isApproximatelyEqual(to: 1, relativeTolerance: 1e-14) })
    }

    /// Names: a merged group is named by its group, a group of one product keeps that product's
    /// name (c → "C" alone, a + b → "AB"); before, every name became the group's code.
    @Test func aSingleProductGroupKeepsItsName() throws {
        var table = Self.handTable()
        table = IOTable(metadata: table.metadata, sectors: ["a", "b", "c", "d"].map { Sector(code: $0, name: "Sector " + $0) },
                        intermediate: table.intermediate, finalDemand: table.finalDemand, valueAdded: table.valueAdded, employment: table.employment)
        let map = Concordance(path: "map.csv", key: "code", group: ["a": "AB", "b": "AB", "c": "C", "d": "D"])
        let t = try table.aggregated(sectors: map, regions: nil)
        #expect(t.codes == ["AB", "C", "D"])
        #expect(t.sectors.map(\.name) == ["AB", "Sector c", "Sector d"])
    }

    @Test func identityMapsChangeNothing() throws {
        let table = try PymrioImporter.convert(directory: PymrioFixture.system)
        var products: [String: String] = [:]
        for c in table.codes { products[c] = c }
        var regions: [String: String] = [:]
        for r in table.regions { regions[r] = r }
        let same = try table.aggregated(sectors: Concordance(path: "s.csv", key: "code", group: products),
                                        regions: Concordance(path: "r.csv", key: "region", group: regions))
        #expect(same.intermediate == table.intermediate)
        #expect(same.finalDemand == table.finalDemand)
        #expect(same.valueAdded == table.valueAdded)
        #expect(same.output == table.output)
        #expect(same.sectorLabels == table.sectorLabels)
        // A group of one product keeps its name (before: the name became the code).
        #expect(same.sectors.map(\.name) == table.sectors.map(\.name))
        let m0 = Multipliers(model: try LeontiefModel(table: table), table: table)
        let m1 = Multipliers(model: try LeontiefModel(table: same), table: same)
        #expect(m0.output == m1.output && m0.valueAdded == m1.valueAdded)
    }

    /// 6 regions × 8 products into 2 regions × 3 products: every total is kept.
    @Test func aggregationKeepsTotals() throws {
        let table = try PymrioImporter.convert(directory: PymrioFixture.system)
        let products = ["food": "primary", "mining": "primary", "manufactoring": "industry", "electricity": "industry",
                        "construction": "industry", "trade": "services", "transport": "services", "other": "services"]
        let regions = ["reg1": "north", "reg2": "north", "reg3": "north", "reg4": "south", "reg5": "south", "reg6": "south"]
        let t = try table.aggregated(sectors: Concordance(path: "s.csv", key: "code", group: products),
                                     regions: Concordance(path: "r.csv", key: "region", group: regions))
        #expect(t.count == 6 && t.regions == ["north", "south"])
        #expect(t.sectorLabels == ["north:primary", "north:industry", "north:services", "south:primary", "south:industry", "south:services"])
        #expect(t.finalDemand.labels.count == 14 && t.finalDemand.labels[6] == "north:Export")
        func close(_ a: Double, _ b: Double) -> Bool { a.isApproximatelyEqual(to: b, relativeTolerance: 1e-12) }
        #expect(close(t.intermediate.storage.reduce(0, +), table.intermediate.storage.reduce(0, +)))
        #expect(close(t.finalDemand.values.storage.reduce(0, +), table.finalDemand.values.storage.reduce(0, +)))
        #expect(close(t.valueAdded.values.storage.reduce(0, +), table.valueAdded.values.storage.reduce(0, +)))
        #expect(close(t.output.reduce(0, +), table.output.reduce(0, +)))
        // One block by hand: north:primary sells to south:services the sum over 3 × 2 × 3 × 3 cells.
        var block = 0.0
        for (i, s) in table.sectors.enumerated() where regions[s.region] == "north" && products[s.code] == "primary" {
            for (j, u) in table.sectors.enumerated() where regions[u.region] == "south" && products[u.code] == "services" { block += table.intermediate[i, j] }
        }
        #expect(close(t.intermediate[0, 5], block))
        // Written and read back as a bundle.
        let dir = Fixtures.temporaryDirectory() + "/agg"
        try t.write(bundle: dir)
        #expect(try IOTable(bundle: dir) == t)
    }

    @Test func incompleteOrUnknownMapsAreRefused() throws {
        let t = Self.handTable()
        let dir = Fixtures.directory(with: ["missing.csv": "code,group\na,AB\nb,AB\nc,CD\n", "unknown.csv": "code,group\na,AB\nb,AB\nc,CD\nd,CD\ne,CD\n",
                                            "header.csv": "sector,group\na,A\n", "dup.csv": "code,group\na,A\na,B\n"])
        #expect { try t.aggregated(sectors: try Concordance(path: dir + "/missing.csv", key: "code"), regions: nil) } throws: {
            ($0 as? InputError)?.message.contains("not in the concordance: d") == true
        }
        #expect { try t.aggregated(sectors: try Concordance(path: dir + "/unknown.csv", key: "code"), regions: nil) } throws: {
            guard let e = $0 as? InputError else { return false }
            return e.line == 6 && e.message.contains("unknown product code \"e\"")
        }
        #expect { try Concordance(path: dir + "/header.csv", key: "code") } throws: { ($0 as? InputError)?.line == 1 }
        #expect { try Concordance(path: dir + "/dup.csv", key: "code") } throws: { ($0 as? InputError)?.line == 3 }
        #expect { try t.aggregated(sectors: nil, regions: Concordance(path: "r.csv", key: "region", group: ["x": "y"])) } throws: {
            ($0 as? InputError)?.message.contains("has one region") == true
        }
    }
}

@Suite("Multi-regional bundles")
struct MultiRegionalBundleTests {
    /// Two regions × two products, in the layout of docs/table-format.md.
    static func files(regions: String = "regions = [\"BE\", \"DE\"]\n",
                      sectors: String = "region,code,name\nBE,20,Chemicals\nBE,29,Cars\nDE,20,Chemicals\nDE,29,Cars\n") -> [String: String] {
        let labels = "BE:20,BE:29,DE:20,DE:29"
        return [
            "table.toml": "name = \"two\"\nunit = \"EUR million\"\n" + regions,
            "sectors.csv": sectors,
            "Z.csv": "code,\(labels)\nBE:20,1,2,0.5,0\nBE:29,0,1,0,0.2\nDE:20,1,3,2,1\nDE:29,0,0,0,1\n",
            "final_demand.csv": "code,BE:households,DE:households\nBE:20,5,1\nBE:29,4,2\nDE:20,3,6\nDE:29,1,9\n",
            "value_added.csv": "component,\(labels)\ngross_value_added,8,2,4,9\n",
        ]
    }

    @Test func readsRegionsAndLabels() throws {
        let t = try IOTable(bundle: Fixtures.directory(with: Self.files()))
        #expect(t.regions == ["BE", "DE"] && t.isMultiRegional)
        #expect(t.codes == ["20", "29", "20", "29"])
        #expect(t.sectorLabels == ["BE:20", "BE:29", "DE:20", "DE:29"])
        #expect(t.indices(named: "20") == [0, 2])
        #expect(t.indices(named: "DE:29") == [3])
        #expect(t.output == [9.5, 7.2, 16, 11])  // Z·1 + F·1, row by row
    }

    @Test func singleRegionTablesKeepTheirLayout() throws {
        let t = AggregationTests.handTable()
        #expect(!t.isMultiRegional && t.regions == [""] && t.sectorLabels == t.codes)
        let dir = Fixtures.temporaryDirectory() + "/one"
        try t.write(bundle: dir)
        #expect(try String(contentsOfFile: dir + "/sectors.csv", encoding: .utf8).hasPrefix("code,name\n"))
        #expect(try !String(contentsOfFile: dir + "/table.toml", encoding: .utf8).contains("regions"))
    }

    @Test(arguments: [
        (files(sectors: "region,code,name\nBE,20,Chemicals\nBE,29,Cars\nDX,20,Chemicals\nDE,29,Cars\n"), "sectors.csv", 4, "unknown region \"DX\""),
        (files(regions: ""), "sectors.csv", 1, "lists no regions"),
        (files(regions: "regions = [\"BE\", \"DE\", \"FR\"]\n"), "table.toml", 3, "region \"FR\" of regions has no sector"),
        (files(regions: "regions = [\"BE\", \"B:E\"]\n"), "table.toml", 3, "contains \":\""),
        (files(regions: "regions = [\"BE\", \"BE\"]\n"), "table.toml", 3, "duplicate region"),
        (files(sectors: "region,code,name\nBE,20,Chemicals\nBE,20,Cars\nDE,20,Chemicals\nDE,29,Cars\n"), "sectors.csv", 3, "duplicate sector \"20\" of region \"BE\""),
        (files(sectors: "code,name\n20,Chemicals\n"), "sectors.csv", 1, "must start with \"region,code,name\""),
    ])
    func badBundlesAreRefusedWhereTheyAreWrong(files: [String: String], file: String, line: Int, message: String) throws {
        let dir = Fixtures.directory(with: files)
        #expect { try IOTable(bundle: dir) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file.hasSuffix(file) && e.line == line && e.message.contains(message)
        }
    }

    @Test func productCodesAloneAreNotLabels() throws {
        var files = Self.files()
        files["Z.csv"] = files["Z.csv"]!.replacingOccurrences(of: "code,BE:20,", with: "code,20,")
        let dir = Fixtures.directory(with: files)
        #expect { try IOTable(bundle: dir) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file.hasSuffix("Z.csv") && e.line == 1 && e.column == 2 && (e.hint ?? "").contains("BE:20")
        }
    }
}

/// Tests/Fixtures/figaro-sample.csv: a FIGARO-layout flat file of 2 areas (BE, DE) × 2 products
/// (CPA_A01, CPA_C20), written by hand:
/// Z = [1 2 0 1; 0 1 3 0; 2 0 1 1; 1 1 0 2] (rows and columns BE:A01, BE:C20, DE:A01, DE:C20),
/// household consumption P3_S14 of BE and DE: (4, 2), (1, 1), (2, 1), (0, 1) → x = (10, 6, 7, 5);
/// D1 = (3, 1, 1, 0.5), B2A3G = (2, 0.5, 1.5, 0.5), D21X31 = (1, 0.5, 0.5, 0), so
/// gross value added = D1 + B2A3G = (5, 1.5, 2.5, 1) and 1ᵀZ + GVA + D21X31 = (10, 6, 7, 5) = x.
@Suite("Multi-regional tables: FIGARO import")
struct FigaroImportTests {
    static let sample = Fixtures.repositoryPath("Tests/Fixtures/figaro-sample.csv")

    @Test func readsTheFlatLayout() throws {
        let t = try FigaroImporter.convert(path: Self.sample)
        #expect(t.regions == ["BE", "DE"])
        #expect(t.sectorLabels == ["BE:A01", "BE:C20", "DE:A01", "DE:C20"])
        #expect(t.codes == ["A01", "C20", "A01", "C20"])
        #expect(t.intermediate == Matrix([[1, 2, 0, 1], [0, 1, 3, 0], [2, 0, 1, 1], [1, 1, 0, 2]]))
        #expect(t.finalDemand.labels == ["BE:P3_S14", "DE:P3_S14"])
        #expect(t.output == [10, 6, 7, 5])
        #expect(t.grossValueAdded == [5, 1.5, 2.5, 1])
        #expect(t.metadata.primaryInputs == [IOTable.grossValueAdded, "d21x31"])
        let balance = BalanceReport(table: t)
        #expect(balance.largestRelative < 1e-15)
        let dir = Fixtures.temporaryDirectory() + "/figaro"
        try t.write(bundle: dir)
        #expect(try IOTable(bundle: dir) == t)
    }

    @Test func badFlatFilesAreRefusedAtTheirLine() throws {
        let text = try String(contentsOfFile: Self.sample, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let header = lines[0]
        lines[3] = lines[3].replacingOccurrences(of: ",DE,CPA_A01,", with: ",XX,CPA_A01,")
        let dir = Fixtures.directory(with: ["area.csv": lines.joined(separator: "\n"),
                                            "header.csv": header.replacingOccurrences(of: "obsValue", with: "value") + "\n",
                                            "twice.csv": text + lines[1] + "\n",
                                            "number.csv": text.replacingOccurrences(of: "BE_CPA_A01,BE_CPA_A01,BE,CPA_A01,BE,CPA_A01,1", with: "BE_CPA_A01,BE_CPA_A01,BE,CPA_A01,BE,CPA_A01,x")])
        #expect { try FigaroImporter.convert(path: dir + "/area.csv") } throws: { ($0 as? InputError).map { $0.line == 4 && $0.column == 5 } ?? false }
        #expect { try FigaroImporter.convert(path: dir + "/header.csv") } throws: { ($0 as? InputError).map { $0.line == 1 && $0.message.contains("obsValue") } ?? false }
        #expect { try FigaroImporter.convert(path: dir + "/twice.csv") } throws: { ($0 as? InputError).map { $0.message.contains("given twice (first on line 2)") } ?? false }
        #expect { try FigaroImporter.convert(path: dir + "/number.csv") } throws: { ($0 as? InputError).map { $0.line == 2 && $0.column == 7 } ?? false }
    }
}
