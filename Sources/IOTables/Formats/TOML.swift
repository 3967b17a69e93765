import Foundation

/// A TOML document parsed with the position of every key and value, so that a scenario or
/// table file can be checked key by key and every error can name its line and column.
///
/// Supports what ioshock's files use: comments, bare, quoted and dotted keys, `[tables]`,
/// `[[arrays of tables]]`, basic, literal and multi-line strings, integers (with `_`, hex, octal,
/// binary), floats (`inf`, `nan` are parsed and then rejected by callers), booleans, arrays and
/// inline tables. Dates are not supported and are reported as such.
public struct TOMLDocument: Sendable {
    public let path: String
    public let root: TOMLTable

    /// How deep a value may be nested, counting every part of its table header and of its
    /// (dotted) key and every array and inline table around it: `a.b = [[1]]` is 4 levels deep.
    /// Deeper documents are refused with the line and column where the limit is crossed, so that
    /// no reader, writer or clean-up recursing through a document can run out of stack.
    public static let maximumNesting = 128

    public init(path: String) throws(InputError) {
        let data = try InputFile.contents(path)
        try self.init(path: path, bytes: [UInt8](data))
    }

    /// Parses the bytes of a file (`path` only names it in messages). A leading UTF-8 byte-order
    /// mark is skipped; bytes that are not UTF-8 are refused with the line, column and byte offset
    /// of the first bad one.
    public init(path: String, bytes: [UInt8]) throws(InputError) {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let bad = InvalidUTF8.find(in: bytes, from: start) {
            throw InputError(file: path, line: bad.line, column: bad.column,
                             "the file is not valid UTF-8: \(bad.byteDescription) does not begin a valid UTF-8 sequence",
                             hint: "save the file as UTF-8 (TOML files must be UTF-8)")
        }
        try self.init(path: path, text: String(decoding: bytes[start...], as: UTF8.self))
    }

    public init(path: String, text: String) throws(InputError) {
        self.path = path
        var parser = TOMLParser(path: path, text: text)
        self.root = try parser.parseDocument()
    }
}

/// Where something stands in a file: 1-based line and column.
public struct SourcePosition: Equatable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
}

/// A value with the position where it was written.
public struct TOMLNode: Sendable {
    public var value: TOMLValue
    public var position: SourcePosition
}

public enum TOMLValue: Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case array([TOMLNode])
    case table(TOMLTable)

    /// The TOML type name, for messages ("expected a number, found a string").
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .bool: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A table: keys in the order written, each with its value and the position of the key.
public struct TOMLTable: Sendable {
    public private(set) var keys: [String] = []
    private var entries: [String: (node: TOMLNode, keyPosition: SourcePosition)] = [:]
    /// Where the table was opened (its header, or the first key for implicit tables).
    public var position: SourcePosition
    /// How the table was made, for TOML's rule that a table is defined once.
    var origin: Origin = .implicit
    /// Keys whose arrays were made by `[[key]]` headers: those may grow, static arrays may not.
    var arraysOfTables: Set<String> = []

    enum Origin: Equatable, Sendable {
        /// Created as the parent of a header (`a` for `[a.b]`): may still get its own header.
        case implicit
        /// By a `[header]` or `[[header]]` (and the root).
        case header
        /// By dotted keys of one section (document sections count up from 0, inline tables down from −1).
        case dotted(section: Int)
        /// `{ … }`: complete where it is written.
        case inline
    }

    public init(position: SourcePosition) { self.position = position }

    public subscript(key: String) -> TOMLNode? { entries[key]?.node }
    public func keyPosition(_ key: String) -> SourcePosition? { entries[key]?.keyPosition }
    public var isEmpty: Bool { keys.isEmpty }

    mutating func set(_ key: String, _ node: TOMLNode, keyPosition: SourcePosition) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = (node, keyPosition)
    }

    mutating func update(_ key: String, _ body: (inout TOMLNode) throws(InputError) -> Void) throws(InputError) {
        guard var entry = entries[key] else { return }
        try body(&entry.node)
        entries[key] = entry
    }
}

