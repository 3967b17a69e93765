/// A problem with a file a user gave us, located as precisely as we can: file, line, column.
///
/// Its description reads like a compiler diagnostic, so editors can jump to it:
/// `matrices/x/Z.csv:12:7: error: "1,2.5" is not a number` followed by what would fix it.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line, when the problem is on one line.
    public var line: Int?
    /// 1-based column (CSV: field number; TOML: character), when known.
    public var column: Int?
    /// What is wrong.
    public var message: String
    /// What would fix it.
    public var hint: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, _ message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column, line != nil { location += ":\(column)" }
        var text = "\(location): error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// Suggestions for a misspelt name: the candidates closest in edit distance.
public enum Suggestions {
    /// The closest candidates to `word` (case-insensitive Levenshtein), at most `limit`,
    /// only those within a distance that still looks like a typo.
    public static func closest(to word: String, among candidates: [String], limit: Int = 3) -> [String] {
        let w = Array(word.lowercased())
        let threshold = max(2, w.count / 3)
        let scored = candidates.map { ($0, distance(w, Array($0.lowercased()))) }
            .filter { $0.1 <= threshold || $0.0.lowercased().hasPrefix(word.lowercased()) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        return Array(scored.prefix(limit).map(\.0))
    }

    /// "did you mean …?" text, or nil when nothing is close.
    public static func didYouMean(_ word: String, among candidates: [String]) -> String? {
        let best = closest(to: word, among: candidates)
        guard !best.isEmpty else { return nil }
        return "did you mean " + best.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
