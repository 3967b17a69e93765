import Foundation

/// A CSV file read into memory: RFC 4180 fields (quotes, doubled quotes, CRLF), each row with the
/// line it started on. Numeric cells are parsed on demand from the raw bytes, so a 3000 × 3000
/// matrix never becomes nine million `String`s.
public struct CSVFile: Sendable {
    /// The path as the user gave it, for messages.
    public let path: String
    let bytes: [UInt8]
    /// The field separator: a comma, or a tab for tab-separated text.
    let separator: UInt8
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
        let data = try InputFile.contents(path, notFoundHint: "check the path; a table bundle is a directory holding table.toml, sectors.csv, Z.csv, final_demand.csv and value_added.csv")
        try self.init(path: path, bytes: [UInt8](data))
    }

    /// Reads and splits a file whose fields are separated by `separator` (e.g. a tab for the
    /// `.txt` files of pymrio), with the same quoting rules as CSV.
    public init(path: String, separator: UInt8, notFoundHint: String) throws(InputError) {
        let data = try InputFile.contents(path, notFoundHint: notFoundHint)
        try self.init(path: path, bytes: [UInt8](data), separator: separator)
    }

    /// Splits CSV text already in memory (`path` only names it in messages).
    public init(path: String, text: String) throws(InputError) {
        try self.init(path: path, bytes: Array(text.utf8))
    }

    init(path: String, bytes: [UInt8], separator: UInt8 = UInt8(ascii: ",")) throws(InputError) {
        self.path = path
        self.separator = separator
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }  // UTF-8 BOM
        self.bytes = bytes
        try split(from: start)
        if let offset = InvalidUTF8.firstInvalidOffset(in: bytes, from: start) {
            // The row holding it: the last one starting at or before it (rows are in file order).
            let row = rows.last(where: { ($0.fields.first?.lowerBound ?? 0) <= offset })
            let rowStart = row.map { r in r.fields[0].lowerBound - (r.quoted[0] ? 1 : 0) } ?? start
            throw InvalidUTF8.csvError(path: path, bytes: bytes, rowStart: rowStart, rowLine: row?.line ?? 1, offset: offset)
        }
    }

    private mutating func split(from start: Int) throws(InputError) {
        let comma = separator, quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
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
        if let v = bytes.withUnsafeBufferPointer({ NumberParser.parse($0, range) }), v.isFinite { return v }
        return try NumberParser.checkedValue(string(row: r, field: k), file: path, line: row.line, column: k + 1)
    }
}

