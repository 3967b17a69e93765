import Foundation
import IOTables
@testable import Scenarios
import TestSupport
import Testing

/// The combined import cuts by origin and the availabilities they give (`ShockTranslation.cuts`,
/// `cutsByOrigin`, `availability`; MODELS.md §5), which the dynamic model recomputes on every day
/// a shock's size changes.
@Suite("Shock translation")
struct ShockTranslationTests {
    static let flanders = Fixtures.repositoryPath("matrices/flanders-2015")

    /// The hand table (`handTable`): only product A is imported, 10 from outside the EU, by B;
    /// its import_origin.csv has the columns euro_area, rest_of_eu, non_eu. Three shocks on A:
    /// non-EU cut 0.5, EU (euro area and rest of the EU) cut 0.4, origin "all" (every column)
    /// cut 0.2.
    ///   cuts of A: non_eu 1 − (1 − 0.5)(1 − 0.2) = 0.6; euro_area = rest_of_eu = 1 − 0.6·0.8 = 0.52.
    ///   availability (σ = 0): the shares are 0, 0, 10 of 10, so the loss is
    ///   0.52·0 + 0.52·0 + 0.6·1 = 0.6 and a = 1 − 0.6 = 0.4; with σ = 0.5, 1 − 0.5·0.6 = 0.7.
    ///   With sizes (0.2, 0.4, 0.6): non_eu 1 − 0.8·0.4 = 0.68, a = 0.32.
    ///   A fourth shock, non-EU cut 0.5: non_eu 1 − (1 − 0.6)(1 − 0.5) = 0.8.
    /// Without import_origin.csv the cuts fall on the pseudo-column "*" (all foreign imports):
    /// two cuts of 0.2 and 0.5 make 1 − 0.8·0.5 = 0.6, and a = 0.4.
    @Test func handWorkedCuts() throws {
        let shocks = """
            [[shock]]
            products = ["A"]
            origin = "non-EU"
            cut = 0.5
            [[shock]]
            products = ["A"]
            origin = "EU"
            cut = 0.4
            [[shock]]
            products = ["A"]
            origin = "all"
            cut = 0.2
            """
        func translation(_ shocks: String, substitution: Double = 0, table: [String: String] = handTable) throws -> ShockTranslation {
            let text = "title = \"cuts\"\ntable = \"table\"\n[model]\nkind = \"supply-constrained\"\nsubstitution = \(substitution)\n" + shocks
            return ShockTranslation(scenario: try Scenario(path: scenarioFile(text, table: table)))
        }
        func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-15 } ?? false }
        let t = try translation(shocks)
        let cuts = t.cutsByOrigin()
        #expect(cuts[0].keys.sorted() == ["euro_area", "non_eu", "rest_of_eu"])
        #expect(close(cuts[0]["non_eu"], 0.6) && close(cuts[0]["euro_area"], 0.52) && cuts[0]["rest_of_eu"] == cuts[0]["euro_area"])
        #expect(cuts[1].isEmpty && cuts[2].isEmpty)
        let (foreign, rest) = t.availability()
        #expect(close(foreign[0], 0.4) && foreign[1] == 1 && foreign[2] == 1 && rest == [1, 1, 1])
        #expect(close(try translation(shocks, substitution: 0.5).availability().foreign[0], 0.7))
        #expect(close(t.availability(sizes: [0.2, 0.4, 0.6]).foreign[0], 0.32))
        // A shock of size 0 sets nothing; only the shocks applied count.
        #expect(t.cutsByOrigin(sizes: [0, 0, 0]) == [[:], [:], [:]])
        #expect(t.cutsByOrigin(applying: [1]) == [["euro_area": 0.4, "rest_of_eu": 0.4], [:], [:]])
        let fourth = try translation(shocks + "\n[[shock]]\nproducts = [\"A\"]\norigin = \"non-EU\"\ncut = 0.5\n")
        #expect(close(fourth.cutsByOrigin()[0]["non_eu"], 0.8))

        var withoutOrigins = handTable
        withoutOrigins["import_origin.csv"] = nil
        let star = try translation("[[shock]]\nproducts = [\"A\"]\ncut = 0.2\n[[shock]]\nproducts = [\"A\"]\ncut = 0.5\n", table: withoutOrigins)
        #expect(star.cutsByOrigin()[0].keys.sorted() == ["*"] && close(star.cutsByOrigin()[0]["*"], 0.6))
        #expect(close(star.availability().foreign[0], 0.4))
    }

    /// The indexed cuts against the label-keyed combination they replaced, kept here as the
    /// reference: on the Flemish table (origins euro area, rest of the EU, non-EU and the rest
    /// of Belgium), overlapping shocks from every origin group, random sizes and subsets of
    /// shocks give the same cuts and the same availabilities bit for bit.
    @Test func indexedCutsEqualTheLabelledCombination() throws {
        let text = """
            title = "cuts"
            table = "TABLE"
            [model]
            kind = "supply-constrained"
            substitution = 0.3
            [[shock]]
            products = ["20", "24"]
            origin = "non-EU"
            cut = 0.5
            [[shock]]
            products = ["20"]
            origin = "EU"
            cut = 0.3
            [[shock]]
            products = ["20", "29"]
            origin = "rest-of-Belgium"
            cut = 0.2
            [[shock]]
            products = ["24"]
            origin = "all"
            cut = 0.4
            [[shock]]
            products = ["24"]
            origin = "non-EU"
            cut = 0.25
            """
        let scenario = try Scenario(path: scenarioFile(text, bundle: Self.flanders))
        let t = ShockTranslation(scenario: scenario)
        let n = scenario.table.count
        let origin = try #require(scenario.table.importOrigin)

        func referenceCuts(_ sizes: [Double]?, _ applying: Set<Int>?) -> [[String: Double]] {
            var cuts = [[String: Double]](repeating: [:], count: n)
            for (k, shock) in scenario.shocks.enumerated() where shock.kind == .imports && applying?.contains(k) ?? true {
                let size = sizes?[k] ?? shock.size
                guard size > 0 else { continue }
                for p in shock.sectors {
                    for column in shock.origins.isEmpty ? ["*"] : shock.origins {
                        cuts[p][column] = 1 - (1 - (cuts[p][column] ?? 0)) * (1 - size)
                    }
                }
            }
            return cuts
        }
        func referenceAvailability(_ sizes: [Double]?, _ applying: Set<Int>?) -> ([Double], [Double]) {
            let cuts = referenceCuts(sizes, applying)
            let sigma = scenario.model.substitution
            var foreign = [Double](repeating: 1, count: n), rest = foreign
            let columns = origin.labels.enumerated().filter { $0.element != "rest_of_country" }
            for p in 0..<n where !cuts[p].isEmpty {
                if let c = cuts[p]["*"] { foreign[p] = 1 - (1 - sigma) * c }
                let total = columns.reduce(0.0) { $0 + origin.values[p, $1.offset] }
                if total > 0 {
                    var lost = 0.0
                    for (k, label) in columns { lost += (cuts[p][label] ?? 0) * origin.values[p, k] / total }
                    foreign[p] = min(foreign[p], 1 - (1 - sigma) * lost)
                }
                if let c = cuts[p]["rest_of_country"] { rest[p] = 1 - (1 - sigma) * c }
            }
            return (foreign.map { max(0, $0) }, rest.map { max(0, $0) })
        }

        var generator = SplitMix64(seed: 11)
        func uniform() -> Double { Double.random(in: 0..<1, using: &generator) }
        var cases: [([Double]?, Set<Int>?)] = [(nil, nil), (nil, [0, 3]), ([0, 0, 0, 0, 0], nil)]
        for _ in 0..<40 {
            let sizes = (0..<5).map { _ in uniform() < 0.2 ? 0 : uniform() }
            let applying = uniform() < 0.5 ? nil : Set((0..<5).filter { _ in uniform() < 0.6 })
            cases.append((sizes, applying))
        }
        var moved = 0
        for (sizes, applying) in cases {
            #expect(t.cutsByOrigin(sizes: sizes, applying: applying) == referenceCuts(sizes, applying))
            let (foreign, rest) = t.availability(sizes: sizes, applying: applying)
            let (f, r) = referenceAvailability(sizes, applying)
            #expect(foreign == f && rest == r, "sizes \(String(describing: sizes)), shocks \(String(describing: applying))")
            if foreign.contains(where: { $0 < 1 }) && rest.contains(where: { $0 < 1 }) { moved += 1 }
        }
        // The comparisons are not between unshocked vectors.
        #expect(moved > 20)
    }
}
