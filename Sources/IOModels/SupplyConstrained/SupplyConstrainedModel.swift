import IOTables
import LinearAlgebra

/// How scarce output is shared among customers (MODELS.md §5, step 4).
public enum RationingRule: String, Sendable, CaseIterable {
    /// Every customer, firm or household, receives the same share of what it asked for.
    case proportional
    /// Intermediate users are served first; final demand receives what is left.
    case firmsFirst = "firms-first"
}

/// What a shock leaves available, in the units of the baseline table.
public struct SupplyConstraints: Sendable {
    /// Productive capacity per sector, x_max = (1 − ε) ⊙ x⁰ (times any spare capacity).
    public var capacity: [Double]
    /// ρ_ij ∈ [0, 1]: the share of sector j's baseline purchases of input i from outside the
    /// table's domestic economy (imports, and the rest of the country for a region) still available.
    public var importAvailability: Matrix
    /// Final demand for each sector's product that customers would buy, f_max.
    public var finalDemand: [Double]

    public init(capacity: [Double], importAvailability: Matrix, finalDemand: [Double]) {
        self.capacity = capacity
        self.importAvailability = importAvailability
        self.finalDemand = finalDemand
    }

    /// No shock: baseline capacity, full availability, baseline final demand.
    public static func baseline(output: [Double], finalDemand: [Double]) -> SupplyConstraints {
        let n = output.count
        return SupplyConstraints(capacity: output, importAvailability: Matrix(rows: n, columns: n, repeating: 1), finalDemand: finalDemand)
    }
}

/// What constrains a sector at the solution.
public enum BindingConstraint: Sendable, Equatable, CustomStringConvertible {
    case none
    case capacity
    /// An imported (outside) input, by sector index.
    case importedInput(Int)
    /// A domestic input, by sector index.
    case domesticInput(Int)
    /// Less is demanded than before.
    case demand

    public var description: String {
        switch self {
        case .none: "none"
        case .capacity: "capacity"
        case let .importedInput(i): "imported input \(i)"
        case let .domesticInput(i): "domestic input \(i)"
        case .demand: "demand"
        }
    }
}

/// The solution of the supply-constrained model.
public struct SupplyConstrainedResult: Sendable {
    /// x, gross output at the fixed point.
    public var output: [Double]
    /// Final demand that is served, f.
    public var finalDemand: [Double]
    /// The import-bound output x⁰ ⊙ (input bound of outside inputs), before domestic propagation.
    public var importBound: [Double]
    /// For each sector below its baseline, the constraint that first cut it.
    public var binding: [BindingConstraint]
    public var iterations: Int
    /// max_i |f_i(k) − f_i(k−1)| / max(1, f⁰_i) at the last iteration.
    public var change: Double
    /// max_i (x − Ax − f)_i⁺ / ‖x⁰‖∞: output produced that nobody receives; zero at a true fixed point.
    public var residual: Double
    /// Σ_i (Ax + f − x)_i⁺: deliveries that users for whom the input is not critical go without
    /// (in the table's unit; zero under strict criticality).
    public var nonCriticalShortfall: Double
    public var converged: Bool
}

/// Supply-constrained propagation with input criticality and rationing (MODELS.md §5; after
/// Pichler & Farmer 2022, Economic Systems Research 34(3), "Simultaneous supply and demand
/// constraints in input–output networks").
///
/// Each iteration, on the Leontief LU:
/// 1. d = L f, the output needed for the current final demand;
/// 2. r_i = min(1, x_max,i / d_i), the share of demand for i that can be met (firms first:
///    min(1, x_max,i / (d_i − f_i)), the share of intermediate demand alone);
/// 3. s_j = the input bound of sector j over its domestic inputs r_i (criticality rule);
/// 4. x_j = min(s_j d_j, x_max,j), with x_max including the bound from outside inputs;
/// 5. f ← min(f, max(0, x − A x)) (firms first), and also ≤ f ⊙ x / d (proportional);
/// 6. x_max ← min(x_max, x): what a sector could not produce is not available to its customers,
///    so a stoppage propagates along chains of critical inputs, not only one step.
///
/// f and x_max never rise, so the iteration converges (it stops when neither changes by more
/// than the tolerance). Under strict criticality the limit satisfies x = Ax + f; under "ihs" or
/// "linear", users of a scarce input that does not bind them produce anyway and the shortfall of
/// their deliveries is reported. A zero shock returns the baseline in the first iteration.
/// - Complexity: O(n²) per iteration (one solve and one product), after the factorisation.
public struct SupplyConstrainedModel: Sendable {
    public let leontief: LeontiefModel
    /// Baseline purchases of each input from outside (imports and rest of country), n × n.
    public let outsideInputs: Matrix
    public let criticality: InputCriticality
    /// f⁰, the table's final demand per sector.
    public let baselineFinalDemand: [Double]

    /// - Parameters:
    ///   - outsideInputs: baseline purchases of each input from outside (imports plus, for a
    ///     region, the rest of the country), input × using sector; nil when the table has none.
    ///   - baselineFinalDemand: f⁰ = F·1 of the table.
    public init(leontief: LeontiefModel, outsideInputs: Matrix?, criticality: InputCriticality, baselineFinalDemand: [Double]) {
        let n = leontief.count
        self.leontief = leontief
        self.outsideInputs = outsideInputs ?? Matrix(rows: n, columns: n)
        self.criticality = criticality
        self.baselineFinalDemand = baselineFinalDemand
    }

