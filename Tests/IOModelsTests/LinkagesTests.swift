import IOModels
import IOTables
import LinearAlgebra
import Testing
import TestSupport

@Suite("Ghosh figures and linkages")
struct LinkagesTests {
    static let expectedPath = "validation/beutel-2008-germany-1995/expected.toml"
    static let tolerance = 5e-5

    @Test("Ghosh first column and row sums of Beutel (2008), Table 15.4")
    func ghoshFigures() throws {
        let root = try ValidationFiles.document(Self.expectedPath).root
        let firstColumn = try #require(ValidationFiles.numbers(root["ghosh_first_column"]))
        let rowSums = try #require(ValidationFiles.numbers(root["ghosh_row_sums"]))
        let model = try LeontiefModel(table: Fixtures.germany1995())
        let ghosh = GhoshModel(leontief: model)
        let g = ghosh.inverseColumns([0]).column(0)
        for (computed, published) in zip(g, firstColumn) { #expect(abs(computed - published) <= Self.tolerance, "G e_1: \(g)") }
        let sums = ghosh.rowSums()
        for (computed, published) in zip(sums, rowSums) { #expect(abs(computed - published) <= Self.tolerance, "G 1: \(sums)") }
        // The forward linkages of `Linkages` are these row sums; the backward ones the output multipliers.
        let linkages = Linkages(model: model)
        for (computed, published) in zip(linkages.forwardTotal, rowSums) { #expect(abs(computed - published) <= Self.tolerance) }
        let multipliers = try #require(ValidationFiles.numbers(root["output_multipliers"]))
        for (computed, published) in zip(linkages.backwardTotal, multipliers) { #expect(abs(computed - published) <= Self.tolerance) }
    }

    @Test("linkages against an explicit inverse on random tables; normalised indices average 1")
    func linkagesIdentities() throws {
        for seed: UInt64 in [3, 4] {
            let table = randomTable(sectors: 35, seed: seed)
            let model = try LeontiefModel(table: table)
            let linkages = Linkages(model: model)
            let l = model.leontiefInverse()
            let x = model.output
            let n = table.count
            for j in 0..<n {
                #expect(abs(linkages.backwardTotal[j] - l.columnSums()[j]) <= 1e-10 * linkages.backwardTotal[j])
                #expect(abs(linkages.forwardTotalLeontief[j] - l.rowSums()[j]) <= 1e-10 * linkages.forwardTotalLeontief[j])
                // G = x̂⁻¹ L x̂: row sums (1/x_i) Σ_j l_ij x_j.
                let g = (0..<n).reduce(0.0) { $0 + l[j, $1] * x[$1] } / x[j]
                #expect(abs(linkages.forwardTotal[j] - g) <= 1e-10 * g)
                #expect(abs(linkages.backwardDirect[j] - model.coefficients.columnSums()[j]) <= 1e-12)
            }
            for v in [linkages.backwardNormalised, linkages.forwardNormalised, linkages.forwardNormalisedLeontief] {
                #expect(abs(v.reduce(0, +) / Double(n) - 1) <= 1e-12)
            }
            for i in 0..<n {
                let b = linkages.backwardNormalised[i] > 1, f = linkages.forwardNormalised[i] > 1
                let expected: KeySectorClass = b && f ? .key : b ? .backwardOriented : f ? .forwardOriented : .weak
                #expect(linkages.classification[i] == expected)
            }
        }
    }
}

@Suite("Mixed exogenous/endogenous model")
struct MixedModelTests {
    @Test("outputs fixed at baseline give back the baseline final demand")
    func baselineRoundTrip() throws {
        let table = randomTable(sectors: 20, seed: 9)
        let model = try LeontiefModel(table: table)
        let f = table.totalFinalDemand
        let r = try MixedModel.solve(model: model, finalDemand: f, fixedOutputs: [2: model.output[2], 7: model.output[7]])
        for i in 0..<20 {
            #expect(abs(r.output[i] - model.output[i]) <= 1e-9 * model.output[i])
            #expect(abs(r.finalDemand[i] - f[i]) <= 1e-8 * model.output[i])
        }
    }

    @Test("a sector held at 60 %: (I − A) x = f holds for the solved x and implied f; others lose output")
    func sixtyPercent() throws {
        let table = try Fixtures.germany1995()
        let model = try LeontiefModel(table: table)
        let f = table.totalFinalDemand
        let r = try MixedModel.solve(model: model, finalDemand: f, outputShares: [("industry_group", 0.6)])
        #expect(r.exogenous == [1])
        #expect(abs(r.output[1] - 0.6 * model.output[1]) <= 1e-9)
        #expect(model.relativeResidual(output: r.output, finalDemand: r.finalDemand) <= 1e-12)
        for i in 0..<table.count where i != 1 {
            #expect(r.finalDemand[i] == f[i])
            #expect(r.output[i] < model.output[i])
        }
        // Miller & Blair (13.3): with x_X fixed, x_N = (I − A_NN)⁻¹ (f_N + A_NX x_X); check by
        // the full Leontief solve with the implied final demand.
        let x = model.output(for: r.finalDemand)
        for i in 0..<table.count { #expect(abs(x[i] - r.output[i]) <= 1e-8 * model.output[i]) }
        // Industry at 60 % no longer covers the others' intermediate demand of it.
        #expect(r.finalDemand[1] < f[1])
    }

    @Test("bad mixed-model inputs are clear errors")
    func badInputs() throws {
        let table = try Fixtures.germany1995()
        let model = try LeontiefModel(table: table)
        let f = table.totalFinalDemand
        let all = Dictionary(uniqueKeysWithValues: (0..<6).map { ($0, model.output[$0]) })
        #expect { _ = try MixedModel.solve(model: model, finalDemand: f, fixedOutputs: all) } throws: { error in
            "\(error)".contains("every sector")
        }
        #expect(throws: ModelError.self) { _ = try MixedModel.solve(model: model, finalDemand: f, fixedOutputs: [:]) }
        #expect(throws: ModelError.self) { _ = try MixedModel.solve(model: model, finalDemand: f, fixedOutputs: [0: -1]) }
        #expect { _ = try MixedModel.solve(model: model, finalDemand: f, outputShares: [("construktion", 0.6)]) } throws: { error in
            "\(error)".contains("did you mean \"construction\"")
        }
    }
}

@Suite("Type II multipliers")
struct TypeIIMultipliersTests {
    /// Reference: factor the (n + 1) × (n + 1) closed matrix afresh and sum the first n rows.
    static func fresh(_ table: IOTable) throws -> (output: [Double], valueAdded: [Double]) {
        let model = try LeontiefModel(table: table)
        let n = table.count
        let x = model.output
        let comp = table.valueAdded.values.row(table.valueAdded.index(of: table.metadata.compensation!)!)
        let cons = table.finalDemand.values.column(table.finalDemand.index(of: table.metadata.householdConsumption!)!)
        let income = comp.reduce(0, +)
        var closed = Matrix(rows: n + 1, columns: n + 1)
        for j in 0..<n { for i in 0..<n { closed[i, j] = model.coefficients[i, j] } }
        for i in 0..<n { closed[i, n] = cons[i] / income }
        for j in 0..<n { closed[n, j] = comp[j] / x[j] }
        let lbar = try LU(factoring: IOMath.leontiefMatrix(closed)).inverse()
        let gva = table.grossValueAdded!
        let output = (0..<n).map { j in (0..<n).reduce(0.0) { $0 + lbar[$1, j] } }
        let va = (0..<n).map { j in (0..<n).reduce(0.0) { $0 + gva[$1] / x[$1] * lbar[$1, j] } }
        return (output, va)
    }

    @Test("the bordered update equals a fresh factorisation of the closed model")
    func matchesClosedModel() throws {
        for table in [try Fixtures.germany1995(), randomTable(sectors: 30, seed: 21)] {
            #expect(TypeIIMultipliers.isAvailable(for: table))
            let model = try LeontiefModel(table: table)
            let typeII = try TypeIIMultipliers(model: model, table: table)
            let typeI = Multipliers(model: model, table: table)
            let reference = try Self.fresh(table)
            for j in 0..<table.count {
                #expect(abs(typeII.output[j] - reference.output[j]) <= 1e-10 * reference.output[j])
                #expect(abs(typeII.valueAdded![j] - reference.valueAdded[j]) <= 1e-10 * reference.valueAdded[j])
                #expect(typeII.output[j] > typeI.output[j])
                #expect(typeII.employment.first!.values[j] > typeI.employment.first!.values[j])
            }
        }
    }

    @Test("without household_consumption and compensation, Type II is unavailable and says why")
    func unavailable() throws {
        var table = try Fixtures.germany1995()
        table.metadata.compensation = nil
        #expect(!TypeIIMultipliers.isAvailable(for: table))
        #expect(throws: ModelError.self) { _ = try TypeIIMultipliers(model: LeontiefModel(table: table), table: table) }
        table.metadata.compensation = "wages"
        #expect { _ = try TypeIIMultipliers(model: LeontiefModel(table: table), table: table) } throws: { error in
            "\(error)".contains("wages")
        }
    }
}
