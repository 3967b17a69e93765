import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Numerics
import Testing
import TestSupport

/// FLQ regionalisation (MODELS.md §7): a hand-computed example, δ = 0, and the Flemish table
/// estimated from the Belgian one.
@Suite struct RegionalisationTests {
    // Hand example, three sectors: Eᴿ = (20, 10, 10), Eᴺ = (50, 100, 50); Eᴿ = 40, Eᴺ = 200.
    // SLQ = ((20/40)/(50/200), (10/40)/(100/200), (10/40)/(50/200)) = (2, 0.5, 1).
    // λ = [log₂(1 + 40/200)]^0.3 = 0.2630344058337938^0.3 = 0.6698904212072138.
    static let regional = [20.0, 10, 10], national = [50.0, 100, 50]
    static let lambda = 0.6698904212072138
    static let a = Matrix([[0.10, 0.20, 0.30],
                           [0.20, 0.10, 0.10],
                           [0.05, 0.10, 0.20]])

    @Test func simpleAndCrossIndustryQuotients() {
        #expect(LocationQuotients.simple(regional: Self.regional, national: Self.national) == [2, 0.5, 1])
        let c = LocationQuotients.crossIndustry([2, 0.5, 1])
        #expect(c == Matrix([[1, 4, 2], [0.25, 1, 0.5], [0.5, 2, 1]]))
    }

    @Test func lambdaByHand() throws {
        let l = try LocationQuotients.lambda(regionalTotal: 40, nationalTotal: 200, delta: 0.3)
        #expect(l.isApproximatelyEqual(to: Self.lambda, relativeTolerance: 1e-14))
        #expect(try LocationQuotients.lambda(regionalTotal: 40, nationalTotal: 200, delta: 0) == 1)
    }

