import Foundation
import LinearAlgebra

/// A labelled CSV grid of numbers — a header `corner,label1,…,labelk`, then rows
/// `rowlabel,v1,…,vk` — read in one streaming pass: the file goes through a fixed buffer
/// (1 MiB, more only if one row is longer) and each row is split and its numbers parsed while it is
/// in cache. The only memory that grows with the file is the values themselves (8 bytes a cell), so
/// reading an n × n `Z.csv` costs n² doubles, not the file's bytes plus a range per field.
///
/// The CSV dialect and the messages are those of `CSVFile` (RFC 4180 quotes, CRLF or LF, a UTF-8
/// BOM, blank lines skipped), with the same file, line and column in every error. Rows are checked
/// in file order: a row's field count before its numbers, its numbers left to right.
struct CSVNumericGrid {
    /// The path as the user gave it, for messages.
    let path: String
    /// All fields of the header row (quotes removed), including the corner.
    private(set) var header: [String] = []
    /// The line of the header row.
    private(set) var headerLine = 1
    /// Per data row: the label (first field, trimmed of whitespace) and the line it starts on.
    private(set) var rowLabels: [String] = []
    private(set) var rowLines: [Int] = []
    /// The numbers, row after row: `rowLabels.count × (header.count − 1)`.
    private(set) var rowMajor: [Double] = []

    var rowCount: Int { rowLabels.count }
    var columnCount: Int { max(header.count - 1, 0) }

    /// The values as a column-major matrix (`rowCount × columnCount`), consuming the grid.
    /// A square grid is transposed in place; no second n × n array is made.
    consuming func matrix() -> ([Double], rows: Int, columns: Int) {
        let r = rowCount, c = columnCount
        var values = rowMajor
        rowMajor = []
        RowMajor.transpose(&values, rows: r, columns: c)
        return (values, r, c)
    }

    /// Reads `path`. `checkHeader` sees the header fields and line before any data row is read;
    /// `expectedRows` (e.g. the number of sectors) sizes the value array once; `emptyHint` is the
    /// hint of the message for a file without even a header.
    /// - Throws: `InputError` with file, line and column: a missing or unreadable file, an unclosed
    ///   quote, text after a closing quote, an empty file, a ragged row, an empty, non-numeric, NaN
    ///   or infinite cell, and whatever `checkHeader` throws.
    /// Data rows of this many bytes or more are read in two halves at once, on two threads.
    static let splitThreshold = 8 << 20

    init(path: String, expectedRows: Int, emptyHint: String, checkHeader: ([String], Int) throws(InputError) -> Void) throws(InputError) {
        try self.init(path: path, expectedRows: expectedRows, emptyHint: emptyHint, splitAbove: Self.splitThreshold, checkHeader: checkHeader)
    }

    /// `splitAbove`: the size of the data rows from which the second half is read on a thread
    /// of its own (tests lower it); never on a single processor.
    ///
    /// How the halves stay exact: the split is just after the first line feed past the middle, and
    /// the first half is read as if the file ended there. If that read succeeds, the line feed
    /// ended a row outside quotes (inside a quoted field the read would have met an unclosed quote),
    /// so the second half starts at a row, and its rows are those of a read from the start, their
    /// lines shifted by the first half's lines. If the first half fails, the whole file is read
    /// again in one pass, and if only the second fails, it is read again after the first: every
    /// error, with its line, column and message, is that of the one-pass read.
    init(path: String, expectedRows: Int, emptyHint: String, splitAbove: Int, checkHeader: ([String], Int) throws(InputError) -> Void) throws(InputError) {
        self.path = path
        try InputFile.checkReadable(path, notFoundHint: "check the path; a table bundle is a directory holding table.toml, sectors.csv, Z.csv, final_demand.csv and value_added.csv")
        let split = ProcessInfo.processInfo.activeProcessorCount > 1 ? splitAbove : Int.max
        var didSplit = false
        do {
            try read(expectedRows: expectedRows, emptyHint: emptyHint, splitAbove: split, didSplit: &didSplit, checkHeader: checkHeader)
        } catch {
            guard didSplit else { throw error }
            header = []; headerLine = 1; rowLabels = []; rowLines = []; rowMajor = []
            var again = false
            try read(expectedRows: expectedRows, emptyHint: emptyHint, splitAbove: .max, didSplit: &again, checkHeader: checkHeader)
        }
    }

