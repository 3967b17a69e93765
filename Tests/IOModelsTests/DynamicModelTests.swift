import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Testing
import TestSupport

/// The daily model with inventories (MODELS.md §6) on its own, without scenario files.
@Suite("Dynamic model with inventories")
struct DynamicModelTests {
    /// Two sectors. A sells 20 to B and 80 to final demand and buys 10 of imported product A;
    /// B sells 100 to final demand. Output 100 each.
    ///
    ///         A    B  | final | output        imports: A uses 10 of product A
    ///     A   0   20  |   80  |  100
    ///     B   0    0  |  100  |  100
    func twoSectors(days nA: Double, _ nB: Double, criticality: InputCriticality = .strict) throws -> DynamicModel {
        try DynamicModel(intermediate: Matrix([[0, 20], [0, 0]]), baselineOutput: [100, 100], finalDemand: [80, 100],
                         imports: Matrix([[10, 0], [0, 0]]), restOfCountry: nil, valueAdded: [70, 80],
                         parameters: DynamicParameters(inventoryDays: [nA, nB], tau: 10, criticality: criticality))
    }

    /// Foreign supply of product A stops from `start` for `duration` days (nil: for good).
    func importStop(_ start: Int, _ duration: Int?) -> (Int, inout DailyConditions) -> Void {
        { t, c in
            c = .baseline(2)
            if t >= start, duration == nil || t < start + duration! { c.foreignAvailability[0] = 0 }
        }
    }

    /// The stock-out days, by hand. A holds n_A = 5 days of its import, B n_B = 3 days of A's
    /// product. Imports stop on day 0 for good.
    /// - A: outside inputs arrive the same day; available on day t is its carried stock plus
    ///   today's arrivals (0): 5, 4, 3, 2, 1 days on days 0–4, so it produces at baseline and
    ///   carries 5 − (t + 1); on day 5 it has 0 < 1 day of need: stock-out on day 5, y_A = 0.
    /// - B: domestic deliveries arrive the next day. Through day 5 it receives A's full
    ///   deliveries of days 0–4 (its orders stay 1: demand 1, stock at target), so it carries
    ///   n_B = 3 into day 6. Day 5's delivery is 0 (A stopped), so on days 6, 7, 8 it has 3, 2, 1
    ///   days, produces, and on day 9 = 5 + 1 + n_B has 0: stock-out on day 9, y_B = 0.
    @Test func twoSectorStockOutDays() throws {
        let path = try twoSectors(days: 5, 3).simulate(days: 20, conditions: importStop(0, nil))
        #expect(path.firstShortageOutside[0 + 0 * 2] == 5)
        #expect(path.firstShortageDomestic[0 + 1 * 2] == 9)
        for t in 0..<20 {
            #expect(path.ratio(day: t, sector: 0) == (t < 5 ? 1 : 0), "A on day \(t)")
            #expect(path.ratio(day: t, sector: 1) == (t < 9 ? 1 : 0), "B on day \(t)")
        }
        #expect(path.binding(day: 5, sector: 0) == .outsideInput(0))
        #expect(path.binding(day: 9, sector: 1) == .domesticInput(0))
        #expect(path.binding(day: 4, sector: 0) == DynamicPath.Binding.none)
    }

    /// A stock longer than the shock: nothing is lost, on any day, and stocks refill afterwards
    /// (outside suppliers serve the restocking orders), so a second shortage never comes.
    @Test(arguments: [(30.0, 10), (12.0, 11), (5.0, 4)])
    func ampleStocksLoseNothing(stock: Double, duration: Int) throws {
        let path = try twoSectors(days: stock, stock).simulate(days: 200, conditions: importStop(3, duration))
        #expect(path.outputRatio.allSatisfy { $0 == 1 })
        #expect(path.firstShortageOutside.allSatisfy { $0 < 0 })
    }

    /// One day longer than the stock: A loses exactly the days it cannot cover.
    @Test func shockOneDayLongerThanTheStockCostsOneDay() throws {
        let path = try twoSectors(days: 5, 30).simulate(days: 60, conditions: importStop(0, 6))
        let lostA = (0..<60).reduce(0.0) { $0 + 1 - path.ratio(day: $1, sector: 0) }
        #expect(lostA == 1)
        #expect(path.ratio(day: 5, sector: 0) == 0)
    }

