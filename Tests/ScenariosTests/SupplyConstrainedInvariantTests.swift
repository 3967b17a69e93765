import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Scenarios
import TestSupport
import Testing

/// Properties MODELS.md §5 requires of the supply-constrained model, on random tables (and, in
/// `RealTableInvariantTests`, on the Belgian and Flemish tables).
@Suite("Supply-constrained invariants on random tables")
struct SupplyConstrainedInvariantTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5]

    func model(_ table: IOTable, criticality: InputCriticality = .strict) throws -> SupplyConstrainedModel {
        SupplyConstrainedModel(leontief: try LeontiefModel(table: table), outsideInputs: table.imports,
                               criticality: criticality, baselineFinalDemand: table.totalFinalDemand)
    }

    /// Cuts all imports of the given products by `cut`.
    func constraints(_ table: IOTable, products: [Int], cut: Double) -> SupplyConstraints {
        var c = SupplyConstraints.baseline(output: table.output, finalDemand: table.totalFinalDemand)
        for p in products { for j in 0..<table.count { c.importAvailability[p, j] = 1 - cut } }
        return c
    }

    @Test(arguments: seeds)
    func zeroShockReturnsTheBaselineExactly(seed: UInt64) throws {
        let table = randomTable(sectors: 30, seed: seed)
        for rule in RationingRule.allCases {
            let r = try model(table).solve(.baseline(output: table.output, finalDemand: table.totalFinalDemand), rationing: rule)
            #expect(r.output == table.output)
            #expect(r.finalDemand == table.totalFinalDemand)
            #expect(r.iterations == 1)
        }
    }

    @Test(arguments: seeds)
    func pureCutsNeverRaiseOutput(seed: UInt64) throws {
        let table = randomTable(sectors: 40, seed: seed)
        let m = try model(table)
        for cut in [0.1, 0.5, 1.0] {
            let r = m.solve(constraints(table, products: [Int(seed) % 40, 7], cut: cut))
            #expect(r.converged)
            #expect(zip(r.output, table.output).allSatisfy { $0 <= $1 })
            #expect(r.output.allSatisfy { $0 >= 0 && $0.isFinite })
            #expect(r.residual < 1e-9)
        }
    }

    @Test(arguments: seeds)
    func largerCutsNeverLowerTheTotalLoss(seed: UInt64) throws {
        let table = randomTable(sectors: 40, seed: seed, density: 0.15)
        for criticality in [InputCriticality.strict, .linear] {
            let m = try model(table, criticality: criticality)
            var previous = -1e-9
            for step in 0...10 {
                let r = m.solve(constraints(table, products: [3, 11], cut: Double(step) / 10))
                let loss = zip(table.output, r.output).reduce(0) { $0 + $1.0 - $1.1 }
                #expect(loss >= previous - 1e-9 * table.output.reduce(0, +), "cut \(Double(step) / 10): \(loss) < \(previous)")
                previous = loss
            }
        }
    }

    @Test(arguments: seeds)
    func capacityLossPropagatesAndConverges(seed: UInt64) throws {
        let table = randomTable(sectors: 25, seed: seed)
        var c = SupplyConstraints.baseline(output: table.output, finalDemand: table.totalFinalDemand)
        c.capacity[4] *= 0.5
        for rule in RationingRule.allCases {
            let r = try model(table).solve(c, rationing: rule)
            #expect(r.converged)
            #expect(r.output[4] <= c.capacity[4] * (1 + 1e-12))
            // At the fixed point the solution satisfies the Leontief identity with the demand served.
            #expect(r.residual < 1e-9)
            #expect(r.finalDemand.enumerated().allSatisfy { $0.element <= table.totalFinalDemand[$0.offset] })
        }
    }

    @Test func nonConvergenceIsReported() throws {
        let table = randomTable(sectors: 20, seed: 9)
        let r = try model(table).solve(constraints(table, products: [1, 2, 3], cut: 0.7), maxIterations: 1)
        #expect(!r.converged)
        #expect(r.iterations == 1)
    }
}

@Suite("Supply-constrained model: batches")
struct SupplyConstrainedBatchTests {
    /// Scenarios solved together in lockstep (one multi-right-hand-side solve per round) give the
    /// results of solving each on its own, to rounding, including scenarios that converge at
    /// different rounds and an unshocked one (exactly the baseline).
    @Test(arguments: [RationingRule.proportional, .firmsFirst])
    func batchEqualsOneByOne(rationing: RationingRule) throws {
        let table = randomTable(sectors: 30, seed: 21)
        let model = SupplyConstrainedModel(leontief: try LeontiefModel(table: table), outsideInputs: table.imports,
                                           criticality: .strict, baselineFinalDemand: table.totalFinalDemand)
        var batch: [SupplyConstraints] = []
        for k in 0..<12 {
            var c = SupplyConstraints.baseline(output: table.output, finalDemand: table.totalFinalDemand)
            if k > 0 {
                for j in 0..<table.count { c.importAvailability[k, j] = 1 - 0.08 * Double(k) }
                if k % 3 == 0 { c.capacity[k + 5] *= 0.7 }
            }
            batch.append(c)
        }
        let together = model.solve(batch: batch, rationing: rationing)
        #expect(Set(together.map(\.iterations)).count > 1)
        for (k, c) in batch.enumerated() {
            let alone = model.solve(c, rationing: rationing)
            #expect(together[k].iterations == alone.iterations)
            #expect(together[k].converged && alone.converged)
            for j in 0..<table.count {
                #expect(abs(together[k].output[j] - alone.output[j]) <= 1e-10 * table.output[j], "scenario \(k), sector \(j)")
            }
        }
        #expect(together[0].output == table.output)
    }
}
