import IOTables
import LinearAlgebra

/// Which linkages of the extracted sectors are cut (MODELS.md §3).
public enum ExtractionKind: String, CaseIterable, Sendable {
    /// Column j of A set to zero: the sector buys no domestic intermediate inputs. Demand-driven:
    /// x̄ = (I − Ā)⁻¹ f.
    case backward
    /// Row j of B set to zero: the sector sells no intermediate output. Supply-driven (Ghosh):
    /// x̄′ = v′ (I − B̄)⁻¹, with v the primary inputs (x − 1ᵀZ) of the table.
    case forward
    /// Row and column j of A set to zero: the sector neither buys nor sells intermediates.
    /// Demand-driven: x̄ = (I − Ā)⁻¹ f.
    case total
}

/// The hypothetical extraction method (Dietzenbacher, van der Linden & Steenge 1993; Miller &
/// Blair 2009, §12.2): how much output and value added the economy loses when the intermediate
/// linkages of a sector (or a set of sectors) are removed, the final demand (backward, total) or
/// primary inputs (forward) staying as they are.
///
/// Removing the linkages of k sectors changes I − A by a matrix of rank k (backward, forward) or
/// 2k (total), so every extraction is a Sherman–Morrison–Woodbury update of the model's one LU
/// (`LowRankUpdate`): no refactoring. `extractEach` does every sector with one multi-right-hand-side
/// solve per block of sectors: O(n³) in all, where refactoring per sector (as R's ioanalysis
/// does) costs O(n⁴).
///
/// `keepsOwnFlows` keeps the extracted sectors' purchases from each other (a_jj for one sector,
/// the block A_SS for a set); by default they are removed with the rest of the row or column.
public struct HypotheticalExtraction: Sendable {
    public let model: LeontiefModel
    /// f, total final demand per sector.
    public let finalDemand: [Double]
    /// x⁰ = L f: the demand-driven baseline (equals the table's output for a balanced table).
    public let baselineOutput: [Double]
    /// Value added per unit of output, v_j / x_j (nil when the table has no value added).
    public let valueAddedCoefficients: [Double]?
    /// Primary inputs per unit of output, c_j = v_j / x_j = 1 − Σ_i a_ij, and c_j = 0 where x_j = 0
    /// (the convention for zero output, docs/models.md); the Ghosh baseline is (I − A)⁻ᵀ c = 1
    /// wherever no zero-output sector sells.
    let primaryInputCoefficients: [Double]
    /// (I − A)⁻ᵀ c, the forward baseline relative to output (ones up to rounding).
    let forwardBase: [Double]

    /// - Parameters:
    ///   - finalDemand: f (n), held fixed by backward and total extraction.
    ///   - valueAdded: value added per sector (n), converted to coefficients v_j / x_j, or nil.
    public init(model: LeontiefModel, finalDemand: [Double], valueAdded: [Double]?) throws(ModelError) {
        let n = model.count
        guard finalDemand.count == n else {
            throw .invalidInput("final demand has \(finalDemand.count) entries for \(n) sectors")
        }
        if let valueAdded, valueAdded.count != n {
            throw .invalidInput("value added has \(valueAdded.count) entries for \(n) sectors")
        }
        self.model = model
        self.finalDemand = finalDemand
        self.baselineOutput = model.output(for: finalDemand)
        // L f and its total must be finite for the losses and their shares to mean anything (a
        // final demand near 1e308 overflows here while every cell of the table is finite).
        if let i = baselineOutput.firstIndex(where: { !$0.isFinite }) {
            throw .invalidInput("the demand-driven baseline L f overflows double precision at sector \(model.codes[i]); express the table in a larger unit (e.g. million instead of EUR)")
        }
        if !baselineOutput.reduce(0, +).isFinite {
            throw .invalidInput("the demand-driven baseline L f adds up beyond double precision (1.8e308); express the table in a larger unit (e.g. million instead of EUR)")
        }
        self.valueAddedCoefficients = valueAdded.map { IOMath.perUnitOfOutput($0, output: model.output) }
        // x_j = 0: column j of A is zero, so 1 − Σ_i a_ij would be 1; but B's row j is zero (the
        // sector allocates nothing), so its primary inputs per unit are 0 as every per-unit
        // quantity of a zero-output sector is. Then (I − A)⁻ᵀ c has y_j = 0, the sector's row of A
        // carries nothing into the forward model, and extracting it changes nothing, as in B.
        let columnSums = model.coefficients.columnSums()
        let x = model.output
        self.primaryInputCoefficients = columnSums.indices.map { x[$0] == 0 ? 0 : 1 - columnSums[$0] }
        self.forwardBase = model.factorization.solveTransposed(primaryInputCoefficients)
    }