    private mutating func read(expectedRows: Int, emptyHint: String, splitAbove: Int, didSplit: inout Bool,
                               checkHeader: ([String], Int) throws(InputError) -> Void) throws(InputError) {
        var source = try ChunkedFile(path: path)
        defer { source.release() }
        var scanner = RowScanner()
        var line = 1
        var sawHeader = false
        var bomChecked = false
        while !sawHeader {
            if source.position == source.end {
                if source.atEOF { break }
                try source.refill(path: path)
                continue
            }
            if !bomChecked {
                if source.end - source.position < 3 && !source.atEOF { try source.refill(path: path); continue }
                let p = source.bytes
                if source.end - source.position >= 3, p[source.position] == 0xEF, p[source.position + 1] == 0xBB, p[source.position + 2] == 0xBF {
                    source.position += 3
                }
                bomChecked = true
                continue
            }
            let rowLine = line
            guard let next = try scanner.scan(source.bytes, from: source.position, end: source.end, atEOF: source.atEOF, line: &line, path: path) else {
                line = rowLine
                try source.refill(path: path)
                continue
            }
            try source.checkUTF8(upTo: next, rowLine: rowLine, path: path)
            source.position = next
            // Skip blank lines entirely.
            if scanner.count == 1, scanner.starts[0] == scanner.ends[0], !scanner.quoted[0] { continue }
            let bytes = UnsafeBufferPointer(start: source.bytes, count: source.end)
            sawHeader = true
            headerLine = rowLine
            header = (0..<scanner.count).map { scanner.string(bytes, $0) }
            try checkHeader(header, rowLine)
        }
        guard sawHeader else { throw InputError(file: path, "the file is empty", hint: emptyHint) }
        let columns = header.count - 1
        rowMajor.reserveCapacity(max(expectedRows, 0) * columns)
        // Huge pages for the reserved values, before the rows are appended (LargeMemory).
        rowMajor.withUnsafeMutableBufferPointer { p in
            LargeMemory.adviseHugePages(UnsafeMutableRawPointer(p.baseAddress), byteCount: max(expectedRows, 0) * columns * MemoryLayout<Double>.stride)
        }
        rowLabels.reserveCapacity(max(expectedRows, 0))
        rowLines.reserveCapacity(max(expectedRows, 0))
        var parser = DataRowParser(columns: columns)
        defer { parser.release() }
        var second: SecondHalf?
        if splitAbove != .max, source.size >= 0, source.size - source.offset >= splitAbove,
           let at = source.offsetAfterLineFeed(from: source.offset + (source.size - source.offset) / 2),
           at < source.size, at >= source.consumed + source.end {  // beyond what the buffer already holds
            source.limit = at
            // The second half holds about half the rows: reserved (with a tenth more), so that its
            // values are not copied as they grow.
            second = SecondHalf(path: path, from: at, fields: header.count, expectedRows: max(expectedRows, 0) / 2 + max(expectedRows, 0) / 10)
            didSplit = true
        }
        var rows = Rows(values: rowMajor, labels: rowLabels, lines: rowLines)
        rowMajor = []; rowLabels = []; rowLines = []
        defer { rowMajor = rows.values; rowLabels = rows.labels; rowLines = rows.lines }
        do {
            try Self.readDataRows(&source, &parser, fields: header.count, line: &line, path: path, into: &rows)
        } catch {
            _ = second?.result()  // no thread outlives the read
            throw error
        }
        if let second {
            switch second.result() {
            case .success(let half):
                let shift = line - 1
                rows.values.append(contentsOf: half.values)
                rows.labels.append(contentsOf: half.labels)
                rows.lines.append(contentsOf: half.lines.lazy.map { $0 + shift })
            case .failure:
                // Read it again here, for the error as a one-pass read gives it.
                source.removeLimit()
                try Self.readDataRows(&source, &parser, fields: header.count, line: &line, path: path, into: &rows)
            }
        }
    }

    /// Rows as they are read: values row after row, labels, lines.
    struct Rows {
        var values: [Double] = []
        var labels: [String] = []
        var lines: [Int] = []
    }

