import Foundation
import IOTables

/// A table of results — one row per sector, say — that renders as Markdown, CSV or JSON.
public struct ResultTable: Sendable {
    public enum Cell: Sendable {
        case text(String)
        case number(Double, digits: Int)

        var plain: String {
            switch self {
            case let .text(s): return s
            case let .number(v, _): return CSVWriter.number(v)
            }
        }

        var pretty: String {
            switch self {
            case let .text(s): return s.replacingOccurrences(of: "|", with: "\\|")
            case let .number(v, digits): return Self.grouped(v, digits: digits)
            }
        }

        var json: JSONValue {
            switch self {
            case let .text(s): return .string(s)
            case let .number(v, _): return .number(v)
            }
        }

        /// Fixed decimals with thousands separators (1,234.5).
        public static func grouped(_ v: Double, digits: Int) -> String {
            let s = String(format: "%.\(digits)f", abs(v))
            let parts = s.split(separator: ".", maxSplits: 1)
            var integer = String(parts[0])
            var groups: [String] = []
            while integer.count > 3 { groups.insert(String(integer.suffix(3)), at: 0); integer = String(integer.dropLast(3)) }
            groups.insert(integer, at: 0)
            var out = groups.joined(separator: ",")
            if parts.count > 1 { out += "." + parts[1] }
            let isZero = Double(s) == 0
            return (v < 0 && !isZero ? "-" : "") + out
        }
    }

    public var columns: [String]
    public var rows: [[Cell]] = []

    public init(columns: [String]) { self.columns = columns }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    public func csv() -> String {
        var text = CSVWriter.line(columns)
        for row in rows { text += CSVWriter.line(row.map(\.plain)) }
        return text
    }

    public func markdown() -> String {
        let cells = rows.map { $0.map(\.pretty) }
        var widths = columns.map(\.count)
        for row in cells { for (k, c) in row.enumerated() { widths[k] = max(widths[k], c.count) } }
        let numeric = columns.indices.map { k in rows.allSatisfy { if case .number = $0[k] { true } else { false } } && !rows.isEmpty }
        func pad(_ s: String, _ k: Int) -> String {
            let fill = String(repeating: " ", count: widths[k] - s.count)
            return numeric[k] ? fill + s : s + fill
        }
        var text = "| " + columns.enumerated().map { pad($0.element, $0.offset) }.joined(separator: " | ") + " |\n"
        text += "|" + widths.enumerated().map { numeric[$0.offset] ? String(repeating: "-", count: $0.element + 1) + ":" : ":" + String(repeating: "-", count: $0.element + 1) }.joined(separator: "|") + "|\n"
        for row in cells { text += "| " + row.enumerated().map { pad($0.element, $0.offset) }.joined(separator: " | ") + " |\n" }
        return text
    }

    public func json() -> JSONValue {
        .array(rows.map { row in .object(zip(columns, row).map { ($0, $1.json) }) })
    }
}

/// The output formats of commands that print tables.
public enum OutputFormat: String, CaseIterable, Sendable {
    case markdown, csv, json
}
