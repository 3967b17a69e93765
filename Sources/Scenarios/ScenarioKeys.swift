import Foundation
import IOTables

/// The range of a numeric scenario key and whether it takes integers only: declared once, in
/// `ScenarioKeys.numeric`, and used by the parser's check, its error message, the uncertainty
/// plan (grid values, distribution bounds, truncation, integer draws) and the test that keeps
/// docs/scenarios.md in step (`docNotation` is what the key's row of the doc says).
public struct NumericRange: Sendable, Equatable {
    public var lower: Double
    public var lowerOpen: Bool
    public var upper: Double
    public var upperOpen: Bool
    /// Only integers (TOML integers in the file; draws of a distribution are rounded to one).
    public var integer: Bool

    public init(_ lower: Double, _ upper: Double = .infinity, lowerOpen: Bool = false, upperOpen: Bool = false, integer: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.lowerOpen = lowerOpen
        self.upperOpen = upperOpen || upper == .infinity
        self.integer = integer
    }

    /// [a, b]
    public static func closed(_ a: Double, _ b: Double) -> NumericRange { NumericRange(a, b) }
    /// (a, b)
    public static func open(_ a: Double, _ b: Double) -> NumericRange { NumericRange(a, b, lowerOpen: true, upperOpen: true) }
    /// [a, ∞)
    public static func atLeast(_ a: Double) -> NumericRange { NumericRange(a) }
    /// Integers in [a, b].
    public static func integers(_ a: Int, _ b: Int? = nil) -> NumericRange { NumericRange(Double(a), b.map(Double.init) ?? .infinity, integer: true) }
    /// Any finite number.
    public static let any = NumericRange(-.infinity)

    public func contains(_ v: Double) -> Bool {
        guard v.isFinite else { return false }
        if integer, v != v.rounded() { return false }
        let aboveLower = lowerOpen ? v > lower : v >= lower
        let belowUpper = upperOpen ? v < upper : v <= upper
        return aboveLower && belowUpper
    }

    /// The closed range that sampling and truncation use: open bounds moved one ulp inwards.
    public var closedRange: ClosedRange<Double> {
        let lo = lowerOpen && lower.isFinite ? lower.nextUp : lower
        let hi = upperOpen && upper.isFinite ? upper.nextDown : upper
        return lo...hi
    }

    /// The nearest admissible value of a number inside `closedRange`: itself, or for an integer
    /// key the nearest integer (ties to the lower one), which the integer bounds keep inside.
    public func admissible(_ v: Double) -> Double {
        guard integer else { return v }
        let r = (v - 0.5).rounded(.up)
        return Swift.min(Swift.max(r, lower), upper)
    }

    /// "between 1 and 3650", "strictly between 0 and 1", "0 or more", "above −1", "an integer
    /// between 1 and 3650", "an integer, 1 or more": what the error message says the value must be.
    public var phrase: String {
        let kind = integer ? "an integer " : ""
        let lo = CheckedInteger.wholeText(lower).replacingOccurrences(of: "-", with: "−"), hi = CheckedInteger.wholeText(upper)
        if upper == .infinity {
            if lower == -.infinity { return integer ? "an integer" : "a finite number" }
            return integer ? "an integer, \(lo) or more" : lowerOpen ? "above \(lo)" : "\(lo) or more"
        }
        switch (lowerOpen, upperOpen) {
        case (false, false): return "\(kind)between \(lo) and \(hi)"
        case (true, true): return "\(kind)strictly between \(lo) and \(hi)"
        case (true, false): return "\(kind)greater than \(lo) and at most \(hi)"
        case (false, true): return "\(kind)at least \(lo) and less than \(hi)"
        }
    }

    /// How docs/scenarios.md writes the type: "number in [1, 3650]", "integer ≥ 1", "number in (0, 1)",
    /// "number ≥ −1" (with a minus sign).
    public var docNotation: String {
        let kind = integer ? "integer" : "number"
        let lo = CheckedInteger.wholeText(lower).replacingOccurrences(of: "-", with: "−"), hi = CheckedInteger.wholeText(upper)
        if upper == .infinity { return lowerOpen ? "\(kind) > \(lo)" : "\(kind) ≥ \(lo)" }
        return "\(kind) in \(lowerOpen ? "(" : "[")\(lo), \(hi)\(upperOpen ? ")" : "]")"
    }
}

/// Every numeric key of the scenario format (docs/scenarios.md) with its range and a hint.
public enum ScenarioKeys {
    public struct Numeric: Sendable {
        public var range: NumericRange
        /// What to write instead, for the error message.
        public var hint: String?
    }

    /// The longest horizon, duration or stock a scenario may give, in days (ten years).
    public static let maximumDays = 3650