struct TOMLParser {
    let path: String
    let chars: [Character]
    var i = 0
    var line = 1
    var lineStart = 0
    /// Levels of nesting around the value being read (see `TOMLDocument.maximumNesting`).
    var depth = 0
    /// The last section number given to an inline table (they count down from −1).
    var inlineSections = 0

    init(path: String, text: String) {
        self.path = path
        // Swift joins a combining mark (or a joiner) to the character before it, so `"` followed
        // by U+0301 would be one Character and the quote would be missed. An ASCII scalar is always
        // read as a Character of its own, and what was joined to it follows as another.
        var chars: [Character] = []
        chars.reserveCapacity(text.utf8.count)
        for c in text {
            let scalars = c.unicodeScalars
            if scalars.count > 1, c != "\r\n", let first = scalars.first, first.isASCII {
                chars.append(Character(first))
                var rest = String.UnicodeScalarView()
                rest.append(contentsOf: scalars.dropFirst())
                chars.append(contentsOf: String(rest))
            } else {
                chars.append(c)
            }
        }
        self.chars = chars
    }

    var position: SourcePosition { SourcePosition(line: line, column: i - lineStart + 1) }

    func error(_ message: String, at pos: SourcePosition? = nil, hint: String? = nil) -> InputError {
        let p = pos ?? position
        return InputError(file: path, line: p.line, column: p.column, message, hint: hint)
    }

    /// Enters `levels` more levels of nesting, refusing to go beyond `TOMLDocument.maximumNesting`.
    mutating func nest(_ levels: Int = 1, at pos: SourcePosition? = nil) throws(InputError) {
        depth += levels
        guard depth <= TOMLDocument.maximumNesting else { throw nestingError(at: pos) }
    }

    func nestingError(at pos: SourcePosition?) -> InputError {
        error("nested more than \(TOMLDocument.maximumNesting) levels deep", at: pos,
              hint: "ioshock reads at most \(TOMLDocument.maximumNesting) levels of table headers, dotted keys, arrays and inline tables; flatten the structure")
    }

    var atEnd: Bool { i >= chars.count }
    var current: Character? { i < chars.count ? chars[i] : nil }

    mutating func advance() {
        if chars[i] == "\n" || chars[i] == "\r\n" { line += 1; lineStart = i + 1 }
        i += 1
    }

    mutating func skipSpaces() { while let c = current, c == " " || c == "\t" { advance() } }

    mutating func skipComment() throws(InputError) {
        guard current == "#" else { return }
        while let c = current, c != "\n", c != "\r\n" {
            if Self.isControl(c) { throw controlError(in: "in a comment") }
            advance()
        }
    }

    /// Spaces, comments and newlines (inside arrays).
    mutating func skipBlank() throws(InputError) {
        while let c = current {
            if c == " " || c == "\t" || c == "\n" || c == "\r\n" { advance() }
            else if c == "#" { try skipComment() }
            else { break }
        }
    }

    mutating func expectEndOfLine() throws(InputError) {
        skipSpaces()
        try skipComment()
        guard let c = current else { return }
        guard c == "\n" || c == "\r\n" else {
            if c == "\r" { throw controlError(in: "after a value") }
            throw error("unexpected \"\(c)\" after a value", hint: "put each key = value on its own line; start comments with #")
        }
        advance()
    }

    // MARK: Document

    mutating func parseDocument() throws(InputError) -> TOMLTable {
        var root = TOMLTable(position: SourcePosition(line: 1, column: 1))
        root.origin = .header
        var currentPath: [(String, SourcePosition)] = []
        var headerDepth = 0
        var section = 0
        while true {
            try skipBlank()
            guard let c = current else { break }
            if c == "[" {
                let headerPos = position
                advance()
                let isArray = current == "["
                if isArray { advance() }
                skipSpaces()
                depth = 0
                let keyPath = try parseKeyPath()
                try nest(keyPath.count + (isArray ? 1 : 0), at: keyPath.last?.1)
                skipSpaces()
                guard current == "]" else { throw error("expected \"]\" to close the table header") }
                advance()
                if isArray {
                    guard current == "]" else { throw error("expected \"]]\" to close the array-of-tables header") }
                    advance()
                }
                try expectEndOfLine()
                if isArray {
                    try appendArrayTable(&root, keyPath, at: headerPos)
                } else {
                    try defineTable(&root, keyPath, at: headerPos)
                }
                currentPath = keyPath
                section += 1
                headerDepth = depth
            } else {
                depth = headerDepth
                let keyPath = try parseKeyPath()
                try nest(keyPath.count, at: keyPath.last?.1)
                skipSpaces()
                guard current == "=" else {
                    throw error("expected \"=\" after the key \"\(keyPath.map(\.0).joined(separator: "."))\"", hint: "write key = value")
                }
                advance()
                skipSpaces()
                let node = try parseValue()
                try expectEndOfLine()
                try insert(&root, tablePath: currentPath, keyPath: keyPath, node: node, section: section)
            }
        }
        return root
    }

