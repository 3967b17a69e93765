import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Testing
import TestSupport

/// The Leontief price model (Miller & Blair 2009 §2.6): a hand-derived textbook case, zero shocks,
/// and the homogeneity identity on real and random tables.
@Suite("Leontief price model")
struct PriceModelTests {
    /// Miller & Blair's two-sector example (Tables 2.3–2.4, `validation/miller-blair-2009-ch2`):
    /// Z = [[150, 500], [200, 100]], x = (1000, 2000), so A = [[0.15, 0.25], [0.2, 0.05]] and the
    /// value added that closes the columns is v = (650, 1400), v_c = (0.65, 0.7).
    static func millerBlair() -> IOTable {
        let z = Matrix([[150, 500], [200, 100]])
        return IOTable(metadata: TableMetadata(name: "miller-blair-2009-ch2", unit: "$", householdConsumption: "total"),
                       sectors: [Sector(code: "S1", name: "S1"), Sector(code: "S2", name: "S2")], intermediate: z,
                       finalDemand: LabeledBlock(labels: ["total"], values: Matrix([[350], [1700]])),
                       valueAdded: LabeledBlock(labels: [IOTable.grossValueAdded], values: Matrix([[650, 1400]])),
                       output: [1000, 2000])
    }

    static func realTables() throws -> [(String, IOTable)] {
        try ["belgium-2015", "flanders-2015"].map { ($0, try IOTable(bundle: Fixtures.repositoryPath("matrices/" + $0))) }
            + [("germany-1995", try Fixtures.germany1995())]
    }

    static func solve(_ table: IOTable, importChange: Double, valueAddedChange: Double) throws -> PriceResult {
        let model = try PriceModel(table: table, leontief: try LeontiefModel(table: table))
        return try model.solve(importPriceChange: Matrix(rows: table.count, columns: model.origins.count, repeating: importChange),
                               valueAddedChange: [Double](repeating: valueAddedChange, count: table.count))
    }

    /// §2.6: pᵀ = v_cᵀ (I − A)⁻¹ with v_c = (0.65, 0.7) gives p = (1, 1): (0.65, 0.7) L, with
    /// L = [[0.95, 0.25], [0.2, 0.85]] / 0.7575, is (0.6175 + 0.14, 0.1625 + 0.595) / 0.7575 = (1, 1).
    /// Value added per unit of S1 up from 0.65 to 0.75 (ν₁ = 0.1/0.65): Δc = (0.1, 0), and
    /// Δpᵀ = Δcᵀ L = (0.1 · 0.95, 0.1 · 0.25) / 0.7575 = (0.125413, 0.033003):
    /// S1's price rises by 12.54 %, S2's by 3.30 % through its purchases of S1 (a_12 = 0.25 … via L_12).
    @Test func millerBlairTwoSectorExample() throws {
        let table = Self.millerBlair()
        let leontief = try LeontiefModel(table: table)
        let model = try PriceModel(table: table, leontief: leontief)
        #expect(abs(model.primaryInputCoefficients[0] - 0.65) < 1e-15 && abs(model.primaryInputCoefficients[1] - 0.7) < 1e-15)
        let p = try model.solve(importPriceChange: Matrix(rows: 2, columns: model.origins.count), valueAddedChange: [0.1 / 0.65, 0])
        #expect(abs(p.priceIndex[0] - (1 + 0.095 / 0.7575)) < 1e-12)
        #expect(abs(p.priceIndex[1] - (1 + 0.025 / 0.7575)) < 1e-12)
        #expect(abs(p.costPush[0] - 0.1) < 1e-15 && p.costPush[1] == 0)
        // The same from the published L of expected.toml, to its 1e-8 precision.
        #expect(abs(p.priceIndex[0] - (1 + 0.1 * 1.25412541)) < 1e-8 && abs(p.priceIndex[1] - (1 + 0.1 * 0.33003300)) < 1e-8)
        // The basket of final demand (350, 1700) costs 350 · 0.125413 + 1700 · 0.033003 more.
        let cost = p.cost(domestic: [350, 1700])
        #expect(cost.baseline == 2050 && abs(cost.change - (350 * 0.095 + 1700 * 0.025) / 0.7575) < 1e-9)
    }

