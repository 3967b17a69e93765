import Foundation
import IOTables

/// The uncertain values of a scenario document and how they are drawn (docs/scenarios.md,
/// "Uncertainty and sweeps").
///
/// A pre-pass over the parsed TOML finds every value written as a list, a range with steps or a
/// distribution, with its position; each draw is then a concrete document (those values replaced
/// by numbers, every position kept) that the ordinary scenario parser checks (`ScenarioTemplate`
/// builds the same scenario without parsing it again). With at least one
/// distribution the run is Monte Carlo (`draws` draws; lists are drawn uniformly from their
/// values); with lists and ranges only it is a sweep over every combination.
///
/// Draw i uses its own generator, SplitMix64 seeded with the i-th number of SplitMix64(seed),
/// and draws the parameters in the order they appear in the file, so every value depends only on
/// (seed, i): the same seed gives the same draws on any number of threads.
public struct UncertaintyPlan: Sendable {
    public enum Mode: String, Sendable {
        case monteCarlo = "monte-carlo"
        case sweep
    }

    /// `[uncertainty] method`: plain Monte Carlo draws, or the Saltelli design of a Sobol
    /// analysis (`SaltelliDesign`), which evaluates the model N·(k + 2) times for N = `draws`.
    public enum Method: String, Sendable, CaseIterable {
        case monteCarlo = "monte-carlo"
        case sobol
    }

    /// The scenario without its `[uncertainty]` table; uncertain values still in place.
    public let document: TOMLDocument
    public let parameters: [UncertainParameter]
    public let mode: Mode
    /// Number of draws (Monte Carlo) or combinations (sweep).
    public let draws: Int
    public let seed: UInt64
    public var path: String { document.path }
    /// Where `draws` is written in `[uncertainty]`; nil when it comes from `--draws` or is the
    /// number of sweep combinations.
    public var drawsPosition: SourcePosition? = nil
    /// Monte Carlo (the default) or Sobol; a sweep is always `.monteCarlo`.
    public var method: Method = .monteCarlo
    /// Bootstrap resamples of a Sobol analysis's intervals (`[uncertainty] bootstrap`).
    public var bootstrap: Int = Self.defaultBootstrap

    public static let defaultBootstrap = 1000
    public static let maximumBootstrap = 100_000

    /// The Saltelli design of a Sobol plan (nil otherwise): every parameter is a distribution.
    public var design: SaltelliDesign? {
        guard method == .sobol else { return nil }
        let distributions = parameters.compactMap { p -> Distribution? in if case let .distribution(d) = p.spec { d } else { nil } }
        return SaltelliDesign(distributions: distributions, baseSize: draws, seed: seed)
    }

    /// The model evaluations of the run: `draws` (Monte Carlo, sweep), or N·(k + 2) with
    /// N = `draws` (Sobol).
    public var evaluations: Int { design?.evaluations ?? draws }

    /// The leading evaluations that are independent draws of the parameters, which the summaries
    /// (impacts_summary.csv, the central values, percentiles) are taken over: every draw, or
    /// for Sobol the 2N rows of A and B (the A_B⁽ⁱ⁾ rows repeat their columns).
    public var sampleDraws: Int { method == .sobol ? 2 * draws : draws }

    /// The most draws or sweep combinations a run accepts (memory: draws × sectors × columns numbers).
    public static let maximumDraws = 200_000