    /// Walks a header's `path` from `table` and applies `body` to the table it ends at: missing
    /// tables are created (implicitly defined), tables are entered and so is the last table of an
    /// array of tables; an inline table, a static array or any other value on the way is an error.
    func walkHeader(_ table: inout TOMLTable, _ path: ArraySlice<(String, SourcePosition)>,
                    _ body: (inout TOMLTable) throws(InputError) -> Void) throws(InputError) {
        guard let (first, pos) = path.first else { try body(&table); return }
        let rest = path.dropFirst()
        if table[first] == nil {
            table.set(first, TOMLNode(value: .table(TOMLTable(position: pos)), position: pos), keyPosition: pos)
        }
        let isArrayOfTables = table.arraysOfTables.contains(first)
        let parser = self
        try table.update(first) { (node: inout TOMLNode) throws(InputError) in
            switch node.value {
            case var .table(sub):
                if sub.origin == .inline { throw parser.inlineError(first, at: pos) }
                try parser.walkHeader(&sub, rest, body)
                node.value = .table(sub)
            case var .array(items) where isArrayOfTables:
                guard let lastIndex = items.indices.last, case var .table(sub) = items[lastIndex].value else {
                    throw parser.error("\"\(first)\" is not an array of tables", at: pos)
                }
                try parser.walkHeader(&sub, rest, body)
                items[lastIndex].value = .table(sub)
                node.value = .array(items)
            case .array:
                throw parser.error("\"\(first)\" is an array written with [ ] (line \(node.position.line)), which cannot be extended", at: pos,
                                   hint: "write its tables with [[\(first)]] headers instead")
            default:
                throw parser.error("\"\(first)\" is already a value (line \(node.position.line)), not a table", at: pos)
            }
        }
    }

    func inlineError(_ name: String, at pos: SourcePosition) -> InputError {
        error("the inline table \"\(name)\" cannot be extended", at: pos,
              hint: "an inline table { … } is complete where it is written; write it as a [table] section to add keys")
    }

    /// `[path]`: defines a table once. It may have been created implicitly (as the parent of an
    /// earlier header), not by another header, by dotted keys or as an inline table.
    func defineTable(_ root: inout TOMLTable, _ path: [(String, SourcePosition)], at pos: SourcePosition) throws(InputError) {
        let (name, namePos) = path.last!
        let shown = path.map(\.0).joined(separator: ".")
        let parser = self
        try walkHeader(&root, path.dropLast()[...]) { (t: inout TOMLTable) throws(InputError) in
            guard let existing = t[name] else {
                var sub = TOMLTable(position: pos)
                sub.origin = .header
                t.set(name, TOMLNode(value: .table(sub), position: pos), keyPosition: namePos)
                return
            }
            let first = existing.position.line
            if t.arraysOfTables.contains(name) {
                throw parser.error("[\(shown)] is an array of tables (line \(first))", at: pos, hint: "write [[\(shown)]] to add a table to it")
            }
            guard case var .table(sub) = existing.value else {
                throw parser.error("\"\(shown)\" is already a value (line \(first)), not a table", at: pos)
            }
            switch sub.origin {
            case .implicit: break
            case .header: throw parser.error("the table [\(shown)] is defined twice (first on line \(first))", at: pos, hint: "merge the two sections")
            case .dotted: throw parser.error("the table [\(shown)] was already defined by dotted keys (line \(first))", at: pos,
                                             hint: "write its keys in one place: either under [\(shown)] or as dotted keys")
            case .inline: throw parser.inlineError(shown, at: pos)
            }
            sub.origin = .header
            sub.position = pos
            t.set(name, TOMLNode(value: .table(sub), position: pos), keyPosition: namePos)
        }
    }

