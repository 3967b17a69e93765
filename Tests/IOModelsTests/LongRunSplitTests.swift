import IOModels
import IOTables
import Testing
import TestSupport

/// The long-run iteration's pass over the pairs split by supplier rows between two threads
/// (`DynamicModel.longRun(threads: 2)`, the default on tables of 512 sectors or more) must give
/// the solution of the single pass (`threads: 1`) bit for bit: every supplier's demand terms are
/// summed by one thread in the same order, and the partial input bounds are combined in the
/// single pass's order (domestic before outside, lower rows first, the first among equals kept).
/// Compared with `==`: outputs, final demand served, import bounds, binding constraints (which
/// input binds, so a tie broken differently fails), rounds and the last change; on the Flemish
/// table (with purchases from the rest of Belgium) and the three-region Belgian table, under an
/// import cut, an import cut with spare capacity (every outside pair visited), a capacity loss,
/// critical-first import allocation and firms-first rationing.
@Suite("Long run: split pass = single pass")
struct LongRunSplitTests {
    @Test(arguments: ["flanders-2015", "belgium-regions-2015"])
    func splitPassGivesTheSameBits(bundle: String) throws {
        let table = try IOTable(bundle: Fixtures.repositoryPath("matrices/" + bundle))
        let n = table.count
        let weights = try #require(table.inputCriticality)
        func model(spare: Double, rationing: RationingRule) throws -> DynamicModel {
            try DynamicModel(intermediate: table.intermediate, baselineOutput: table.output, finalDemand: table.totalFinalDemand,
                             imports: table.imports, restOfCountry: table.importsRestOfCountry,
                             importFinal: table.importFinal?.values.rowSums(), restOfCountryFinal: table.importFinalRestOfCountry?.values.rowSums(),
                             valueAdded: table.grossValueAdded,
                             parameters: DynamicParameters(inventoryDays: [Double](repeating: 1, count: n), tau: 10, criticality: .weights(weights),
                                                           rationing: rationing, spareCapacity: spare))
        }
        let chemicals = table.codes.indices.filter { table.codes[$0] == "20" || table.codes[$0].hasSuffix(":20") }
        let metals = table.codes.indices.filter { table.codes[$0] == "24" || table.codes[$0].hasSuffix(":24") }
        try #require(!chemicals.isEmpty && !metals.isEmpty)
        var importCut = DailyConditions.baseline(n)
        for q in chemicals { importCut.foreignAvailability[q] = 0.5; importCut.restOfCountryAvailability[q] = 0.7 }
        var capacityLoss = DailyConditions.baseline(n)
        for q in metals { capacityLoss.capacity[q] = 0.6 }
        let cases: [(String, DynamicModel, DailyConditions, Bool)] = [
            ("import cut", try model(spare: 0, rationing: .proportional), importCut, false),
            ("import cut, spare capacity 0.1", try model(spare: 0.1, rationing: .proportional), importCut, false),
            ("capacity loss", try model(spare: 0, rationing: .proportional), capacityLoss, false),
            ("import cut, critical-first, firms-first", try model(spare: 0, rationing: .firmsFirst), importCut, true),
        ]
        var domesticBinds = 0
        for (name, m, conditions, criticalFirst) in cases {
            let one = m.longRun(conditions: conditions, criticalFirstOutside: criticalFirst, threads: 1)
            let two = m.longRun(conditions: conditions, criticalFirstOutside: criticalFirst, threads: 2)
            let label = "\(bundle), \(name)"
            #expect(one.converged, "\(label): not converged")
            // The shock must reach a fair part of the table, or the comparison tests little.
            let lower = (0..<n).filter { one.output[$0] < table.output[$0] * (1 - 1e-6) }.count
            #expect(lower >= n / 4, "\(label): only \(lower) of \(n) sectors lose output")
            #expect(one.binding.contains { if case .domesticInput = $0 { true } else if case .importedInput = $0 { true } else { false } },
                    "\(label): no input binds")
            if one.binding.contains(where: { if case .domesticInput = $0 { true } else { false } }) { domesticBinds += 1 }
            #expect(one.output == two.output, "\(label): outputs differ")
            #expect(one.finalDemand == two.finalDemand, "\(label)")
            #expect(one.importBound == two.importBound, "\(label)")
            #expect(one.binding == two.binding, "\(label)")
            #expect(one.iterations == two.iterations && one.change == two.change, "\(label)")
        }
        // The combination of the domestic partial bounds is exercised where domestic inputs bind.
        #expect(domesticBinds >= 2, "\(bundle): a domestic input binds in only \(domesticBinds) cases")
    }
}