    /// The plan of a scenario document, or nil when it has no uncertain value and no `[uncertainty]`.
    public static func detect(_ document: TOMLDocument) throws(InputError) -> UncertaintyPlan? {
        let path = document.path
        var parameters: [UncertainParameter] = []
        try collect(document.root, path: [], file: path, into: &parameters, isRoot: true)
        var root = TOMLFields(document.root, path: path)
        let settings = try root.table("uncertainty")
        guard !parameters.isEmpty || settings != nil else { return nil }
        var draws: Int?
        var seed: UInt64 = 1
        var drawsPosition = document.root.position
        var method = Method.monteCarlo
        var bootstrap: Int?
        var bootstrapPosition = document.root.position
        if var u = settings {
            if let d = try u.integer("draws") {
                drawsPosition = u.table["draws"]!.position
                draws = d
            }
            if let s = try u.integer("seed") { seed = UInt64(s) }
            if let m = try u.string("method") {
                guard let known = Method(rawValue: m) else {
                    let names = Method.allCases.map(\.rawValue)
                    throw u.error("method", "unknown method \"\(m)\"",
                                  hint: Suggestions.didYouMean(m, among: names) ?? "use one of \(names.map { "\"\($0)\"" }.joined(separator: ", "))")
                }
                method = known
            }
            if let b = try u.int("bootstrap", in: 0...maximumBootstrap, hint: "bootstrap = 1000 resamples give stable 95 % intervals; 0 leaves them out") {
                bootstrap = b
                bootstrapPosition = u.table["bootstrap"]!.position
            }
            try u.rejectUnknownKeys()
        }
        guard !parameters.isEmpty else {
            let p = document.root.keyPosition("uncertainty") ?? document.root.position
            throw InputError(file: path, line: p.line, column: p.column, "the [uncertainty] table is given but no value of the scenario is uncertain",
                             hint: "write a parameter as a list (cut = [0.3, 0.5]), a range (cut = { from = 0.3, to = 0.7, steps = 5 }) or a distribution (cut = { distribution = \"uniform\", min = 0.3, max = 0.7 }), or remove [uncertainty]")
        }
        // Each uncertain value is a column of draws.csv and a row of sensitivity.csv, named by its
        // label (or its path): two with one name could not be told apart.
        var named: [String: SourcePosition] = [:]
        for p in parameters {
            if let first = named[p.name] {
                throw InputError(file: path, line: p.position.line, column: p.position.column,
                                 "two uncertain values are named \"\(p.name)\" (the first on line \(first.line))",
                                 hint: "give each its own label: draws.csv and sensitivity.csv name their columns and rows by it")
            }
            named[p.name] = p.position
        }
        if method == .sobol {
            try checkSobol(parameters, file: path)
        } else if bootstrap != nil {
            throw InputError(file: path, line: bootstrapPosition.line, column: bootstrapPosition.column,
                             "bootstrap applies to method = \"sobol\" (the resamples of the Sobol indices' intervals)",
                             hint: "add method = \"sobol\" to [uncertainty], or remove bootstrap")
        }
        let hasDistribution = parameters.contains { if case .distribution = $0.spec { true } else { false } }
        let mode: Mode
        let count: Int
        if hasDistribution {
            guard let draws else {
                let p = document.root.keyPosition("uncertainty") ?? parameters.first { if case .distribution = $0.spec { true } else { false } }!.position
                throw InputError(file: path, line: p.line, column: p.column, "a distribution needs a number of draws",
                                 hint: "add\n  [uncertainty]\n  draws = 1000\n  seed = 1")
            }
            mode = .monteCarlo
            count = draws
        } else {
            var product = 1
            for parameter in parameters {
                guard case let .grid(values) = parameter.spec else { continue }
                let (p, overflow) = product.multipliedReportingOverflow(by: values.count)
                guard !overflow, p <= maximumDraws else {
                    throw InputError(file: path, line: parameter.position.line, column: parameter.position.column,
                                     "the sweep has more than \(maximumDraws) combinations",
                                     hint: "use fewer values per list, or distributions with [uncertainty] draws = …")
                }
                product = p
            }
            if draws != nil {
                throw InputError(file: path, line: drawsPosition.line, column: drawsPosition.column,
                                 "draws applies to distributions; a sweep over lists and ranges runs every combination (\(product) here)",
                                 hint: "remove draws, or give at least one parameter as a distribution")
            }
            mode = .sweep
            count = product
        }
        let stripped = TOMLDocument(path: path, root: document.root.removing("uncertainty"))
        var plan = UncertaintyPlan(document: stripped, parameters: parameters, mode: mode, draws: count, seed: seed)
        if mode == .monteCarlo { plan.drawsPosition = drawsPosition }
        plan.method = method
        plan.bootstrap = bootstrap ?? defaultBootstrap
        try plan.checkEvaluations()
        return plan
    }

    /// A Sobol analysis samples every parameter from its distribution's inverse CDF: a list or
    /// range (a sweep's values) is refused at its position.
    static func checkSobol(_ parameters: [UncertainParameter], file: String) throws(InputError) {
        for p in parameters {
            guard case let .grid(values) = p.spec else { continue }
            let key = keyName(p.path)
            let lo = values.min() ?? 0, hi = values.max() ?? 0
            throw InputError(file: file, line: p.position.line, column: p.position.column,
                             "method = \"sobol\" needs every uncertain value as a distribution, but \(p.name) is a list of \(values.count) value(s)",
                             hint: "write it as a distribution, e.g. \(key) = { distribution = \"uniform\", min = \(CheckedInteger.wholeText(lo)), max = \(CheckedInteger.wholeText(hi)) }, or use method = \"monte-carlo\" (lists are then drawn uniformly)")
        }
    }

    /// The largest base sample N of a Sobol plan: N·(k + 2) evaluations at most `maximumDraws`.
    public var maximumSobolDraws: Int { Self.maximumDraws / (parameters.count + 2) }

    /// Refuses a Sobol plan with N = 1 or whose N·(k + 2) evaluations exceed `maximumDraws`.
    /// With N = 1 the variance V comes from two values, f(A) and f(B), and the estimators give
    /// Sᵢ = S_Tᵢ = 2 whenever f(A_B⁽ⁱ⁾) = f(B) (one parameter): no information, so it is refused.
    func checkEvaluations() throws(InputError) {
        guard method == .sobol else { return }
        let k = parameters.count
        if draws < 2 {
            let p = drawsPosition
            let what = p == nil ? "--draws \(draws)" : "draws = \(draws)"
            throw InputError(file: path, line: p?.line, column: p?.column,
                             "method = \"sobol\" needs a base sample of at least 2 rows, but \(what): the variance of the output would come from two evaluations and the indices carry no information",
                             hint: "use draws = 1000 or more for indices within a few hundredths (their bootstrap intervals show the sampling error)")
        }
        guard SaltelliDesign.evaluations(baseSize: draws, parameters: k).map({ $0 > Self.maximumDraws }) ?? true else { return }
        let p = drawsPosition
        let what = p == nil ? "--draws \(draws)" : "draws = \(draws)"
        throw InputError(file: path, line: p?.line, column: p?.column,
                         "method = \"sobol\" evaluates the model N·(k + 2) times: \(what) with k = \(k) uncertain value(s) is more than \(Self.maximumDraws) evaluations",
                         hint: "use at most \(maximumSobolDraws) draws with \(k) uncertain value(s)")
    }

    // MARK: Finding the uncertain values

    static func collect(_ table: TOMLTable, path: [UncertainParameter.PathElement], file: String,
                        into parameters: inout [UncertainParameter], isRoot: Bool = false) throws(InputError) {
        for key in table.keys {
            if isRoot, key == "uncertainty" { continue }
            guard let node = table[key] else { continue }
            let here = path + [.key(key)]
            if isRoot, key == "output", case let .table(t) = node.value {
                // Printing options are not model inputs: a list or distribution there would run
                // identical draws (the outputs use the central value).
                var found: [UncertainParameter] = []
                try collect(t, path: here, file: file, into: &found)
                if let p = found.first {
                    throw InputError(file: file, line: p.position.line, column: p.position.column,
                                     "\(UncertainParameter.dottedName(p.path)) is a printing option and cannot be uncertain (every draw would be the same run)",
                                     hint: "give it one value")
                }
                continue
            }
            switch node.value {
            case let .table(t):
                if t["distribution"] != nil || t["from"] != nil || t["to"] != nil || t["steps"] != nil {
                    parameters.append(try parse(t, at: node.position, path: here, file: file))
                } else if ScenarioKeys.range(of: key) != nil, let given = distributionLookalike(t) {
                    // A numeric key written as a distribution without its name: say which one it
                    // looks like, instead of "no value is uncertain" or "must be a number".
                    let name = UncertainParameter.dottedName(here)
                    let guess = given.contains("mode") ? "triangular" : given.contains("mean") || given.contains("sd") ? "normal"
                        : given.contains("a") || given.contains("b") ? "beta" : "uniform"
                    throw InputError(file: file, line: node.position.line, column: node.position.column,
                                     "\(name) has \(given.map { "\"\($0)\"" }.joined(separator: ", ")) but no \"distribution\"",
                                     hint: "name the distribution, e.g. \(key) = { distribution = \"\(guess)\", \(given.map { "\($0) = …" }.joined(separator: ", ")) }, or give a range as { from, to, steps }")
                } else {
                    try collect(t, path: here, file: file, into: &parameters)
                }
            case let .array(items):
                if !UncertainParameter.listValuedKeys.contains(key), !items.isEmpty, items.allSatisfy({ if case .integer = $0.value { true } else if case .float = $0.value { true } else { false } }) {
                    parameters.append(try parseGrid(items, at: node.position, path: here, file: file))
                } else {
                    for (k, item) in items.enumerated() {
                        if case let .table(t) = item.value { try collect(t, path: here + [.index(k)], file: file, into: &parameters) }
                    }
                }
            default:
                continue
            }
        }
    }

    /// The keys of a distribution's parameters that `t` has, in their order in `t`, when it has
    /// one (nil otherwise).
    static func distributionLookalike(_ t: TOMLTable) -> [String]? {
        let given = t.keys.filter { ["min", "max", "mode", "mean", "sd", "a", "b"].contains($0) }
        return given.isEmpty ? nil : given
    }

    /// The range of the key a value belongs to (`ScenarioKeys`); the values of
    /// `[model.inventory_days_by_sector]` are inventory days.
    static func validRange(_ path: [UncertainParameter.PathElement]) -> NumericRange {
        guard case let .key(k)? = path.last else { return .any }
        if path.count >= 2, case .key("inventory_days_by_sector") = path[path.count - 2] { return ScenarioKeys.range(of: "inventory_days")! }
        return ScenarioKeys.range(of: k) ?? .any
    }

    static func keyName(_ path: [UncertainParameter.PathElement]) -> String {
        if case let .key(k)? = path.last { return k }
        return UncertainParameter.dottedName(path)
    }


    static func parseGrid(_ items: [TOMLNode], at position: SourcePosition, path: [UncertainParameter.PathElement], file: String) throws(InputError) -> UncertainParameter {
        let name = UncertainParameter.dottedName(path)
        let range = validRange(path)
        var values: [Double] = []
        var integers = true
        for item in items {
            let v: Double
            switch item.value {
            case let .integer(i): v = Double(i)
            case let .float(x): v = x; integers = false
            default: continue
            }
            guard v.isFinite else {
                throw InputError(file: file, line: item.position.line, column: item.position.column, "the values of \(name) must be finite numbers")
            }
            guard range.contains(v) else {
                let what = range.integer && v != v.rounded() && range.closedRange.contains(v) ? "is not an integer" : "is outside its valid range"
                throw InputError(file: file, line: item.position.line, column: item.position.column,
                                 "the value \(CheckedInteger.wholeText(v)) of \(name) \(what) (\(keyName(path)) must be \(range.phrase))", hint: "\(keyName(path)) must be \(range.phrase)")
            }
            values.append(v)
        }
        var parameter = UncertainParameter(name: name, path: path, spec: .grid(values), position: position, validRange: range)
        parameter.integerGrid = integers
        return parameter
    }

    /// `{ from, to, steps }` or `{ distribution = …, … }`, each checked with positions.
    static func parse(_ table: TOMLTable, at position: SourcePosition, path: [UncertainParameter.PathElement], file: String) throws(InputError) -> UncertainParameter {
        let dotted = UncertainParameter.dottedName(path)
        var t = TOMLFields(table, path: file, context: dotted)
        let range = validRange(path)
        let label = try t.string("label")
        let name = label ?? dotted
        let key = keyName(path)
        func need(_ k: String, _ what: String) throws(InputError) -> Double {
            guard let v = try t.double(k) else {
                throw t.missing(k, valid: Self.keys(of: what), orElse: InputError(file: file, line: position.line, column: position.column,
                                                                                  "\(what) for \(dotted) needs \"\(k)\"", hint: "write e.g. \(key) = \(example(what))"))
            }
            return v
        }
        // Bounds of a distribution lie in the key's range; for an integer key anywhere between its
        // smallest and largest integer (each draw is rounded to the nearest integer).
        func inside(_ k: String, _ v: Double) throws(InputError) {
            guard range.closedRange.contains(v) else {
                throw t.error(k, "\(k) = \(CheckedInteger.wholeText(v)) is outside the valid range of \(key) (\(range.phrase))", hint: "\(key) must be \(range.phrase)")
            }
        }
        var parameter: UncertainParameter
        if t.table["distribution"] == nil {
            let from = try need("from", "a range"), to = try need("to", "a range")
            guard let steps = try t.int("steps") else {
                throw t.missing("steps", valid: Self.keys(of: "a range"), orElse: InputError(file: file, line: position.line, column: position.column,
                                "a range for \(dotted) needs \"steps\"", hint: "write e.g. \(key) = { from = \(from), to = \(to), steps = 5 }"))
            }
            guard steps >= 1 else { throw t.error("steps", "steps must be at least 1, found \(steps)", hint: "steps = 5 gives from, three values between, and to") }
            guard steps <= maximumDraws else { throw t.error("steps", "steps = \(steps) is more than \(maximumDraws)") }
            if steps == 1, from != to {
                throw t.error("steps", "one step cannot cover a range from \(from) to \(to)", hint: "use steps ≥ 2, or from = to")
            }
            try inside("from", from)
            try inside("to", to)
            let values = steps == 1 ? [from] : (0..<steps).map { k in k == steps - 1 ? to : from + (to - from) * Double(k) / Double(steps - 1) }
            if range.integer, let bad = values.first(where: { $0 != $0.rounded() }) {
                throw t.error("steps", "the range of \(dotted) gives \(CheckedInteger.wholeText(bad)), but \(key) takes integers only",
                              hint: "choose steps so that (to − from) / (steps − 1) is a whole number, or list the values: \(key) = [\(CheckedInteger.wholeText(from)), …, \(CheckedInteger.wholeText(to))]")
            }
            parameter = UncertainParameter(name: name, path: path, spec: .grid(values), position: position, validRange: range)
        } else {
            let kind = try t.string("distribution")!
            let distribution: Distribution
            switch kind {
            case "uniform":
                let lo = try need("min", "a uniform distribution"), hi = try need("max", "a uniform distribution")
                guard lo <= hi else { throw t.error("min", "min (\(lo)) is above max (\(hi))", hint: "swap them: min is the smallest value, max the largest") }
                try inside("min", lo)
                try inside("max", hi)
                distribution = .uniform(min: lo, max: hi)
            case "triangular":
                let lo = try need("min", "a triangular distribution"), mode = try need("mode", "a triangular distribution"), hi = try need("max", "a triangular distribution")
                guard lo <= hi else { throw t.error("min", "min (\(lo)) is above max (\(hi))", hint: "min is the smallest value, max the largest") }
                guard lo <= mode, mode <= hi else { throw t.error("mode", "mode (\(mode)) must lie between min (\(lo)) and max (\(hi))", hint: "the mode is the most likely value") }
                try inside("min", lo)
                try inside("max", hi)
                distribution = .triangular(min: lo, mode: mode, max: hi)
            case "normal":
                let mean = try need("mean", "a normal distribution"), sd = try need("sd", "a normal distribution")
                guard sd > 0 else { throw t.error("sd", "sd must be greater than 0, found \(sd)", hint: "sd is the standard deviation; for a fixed value write the number itself") }
                let userMin = try t.double("min"), userMax = try t.double("max")
                if let userMin { try inside("min", userMin) }
                if let userMax { try inside("max", userMax) }
                let lower = max(range.closedRange.lowerBound, userMin ?? -.infinity), upper = min(range.closedRange.upperBound, userMax ?? .infinity)
                guard lower < upper else { throw t.error("min", "the truncation range is empty (min \(lower), max \(upper))", hint: "min must be below max") }
                let mass = NormalDistribution.probability(between: (lower - mean) / sd, and: (upper - mean) / sd)
                guard mass > 1e-9 else {
                    throw t.error("mean", "a normal distribution with mean \(mean) and sd \(sd) has almost no probability in \(key)'s range (between \(CheckedInteger.wholeText(lower)) and \(CheckedInteger.wholeText(upper)))",
                                  hint: "put the mean inside the range, or widen sd")
                }
                distribution = .normal(mean: mean, sd: sd, lower: lower, upper: upper)
            case "beta":
                let a = try need("a", "a beta distribution"), b = try need("b", "a beta distribution")
                guard a > 0 else { throw t.error("a", "a must be greater than 0, found \(a)", hint: "a and b are the beta shape parameters, e.g. a = 2, b = 5") }
                guard b > 0 else { throw t.error("b", "b must be greater than 0, found \(b)", hint: "a and b are the beta shape parameters, e.g. a = 2, b = 5") }
                let lo = try t.double("min") ?? max(0, range.closedRange.lowerBound), hi = try t.double("max") ?? min(1, range.closedRange.upperBound)
                guard lo < hi else { throw t.error("min", "min (\(lo)) must be below max (\(hi))", hint: "the beta distribution is scaled to [min, max] (default [0, 1])") }
                try inside("min", lo)
                try inside("max", hi)
                distribution = .beta(a: a, b: b, min: lo, max: hi)
            default:
                throw t.error("distribution", "unknown distribution \"\(kind)\"",
                              hint: Suggestions.didYouMean(kind, among: Distribution.names) ?? "use one of \(Distribution.names.joined(separator: ", "))")
            }
            parameter = UncertainParameter(name: name, path: path, spec: .distribution(distribution), position: position, validRange: range)
        }
        try t.rejectUnknownKeys()
        return parameter
    }

    /// The keys of a range or of each distribution (a missing one is reported as a misspelling
    /// when the table holds an unknown key that looks like it: `maxx` for `max`).
    static func keys(of what: String) -> Set<String> {
        switch what {
        case "a range": ["from", "to", "steps", "label"]
        case "a uniform distribution": ["distribution", "min", "max", "label"]
        case "a triangular distribution": ["distribution", "min", "mode", "max", "label"]
        case "a normal distribution": ["distribution", "mean", "sd", "min", "max", "label"]
        default: ["distribution", "a", "b", "min", "max", "label"]
        }
    }

    static func example(_ what: String) -> String {
        switch what {
        case "a range": "{ from = 0.3, to = 0.7, steps = 5 }"
        case "a uniform distribution": "{ distribution = \"uniform\", min = 0.3, max = 0.7 }"
        case "a triangular distribution": "{ distribution = \"triangular\", min = 0.3, mode = 0.5, max = 0.8 }"
        case "a normal distribution": "{ distribution = \"normal\", mean = 0.5, sd = 0.1 }"
        default: "{ distribution = \"beta\", a = 2, b = 5 }"
        }
    }

    // MARK: Draws

    /// The generator seed of draw i: the i-th output (0-based) of SplitMix64(seed).
    public static func drawSeed(_ seed: UInt64, _ i: Int) -> UInt64 {
        var g = SplitMix64(seed: seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
        return g.next()
    }

    /// The values of every parameter in draw i (Monte Carlo), or the i-th combination (sweep; the
    /// first parameter in the file varies slowest).
    /// A Sobol plan: the inputs of evaluation i of its Saltelli design (`SaltelliDesign`).
    public func values(draw i: Int) -> [Double] {
        if let design {
            return zip(parameters, design.values(evaluation: i)).map { $0.validRange.admissible($1) }
        }
        switch mode {
        case .monteCarlo:
            var rng = SplitMix64(seed: Self.drawSeed(seed, i))
            return parameters.map { p in
                switch p.spec {
                case let .distribution(d): return p.validRange.admissible(d.sample(using: &rng))
                case let .grid(values): return values[CheckedInteger.int(Distribution.unit(&rng) * Double(values.count), rounding: .down, in: 0...(values.count - 1)) ?? values.count - 1]
                }
            }
        case .sweep:
            var rest = i
            var out = [Double](repeating: 0, count: parameters.count)
            for k in parameters.indices.reversed() {
                guard case let .grid(values) = parameters[k].spec else { continue }
                out[k] = values[rest % values.count]
                rest /= values.count
            }
            return out
        }
    }

    /// The central value of each parameter over the draws: the median, and for an integer key
    /// the lower median (the ⌈N/2⌉-th smallest draw), so that it is a value the key admits
    /// (the median of [999, 1000] is 999.5, which `max_iterations` does not take).
    public func centralValues(_ values: [[Double]]) -> [Double] {
        parameters.indices.map { k in
            let column = values.map { $0[k] }
            guard parameters[k].validRange.integer else { return Statistics.percentile(column, 50) }
            return column.sorted()[(column.count - 1) / 2]
        }
    }

    /// A value at a percentile of parameter k's draws, made admissible for its key (an integer
    /// key's percentile is rounded to the nearest integer, which stays between its draws).
    public func percentile(_ column: [Double], _ p: Double, parameter k: Int) -> Double {
        parameters[k].validRange.admissible(Statistics.percentile(column, p))
    }

    /// Every draw's values, draw-major: `result[i][k]` is parameter k in draw i (a Sobol plan:
    /// in evaluation i, `evaluations` of them).
    public func allValues() -> [[Double]] {
        if let design {
            return design.allValues().map { zip(parameters, $0).map { $0.validRange.admissible($1) } }
        }
        return (0..<draws).map { values(draw: $0) }
    }

    /// The concrete scenario document for one set of values (each uncertain value replaced by its
    /// number at the same position).
    public func document(with values: [Double]) -> TOMLDocument {
        var root = document.root
        for (k, parameter) in parameters.enumerated() {
            let v = values[k]
            let value: TOMLValue = parameter.validRange.integer || parameter.integerGrid ? CheckedInteger.int(v).map(TOMLValue.integer) ?? .float(v) : .float(v)
            Self.replace(&root, parameter.path[...], value)
        }
        return TOMLDocument(path: document.path, root: root)
    }

    static func replace(_ table: inout TOMLTable, _ path: ArraySlice<UncertainParameter.PathElement>, _ value: TOMLValue) {
        guard case let .key(k)? = path.first, let node = table[k] else { return }
        let rest = path.dropFirst()
        table.replaceValue(k, with: rest.isEmpty ? value : replace(in: node.value, rest, value))
    }

    static func replace(in container: TOMLValue, _ path: ArraySlice<UncertainParameter.PathElement>, _ value: TOMLValue) -> TOMLValue {
        switch (container, path.first) {
        case (.table(var t), .key?):
            replace(&t, path, value)
            return .table(t)
        case (.array(var items), let .index(i)?) where items.indices.contains(i):
            var node = items[i]
            let rest = path.dropFirst()
            node.value = rest.isEmpty ? value : replace(in: node.value, rest, value)
            items[i] = node
            return .array(items)
        default:
            return container
        }
    }
}

extension UncertaintyPlan {
    /// The plan with `draws` and `seed` from the command line instead of the file.
    public func overriding(draws newDraws: Int?, seed newSeed: Int?) throws(InputError) -> UncertaintyPlan {
        if let newDraws {
            guard mode == .monteCarlo else {
                throw InputError(file: path, "--draws applies to distributions; this scenario is a sweep over lists and ranges (\(draws) combinations)", hint: "drop --draws")
            }
            guard newDraws >= 1, newDraws <= Self.maximumDraws else {
                throw InputError(file: path, "--draws must be between 1 and \(Self.maximumDraws), found \(newDraws)", hint: "--draws 1000")
            }
        }
        if let newSeed, newSeed < 0 { throw InputError(file: path, "--seed must be 0 or more, found \(newSeed)") }
        var plan = UncertaintyPlan(document: document, parameters: parameters, mode: mode, draws: newDraws ?? draws, seed: newSeed.map { UInt64($0) } ?? seed)
        plan.drawsPosition = newDraws == nil ? drawsPosition : nil
        plan.method = method
        plan.bootstrap = bootstrap
        try plan.checkEvaluations()
        return plan
    }
}
