import IOTables
import LinearAlgebra

/// Type I multipliers of a table (MODELS.md §1; Miller & Blair 2009, §6.2).
public struct Multipliers: Sendable {
    public let codes: [String]
    /// m_o = 1ᵀL: output in all sectors per unit of final demand for sector j.
    public let output: [Double]
    /// (v x̂⁻¹) L: gross value added per unit of final demand.
    public let valueAdded: [Double]
    /// (e x̂⁻¹) L for each employment measure, by measure name.
    public let employment: [(measure: String, values: [Double])]

    /// All multipliers with one multi-right-hand-side transposed solve on the model's LU.
    /// - Complexity: O(n² (2 + e)) after the factorisation.
    public init(model: LeontiefModel, table: IOTable) {
        let n = model.count
        let x = model.output
        var rows: [[Double]] = [[Double](repeating: 1, count: n)]
        rows.append(IOMath.perUnitOfOutput(table.grossValueAdded ?? [Double](repeating: 0, count: n), output: x))
        let measures = table.employment?.labels ?? []
        for (k, _) in measures.enumerated() {
            rows.append(IOMath.perUnitOfOutput(table.employment!.values.column(k), output: x))
        }
        let mu = model.rowVectorsTimesInverse(Matrix(columns: rows, rows: n))
        codes = model.codes
        output = mu.column(0)
        valueAdded = mu.column(1)
        employment = measures.enumerated().map { ($0.element, mu.column($0.offset + 2)) }
    }
}