    /// A zero shock leaves every price index at exactly 1 (no rounding: Δp solves (I − A)ᵀΔp = 0).
    @Test func zeroShockGivesExactlyOne() throws {
        for (_, table) in try Self.realTables() + [("random", randomTable(sectors: 40, seed: 3))] {
            let p = try Self.solve(table, importChange: 0, valueAddedChange: 0)
            #expect(p.priceIndex.allSatisfy { $0 == 1 })
            #expect(p.importPriceIndex.allSatisfy { $0 == 1 } && p.costPush.allSatisfy { $0 == 0 })
        }
    }

    /// Homogeneity: every primary cost (value added per unit and every import price) × (1 + k)
    /// ⇒ every price × (1 + k), since the cost shares of each column sum to 1:
    /// Δc_j = k (Σ_p m_pj + v_j)/x_j = k (1 − Σ_i a_ij) and (I − A)ᵀ (k·1) = k (1 − colsum A).
    /// The real tables' columns close to rounding (measured: every index within 4e-15 of 1 + k).
    @Test(arguments: [0.1, 1.0, 3.0])
    func everyPrimaryCostUpByKRaisesEveryPriceByK(k: Double) throws {
        for (name, table) in try Self.realTables() {
            let p = try Self.solve(table, importChange: table.imports == nil ? 0 : k, valueAddedChange: k)
            for (j, index) in p.priceIndex.enumerated() {
                #expect(abs(index - (1 + k)) <= 1e-12 * (1 + k), "\(name) \(table.codes[j]): \(index)")
            }
        }
        for seed: UInt64 in 1...5 {
            let table = randomTable(sectors: 30 + Int(seed) * 7, seed: seed)
            let p = try Self.solve(table, importChange: k, valueAddedChange: k)
            for index in p.priceIndex { #expect(abs(index - (1 + k)) <= 1e-12 * (1 + k)) }
        }
    }

    /// Prices are linear in the shock: Δp(π₁ + π₂) = Δp(π₁) + Δp(π₂), and an import price rise
    /// never lowers a price (L ≥ 0, m_c ≥ 0).
    @Test func importPriceRiseIsLinearAndNonNegative() throws {
        let table = try IOTable(bundle: Fixtures.repositoryPath("matrices/belgium-2015"))
        let model = try PriceModel(table: table, leontief: try LeontiefModel(table: table))
        let n = table.count, o = model.origins.firstIndex(of: "non_eu")!
        var one = Matrix(rows: n, columns: model.origins.count), two = one, both = one
        one[table.index(of: "35")!, o] = 3
        two[table.index(of: "20")!, o] = 0.5
        both[table.index(of: "35")!, o] = 3
        both[table.index(of: "20")!, o] = 0.5
        let zero = [Double](repeating: 0, count: n)
        let p1 = try model.solve(importPriceChange: one, valueAddedChange: zero).priceIndex
        let p2 = try model.solve(importPriceChange: two, valueAddedChange: zero).priceIndex
        let p12 = try model.solve(importPriceChange: both, valueAddedChange: zero).priceIndex
        for j in 0..<n {
            #expect(abs((p12[j] - 1) - (p1[j] - 1) - (p2[j] - 1)) < 1e-12)
            #expect(p1[j] >= 1 && p2[j] >= 1)
        }
    }

    @Test func badShocksAreRefused() throws {
        let table = Self.millerBlair()
        let model = try PriceModel(table: table, leontief: try LeontiefModel(table: table))
        let origins = model.origins.count
        #expect(throws: ModelError.self) { try model.solve(importPriceChange: Matrix(rows: 2, columns: origins), valueAddedChange: [-1, 0]) }
        #expect(throws: ModelError.self) { try model.solve(importPriceChange: Matrix(rows: 2, columns: origins, repeating: .nan), valueAddedChange: [0, 0]) }
        #expect(throws: ModelError.self) { try model.solve(importPriceChange: Matrix(rows: 3, columns: origins), valueAddedChange: [0, 0]) }
    }
}