    /// Reads data rows from `source` to its end (or limit) into `rows`; `line` is that of the next row.
    static func readDataRows(_ source: inout ChunkedFile, _ parser: inout DataRowParser, fields: Int, line: inout Int,
                             path: String, into rows: inout Rows) throws(InputError) {
        while true {
            if source.position == source.end {
                if source.atEOF { break }
                try source.refill(path: path)
                continue
            }
            let rowLine = line
            let row = try parser.parse(source.bytes, from: source.position, end: source.end, atEOF: source.atEOF,
                                       line: &line, path: path)
            switch row {
            case .needMore:
                line = rowLine
                try source.refill(path: path)
                continue
            case .blank(let next):
                source.position = next
                continue
            case .row(let next):
                try source.checkUTF8(upTo: next, rowLine: rowLine, path: path)
                source.position = next
            }
            guard parser.fieldCount == fields else {
                throw InputError(file: path, line: rowLine, column: min(parser.fieldCount, fields) + 1,
                                 "row has \(parser.fieldCount) fields, the header \(fields)", hint: "a ragged row: add or remove cells so every row matches the header")
            }
            for bad in parser.badCells {
                // Not taken by the fast path: a decimal number with tabs around it, or an error saying why not.
                parser.values[bad.column - 2] = try NumberParser.checkedValue(bad.text, file: path, line: rowLine, column: bad.column)
            }
            rows.values.append(contentsOf: parser.values)
            rows.labels.append(parser.label.trimmingCharacters(in: .whitespaces))
            rows.lines.append(rowLine)
        }
    }
}

/// The second half of a grid's data rows, read on a thread of its own from a row boundary, its
/// lines counted from 1 there.
private final class SecondHalf: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<CSVNumericGrid.Rows, InputError> = .failure(InputError(file: "", "not read"))

    init(path: String, from offset: Int, fields: Int, expectedRows: Int) {
        BackgroundWork.start { [self] in
            do throws(InputError) {
                var source = try ChunkedFile(path: path, from: offset)
                defer { source.release() }
                var parser = DataRowParser(columns: fields - 1)
                defer { parser.release() }
                var rows = CSVNumericGrid.Rows()
                let reserved = expectedRows * (fields - 1)
                rows.values.reserveCapacity(reserved)
                rows.values.withUnsafeMutableBufferPointer { p in
                    LargeMemory.adviseHugePages(UnsafeMutableRawPointer(p.baseAddress), byteCount: reserved * MemoryLayout<Double>.stride)
                }
                rows.labels.reserveCapacity(expectedRows)
                rows.lines.reserveCapacity(expectedRows)
                var line = 1
                try CSVNumericGrid.readDataRows(&source, &parser, fields: fields, line: &line, path: path, into: &rows)
                outcome = .success(rows)
            } catch {
                outcome = .failure(error)
            }
            done.signal()
        }
    }

    /// Waits for the read (any number of calls).
    func result() -> Result<CSVNumericGrid.Rows, InputError> {
        done.wait()
        done.signal()
        return outcome
    }
}

/// Splits one CSV row of a buffer into fields, remembering their byte ranges (quotes stripped).
struct RowScanner {
    var starts: [Int] = []
    var ends: [Int] = []
    var quoted: [Bool] = []
    var count: Int { starts.count }

    /// The text of field `k` (doubled quotes of a quoted field undone).
    func string(_ bytes: UnsafeBufferPointer<UInt8>, _ k: Int) -> String {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[starts[k]..<ends[k]]), as: UTF8.self)
        return quoted[k] ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// Scans the row starting at `start`. Returns the position after its line end, or nil when the
    /// buffer ends before the row does and more of the file is to come (`line` is then garbage).
    mutating func scan(_ p: UnsafeMutablePointer<UInt8>, from start: Int, end n: Int, atEOF: Bool,
                       line: inout Int, path: String) throws(InputError) -> Int? {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        quoted.removeAll(keepingCapacity: true)
        var i = start
        while true {
            if i < n, p[i] == quote {
                // Quoted field: runs to the closing quote; "" is a literal quote (kept, unescaped later).
                let openLine = line
                i += 1
                let fieldStart = i
                var closed = false
                while i < n {
                    if p[i] == quote {
                        if i + 1 < n {
                            if p[i + 1] == quote { i += 2; continue }
                        } else if !atEOF {
                            return nil  // is the quote doubled? the next chunk tells
                        }
                        closed = true
                        break
                    }
                    if p[i] == lf { line += 1 }
                    i += 1
                }
                guard closed else {
                    if !atEOF { return nil }
                    throw InputError(file: path, line: openLine, column: starts.count + 1, "a quoted field is never closed", hint: "add the closing double quote")
                }
                starts.append(fieldStart)
                ends.append(i)
                quoted.append(true)
                i += 1
            } else {
                let fieldStart = i
                while i < n {
                    let b = p[i]
                    if b == comma || b == lf || b == cr { break }
                    i += 1
                }
                if i == n, !atEOF { return nil }
                starts.append(fieldStart)
                ends.append(i)
                quoted.append(false)
            }
            if i >= n {
                if !atEOF { return nil }
                return i
            }
            let b = p[i]
            if b == comma {
                i += 1
                if i >= n {
                    if !atEOF { return nil }
                    starts.append(n); ends.append(n); quoted.append(false)
                    return i
                }
            } else if b == cr {
                if i + 1 >= n, !atEOF { return nil }  // CRLF split between chunks?
                i += 1
                if i < n, p[i] == lf { i += 1 }
                line += 1
                return i
            } else if b == lf {
                line += 1
                return i + 1
            } else {
                throw InputError(file: path, line: line, column: starts.count, "unexpected character after a quoted field", hint: "a closing quote must be followed by a comma or the end of the line")
            }
        }
    }
}

