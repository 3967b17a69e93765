import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Testing
import TestSupport

/// Tables on which every extraction is checked against a fresh factorisation.
enum ExtractionTables {
    static func all() throws -> [(String, IOTable)] {
        var tables: [(String, IOTable)] = [("germany-1995", try Fixtures.germany1995())]
        let belgium = Fixtures.repositoryPath("matrices/belgium-2015")
        if FileManager.default.fileExists(atPath: belgium + "/table.toml") {
            tables.append(("belgium-2015", try IOTable(bundle: belgium)))
        }
        for seed: UInt64 in [1, 2, 3] { tables.append(("random-40-\(seed)", randomTable(sectors: 40, seed: seed))) }
        tables.append(("random-25-sparse", randomTable(sectors: 25, seed: 11, density: 0.1)))
        return tables
    }
}

@Suite("Hypothetical extraction")
struct ExtractionTests {
    /// x̄ by factoring I − Ā afresh: the reference the Woodbury update must match.
    static func freshOutput(_ e: HypotheticalExtraction, _ set: [Int], _ kind: ExtractionKind, keep: Bool) throws -> [Double] {
        let abar = e.extractedCoefficients(set, kind: kind, keepsOwnFlows: keep)
        let lu = try LU(factoring: IOMath.leontiefMatrix(abar))
        switch kind {
        case .backward, .total:
            return lu.solve(e.finalDemand)
        case .forward:
            // x̄′ = v′ (I − B̄)⁻¹ with B̄ = x̂⁻¹ Z̄ and v = x − 1ᵀZ the table's primary inputs.
            let x = e.model.output
            let n = x.count
            var bbar = Matrix(rows: n, columns: n)
            for j in 0..<n { for i in 0..<n where x[i] != 0 { bbar[i, j] = abar[i, j] * x[j] / x[i] } }
            let z = e.model.coefficients
            let v = (0..<n).map { j in x[j] - (0..<n).reduce(0.0) { $0 + z[$1, j] * x[j] } }
            return try LU(factoring: IOMath.leontiefMatrix(bbar)).solveTransposed(v)
        }
    }

    static func relativeGap(_ a: [Double], _ b: [Double]) -> Double {
        let scale = max(b.map(abs).max() ?? 0, 1e-300)
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }

    @Test("every single-sector extraction equals a fresh factorisation to 1e-10", arguments: ExtractionKind.allCases)
    func sweepMatchesFreshFactorisation(_ kind: ExtractionKind) throws {
        for (name, table) in try ExtractionTables.all() {
            let model = try LeontiefModel(table: table)
            let e = try HypotheticalExtraction(model: model, table: table)
            for keep in [false, true] {
                let sweep = try e.extractEach(kind: kind, keepsOwnFlows: keep, blockSize: 7, keepsLossMatrix: true)
                let base = e.baseline(for: kind)
                for j in 0..<table.count {
                    let fresh = try Self.freshOutput(e, [j], kind, keep: keep)
                    let updated = zip(base, sweep.lossMatrix!.column(j)).map(-)
                    let gap = Self.relativeGap(updated, fresh)
                    #expect(gap <= 1e-10, "\(name) \(kind) keep=\(keep) sector \(table.codes[j]): gap \(gap)")
                    #expect(abs(sweep.outputLoss[j] - (base.reduce(0, +) - fresh.reduce(0, +))) <= 1e-10 * base.reduce(0, +))
                }
            }
        }
    }

    @Test("extracting a set equals a fresh factorisation to 1e-10", arguments: ExtractionKind.allCases)
    func setMatchesFreshFactorisation(_ kind: ExtractionKind) throws {
        for (name, table) in try ExtractionTables.all() {
            let model = try LeontiefModel(table: table)
            let e = try HypotheticalExtraction(model: model, table: table)
            let n = table.count
            for set in [[0, n - 1], [1, 2, n / 2], Array(stride(from: 0, to: n, by: 3))] {
                for keep in [false, true] {
                    let r = try e.extract(set, kind: kind, keepsOwnFlows: keep)
                    let gap = Self.relativeGap(r.extractedOutput, try Self.freshOutput(e, set, kind, keep: keep))
                    #expect(gap <= 1e-10, "\(name) \(kind) keep=\(keep) set \(set): gap \(gap)")
                }
            }
        }
    }