    /// No shock: every series stays at its baseline, for any stock, τ, criticality and rule, on
    /// the Germany 1995 table and on random tables.
    @Test(arguments: [0.0, 0.5, 7, 31.5, 90])
    func noShockStaysAtBaseline(days: Double) throws {
        var tables = [try Fixtures.germany1995()]
        tables.append(try SyntheticTable.make(sectors: 40, density: 0.4, seed: 11))
        for table in tables {
            let n = table.count
            var rng = SplitMix64(seed: 5)
            var w = Matrix(rows: n, columns: n)
            for j in 0..<n { for i in 0..<n { w[i, j] = [0, 0.5, 1][Int.random(in: 0..<3, using: &rng)] } }
            let mixed = (0..<n).map { Double($0 % 4) * days / 3 }
            for criticality in [InputCriticality.strict, .weights(w), .linear] {
                for rule in RationingRule.allCases {
                    for (stocks, tau) in [([Double](repeating: days, count: n), 10.0), (mixed, 1.0), (mixed, 37.5)] {
                        let model = try DynamicModel(intermediate: table.intermediate, baselineOutput: table.output, finalDemand: table.totalFinalDemand,
                                                     imports: table.imports, restOfCountry: table.importsRestOfCountry, valueAdded: table.grossValueAdded,
                                                     parameters: DynamicParameters(inventoryDays: stocks, tau: tau, criticality: criticality, rationing: rule, demandResponse: 0.5))
                        let path = model.simulate(days: 365) { _, _ in }
                        let worst = path.outputRatio.map { abs($0 - 1) }.max() ?? 0
                        #expect(worst <= 1e-12, "\(table.metadata.name) \(criticality.name) \(rule) τ \(tau): \(worst)")
                        #expect(path.firstShortageDomestic.allSatisfy { $0 < 0 } && path.firstShortageOutside.allSatisfy { $0 < 0 })
                    }
                }
            }
        }
    }

    /// An important input (weight ½) binds at half weight: with half its imports, A makes
    /// 1 − ½(1 − ½) = 75 % once its stock is gone (zero stocks: at once).
    @Test func importantInputBindsAtHalfWeight() throws {
        let w = Matrix([[0.5, 1], [1, 1]])
        let path = try twoSectors(days: 0, 0, criticality: .weights(w)).simulate(days: 5) { _, c in
            c = .baseline(2)
            c.foreignAvailability[0] = 0.5
        }
        #expect(abs(path.ratio(day: 0, sector: 0) - 0.75) < 1e-15)
        let linear = try twoSectors(days: 0, 0, criticality: .linear).simulate(days: 5) { _, c in
            c = .baseline(2)
            c.foreignAvailability[0] = 0
        }
        #expect(linear.outputRatio.allSatisfy { $0 == 1 })
    }

    @Test func badParametersAreRefused() {
        let z = Matrix([[0, 20], [0, 0]])
        func make(_ p: DynamicParameters, z: Matrix = Matrix([[0, 20], [0, 0]]), f: [Double] = [80, 100]) throws -> DynamicModel {
            try DynamicModel(intermediate: z, baselineOutput: [100, 100], finalDemand: f, imports: nil, restOfCountry: nil, valueAdded: nil, parameters: p)
        }
        #expect(throws: ModelError.self) { try make(DynamicParameters(inventoryDays: [1])) }
        #expect(throws: ModelError.self) { try make(DynamicParameters(inventoryDays: [1, -1])) }
        #expect(throws: ModelError.self) { try make(DynamicParameters(inventoryDays: [1, .nan])) }
        #expect(throws: ModelError.self) { try make(DynamicParameters(inventoryDays: [1, 1], tau: 0.5)) }
        #expect(throws: ModelError.self) { try make(DynamicParameters(inventoryDays: [1, 1], demandResponse: 2)) }
        #expect(throws: ModelError.self) { try make(DynamicParameters(inventoryDays: [1, 1], spareCapacity: -0.1)) }
        #expect(throws: ModelError.self) { try make(DynamicParameters(inventoryDays: [1, 1]), f: [1]) }
        #expect(throws: ModelError.self) { try make(DynamicParameters(inventoryDays: [1, 1, 1]), z: z) }
    }
}
