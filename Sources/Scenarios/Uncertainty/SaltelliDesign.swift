import IOTables

/// The sample of a Sobol analysis (docs/scenarios.md, "Global sensitivity: Sobol indices"):
/// Saltelli (2002), "Making best use of model evaluations to compute sensitivity indices",
/// Computer Physics Communications 145(2); Saltelli et al. (2010), "Variance based sensitivity
/// analysis of model output", Computer Physics Communications 181(2).
///
/// Two independent N × k matrices A and B of inputs (N the base sample, k the parameters), and
/// for each parameter i the matrix A_B⁽ⁱ⁾: A with its column i taken from B. The model is
/// evaluated on every row of the k + 2 matrices, N·(k + 2) times. Evaluation e is row r = e mod N
/// of matrix m = ⌊e / N⌋: m = 0 is A, m = 1 is B, m = 2 + i is A_B⁽ⁱ⁾.
///
/// Row r of A draws k uniform numbers u ∈ (0, 1) from SplitMix64 seeded with
/// `UncertaintyPlan.drawSeed(seed, 2r)`, row r of B from `drawSeed(seed, 2r + 1)`, one per
/// parameter in file order, and maps each through its distribution's inverse CDF
/// (`Distribution.quantile`). So every evaluation depends only on (seed, e), whatever evaluates
/// it, and the rows of A and B do not depend on N (a larger N extends the sample).
public struct SaltelliDesign: Sendable {
    /// Which of the k + 2 matrices an evaluation belongs to.
    public enum Matrix: Sendable, Equatable {
        case a
        case b
        /// A with column i (0-based) from B.
        case ab(Int)
    }

    public let distributions: [Distribution]
    /// N, the rows of each matrix.
    public let baseSize: Int
    public let seed: UInt64

    public init(distributions: [Distribution], baseSize: Int, seed: UInt64) {
        self.distributions = distributions
        self.baseSize = baseSize
        self.seed = seed
    }

    public var parameterCount: Int { distributions.count }

    /// N·(k + 2), the model evaluations.
    public var evaluations: Int { Self.evaluations(baseSize: baseSize, parameters: parameterCount) ?? .max }

    /// N·(k + 2), or nil when it overflows.
    public static func evaluations(baseSize n: Int, parameters k: Int) -> Int? {
        let (e, overflow) = n.multipliedReportingOverflow(by: k + 2)
        return overflow ? nil : e
    }

    /// The matrix and row of evaluation e.
    public func position(of e: Int) -> (matrix: Matrix, row: Int) {
        let m = e / baseSize, r = e % baseSize
        switch m {
        case 0: return (.a, r)
        case 1: return (.b, r)
        default: return (.ab(m - 2), r)
        }
    }

    /// Row r of A (`fromB` false) or of B.
    public func row(_ r: Int, fromB: Bool) -> [Double] {
        var rng = SplitMix64(seed: UncertaintyPlan.drawSeed(seed, 2 * r + (fromB ? 1 : 0)))
        return distributions.map { $0.quantile(Distribution.unit(&rng)) }
    }

    /// The inputs of evaluation e.
    public func values(evaluation e: Int) -> [Double] {
        let (matrix, r) = position(of: e)
        switch matrix {
        case .a: return row(r, fromB: false)
        case .b: return row(r, fromB: true)
        case let .ab(i):
            var v = row(r, fromB: false)
            v[i] = row(r, fromB: true)[i]
            return v
        }
    }

    /// Every evaluation's inputs, `result[e]` = `values(evaluation: e)`, computing each row of A
    /// and B once.
    /// - Complexity: O(N·k) quantiles, O(N·k²) copies.
    public func allValues() -> [[Double]] {
        let a = (0..<baseSize).map { row($0, fromB: false) }
        let b = (0..<baseSize).map { row($0, fromB: true) }
        var out = a + b
        out.reserveCapacity(evaluations)
        for i in 0..<parameterCount {
            for r in 0..<baseSize {
                var v = a[r]
                v[i] = b[r][i]
                out.append(v)
            }
        }
        return out
    }
}