    /// The output each sector can reach given its outside inputs: x⁰_j × bound_j(ρ_·j), or +∞
    /// when none of its binding outside inputs is short.
    public func importBound(_ constraints: SupplyConstraints) -> (bound: [Double], binding: [Int?]) {
        let n = leontief.count
        let x0 = leontief.output
        var bound = [Double](repeating: 0, count: n)
        var binding = [Int?](repeating: nil, count: n)
        for j in 0..<n {
            let (factor, which) = criticality.inputBound(
                sector: j, count: n,
                ratio: { constraints.importAvailability[$0, j] },
                coefficient: { outsideInputs[$0, j] })
            // Inputs that are not short set no bound (output above baseline, with spare capacity,
            // buys them from uncut supplies); a short input caps output at x⁰ × its availability.
            bound[j] = factor < 1 ? x0[j] * factor : .infinity
            binding[j] = factor < 1 ? which : nil
        }
        return (bound, binding)
    }

    public func solve(_ constraints: SupplyConstraints, rationing: RationingRule = .proportional,
                      tolerance: Double = 1e-10, maxIterations: Int = 1000) -> SupplyConstrainedResult {
        let n = leontief.count
        let a = leontief.coefficients
        let x0 = leontief.output
        let (importBound, importBinding) = importBound(constraints)
        var xMax = (0..<n).map { min(constraints.capacity[$0], importBound[$0]) }
        var f = constraints.finalDemand.map { max(0, $0) }
        let scale = constraints.finalDemand.map { max(1, abs($0)) }
        var x = [Double](repeating: 0, count: n)
        var d = [Double](repeating: 0, count: n)
        // The constraint that first pushed each sector below its baseline: the origin of its loss,
        // which the fixed point alone hides (there, reduced final demand is all that remains visible).
        var firstBinding = [BindingConstraint?](repeating: nil, count: n)
        var iterations = 0
        var change = Double.infinity
        // Work in deviations from the baseline, d = x⁰ + L (f − f⁰) and x − Ax = f⁰ + (I − A)(x − x⁰),
        // so that an unshocked economy reproduces x⁰ and f⁰ exactly, not merely to rounding.
        let f0 = baselineFinalDemand
        while iterations < maxIterations {
            iterations += 1
            let df = (0..<n).map { f[$0] - f0[$0] }
            let dx = df.allSatisfy { $0 == 0 } ? [Double](repeating: 0, count: n) : leontief.output(for: df)
            for i in 0..<n { d[i] = x0[i] + dx[i] }
            // The share of their orders that intermediate users receive: with proportional rationing
            // the same as everyone's, x_max / d; with firms first, what intermediate demand (A d)_i =
            // d_i − f_i alone leaves, so final demand absorbs a shortage before any firm does.
            let r = (0..<n).map { i -> Double in
                let demand = rationing == .firmsFirst ? d[i] - f[i] : d[i]
                return demand > 0 ? min(1, xMax[i] / demand) : 1
            }
            for j in 0..<n {
                let (s, which) = criticality.inputBound(sector: j, count: n, ratio: { r[$0] }, coefficient: { a[$0, j] })
                x[j] = max(0, min(s == 1 ? d[j] : s * d[j], xMax[j]))
                if firstBinding[j] == nil, x[j] < x0[j] * (1 - 1e-12) {
                    if x[j] == xMax[j], importBound[j] < constraints.capacity[j], let p = importBinding[j] { firstBinding[j] = .importedInput(p) }
                    else if x[j] == xMax[j], constraints.capacity[j] < x0[j] { firstBinding[j] = .capacity }
                    else if s < 1, let i = which { firstBinding[j] = .domesticInput(i) }
                    else { firstBinding[j] = .demand }
                }
            }
            // What a sector could not produce this round is not there for its customers next round:
            // without this, a sector stopped by a critical input would still "supply" its own customers.
            var capChange = 0.0
            for i in 0..<n where x[i] < xMax[i] {
                capChange = max(capChange, (xMax[i] - x[i]) / max(1, x0[i]))
                xMax[i] = x[i]
            }
            let deviation = (0..<n).map { x[$0] - x0[$0] }
            let aDeviation = deviation.allSatisfy { $0 == 0 } ? deviation : ((try? a.multiplied(by: deviation)) ?? deviation)
            change = capChange
            for i in 0..<n {
                let available = f0[i] + deviation[i] - aDeviation[i]
                var next = min(f[i], max(0, available))
                if rationing == .proportional, d[i] > 0, x[i] < d[i] { next = min(next, f[i] * x[i] / d[i]) }
                change = max(change, abs(next - f[i]) / scale[i])
                f[i] = next
            }
            if change <= tolerance { break }
        }
        let converged = change <= tolerance
        // Material balance x − Ax − f: a positive part is output nobody buys (must vanish at the fixed
        // point); a negative part is inputs that users receive less of than the Leontief recipe asks,
        // which happens only for inputs that do not bind them (criticality "ihs" or "linear").
        let ax = (try? a.multiplied(by: x)) ?? x
        let scaleX = x0.map(abs).max() ?? 1
        var residual = 0.0, shortfall = 0.0
        for i in 0..<n {
            let balance = x[i] - ax[i] - f[i]
            if balance > 0 { residual = max(residual, balance / scaleX) } else { shortfall -= balance }
        }
        let binding = (0..<n).map { x[$0] < x0[$0] * (1 - 1e-12) ? (firstBinding[$0] ?? .demand) : BindingConstraint.none }
        return SupplyConstrainedResult(output: x, finalDemand: f, importBound: importBound, binding: binding,
                                       iterations: iterations, change: change, residual: residual,
                                       nonCriticalShortfall: shortfall, converged: converged)
    }
}
