import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Numerics
import Testing
import TestSupport

/// The interregional table of Flanders, Wallonia and Brussels (docs/data.md, "Belgium's regions
/// 2015"): the balanced trade split, and identities of matrices/belgium-regions-2015 against the
/// Belgian table and the single-region FLQ estimates.
@Suite struct InterregionalTests {
    // MARK: the trade split (hand cases)

    /// e = d = (1, 1, 1): the prior Pʳˢ = dˢ eʳ / Σ_{r′≠s} eʳ′ = 1·1/2 = 1/2 already has row and column
    /// sums 1, so it is the balanced matrix (χ² = 0).
    @Test func balancedPriorIsKept() throws {
        let t = try InterregionalFLQ.balancedTrade(sales: [1, 1, 1], purchases: [1, 1, 1], product: "x")
        for r in 0..<3 { for s in 0..<3 { #expect(t[r][s] == (r == s ? 0 : 0.5)) } }
    }

    /// e = (4, 1, 1), d = (1, 2, 3). Rows and columns must close; every entry ≥ 0; diagonal 0.
    /// The family is T₀₁ = t, T₀₂ = 4 − t, T₂₁ = 2 − t, T₂₀ = t − 1, T₁₀ = 2 − t, T₁₂ = t − 1
    /// (from the doc comment of balancedTrade), so 1 ≤ t ≤ 2; prior P₀₁ = 2·4/5 = 1.6,
    /// P₀₂ = 3·4/5 = 2.4, P₂₁ = 2/5 = 0.4, P₂₀ = 1/2, P₁₀ = 1/2, P₁₂ = 3/5 = 0.6.
    /// t = Σσ(P − c)/P / Σ1/P: numerator 1 + (−1)(2.4 − 4)/2.4 + (−1)(0.4 − 2)/0.4 + (0.5 + 1)/0.5
    /// + (−1)(0.5 − 2)/0.5 + (0.6 + 1)/0.6 = 1 + 2/3 + 4 + 3 + 3 + 8/3 = 43/3;
    /// denominator 1/1.6 + 1/2.4 + 1/0.4 + 2 + 2 + 1/0.6 = 0.625 + 5/12 + 2.5 + 4 + 5/3 = 9.208333…;
    /// t = (43/3)/(221/24) = 344/221 = 1.5565610859728507.
    @Test func handCaseClosesOnTheChiSquareOptimum() throws {
        let t = try InterregionalFLQ.balancedTrade(sales: [4, 1, 1], purchases: [1, 2, 3], product: "x")
        #expect(t[0][1].isApproximatelyEqual(to: 344.0 / 221, relativeTolerance: 1e-14))
        let e = [4.0, 1, 1], d = [1.0, 2, 3]
        for r in 0..<3 {
            #expect(t[r][r] == 0)
            #expect(t[r].reduce(0, +).isApproximatelyEqual(to: e[r], relativeTolerance: 1e-14))
            #expect((0..<3).reduce(0) { $0 + t[$1][r] }.isApproximatelyEqual(to: d[r], relativeTolerance: 1e-14))
            for s in 0..<3 { #expect(t[r][s] >= 0) }
        }
    }

    /// Region 0 sells 1 and buys 1 while the others sell nothing: no trade can close.
    @Test func infeasibleTradeIsRefused() {
        #expect(throws: ModelError.self) {
            _ = try InterregionalFLQ.balancedTrade(sales: [1, 0, 0], purchases: [1, 0, 0], product: "x")
        }
    }

    // MARK: matrices/belgium-regions-2015

    static let belgium = Fixtures.repositoryPath("matrices/belgium-2015")
    static let bundle = Fixtures.repositoryPath("matrices/belgium-regions-2015")
    static let flanders = Fixtures.repositoryPath("matrices/flanders-2015")
    static let census = Fixtures.sharedPath("data/statbel-census-2011/working-population-by-place-of-work.csv")

    static func estimate() throws -> InterregionalFLQ {
        try InterregionalFLQ.estimate(national: IOTable(bundle: belgium), bundle: belgium, employmentFile: census,
                                      delta: 0.3, name: "belgium-regions-2015")
    }

    static func close(_ a: Double, _ b: Double, scale: Double) -> Bool {
        abs(a - b) <= 1e-9 * max(abs(b), 1e-9 * scale)
    }

    @Test func rerunEqualsTheCommittedBundle() throws {
        let out = Fixtures.temporaryDirectory() + "/belgium-regions-2015"
        try Self.estimate().table.write(bundle: out)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.bundle).sorted() {
            #expect(FileManager.default.contents(atPath: out + "/" + name) == FileManager.default.contents(atPath: Self.bundle + "/" + name),
                    "\(name) differs from matrices/belgium-regions-2015: re-run `make data`")
        }
    }

