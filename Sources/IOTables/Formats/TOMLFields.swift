import Foundation

/// Typed, checked access to one TOML table, for files with a fixed set of keys.
///
/// Every read records the key as known; `rejectUnknownKeys()` then reports any other key
/// with its line, column and a "did you mean".
public struct TOMLFields {
    public let table: TOMLTable
    public let path: String
    /// Where this table sits, for messages: "" for the root, "model" for `[model]`.
    public let context: String
    public private(set) var known: Set<String> = []

    public init(_ table: TOMLTable, path: String, context: String = "") {
        self.table = table
        self.path = path
        self.context = context
    }

    var where_: String { context.isEmpty ? "" : " in [\(context)]" }

    func position(_ key: String) -> SourcePosition { table[key]?.position ?? table.position }

    public func error(_ key: String, _ message: String, hint: String? = nil) -> InputError {
        let p = position(key)
        return InputError(file: path, line: p.line, column: p.column, message, hint: hint)
    }

    func missing(_ key: String, _ what: String) -> InputError {
        InputError(file: path, line: table.position.line, column: table.position.column,
                   "missing key \"\(key)\"\(where_)", hint: "add \(key) = \(what)")
    }

    func wrongType(_ key: String, expected: String, found: TOMLValue) -> InputError {
        error(key, "\"\(key)\"\(where_) must be \(expected), found \(found.typeName)")
    }

    public mutating func has(_ key: String) -> Bool {
        known.insert(key)
        return table[key] != nil
    }

    public mutating func string(_ key: String) throws(InputError) -> String? {
        known.insert(key)
        guard let node = table[key] else { return nil }
        guard case let .string(s) = node.value else { throw wrongType(key, expected: "a string in quotes", found: node.value) }
        return s
    }

    public mutating func requiredString(_ key: String, example: String) throws(InputError) -> String {
        guard let s = try string(key) else { throw missing(key, example) }
        return s
    }

    public mutating func int(_ key: String) throws(InputError) -> Int? {
        known.insert(key)
        guard let node = table[key] else { return nil }
        guard case let .integer(v) = node.value else { throw wrongType(key, expected: "an integer", found: node.value) }
        return v
    }

    /// An integer in `range`. A float that is a whole number (`365.0`, as a sweep substitutes it)
    /// is accepted; any other float, NaN, an infinity or a value outside the range is refused at
    /// the value's line and column (`CheckedInteger`).
    public mutating func int(_ key: String, in range: ClosedRange<Int>, hint: String? = nil) throws(InputError) -> Int? {
        known.insert(key)
        guard let node = table[key] else { return nil }
        let name = context.isEmpty ? key : "\(key) in [\(context)]"
        switch node.value {
        case let .integer(v):
            guard range.contains(v) else {
                throw error(key, "\(name) must be \(CheckedInteger.describe(range)), found \(v)", hint: hint)
            }
            return v
        case let .float(v):
            return try Int(checking: v, name, in: range, file: path, at: node.position, hint: hint)
        default:
            throw wrongType(key, expected: "an integer", found: node.value)
        }
    }

    /// A number: integers are accepted where a float is expected. NaN and infinities are refused.
    public mutating func double(_ key: String) throws(InputError) -> Double? {
        known.insert(key)
        guard let node = table[key] else { return nil }
        switch node.value {
        case let .integer(v): return Double(v)
        case let .float(v):
            guard v.isFinite else { throw error(key, "\"\(key)\"\(where_) must be a finite number") }
            return v
        default: throw wrongType(key, expected: "a number", found: node.value)
        }
    }

    public mutating func bool(_ key: String) throws(InputError) -> Bool? {
        known.insert(key)
        guard let node = table[key] else { return nil }
        guard case let .bool(v) = node.value else { throw wrongType(key, expected: "true or false", found: node.value) }
        return v
    }

    /// A string or an array of strings, as a list.
    public mutating func strings(_ key: String) throws(InputError) -> [(String, SourcePosition)]? {
        known.insert(key)
        guard let node = table[key] else { return nil }
        switch node.value {
        case let .string(s): return [(s, node.position)]
        case let .array(items):
            var out: [(String, SourcePosition)] = []
            for item in items {
                guard case let .string(s) = item.value else {
                    throw InputError(file: path, line: item.position.line, column: item.position.column,
                                     "\"\(key)\"\(where_) must list strings, found \(item.value.typeName)")
                }
                out.append((s, item.position))
            }
            return out
        default: throw wrongType(key, expected: "a string or an array of strings", found: node.value)
        }
    }

    /// A sub-table (`[key]` or `key = { … }`).
    public mutating func table(_ key: String) throws(InputError) -> TOMLFields? {
        known.insert(key)
        guard let node = table[key] else { return nil }
        guard case let .table(t) = node.value else { throw wrongType(key, expected: "a table", found: node.value) }
        return TOMLFields(t, path: path, context: context.isEmpty ? key : "\(context).\(key)")
    }

    /// An array of tables (`[[key]]`).
    public mutating func tables(_ key: String) throws(InputError) -> [TOMLFields]? {
        known.insert(key)
        guard let node = table[key] else { return nil }
        guard case let .array(items) = node.value else { throw wrongType(key, expected: "an array of tables ([[\(key)]])", found: node.value) }
        var out: [TOMLFields] = []
        for (k, item) in items.enumerated() {
            guard case let .table(t) = item.value else {
                throw InputError(file: path, line: item.position.line, column: item.position.column, "each \"\(key)\" must be a table, found \(item.value.typeName)")
            }
            out.append(TOMLFields(t, path: path, context: "\(context.isEmpty ? "" : context + ".")\(key)[\(k + 1)]"))
        }
        return out
    }

    /// Refuses keys that no reader asked for, suggesting the closest known key.
    /// The error for a required `key` that is missing: `fallback` ("an import shock needs
    /// \"cut\""), unless a key of this table that is not one of `valid` looks like `key` — a
    /// misspelling (`cutt`, `cüt`) that the unknown-key check would only find later. Then that
    /// key's unknown-key error, at its position, with "did you mean" `key`.
    public func missing(_ key: String, valid: Set<String>, orElse fallback: InputError) -> InputError {
        let typo = table.keys.sorted().first { !valid.contains($0) && $0 != key && Suggestions.closest(to: $0, among: [key]).contains(key) }
        guard let typo else { return fallback }
        let p = table.keyPosition(typo) ?? table.position
        return InputError(file: path, line: p.line, column: p.column, "unknown key \"\(typo)\"\(where_)", hint: "did you mean \"\(key)\"?")
    }

    public func rejectUnknownKeys(allowed extra: [String] = []) throws(InputError) {
        let allowed = known.union(extra)
        for key in table.keys where !allowed.contains(key) {
            let p = table.keyPosition(key) ?? table.position
            let suggestion = Suggestions.didYouMean(key, among: Array(allowed).sorted())
            throw InputError(file: path, line: p.line, column: p.column, "unknown key \"\(key)\"\(where_)",
                             hint: suggestion ?? "known keys: \(allowed.sorted().joined(separator: ", "))")
        }
    }
}

/// Writes TOML scalars.
public enum TOMLWriter {
    public static func string(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 { out += String(format: "\\u%04X", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }

    public static func strings(_ list: [String]) -> String {
        "[" + list.map(string).joined(separator: ", ") + "]"
    }
}