    /// `[[path]]`: appends a table to an array of tables, making the array on first use.
    func appendArrayTable(_ root: inout TOMLTable, _ path: [(String, SourcePosition)], at pos: SourcePosition) throws(InputError) {
        let (name, namePos) = path.last!
        let parser = self
        try walkHeader(&root, path.dropLast()[...]) { (t: inout TOMLTable) throws(InputError) in
            var sub = TOMLTable(position: pos)
            sub.origin = .header
            let element = TOMLNode(value: .table(sub), position: pos)
            if let existing = t[name] {
                guard t.arraysOfTables.contains(name), case var .array(items) = existing.value else {
                    throw parser.error("\"\(name)\" is already a value (line \(existing.position.line)), not an array of tables", at: pos,
                                       hint: "an array written with [ ] cannot be extended with [[\(name)]]")
                }
                items.append(element)
                t.set(name, TOMLNode(value: .array(items), position: existing.position), keyPosition: t.keyPosition(name) ?? namePos)
            } else {
                t.set(name, TOMLNode(value: .array([element]), position: pos), keyPosition: namePos)
                t.arraysOfTables.insert(name)
            }
        }
    }

    /// `a.b.c = value` in the section `[tablePath]`.
    func insert(_ root: inout TOMLTable, tablePath: [(String, SourcePosition)], keyPath: [(String, SourcePosition)],
                node: TOMLNode, section: Int) throws(InputError) {
        let parser = self
        try walkHeader(&root, tablePath[...]) { (t: inout TOMLTable) throws(InputError) in
            try parser.insertDotted(&t, keyPath[...], node: node, section: section)
        }
    }

    /// Sets a (dotted) key in `t`. The tables a dotted key goes through are defined by it: it may
    /// create them, enter tables that dotted keys of the same `section` created, or take over
    /// tables created implicitly by headers; never a [header] table, an inline table or an array.
    func insertDotted(_ t: inout TOMLTable, _ keyPath: ArraySlice<(String, SourcePosition)>, node: TOMLNode, section: Int) throws(InputError) {
        let (key, pos) = keyPath.first!
        if keyPath.count == 1 {
            if t[key] != nil {
                let previous = t.keyPosition(key)
                throw error("the key \"\(key)\" is set twice", at: pos, hint: previous.map { "it was first set on line \($0.line); keep one" })
            }
            t.set(key, node, keyPosition: pos)
            return
        }
        if t[key] == nil {
            var sub = TOMLTable(position: pos)
            sub.origin = .dotted(section: section)
            t.set(key, TOMLNode(value: .table(sub), position: pos), keyPosition: pos)
        }
        let isArrayOfTables = t.arraysOfTables.contains(key)
        let parser = self
        try t.update(key) { (n: inout TOMLNode) throws(InputError) in
            guard case var .table(sub) = n.value, !isArrayOfTables else {
                throw parser.error("\"\(key)\" is already a value (line \(n.position.line)), not a table", at: pos)
            }
            switch sub.origin {
            case .implicit: sub.origin = .dotted(section: section)
            case .dotted(let s) where s == section: break
            case .dotted: throw parser.error("the table \"\(key)\" was defined by dotted keys in another section (line \(n.position.line))", at: pos,
                                             hint: "write all the dotted keys of a table in one section")
            case .header: throw parser.error("the table \"\(key)\" has its own [header] (line \(n.position.line)); dotted keys cannot add to it", at: pos,
                                             hint: "write the key under that header")
            case .inline: throw parser.inlineError(key, at: pos)
            }
            try parser.insertDotted(&sub, keyPath.dropFirst(), node: node, section: section)
            n.value = .table(sub)
        }
    }

    // MARK: Keys