    /// Σ over regions of origin and destination = Belgium, cell by cell: Z, final demand by
    /// category, foreign imports (intermediate, final, by origin), value added, output, employment.
    @Test func regionsAddUpToBelgium() throws {
        let b = try IOTable(bundle: Self.belgium), t = try IOTable(bundle: Self.bundle)
        let n = b.count, R = 3
        #expect(t.metadata.regions == ["Flanders", "Wallonia", "Brussels"])
        #expect(t.count == R * n)
        let scale = b.output.reduce(0, +)
        for i in 0..<n {
            #expect(Self.close((0..<R).reduce(0) { $0 + t.output[$1 * n + i] }, b.output[i], scale: scale))
            for j in 0..<n {
                var z = 0.0, m = 0.0
                for r in 0..<R { for s in 0..<R { z += t.intermediate[r * n + i, s * n + j]; m += t.imports![r * n + i, s * n + j] } }
                #expect(Self.close(z, b.intermediate[i, j], scale: scale), "Z \(b.codes[i])→\(b.codes[j])")
                #expect(Self.close(m, b.imports![i, j], scale: scale), "M \(b.codes[i])→\(b.codes[j])")
            }
            for (c, label) in b.finalDemand.labels.enumerated() {
                var f = 0.0, mf = 0.0
                for r in 0..<R {
                    for s in 0..<R {
                        let k = t.finalDemand.index(of: t.metadata.regions[s] + ":" + label)!
                        f += t.finalDemand.values[r * n + i, k]
                        mf += t.importFinal!.values[r * n + i, k]
                    }
                }
                #expect(Self.close(f, b.finalDemand.values[i, c], scale: scale), "F \(b.codes[i]) \(label)")
                #expect(Self.close(mf, b.importFinal!.values[i, c], scale: scale), "imported F \(b.codes[i]) \(label)")
            }
            for o in 0..<b.importOrigin!.labels.count {
                #expect(Self.close((0..<R).reduce(0) { $0 + t.importOrigin!.values[$1 * n + i, o] }, b.importOrigin!.values[i, o], scale: scale))
            }
            for c in 0..<b.valueAdded.labels.count {
                #expect(Self.close((0..<R).reduce(0) { $0 + t.valueAdded.values[c, $1 * n + i] }, b.valueAdded.values[c, i], scale: scale))
            }
            #expect(Self.close((0..<R).reduce(0) { $0 + t.employment!.values[$1 * n + i, 0] }, b.employment!.values[i, 0], scale: scale))
        }
        #expect(t.importOrigin!.labels == b.importOrigin!.labels)
    }

    /// Each region's intraregional coefficients are its FLQ coefficients a_ij min(1, FLQ_ij), except
    /// on the rows of the products it supplies itself beyond the FLQ (step 2; listed in docs/data.md).
    /// Flanders' outputs are those of matrices/flanders-2015, product by product (they must be: both
    /// are s_j x_j).
    @Test func intraregionalCoefficientsAreFLQ() throws {
        let est = try Self.estimate()
        let t = est.table, n = est.estimates[0].table.count
        var adjusted: [String] = []
        for s in 0..<3 {
            let flq = est.estimates[s].table
            for i in 0..<n {
                if est.selfSupplied[s][i] > 0 { adjusted.append(est.regions[s] + ":" + flq.codes[i]); continue }
                for j in 0..<n where flq.output[j] > 0 {
                    let r = flq.intermediate[i, j] / flq.output[j]
                    let a = t.intermediate[s * n + i, s * n + j] / t.output[s * n + j]
                    #expect(a.isApproximatelyEqual(to: r, absoluteTolerance: 1e-15, relativeTolerance: 1e-12))
                }
            }
        }
        #expect(adjusted == ["Flanders:84", "Wallonia:24"])
        let flanders = try IOTable(bundle: Self.flanders)
        for i in 0..<n { #expect(t.output[i] == flanders.output[i]) }
    }

    /// Rows and columns balance; the trade flows are non-negative; ρ(A) < 1, and ρ(A) equals
    /// Belgium's: every region has the national technology, Σ_r A(r:i, s:j) = a_ij for every s, so
    /// with p the national left Perron vector, (p, p, p) A = ρ (p, p, p) and ρ is an eigenvalue of the
    /// non-negative A with a positive eigenvector, hence its spectral radius.
    @Test func balancesAndIsProductive() throws {
        let t = try IOTable(bundle: Self.bundle), b = try IOTable(bundle: Self.belgium)
        #expect(BalanceReport(table: t).largestRelative < 1e-9)
        #expect(t.intermediate.storage.allSatisfy { $0 >= -1e-8 })
        // Final demand is the national one times non-negative shares, so each cell has the sign of
        // the national cell (negative only for inventories that fall).
        let n = b.count
        for row in 0..<t.count {
            for (k, label) in t.finalDemand.labels.enumerated() {
                let c = b.finalDemand.index(of: String(label.split(separator: ":", maxSplits: 1)[1]))!
                #expect(t.finalDemand.values[row, k] * b.finalDemand.values[row % n, c] >= -1e-12, "\(t.sectorLabels[row]) \(label)")
            }
        }
        _ = try LeontiefModel(table: t)
        let rho = try IOMath.technicalCoefficients(t.intermediate, output: t.output).spectralRadius()
        let rhoB = try IOMath.technicalCoefficients(b.intermediate, output: b.output).spectralRadius()
        #expect(rho < 1)
        #expect(rho.isApproximatelyEqual(to: rhoB, relativeTolerance: 1e-9))
        #expect(t.inputCriticality != nil && t.inventoryDays?.count == t.count)
    }
}
