import IOTables
import LinearAlgebra
import TestSupport

/// Reading numbers out of the shared validation TOML files.
enum ValidationFiles {
    static func number(_ node: TOMLNode?) -> Double? {
        switch node?.value {
        case let .integer(v): Double(v)
        case let .float(v): v
        default: nil
        }
    }

    static func numbers(_ node: TOMLNode?) -> [Double]? {
        guard case let .array(items) = node?.value else { return nil }
        let values = items.compactMap { number($0) }
        return values.count == items.count ? values : nil
    }

    static func matrix(_ node: TOMLNode?) -> Matrix? {
        guard case let .array(rows) = node?.value else { return nil }
        let parsed = rows.compactMap { numbers($0) }
        guard parsed.count == rows.count else { return nil }
        return Matrix(parsed)
    }

    static func document(_ relative: String) throws -> TOMLDocument {
        try TOMLDocument(path: Fixtures.sharedPath(relative))
    }
}
