import Foundation

/// A CSV file read into memory: RFC 4180 fields (quotes, doubled quotes, CRLF), each row with the
/// line it started on. Numeric cells are parsed on demand from the raw bytes, so a 3000 × 3000
/// matrix never becomes nine million `String`s.
public struct CSVFile: Sendable {
    /// The path as the user gave it, for messages.
    public let path: String
    let bytes: [UInt8]
    /// Per row: the 1-based line number and the byte ranges of its fields (quotes stripped).
    public private(set) var rows: [Row] = []

    public struct Row: Sendable {
        public let line: Int
        let fields: [Range<Int>]
        let quoted: [Bool]
        public var count: Int { fields.count }
    }

    /// Reads and splits a file.
    /// - Throws: `InputError` when the file is missing, unreadable, not UTF-8 or has an unclosed quote.
    public init(path: String) throws(InputError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, "file not found", hint: "check the path; a table bundle is a directory holding table.toml, sectors.csv, Z.csv, final_demand.csv and value_added.csv")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the file", hint: "check its permissions")
        }
        try self.init(path: path, bytes: [UInt8](data))
    }

    /// Splits CSV text already in memory (`path` only names it in messages).
    public init(path: String, text: String) throws(InputError) {
        try self.init(path: path, bytes: Array(text.utf8))
    }

    init(path: String, bytes: [UInt8]) throws(InputError) {
        self.path = path
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }  // UTF-8 BOM
        self.bytes = bytes
        try split(from: start)
    }

    private mutating func split(from start: Int) throws(InputError) {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var i = start
        var line = 1
        let n = bytes.count
        var result: [Row] = []
        var fieldCountHint = 8
        while i < n {
            let rowLine = line
            var fields: [Range<Int>] = []
            fields.reserveCapacity(fieldCountHint)
            var quoted: [Bool] = []
            quoted.reserveCapacity(fieldCountHint)
            var endOfRow = false
            while !endOfRow {
                if i < n, bytes[i] == quote {
                    // Quoted field: runs to the closing quote; "" is a literal quote (kept, unescaped later).
                    let openLine = line
                    i += 1
                    let fieldStart = i
                    var closed = false
                    while i < n {
                        if bytes[i] == quote {
                            if i + 1 < n, bytes[i + 1] == quote { i += 2; continue }
                            closed = true
                            break
                        }
                        if bytes[i] == lf { line += 1 }
                        i += 1
                    }
                    guard closed else {
                        throw InputError(file: path, line: openLine, column: fields.count + 1, "a quoted field is never closed", hint: "add the closing double quote")
                    }
                    fields.append(fieldStart..<i)
                    quoted.append(true)
                    i += 1
                } else {
                    let fieldStart = i
                    while i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr { i += 1 }
                    fields.append(fieldStart..<i)
                    quoted.append(false)
                }
                if i >= n { endOfRow = true }
                else if bytes[i] == comma { i += 1; if i >= n { fields.append(n..<n); quoted.append(false); endOfRow = true } }
                else if bytes[i] == cr { i += 1; if i < n, bytes[i] == lf { i += 1 }; line += 1; endOfRow = true }
                else if bytes[i] == lf { i += 1; line += 1; endOfRow = true }
                else {
                    throw InputError(file: path, line: line, column: fields.count, "unexpected character after a quoted field", hint: "a closing quote must be followed by a comma or the end of the line")
                }
            }
            // Skip blank lines entirely.
            if fields.count == 1, fields[0].isEmpty, !quoted[0] { continue }
            fieldCountHint = fields.count
            result.append(Row(line: rowLine, fields: fields, quoted: quoted))
        }
        rows = result
    }

    /// The text of field `k` of row `r`.
    public func string(row r: Int, field k: Int) -> String {
        let row = rows[r]
        let range = row.fields[k]
        let s = String(decoding: bytes[range], as: UTF8.self)
        return row.quoted[k] ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// All fields of row `r` as text.
    public func strings(row r: Int) -> [String] {
        (0..<rows[r].count).map { string(row: r, field: $0) }
    }

    /// Field `k` of row `r` as a finite number.
    /// - Throws: `InputError` naming the line and column for an empty, non-numeric, NaN or infinite cell.
    public func number(row r: Int, field k: Int) throws(InputError) -> Double {
        let row = rows[r]
        let range = row.fields[k]
        if let v = NumberParser.parse(bytes, range), v.isFinite { return v }
        let text = string(row: r, field: k).trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            throw InputError(file: path, line: row.line, column: k + 1, "empty cell where a number is expected", hint: "write 0 for a zero flow")
        }
        if let v = Double(text) {
            if v.isNaN { throw InputError(file: path, line: row.line, column: k + 1, "NaN is not allowed", hint: "write the value, or 0 if it is zero") }
            if !v.isFinite { throw InputError(file: path, line: row.line, column: k + 1, "an infinite value is not allowed", hint: "write a finite number") }
            return v
        }
        throw InputError(file: path, line: row.line, column: k + 1, "\"\(text)\" is not a number", hint: "use a plain decimal number with a dot as the decimal separator and no thousands separator")
    }
}

