import IOTables
import LinearAlgebra

/// Why a model refuses to give an answer for a table or scenario.
public enum ModelError: Error, Sendable, CustomStringConvertible {
    /// ρ(A) ≥ 1 (or the M-matrix test failed): the Leontief inverse would not be non-negative.
    case notProductive(table: String, detail: String)
    /// I − A is singular at the pivot of this sector.
    case singular(table: String, sector: String)
    /// Inputs do not fit the model (wrong length, unknown sector…).
    case invalidInput(String)
    /// An iteration did not converge within its budget.
    case noConvergence(model: String, iterations: Int, residual: Double, tolerance: Double)

    public var description: String {
        switch self {
        case let .notProductive(table, detail):
            return "the table \(table) is not productive: \(detail). A productive table has spectral radius ρ(A) < 1 (Hawkins–Simon); check the units of Z and output, and that Z holds domestic flows only"
        case let .singular(table, sector):
            return "I − A of the table \(table) is singular at sector \(sector): the Leontief model has no unique solution; check that sector's row and column"
        case let .invalidInput(message):
            return message
        case let .noConvergence(model, iterations, residual, tolerance):
            return "the \(model) model did not converge: after \(iterations) iterations the change is \(residual), above the tolerance \(tolerance); raise max_iterations or set allow_nonconvergence = true to accept the last iterate"
        }
    }
}
