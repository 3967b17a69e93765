import LinearAlgebra

/// What binds each sector at a solution of the supply-constrained model (docs/models.md, "Why
/// each sector fell").
///
/// Computed from the solution (x, f) and the model's inputs only, not from the iteration's history,
/// so that it holds for any fixed point of the model's equations:
/// - D_j = Σ_k a_jk x_k + f_max,j, the demand for j's output: its customers' purchases at their
///   actual output plus the final demand that would be bought;
/// - σ_j, the share of its baseline output that the supply side allows j: the bottleneck of its
///   capacity κ_j = x_max,j / x⁰_j, its outside inputs, 1 − w_pj (1 − ρ_pj), and its critical
///   domestic inputs, 1 − w_ij (1 − σ_i), computed from the shocks outwards (a Dijkstra search on
///   the bottleneck, so that each sector's σ comes from the input through which the shock reaches
///   it first: that input is its supply constraint, and following them leads back to a shock;
///   equal bounds, within 1e-12, go to the shorter path to a shock, then to the larger input
///   coefficient a_ij);
/// - a sector below its baseline is bound by demand when it produces what is demanded of it
///   (x_j = D_j within 1e-9 of x⁰_j: its customers buy less); when it produces less (D_j − x_j =
///   f_max,j − f_j > 0, its final users are rationed), by its supply constraint: its capacity,
///   an outside input, or the domestic input through which the shock reaches it. The level
///   reported is what that constraint allows: x⁰_j κ_j, x⁰_j (1 − w_pj (1 − ρ_pj)), or
///   D_j (1 − w_ij (1 − σ_i)) since domestic inputs are ordered in proportion to demand.
/// Under firms-first rationing a domestic input binds its users only once its final demand is
/// exhausted (f_i = 0), since intermediate users are served first.
/// - Complexity: O(n²).
public struct SupplyConstraintLevels: Sendable {
    /// D_j, the demand for each sector's output at the solution.
    public var demand: [Double]
    /// σ_i, the share of its baseline output the supply side allows each sector.
    public var supplyPotential: [Double]
    /// The constraint from which each sector's σ comes (`.none` when σ = 1).
    public var supplyConstraint: [BindingConstraint]
    /// The level the binding constraint allows, in the table's unit.
    public var bindingLevel: [Double]
    /// The binding constraint of each sector below its baseline (`.none` otherwise).
    public var binding: [BindingConstraint]
}

extension InputCriticality {
    /// w_ij, how strongly input i binds sector j given its coefficient: 1 for any positive input
    /// under strict criticality, the survey weight under "ihs", 0 under linear.
    public func weight(input i: Int, user j: Int, coefficient: Double) -> Double {
        guard coefficient > 0 else { return 0 }
        switch self {
        case .strict: return 1
        case let .weights(w): return w[i, j]
        case .linear: return 0
        }
    }

    /// The same rule with the entries `relaxed` (input, user) set to 0 (they no longer bind).
    public func relaxing(_ relaxed: [(input: Int, user: Int)], count n: Int) -> InputCriticality {
        var w: Matrix
        switch self {
        case .linear: return .linear
        case .strict: w = Matrix(rows: n, columns: n, repeating: 1)
        case let .weights(m): w = m
        }
        for e in relaxed { w[e.input, e.user] = 0 }
        return .weights(w)
    }
}

extension SupplyConstrainedModel {
    /// The same model with other input criticality, on the same Leontief factorisation.
    public func with(criticality: InputCriticality) -> SupplyConstrainedModel {
        SupplyConstrainedModel(leontief: leontief, outsideInputs: outsideInputs, criticality: criticality, baselineFinalDemand: baselineFinalDemand)
    }

    /// The binding constraint of every sector at a solution x, f of `constraints` (see `SupplyConstraintLevels`).
    public func constraintLevels(output x: [Double], finalDemand f: [Double], constraints: SupplyConstraints,
                                 rationing: RationingRule) -> SupplyConstraintLevels {
        let n = leontief.count
        let x0 = leontief.output
        let a = leontief.coefficients
        let fMax = constraints.finalDemand.map { max(0, $0) }
        let ax = (try? a.multiplied(by: x)) ?? x
        let demand = (0..<n).map { ax[$0] + fMax[$0] }
        // Roots: capacity and outside inputs.
        var sigma = [Double](repeating: 1, count: n)
        var source = [BindingConstraint](repeating: .none, count: n)
        for j in 0..<n where x0[j] > 0 {
            let kappa = constraints.capacity[j] / x0[j]
            if kappa < 1 { sigma[j] = kappa; source[j] = .capacity }
            for p in 0..<n {
                let rho = constraints.importAvailability[p, j]
                guard rho < 1 else { continue }
                let w = criticality.weight(input: p, user: j, coefficient: outsideInputs[p, j])
                let bound = 1 - w * (1 - rho)
                if bound < sigma[j] - 1e-12 { sigma[j] = bound; source[j] = .importedInput(p) }
            }
        }
        // Bottleneck search outwards along critical domestic inputs, lowest σ first. Equal bounds
        // (within rounding) go to the shorter path to a shock, then to the larger input coefficient.
        let tolerance = 1e-12
        var depth = [Int](repeating: 0, count: n)
        var settled = [Bool](repeating: false, count: n)
        for _ in 0..<n {
            var next = -1
            for j in 0..<n where !settled[j] {
                if next < 0 || sigma[j] < sigma[next] - tolerance || (abs(sigma[j] - sigma[next]) <= tolerance && depth[j] < depth[next]) { next = j }
            }
            guard next >= 0, sigma[next] < 1 - tolerance else { break }
            settled[next] = true
            let i = next
            if rationing == .firmsFirst, f[i] > 0 { continue }
            for u in 0..<n where !settled[u] {
                let w = criticality.weight(input: i, user: u, coefficient: a[i, u])
                guard w > 0 else { continue }
                let bound = 1 - w * (1 - sigma[i])
                var better = bound < sigma[u] - tolerance
                if !better, abs(bound - sigma[u]) <= tolerance, case let .domesticInput(current) = source[u] {
                    better = depth[i] + 1 < depth[current] + 1 || (depth[i] == depth[current] && a[i, u] > a[current, u])
                }
                if better { sigma[u] = min(sigma[u], bound); source[u] = .domesticInput(i); depth[u] = depth[i] + 1 }
            }
        }
        var binding = [BindingConstraint](repeating: .none, count: n)
        var level = demand
        for j in 0..<n {
            // Below its demand (D_j − x_j = f_max,j − f_j, final users rationed): held by the supply side.
            let rationed = x[j] < demand[j] - 1e-9 * max(1, abs(x0[j]))
            let bound: BindingConstraint = rationed && source[j] != .none ? source[j] : .demand
            switch bound {
            case .capacity: level[j] = constraints.capacity[j]
            case .importedInput: level[j] = x0[j] * sigma[j]
            case let .domesticInput(i): level[j] = demand[j] * (1 - criticality.weight(input: i, user: j, coefficient: a[i, j]) * (1 - sigma[i]))
            case .none, .demand: break
            }
            if x0[j] > 0, x[j] < x0[j] * (1 - 1e-12) { binding[j] = bound }
        }
        return SupplyConstraintLevels(demand: demand, supplyPotential: sigma, supplyConstraint: source, bindingLevel: level, binding: binding)
    }
}
