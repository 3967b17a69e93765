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
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, "file not found")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the file", hint: "check that it is a file and that you may read it")
        }
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
    /// Tables made by a header or an inline table are closed to later re-definition.
    var isExplicit = false
    var isInline = false

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

    init(path: String, text: String) {
        self.path = path
        self.chars = Array(text)
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

    mutating func skipComment() {
        if current == "#" { while let c = current, c != "\n", c != "\r\n" { advance() } }
    }

    /// Spaces, comments and newlines (inside arrays).
    mutating func skipBlank() {
        while let c = current {
            if c == " " || c == "\t" || c == "\n" || c == "\r\n" || c == "\r" { advance() }
            else if c == "#" { skipComment() }
            else { break }
        }
    }

    mutating func expectEndOfLine() throws(InputError) {
        skipSpaces()
        skipComment()
        guard let c = current else { return }
        guard c == "\n" || c == "\r\n" || c == "\r" else {
            throw error("unexpected \"\(c)\" after a value", hint: "put each key = value on its own line; start comments with #")
        }
        advance()
    }

    // MARK: Document

    mutating func parseDocument() throws(InputError) -> TOMLTable {
        var root = TOMLTable(position: SourcePosition(line: 1, column: 1))
        root.isExplicit = true
        var currentPath: [String] = []
        var headerDepth = 0
        while true {
            skipBlank()
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
                    try appendArrayTable(&root, keyPath.map(\.0), at: headerPos)
                } else {
                    try defineTable(&root, keyPath.map(\.0), at: headerPos)
                }
                currentPath = keyPath.map(\.0)
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
                try insert(&root, tablePath: currentPath, keyPath: keyPath, node: node)
            }
        }
        return root
    }

    /// Walks `path` from `table`, following the last element of arrays of tables, and applies `body`.
    func descend(_ table: inout TOMLTable, _ path: ArraySlice<String>, create: Bool, at pos: SourcePosition,
                 _ body: (inout TOMLTable) throws(InputError) -> Void) throws(InputError) {
        guard let first = path.first else { try body(&table); return }
        let rest = path.dropFirst()
        if table[first] == nil {
            guard create else { return }
            var t = TOMLTable(position: pos)
            t.isExplicit = false
            table.set(first, TOMLNode(value: .table(t), position: pos), keyPosition: pos)
        }
        let parser = self
        try table.update(first) { (node: inout TOMLNode) throws(InputError) in
            switch node.value {
            case var .table(sub):
                if sub.isInline { throw parser.error("the inline table \"\(first)\" cannot be extended", at: pos) }
                try parser.descend(&sub, rest, create: create, at: pos, body)
                node.value = .table(sub)
            case var .array(items):
                guard let lastIndex = items.indices.last, case var .table(sub) = items[lastIndex].value else {
                    throw parser.error("\"\(first)\" is already a value, not a table", at: pos)
                }
                try parser.descend(&sub, rest, create: create, at: pos, body)
                items[lastIndex].value = .table(sub)
                node.value = .array(items)
            default:
                throw parser.error("\"\(first)\" is already a value, not a table", at: pos)
            }
        }
    }

    func defineTable(_ root: inout TOMLTable, _ path: [String], at pos: SourcePosition) throws(InputError) {
        let parent = path.dropLast()
        let name = path.last!
        let parser = self
        try descend(&root, parent, create: true, at: pos) { (t: inout TOMLTable) throws(InputError) in
            if let existing = t[name] {
                guard case var .table(sub) = existing.value, !sub.isExplicit else {
                    throw parser.error("the table [\(path.joined(separator: "."))] is defined twice", at: pos, hint: "merge the two sections")
                }
                sub.isExplicit = true
                sub.position = pos
                t.set(name, TOMLNode(value: .table(sub), position: pos), keyPosition: pos)
            } else {
                var sub = TOMLTable(position: pos)
                sub.isExplicit = true
                t.set(name, TOMLNode(value: .table(sub), position: pos), keyPosition: pos)
            }
        }
    }

    func appendArrayTable(_ root: inout TOMLTable, _ path: [String], at pos: SourcePosition) throws(InputError) {
        let parent = path.dropLast()
        let name = path.last!
        let parser = self
        try descend(&root, parent, create: true, at: pos) { (t: inout TOMLTable) throws(InputError) in
            var sub = TOMLTable(position: pos)
            sub.isExplicit = true
            let element = TOMLNode(value: .table(sub), position: pos)
            if let existing = t[name] {
                guard case var .array(items) = existing.value, items.allSatisfy({ if case .table = $0.value { true } else { false } }) else {
                    throw parser.error("\"\(name)\" is already a value, not an array of tables", at: pos)
                }
                items.append(element)
                t.set(name, TOMLNode(value: .array(items), position: existing.position), keyPosition: t.keyPosition(name) ?? pos)
            } else {
                t.set(name, TOMLNode(value: .array([element]), position: pos), keyPosition: pos)
            }
            _ = sub
        }
    }

    func insert(_ root: inout TOMLTable, tablePath: [String], keyPath: [(String, SourcePosition)], node: TOMLNode) throws(InputError) {
        let parser = self
        try descend(&root, tablePath[...], create: true, at: keyPath[0].1) { (t: inout TOMLTable) throws(InputError) in
            try parser.insertDotted(&t, keyPath[...], node: node)
        }
    }

    func insertDotted(_ t: inout TOMLTable, _ keyPath: ArraySlice<(String, SourcePosition)>, node: TOMLNode) throws(InputError) {
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
            t.set(key, TOMLNode(value: .table(TOMLTable(position: pos)), position: pos), keyPosition: pos)
        }
        let parser = self
        try t.update(key) { (n: inout TOMLNode) throws(InputError) in
            guard case var .table(sub) = n.value, !sub.isInline else {
                throw parser.error("\"\(key)\" is already a value, not a table", at: pos)
            }
            try parser.insertDotted(&sub, keyPath.dropFirst(), node: node)
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
        let clean = text.replacingOccurrences(of: "_", with: "")
        switch clean {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where clean.hasPrefix(prefix) {
            if let v = Int(clean.dropFirst(2), radix: radix) { return .integer(v) }
            throw error("\"\(text)\" is not a valid number", at: pos)
        }
        let isFloat = clean.contains(".") || clean.contains("e") || clean.contains("E")
        if !isFloat, let v = Int(clean) { return .integer(v) }
        if isFloat, let v = Double(clean), clean.first != ".", clean.last != "." { return .float(v) }
        throw error("\"\(text)\" is not a valid value", at: pos, hint: "strings need quotes (\"…\"); numbers use a dot as the decimal separator")
    }

    mutating func parseArray() throws(InputError) -> [TOMLNode] {
        let start = position
        try nest(at: start)
        defer { depth -= 1 }
        advance()  // [
        var items: [TOMLNode] = []
        while true {
            skipBlank()
            guard let c = current else { throw error("an array is never closed", at: start, hint: "add \"]\"") }
            if c == "]" { advance(); return items }
            items.append(try parseValue())
            skipBlank()
            if current == "," { advance(); continue }
            skipBlank()
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
        if current == "}" { advance(); table.isInline = true; table.isExplicit = true; return table }
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
            try insertDotted(&table, keyPath[...], node: node)
            skipSpaces()
            if current == "," { advance(); continue }
            if current == "}" { advance(); break }
            throw error("expected \",\" or \"}\" in an inline table", hint: "an inline table must be on one line")
        }
        table.isInline = true
        table.isExplicit = true
        return table
    }

    // MARK: Strings

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
            for _ in 0..<count { if let h = current { hex.append(h); advance() } }
            guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                throw error("invalid unicode escape \\\(c)\(hex)", at: pos)
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
            advance()
            if c == "'" { return s }
            s.append(c)
        }
    }

    mutating func parseMultilineBasicString() throws(InputError) -> String {
        let start = position
        for _ in 0..<3 { advance() }
        if current == "\n" || current == "\r\n" { advance() }
        var s = ""
        while true {
            guard let c = current else { throw error("a multi-line string is never closed", at: start, hint: "add the closing \"\"\"") }
            if lookahead("\"\"\"") { for _ in 0..<3 { advance() }; return s }
            if c == "\\" {
                // A line-ending backslash trims the newline and following whitespace.
                var k = i + 1
                while k < chars.count, chars[k] == " " || chars[k] == "\t" { k += 1 }
                if k < chars.count, chars[k] == "\n" || chars[k] == "\r\n" {
                    advance()
                    skipBlank()
                    continue
                }
                s.append(contentsOf: try parseEscape())
                continue
            }
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
            if lookahead("'''") { for _ in 0..<3 { advance() }; return s }
            s.append(c == "\r\n" ? "\n" : c)
            advance()
        }
    }
}