    @Test("one extraction of a one-sector set agrees with the sweep")
    func singleAgreesWithSweep() throws {
        let table = try Fixtures.germany1995()
        let e = try HypotheticalExtraction(model: LeontiefModel(table: table), table: table)
        for kind in ExtractionKind.allCases {
            let sweep = try e.extractEach(kind: kind)
            for j in 0..<table.count {
                let r = try e.extract([j], kind: kind)
                #expect(abs(r.totalOutputLoss - sweep.outputLoss[j]) <= 1e-9 * abs(sweep.outputLoss[j]) + 1e-9)
                #expect(abs(r.totalValueAddedLoss! - sweep.valueAddedLoss[j]) <= 1e-9 * abs(sweep.valueAddedLoss[j]) + 1e-9)
                #expect(abs(r.outputLoss[j] - sweep.ownOutputLoss[j]) <= 1e-9 * abs(sweep.ownOutputLoss[j]) + 1e-9)
            }
        }
    }

    /// The identities of single-sector extraction with final demand fixed (x = L f, l_jj ≥ 1):
    /// backward leaves x̄_j = x_j / l_jj, which is at least f_j because x_j = Σ_k l_jk f_k ≥ l_jj f_j;
    /// so the extracted sector keeps at least its final-demand share f_j / x_j of its output and
    /// its own relative loss is (l_jj − 1)/l_jj ≤ 1 − f_j / x_j. Total extraction without a_jj
    /// leaves exactly x̄_j = f_j: its own loss is x_j − f_j, its intermediate sales.
    @Test("extracted sector's own loss obeys the final-demand identities")
    func ownLossIdentities() throws {
        for (name, table) in try ExtractionTables.all() {
            let model = try LeontiefModel(table: table)
            let e = try HypotheticalExtraction(model: model, table: table)
            let f = e.finalDemand, x = e.baselineOutput
            let diagonal = model.leontiefInverse()
            let backward = try e.extractEach(kind: .backward)
            let total = try e.extractEach(kind: .total)
            let totalKeep = try e.extractEach(kind: .total, keepsOwnFlows: true)
            for j in 0..<table.count {
                let ljj = diagonal[j, j]
                let tol = 1e-10 * x[j]
                #expect(abs(backward.ownOutputLoss[j] - x[j] * (ljj - 1) / ljj) <= tol, "\(name) \(table.codes[j])")
                #expect(x[j] - backward.ownOutputLoss[j] >= f[j] - tol, "\(name) \(table.codes[j]): own backward output below final demand")
                #expect(backward.ownRelativeOutputLoss[j] <= 1 - f[j] / x[j] + 1e-10)
                #expect(abs(total.ownOutputLoss[j] - (x[j] - f[j])) <= tol, "\(name) \(table.codes[j])")
                // Keeping a_jj, the sector still supplies itself: x̄_j = f_j / (1 − a_jj).
                let ajj = model.coefficients[j, j]
                #expect(abs(totalKeep.ownOutputLoss[j] - (x[j] - f[j] / (1 - ajj))) <= tol)
                // Losses are never negative, and total extraction loses at least what backward does.
                #expect(backward.outputLoss[j] >= -tol && total.outputLoss[j] >= backward.outputLoss[j] - tol)
            }
        }
    }

    @Test("the unextracted baseline: forward baseline is the table output, backward is L f")
    func baselines() throws {
        let table = randomTable(sectors: 30, seed: 5)
        let model = try LeontiefModel(table: table)
        let e = try HypotheticalExtraction(model: model, table: table)
        #expect(Self.relativeGap(e.baseline(for: .backward), model.output) <= 1e-10)
        #expect(e.baseline(for: .forward) == model.output)
    }

    @Test("unknown or repeated sector codes are refused with a suggestion")
    func unknownCodes() throws {
        let codes = try Fixtures.germany1995().codes
        #expect { _ = try SectorSelection.indices(of: ["construction", "trade_grup"], in: codes, context: "--sectors") } throws: { error in
            "\(error)".contains("trade_grup") && "\(error)".contains("did you mean \"trade_group\"")
        }
        #expect(throws: ModelError.self) { _ = try SectorSelection.indices(of: ["construction", "construction"], in: codes, context: "--sectors") }
        #expect(throws: ModelError.self) { _ = try SectorSelection.indices(of: [], in: codes, context: "--sectors") }
        #expect(try SectorSelection.indices(of: ["trade_group", "agriculture_group"], in: codes, context: "") == [3, 0])
    }

    @Test("the Sherman–Morrison–Woodbury solve matches a fresh factorisation for any low-rank change")
    func lowRankUpdate() throws {
        var rng = SplitMix64(seed: 42)
        let n = 12
        var m = Matrix(rows: n, columns: n)
        for j in 0..<n { for i in 0..<n { m[i, j] = Double.random(in: -1...1, using: &rng) + (i == j ? Double(n) : 0) } }
        let u = Matrix(rows: n, columns: 3, columnMajor: (0..<(3 * n)).map { _ in Double.random(in: -1...1, using: &rng) })
        let v = Matrix(rows: n, columns: 3, columnMajor: (0..<(3 * n)).map { _ in Double.random(in: -1...1, using: &rng) })
        let b = (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
        let lu = try LU(factoring: m)
        for transposed in [false, true] {
            let update = try LowRankUpdate(lu: lu, u: u, v: v, transposed: transposed)
            let base = transposed ? lu.solveTransposed(b) : lu.solve(b)
            let updated = update.solve(baseSolution: base)
            let full = (transposed ? m.transposed() : m) + (try u.multiplied(by: v, transposingOther: true))
            let fresh = try LU(factoring: full).solve(b)
            #expect(Self.relativeGap(updated, fresh) <= 1e-12)
        }
    }
}