    /// From a table: f = F·1 and the `gross_value_added` row.
    public init(model: LeontiefModel, table: IOTable) throws(ModelError) {
        try self.init(model: model, finalDemand: table.totalFinalDemand, valueAdded: table.grossValueAdded)
    }

    public var count: Int { model.count }

    /// The baseline output of an extraction kind: L f (backward, total) or the table's x (forward).
    public func baseline(for kind: ExtractionKind) -> [Double] {
        kind == .forward ? model.output : baselineOutput
    }

    /// Extracts the sectors `set` together.
    /// - Complexity: O(n² k) for k sectors, after the model's factorisation.
    public func extract(_ set: [Int], kind: ExtractionKind, keepsOwnFlows: Bool = false) throws(ModelError) -> ExtractionResult {
        let n = count
        guard !set.isEmpty else { throw .invalidInput("no sectors to extract") }
        guard set.allSatisfy({ (0..<n).contains($0) }), Set(set).count == set.count else {
            throw .invalidInput("the sectors to extract must be distinct indices in 0..<\(n)")
        }
        let (u, v) = updateFactors(set, kind: kind, keepsOwnFlows: keepsOwnFlows)
        let update: LowRankUpdate
        do {
            update = try LowRankUpdate(lu: model.factorization, u: u, v: v, transposed: kind == .forward)
        } catch {
            throw singular(set, kind)
        }
        let loss = lossVector(update, kind: kind)
        return ExtractionResult(kind: kind, keepsOwnFlows: keepsOwnFlows, extracted: set, codes: model.codes,
                                baselineOutput: baseline(for: kind), outputLoss: loss,
                                valueAddedCoefficients: valueAddedCoefficients)
    }

    /// Extracts every sector on its own, one after the other.
    ///
    /// The W = M⁻¹U columns of `blockSize` sectors come from one multi-right-hand-side solve on the
    /// model's LU (BLAS 3 inside DGETRS), then each sector needs O(n) more work.
    /// - Parameter keepsLossMatrix: also return the n × n matrix whose column j is the loss vector
    ///   of extracting sector j (8 n² bytes).
    /// - Complexity: O(n³) in all (n or 2n solves), O(n · blockSize) extra memory.
    public func extractEach(kind: ExtractionKind, keepsOwnFlows: Bool = false, blockSize: Int = 256,
                            keepsLossMatrix: Bool = false) throws(ModelError) -> ExtractionSweep {
        let n = count
        let p = kind == .total ? 2 : 1
        let base = baseline(for: kind)
        let totalBase = base.reduce(0, +)
        let vaBase = valueAddedCoefficients.map { zip($0, base).map(*).reduce(0, +) }
        var sweep = ExtractionSweep(kind: kind, keepsOwnFlows: keepsOwnFlows, codes: model.codes, baselineOutput: base)
        var matrix = keepsLossMatrix ? Matrix(rows: n, columns: n) : nil
        var start = 0
        while start < n {
            let block = Array(start..<min(n, start + max(1, blockSize)))
            var uBlock = Matrix(rows: n, columns: p * block.count)
            var vs: [Matrix] = []
            for (b, j) in block.enumerated() {
                let (u, v) = updateFactors([j], kind: kind, keepsOwnFlows: keepsOwnFlows)
                uBlock.storage.replaceSubrange((b * p * n)..<((b + 1) * p * n), with: u.storage)
                vs.append(v)
            }
            let wBlock = model.factorization.solve(uBlock, transposed: kind == .forward)
            for (b, j) in block.enumerated() {
                let w = Matrix(rows: n, columns: p, columnMajor: Array(wBlock.storage[(b * p * n)..<((b + 1) * p * n)]))
                let update: LowRankUpdate
                do { update = try LowRankUpdate(w: w, v: vs[b]) } catch { throw singular([j], kind) }
                let loss = lossVector(update, kind: kind)
                let total = loss.reduce(0, +)
                sweep.outputLoss.append(total)
                sweep.relativeOutputLoss.append(totalBase == 0 ? 0 : total / totalBase)
                sweep.ownOutputLoss.append(loss[j])
                sweep.ownRelativeOutputLoss.append(base[j] == 0 ? 0 : loss[j] / base[j])
                if let c = valueAddedCoefficients, let vaBase {
                    let va = zip(c, loss).map(*).reduce(0, +)
                    sweep.valueAddedLoss.append(va)
                    sweep.relativeValueAddedLoss.append(vaBase == 0 ? 0 : va / vaBase)
                }
                matrix?.setColumn(j, to: loss)
            }
            start += block.count
        }
        sweep.lossMatrix = matrix
        return sweep
    }

