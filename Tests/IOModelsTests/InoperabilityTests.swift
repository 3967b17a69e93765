import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Testing
import TestSupport

/// One case of `validation/haimes-iim/cases.toml`.
struct IIMCase: CustomStringConvertible, Sendable {
    var name: String
    var aStar: Matrix
    var perturbation: [Double]
    var expected: [Double]
    var tolerance: Double
    var needsCap: Bool
    var description: String { name }

    static func all() throws -> [IIMCase] {
        let root = try ValidationFiles.document("validation/haimes-iim/cases.toml").root
        return root.keys.compactMap { key in
            guard case let .table(t) = root[key]?.value,
                  let a = ValidationFiles.matrix(t["A_star"]), let c = ValidationFiles.numbers(t["c_star"]),
                  let q = ValidationFiles.numbers(t["expected_q"]), let tol = ValidationFiles.number(t["tolerance"]),
                  case let .bool(cap)? = t["needs_cap_at_one"]?.value else { return nil }
            return IIMCase(name: key, aStar: a, perturbation: c, expected: q, tolerance: tol, needsCap: cap)
        }
    }
}

@Suite("Inoperability input–output model")
struct InoperabilityTests {
    @Test("the validation file holds the three published cases")
    func casesAreRead() throws {
        let cases = try IIMCase.all()
        #expect(cases.count == 3)
        #expect(cases.contains { $0.needsCap })
    }

    @Test("every Haimes case reproduced within its tolerance", arguments: try IIMCase.all())
    func haimesCase(_ c: IIMCase) throws {
        let result = try InoperabilityModel.solve(interdependency: c.aStar, perturbation: c.perturbation)
        #expect(result.inoperability.count == c.expected.count)
        for (q, e) in zip(result.inoperability, c.expected) {
            #expect(abs(q - e) <= c.tolerance, "\(c.name): computed \(result.inoperability), expected \(c.expected)")
        }
        #expect(!result.cappedAtOne.isEmpty == c.needsCap)
        for k in result.cappedAtOne {
            #expect(result.unclipped[k] > 1)
            #expect(result.inoperability[k] == 1)
        }
    }

    @Test("the table-based demand side equals the explicit A* = x̂⁻¹ A x̂, and the loss is Σ x q")
    func demandSideFromTable() throws {
        let model = try LeontiefModel(table: Fixtures.germany1995())
        let c = [0.0, 0.05, 0.2, 0.0, 0.01, 0.0]
        for side in InoperabilitySide.allCases {
            let fromModel = try InoperabilityModel.solve(model: model, perturbation: c, side: side)
            let explicit = try InoperabilityModel.solve(interdependency: InoperabilityModel.interdependencyMatrix(model: model, side: side),
                                                        perturbation: c, output: model.output, side: side)
            for (a, b) in zip(fromModel.unclipped, explicit.unclipped) { #expect(abs(a - b) <= 1e-12) }
            let loss = zip(model.output, fromModel.inoperability).map(*).reduce(0, +)
            #expect(abs(fromModel.totalEconomicLoss! - loss) <= 1e-9 * loss)
            // Every sector loses at least its direct perturbation (A* ≥ 0).
            for i in c.indices { #expect(fromModel.inoperability[i] >= c[i] - 1e-15) }
        }
    }

    @Test("the demand side is the Leontief model in relative terms: q = Δx / x for Δf = x̂ c*")
    func demandSideIsLeontief() throws {
        let model = try LeontiefModel(table: randomTable(sectors: 30, seed: 7))
        let c = (0..<30).map { $0 % 4 == 0 ? 0.1 : 0 }
        let q = try InoperabilityModel.solve(model: model, perturbation: c, side: .demand).inoperability
        let dx = model.output(for: zip(model.output, c).map(*))
        for i in 0..<30 { #expect(abs(q[i] - dx[i] / model.output[i]) <= 1e-12) }
    }

    @Test("a perturbation outside [0, 1] is refused with the sector named", arguments: [-0.1, 1.5, Double.nan])
    func badPerturbation(_ value: Double) throws {
        let a = Matrix([[0, 0.8], [0.2, 0]])
        #expect {
            _ = try InoperabilityModel.solve(interdependency: a, perturbation: [0, value], codes: ["power", "water"])
        } throws: { error in
            "\(error)".contains("water") && "\(error)".contains("outside [0, 1]")
        }
        let model = try LeontiefModel(table: Fixtures.germany1995())
        #expect(throws: ModelError.self) {
            _ = try InoperabilityModel.solve(model: model, perturbation: [value, 0, 0, 0, 0, 0], side: .supply)
        }
    }
}

@Suite("Dynamic inoperability model")
struct DynamicInoperabilityTests {
    let aStar = Matrix([[0.0, 0.8], [0.2, 0.0]])