/// One convention for x_j = 0 (docs/models.md): column j of A, row j of B and every per-unit
/// quantity of sector j are zero. A hand table where C has zero output but sells to A and B:
///
///         A    B    C  | final | output | value added
///     A  10   20    0  |   70  |  100   |  55
///     B  30   10    0  |   60  |  100   |  55
///     C   5   15    0  |  −20  |    0   |   0
///
/// B's row C is zero, so forward extraction of C removes nothing: its loss is 0. The old code
/// took C's primary inputs per unit as 1 − Σ_i a_iC = 1 and lost 31.3 (by hand: the forward
/// solve (I − A)ᵀ y = c gives y = (1, 1, 1) with c_C = 1 and (0.88, 0.8067, 1) without row C).
@Suite("Zero-output sectors")
struct ZeroOutputSectorTests {
    static func table() throws -> IOTable {
        try IOTable(bundle: Fixtures.directory(with: [
            "table.toml": "name = \"zero-output\"\nunit = \"EUR million\"\n",
            "sectors.csv": "code,name\nA,Alpha\nB,Beta\nC,Gamma\n",
            "Z.csv": "code,A,B,C\nA,10,20,0\nB,30,10,0\nC,5,15,0\n",
            "final_demand.csv": "code,households\nA,70\nB,60\nC,-20\n",
            "value_added.csv": "component,A,B,C\ngross_value_added,55,55,0\n",
            "output.csv": "code,output\nA,100\nB,100\nC,0\n",
        ]))
    }

    /// The Ghosh solution x′ = v′(I − B)⁻¹ with B = x̂⁻¹Z (rows of zero-output sectors zero),
    /// some rows of B removed, v = x − 1ᵀZ: the reference, by a dense factorisation of I − Bᵀ.
    static func ghosh(_ table: IOTable, removing rows: Set<Int>) throws -> [Double] {
        let b = IOMath.allocationCoefficients(table.intermediate, output: table.output)
        var bbar = b
        for i in rows { for j in 0..<b.columns { bbar[i, j] = 0 } }
        let v = zip(table.output, table.intermediate.columnSums()).map(-)
        return try LU(factoring: IOMath.leontiefMatrix(bbar)).solveTransposed(v)
    }

    @Test func forwardExtractionOfAZeroOutputSellerLosesNothing() throws {
        let table = try Self.table()
        let model = try LeontiefModel(table: table)
        let e = try HypotheticalExtraction(model: model, table: table)
        let c = try e.extract([2], kind: .forward)
        #expect(c.outputLoss.allSatisfy { abs($0) < 1e-12 }, "\(c.outputLoss)")
        let sweep = try e.extractEach(kind: .forward)
        #expect(abs(sweep.outputLoss[2]) < 1e-12)
        // Every forward extraction equals the difference of two Ghosh solutions on B.
        let base = try Self.ghosh(table, removing: [])
        for j in 0..<3 {
            let reference = zip(base, try Self.ghosh(table, removing: [j])).map(-)
            let loss = try e.extract([j], kind: .forward).outputLoss
            #expect(zip(loss, reference).allSatisfy { abs($0 - $1) < 1e-10 }, "sector \(j): \(loss) vs \(reference)")
            #expect(abs(sweep.outputLoss[j] - reference.reduce(0, +)) < 1e-10)
        }
        // The same convention in A: column C is zero, and the Leontief model reproduces x = L f.
        #expect(model.coefficients.column(2).allSatisfy { $0 == 0 })
        #expect(zip(model.output(for: table.totalFinalDemand), table.output).allSatisfy { abs($0 - $1) < 1e-10 })
    }
}
