import IOTables
import LinearAlgebra

/// Type II multipliers: the model closed for households (Miller & Blair 2009, §6.2–6.3).
///
/// Households become sector n + 1: they sell labour (h_r,j = compensation_j / x_j) and buy
/// consumption (h_c,i = household consumption of domestic product i / x_h, with household income
/// x_h = Σ_j compensation_j). The closed matrix is Ā = [[A, h_c], [h_rᵀ, 0]].
///
/// Rather than factor the (n + 1) × (n + 1) matrix, the block inverse of I − Ā is taken from the
/// existing LU of I − A: with the Schur complement s = 1 − h_rᵀ L h_c,
///
///     L̄_11 = L + (L h_c)(h_rᵀ L) / s,   so   w L̄_11 = w L + (w L h_c) / s · h_rᵀ L
///
/// for any row of weights w (ones for output, v x̂⁻¹ for value added, e x̂⁻¹ for employment).
/// s > 0 is the productivity of the closed model. Multipliers sum over the n producing sectors
/// (the household row is not counted as output).
public struct TypeIIMultipliers: Sendable {
    public let codes: [String]
    /// 1ᵀ L̄_11.
    public let output: [Double]
    /// (v x̂⁻¹) L̄_11 with v the gross value added (nil when the table has none).
    public let valueAdded: [Double]?
    /// (e x̂⁻¹) L̄_11 for each employment measure.
    public let employment: [(measure: String, values: [Double])]
    /// x_h = Σ_j compensation_j.
    public let householdIncome: Double
    /// s = 1 − h_rᵀ L h_c.
    public let schurComplement: Double

    /// Whether the table names a household-consumption category and a compensation row.
    public static func isAvailable(for table: IOTable) -> Bool {
        guard let h = table.metadata.householdConsumption, let c = table.metadata.compensation else { return false }
        return table.finalDemand.index(of: h) != nil && table.valueAdded.index(of: c) != nil
    }

    /// - Throws: `ModelError.invalidInput` when `household_consumption` or `compensation` is not set
    ///   in table.toml or names no column/row, when total compensation is not positive, or when the
    ///   closed model is not productive (s ≤ 0).
    /// - Complexity: O(n² (3 + e)) after the factorisation: transposed solves only.
    /// `typeI`: the Type I multipliers of the same model and table, when the caller has them.
    /// With gross value added in the table their rows w L are the ones needed here (the same
    /// solve of the same weights, so the same bits) and are not solved for again.
    public init(model: LeontiefModel, table: IOTable, typeI: Multipliers? = nil) throws(ModelError) {
        let n = model.count
        let x = model.output
        guard let hName = table.metadata.householdConsumption, let cName = table.metadata.compensation else {
            throw .invalidInput("Type II multipliers need household_consumption and compensation in table.toml of \(table.metadata.name)")
        }
        guard let hk = table.finalDemand.index(of: hName) else {
            throw .invalidInput("household_consumption = \"\(hName)\" names no column of final_demand.csv (\(table.finalDemand.labels.joined(separator: ", ")))")
        }
        guard let ck = table.valueAdded.index(of: cName) else {
            throw .invalidInput("compensation = \"\(cName)\" names no row of value_added.csv (\(table.valueAdded.labels.joined(separator: ", ")))")
        }
        let compensation = table.valueAdded.values.row(ck)
        let consumption = table.finalDemand.values.column(hk)
        let income = compensation.reduce(0, +)
        guard income > 0 else {
            throw .invalidInput("total compensation of employees (row \(cName)) is \(income); Type II multipliers need household income > 0")
        }
        let hr = IOMath.perUnitOfOutput(compensation, output: x)
        let hc = consumption.map { $0 / income }
        let lu = model.factorization
        let hrL = lu.solveTransposed(hr)
        let s = 1 - zip(hrL, hc).map(*).reduce(0, +)
        guard s > 1e-12 else {
            throw .invalidInput("the model closed for households is not productive (1 − h_rᵀ L h_c = \(s)): household consumption of domestic products is too large relative to compensation")
        }
        var weights: [[Double]] = [[Double](repeating: 1, count: n)]
        let gva = table.grossValueAdded
        if let gva { weights.append(IOMath.perUnitOfOutput(gva, output: x)) }
        let measures = table.employment?.labels ?? []
        for k in measures.indices { weights.append(IOMath.perUnitOfOutput(table.employment!.values.column(k), output: x)) }
        let wL: Matrix
        if let typeI, gva != nil, typeI.codes == model.codes, typeI.employment.map(\.measure) == measures {
            wL = Matrix(columns: [typeI.output, typeI.valueAdded] + typeI.employment.map(\.values), rows: n)
        } else {
            wL = model.rowVectorsTimesInverse(Matrix(columns: weights, rows: n))
        }
        func closed(_ column: Int) -> [Double] {
            let base = wL.column(column)
            let factor = zip(base, hc).map(*).reduce(0, +) / s
            return zip(base, hrL).map { $0 + factor * $1 }
        }
        codes = model.codes
        output = closed(0)
        valueAdded = gva == nil ? nil : closed(1)
        let offset = gva == nil ? 1 : 2
        employment = measures.enumerated().map { ($0.element, closed($0.offset + offset)) }
        householdIncome = income
        schurComplement = s
    }
}