/// Decimal-to-double parsing for CSV cells, correctly rounded.
///
/// A mantissa of at most 2⁵³ with a power of ten that is exact in binary (|q| ≤ 22) uses Clinger's
/// fast path (one exact multiplication or division, which IEEE rounds correctly); other numbers of
/// at most 19 significant digits (the 17 of shortest round-trip text) the Eisel–Lemire algorithm
/// (`eiselLemire`); the rest (more digits, subnormal or overflowing results) fall back to `strtod`. Only the decimal
/// grammar `[+-]digits[.digits][(e|E)[+-]digits]` is a number: `strtod` is never asked about
/// anything else, since it would also read hexadecimal, `inf` and `nan`.
public enum NumberParser {
    /// 10⁰ … 10²², each exactly representable as a double.
    static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// The value of a cell whose text the fast path did not take: a finite decimal number (e.g.
    /// with tabs around it), or the `InputError` that says what is wrong with it. Only decimal
    /// numbers are valid (`-1.5`, `2e-3`); hexadecimal (`0x19`, `0x1.9p4`), `inf`, `infinity` and
    /// `nan` are refused, whatever `strtod` or `Double(_:)` would make of them.
    public static func checkedValue(_ field: String, file: String, line: Int, column: Int) throws(InputError) -> Double {
        let text = field.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            throw InputError(file: file, line: line, column: column, "empty cell where a number is expected", hint: "write 0 for a zero flow")
        }
        let bytes = Array(text.utf8)
        if let v = bytes.withUnsafeBufferPointer({ parse($0, 0..<$0.count) }) {
            if v.isFinite { return v }
            throw InputError(file: file, line: line, column: column, "\"\(text)\" is too large for a double (more than 1.8e308)", hint: "write a finite number; check the unit of the table")
        }
        var word = text.lowercased()
        if word.hasPrefix("+") || word.hasPrefix("-") { word.removeFirst() }
        if word == "nan" || word.hasPrefix("nan(") {
            throw InputError(file: file, line: line, column: column, "NaN is not allowed", hint: "write the value, or 0 if it is zero")
        }
        if word == "inf" || word == "infinity" {
            throw InputError(file: file, line: line, column: column, "an infinite value is not allowed", hint: "write a finite number")
        }
        if word.hasPrefix("0x") {
            throw InputError(file: file, line: line, column: column, "\"\(text)\" is a hexadecimal number; only decimal numbers are valid", hint: "write the value in decimal, e.g. 25 for 0x19")
        }
        throw InputError(file: file, line: line, column: column, "\"\(text)\" is not a number", hint: "use a plain decimal number with a dot as the decimal separator and no thousands separator")
    }

    /// The number in `bytes[range]` (spaces around it allowed), or nil when it is not one.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
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
            if digits <= 11, end - i >= 8, let eight = eightDigits(bytes, i) {
                mantissa = mantissa &* 100_000_000 &+ eight; digits &+= 8; i += 8; continue
            }
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48); digits &+= 1 } else { return slow(bytes, begin, end) }
            i += 1
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] &- 48 < 10 {
                sawDigit = true
                if mantissa == 0 && bytes[i] == 48 { exponent -= 1; i += 1; continue }
                if digits <= 11, end - i >= 8, let eight = eightDigits(bytes, i) {
                    mantissa = mantissa &* 100_000_000 &+ eight; digits &+= 8; exponent &-= 8; i += 8; continue
                }
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48); digits &+= 1; exponent &-= 1 } else { return slow(bytes, begin, end) }
                i += 1
            }
        }
        guard sawDigit else { return nil }
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
        let value: Double
        if mantissa <= (1 << 53), abs(exponent) <= 22 {
            // Clinger: both operands exact, so one IEEE operation rounds correctly.
            value = exponent < 0 ? Double(mantissa) / powersOfTen[-exponent] : Double(mantissa) * powersOfTen[exponent]
        } else if let converted = eiselLemire(mantissa, exponent) {
            value = converted
        } else {
            return slow(bytes, begin, end)
        }
        return negative ? -value : value
    }

    /// The value of the eight bytes `bytes[i..<i + 8]` when all are ASCII digits, else nil
    /// (SWAR: one unaligned 64-bit load, a digit test on all eight bytes, three multiplications).
    /// The caller guarantees `i + 8 <= bytes.count`.
    @inline(__always)
    static func eightDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64? {
        let v = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self))
        // Every byte 0x30…0x39: high nibble 3, and still 3 after adding 6 (0x3A…0x3F become 0x4·).
        guard v & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030,
              (v &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030 else { return nil }
        var x = v & 0x0F0F_0F0F_0F0F_0F0F           // digits d0 … d7, d0 (first) in the low byte
        x = (x &* 2561) >> 8                         // 10·d0 + d1, … in the low byte of each 16 bits
        x = ((x & 0x00FF_00FF_00FF_00FF) &* 6553601) >> 16  // four-digit groups in 32 bits
        return ((x & 0x0000_FFFF_0000_FFFF) &* 42949672960001) >> 32
    }

    /// m · 10^q correctly rounded to the nearest double (ties to even), for m ≠ 0 of up to 19
    /// digits (exact: no digit was dropped), by the Eisel–Lemire algorithm (Lemire, "Number
    /// Parsing at a Gigabyte per Second", Software: Practice and Experience 51(8), 2021, §5):
    /// m, shifted so that its top bit is set, times the 128-bit approximation of 5^q
    /// (`powersOfFive`, tools/powers_of_five.py) gives the significand in the top bits of the
    /// product, and the binary exponent is ⌊q·log₂10⌋ from an exact integer formula. The second
    /// 64-bit product is needed only when the low bits of the first are all ones; 128 bits always
    /// suffice to decide the rounding (Mushtak & Lemire, SPE 53(6), 2023), exact halfway cases
    /// (possible only for −4 ≤ q ≤ 23) round to even.
    /// Nil, for `strtod`, when q is outside `powersOfFiveRange` or the result is subnormal or
    /// overflows (+∞ is not returned).
    /// Replaced on 2026-12-06 the exact 128-bit division of the 17-digit numbers (two integer
    /// divisions a number, `__udivti3`), the parser's most expensive step on shortest round-trip text.
    @inline(__always)
    static func eiselLemire(_ m: UInt64, _ q: Int) -> Double? {
        guard m != 0, powersOfFiveRange.contains(q) else { return nil }
        let leadingZeros = m.leadingZeroBitCount
        let w = m << UInt64(leadingZeros)
        let (tableHigh, tableLow) = powersOfFive[q - powersOfFiveRange.lowerBound]
        var (high, low) = w.multipliedFullWidth(by: tableHigh)
        // 52 explicit bits + 3: the low 9 bits of `high` all ones means the truncation may matter.
        let mask: UInt64 = 0x1FF
        if high & mask == mask {
            let (secondHigh, _) = w.multipliedFullWidth(by: tableLow)
            let (sum, carry) = low.addingReportingOverflow(secondHigh)
            low = sum
            if carry { high &+= 1 }
        }
        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit + 9)
        var significand = high >> shift
        // ⌊q·log₂10⌋ + 63 (exact for |q| ≤ 1650), plus the normalisations, in IEEE's bias.
        var exponent = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - leadingZeros + 1023
        guard exponent > 0 else { return nil }
        if low <= 1, q >= -4, q <= 23, significand & 3 == 1, significand << shift == high {
            significand &= ~1  // exactly halfway: round down to even
        }
        significand += significand & 1
        significand >>= 1
        if significand >= (2 << 52) {
            significand = 1 << 52
            exponent += 1
        }
        guard exponent < 0x7FF else { return nil }
        return Double(bitPattern: (UInt64(exponent) << 52) | (significand & ((1 << 52) - 1)))
    }

    private static func slow(_ bytes: UnsafeBufferPointer<UInt8>, _ begin: Int, _ end: Int) -> Double? {
        let length = end - begin
        // strtod needs a NUL-terminated copy; a temporary allocation lives on the stack when small.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double? in
            let base = buffer.baseAddress!
            for k in 0..<length { base[k] = CChar(bitPattern: bytes[begin + k]) }
            base[length] = 0
            var stop: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(base, &stop)
            guard let stop, stop - base == length else { return nil }
            return v
        }
    }
}

/// Writes CSV text: quotes a field only when it must, and prints numbers so they read back exactly.
public enum CSVWriter {
    public static func field(_ s: String) -> String {
        // A byte scan: the four characters are ASCII, which never occurs inside a multi-byte
        // UTF-8 sequence (and "\r\n", one Character, contains both bytes).
        if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") })
            || s.utf8.first == UInt8(ascii: " ") || s.utf8.last == UInt8(ascii: " ") {
            let body = s.utf8.contains(UInt8(ascii: "\"")) ? s.replacingOccurrences(of: "\"", with: "\"\"") : s
            return "\"" + body + "\""
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
        var text = ""
        append(fields, to: &text)
        return text
    }

    /// Appends `line(fields)` to `text`, without the intermediate strings.
    public static func append(_ fields: [String], to text: inout String) {
        for (k, f) in fields.enumerated() {
            if k > 0 { text += "," }
            text += field(f)
        }
        text += "\n"
    }
}
