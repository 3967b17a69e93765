import IOTables
import LinearAlgebra

/// The mixed exogenous/endogenous model (Miller & Blair 2009, §13.1): the outputs of some sectors
/// (X) are fixed — a shocked sector held at 60 % of its baseline, say — and the final demand of
/// the others (N) is given. Partitioning x = A x + f:
///
///     (I − A_NN) x_N = f_N + A_NX x_X          (solved for the endogenous outputs)
///     f_X = x_X − A_XN x_N − A_XX x_X          (the final demand the fixed outputs leave over)
///
/// A negative implied f_X means the fixed output falls short of what the rest of the economy needs
/// from that sector as input; it is reported, not hidden (`shortfall`).
public enum MixedModel {
    /// Solves the mixed model.
    ///
    /// - Parameters:
    ///   - finalDemand: f (n); only its endogenous entries are used.
    ///   - fixedOutputs: x_X by sector index, each finite and ≥ 0.
    /// - Throws: `ModelError.invalidInput` when every sector is exogenous, none is, an index is out
    ///   of range, or an output is negative; `.singular` when I − A_NN is.
    /// - Complexity: O(|N|³) for the factorisation of I − A_NN.
    public static func solve(model: LeontiefModel, finalDemand f: [Double], fixedOutputs: [Int: Double]) throws(ModelError) -> MixedModelResult {
        let n = model.count
        let codes = model.codes
        guard f.count == n else { throw .invalidInput("final demand has \(f.count) entries for \(n) sectors") }
        guard !fixedOutputs.isEmpty else {
            throw .invalidInput("the mixed model needs at least one sector with a fixed (exogenous) output; with none it is the Leontief model")
        }
        guard fixedOutputs.count < n else {
            throw .invalidInput("every sector (\(n) of \(n)) has a fixed output, so nothing is left to solve; leave at least one sector endogenous")
        }
        for (k, value) in fixedOutputs {
            guard (0..<n).contains(k) else { throw .invalidInput("sector index \(k) is outside 0..<\(n)") }
            guard value.isFinite, value >= 0 else {
                throw .invalidInput("the fixed output of sector \(codes[k]) is \(value); give a finite output ≥ 0")
            }
        }
        let exogenous = fixedOutputs.keys.sorted()
        let isExogenous = Set(exogenous)
        let endogenous = (0..<n).filter { !isExogenous.contains($0) }
        let a = model.coefficients
        let m = endogenous.count
        var system = Matrix(rows: m, columns: m)
        var rhs = [Double](repeating: 0, count: m)
        for (c, j) in endogenous.enumerated() {
            for (r, i) in endogenous.enumerated() { system[r, c] = (i == j ? 1 : 0) - a[i, j] }
        }
        for (r, i) in endogenous.enumerated() {
            var s = f[i]
            for k in exogenous { s += a[i, k] * fixedOutputs[k]! }
            rhs[r] = s
        }
        let xN: [Double]
        do { xN = try LU(factoring: system).solve(rhs) } catch {
            if case let .singular(pivot) = error { throw .singular(table: model.tableName, sector: codes[endogenous[pivot]]) }
            throw .invalidInput("cannot factor I − A_NN: \(error)")
        }
        var x = [Double](repeating: 0, count: n)
        for (r, i) in endogenous.enumerated() { x[i] = xN[r] }
        for k in exogenous { x[k] = fixedOutputs[k]! }
        var demand = f
        for k in exogenous {
            var s = x[k]
            for j in 0..<n { s -= a[k, j] * x[j] }
            demand[k] = s
        }
        return MixedModelResult(codes: codes, exogenous: exogenous, output: x, finalDemand: demand,
                                baselineOutput: model.output, baselineFinalDemand: f)
    }

    /// Fixes sectors' outputs at shares of their baseline output (0.6 = 60 %), by code.
    /// - Throws: as `solve`, and for unknown codes (with a "did you mean") or negative shares.
    public static func solve(model: LeontiefModel, finalDemand f: [Double], outputShares: [(code: String, share: Double)]) throws(ModelError) -> MixedModelResult {
        let indices = try SectorSelection.indices(of: outputShares.map(\.code), in: model.codes, context: "mixed model exogenous sectors")
        var fixed: [Int: Double] = [:]
        for (k, entry) in zip(indices, outputShares) {
            guard entry.share.isFinite, entry.share >= 0 else {
                throw .invalidInput("the output share of sector \(entry.code) is \(entry.share); give a share ≥ 0 (0.6 = 60 % of baseline)")
            }
            fixed[k] = entry.share * model.output[k]
        }
        return try solve(model: model, finalDemand: f, fixedOutputs: fixed)
    }
}

/// The solution of a mixed model, per sector in table order.
public struct MixedModelResult: Sendable {
    public let codes: [String]
    /// Indices of the sectors with fixed output, ascending.
    public let exogenous: [Int]
    /// x: fixed for X, solved for N.
    public let output: [Double]
    /// f: given for N, implied for X.
    public let finalDemand: [Double]
    public let baselineOutput: [Double]
    public let baselineFinalDemand: [Double]

    /// x − x⁰.
    public var outputChange: [Double] { zip(output, baselineOutput).map(-) }
    /// f − f⁰ (zero for the endogenous sectors).
    public var finalDemandChange: [Double] { zip(finalDemand, baselineFinalDemand).map(-) }
    /// Exogenous sectors whose implied final demand is negative: the fixed output does not even
    /// cover the other sectors' intermediate demand.
    public var shortfall: [Int] { exogenous.filter { finalDemand[$0] < 0 } }
}
