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

/// Supply-constrained propagation with input criticality and rationing, the τ-free rule
/// (MODELS.md §5; after
/// Pichler & Farmer 2022, Economic Systems Research 34(3), "Simultaneous supply and demand
/// constraints in input–output networks").
///
/// Each iteration, on the Leontief LU:
/// 1. d = L f, the output needed for the current final demand;
/// 2. r_i = min(1, x_max,i / d_i), the share of demand for i that can be met (firms first:
///    min(1, x_max,i / (d_i − f_i)), the share of intermediate demand alone);
/// 3. s_j = the input bound of sector j over its domestic inputs r_i (criticality rule);
/// 4. x_j = min(s_j d_j, x_max,j), with x_max including the bound from outside inputs;
/// 5. f ← min(f, max(0, x − A x)) (firms first), and also ≤ f ⊙ x / d (proportional).
///
/// f never rises, so the iteration converges (it stops when f changes by less than the
/// tolerance). This is `static_rule = "pichler-farmer"`; the default static rule is the long run
/// of the dynamic model (`DynamicModel.longRun`). An earlier x_max ← min(x_max, x) step (output
/// caps that only fall) was dropped: it left trade and transport below the shocked sector itself
/// and is in neither paper (docs/models.md). Under strict criticality the limit satisfies x = Ax + f; under "ihs" or
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
        // Only inputs available below 1 to some user can bound anyone (`InputCriticality.inputBound(sector:short:…)`).
        let availability = constraints.importAvailability
        var isShort = [Bool](repeating: false, count: n)
        for j in 0..<n { for i in 0..<n where availability[i, j] < 1 { isShort[i] = true } }
        let short = (0..<n).filter { isShort[$0] }
        for j in 0..<n {
            let (factor, which) = criticality.inputBound(
                sector: j, short: short,
                ratio: { constraints.importAvailability[$0, j] },
                coefficient: { outsideInputs[$0, j] })
            // Inputs that are not short set no bound (output above baseline, with spare capacity,
            // buys them from uncut supplies); a short input caps output at x⁰ × its availability.
            bound[j] = factor < 1 ? x0[j] * factor : .infinity
            binding[j] = factor < 1 ? which : nil
        }
        return (bound, binding)
    }

    /// Solves one scenario's constraints; see `solve(batch:rationing:tolerance:maxIterations:)`.
    public func solve(_ constraints: SupplyConstraints, rationing: RationingRule = .proportional,
                      tolerance: Double = 1e-10, maxIterations: Int = 1000) -> SupplyConstrainedResult {
        solve(batch: [constraints], rationing: rationing, tolerance: tolerance, maxIterations: maxIterations)[0]
    }

    /// Solves many scenarios on the one LU in lockstep: each round, the demand changes L Δf of every
    /// scenario still iterating are one multi-right-hand-side solve (DGETRS, BLAS-3) and their
    /// intermediate use A Δx one product (DGEMM). Each scenario's iterates are those of a solve on
    /// its own, up to rounding (the columns of a multi-RHS solve are independent; BLAS-3 kernels
    /// may order their sums differently).
    /// - Complexity: O(n² k) per round for k scenarios still iterating.
    public func solve(batch: [SupplyConstraints], rationing: RationingRule = .proportional,
                      tolerance: Double = 1e-10, maxIterations: Int = 1000) -> [SupplyConstrainedResult] {
        let n = leontief.count
        var states = batch.map { FixedPoint(model: self, constraints: $0) }
        var active = Array(states.indices)
        while !active.isEmpty {
            // 1. d = x⁰ + L (f − f⁰) for every active scenario; scenarios whose f is still f⁰ need no solve.
            let moved = active.filter { states[$0].finalDemandMoved }
            var dx = Matrix(rows: n, columns: moved.count)
            for (k, s) in moved.enumerated() {
                for i in 0..<n { dx[i, k] = states[s].f[i] - baselineFinalDemand[i] }
            }
            if !moved.isEmpty { dx = leontief.factorization.solve(dx) }
            var column: [Int: Int] = [:]
            for (k, s) in moved.enumerated() { column[s] = k }
            // 2–4 per scenario; collect the output deviations.
            var deviation = Matrix(rows: n, columns: active.count)
            for (k, s) in active.enumerated() {
                let change = column[s].map { c in Array(dx.storage[(c * n)..<((c + 1) * n)]) }
                states[s].produce(demandChange: change, rationing: rationing)
                deviation.setColumn(k, to: states[s].outputDeviation)
            }
            // 5. A (x − x⁰) for all at once, then the final demand each can serve.
            let anyMoved = deviation.storage.contains { $0 != 0 }
            let aDeviation = anyMoved ? ((try? leontief.coefficients.multiplied(by: deviation)) ?? deviation) : deviation
            for (k, s) in active.enumerated() {
                states[s].serveFinalDemand(aDeviation: Array(aDeviation.storage[(k * n)..<((k + 1) * n)]), rationing: rationing)
            }
            active = active.filter { states[$0].change > tolerance && states[$0].iterations < maxIterations }
        }
        return states.map { $0.result(tolerance: tolerance) }
    }

    /// One scenario's state in the fixed-point iteration (MODELS.md §5), advanced one round at a time.
    ///
    /// Works in deviations from the baseline, d = x⁰ + L (f − f⁰) and x − Ax = f⁰ + (I − A)(x − x⁰),
    /// so that an unshocked economy reproduces x⁰ and f⁰ exactly, not merely to rounding.
    struct FixedPoint {
        let model: SupplyConstrainedModel
        let constraints: SupplyConstraints
        let importBound: [Double]
        let importBinding: [Int?]
        let scale: [Double]
        var xMax: [Double]
        var f: [Double]
        var x: [Double]
        var d: [Double]
        /// The constraint that first pushed each sector below its baseline: the origin of its loss,
        /// which the fixed point alone hides (there, reduced final demand is all that remains visible).
        var firstBinding: [BindingConstraint?]
        var iterations = 0
        var change = Double.infinity

        init(model: SupplyConstrainedModel, constraints: SupplyConstraints) {
            let n = model.leontief.count
            self.model = model
            self.constraints = constraints
            let (bound, binding) = model.importBound(constraints)
            importBound = bound
            importBinding = binding
            xMax = (0..<n).map { min(constraints.capacity[$0], bound[$0]) }
            f = constraints.finalDemand.map { max(0, $0) }
            scale = constraints.finalDemand.map { max(1, abs($0)) }
            x = [Double](repeating: 0, count: n)
            d = [Double](repeating: 0, count: n)
            firstBinding = [BindingConstraint?](repeating: nil, count: n)
        }

        var finalDemandMoved: Bool { zip(f, model.baselineFinalDemand).contains { $0 != $1 } }
        var outputDeviation: [Double] { zip(x, model.leontief.output).map { $0 - $1 } }

        /// Steps 1–4, given L (f − f⁰) (nil when f = f⁰).
        mutating func produce(demandChange dx: [Double]?, rationing: RationingRule) {
            iterations += 1
            let n = x.count
            let x0 = model.leontief.output
            let a = model.leontief.coefficients
            for i in 0..<n { d[i] = x0[i] + (dx?[i] ?? 0) }
            // The share of their orders that intermediate users receive: with proportional rationing
            // the same as everyone's, x_max / d; with firms first, what intermediate demand (A d)_i =
            // d_i − f_i alone leaves, so final demand absorbs a shortage before any firm does.
            let r = (0..<n).map { i -> Double in
                let demand = rationing == .firmsFirst ? d[i] - f[i] : d[i]
                return demand > 0 ? min(1, xMax[i] / demand) : 1
            }
            // Only inputs rationed below 1 can bound a user (`InputCriticality.inputBound(sector:short:…)`).
            let short = (0..<n).filter { r[$0] < 1 }
            for j in 0..<n {
                let (s, which) = model.criticality.inputBound(sector: j, short: short, ratio: { r[$0] }, coefficient: { a[$0, j] })
                x[j] = max(0, min(s == 1 ? d[j] : s * d[j], xMax[j]))
                if firstBinding[j] == nil, x[j] < x0[j] * (1 - 1e-12) {
                    if x[j] == xMax[j], importBound[j] < constraints.capacity[j], let p = importBinding[j] { firstBinding[j] = .importedInput(p) }
                    else if x[j] == xMax[j], constraints.capacity[j] < x0[j] { firstBinding[j] = .capacity }
                    else if s < 1, let i = which { firstBinding[j] = .domesticInput(i) }
                    else { firstBinding[j] = .demand }
                }
            }
        }

        /// Step 5, given A (x − x⁰): the final demand that can be served.
        mutating func serveFinalDemand(aDeviation: [Double], rationing: RationingRule) {
            let x0 = model.leontief.output
            let f0 = model.baselineFinalDemand
            change = 0
            for i in 0..<x.count {
                let available = f0[i] + (x[i] - x0[i]) - aDeviation[i]
                var next = min(f[i], max(0, available))
                if rationing == .proportional, d[i] > 0, x[i] < d[i] { next = min(next, f[i] * x[i] / d[i]) }
                change = max(change, abs(next - f[i]) / scale[i])
                f[i] = next
            }
        }

        /// The solution, with its material balance x − Ax − f: a positive part is output nobody
        /// buys (it must vanish at the fixed point); a negative part is inputs that users receive
        /// less of than the Leontief recipe asks, which happens only for inputs that do not bind
        /// them (criticality "ihs" or "linear").
        func result(tolerance: Double) -> SupplyConstrainedResult {
            let n = x.count
            let x0 = model.leontief.output
            let ax = (try? model.leontief.coefficients.multiplied(by: x)) ?? x
            let scaleX = x0.map(abs).max() ?? 1
            var residual = 0.0, shortfall = 0.0
            for i in 0..<n {
                let balance = x[i] - ax[i] - f[i]
                if balance > 0 { residual = max(residual, balance / scaleX) } else { shortfall -= balance }
            }
            let binding = (0..<n).map { x[$0] < x0[$0] * (1 - 1e-12) ? (firstBinding[$0] ?? .demand) : BindingConstraint.none }
            return SupplyConstrainedResult(output: x, finalDemand: f, importBound: importBound, binding: binding,
                                           iterations: iterations, change: change, residual: residual,
                                           nonCriticalShortfall: shortfall, converged: change <= tolerance)
        }
    }
}
