/// A dense real matrix stored column-major, the layout LAPACK and BLAS expect.
///
/// Element (i, j) lives at `storage[i + j * rows]`. Indices are zero-based.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Column-major elements; `storage.count == rows * columns`.
    public var storage: [Double]

    /// A `rows × columns` matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix whose column-major elements `body` writes, without first filling them with zeros
    /// (for n × n results computed element by element: one pass over the memory instead of two).
    /// `body` must write every element of the buffer it is given.
    public init(rows: Int, columns: Int, initializingWith body: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = try [Double](unsafeUninitializedCapacity: rows * columns) { buffer, count in
            LargeMemory.adviseHugePages(UnsafeMutableRawPointer(buffer.baseAddress), byteCount: buffer.count * MemoryLayout<Double>.stride)
            try body(buffer)
            count = rows * columns
        }
    }

    /// A matrix from column-major elements.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) {
        precondition(storage.count == rows * columns, "storage holds \(storage.count) elements, expected \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from its rows, as written on paper: `Matrix([[1, 2], [3, 4]])`.
    public init(_ rowsOfElements: [[Double]]) {
        let m = rowsOfElements.count
        let n = rowsOfElements.first?.count ?? 0
        precondition(rowsOfElements.allSatisfy { $0.count == n }, "all rows must have the same length")
        self.init(rows: m, columns: n)
        for i in 0..<m { for j in 0..<n { self[i, j] = rowsOfElements[i][j] } }
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// A diagonal matrix x̂ from a vector x.
    public static func diagonal(_ x: [Double]) -> Matrix {
        var m = Matrix(rows: x.count, columns: x.count)
        for i in x.indices { m[i, i] = x[i] }
        return m
    }

    /// A matrix whose columns are the given vectors.
    public init(columns vectors: [[Double]], rows: Int) {
        precondition(vectors.allSatisfy { $0.count == rows }, "every column must have \(rows) elements")
        self.init(rows: rows, columns: vectors.count, columnMajor: vectors.flatMap { $0 })
    }

    public var isSquare: Bool { rows == columns }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i + j * rows] }
        set { storage[i + j * rows] = newValue }
    }

    /// Column j as a vector.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Row i as a vector.
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { self[i, $0] }
    }

    /// Replaces column j.
    public mutating func setColumn(_ j: Int, to values: [Double]) {
        precondition(values.count == rows)
        storage.replaceSubrange((j * rows)..<((j + 1) * rows), with: values)
    }

    /// Rows as arrays, for printing and serialisation.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// Aᵀ.
    public func transposed() -> Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns { for i in 0..<rows { t.storage[j + i * columns] = storage[i + j * rows] } }
        return t
    }

    /// A·1: the sum of each row.
    public func rowSums() -> [Double] {
        var s = [Double](repeating: 0, count: rows)
        for j in 0..<columns { for i in 0..<rows { s[i] += storage[i + j * rows] } }
        return s
    }

    /// 1ᵀA: the sum of each column.
    public func columnSums() -> [Double] {
        (0..<columns).map { j in
            var s = 0.0
            for i in 0..<rows { s += storage[i + j * rows] }
            return s
        }
    }

    /// The largest absolute element, 0 for an empty matrix.
    public func maxAbs() -> Double { storage.reduce(0) { max($0, abs($1)) } }

    /// True when every element is finite.
    public var isFinite: Bool { storage.allSatisfy(\.isFinite) }

    /// Element-wise sum.
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shapes differ")
        var r = lhs
        for k in r.storage.indices { r.storage[k] += rhs.storage[k] }
        return r
    }

    /// Element-wise difference.
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shapes differ")
        var r = lhs
        for k in r.storage.indices { r.storage[k] -= rhs.storage[k] }
        return r
    }

    /// The matrix scaled by a scalar.
    public static func * (lhs: Double, rhs: Matrix) -> Matrix {
        var r = rhs
        for k in r.storage.indices { r.storage[k] *= lhs }
        return r
    }
}
