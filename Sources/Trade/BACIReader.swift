import IOTables

/// Reads CEPII BACI files (`BACI_HS17_Y2022_V202401b.csv`, one file per year) into
/// `TradeAggregates` in one streaming pass.
///
/// The layout is BACI's: a header `t,i,j,k,v,q`, then one flow per row — year t, exporter i and
/// importer j as BACI's numeric country codes (those of `country_codes_V….csv`), HS code k
/// written without leading zeros (`10121` is HS 0101.21), value v in thousands of current US
/// dollars, quantity q in tonnes (often `NA`; not used).
///
/// The file goes through `ChunkedFile`'s fixed buffer, as `CSVNumericGrid` reads numeric grids:
/// each row's integers are parsed in place, its value with the project's `NumberParser`, and the
/// row is summed at once; nothing grows with the number of rows.
///
/// - Throws: `InputError` with file, line and column: a header that is not BACI's, a field that
///   is not an integer or not a number, a negative value, an HS code of more than six digits, a
///   country code that `country_codes` does not list (with the closest codes), a row with fewer
///   than five fields.
/// - Complexity: O(rows), one pass.
public enum BACIReader {
    public static let header = ["t", "i", "j", "k", "v", "q"]

    /// The largest value of one flow accepted, in thousand USD.
    public static let largestValue = 1e12

    public static func read(_ path: String, into data: inout TradeAggregates) throws(InputError) {
        try InputFile.checkReadable(path, notFoundHint: "give a BACI file such as BACI_HS17_Y2022_V202401b.csv (docs/dependencies.md)")
        var source = try ChunkedFile(path: path)
        defer { source.release() }
        let codeTable = data.countries.indexByCode
        let firstYear = data.years.first ?? 0
        var slotOfYear = [Int](repeating: -1, count: max((data.years.last ?? 0) - firstYear + 1, 1))
        for (s, y) in data.years.enumerated() { slotOfYear[y - firstYear] = s }
        var line = 0
        var sawHeader = false
        var read = 0, kept = 0
        var seen = Set<Int>()
        let lf = UInt8(ascii: "\n")
        while true {
            if source.position >= source.end {
                if source.atEOF { break }
                try source.refill(path: path)
                continue
            }
            let p = source.bytes
            let n = source.end
            var last = n - 1
            while last >= source.position && p[last] != lf { last -= 1 }
            let limit: Int
            if last < source.position {
                if !source.atEOF { try source.refill(path: path); continue }
                limit = n
            } else {
                limit = last + 1
            }
            var i = source.position
            if line == 0, limit - i >= 3, p[i] == 0xEF, p[i + 1] == 0xBB, p[i + 2] == 0xBF { i += 3 }
            let bytes = UnsafeBufferPointer(start: UnsafePointer(p), count: n)
            while i < limit {
                line += 1
                var row = RowCursor(p: p, i: i, limit: limit)
                if row.atLineEnd {  // a blank line
                    i = row.skipLine()
                    continue
                }
                if !sawHeader {
                    let fields = row.texts(bytes)
                    let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                    guard names.count >= 5, Array(names.prefix(5)) == Array(header.prefix(5)) else {
                        throw InputError(file: path, line: line, column: 1, "the header is \"\(fields.joined(separator: ","))\", not BACI's t,i,j,k,v,q",
                                         hint: "give a BACI file (BACI_HS…_Y….csv); Comext files are read with --format comext")
                    }
                    sawHeader = true
                    i = row.next
                    continue
                }
                guard let t = row.integer(), row.comma() else { throw row.error(path, line, bytes, field: 1, "the year t") }
                guard let exporterCode = row.integer(), row.comma() else { throw row.error(path, line, bytes, field: 2, "the exporter i") }
                guard let importerCode = row.integer(), row.comma() else { throw row.error(path, line, bytes, field: 3, "the importer j") }
                guard let hs = row.integer(), row.comma() else { throw row.error(path, line, bytes, field: 4, "the HS code k") }
                let valueStart = row.i
                let valueEnd = row.fieldEnd()
                read += 1
                guard hs < 1_000_000 else {
                    throw InputError(file: path, line: line, column: 4, "HS code \(hs) has more than six digits", hint: "BACI's k is an HS6 code without leading zeros, e.g. 850511")
                }
                guard let v = NumberParser.parse(bytes, valueStart..<valueEnd), v.isFinite, v >= 0 else {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
                    if let v = Double(text.trimmingCharacters(in: .whitespaces)), v < 0 {
                        throw InputError(file: path, line: line, column: 5, "negative trade value \(text)", hint: "BACI values are thousands of US dollars, 0 or more")
                    }
                    throw InputError(file: path, line: line, column: 5, "the value v \"\(text)\" is not a number", hint: "BACI's v is a decimal number with a dot, in thousands of US dollars")
                }
                // One flow above 1e12 thousand USD (1e15 USD, some forty times world trade) is not a
                // flow; it would also let the sums over exporters and years overflow to inf.
                guard v <= Self.largestValue else {
                    throw InputError(file: path, line: line, column: 5, "the trade value \(v) (thousand USD) is above \(Self.largestValue), more than world trade",
                                     hint: "BACI's v is in thousands of US dollars; check the file's unit and this row")
                }
                let e = exporterCode < codeTable.count && exporterCode >= 0 ? Int(codeTable[exporterCode]) : -1
                guard e >= 0 else { throw unknownCountry(exporterCode, path: path, line: line, column: 2, countries: data.countries) }
                let d = importerCode < codeTable.count && importerCode >= 0 ? Int(codeTable[importerCode]) : -1
                guard d >= 0 else { throw unknownCountry(importerCode, path: path, line: line, column: 3, countries: data.countries) }
                let offset = t - firstYear
                if offset >= 0, offset < slotOfYear.count, slotOfYear[offset] >= 0 {
                    data.add(slot: slotOfYear[offset], exporter: e, importer: d, hs: hs, value: v)
                    kept += 1
                    if !seen.contains(t) { seen.insert(t) }
                }
                i = row.skipLine()
            }
            source.position = limit
        }
        guard sawHeader else { throw InputError(file: path, "the file is empty", hint: "give a BACI file whose first line is t,i,j,k,v,q") }
        // BACI has one file per year: a year read from two files (or one file given twice) would
        // count its flows twice.
        if let y = seen.sorted().first(where: { data.yearsSeen.contains($0) }) {
            throw InputError(file: path, "the file has flows of \(y), which an earlier file already gave: they would be counted twice",
                             hint: "give each year's BACI file once (BACI publishes one file per year)")
        }
        data.noteRows(read: read, kept: kept, years: seen)
    }

