/// Where the first byte that is not valid UTF-8 stands in a file, so that a reader can say
/// "line 3, column 7, byte offset 41" instead of "cannot read the file as UTF-8 text".
///
/// Validation follows the Unicode Standard's table 3-7 (well-formed UTF-8 byte sequences): no
/// overlong forms, no surrogates (U+D800…U+DFFF), nothing above U+10FFFF, no truncated sequence.
public struct InvalidUTF8: Equatable, Sendable {
    /// 0-based offset of the first byte of the ill-formed sequence from the start of the file.
    public var byteOffset: Int
    /// 1-based line (lines end at LF, CRLF or a lone CR).
    public var line: Int
    /// 1-based column in characters (Swift `Character`s) of the valid text before it on its line.
    public var column: Int
    /// The offending byte.
    public var byte: UInt8

    /// "byte 0xFF at byte offset 41 (line 3, column 7)"-style description of the byte.
    public var byteDescription: String {
        "byte 0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) + " at byte offset \(byteOffset)"
    }

    /// The offset of the first byte of the first ill-formed sequence in `bytes[range]`, or nil
    /// when that range is valid UTF-8.
    public static func firstInvalidOffset<C: RandomAccessCollection>(in bytes: C, from start: Int = 0, to end: Int? = nil) -> Int?
    where C.Element == UInt8, C.Index == Int {
        let end = end ?? bytes.endIndex
        var i = start
        while i < end {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i  // 0x80…0xC1 (continuation or overlong lead), 0xF5…0xFF
            }
            guard i + 1 < end, bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
            for k in 2..<length {
                guard i + k < end, bytes[i + k] & 0xC0 == 0x80 else { return i }
            }
            i += length
        }
        return nil
    }

    /// The first ill-formed sequence in `bytes`, located by line and column; nil when all is valid.
    /// `start` skips a byte-order mark or anything else the reader has already consumed.
    public static func find(in bytes: [UInt8], from start: Int = 0) -> InvalidUTF8? {
        guard let offset = firstInvalidOffset(in: bytes, from: start) else { return nil }
        return locate(offset, in: bytes, from: start)
    }

    /// Line and column of `offset` in `bytes` (valid UTF-8 before it), counting from `start`.
    public static func locate(_ offset: Int, in bytes: [UInt8], from start: Int = 0) -> InvalidUTF8 {
        var line = 1
        var lineStart = start
        var i = start
        while i < offset {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            else if bytes[i] == 0x0D, i + 1 >= bytes.count || bytes[i + 1] != 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return InvalidUTF8(byteOffset: offset, line: line, column: column, byte: bytes[offset])
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension InvalidUTF8 {
    /// The error for the ill-formed UTF-8 at `offset` of a CSV buffer whose row starting at
    /// `rowStart` (on line `rowLine`) holds it. Its column is the field number, as in every CSV
    /// message; the message adds the byte, its offset in the file (`offset + fileOffset`) and its
    /// character column on the line. Quotes are followed so that commas and line ends inside a
    /// quoted field neither end the field nor, for commas, count.
    static func csvError<C: RandomAccessCollection>(path: String, bytes: C, rowStart: Int, rowLine: Int, offset: Int,
                                                    fileOffset: Int = 0) -> InputError
    where C.Element == UInt8, C.Index == Int {
        var line = rowLine, lineStart = rowStart, field = 1, inQuotes = false
        var i = rowStart
        while i < offset {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { inQuotes.toggle() }
            else if b == UInt8(ascii: ","), !inQuotes { field += 1 }
            else if b == 0x0A || (b == 0x0D && (i + 1 >= bytes.endIndex || bytes[i + 1] != 0x0A)) {
                line += 1; lineStart = i + 1
                if !inQuotes { field = 1 }
            }
            i += 1
        }
        let character = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        let byte = bytes[offset]
        let where_ = InvalidUTF8(byteOffset: fileOffset + offset, line: line, column: character, byte: byte)
        return InputError(file: path, line: line, column: field,
                          "the file is not valid UTF-8: \(where_.byteDescription) (character \(character) of line \(line), in field \(field)) does not begin a valid UTF-8 sequence",
                          hint: "save the file as UTF-8 (in a spreadsheet: CSV UTF-8)")
    }

    /// The offset of the first byte ≥ 0x80 in `p[start..<end]`, eight bytes at a time; nil when all are ASCII.
    @inline(__always)
    static func firstNonASCII(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var i = start
        while i + 8 <= end {
            if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < end {
            if p[i] >= 0x80 { return i }
            i += 1
        }
        return nil
    }
}