/// Parses the data rows of a numeric grid: the label, then each cell straight into `values`
/// (no per-field ranges). Cells that are not plain numbers are kept aside as text, so that the
/// caller can first check the row's field count, as `CSVFile` users do, and then report them.
struct DataRowParser {
    enum Result { case needMore, blank(next: Int), row(next: Int) }

    /// The numbers of the current row (cells 2 … k + 1); cells past the header are counted, not kept.
    private(set) var values: UnsafeMutableBufferPointer<Double>
    private(set) var fieldCount = 0
    private(set) var label = ""
    /// Cells that the fast path did not read, with their 1-based column, left to right.
    private(set) var badCells: [(column: Int, text: String)] = []

    init(columns: Int) {
        values = .allocate(capacity: columns)
        values.initialize(repeating: 0)
    }

    func release() { values.deallocate() }

    mutating func parse(_ p: UnsafeMutablePointer<UInt8>, from start: Int, end n: Int, atEOF: Bool,
                        line: inout Int, path: String) throws(InputError) -> Result {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let bytes = UnsafeBufferPointer(start: UnsafePointer(p), count: n)
        fieldCount = 0
        if !badCells.isEmpty { badCells.removeAll(keepingCapacity: true) }
        let columns = values.count
        var i = start
        while true {
            var fieldStart = i, fieldEnd = i, isQuoted = false
            if i < n, p[i] == quote {
                // Quoted field: runs to the closing quote; "" is a literal quote.
                let openLine = line
                i += 1
                fieldStart = i
                var closed = false
                while i < n {
                    if p[i] == quote {
                        if i + 1 < n {
                            if p[i + 1] == quote { i += 2; continue }
                        } else if !atEOF {
                            return .needMore
                        }
                        closed = true
                        break
                    }
                    if p[i] == lf { line += 1 }
                    i += 1
                }
                guard closed else {
                    if !atEOF { return .needMore }
                    throw InputError(file: path, line: openLine, column: fieldCount + 1, "a quoted field is never closed", hint: "add the closing double quote")
                }
                fieldEnd = i
                isQuoted = true
                i += 1
            } else {
                // Eight bytes at a time to the comma or line end, then byte by byte near the buffer's end.
                while n - i >= 8 {
                    if let k = Self.firstDelimiter(p + i) { i += k; break }
                    i += 8
                }
                while i < n {
                    let b = p[i]
                    if b == comma || b == lf || b == cr { break }
                    i += 1
                }
                if i == n, !atEOF { return .needMore }
                fieldEnd = i
            }
            let k = fieldCount
            fieldCount += 1
            if k == 0 {
                label = Self.text(bytes, fieldStart, fieldEnd, quoted: isQuoted)
            } else if k <= columns {
                if fieldEnd == fieldStart + 1, p[fieldStart] == UInt8(ascii: "0") {
                    values[k - 1] = 0  // most cells of a sparse table
                } else if fieldEnd == fieldStart + 3, p[fieldStart] == UInt8(ascii: "0"), p[fieldStart + 1] == UInt8(ascii: "."),
                          p[fieldStart + 2] == UInt8(ascii: "0") {
                    values[k - 1] = 0  // the same, as pandas and FIGARO write it
                } else if let v = NumberParser.parse(bytes, fieldStart..<fieldEnd), v.isFinite {
                    values[k - 1] = v
                } else {
                    values[k - 1] = 0
                    badCells.append((k + 1, Self.text(bytes, fieldStart, fieldEnd, quoted: isQuoted)))
                }
            }
            // What follows the field: a comma, the end of the line or of the file.
            if i >= n {
                if !atEOF { return .needMore }
                return blankOrRow(next: i, isQuoted: isQuoted, fieldStart: fieldStart, fieldEnd: fieldEnd)
            }
            let b = p[i]
            if b == comma {
                i += 1
                if i >= n {
                    if !atEOF { return .needMore }
                    // A comma at the very end of the file: one more, empty, field.
                    let k = fieldCount
                    fieldCount += 1
                    if k >= 1, k <= columns {
                        values[k - 1] = 0
                        badCells.append((k + 1, ""))
                    }
                    return .row(next: i)
                }
            } else if b == cr {
                if i + 1 >= n, !atEOF { return .needMore }  // CRLF split between chunks?
                i += 1
                if i < n, p[i] == lf { i += 1 }
                line += 1
                return blankOrRow(next: i, isQuoted: isQuoted, fieldStart: fieldStart, fieldEnd: fieldEnd)
            } else if b == lf {
                line += 1
                return blankOrRow(next: i + 1, isQuoted: isQuoted, fieldStart: fieldStart, fieldEnd: fieldEnd)
            } else {
                throw InputError(file: path, line: line, column: fieldCount, "unexpected character after a quoted field", hint: "a closing quote must be followed by a comma or the end of the line")
            }
        }
    }