    /// The coefficient matrix after extraction, Ā, formed explicitly (for checks and small tables).
    /// - Complexity: O(n²).
    public func extractedCoefficients(_ set: [Int], kind: ExtractionKind, keepsOwnFlows: Bool = false) -> Matrix {
        var a = model.coefficients
        let inSet = Set(set)
        let n = count
        for s in set {
            for i in 0..<n where !(keepsOwnFlows && inSet.contains(i)) {
                if kind != .forward { a[i, s] = 0 }
                if kind != .backward { a[s, i] = 0 }
            }
        }
        return a
    }

    // MARK: - The low-rank factors

    /// U and V with I − Ā = (I − A) + U Vᵀ (backward, total) or (I − Ā)ᵀ = (I − A)ᵀ + U Vᵀ (forward).
    ///
    /// Backward: U = the removed part of A's columns S, V = E_S. Forward: U = the removed part of
    /// A's rows S, transposed, V = E_S. Total: U = [removed columns, E_S], V = [E_S, (rows S of A
    /// with columns S zeroed)ᵀ], so that U Vᵀ = D_cols E_Sᵀ + E_S R counts the block A_SS once.
    func updateFactors(_ set: [Int], kind: ExtractionKind, keepsOwnFlows: Bool) -> (u: Matrix, v: Matrix) {
        let n = count
        let k = set.count
        let a = model.coefficients
        let inSet = Set(set)
        var selector = Matrix(rows: n, columns: k)
        for (c, s) in set.enumerated() { selector[s, c] = 1 }
        switch kind {
        case .backward:
            var u = Matrix(rows: n, columns: k)
            for (c, s) in set.enumerated() { for i in 0..<n where !(keepsOwnFlows && inSet.contains(i)) { u[i, c] = a[i, s] } }
            return (u, selector)
        case .forward:
            var u = Matrix(rows: n, columns: k)
            for (c, s) in set.enumerated() { for j in 0..<n where !(keepsOwnFlows && inSet.contains(j)) { u[j, c] = a[s, j] } }
            return (u, selector)
        case .total:
            var u = Matrix(rows: n, columns: 2 * k)
            var v = Matrix(rows: n, columns: 2 * k)
            for (c, s) in set.enumerated() {
                for i in 0..<n where !(keepsOwnFlows && inSet.contains(i)) { u[i, c] = a[i, s] }
                u[s, k + c] = 1
                v[s, c] = 1
                for j in 0..<n where !inSet.contains(j) { v[j, k + c] = a[s, j] }
            }
            return (u, v)
        }
    }

    /// x⁰ − x̄ for an update: the correction itself (demand-driven) or x̂ times it (Ghosh).
    func lossVector(_ update: LowRankUpdate, kind: ExtractionKind) -> [Double] {
        switch kind {
        case .backward, .total:
            return update.correction(forBaseSolution: baselineOutput)
        case .forward:
            return zip(update.correction(forBaseSolution: forwardBase), model.output).map(*)
        }
    }

