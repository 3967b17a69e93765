import Foundation
import IOModels
import LinearAlgebra
import Testing

/// Published cases of the dynamic IIM (Lian & Haimes 2006) and of the Setola et al. (2009)
/// indices, as the stigrs/diim library tests them (cases 8, 10, 11, 12), with hand derivations.
@Suite("Dynamic IIM: published cases, recovery from q(0), per-sector recovery, Setola indices")
struct DynamicInoperabilityCaseTests {
    /// Lian & Haimes (2006), two sectors: A* = [[0.15, 0.5], [0.1, 0.05]], K = diag(0.2, 0.2).
    let aStar = Matrix([[0.15, 0.5], [0.1, 0.05]])
    func model() throws -> DynamicInoperabilityModel {
        try DynamicInoperabilityModel(interdependency: aStar, recoveryRates: [0.2, 0.2])
    }

    /// A constant c* = (0, 0.1) drives q to the static q = (I − A*)⁻¹ c*:
    /// I − A* = [[0.85, −0.5], [−0.1, 0.95]], det = 0.8075 − 0.05 = 0.7575,
    /// q = (0.5 · 0.1, 0.85 · 0.1) / 0.7575 = (0.066007, 0.112211) — published as (0.066, 0.112).
    /// The step matrix I − K(I − A*) = [[0.83, 0.1], [0.02, 0.81]] has spectral radius
    /// 0.82 + √(0.01² + 0.002) ≈ 0.866, so after 100 days the gap is below 0.12 · 0.866¹⁰⁰ ≈ 7e-8.
    @Test func lianHaimesConvergesToTheStaticInoperability() throws {
        let path = try model().simulate(initial: [0, 0], perturbation: .constant([0, 0.1]), days: 100)
        let q = path.inoperability[100]
        #expect(abs(q[0] - 0.066) < 1e-3 && abs(q[1] - 0.112) < 1e-3)
        #expect(abs(q[0] - 0.05 / 0.7575) < 1e-6 && abs(q[1] - 0.085 / 0.7575) < 1e-6)
    }

    /// Recovery from q(0) = (0, 0.1) with no perturbation (diim case 11): q(t + 1) = M q(t) with
    /// M = [[0.83, 0.1], [0.02, 0.81]]: q(1) = (0.01, 0.081), q(2) = (0.0083 + 0.0081, 0.0002 + 0.06561)
    /// = (0.0164, 0.06581); after 100 days q < 0.1 · 0.866¹⁰⁰ ≈ 6e-8, i.e. 0 within 1e-6 as diim asserts.
    @Test func recoveryFromAnInitialInoperability() throws {
        let path = try model().simulate(initial: [0, 0.1], perturbation: .none, days: 100)
        let q = path.inoperability
        #expect(abs(q[1][0] - 0.01) < 1e-15 && abs(q[1][1] - 0.081) < 1e-15)
        #expect(abs(q[2][0] - 0.0164) < 1e-14 && abs(q[2][1] - 0.06581) < 1e-14)
        #expect(q[100].allSatisfy { $0 >= 0 && $0 < 1e-6 })
    }

    /// diim case 12: c* = (0, 0.1) for 30 days, 100 time points (99 daily steps); ∫q dt by the
    /// trapezoid rule is (1.980144350, 3.366317449) in diim's test (computed with NumPy); the
    /// same recursion in NumPy gives (1.980144288, 3.366317376), inside diim's own 1e-6.
    @Test func temporaryPerturbationImpactMatchesDiim() throws {
        let days = (0..<30).map { _ in [0.0, 0.1] }
        let path = try model().simulate(initial: [0, 0], perturbation: .daily(days), days: 99, dailyOutput: [1, 1])
        let impact = try #require(path.cumulativeLoss)
        #expect(abs(impact[0] - 1.980144350) < 1e-6)
        #expect(abs(impact[1] - 3.366317449) < 1e-6)
    }