    /// The offset (0…7) of the first comma, LF or CR among the eight bytes at `p`, or nil (SWAR:
    /// a zero-byte test of the word XOR each delimiter; the lowest flagged byte is the first match).
    @inline(__always)
    static func firstDelimiter(_ p: UnsafePointer<UInt8>) -> Int? {
        let v = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
        let hit = zeroBytes(v ^ (ones &* 0x2C)) | zeroBytes(v ^ (ones &* 0x0A)) | zeroBytes(v ^ (ones &* 0x0D))
        return hit == 0 ? nil : hit.trailingZeroBitCount >> 3
    }

    /// A row that is one empty, unquoted field is a blank line, skipped like `CSVFile` does.
    private func blankOrRow(next: Int, isQuoted: Bool, fieldStart: Int, fieldEnd: Int) -> Result {
        fieldCount == 1 && !isQuoted && fieldStart == fieldEnd ? .blank(next: next) : .row(next: next)
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, quoted: Bool) -> String {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return quoted ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }
}

/// A file read through one buffer: `bytes[position..<end]` is what has not been consumed yet.
/// Shared by the streaming readers (numeric grids here, BACI trade files in the Trade module).
public struct ChunkedFile {
    public static let chunk = 1 << 20
    public private(set) var bytes: UnsafeMutablePointer<UInt8>
    public private(set) var capacity: Int
    public var position = 0
    public private(set) var end = 0
    public private(set) var atEOF = false
    private let fd: Int32
    /// Bytes of the file before `bytes[0]` (moved out by `refill`), for byte offsets in messages.
    private(set) var consumed = 0
    /// The file's size when opened (`fstat`), or -1 when unknown.
    let size: Int
    /// The file offset at which reading stops as if the file ended there (`Int.max`: its end).
    var limit = Int.max

    public init(path: String) throws(InputError) {
        try self.init(path: path, from: 0)
    }