    mutating func parseKeyPath() throws(InputError) -> [(String, SourcePosition)] {
        var parts: [(String, SourcePosition)] = []
        while true {
            skipSpaces()
            let pos = position
            parts.append((try parseKey(), pos))
            if depth + parts.count > TOMLDocument.maximumNesting { throw nestingError(at: pos) }
            skipSpaces()
            if current == "." { advance(); continue }
            return parts
        }
    }

    mutating func parseKey() throws(InputError) -> String {
        guard let c = current else { throw error("expected a key, found the end of the file") }
        if c == "\"" { return try parseBasicString() }
        if c == "'" { return try parseLiteralString() }
        var key = ""
        while let c = current, c.isASCII, c.isLetter || c.isNumber || c == "_" || c == "-" {
            key.append(c)
            advance()
        }
        guard !key.isEmpty else {
            throw error("expected a key, found \"\(c)\"", hint: "keys are letters, digits, _ and -, or a quoted string")
        }
        return key
    }

    // MARK: Values

    mutating func parseValue() throws(InputError) -> TOMLNode {
        let pos = position
        guard let c = current else { throw error("expected a value, found the end of the file") }
        switch c {
        case "\"":
            if lookahead("\"\"\"") { return TOMLNode(value: .string(try parseMultilineBasicString()), position: pos) }
            return TOMLNode(value: .string(try parseBasicString()), position: pos)
        case "'":
            if lookahead("'''") { return TOMLNode(value: .string(try parseMultilineLiteralString()), position: pos) }
            return TOMLNode(value: .string(try parseLiteralString()), position: pos)
        case "[":
            return TOMLNode(value: .array(try parseArray()), position: pos)
        case "{":
            return TOMLNode(value: .table(try parseInlineTable(at: pos)), position: pos)
        case "t", "f":
            if lookahead("true") { for _ in 0..<4 { advance() }; return TOMLNode(value: .bool(true), position: pos) }
            if lookahead("false") { for _ in 0..<5 { advance() }; return TOMLNode(value: .bool(false), position: pos) }
            throw error("unknown value", hint: "strings need quotes: \"…\"")
        default:
            return TOMLNode(value: try parseNumber(), position: pos)
        }
    }

    func lookahead(_ s: String) -> Bool {
        var k = i
        for ch in s {
            guard k < chars.count, chars[k] == ch else { return false }
            k += 1
        }
        return true
    }

    mutating func parseNumber() throws(InputError) -> TOMLValue {
        let pos = position
        var text = ""
        while let c = current, !(c == " " || c == "\t" || c == "," || c == "]" || c == "}" || c == "#" || c == "\n" || c == "\r\n" || c == "\r") {
            text.append(c)
            advance()
        }
        guard !text.isEmpty else { throw error("expected a value", at: pos) }
        if text.contains(":") || (text.count >= 10 && text.dropFirst(4).first == "-" && text.first?.isNumber == true) {
            throw error("dates and times are not supported here", at: pos, hint: "write the date as a string in quotes")
        }
        let chars = Array(text)
        let clean = String(chars.filter { $0 != "_" })
        switch text {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let notANumber = error("\"\(text)\" is not a valid value", at: pos, hint: "strings need quotes (\"…\"); numbers use a dot as the decimal separator")
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) {
            var k = 2
            guard TOMLNumberSyntax.digits(chars, &k, radix: radix), k == chars.count else {
                throw error("\"\(text)\" is not a valid number", at: pos, hint: "write \(prefix) then digits, with _ only between digits")
            }
            guard let v = Int(clean.dropFirst(2), radix: radix) else {
                throw error("\"\(text)\" does not fit in a 64-bit integer", at: pos)
            }
            return .integer(v)
        }
        // Decimal: [+-] integer part, then optionally .fraction and e[+-]exponent (TOML 1.0 ABNF).
        var k = 0
        if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
        let intStart = k
        guard TOMLNumberSyntax.digits(chars, &k, radix: 10) else { throw notANumber }
        if chars[intStart] == "0", chars[intStart..<k].count > 1 {
            throw error("\"\(text)\" has a leading zero", at: pos, hint: "write decimal numbers without leading zeros (0o… is an octal integer)")
        }
        var isFloat = false
        if k < chars.count, chars[k] == "." {
            k += 1
            guard TOMLNumberSyntax.digits(chars, &k, radix: 10) else { throw notANumber }
            isFloat = true
        }
        if k < chars.count, chars[k] == "e" || chars[k] == "E" {
            k += 1
            if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
            guard TOMLNumberSyntax.digits(chars, &k, radix: 10) else { throw notANumber }
            isFloat = true
        }
        guard k == chars.count else { throw notANumber }
        if isFloat {
            guard let v = Double(clean) else { throw notANumber }
            return .float(v)
        }
        guard let v = Int(clean) else { throw error("\"\(text)\" does not fit in a 64-bit integer", at: pos) }
        return .integer(v)
    }

