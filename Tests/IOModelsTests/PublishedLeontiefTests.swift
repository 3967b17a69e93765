import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Numerics
import TestSupport
import Testing

/// Reads `expected.toml` of a validation folder.
func expectedFigures(_ folder: String) throws -> TOMLTable {
    try TOMLDocument(path: Fixtures.sharedPath("validation/\(folder)/expected.toml")).root
}

func numbers(_ node: TOMLNode?) -> [Double] {
    guard case let .array(items)? = node?.value else { return [] }
    return items.compactMap {
        switch $0.value {
        case let .float(v): return v
        case let .integer(v): return Double(v)
        default: return nil
        }
    }
}

func rows(_ node: TOMLNode?) -> [[Double]] {
    guard case let .array(items)? = node?.value else { return [] }
    return items.map { numbers($0) }
}

@Suite("Miller & Blair (2009), chapter 2")
struct MillerBlairTests {
    /// Builds a bundle from the fixture's Z.csv and final_demand.csv, as a user would, and reads it back.
    func table() throws -> IOTable {
        let folder = Fixtures.sharedPath("validation/miller-blair-2009-ch2")
        let z = try String(contentsOfFile: folder + "/Z.csv", encoding: .utf8)
        let f = try String(contentsOfFile: folder + "/final_demand.csv", encoding: .utf8)
        // Value added is not in the fixture; with output = Z·1 + f it is the column residual.
        let dir = Fixtures.directory(with: [
            "table.toml": "name = \"miller-blair-2009-ch2\"\nunit = \"dollars\"\n",
            "sectors.csv": "code,name\nS1,Sector 1\nS2,Sector 2\n",
            "Z.csv": z, "final_demand.csv": f,
            "value_added.csv": "component,S1,S2\ngross_value_added,650,1400\n",
        ])
        return try IOTable(bundle: dir)
    }

    @Test func outputCoefficientsAndInverse() throws {
        let expected = try expectedFigures("miller-blair-2009-ch2")
        let t = try table()
        let model = try LeontiefModel(table: t)
        for (i, x) in numbers(expected["output"]).enumerated() { #expect(t.output[i].isApproximatelyEqual(to: x, relativeTolerance: 1e-6)) }
        let a = rows(expected["A"])
        let l = rows(expected["L"])
        let inverse = model.leontiefInverse()
        for i in 0..<2 {
            for j in 0..<2 {
                #expect(model.coefficients[i, j].isApproximatelyEqual(to: a[i][j], relativeTolerance: 1e-6))
                #expect(inverse[i, j].isApproximatelyEqual(to: l[i][j], relativeTolerance: 1e-6))
            }
        }
    }

    @Test func newFinalDemandAndLabour() throws {
        let expected = try expectedFigures("miller-blair-2009-ch2")
        guard case let .table(case2)? = expected["new_final_demand"]?.value else { Issue.record("no [new_final_demand]"); return }
        let model = try LeontiefModel(table: try table())
        let x = model.output(for: numbers(case2["final_demand"]))
        let published = numbers(case2["output"])
        for i in 0..<2 { #expect(abs(x[i] - published[i]) <= 0.05) }
        let labour = zip(numbers(case2["labour_coefficients"]), x).map(*)
        for (i, v) in numbers(case2["labour"]).enumerated() { #expect(abs(labour[i] - v) <= 0.05) }
        #expect(model.relativeResidual(output: x, finalDemand: numbers(case2["final_demand"])) < 1e-14)
    }
}

@Suite("Beutel (2008), Germany 1995")
struct BeutelLeontiefTests {
    let tolerance = 5e-5

    @Test func leontiefFirstColumnAndMultipliers() throws {
        let expected = try expectedFigures("beutel-2008-germany-1995")
        // Through the bundle reader: convert, write, read back.
        let dir = Fixtures.temporaryDirectory() + "/germany-1995"
        try Fixtures.germany1995().write(bundle: dir)
        let table = try IOTable(bundle: dir)
        #expect(table.codes == (try {
            guard case let .array(items)? = expected["sectors"]?.value else { return [] }
            return items.compactMap { if case let .string(s) = $0.value { s } else { nil } }
        }()))
        let model = try LeontiefModel(table: table)
        let firstColumn = model.output(for: [1, 0, 0, 0, 0, 0])
        for (i, v) in numbers(expected["leontief_first_column"]).enumerated() { #expect(abs(firstColumn[i] - v) <= tolerance) }
        let m = Multipliers(model: model, table: table)
        for (i, v) in numbers(expected["output_multipliers"]).enumerated() { #expect(abs(m.output[i] - v) <= tolerance, "output \(i)") }
        for (i, v) in numbers(expected["value_added_multipliers"]).enumerated() { #expect(abs(m.valueAdded[i] - v) <= tolerance, "value added \(i)") }
        let persons = try #require(m.employment.first { $0.measure == "persons" })
        for (i, v) in numbers(expected["employment_multipliers"]).enumerated() { #expect(abs(persons.values[i] - v) <= tolerance, "employment \(i)") }
    }
}

@Suite("Leontief model checks")
struct LeontiefModelTests {
    @Test func anUnproductiveTableIsRefused() {
        // Column sums of A above one: ρ(A) > 1.
        let z = Matrix([[60, 50], [50, 60]])
        #expect {
            try LeontiefModel(intermediate: z, output: [100, 100], codes: ["A", "B"], tableName: "bad")
        } throws: { error in
            guard case let .notProductive(table, _) = error as? ModelError else { return false }
            return table == "bad" && "\(error)".contains("ρ(A) < 1")
        }
    }

    @Test func aSingularSystemNamesTheSector() {
        // I − A = [[0.5, -0.5], [-0.5, 0.5]] is singular; the zero pivot falls on the second sector.
        let z = Matrix([[50, 50], [50, 50]])
        #expect {
            try LeontiefModel(intermediate: z, output: [100, 100], codes: ["A", "B"], tableName: "flat")
        } throws: { error in
            guard case let .singular(_, sector) = error as? ModelError else { return false }
            return sector == "B"
        }
    }

    @Test func zeroOutputSectorsHaveZeroColumns() throws {
        let z = Matrix([[10, 0], [5, 0]])
        let model = try LeontiefModel(intermediate: z, output: [100, 0], codes: ["A", "B"], tableName: "t")
        #expect(model.zeroOutputSectors == ["B"])
        #expect(model.coefficients.column(1) == [0, 0])
    }

    @Test(arguments: [5, 17, 64])
    func multipliersEqualColumnSumsOfTheExplicitInverse(n: Int) throws {
        let table = randomTable(sectors: n, seed: UInt64(n))
        let model = try LeontiefModel(table: table)
        let m = Multipliers(model: model, table: table)
        let l = model.leontiefInverse()
        let sums = l.columnSums()
        let gva = table.grossValueAdded!
        let v = zip(gva, table.output).map { $0 / $1 }
        let vaMultipliers = try l.multiplied(by: v, transposingSelf: true)
        for j in 0..<n {
            #expect(m.output[j].isApproximatelyEqual(to: sums[j], relativeTolerance: 1e-12))
            #expect(m.valueAdded[j].isApproximatelyEqual(to: vaMultipliers[j], relativeTolerance: 1e-12))
        }
    }

    @Test func baselineFinalDemandReproducesBaselineOutput() throws {
        let table = randomTable(sectors: 40, seed: 11)
        let model = try LeontiefModel(table: table)
        let x = model.output(for: table.totalFinalDemand)
        for i in 0..<40 { #expect(x[i].isApproximatelyEqual(to: table.output[i], relativeTolerance: 1e-10)) }
    }
}
