import IOModels
import IOTables
import LinearAlgebra
import Testing
import TestSupport

/// `DynamicModel.relaxing` (an explanation's relaxed criticality entries, without rebuilding the
/// model) must be the model the initialiser builds with the relaxed criticality
/// (`InputCriticality.relaxing`): their long-run solutions under a cut of non-EU-like imports of
/// CPA 20 are compared bit for bit. The entries relaxed are those that bind at the unrelaxed
/// solution (domestic or imported inputs), a pair without any flow, and the row of CPA 20.
@Suite("Dynamic model relaxed in place = rebuilt")
struct DynamicModelRelaxingTests {
    @Test(arguments: ["ihs", "strict"])
    func relaxedCopyEqualsARebuild(rule: String) throws {
        let table = try IOTable(bundle: Fixtures.repositoryPath("matrices/flanders-2015"))
        let n = table.count
        let criticality: InputCriticality = rule == "ihs" ? .weights(try #require(table.inputCriticality)) : .strict
        func model(_ c: InputCriticality) throws -> DynamicModel {
            try DynamicModel(intermediate: table.intermediate, baselineOutput: table.output, finalDemand: table.totalFinalDemand,
                             imports: table.imports, restOfCountry: table.importsRestOfCountry,
                             importFinal: table.importFinal?.values.rowSums(), restOfCountryFinal: table.importFinalRestOfCountry?.values.rowSums(),
                             valueAdded: table.grossValueAdded,
                             parameters: DynamicParameters(inventoryDays: [Double](repeating: 1, count: n), tau: 10, criticality: c))
        }
        var conditions = DailyConditions.baseline(n)
        let chemicals = try #require(table.codes.firstIndex(of: "20"))
        conditions.foreignAvailability[chemicals] = 0.5
        conditions.restOfCountryAvailability[chemicals] = 0.5
        let base = try model(criticality)
        let solution = base.longRun(conditions: conditions)
        // The inputs that bind at the solution, as (input, user) entries.
        var binding: [(input: Int, user: Int)] = []
        for (j, b) in solution.binding.enumerated() {
            switch b {
            case let .domesticInput(i), let .importedInput(i): binding.append((i, j))
            default: break
            }
        }
        #expect(binding.count >= 5, "the cut binds too few sectors to test anything (\(binding.count))")
        let z = table.intermediate
        let noFlow = try #require((0..<(n * n)).first { z[$0 % n, $0 / n] == 0 && (table.imports?[$0 % n, $0 / n] ?? 0) == 0 })
        let cases: [[(input: Int, user: Int)]] = binding.prefix(2).map { [$0] } + [[(noFlow % n, noFlow / n)], (0..<n).map { (chemicals, $0) }]
        for entries in cases {
            let relaxedCriticality = criticality.relaxing(entries, count: n)
            let rebuilt = try model(relaxedCriticality).longRun(conditions: conditions)
            let copied = base.relaxing(entries, criticality: relaxedCriticality).longRun(conditions: conditions)
            #expect(copied.output == rebuilt.output, "\(rule), \(entries.count) entries from (\(entries[0].input), \(entries[0].user))")
            #expect(copied.binding == rebuilt.binding)
            #expect(copied.iterations == rebuilt.iterations)
        }
        // A relaxation that matters: freeing the first binding input raises total output.
        let freed = base.relaxing([binding[0]], criticality: criticality.relaxing([binding[0]], count: n)).longRun(conditions: conditions)
        #expect(freed.output.reduce(0, +) > solution.output.reduce(0, +))
    }
}
