/// The one way a number read from a file or a command line becomes an `Int`.
///
/// `Int(_: Double)` traps on NaN, infinities and values beyond ±9.2e18 (`start_day = 1e19` used
/// to stop the program with "Illegal instruction"). Every conversion of a parsed number goes
/// through here instead: `int(_:rounding:in:)` answers nil for a value that has no integer in the
/// range, and `Int(checking:…)` turns that into an `InputError` with the file, line and column,
/// the value and the allowed range. `wholeText(_:)` is the non-throwing form for messages and
/// reports.
public enum CheckedInteger {
    /// `value`, rounded by `rule` (or required to be a whole number when `rule` is nil), as an
    /// `Int` inside `range`; nil when it is not finite, not whole, or outside the range.
    public static func int(_ value: Double, rounding rule: FloatingPointRoundingRule? = nil,
                           in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard value.isFinite else { return nil }
        let rounded = rule.map { value.rounded($0) } ?? value
        guard let i = Int(exactly: rounded), range.contains(i) else { return nil }
        return i
    }

    /// A number as text without a trailing ".0" when it is a whole number that fits an `Int`
    /// ("90", "1e+19", "0.5"); never traps.
    public static func wholeText(_ value: Double) -> String {
        if let i = int(value), abs(value) < 1e15 { return String(i) }
        return String(value)
    }

    /// "between 0 and 364", "1 or more", "at most 10".
    public static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound == Int.min, range.upperBound == Int.max) {
        case (true, true): return "an integer"
        case (false, true): return "\(range.lowerBound) or more"
        case (true, false): return "at most \(range.upperBound)"
        case (false, false): return "between \(range.lowerBound) and \(range.upperBound)"
        }
    }
}

extension Int {
    /// `value` as an integer in `range`, or an `InputError` at `file:line:column` that names
    /// the value and the range: "start_day must be between 0 and 364, found 1e+19".
    /// - Parameters:
    ///   - name: the key or option, as the user wrote it.
    ///   - rule: how a fraction is rounded first; nil requires a whole number.
    public init(checking value: Double, _ name: String, in range: ClosedRange<Int>, rounding rule: FloatingPointRoundingRule? = nil,
                file: String, line: Int? = nil, column: Int? = nil, hint: String? = nil) throws(InputError) {
        if let i = CheckedInteger.int(value, rounding: rule, in: range) {
            self = i
            return
        }
        let found = value.isFinite ? String(value) : "\(value) (not a finite number)"
        let what = rule == nil && value.isFinite && value.rounded() != value && abs(value) < 1e15 ? "a whole number " : ""
        throw InputError(file: file, line: line, column: column, "\(name) must be \(what)\(CheckedInteger.describe(range)), found \(found)", hint: hint)
    }

    /// The same, positioned at a TOML value.
    public init(checking value: Double, _ name: String, in range: ClosedRange<Int>, rounding rule: FloatingPointRoundingRule? = nil,
                file: String, at position: SourcePosition, hint: String? = nil) throws(InputError) {
        try self.init(checking: value, name, in: range, rounding: rule, file: file, line: position.line, column: position.column, hint: hint)
    }
}