/// Decimal-to-double parsing for CSV cells, correctly rounded.
///
/// The common case — at most 19 significant digits and a power of ten that is exact in binary —
/// uses Clinger's fast path (one exact multiplication or division, which IEEE rounds correctly);
/// everything else falls back to `strtod`.
enum NumberParser {
    /// 10⁰ … 10²², each exactly representable as a double.
    static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> Double? {
        var i = range.lowerBound
        var end = range.upperBound
        while i < end, bytes[i] == 0x20 { i += 1 }
        while end > i, bytes[end - 1] == 0x20 { end -= 1 }
        guard i < end else { return nil }
        let begin = i
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while i < end, bytes[i] &- 48 < 10 {
            sawDigit = true
            if mantissa == 0 && bytes[i] == 48 { i += 1; continue }
            if digits < 19 { mantissa = mantissa * 10 + UInt64(bytes[i] - 48); digits += 1 } else { return slow(bytes, begin, end) }
            i += 1
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] &- 48 < 10 {
                sawDigit = true
                if mantissa == 0 && bytes[i] == 48 { exponent -= 1; i += 1; continue }
                if digits < 19 { mantissa = mantissa * 10 + UInt64(bytes[i] - 48); digits += 1; exponent -= 1 } else { return slow(bytes, begin, end) }
                i += 1
            }
        }
        guard sawDigit else { return slow(bytes, begin, end) }
        if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < end, bytes[i] == UInt8(ascii: "-") { expNegative = true; i += 1 } else if i < end, bytes[i] == UInt8(ascii: "+") { i += 1 }
            var e = 0
            var sawExp = false
            while i < end, bytes[i] &- 48 < 10 {
                sawExp = true
                if e < 100_000 { e = e * 10 + Int(bytes[i] - 48) }
                i += 1
            }
            guard sawExp else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == end else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard mantissa <= (1 << 53), abs(exponent) <= 22 else { return slow(bytes, begin, end) }
        var value = Double(mantissa)
        if exponent < 0 { value /= powersOfTen[-exponent] } else { value *= powersOfTen[exponent] }
        return negative ? -value : value
    }

    private static func slow(_ bytes: [UInt8], _ begin: Int, _ end: Int) -> Double? {
        var buffer = [CChar](repeating: 0, count: end - begin + 1)
        for k in begin..<end { buffer[k - begin] = CChar(bitPattern: bytes[k]) }
        return buffer.withUnsafeBufferPointer { bp -> Double? in
            var stop: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(bp.baseAddress!, &stop)
            guard let stop, stop - UnsafeMutablePointer(mutating: bp.baseAddress!) == end - begin else { return nil }
            return v
        }
    }
}

/// Writes CSV text: quotes a field only when it must, and prints numbers so they read back exactly.
public enum CSVWriter {
    public static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// The shortest text that reads back to the same double (Swift's `description`), with
    /// integers written without ".0".
    public static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return v == 0 ? "0" : String(Int64(v)) }
        return "\(v)"
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }
}
