import IOTables
import LinearAlgebra

/// Which structure carries the perturbation through the economy (MODELS.md §4).
public enum InoperabilitySide: String, CaseIterable, Sendable {
    /// Demand side (Haimes & Jiang 2001; Santos & Haimes 2004): A* = x̂⁻¹ A x̂ (= B, numerically),
    /// perturbation c* = x̂⁻¹ (f̂ − f̃), the lost final demand per unit of output.
    case demand
    /// Supply side (Leung, Haimes & Santos 2007), from the Ghosh model x′ = x′B + v′:
    /// Aˢ* = x̂⁻¹ Bᵀ x̂ = Aᵀ, perturbation δ = x̂⁻¹ Δv, the lost primary inputs per unit of output.
    case supply
}

/// The static inoperability input–output model (IIM), q = A* q + c*, solved as
/// q = (I − A*)⁻¹ c* and then capped to [0, 1] (Haimes & Jiang 2001; Santos & Haimes 2004).
///
/// Inoperability q_i = (x̂_i − x̃_i) / x̂_i is the share of sector i's planned output that is lost.
/// The linear solution may exceed 1 for sectors that depend heavily on a perturbed one; those are
/// capped and reported (`cappedAtOne`). The economic loss is Σ x_i q_i with the capped q.
public enum InoperabilityModel {
    /// Solves q = A* q + c* for an explicit interdependency matrix A* (as published cases give it).
    ///
    /// - Parameters:
    ///   - interdependency: A* (n × n).
    ///   - perturbation: c* (n), each in [0, 1].
    ///   - output: x (n), for the economic loss Σ x_i q_i; nil to skip it.
    ///   - codes: sector codes for messages.
    /// - Throws: `ModelError.invalidInput` for a perturbation outside [0, 1] or not finite, a
    ///   shape mismatch, or a singular I − A*.
    /// - Complexity: O(n³) (one factorisation).
    public static func solve(interdependency aStar: Matrix, perturbation: [Double], output: [Double]? = nil,
                             codes: [String]? = nil, side: InoperabilitySide = .demand) throws(ModelError) -> InoperabilityResult {
        let n = aStar.rows
        let codes = codes ?? (0..<n).map { "sector \($0 + 1)" }
        guard aStar.isSquare, perturbation.count == n, codes.count == n, output.map({ $0.count == n }) ?? true else {
            throw .invalidInput("the IIM needs a square A* and one perturbation (and output) per sector: A* is \(aStar.rows) × \(aStar.columns), c* has \(perturbation.count) entries")
        }
        guard aStar.isFinite else { throw .invalidInput("A* has a non-finite entry") }
        try checkPerturbation(perturbation, codes: codes, name: side == .demand ? "demand perturbation c*" : "supply perturbation δ")
        let lu: LU
        do { lu = try LU(factoring: IOMath.leontiefMatrix(aStar)) } catch {
            throw .invalidInput("I − A* is singular (\(error)); the interdependency matrix must be productive (spectral radius < 1)")
        }
        return InoperabilityResult(side: side, codes: codes, unclipped: lu.solve(perturbation), output: output)
    }

    /// The demand- or supply-side IIM of a Leontief model, reusing its LU of I − A.
    ///
    /// Demand: q = (I − A*)⁻¹ c* = x̂⁻¹ L x̂ c*, one solve. Supply: q = (I − Aᵀ)⁻¹ δ = L ᵀ δ, one
    /// transposed solve. Zero-output sectors get q = 0 and must have zero perturbation.
    /// - Complexity: O(n²) after the model's factorisation.
    public static func solve(model: LeontiefModel, perturbation: [Double], side: InoperabilitySide) throws(ModelError) -> InoperabilityResult {
        let n = model.count
        guard perturbation.count == n else {
            throw .invalidInput("the perturbation has \(perturbation.count) entries for \(n) sectors")
        }
        let name = side == .demand ? "demand perturbation c*" : "supply perturbation δ"
        try checkPerturbation(perturbation, codes: model.codes, name: name)
        let x = model.output
        if let k = x.indices.first(where: { x[$0] == 0 && perturbation[$0] != 0 }) {
            throw .invalidInput("\(name): sector \(model.codes[k]) has zero output, so its inoperability is undefined; give it perturbation 0")
        }
        let q: [Double]
        switch side {
        case .demand:
            let y = model.factorization.solve(zip(x, perturbation).map(*))
            q = zip(y, x).map { $1 == 0 ? 0 : $0 / $1 }
        case .supply:
            q = model.factorization.solveTransposed(perturbation)
        }
        return InoperabilityResult(side: side, codes: model.codes, unclipped: q, output: x)
    }

    /// A* of a table, x̂⁻¹ A x̂ (demand) or Aᵀ (supply), formed explicitly (for the dynamic IIM).
    /// - Complexity: O(n²).
    public static func interdependencyMatrix(model: LeontiefModel, side: InoperabilitySide) -> Matrix {
        let a = model.coefficients
        switch side {
        case .demand:
            var s = a
            let x = model.output
            for j in 0..<a.columns { for i in 0..<a.rows { s[i, j] = x[i] == 0 ? 0 : a[i, j] * x[j] / x[i] } }
            return s
        case .supply:
            return a.transposed()
        }
    }

    /// Refuses perturbations outside [0, 1]: inoperability is a share of output.
    static func checkPerturbation(_ c: [Double], codes: [String], name: String) throws(ModelError) {
        if let k = c.indices.first(where: { !(c[$0] >= 0 && c[$0] <= 1) }) {
            throw .invalidInput("\(name) of sector \(codes[k]) is \(c[k]), outside [0, 1]; a perturbation is the share of the sector's output lost (0.1 = 10 %)")
        }
    }
}

/// The inoperability of every sector, capped to [0, 1], and the economic loss.
public struct InoperabilityResult: Sendable {
    public let side: InoperabilitySide
    public let codes: [String]
    /// (I − A*)⁻¹ c* before capping.
    public let unclipped: [Double]
    /// q, capped to [0, 1].
    public let inoperability: [Double]
    /// Sectors whose linear q exceeded 1 (set to 1).
    public let cappedAtOne: [Int]
    /// Sectors whose linear q fell below 0 (set to 0; only with negative entries in A*).
    public let clippedAtZero: [Int]
    /// x_i q_i per sector, when output was given.
    public let economicLoss: [Double]?

    init(side: InoperabilitySide, codes: [String], unclipped: [Double], output: [Double]?) {
        self.side = side
        self.codes = codes
        self.unclipped = unclipped
        let q = unclipped.map { min(1, max(0, $0)) }
        self.inoperability = q
        self.cappedAtOne = unclipped.indices.filter { unclipped[$0] > 1 }
        self.clippedAtZero = unclipped.indices.filter { unclipped[$0] < 0 }
        self.economicLoss = output.map { zip($0, q).map(*) }
    }

    /// Σ x_i q_i.
    public var totalEconomicLoss: Double? { economicLoss?.reduce(0, +) }
    /// Codes of the capped sectors.
    public var cappedCodes: [String] { cappedAtOne.map { codes[$0] } }
}