    static func unknownCountry(_ code: Int, path: String, line: Int, column: Int, countries: CountryCodes) -> InputError {
        let near = countries.countries.map(\.code).sorted { abs($0 - code) < abs($1 - code) }.prefix(3).map(String.init)
        return InputError(file: path, line: line, column: column, "country code \(code) is not in \(countries.path)",
                          hint: "use the country_codes file of the same BACI release as the trade file (closest codes listed: \(near.joined(separator: ", ")))")
    }
}

/// Walks one row of a buffer: integers in place, field ends, the line end.
struct RowCursor {
    let p: UnsafeMutablePointer<UInt8>
    var i: Int
    let limit: Int
    let start: Int

    init(p: UnsafeMutablePointer<UInt8>, i: Int, limit: Int) {
        self.p = p
        self.i = i
        self.limit = limit
        self.start = i
    }

    static let comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), space = UInt8(ascii: " "), quote = UInt8(ascii: "\"")

    var atLineEnd: Bool {
        var k = i
        while k < limit, p[k] == Self.cr || p[k] == Self.space { k += 1 }
        return k >= limit || p[k] == Self.lf
    }

    /// A non-negative integer, spaces and quotes around it allowed; nil (cursor where it stopped)
    /// when the field holds anything else or is empty.
    @inline(__always)
    mutating func integer() -> Int? {
        while i < limit, p[i] == Self.space || p[i] == Self.quote { i += 1 }
        var value = 0, digits = 0
        while i < limit {
            let b = p[i] &- 48
            guard b < 10 else { break }
            value = value &* 10 &+ Int(b)
            digits += 1
            i += 1
        }
        while i < limit, p[i] == Self.space || p[i] == Self.quote { i += 1 }
        guard digits > 0, digits <= 12 else { return nil }
        return value
    }

    /// Consumes the comma that ends a field; false at anything else.
    @inline(__always)
    mutating func comma() -> Bool {
        guard i < limit, p[i] == Self.comma else { return false }
        i += 1
        return true
    }

    /// Moves to the end of the current field (a comma, CR, LF or the limit) and returns it.
    @inline(__always)
    mutating func fieldEnd() -> Int {
        while i < limit {
            let b = p[i]
            if b == Self.comma || b == Self.lf || b == Self.cr { break }
            i += 1
        }
        return i
    }

    /// The position after this line's LF (or the limit).
    mutating func skipLine() -> Int {
        while i < limit, p[i] != Self.lf { i += 1 }
        return i < limit ? i + 1 : limit
    }

    /// Where the next row starts.
    var next: Int {
        var k = start
        while k < limit, p[k] != Self.lf { k += 1 }
        return k < limit ? k + 1 : limit
    }

    /// The row's fields as text (for the header and for messages).
    func texts(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var k = start
        var end = k
        while end < limit, p[end] != Self.lf { end += 1 }
        var lineEnd = end
        if lineEnd > k, p[lineEnd - 1] == Self.cr { lineEnd -= 1 }
        var fields: [String] = []
        var fieldStart = k
        while k <= lineEnd {
            if k == lineEnd || p[k] == Self.comma {
                var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<k]), as: UTF8.self)
                if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
                fields.append(text)
                fieldStart = k + 1
            }
            k += 1
        }
        return fields
    }

    /// The message for field `field` (1-based) that did not read as `what`.
    func error(_ path: String, _ line: Int, _ bytes: UnsafeBufferPointer<UInt8>, field: Int, _ what: String) -> InputError {
        let fields = texts(bytes)
        if fields.count < 5 {
            return InputError(file: path, line: line, column: fields.count + 1, "the row has \(fields.count) field\(fields.count == 1 ? "" : "s"), BACI rows have t,i,j,k,v,q",
                              hint: "a truncated or malformed row: each row is year,exporter,importer,hs6,value,quantity")
        }
        let text = fields[field - 1]
        return InputError(file: path, line: line, column: field, "\(what) \"\(text)\" is not an integer",
                          hint: field == 4 ? "BACI's k is an HS6 code written as an integer without leading zeros, e.g. 10121" : "BACI writes years and country codes as plain integers")
    }
}
