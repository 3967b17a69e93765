import Foundation
import IOTables
import LinearAlgebra
import Testing
import TestSupport

/// `ioshock import inventories`: NACE64 desired stocks onto a table's product codes.
@Suite("Inventory days: converter and bundle file")
struct InventoryConverterTests {
    let source = Fixtures.sharedPath("data/pichler-2022/desired_stock_NACE64.csv")

    /// Codes as in the Belgian and Flemish tables; the expected days are read from the source
    /// file's rows A01, C10-12, C20 and L68 (both real-estate products take L68) and T97-98 (for 97).
    @Test func mapsNACE64CodesOntoTableCodes() throws {
        let days = try InventoryConverter.convert(path: source, codes: ["01", "10-12", "20", "68_", "68a", "97"])
        let csv = try CSVFile(path: source)
        var published: [String: Double] = [:]
        for r in 1..<csv.rows.count { published[csv.string(row: r, field: 0)] = try csv.number(row: r, field: 1) }
        #expect(days == [published["A01"]!, published["C10-12"]!, published["C20"]!, published["L68"]!, published["L68"]!, published["T97-98"]!])
        #expect(days.allSatisfy { $0 > 0 })
    }

    @Test func unknownCodesAreRefused() {
        #expect {
            try InventoryConverter.convert(path: source, codes: ["01", "99x"])
        } throws: { e in (e as? InputError)?.message.contains("99x") == true }
    }

    @Test func badSourceRows() {
        let dir = Fixtures.directory(with: ["a.csv": "industry,days\nA01,-3\n", "b.csv": "industry,days\nA01,3\nA01,4\n", "c.csv": "industry,days,x\nA01,3,1\n"])
        #expect { try InventoryConverter.convert(path: dir + "/a.csv", codes: ["01"]) } throws: { e in (e as? InputError)?.line == 2 }
        #expect { try InventoryConverter.convert(path: dir + "/b.csv", codes: ["01"]) } throws: { e in (e as? InputError)?.message.contains("duplicate") == true }
        #expect { try InventoryConverter.convert(path: dir + "/c.csv", codes: ["01"]) } throws: { e in (e as? InputError)?.message.contains("header") == true }
    }

    @Test func bundleRoundTrip() throws {
        var table = try Fixtures.germany1995()
        table.inventoryDays = [1, 2.5, 0, 30, 7, 12]
        table.metadata.inventorySource = "test"
        let dir = Fixtures.temporaryDirectory() + "/g"
        try table.write(bundle: dir)
        let back = try IOTable(bundle: dir)
        #expect(back.inventoryDays == table.inventoryDays)
        #expect(back.metadata.inventorySource == "test")
        #expect(try String(contentsOfFile: dir + "/inventory_days.csv", encoding: .utf8).hasPrefix("code,days\nagriculture_group,1\n"))
    }

    @Test func importCommandAddsTheFile() throws {
        let dir = Fixtures.temporaryDirectory() + "/nace"
        let codes = ["01", "20", "68_", "68a"]
        let n = codes.count
        let zero = Matrix(rows: n, columns: n)
        var table = IOTable(metadata: TableMetadata(name: "nace", unit: "EUR million"), sectors: codes.map { Sector(code: $0, name: "s" + $0) },
                            intermediate: zero, finalDemand: LabeledBlock(labels: ["f"], values: Matrix(rows: n, columns: 1, repeating: 1)),
                            valueAdded: LabeledBlock(labels: [IOTable.grossValueAdded], values: Matrix(rows: 1, columns: n, repeating: 1)))
        table.outputGiven = false
        try table.write(bundle: dir)
        let run = try Fixtures.run(["import", "inventories", source, "--table", dir])
        #expect(run.status == 0, "\(run.stderr)")
        let back = try IOTable(bundle: dir)
        #expect(back.inventoryDays == (try InventoryConverter.convert(path: source, codes: codes)))
        #expect(back.metadata.inventorySource == InventoryConverter.source)
        let bad = try Fixtures.run(["import", "inventories", source, "--table", Fixtures.repositoryPath("matrices/germany-1995")])
        #expect(bad.status != 0 && bad.stderr.contains("no desired stock for the table's products"))
    }
}
