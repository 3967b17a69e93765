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
            case let .text(s): return s.utf8.contains(UInt8(ascii: "|")) ? s.replacingOccurrences(of: "|", with: "\\|") : s
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
        /// The digits come from C's `%.*f` (what `String(format:)` gave, without its CFString
        /// round trip, which made this a sixth of a Monte Carlo run's time: the spreadsheet sizes
        /// its columns from every cell's text); the commas are inserted into the bytes.
        public static func grouped(_ v: Double, digits: Int) -> String {
            fixedDigits(v, digits: digits) { bytes, point, isZero in
                var out: [UInt8] = []
                out.reserveCapacity(bytes.count + point / 3 + 1)
                // "-0.0" is printed as "0.0": a value that rounds to zero has no sign.
                if v < 0 && !isZero { out.append(UInt8(ascii: "-")) }
                for k in 0..<point {
                    if k > 0, (point - k) % 3 == 0 { out.append(UInt8(ascii: ",")) }
                    out.append(bytes[k])
                }
                out += bytes[point...]
                return String(decoding: out, as: UTF8.self)
            } ?? String(format: "%.\(digits)f", v)
        }

        /// `grouped(v, digits: digits).utf8.count`, without building the text: the sign, the
        /// integer digits with a comma every three, and the rest of `%.*f`'s output.
        public static func groupedWidth(_ v: Double, digits: Int) -> Int {
            fixedDigits(v, digits: digits) { bytes, point, isZero in
                (v < 0 && !isZero ? 1 : 0) + bytes.count + (point > 0 ? (point - 1) / 3 : 0)
            } ?? grouped(v, digits: digits).utf8.count
        }

        /// C's `%.*f` of |v| in a temporary buffer, handed to `body` with the index of the point
        /// (the length when there is none) and whether every digit is 0; nil when the text does
        /// not fit in 512 bytes.
        private static func fixedDigits<R>(_ v: Double, digits: Int, _ body: (UnsafeBufferPointer<UInt8>, Int, Bool) -> R) -> R? {
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer -> R? in
                let length = withVaList([Int32(clamping: max(0, min(digits, 100))), abs(v)]) { vsnprintf(buffer.baseAddress!, 512, "%.*f", $0) }
                guard length > 0, Int(length) < 512 else { return nil }
                return buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { start in
                    let bytes = UnsafeBufferPointer(start: start, count: Int(length))
                    let point = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
                    let isZero = bytes.allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") }
                    return body(bytes, point, isZero)
                }
            }
        }
    }

    public var columns: [String]
    public var rows: [[Cell]] = []

    public init(columns: [String]) { self.columns = columns }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    /// The first number that is not finite (row index, column name, value), reading row by row;
    /// nil when every number is finite.
    public func firstNonFinite() -> (row: Int, column: String, value: Double)? {
        for (r, row) in rows.enumerated() {
            for (k, cell) in row.enumerated() {
                if case let .number(v, _) = cell, !v.isFinite { return (r, columns[k], v) }
            }
        }
        return nil
    }

    public func csv() -> String {
        var text = CSVWriter.line(columns)
        for row in rows { CSVWriter.append(row.map(\.plain), to: &text) }
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