    /// Keyed by the TOML key; a key means the same wherever it appears (`recovery_days` of both
    /// dynamic models; `inventory_days` and the values of `[model.inventory_days_by_sector]`;
    /// `duration_days` and the items of `sweep_duration_days`), except where the entry names its
    /// context in parentheses: `change (value-added)` is the `change` of a value-added shock.
    public static let numeric: [String: Numeric] = [
        // [[shock]]
        "cut": Numeric(range: .closed(0, 1), hint: "0 = no cut, 1 = imports stop entirely"),
        "loss": Numeric(range: .closed(0, 1), hint: "0.3 = 30 % of capacity lost"),
        "change": Numeric(range: .atLeast(-1), hint: "a fall of at most 100 %: −0.1 = −10 %"),
        "change (value-added)": Numeric(range: NumericRange(-1, lowerOpen: true), hint: "change is relative: 0.1 = +10 % value added per unit of output"),
        "price_change": Numeric(range: NumericRange(-1, lowerOpen: true), hint: "price_change is relative: 0.5 = +50 %, 3.0 = +300 %, −0.2 = −20 %"),
        "start_day": Numeric(range: .atLeast(0), hint: "the first day of the shock, counted from day 0"),
        "duration_days": Numeric(range: .closed(1, Double(maximumDays)), hint: "the shock's length in days, e.g. 90 for three months"),
        // [model], supply-constrained and dynamic
        "substitution": Numeric(range: .closed(0, 1), hint: "0 = no replacement from other origins, 1 = all missing imports replaced"),
        "spare_capacity": Numeric(range: .atLeast(0), hint: "0.05 lets sectors produce 5 % above baseline"),
        "domestic_substitution": Numeric(range: .closed(0, 1), hint: "0.5 = users try to buy half of their missing imports from domestic producers"),
        // At most 1e-3: a looser stop lets the iteration end near its starting point (with 0.5 a
        // 50 % cut stopped after one round with no impact at all).
        "tolerance": Numeric(range: NumericRange(0, 1e-3, lowerOpen: true), hint: "1e-10 is the default"),
        "max_iterations": Numeric(range: .integers(1, 10_000_000), hint: "1000 is the default"),
        // [model], time axis
        "horizon_days": Numeric(range: .integers(1, maximumDays), hint: "365 simulates a year"),
        "recovery_days": Numeric(range: .closed(1, Double(maximumDays)), hint: "days for a shock (or an inoperability) to fade, e.g. 30"),
        "residual_fraction": Numeric(range: .open(0, 1), hint: "0.01 counts a sector as recovered when 99 % of its inoperability is gone"),
        "tau": Numeric(range: .closed(1, 365), hint: "tau is the number of days over which firms close the gap to their target stock; Pichler et al. (2022) use 10"),
        "demand_response": Numeric(range: .closed(0, 1), hint: "0 = final demand unchanged by the shock, 1 = falls one for one with value added"),
        "inventory_days": Numeric(range: .closed(0, Double(maximumDays)), hint: "days of production the stocks of inputs cover; 0 = no stocks"),
        "initial_inoperability": Numeric(range: .closed(0, 1), hint: "the share of every sector's output lost on day 0 (0.1 = 10 %)"),
        // [trade]
        "year": Numeric(range: .integers(1900, 2100), hint: "the calendar year of the trade data, e.g. year = 2022"),
        // [output]
        "top": Numeric(range: .integers(1, 10_000_000), hint: "the number of sectors printed, e.g. 20"),
        "relaxations": Numeric(range: .integers(0, 100_000), hint: "the re-solves that explain a supply-constrained run; 0 explains the chains without the output each link would give back"),
        // [uncertainty]
        "draws": Numeric(range: .integers(1, UncertaintyPlan.maximumDraws), hint: "draws = 1000 is a good start; 10000 gives stable 5th and 95th percentiles"),
        "seed": Numeric(range: .integers(0), hint: "any non-negative integer, e.g. seed = 2024"),
    ]

    /// The range of `key`, or nil for a key that is not a numeric scenario key.
    public static func range(of key: String) -> NumericRange? { numeric[key]?.range }
}

extension TOMLFields {
    /// The number at `key`, checked against the key's range and integrality in `ScenarioKeys`
    /// (nil when absent); the error names the key's line and column and its range.
    public mutating func number(_ key: String, entry: String? = nil) throws(InputError) -> Double? {
        guard let spec = ScenarioKeys.numeric[entry ?? key] else { preconditionFailure("\(entry ?? key) is not in ScenarioKeys.numeric") }
        let value: Double?
        if spec.range.integer { value = try int(key).map(Double.init) } else { value = try double(key) }
        guard let value else { return nil }
        try Self.check(value, spec, key: key) { message, hint in error(key, message, hint: hint) }
        return value
    }

    /// `number(_:)` for an integer key, as the `Int` written in the file.
    public mutating func integer(_ key: String) throws(InputError) -> Int? {
        guard let spec = ScenarioKeys.numeric[key], spec.range.integer else { preconditionFailure("\(key) is not an integer key of ScenarioKeys.numeric") }
        guard let value = try int(key) else { return nil }
        try Self.check(Double(value), spec, key: key) { message, hint in error(key, message, hint: hint) }
        return value
    }

    /// The range check of one value of `key` (also for items of arrays and per-sector tables).
    static func check(_ value: Double, _ spec: ScenarioKeys.Numeric, key: String, what: String? = nil,
                      error: (String, String?) -> InputError) throws(InputError) {
        guard !spec.range.contains(value) else { return }
        throw error("\(what ?? key) must be \(spec.range.phrase), found \(CheckedInteger.wholeText(value))", spec.hint)
    }

    /// An array item or a value of a sub-table checked as a value of `key`.
    public func check(_ value: Double, as key: String, what: String, at position: SourcePosition) throws(InputError) {
        guard let spec = ScenarioKeys.numeric[key] else { preconditionFailure("\(key) is not in ScenarioKeys.numeric") }
        try Self.check(value, spec, key: key, what: what) { message, hint in
            InputError(file: path, line: position.line, column: position.column, message, hint: hint)
        }
    }
}