    @Test("k_i = ln(1/ρ) / (T_i (1 − a*_ii))")
    func recoveryRates() throws {
        let a = Matrix([[0.1, 0.2], [0.3, 0.0]])
        let model = try DynamicInoperabilityModel(interdependency: a, recoveryDays: [30, 60], residualFraction: 0.01)
        #expect(abs(model.recoveryRates[0] - 4.605170185988091 / (30 * 0.9)) <= 1e-12)
        #expect(abs(model.recoveryRates[1] - 4.605170185988091 / 60) <= 1e-12)
    }

    @Test("with no perturbation the path stays at zero")
    func zeroStaysZero() throws {
        let model = try DynamicInoperabilityModel(interdependency: aStar, recoveryDays: [20, 40])
        let path = try model.simulate(initial: [0, 0], perturbation: .none, days: 200, dailyOutput: [10, 5])
        #expect(path.inoperability.count == 201)
        #expect(path.inoperability.allSatisfy { $0.allSatisfy { $0 == 0 } })
        #expect(path.totalCumulativeLoss == 0)
        let constantZero = try model.simulate(initial: [0, 0], perturbation: .constant([0, 0]), days: 50)
        #expect(constantZero.inoperability.allSatisfy { $0 == [0, 0] })
    }

    @Test("a constant perturbation converges to the static q", arguments: try IIMCase.all().filter { !$0.needsCap })
    func convergesToStatic(_ c: IIMCase) throws {
        let n = c.perturbation.count
        let model = try DynamicInoperabilityModel(interdependency: c.aStar, recoveryDays: [Double](repeating: 15, count: n))
        let path = try model.simulate(initial: [Double](repeating: 0, count: n), perturbation: .constant(c.perturbation), days: 2000)
        let staticQ = try InoperabilityModel.solve(interdependency: c.aStar, perturbation: c.perturbation).inoperability
        for (q, s) in zip(path.inoperability.last!, staticQ) { #expect(abs(q - s) <= 1e-9) }
        for (q, e) in zip(path.inoperability.last!, c.expected) { #expect(abs(q - e) <= c.tolerance) }
    }

    @Test("recovery from an initial inoperability: monotone decay and a trapezoid cumulative loss")
    func recovery() throws {
        let a = Matrix([[0.0, 0.0], [0.0, 0.0]])
        let model = try DynamicInoperabilityModel(interdependency: a, recoveryDays: [10, 100], residualFraction: 0.01)
        let path = try model.simulate(initial: [0.5, 0.5], perturbation: .none, days: 100, dailyOutput: [2, 1])
        // Uncoupled sectors decay geometrically: q(t) = (1 − k)^t q(0).
        let k = model.recoveryRates
        for t in [1, 10, 50] {
            #expect(abs(path.inoperability[t][0] - 0.5 * pow(1 - k[0], Double(t))) <= 1e-12)
        }
        var expected = 0.0
        for t in 0..<100 {
            let q0: Double = path.inoperability[t][1], q1: Double = path.inoperability[t + 1][1]
            expected += 0.5 * (q0 + q1)
        }
        #expect(abs(path.cumulativeLoss![1] - expected) <= 1e-12)
        #expect(path.inoperability[100][1] < path.inoperability[10][1])
    }

    @Test("a perturbation that ends lets the economy recover")
    func endingPerturbation() throws {
        let model = try DynamicInoperabilityModel(interdependency: aStar, recoveryDays: [10, 10])
        let shock = DailyPerturbation.daily([[Double]](repeating: [0, 0.6], count: 30))
        let path = try model.simulate(initial: [0, 0], perturbation: shock, days: 400)
        #expect(path.inoperability[30][1] > 0.5)
        #expect(path.inoperability[400].allSatisfy { $0 < 1e-6 })
    }

    @Test("bad dynamic inputs are refused")
    func badInputs() throws {
        #expect(throws: ModelError.self) { _ = try DynamicInoperabilityModel(interdependency: aStar, recoveryDays: [0, 10]) }
        #expect(throws: ModelError.self) { _ = try DynamicInoperabilityModel(interdependency: aStar, recoveryDays: [2, 10]) }
        #expect(throws: ModelError.self) { _ = try DynamicInoperabilityModel(interdependency: aStar, recoveryDays: [10, 10], residualFraction: 1) }
        let model = try DynamicInoperabilityModel(interdependency: aStar, recoveryDays: [10, 10])
        #expect(throws: ModelError.self) { _ = try model.simulate(initial: [0, 1.2], perturbation: .none, days: 5) }
        #expect(throws: ModelError.self) { _ = try model.simulate(initial: [0, 0], perturbation: .constant([-0.1, 0]), days: 5) }
        #expect(throws: ModelError.self) { _ = try model.simulate(initial: [0, 0], perturbation: .daily([[0, 0], [0, 2]]), days: 5) }
    }
}
