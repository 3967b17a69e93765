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

    /// The stock-out days, by hand, in the published convention (Pichler et al. 2022): the stock
    /// S_ij(t) a sector produces from on day t includes yesterday's delivery, S_ij(0) = n_j Z_ij,
    /// and S(t+1) = max(0, S(t) + delivered(t) − used(t)). A holds n_A = 5 days of its import, B
    /// n_B = 3 days of A's product. Imports stop on day 0 for good.
    /// - A: stock 5, 4, 3, 2, 1 days on days 0–4 (bound min(1, s) = 1, nothing arrives), 0 on
    ///   day 5: stock-out on day 5, y_A = 0 from then on.
    /// - B: A delivers B's orders (1 a day, stock at target) in full through day 4, so B enters
    ///   day 5 with 3 days; A delivers nothing from day 5, and B has 3, 2, 1 days on days 5, 6, 7
    ///   and 0 on day 8 = 5 + n_B: stock-out on day 8 (the old convention, a stock of n + 1 days
    ///   with the day's delivery on top, gave day 9; difference (a) of issue 11).
    @Test func twoSectorStockOutDays() throws {
        let path = try twoSectors(days: 5, 3).simulate(days: 20, conditions: importStop(0, nil))
        #expect(path.firstShortageOutside[0 + 0 * 2] == 5)
        #expect(path.firstShortageDomestic[0 + 1 * 2] == 8)
        for t in 0..<20 {
            #expect(path.ratio(day: t, sector: 0) == (t < 5 ? 1 : 0), "A on day \(t)")
            #expect(path.ratio(day: t, sector: 1) == (t < 8 ? 1 : 0), "B on day \(t)")
        }
        #expect(path.binding(day: 5, sector: 0) == .outsideInput(0))
        #expect(path.binding(day: 8, sector: 1) == .domesticInput(0))
        #expect(path.binding(day: 4, sector: 0) == DynamicPath.Binding.none)
    }

    /// A stock longer than the shock: nothing is lost, on any day, and stocks refill afterwards
    /// (an uncut outside supplier serves the restocking orders), so a second shortage never comes.
    /// With n = 5 and a 4-day stop from day 3, A enters day 7 with 1 day: enough.
    @Test(arguments: [(30.0, 10), (12.0, 11), (5.0, 4)])
    func ampleStocksLoseNothing(stock: Double, duration: Int) throws {
        let path = try twoSectors(days: stock, stock).simulate(days: 200, conditions: importStop(3, duration))
        #expect(path.outputRatio.allSatisfy { $0 == 1 })
        #expect(path.firstShortageOutside.allSatisfy { $0 < 0 })
    }

    /// A stock runs out and refills. n_A = 5, n_B = 30; imports stop on days 0–5.
    /// - A produces on days 0–4 (stock 5 … 1), has 0 on day 5 and still 0 on day 6: day 5's order
    ///   was not delivered and day 6's delivery arrives for day 7. It orders on day 6
    ///   o = δ_A(5) + (5 − 0)/τ = 1 + 0.5 (B still held its 30 days on day 5, so δ_A(5) = 1), which
    ///   the uncut supplier serves in full: 1.5 days in stock on day 7, y_A = 1 again. A loses
    ///   exactly 2 days (5 and 6).
    /// - Its stock then refills towards 5 (the gap closes by about 1/τ a day): by day 100 it holds
    ///   more than 3 days, so a second stop of 3 days costs nothing, while without the refill
    ///   (1.5 days) it would.
    @Test func stockRunsOutAndRefills() throws {
        let model = try twoSectors(days: 5, 30)
        let path = model.simulate(days: 160) { t, c in
            c = .baseline(2)
            if t <= 5 || (100..<103).contains(t) { c.foreignAvailability[0] = 0 }
        }
        let lostA = (0..<160).reduce(0.0) { $0 + 1 - path.ratio(day: $1, sector: 0) }
        #expect(lostA == 2)
        #expect(path.ratio(day: 5, sector: 0) == 0 && path.ratio(day: 6, sector: 0) == 0 && path.ratio(day: 7, sector: 0) == 1)
        #expect((100..<160).allSatisfy { path.ratio(day: $0, sector: 0) == 1 })
        #expect((0..<160).allSatisfy { path.ratio(day: $0, sector: 1) == 1 })
    }

    /// Restocking follows the shock, counting yesterday's delivery in the stock (difference (b)).
    /// A sells 20 % of its output to B (n_B = 3) and may produce 50 % above capacity; its capacity
    /// halves on day 0 only. Day 0: y_A = κ(1 + h) = 0.75, every order receives 0.75, so B (which
    /// uses 1) enters day 1 with 3 + 0.75 − 1 = 2.75 days. From day 1 B orders
    /// o = 1 + g/τ with the gap g(1) = 0.25; A serves it in full, B uses 1, so g(t+1) = 0.9 g(t).
    /// A makes what is asked: y_A(t) = δ_A = 1 + 0.2 (o − 1) = 1 + 0.02 × 0.25 × 0.9^(t−1).
    @Test func restockingFollowsTheShock() throws {
        let model = try DynamicModel(intermediate: Matrix([[0, 20], [0, 0]]), baselineOutput: [100, 100], finalDemand: [80, 100],
                                     imports: nil, restOfCountry: nil, valueAdded: nil,
                                     parameters: DynamicParameters(inventoryDays: [3, 3], tau: 10, spareCapacity: 0.5))
        let path = model.simulate(days: 30) { t, c in
            c = .baseline(2)
            if t == 0 { c.capacity[0] = 0.5 }
        }
        #expect(abs(path.ratio(day: 0, sector: 0) - 0.75) < 1e-14)
        for t in 1..<30 {
            let expected = 1 + 0.02 * 0.25 * pow(0.9, Double(t - 1))
            #expect(abs(path.ratio(day: t, sector: 0) - expected) < 1e-13, "day \(t)")
            #expect(path.ratio(day: t, sector: 1) == 1)
        }
    }

    /// Zero stocks (raised to the one-day minimum, the day's own delivery) do not freeze output
    /// after a shock (difference (d)): A and B each buy 20 of the other's product, both critical.
    /// A's capacity halves on days 0–9. The old convention (no restocking term at a zero target)
    /// left both at ~0.5 for good; in the published model restocking orders pull output back.
    /// Stocks of the input that was not short pile up above target during the shock, and their
    /// negative restocking term lowers demand afterwards, so the return is geometric (by about
    /// 1 − 1/τ a day): within 10⁻³ on day 20, within 10⁻⁹ by day 250, never above baseline.
    @Test func zeroStocksRecoverAfterTheShock() throws {
        for days in [0.0, 1] {
            let model = try DynamicModel(intermediate: Matrix([[0, 20], [20, 0]]), baselineOutput: [100, 100], finalDemand: [80, 80],
                                         imports: nil, restOfCountry: nil, valueAdded: nil,
                                         parameters: DynamicParameters(inventoryDays: [days, days], tau: 10))
            let path = model.simulate(days: 260) { t, c in
                c = .baseline(2)
                if t < 10 { c.capacity[0] = 0.5 }
            }
            #expect(path.ratio(day: 9, sector: 0) == 0.5 && path.ratio(day: 9, sector: 1) < 0.52)
            #expect(path.outputRatio.allSatisfy { $0 <= 1 })
            for j in 0..<2 {
                #expect(abs(path.ratio(day: 20, sector: j) - 1) < 1e-3)
                #expect((250..<260).allSatisfy { abs(path.ratio(day: $0, sector: j) - 1) < 1e-9 })
            }
        }
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

    /// An important input (weight ½) and the overuse it allows (difference (c)). A holds 1 day
    /// (the minimum; 0 is raised to 1) and its import is cut to half from day 0. The outside
    /// supplier can deliver 0.5 a day whatever A orders. Day 0: stock 1, bound 1 − ½(1 − 1) = 1,
    /// y_A = 1; 0.5 arrives, so s(1) = 1 + 0.5 − 1 = 0.5. Day t ≥ 1: bound ½(1 + s), which A
    /// uses although only s is there; the overuse nets against the next delivery,
    /// s(t+1) = max(0, s + 0.5 − ½(1 + s)) = s/2, so s(t) = 0.5^t and y_A(t) = ½ + 0.5^(t+1):
    /// 0.75, 0.625, … → 0.5 (the old rule forgave the overuse and stayed at 0.75).
    /// Under `linear` nothing binds: all of A's import may stop.
    @Test func importantInputBindsAtHalfWeight() throws {
        let w = Matrix([[0.5, 1], [1, 1]])
        let path = try twoSectors(days: 0, 0, criticality: .weights(w)).simulate(days: 30) { _, c in
            c = .baseline(2)
            c.foreignAvailability[0] = 0.5
        }
        #expect(path.ratio(day: 0, sector: 0) == 1)
        for t in 1..<30 {
            #expect(abs(path.ratio(day: t, sector: 0) - (0.5 + pow(0.5, Double(t + 1)))) < 1e-15, "day \(t)")
            #expect(path.binding(day: t, sector: 0) == .outsideInput(0))
        }
        let linear = try twoSectors(days: 0, 0, criticality: .linear).simulate(days: 5) { _, c in
            c = .baseline(2)
            c.foreignAvailability[0] = 0
        }
        #expect(linear.outputRatio.allSatisfy { $0 == 1 })
    }

    /// Imports are a rationed supplier (issue 11, item 2). A and B each buy 10 a year of imported
    /// product A and nothing else (so their demand stays 1); foreign supply of A is cut to half
    /// from day 0, for good; proportional rationing, strict criticality.
    /// - Both hold the one-day minimum: day 0 both produce 1 and receive 0.5 of their orders of 1;
    ///   from day 1 both hold 0.5, order 1 + 0.5/τ = 1.05, receive 1.05 × 0.5/1.05 = 0.5 and
    ///   produce 0.5, for good.
    /// - B holds 30 days: day 0 both receive 0.5; day 1 both order 1.05 (A: 1 + (1 − 0.5)/τ,
    ///   B: 1 + (30 − 29.5)/τ) and receive 0.5; day 2 B, still producing 1 from its stock, orders
    ///   1 + 1/τ = 1.1 and A 1.05, so A receives 1.05 × 0.5/1.075 < 0.5 and produces less than 0.5
    ///   from day 3, while B produces 1: a user whose stock runs low draws more, not a fixed share
    ///   of its baseline imports.
    @Test func importsAreRationedSuppliers() throws {
        func model(_ nB: Double) throws -> DynamicModel {
            try DynamicModel(intermediate: Matrix([[0, 0], [0, 0]]), baselineOutput: [100, 100], finalDemand: [100, 100],
                             imports: Matrix([[10, 10], [0, 0]]), restOfCountry: nil, valueAdded: nil,
                             parameters: DynamicParameters(inventoryDays: [1, nB], tau: 10))
        }
        let cut: (Int, inout DailyConditions) -> Void = { _, c in
            c = .baseline(2)
            c.foreignAvailability[0] = 0.5
        }
        let even = try model(1).simulate(days: 40, conditions: cut)
        #expect(even.ratio(day: 0, sector: 0) == 1 && even.ratio(day: 0, sector: 1) == 1)
        for t in 1..<40 { #expect(abs(even.ratio(day: t, sector: 0) - 0.5) < 1e-12 && abs(even.ratio(day: t, sector: 1) - 0.5) < 1e-12, "day \(t)") }
        let uneven = try model(30).simulate(days: 40, conditions: cut)
        #expect(uneven.ratio(day: 1, sector: 0) == 0.5 && abs(uneven.ratio(day: 2, sector: 0) - 0.5) < 1e-15)
        #expect(abs(uneven.ratio(day: 3, sector: 0) - (0.5 + 1.05 * 0.5 / 1.075 - 0.5)) < 1e-12)
        #expect((3..<20).allSatisfy { uneven.ratio(day: $0, sector: 0) < 0.5 - 1e-3 && uneven.ratio(day: $0, sector: 1) == 1 })
    }

    /// The day's pass over the input pairs split by supplier rows between two threads gives the
    /// one-thread path bit for bit (`DynamicModel+Day.swift`: each supplier's demand term is summed
    /// by one thread in the same order, and a tie between the two halves' bounds keeps the lower
    /// rows'), with shortage days and bindings, under shocks that bind: on the Flemish table
    /// (imports and purchases from the rest of Belgium, IHS-like mixed weights, named users of a
    /// cut product) and on a random table of odd size.
    @Test func twoThreadPassEqualsOneThread() throws {
        let flanders = try IOTable(bundle: Fixtures.repositoryPath("matrices/flanders-2015"))
        let random = try SyntheticTable.make(sectors: 41, density: 0.4, seed: 3)
        var compared = 0
        for table in [flanders, random] {
            let n = table.count
            var rng = SplitMix64(seed: 9)
            var w = Matrix(rows: n, columns: n)
            for j in 0..<n { for i in 0..<n { w[i, j] = [0, 0.5, 1][Int.random(in: 0..<3, using: &rng)] } }
            let stocks = (0..<n).map { Double($0 % 5) * 3 }
            // Named users: product 2's outside purchases by users 0 and 5 have their own supply.
            var named = [Bool](repeating: false, count: n * n), foreign = [Double](repeating: 1, count: n * n)
            for j in [0, 5] { named[2 + j * n] = true; foreign[2 + j * n] = 0.2 }
            let byUser = OutsideSupplyByUser(named: named, foreign: foreign, restOfCountry: foreign)
            for (criticality, split) in [(InputCriticality.weights(w), false), (.strict, true)] {
                let model = try DynamicModel(intermediate: table.intermediate, baselineOutput: table.output, finalDemand: table.totalFinalDemand,
                                             imports: table.imports, restOfCountry: table.importsRestOfCountry, valueAdded: table.grossValueAdded,
                                             parameters: DynamicParameters(inventoryDays: stocks, tau: 7, criticality: criticality, demandResponse: 0.3))
                func shock(_ t: Int, _ c: inout DailyConditions) {
                    c = .baseline(n)
                    if (5..<60).contains(t) {
                        c.foreignAvailability[2] = 0.3
                        c.restOfCountryAvailability[3] = 0.5
                        c.capacity[1] = 0.6
                        if split { c.byUser = byUser }
                    }
                }
                let one = model.simulate(days: 120, threads: 1, conditions: shock)
                let two = model.simulate(days: 120, threads: 2, conditions: shock)
                #expect(one.outputRatio == two.outputRatio)
                #expect(one.firstShortageDomestic == two.firstShortageDomestic && one.firstShortageOutside == two.firstShortageOutside)
                for t in 0..<120 { for j in 0..<n { #expect(one.binding(day: t, sector: j) == two.binding(day: t, sector: j)) } }
                // The shocks bind, and some stock runs short, so the paths are not baselines.
                #expect(one.outputRatio.contains { $0 < 0.99 })
                #expect(one.firstShortageOutside.contains { $0 >= 0 })
                compared += 1
            }
        }
        #expect(compared == 4)
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