    /// With A* = 0 the sectors recover independently, q_i(t) = (1 − k_i)^t q_i(0) with
    /// k_i = ln(1/ρ)/T_i: each sector keeps its own recovery time.
    @Test func perSectorRecoveryTimes() throws {
        let recovery = [10.0, 40.0, 90.0]
        let model = try DynamicInoperabilityModel(interdependency: Matrix(rows: 3, columns: 3), recoveryDays: recovery, residualFraction: 0.01)
        let path = try model.simulate(initial: [0.5, 0.5, 0.5], perturbation: .none, days: 60)
        for i in 0..<3 {
            let k = log(100) / recovery[i]
            #expect(abs(model.recoveryRates[i] - k) < 1e-15)
            for t in [1, 10, 30, 60] { #expect(abs(path.inoperability[t][i] - 0.5 * pow(1 - k, Double(t))) < 1e-12) }
        }
        #expect(path.inoperability[30][0] < path.inoperability[30][1] && path.inoperability[30][1] < path.inoperability[30][2])
    }

    /// Haimes & Jiang's 4 × 4 A* (diim cases 8 and 9). By hand:
    /// δ = row sums without the diagonal / 3 = (0.9, 0.4, 1.8, 1.9)/3; ρ = column sums / 3 = (2.4, 2.6, 0, 0)/3.
    /// S = (I − A*)⁻¹: the block of sectors 1–2 is [[1, −0.9], [−0.4, 1]]⁻¹ = [[1, 0.9], [0.4, 1]] / 0.64
    /// = [[1.5625, 1.40625], [0.625, 1.5625]]; row 3 = (1, 0.8) · block = (2.0625, 2.65625), s_33 = 1;
    /// row 4 = (1, 0.9) · block = (2.125, 2.8125), s_44 = 1. So δ̄ = (1.40625, 0.625, 4.71875, 4.9375)/3
    /// and ρ̄ = (0.625 + 2.0625 + 2.125, 1.40625 + 2.65625 + 2.8125, 0, 0)/3 = (4.8125, 6.875, 0, 0)/3.
    @Test func setolaIndicesOfTheHaimesJiangCase() throws {
        let a = Matrix([[0, 0.9, 0, 0], [0.4, 0, 0, 0], [1, 0.8, 0, 0], [1, 0.9, 0, 0]])
        let d = try InterdependencyIndices(interdependency: a)
        let expected: [([Double], [Double])] = [
            (d.dependency, [0.9, 0.4, 1.8, 1.9].map { $0 / 3 }),
            (d.influence, [2.4, 2.6, 0, 0].map { $0 / 3 }),
            (d.overallDependency, [1.40625, 0.625, 4.71875, 4.9375].map { $0 / 3 }),
            (d.overallInfluence, [4.8125, 6.875, 0, 0].map { $0 / 3 }),
        ]
        for (computed, hand) in expected {
            for (c, h) in zip(computed, hand) { #expect(abs(c - h) < 1e-12, "\(computed) vs \(hand)") }
        }
        // n-th order interdependency (diim case 8): (A*²)_32 = a_31 a_12 = 0.9; (A*³)_32 = 0.9 · 0.32
        // (row 3 of A*² is (0.8 · 0.4, 0.9, 0, 0)) = 0.288; (A*³)_12 = 0.36 · 0.9 = 0.324; (A*³)_44 = 0.
        let a2 = try InterdependencyIndices.nthOrder(a, order: 2), a3 = try InterdependencyIndices.nthOrder(a, order: 3)
        #expect(abs(a2[2, 1] - 0.9) < 1e-15 && abs(a3[2, 1] - 0.288) < 1e-15 && abs(a3[0, 1] - 0.324) < 1e-15 && a3[3, 3] == 0)
        // diim case 9: the largest third-order interdependency of sectors 1, 2, 3 is on 2, 1, 1:
        // 0.324 (1 on 2), 0.144 (2 on 1: 0.4 · 0.36), 0.36 (3 on 1).
        for (i, j, v) in [(0, 1, 0.324), (1, 0, 0.144), (2, 0, 0.36)] {
            #expect(abs(a3[i, j] - v) < 1e-12)
            #expect(a3.row(i).max() == a3[i, j])
        }
    }

    @Test func setolaIndicesRefuseWhatTheyCannotTake() {
        #expect(throws: ModelError.self) { try InterdependencyIndices(interdependency: Matrix([[0.5]])) }
        #expect(throws: ModelError.self) { try InterdependencyIndices(interdependency: Matrix([[0, 1], [1, 0]])) }
        #expect(throws: ModelError.self) { try InterdependencyIndices.nthOrder(Matrix([[0, 1], [1, 0]]), order: 0) }
    }
}