    func singular(_ set: [Int], _ kind: ExtractionKind) -> ModelError {
        .invalidInput("\(kind.rawValue) extraction of \(set.map { model.codes[$0] }.joined(separator: ", ")) leaves a singular system (I − Ā); the table is not productive after the extraction")
    }
}

/// The result of one extraction of a sector or a set: per-sector arrays in table order.
public struct ExtractionResult: Sendable {
    public let kind: ExtractionKind
    public let keepsOwnFlows: Bool
    /// Indices of the extracted sectors.
    public let extracted: [Int]
    public let codes: [String]
    /// x⁰ (L f, or the table's x for forward extraction).
    public let baselineOutput: [Double]
    /// x⁰ − x̄ per sector.
    public let outputLoss: [Double]
    /// v_j / x_j · (x⁰_j − x̄_j) per sector, when the table has value added.
    public let valueAddedLoss: [Double]?
    let valueAddedBaseline: Double?

    init(kind: ExtractionKind, keepsOwnFlows: Bool, extracted: [Int], codes: [String], baselineOutput: [Double],
         outputLoss: [Double], valueAddedCoefficients: [Double]?) {
        self.kind = kind
        self.keepsOwnFlows = keepsOwnFlows
        self.extracted = extracted
        self.codes = codes
        self.baselineOutput = baselineOutput
        self.outputLoss = outputLoss
        self.valueAddedLoss = valueAddedCoefficients.map { zip($0, outputLoss).map(*) }
        self.valueAddedBaseline = valueAddedCoefficients.map { zip($0, baselineOutput).map(*).reduce(0, +) }
    }

    /// x̄, the output after extraction.
    public var extractedOutput: [Double] { zip(baselineOutput, outputLoss).map(-) }
    /// (x⁰_i − x̄_i) / x⁰_i per sector (0 where x⁰_i = 0).
    public var relativeOutputLoss: [Double] { zip(outputLoss, baselineOutput).map { $1 == 0 ? 0 : $0 / $1 } }
    /// 1ᵀ(x⁰ − x̄).
    public var totalOutputLoss: Double { outputLoss.reduce(0, +) }
    /// 1ᵀ(x⁰ − x̄) / 1ᵀx⁰.
    public var totalRelativeOutputLoss: Double {
        let base = baselineOutput.reduce(0, +)
        return base == 0 ? 0 : totalOutputLoss / base
    }
    public var totalValueAddedLoss: Double? { valueAddedLoss?.reduce(0, +) }
    /// Value added lost over baseline value added (v x̂⁻¹ x⁰).
    public var totalRelativeValueAddedLoss: Double? {
        guard let loss = totalValueAddedLoss, let base = valueAddedBaseline else { return nil }
        return base == 0 ? 0 : loss / base
    }
}

/// Every sector extracted on its own: one entry per extracted sector, in table order.
public struct ExtractionSweep: Sendable {
    public let kind: ExtractionKind
    public let keepsOwnFlows: Bool
    public let codes: [String]
    public let baselineOutput: [Double]
    /// 1ᵀ(x⁰ − x̄⁽ʲ⁾): the economy's output loss when sector j is extracted.
    public internal(set) var outputLoss: [Double] = []
    /// outputLoss_j / 1ᵀx⁰.
    public internal(set) var relativeOutputLoss: [Double] = []
    /// The extracted sector's own loss x⁰_j − x̄⁽ʲ⁾_j.
    public internal(set) var ownOutputLoss: [Double] = []
    /// ownOutputLoss_j / x⁰_j.
    public internal(set) var ownRelativeOutputLoss: [Double] = []
    /// (v x̂⁻¹)(x⁰ − x̄⁽ʲ⁾); empty when the table has no value added.
    public internal(set) var valueAddedLoss: [Double] = []
    /// valueAddedLoss_j over baseline value added.
    public internal(set) var relativeValueAddedLoss: [Double] = []
    /// Column j = x⁰ − x̄⁽ʲ⁾, when requested.
    public internal(set) var lossMatrix: Matrix?

    init(kind: ExtractionKind, keepsOwnFlows: Bool, codes: [String], baselineOutput: [Double]) {
        self.kind = kind
        self.keepsOwnFlows = keepsOwnFlows
        self.codes = codes
        self.baselineOutput = baselineOutput
    }
}