    /// The file from byte `offset` on (`bytes[0]` is that byte; messages count from the file's start).
    init(path: String, from offset: Int) throws(InputError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(file: path, "cannot read the file", hint: "check its permissions") }
        self.fd = fd
        var info = stat()
        size = fstat(fd, &info) == 0 ? Int(info.st_size) : -1
        capacity = max(min((size < 0 ? ChunkedFile.chunk : size - offset) + 1, ChunkedFile.chunk), 64)
        bytes = .allocate(capacity: capacity)
        if offset > 0 {
            guard lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else {
                _ = close(fd); bytes.deallocate()
                throw InputError(file: path, "cannot read the file", hint: "check its permissions")
            }
            consumed = offset
        }
    }

    /// Reads on to the file's end again after `limit` stopped it.
    mutating func removeLimit() {
        limit = .max
        atEOF = false
    }

    /// The file offset of `bytes[position]`.
    var offset: Int { consumed + position }

    /// The offset just after the first line feed at or after file offset `start`, read with
    /// `pread` (the buffer is not touched); nil when there is none within 16 MiB or on a read error.
    func offsetAfterLineFeed(from start: Int) -> Int? {
        let window = 1 << 16
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: window)
        defer { buffer.deallocate() }
        var at = start
        while at < start + (16 << 20) {
            let got = pread(fd, buffer, window, off_t(at))
            guard got > 0 else { return nil }
            if let k = UnsafeBufferPointer(start: buffer, count: got).firstIndex(of: 0x0A) { return at + k + 1 }
            at += got
        }
        return nil
    }

    public func release() {
        _ = close(fd)
        bytes.deallocate()
    }

    /// Checks that the row `bytes[position..<next]` (starting on line `rowLine`) is UTF-8: an
    /// ASCII scan, eight bytes at a time, and a full check only from the first non-ASCII byte.
    func checkUTF8(upTo next: Int, rowLine: Int, path: String) throws(InputError) {
        guard let first = InvalidUTF8.firstNonASCII(bytes, from: position, to: next) else { return }
        let row = UnsafeBufferPointer(start: UnsafePointer(bytes), count: next)
        guard let bad = InvalidUTF8.firstInvalidOffset(in: row, from: first, to: next) else { return }
        throw InvalidUTF8.csvError(path: path, bytes: row, rowStart: position, rowLine: rowLine, offset: bad, fileOffset: consumed)
    }

    /// Moves the unconsumed bytes to the front, doubles the buffer when they fill it, and reads
    /// until the buffer is full or the file ends.
    public mutating func refill(path: String) throws(InputError) {
        let pending = end - position
        if position > 0 {
            if pending > 0 { memmove(bytes, bytes + position, pending) }
            consumed += position
            position = 0
            end = pending
        }
        if end == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: bytes, count: end)
            bytes.deallocate()
            bytes = larger
            capacity *= 2
        }
        while end < capacity {
            let want = min(capacity - end, limit - (consumed + end))
            if want <= 0 { atEOF = true; break }
            let got = read(fd, bytes + end, want)
            if got < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, "cannot read the file", hint: "check its permissions")
            }
            if got == 0 { atEOF = true; break }
            end += got
        }
    }
}

/// In-place reordering of row-major values into column-major.
enum RowMajor {
    /// The order from which a square transpose runs on two threads (`BackgroundWork.inTwo`).
    static let parallelOrder = 512

    /// Turns `values` (rows × columns, row after row) into column-major order. A square block is
    /// transposed in place by tiles; otherwise through one temporary of the same size.
    /// - Complexity: O(rows · columns).
    static func transpose(_ values: inout [Double], rows: Int, columns: Int) {
        precondition(values.count == rows * columns)
        guard rows > 1, columns > 1 else { return }  // a single row or column reads the same both ways
        if rows == columns {
            let n = rows, tile = 32
            let tileRows = (n + tile - 1) / tile
            values.withUnsafeMutableBufferPointer { p in
                // Tile row t swaps the pairs (i, j), (j, i) with i in its 32 rows and j > i: the
                // tile rows touch disjoint pairs, so two threads can take a range each.
                func swapTileRows(_ range: Range<Int>) {
                    for t in range {
                        let ib = t * tile
                        for jb in stride(from: ib, to: n, by: tile) {
                            let jEnd = min(jb + tile, n)
                            for i in ib..<min(ib + tile, n) {
                                let jStart = max(jb, i + 1)
                                guard jStart < jEnd else { continue }
                                for j in jStart..<jEnd { p.swapAt(i * n + j, j * n + i) }
                            }
                        }
                    }
                }
                guard n >= parallelOrder else { swapTileRows(0..<tileRows); return }
                // Tile row t has about n − 32 t elements to its right: the first part takes the
                // rows up to half of the total.
                let total = (0..<tileRows).reduce(0) { $0 + (n - $1 * tile) }
                var split = 0, first = 0
                while split < tileRows, 2 * first < total { first += n - split * tile; split += 1 }
                BackgroundWork.inTwo { part in swapTileRows(part == 0 ? 0..<split : split..<tileRows) }
            }
        } else {
            let source = values
            values.withUnsafeMutableBufferPointer { p in
                source.withUnsafeBufferPointer { s in
                    for r in 0..<rows { for c in 0..<columns { p[r + c * rows] = s[r * columns + c] } }
                }
            }
        }
    }
}