    mutating func parseArray() throws(InputError) -> [TOMLNode] {
        let start = position
        try nest(at: start)
        defer { depth -= 1 }
        advance()  // [
        var items: [TOMLNode] = []
        while true {
            try skipBlank()
            guard let c = current else { throw error("an array is never closed", at: start, hint: "add \"]\"") }
            if c == "]" { advance(); return items }
            items.append(try parseValue())
            try skipBlank()
            if current == "," { advance(); continue }
            try skipBlank()
            if current == "]" { advance(); return items }
            if atEnd { throw error("an array is never closed", at: start, hint: "add \"]\"") }
            throw error("expected \",\" or \"]\" in an array")
        }
    }

    mutating func parseInlineTable(at pos: SourcePosition) throws(InputError) -> TOMLTable {
        try nest(at: pos)
        defer { depth -= 1 }
        advance()  // {
        var table = TOMLTable(position: pos)
        skipSpaces()
        if current == "}" { advance(); table.origin = .inline; return table }
        // Dotted keys inside may build sub-tables of this inline table only: a section of its own.
        inlineSections -= 1
        let section = inlineSections
        while true {
            skipSpaces()
            let keyPath = try parseKeyPath()
            try nest(keyPath.count, at: keyPath.last?.1)
            skipSpaces()
            guard current == "=" else { throw error("expected \"=\" in an inline table") }
            advance()
            skipSpaces()
            let node = try parseValue()
            depth -= keyPath.count
            try insertDotted(&table, keyPath[...], node: node, section: section)
            skipSpaces()
            if current == "," { advance(); continue }
            if current == "}" { advance(); break }
            throw error("expected \",\" or \"}\" in an inline table", hint: "an inline table must be on one line")
        }
        table.origin = .inline
        return table
    }

    // MARK: Strings

    /// TOML's control characters: U+0000–U+001F except tab, and U+007F. (A control character is
    /// always a `Character` of its own, except CR LF, which is a newline.)
    static func isControl(_ c: Character) -> Bool {
        guard c != "\r\n", let v = c.unicodeScalars.first?.value else { return false }
        return (v < 0x20 && v != 0x09) || v == 0x7F
    }

