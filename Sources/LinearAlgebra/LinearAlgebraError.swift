/// Why a LAPACK or BLAS call could not give an answer.
///
/// LAPACK reports through `INFO`: a negative value is an illegal argument (a bug in the caller),
/// a positive value from a factorisation is an exactly zero pivot (a property of the data,
/// which callers translate into the sector concerned).
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `U(k, k)` is exactly zero: the matrix is singular. `pivot` is zero-based.
    case singular(pivot: Int)
    /// The routine rejected argument number `index` (1-based, as in the Fortran signature).
    case badArgument(routine: String, index: Int)
    /// Operand shapes do not fit together.
    case dimensionMismatch(String)
    /// An iterative routine did not converge.
    case noConvergence(routine: String, info: Int)
    /// The matrix holds an infinite or NaN entry (zero-based row and column), which the routine
    /// cannot take: a value overflowed before the call.
    case nonFinite(routine: String, row: Int, column: Int, value: Double)

    public var description: String {
        switch self {
        case let .singular(pivot):
            return "matrix is singular: pivot \(pivot + 1) is exactly zero"
        case let .badArgument(routine, index):
            return "\(routine) rejected argument \(index) (a bug in ioshock; please report it)"
        case let .dimensionMismatch(message):
            return "dimension mismatch: \(message)"
        case let .noConvergence(routine, info):
            return "\(routine) did not converge (info = \(info))"
        case let .nonFinite(routine, row, column, value):
            return "the matrix given to \(routine) has the entry \(value) at row \(row + 1), column \(column + 1): a value overflowed double precision before the call"
        }
    }
}

/// Funnels a LAPACK `INFO` value into a typed error.
@usableFromInline
func checkInfo(_ info: Int32, routine: String, positiveIsSingular: Bool = true) throws(LinearAlgebraError) {
    if info < 0 { throw .badArgument(routine: routine, index: Int(-info)) }
    if info > 0 {
        if positiveIsSingular { throw .singular(pivot: Int(info) - 1) }
        throw .noConvergence(routine: routine, info: Int(info))
    }
}