    @Test(arguments: [1.0, 1.5, -0.1, Double.nan])
    func deltaOutsideTheUnitInterval(delta: Double) {
        #expect {
            _ = try LocationQuotients.lambda(regionalTotal: 40, nationalTotal: 200, delta: delta)
        } throws: { error in
            "\(error)".contains("outside [0, 1)")
        }
    }

    /// FLQ_ij = λ SLQ_i / SLQ_j off the diagonal, λ SLQ_i on it; r_ij = a_ij min(1, FLQ_ij).
    @Test func fleggQuotientsAndCoefficients() {
        let l = Self.lambda
        let flq = LocationQuotients.flegg([2, 0.5, 1], lambda: l)
        let expected = Matrix([[2 * l, 4 * l, 2 * l],          // row 1: all > 1 (SLQ_1 = 2)
                               [0.25 * l, 0.5 * l, 0.5 * l],   // diagonal: λ·SLQ_2 = λ/2
                               [0.5 * l, 2 * l, 1 * l]])       // (3, 2): λ·1/0.5 > 1
        for i in 0..<3 { for j in 0..<3 { #expect(flq[i, j].isApproximatelyEqual(to: expected[i, j], relativeTolerance: 1e-15)) } }
        #expect(flq[0, 1] > 1 && flq[2, 1] > 1 && flq[0, 0] > 1)
        let r = LocationQuotients.regionalCoefficients(Self.a, quotients: flq)
        let hand = Matrix([[0.10, 0.20, 0.30],                              // capped at the national ones
                           [0.20 * 0.25 * l, 0.10 * 0.5 * l, 0.10 * 0.5 * l],
                           [0.05 * 0.5 * l, 0.10, 0.20 * l]])
        for i in 0..<3 { for j in 0..<3 { #expect(r[i, j].isApproximatelyEqual(to: hand[i, j], relativeTolerance: 1e-15)) } }
    }

    /// The hand example as a table: output, purchases from the rest of the country, final demand.
    @Test func smallRegionalTable() throws {
        let x = [100.0, 200, 100]
        var z = Matrix(rows: 3, columns: 3)
        for i in 0..<3 { for j in 0..<3 { z[i, j] = Self.a[i, j] * x[j] } }
        let rowSums = z.rowSums()
        let exports = [10.0, 20, 5]
        var f = Matrix(rows: 3, columns: 2)
        for i in 0..<3 { f[i, 0] = x[i] - rowSums[i] - exports[i]; f[i, 1] = exports[i] }
        let gva = zip(x, z.columnSums()).map(-)
        let national = IOTable(
            metadata: TableMetadata(name: "toy", unit: "EUR"),
            sectors: ["a", "b", "c"].map { Sector(code: $0, name: $0) },
            intermediate: z, finalDemand: LabeledBlock(labels: ["household_consumption", "exports_abroad"], values: f),
            valueAdded: LabeledBlock(labels: [IOTable.grossValueAdded], values: Matrix([gva])), output: x)
        let estimate = try FLQRegionalisation(
            national: national,
            employment: .init(groupOfSector: ["a", "b", "c"], regional: ["a": 20, "b": 10, "c": 10], national: ["a": 50, "b": 100, "c": 50]),
            delta: 0.3, metadata: TableMetadata(name: "toy-region", unit: "EUR"))
        let t = estimate.table, l = Self.lambda
        #expect(estimate.shares == [0.4, 0.1, 0.2])
        #expect(t.output == [40, 20, 20])
        // z21 = a21 · λ·SLQ_2/SLQ_1 · x1ᴿ = 0.2 · λ/4 · 40 = 2λ; the rest 0.2·40 − 2λ.
        #expect(t.intermediate[1, 0].isApproximatelyEqual(to: 2 * l, relativeTolerance: 1e-14))
        #expect(t.importsRestOfCountry![1, 0].isApproximatelyEqual(to: 8 - 2 * l, relativeTolerance: 1e-14))
        #expect(t.intermediate[0, 1] == 0.2 * 20 && t.importsRestOfCountry![0, 1] == 0)
        // Households (ρ = 0.2): product 2 bought locally in the proportion min(1, λ·0.5).
        let fb = f[1, 0]
        #expect(t.finalDemand.values[1, 0].isApproximatelyEqual(to: 0.2 * fb * 0.5 * l, relativeTolerance: 1e-14))
        #expect(t.importFinalRestOfCountry!.values[1, 0].isApproximatelyEqual(to: 0.2 * fb * (1 - 0.5 * l), relativeTolerance: 1e-14))
        #expect(t.finalDemand.values[0, 0] == 0.2 * f[0, 0])
        #expect(t.finalDemand.values[1, 1] == 0.1 * 20)  // exports abroad: s_2 × national
        #expect(t.finalDemand.labels.last == "exports_rest_of_country")
        #expect(BalanceReport(table: t).largestRelative < 1e-14)
    }

    // MARK: the Belgian and Flemish tables

    static let belgium = Fixtures.repositoryPath("matrices/belgium-2015")
    static let flanders = Fixtures.repositoryPath("matrices/flanders-2015")
    static let census = Fixtures.sharedPath("data/statbel-census-2011/working-population-by-place-of-work.csv")

    static func estimate(_ region: String, delta: Double = 0.3) throws -> FLQRegionalisation {
        try FLQRegionalisation.estimate(national: IOTable(bundle: belgium), bundle: belgium, employmentFile: census,
                                        region: region, delta: delta, name: "flanders-2015")
    }

    /// shared/data/README.md: ρ(A) = 0.385 for Belgium 2015.
    @Test func belgianSpectralRadius() throws {
        let t = try IOTable(bundle: Self.belgium)
        let rho = try IOMath.technicalCoefficients(t.intermediate, output: t.output).spectralRadius()
        #expect((rho * 1000).rounded() == 385)
        _ = try LeontiefModel(table: t)
    }

    @Test func flandersRerunEqualsTheCommittedBundle() throws {
        let out = Fixtures.temporaryDirectory() + "/flanders-2015"
        try Self.estimate("Vlaams Gewest").table.write(bundle: out)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.flanders).sorted() {
            #expect(FileManager.default.contents(atPath: out + "/" + name) == FileManager.default.contents(atPath: Self.flanders + "/" + name),
                    "\(name) differs from matrices/flanders-2015: re-run `ioshock regionalise`")
        }
    }

    @Test func flandersBalancesAndIsProductive() throws {
        let t = try IOTable(bundle: Self.flanders)
        let report = BalanceReport(table: t)
        #expect(report.gaps.count == 3)
        #expect(report.largestRelative <= 1e-6)
        #expect(t.importsRestOfCountry != nil && t.importFinalRestOfCountry != nil)
        #expect(t.importOrigin?.labels == ["euro_area", "rest_of_eu", "non_eu", "rest_of_country"])
        #expect(t.metadata.estimation?.hasPrefix("FLQ, δ = 0.3") == true)
        _ = try LeontiefModel(table: t)
        let national = try IOTable(bundle: Self.belgium)
        let rhoR = try IOMath.technicalCoefficients(t.intermediate, output: t.output).spectralRadius()
        let rhoN = try IOMath.technicalCoefficients(national.intermediate, output: national.output).spectralRadius()
        #expect(rhoR < rhoN)
        // Flows from and to the rest of the country are non-negative (up to the three published
        // entries of tbl_10 of order −1e-8).
        #expect(t.importsRestOfCountry!.storage.allSatisfy { $0 >= -1e-8 })
        #expect(t.finalDemand.values.column(t.finalDemand.labels.count - 1).allSatisfy { $0 >= 0 })
    }

    /// Flanders + Wallonia + Brussels = Belgium: output, value added, hours.
    @Test func regionsAddUpToTheNation() throws {
        let national = try IOTable(bundle: Self.belgium)
        var output = [Double](repeating: 0, count: national.count)
        var gva = output, hours = output
        for region in ["Flanders", "Wallonia", "Brussels"] {
            let t = try Self.estimate(region).table
            output = zip(output, t.output).map(+)
            gva = zip(gva, t.grossValueAdded!).map(+)
            hours = zip(hours, t.employment!.values.column(0)).map(+)
        }
        for i in 0..<national.count {
            #expect(output[i].isApproximatelyEqual(to: national.output[i], relativeTolerance: 1e-12))
            #expect(gva[i].isApproximatelyEqual(to: national.grossValueAdded![i], relativeTolerance: 1e-12))
            #expect(hours[i].isApproximatelyEqual(to: national.employment!.values[i, 0], absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
        }
    }

    /// δ = 0: λ = 1, and the coefficients are a_ij·min(1, SLQ_i/SLQ_j), a_ii·min(1, SLQ_i).
    @Test func deltaZeroGivesCappedLocationQuotients() throws {
        let estimate = try Self.estimate("Vlaams Gewest", delta: 0)
        #expect(estimate.lambda == 1)
        let national = try IOTable(bundle: Self.belgium)
        let census = try StatbelCensus(path: Self.census)
        let flemish = try census.employment(of: "Vlaams Gewest"), belgian = census.national
        let er = flemish.values.reduce(0, +), en = belgian.values.reduce(0, +)
        let slq = national.sectors.map { s -> Double in
            let g = s.attributes["nace_section"]!
            return (flemish[g]! / er) / (belgian[g]! / en)
        }
        let a = IOMath.technicalCoefficients(national.intermediate, output: national.output)
        let r = IOMath.technicalCoefficients(estimate.table.intermediate, output: estimate.table.output)
        var capped = 0
        for j in 0..<national.count {
            for i in 0..<national.count {
                let q = i == j ? slq[i] : slq[i] / slq[j]
                if q >= 1, a[i, j] > 0 { capped += 1 }
                #expect(r[i, j].isApproximatelyEqual(to: a[i, j] * min(1, q), absoluteTolerance: 1e-15, relativeTolerance: 1e-12))
            }
        }
        #expect(capped > 0)
    }

    @Test func unknownRegionNamesTheFileAndTheValidNames() {
        #expect {
            _ = try Self.estimate("Vlaanderen")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file == Self.census && e.message.contains("\"Vlaanderen\"") && (e.hint ?? "").contains("\"Vlaams Gewest\"")
        }
    }

    @Test func deltaOneIsRefused() {
        #expect {
            _ = try Self.estimate("Vlaams Gewest", delta: 1)
        } throws: { error in
            "\(error)".contains("outside [0, 1)")
        }
    }

    @Test func missingSectionColumnNamesSectorsCSV() throws {
        var t = try IOTable(bundle: Self.belgium)
        t.sectorAttributeNames = []
        #expect {
            _ = try FLQRegionalisation.estimate(national: t, bundle: Self.belgium, employmentFile: Self.census,
                                                region: "Flanders", delta: 0.3, name: "x")
        } throws: { error in
            (error as? InputError)?.file.hasSuffix("sectors.csv") == true
        }
    }
}