    /// The error for the control character at the current position.
    func controlError(in what: String) -> InputError {
        let v = current?.unicodeScalars.first?.value ?? 0
        let hex = String(v, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if current == "\r" {
            return error("a carriage return (\(code)) without a line feed \(what)", hint: "end lines with LF or CR LF")
        }
        return error("the control character \(code) is not allowed \(what)",
                     hint: what.contains("comment") ? "remove it" : "write it as the escape \\u\(code.dropFirst(2)) in a \"…\" string")
    }

    mutating func parseBasicString() throws(InputError) -> String {
        let start = position
        advance()
        var s = ""
        while true {
            guard let c = current, c != "\n", c != "\r\n" else {
                throw error("a string is never closed", at: start, hint: "add the closing \"")
            }
            if c == "\"" { advance(); return s }
            if c == "\\" { s.append(contentsOf: try parseEscape()); continue }
            if Self.isControl(c) { throw controlError(in: "in a string") }
            s.append(c)
            advance()
        }
    }

    mutating func parseEscape() throws(InputError) -> String {
        let pos = position
        advance()
        guard let c = current else { throw error("unfinished escape", at: pos) }
        advance()
        switch c {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "\\": return "\\"
        case "\"": return "\""
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let h = current, h.isASCII, h.isHexDigit else { break }
                hex.append(h)
                advance()
            }
            guard hex.count == count, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                throw error("invalid unicode escape \\\(c)\(hex)", at: pos,
                            hint: "write \\u and 4 or \\U and 8 hex digits of a Unicode scalar (not a surrogate, at most 10FFFF)")
            }
            return String(Character(scalar))
        default:
            throw error("invalid escape \\\(c)", at: pos, hint: "use \\\\ for a backslash, or a literal string in single quotes")
        }
    }

    mutating func parseLiteralString() throws(InputError) -> String {
        let start = position
        advance()
        var s = ""
        while true {
            guard let c = current, c != "\n", c != "\r\n" else {
                throw error("a string is never closed", at: start, hint: "add the closing '")
            }
            if Self.isControl(c) { throw controlError(in: "in a string") }
            advance()
            if c == "'" { return s }
            s.append(c)
        }
    }

    /// At a run of quotes that closes a multi-line string: up to two of them before the closing
    /// three belong to the string (`""""a""""` is `"a"`). Returns how many, or nil when the run is
    /// shorter than three.
    func closingQuotes(_ quote: Character) -> Int? {
        var n = 0
        while i + n < chars.count, chars[i + n] == quote, n < 5 { n += 1 }
        return n >= 3 ? n - 3 : nil
    }

    mutating func parseMultilineBasicString() throws(InputError) -> String {
        let start = position
        for _ in 0..<3 { advance() }
        if current == "\n" || current == "\r\n" { advance() }
        var s = ""
        while true {
            guard let c = current else { throw error("a multi-line string is never closed", at: start, hint: "add the closing \"\"\"") }
            if let extra = closingQuotes("\"") {
                s.append(contentsOf: String(repeating: "\"", count: extra))
                for _ in 0..<(3 + extra) { advance() }
                return s
            }
            if c == "\\" {
                // A line-ending backslash trims the newline and all whitespace and newlines after it.
                var k = i + 1
                while k < chars.count, chars[k] == " " || chars[k] == "\t" { k += 1 }
                if k < chars.count, chars[k] == "\n" || chars[k] == "\r\n" {
                    advance()
                    while let w = current, w == " " || w == "\t" || w == "\n" || w == "\r\n" { advance() }
                    continue
                }
                s.append(contentsOf: try parseEscape())
                continue
            }
            if Self.isControl(c), c != "\n" { throw controlError(in: "in a string") }
            s.append(c == "\r\n" ? "\n" : c)
            advance()
        }
    }

    mutating func parseMultilineLiteralString() throws(InputError) -> String {
        let start = position
        for _ in 0..<3 { advance() }
        if current == "\n" || current == "\r\n" { advance() }
        var s = ""
        while true {
            guard let c = current else { throw error("a multi-line string is never closed", at: start, hint: "add the closing '''") }
            if let extra = closingQuotes("'") {
                s.append(contentsOf: String(repeating: "'", count: extra))
                for _ in 0..<(3 + extra) { advance() }
                return s
            }
            if Self.isControl(c), c != "\n" { throw controlError(in: "in a string") }
            s.append(c == "\r\n" ? "\n" : c)
            advance()
        }
    }
}

/// The digit runs of TOML numbers: `DIGIT *( DIGIT / "_" DIGIT )`.
enum TOMLNumberSyntax {
    /// Reads digits of `radix` from `chars[k...]`, with each `_` between two digits. Returns false
    /// when there is no digit at `k` or an underscore is not between digits.
    static func digits(_ chars: [Character], _ k: inout Int, radix: Int) -> Bool {
        func isDigit(_ c: Character) -> Bool {
            guard c.isASCII, let v = c.hexDigitValue else { return false }
            return v < radix
        }
        guard k < chars.count, isDigit(chars[k]) else { return false }
        k += 1
        while k < chars.count {
            if isDigit(chars[k]) { k += 1; continue }
            if chars[k] == "_" {
                guard k + 1 < chars.count, isDigit(chars[k + 1]) else { return false }
                k += 2
                continue
            }
            break
        }
        return true
    }
}
