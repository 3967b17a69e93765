import Foundation
import IOModels
import IOTables

extension Scenario {
    /// The origins a scenario may name, and the `import_origin.csv` columns each covers.
    public static let origins: [(name: String, columns: [String])] = [
        ("non-EU", ["non_eu"]),
        ("EU", ["euro_area", "rest_of_eu"]),
        ("euro-area", ["euro_area"]),
        ("rest-of-EU", ["rest_of_eu"]),
        ("rest-of-Belgium", ["rest_of_country"]),
        ("all", []),
    ]

    /// Reads and checks a scenario file, loading its table. Every problem is an `InputError`
    /// with the scenario's line and column and what would fix it; nothing runs before this passes.
    public init(path: String) throws(InputError) {
        try self.init(document: try TOMLDocument(path: path))
    }

    /// Checks a parsed scenario document, loading the table it names.
    public init(document: TOMLDocument) throws(InputError) {
        let tablePath = try Self.tablePath(of: document)
        try self.init(document: document, table: try IOTable(bundle: tablePath), tablePath: tablePath)
    }

    /// The table bundle a scenario document names, resolved relative to the scenario file and
    /// checked to exist.
    public static func tablePath(of document: TOMLDocument) throws(InputError) -> String {
        let path = document.path
        var root = TOMLFields(document.root, path: path)
        guard let tableValue = try root.string("table") else {
            throw InputError(file: path, line: 1, column: 1, "missing key \"table\"", hint: "add table = \"../matrices/flanders-2015\" (a bundle path relative to the scenario file)")
        }
        guard !tableValue.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw root.error("table", "table is empty", hint: "give the bundle directory relative to the scenario file, e.g. table = \"../matrices/flanders-2015\"")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        let tablePath = tableValue.hasPrefix("/") ? tableValue : base.appendingPathComponent(tableValue).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: tablePath, isDirectory: &isDirectory) else {
            throw root.error("table", "the table \"\(tableValue)\" does not exist (looked for \(tablePath))",
                             hint: "give the bundle directory relative to the scenario file, e.g. \"../matrices/flanders-2015\"")
        }
        guard isDirectory.boolValue else {
            throw root.error("table", "the table \"\(tableValue)\" is a file (\(tablePath)), but a table is a bundle directory",
                             hint: "give the directory that holds table.toml, sectors.csv, Z.csv…, relative to the scenario file, e.g. \"../matrices/flanders-2015\"")
        }
        guard FileManager.default.fileExists(atPath: tablePath + "/table.toml") else {
            throw root.error("table", "the table \"\(tableValue)\" (\(tablePath)) is a directory without table.toml, so not a table bundle",
                             hint: "give the directory that holds table.toml, sectors.csv, Z.csv… (docs/table-format.md), relative to the scenario file, e.g. \"../matrices/flanders-2015\"")
        }
        return tablePath
    }

    /// Checks a scenario document against a table that is already loaded (from `tablePath`):
    /// the same checks as `init(path:)`, without reading the bundle again. Monte Carlo runs parse
    /// one document per draw against one table.
    public init(document: TOMLDocument, table: IOTable, tablePath: String) throws(InputError) {
        let path = document.path
        var root = TOMLFields(document.root, path: path)
        let title = try root.string("title") ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let description = try root.string("description") ?? ""
        let tableValue = try root.string("table") ?? tablePath

        var model = ModelSpec(kind: .supplyConstrained)
        if var m = try root.table("model") {
            let kindName = try m.string("kind") ?? ModelSpec.Kind.supplyConstrained.rawValue
            guard let kind = ModelSpec.Kind(rawValue: kindName) else {
                throw m.error("kind", "unknown model \"\(kindName)\"", hint: Suggestions.didYouMean(kindName, among: ModelSpec.Kind.allCases.map(\.rawValue)) ?? "use one of \(ModelSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            model.kind = kind
            if kind == .supplyConstrained || kind == .dynamic {
                if let c = try m.string("criticality") {
                    let allowed = ["strict", "ihs", "linear"]
                    guard allowed.contains(c) else {
                        throw m.error("criticality", "unknown criticality \"\(c)\"", hint: Suggestions.didYouMean(c, among: allowed) ?? "use strict, ihs or linear")
                    }
                    if c == "ihs", table.inputCriticality == nil {
                        throw m.error("criticality", "criticality \"ihs\" needs the table's criticality.csv, which \(tableValue) does not have",
                                      hint: "use criticality = \"strict\", or add criticality.csv with `ioshock import criticality`")
                    }
                    model.criticality = c
                }
                if let r = try m.string("rationing") {
                    guard let rule = RationingRule(rawValue: r) else {
                        throw m.error("rationing", "unknown rationing rule \"\(r)\"", hint: Suggestions.didYouMean(r, among: RationingRule.allCases.map(\.rawValue)) ?? "use proportional or firms-first")
                    }
                    model.rationing = rule
                }
                if let allocation = try m.string("import_allocation") {
                    let allocations = kind == .dynamic ? ["proportional", "industries-first"] : ["proportional", "industries-first", "critical-first"]
                    guard allocations.contains(allocation) else {
                        throw m.error("import_allocation", "unknown import allocation \"\(allocation)\"\(kind == .dynamic && allocation == "critical-first" ? " for the dynamic model" : "")",
                                      hint: Suggestions.didYouMean(allocation, among: allocations) ?? "use \(allocations.joined(separator: ", "))")
                    }
                    model.importAllocation = allocation
                }
                if let s = try m.number("substitution") { model.substitution = s }
                if let s = try m.number("spare_capacity") { model.spareCapacity = s }
            }
            if kind == .supplyConstrained {
                if let rule = try m.string("static_rule") {
                    guard let r = ModelSpec.StaticRule(rawValue: rule) else {
                        throw m.error("static_rule", "unknown static rule \"\(rule)\"", hint: Suggestions.didYouMean(rule, among: ModelSpec.StaticRule.allCases.map(\.rawValue)) ?? "use long-run or pichler-farmer")
                    }
                    model.staticRule = r
                }
                // τ of the long-run rule: the dynamic model's key and range (ScenarioKeys).
                if let t = try m.number("tau") { model.tau = t }
                if model.staticRule == .pichlerFarmer, m.has("tau") {
                    throw m.error("tau", "tau is not used by static_rule = \"pichler-farmer\" (it has no stocks to restore)", hint: "remove tau, or use the default static_rule = \"long-run\", whose result depends on it")
                }
                if let s = try m.number("domestic_substitution") {
                    model.domesticSubstitution = s
                    if s > 0, model.staticRule == .longRun {
                        throw m.error("domestic_substitution", "domestic_substitution is not part of the long-run model (the default static_rule = \"long-run\")",
                                      hint: "set static_rule = \"pichler-farmer\" to use it (the long-run model has no replacement of imports by domestic output; spare_capacity alone is allowed)")
                    }
                }
                if let t = try m.number("tolerance") { model.tolerance = t }
                if let k = try m.integer("max_iterations") { model.maxIterations = k }
                if let allow = try m.bool("allow_nonconvergence") { model.allowNonconvergence = allow }
            }
            if kind == .dynamic { try Self.parseDynamic(&m, into: &model, table: table, tableName: tableValue) }
            if kind == .inoperability || kind == .dynamicInoperability, let side = try m.string("side") {
                guard ["demand", "supply"].contains(side) else {
                    throw m.error("side", "unknown side \"\(side)\"", hint: Suggestions.didYouMean(side, among: ["demand", "supply"]) ?? "use demand or supply")
                }
                model.side = side
            }
            if kind == .inoperability || kind == .dynamicInoperability, table.count < 2 {
                // The run reports the Setola et al. interdependency indices, which compare a sector
                // with the others: refused here, so that `check` says what `run` would.
                throw m.error("kind", "the \(kind.rawValue) model needs a table of at least 2 sectors (its interdependency indices compare each sector with the others); \(tableValue) has \(table.count)",
                              hint: "use a table with more sectors, or kind = \"leontief\" for one sector")
            }
            if kind == .dynamicInoperability {
                if let t = try m.number("recovery_days") { model.recoveryDays = t }
                if let r = try m.number("residual_fraction") { model.residualFraction = r }
                if let h = try m.integer("horizon_days") { model.horizonDays = h }
                try Self.parseDynamicInoperability(&m, into: &model, table: table)
            }
            if kind == .extraction {
                if let e = try m.string("extraction") {
                    let kinds = ExtractionKind.allCases.map(\.rawValue)
                    guard kinds.contains(e) else { throw m.error("extraction", "unknown extraction \"\(e)\"", hint: Suggestions.didYouMean(e, among: kinds) ?? "use \(kinds.joined(separator: ", "))") }
                    model.extraction = e
                }
                if let keep = try m.bool("keep_own_flows") { model.keepOwnFlows = keep }
                model.extracted = try Self.parseSectors(&m, table: table, path: path, line: m.table.position.line)
            }
            if kind.hasTimeAxis {
                let p = m.table["horizon_days"]?.position ?? m.table.position
                try MemoryBudget.check("the \(kind.rawValue) model over \(model.horizonDays) days on a table of \(table.count) sectors",
                                       needs: Self.memoryNeeded(kind: kind, horizonDays: model.horizonDays, sectors: table.count), file: path, line: p.line, column: p.column,
                                       hint: "shorten horizon_days, or use a table with fewer sectors (docs/scenarios.md, \"Limits\")")
            }
            try m.rejectUnknownKeys()
        }

        let shockTables = try root.tables("shock") ?? []
        let recoversFromInitialState = model.kind == .dynamicInoperability && model.initialInoperability.contains { $0 > 0 }
        guard !shockTables.isEmpty || model.kind == .extraction || recoversFromInitialState else {
            throw InputError(file: path, line: 1, column: 1, "no shocks", hint: "add at least one [[shock]] table, e.g.\n  [[shock]]\n  products = [\"20\"]\n  origin = \"non-EU\"\n  cut = 0.5")
        }
        let trade = try Self.parseTrade(&root, path: path, table: table)
        var shocks: [Shock] = []
        var goodsTranslation: [GoodsTranslation] = []
        for var s in shockTables {
            // A goods shock (GoodsShocks.swift) becomes one import shock per product it reaches.
            var parsed: [Shock]
            if let goods = try Self.parseGoodsShock(&s, trade: trade, table: table, path: path) {
                parsed = goods.shocks
                goodsTranslation += goods.translation
            } else {
                parsed = [try Self.parseShock(&s, table: table, path: path)]
                if model.kind == .supplyConstrained, model.staticRule == .longRun, let rise = parsed.first(where: { $0.kind == .finalDemand && $0.size > 0 }) {
                    throw s.error("change", Self.longRunRiseMessage(rise.size), hint: Self.longRunRiseHint)
                }
            }
            try s.rejectUnknownKeys()
            for shock in parsed {
                // Day t is shocked when t ≥ start_day, so a start after the last day (horizon − 1),
                // even by a fraction, never acts.
                if model.kind.hasTimeAxis, shock.startDay > Double(model.horizonDays - 1) {
                    throw s.error("start_day", "the shock starts on day \(Self.dayText(shock.startDay)), which is not within the horizon of \(model.horizonDays) days (day 0 … \(model.horizonDays - 1))",
                                  hint: "raise horizon_days in [model] above \(Self.dayText(shock.startDay.rounded(.up))), or move start_day to day \(model.horizonDays - 1) or before")
                }
                shocks.append(shock)
            }
        }
        var output = OutputSpec()
        if var o = try root.table("output") {
            if let top = try o.integer("top") { output.top = top }
            if let relaxations = try o.integer("relaxations") { output.relaxations = relaxations }
            if let groupsValue = try o.string("groups") {
                output.groups = try Self.parseGroups(groupsValue, fields: o, table: table, path: path)
            }
            try o.rejectUnknownKeys()
        }
        try root.rejectUnknownKeys()

        let durations = Set(shocks.compactMap(\.durationDays))
        if model.kind == .dynamic {
            if model.inventoryDays.isEmpty { try Self.parseDynamicDefaults(into: &model, table: table, tableName: tableValue, path: path) }
            if let longest = model.sweepDurationDays.max(), let start = shocks.map(\.startDay).min(), start + longest > Double(model.horizonDays) {
                throw InputError(file: path, line: 1, "the sweep's longest disruption (\(Self.dayText(longest)) days from day \(Self.dayText(start))) does not fit in the horizon of \(model.horizonDays) days",
                                 hint: "raise horizon_days to at least \(Self.dayText((start + longest).rounded(.up) + 30)) so the recovery is counted too")
            }
        } else if durations.count > 1, model.kind != .dynamicInoperability {
            let line = shocks.first { $0.durationDays != nil }?.line
            throw InputError(file: path, line: line, "the shocks have different durations (\(durations.sorted().map(Self.dayText).joined(separator: ", ")) days)",
                             hint: "static models report one period; give every shock the same duration_days, or none")
        }
        if model.kind == .price, let bad = shocks.first(where: { !$0.kind.isPrice }) {
            throw InputError(file: path, line: bad.line, "the price model takes import-price and value-added shocks, found a \(bad.kind.rawValue) shock",
                             hint: "give kind = \"import-price\" with price_change, or kind = \"value-added\" with change; quantity shocks need another model")
        }
        if model.kind != .price, let bad = shocks.first(where: { $0.kind.isPrice }) {
            throw InputError(file: path, line: bad.line, "a \(bad.kind.rawValue) shock changes prices, which only the price model computes",
                             hint: "set kind = \"price\" in [model]")
        }
        if model.kind == .leontief, let bad = shocks.first(where: { $0.kind != .finalDemand }) {
            throw InputError(file: path, line: bad.line, "the leontief model takes final-demand shocks only, found a \(bad.kind.rawValue) shock",
                             hint: "use model kind = \"supply-constrained\" for import cuts and capacity losses")
        }
        if model.kind == .extraction, let first = shocks.first {
            throw InputError(file: path, line: first.line, "the extraction model takes no shocks", hint: "name the extracted sectors in [model] with products = [...]")
        }
        if model.kind == .mixed, !shocks.contains(where: { $0.kind == .capacity }) {
            throw InputError(file: path, line: shocks.first?.line, "the mixed model needs at least one capacity shock: it fixes those sectors' output at (1 − loss) × baseline",
                             hint: "add [[shock]] kind = \"capacity\" with products and loss")
        }
        if model.kind == .mixed, Set(shocks.filter { $0.kind == .capacity }.flatMap(\.sectors)).count == table.count {
            throw InputError(file: path, line: shocks.last { $0.kind == .capacity }?.line,
                             "every sector (\(table.count) of \(table.count)) has a capacity shock, so the mixed model fixes every output and has nothing left to solve",
                             hint: "leave at least one sector without a capacity shock (endogenous)")
        }
        if model.kind == .mixed, let bad = shocks.first(where: { $0.kind == .imports }) {
            throw InputError(file: path, line: bad.line, "the mixed model takes capacity and final-demand shocks, found an import shock",
                             hint: "use model kind = \"supply-constrained\" for import cuts")
        }
        if model.kind == .inoperability || model.kind == .dynamicInoperability {
            if model.side == "demand", let bad = shocks.first(where: { $0.kind != .finalDemand || $0.size > 0 }) {
                throw InputError(file: path, line: bad.line, "the demand-side inoperability model takes falls in final demand only (final-demand shocks with change ≤ 0)",
                                 hint: "use side = \"supply\" for import cuts and capacity losses")
            }
            if model.side == "supply", let bad = shocks.first(where: { $0.kind == .finalDemand }) {
                throw InputError(file: path, line: bad.line, "the supply-side inoperability model takes import and capacity shocks, found a final-demand shock",
                                 hint: "use side = \"demand\" for final-demand shocks")
            }
        }
        try Self.checkUsers(shocks, model: model, path: path)
        if model.kind == .ghosh, let bad = shocks.first(where: { $0.kind == .finalDemand }) {
            throw InputError(file: path, line: bad.line, "the ghosh model is supply-driven and takes import or capacity shocks, found a final-demand shock",
                             hint: "use model kind = \"leontief\" for final-demand shocks")
        }
        // Import cuts between the regions of a multi-regional system: their flows become imports.
        var table = table
        var crossBorder: CrossBorderCuts? = nil
        if let (view, cuts) = try Self.bookingCrossBorderFlows(table, shocks: shocks, path: path) {
            table = view
            crossBorder = cuts
        }
        self.init(path: path, title: title, description: description, tablePath: tablePath, table: table,
                  model: model, shocks: shocks, output: output,
                  periodDays: model.kind == .dynamic ? nil : model.kind == .dynamicInoperability ? Double(model.horizonDays) : durations.first)
        self.trade = trade?.source
        self.goodsTranslation = goodsTranslation
        self.crossBorder = crossBorder
        try checkChangedFinalDemand()
        if model.kind == .inoperability || model.kind == .dynamicInoperability { try checkInoperabilityPerturbation() }
    }

    /// Why a rise in final demand is refused under `static_rule = "long-run"`: its stationary state
    /// has one-day stocks whose target is a day of baseline use, so (P3) holds every user of an
    /// input below y*_ij ≤ (1 + wτδ_j)/(1 + wτ) < δ_j whatever its capacity; the unmet demand is
    /// rationed like a supply cut and passed down the chains (on flanders-2015, +10 % final demand
    /// for chemicals gave −7 % of total output, and spare_capacity changed nothing).
    static func longRunRiseMessage(_ change: Double) -> String {
        "a rise in final demand (change = \(CheckedInteger.wholeText(change))) is not part of the long-run model (the default static_rule = \"long-run\"): its stocks are one day of baseline use, so no sector can produce much above its baseline output, and the demand it cannot meet would be rationed as if supply had been cut"
    }
    static let longRunRiseHint = "use static_rule = \"pichler-farmer\" (with spare_capacity, sectors may then grow), model kind = \"leontief\" for demand-driven effects, or kind = \"dynamic\" with the table's inventory days; falls in final demand (change ≤ 0) are allowed"

    /// f⁰ ⊙ Π(1 + change) must stay a finite number: `change` has no upper bound, and a change
    /// like 1e308 would make the changed final demand infinite, the unmet final demand "inf" and
    /// every share of it NaN. Refused with the sector and the shock's line.
    func checkChangedFinalDemand() throws(InputError) {
        guard shocks.contains(where: { $0.kind == .finalDemand }) else { return }
        let f = ShockTranslation(scenario: self).finalDemand()
        guard let i = f.indices.first(where: { !f[$0].isFinite }) else { return }
        let shock = shocks.last { $0.kind == .finalDemand && $0.sectors.contains(i) }
        throw InputError(file: path, line: shock?.line,
                         "the final-demand change makes the final demand of \(table.sectorLabels[i]) (baseline \(String(format: "%.6g", table.totalFinalDemand[i])) \(table.metadata.unit)) larger than double precision can hold",
                         hint: "give change as a relative change (0.1 = +10 %); a change above about 1e300 cannot be computed")
    }

    /// The inoperability models take perturbations in [0, 1], a share of output (docs/models.md):
    /// a fall in final demand for a sector whose baseline final demand is negative gives c* < 0,
    /// and a loss larger than the sector's output c* > 1. Refused with the sector and its shock.
    func checkInoperabilityPerturbation() throws(InputError) {
        let c = ShockTranslation(scenario: self).inoperabilityPerturbation()
        guard let i = c.indices.first(where: { !(c[$0] >= 0 && c[$0] <= 1) }) else { return }
        let code = table.codes[i]
        let shock = shocks.first { $0.sectors.contains(i) && (model.side == "supply" ? $0.kind != .finalDemand : $0.kind == .finalDemand) }
        let value = String(format: "%.6g", c[i])
        if model.side != "supply" {
            let f0 = table.totalFinalDemand[i]
            if f0 < 0 {
                throw InputError(file: path, line: shock?.line, "sector \(code) has a negative baseline final demand (\(String(format: "%.6g", f0)) \(table.metadata.unit)), so a fall in it gives the demand perturbation c* = \(value) < 0, which the inoperability model cannot take (c* is the share of output lost, in [0, 1])",
                                 hint: "remove \(code) from the shock's products, or use model kind = \"leontief\" for this final-demand change")
            }
            throw InputError(file: path, line: shock?.line, "the demand perturbation of sector \(code) is c* = \(value), outside [0, 1]: the final demand lost is \(c[i] < 0 ? "negative" : "larger than the sector's output")",
                             hint: "give smaller falls in final demand for \(code)")
        }
        throw InputError(file: path, line: shock?.line, "the supply perturbation of sector \(code) is δ = \(value), outside [0, 1] (the primary inputs lost per unit of output)",
                         hint: "check the value added of \(code) in value_added.csv, or give smaller shocks on it")
    }

    /// `[output] groups = "FILE"`: the groups file, relative to the scenario file.
    static func parseGroups(_ value: String, fields: TOMLFields, table: IOTable, path: String) throws(InputError) -> SectorGroups {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        let resolved = value.hasPrefix("/") ? value : base.appendingPathComponent(value).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: resolved) else {
            throw fields.error("groups", "the groups file \"\(value)\" does not exist (looked for \(resolved))",
                               hint: "give a CSV file `code,group` relative to the scenario file, e.g. \"../groups/nace-a10.csv\"")
        }
        return try SectorGroups(path: resolved, codes: table.codes, labels: table.sectorLabels)
    }

    /// The per-sector keys of `kind = "dynamic-inoperability"`: `recovery_days_by_sector`,
    /// `initial_inoperability` and `initial_inoperability_by_sector` (docs/scenarios.md).
    static func parseDynamicInoperability(_ m: inout TOMLFields, into model: inout ModelSpec, table: IOTable) throws(InputError) {
        // A daily step overshoots unless k_i (1 − a*_ii) = ln(1/ρ)/T_i ≤ 1 (docs/models.md, "Dynamic IIM").
        let shortest = max(1, log(1 / model.residualFraction))
        let shortestText = String(format: "%.2f", shortest)
        if model.recoveryDays < shortest {
            throw m.error(m.has("recovery_days") ? "recovery_days" : "residual_fraction",
                          "recovery_days = \(model.recoveryDays) is shorter than ln(1/residual_fraction) = \(shortestText) days, so a daily step would overshoot",
                          hint: "give recovery_days of at least \(shortestText), or a larger residual_fraction")
        }
        if let days = try bySector(&m, "recovery_days_by_sector", base: model.recoveryDays, count: table.count, table: table,
                                   valid: { $0 >= shortest && ScenarioKeys.range(of: "recovery_days")!.contains($0) },
                                   range: "at least \(shortest == 1 ? "1 day" : "ln(1/residual_fraction) = \(shortestText) days, so that a daily step does not overshoot,") and at most \(ScenarioKeys.maximumDays) days (as recovery_days)",
                                   example: "{ \"35\" = 30, \"49\" = 14 }") {
            model.recoveryDaysBySector = days
        }
        var q0: [Double]? = nil
        if let all = try m.number("initial_inoperability") {
            q0 = [Double](repeating: all, count: table.count)
        }
        if let list = try bySector(&m, "initial_inoperability_by_sector", base: q0?.first ?? 0, count: table.count, table: table,
                                   valid: { (0...1).contains($0) }, range: "between 0 and 1", example: "{ \"35\" = 0.4 }") {
            q0 = list
        }
        if let q0 { model.initialInoperability = q0 }
    }

    /// A table `key = { "<code>" = value, … }` of per-sector values over a common `base`; nil
    /// when the key is absent. Codes are checked against sectors.csv with a "did you mean".
    static func bySector(_ m: inout TOMLFields, _ key: String, base: Double, count: Int, table: IOTable,
                         valid: (Double) -> Bool, range: String, example: String) throws(InputError) -> [Double]? {
        guard var by = try m.table(key) else { return nil }
        var list = [Double](repeating: base, count: count)
        // A product code names that product's sector in every region of a multi-regional table,
        // `region:code` one region's; where both are given, the region's own entry wins.
        for code in by.table.keys.sorted(by: { !$0.contains(":") && $1.contains(":") }) {
            let indices = table.indices(named: code)
            guard !indices.isEmpty else {
                let p = by.table.keyPosition(code) ?? by.table.position
                throw InputError(file: m.path, line: p.line, column: p.column, "unknown product code \"\(code)\" in \(key)",
                                 hint: Suggestions.didYouMean(code, among: table.knownSectorNames) ?? "codes are those of sectors.csv, e.g. \(key) = \(example)")
            }
            guard let value = try by.double(code) else { continue }
            guard value.isFinite, valid(value) else { throw by.error(code, "\(key) for \(code) must be \(range), found \(value)") }
            for index in indices { list[index] = value }
        }
        try by.rejectUnknownKeys()
        return list
    }

    static func dayText(_ d: Double) -> String { CheckedInteger.wholeText(d) }

    /// The memory a model with a time axis holds on a table of n sectors over `horizonDays`:
    /// dynamic, about 9 n² doubles of buffers (DynamicModel), 2 n² first-shortage days, the
    /// table's own 3 n² and, per day and sector, the ratio and binding (12 bytes) and a line of
    /// timeseries.csv (about 60 bytes); dynamic-inoperability, 4 n² doubles and two numbers per
    /// day and sector. Nil on overflow.
    public static func memoryNeeded(kind: ModelSpec.Kind, horizonDays: Int, sectors n: Int) -> Int? {
        switch kind {
        case .dynamic:
            return MemoryBudget.sum([MemoryBudget.bytes([n, n], each: 12 * 8), MemoryBudget.bytes([n, n], each: 2 * 4),
                                     MemoryBudget.bytes([horizonDays, n], each: 12 + 60)])
        case .dynamicInoperability:
            return MemoryBudget.sum([MemoryBudget.bytes([n, n], each: 4 * 8), MemoryBudget.bytes([horizonDays, n], each: 2 * 8)])
        default:
            return MemoryBudget.sum([MemoryBudget.bytes([n, n], each: 4 * 8)])
        }
    }

    /// The parameters of `kind = "dynamic"` (docs/scenarios.md).
    static func parseDynamic(_ m: inout TOMLFields, into model: inout ModelSpec, table: IOTable, tableName: String) throws(InputError) {
        model.recoveryDays = 30
        if let h = try m.integer("horizon_days") { model.horizonDays = h }
        if let t = try m.number("tau") { model.tau = t }
        if let r = try m.string("recovery") {
            guard let profile = ModelSpec.Recovery(rawValue: r) else {
                throw m.error("recovery", "unknown recovery profile \"\(r)\"", hint: Suggestions.didYouMean(r, among: ModelSpec.Recovery.allCases.map(\.rawValue)) ?? "use step, linear or exponential")
            }
            model.recovery = profile
        }
        if let d = try m.number("recovery_days") { model.recoveryDays = d }
        if let e = try m.number("demand_response") { model.demandResponse = e }
        if m.has("sweep_duration_days") {
            guard case let .array(items) = m.table["sweep_duration_days"]!.value, !items.isEmpty else {
                throw m.error("sweep_duration_days", "sweep_duration_days must be a non-empty array of numbers of days", hint: "e.g. sweep_duration_days = [7, 14, 30, 60, 90]")
            }
            var list: [Double] = []
            for item in items {
                let value: Double
                switch item.value {
                case let .integer(v): value = Double(v)
                case let .float(v): value = v
                default: throw InputError(file: m.path, line: item.position.line, column: item.position.column, "sweep_duration_days must list numbers, found \(item.value.typeName)")
                }
                guard value.isFinite else {
                    throw InputError(file: m.path, line: item.position.line, column: item.position.column, "sweep_duration_days must list finite numbers")
                }
                try m.check(value, as: "duration_days", what: "a swept duration (sweep_duration_days)", at: item.position)
                list.append(value)
            }
            model.sweepDurationDays = list
        }
        var days = table.inventoryDays
        var source = days == nil ? "" : "\(tableName)/inventory_days.csv"
        if let all = try m.number("inventory_days") {
            days = [Double](repeating: all, count: table.count)
            source = "\(all) days for every sector"
        }
        if var by = try m.table("inventory_days_by_sector") {
            guard var list = days else {
                throw m.error("inventory_days_by_sector", "inventory_days_by_sector overrides some sectors, but there is nothing to override: the table has no inventory_days.csv",
                              hint: "give inventory_days = 30 for every sector too, or add inventory_days.csv with `ioshock import inventories`")
            }
            // As in bySector: a product code names every region's sector, `region:code` one
            // region's, which wins over the product's entry.
            for code in by.table.keys.sorted(by: { !$0.contains(":") && $1.contains(":") }) {
                let indices = table.indices(named: code)
                guard !indices.isEmpty else {
                    let p = by.table.keyPosition(code) ?? by.table.position
                    throw InputError(file: m.path, line: p.line, column: p.column, "unknown product code \"\(code)\" in inventory_days_by_sector",
                                     hint: Suggestions.didYouMean(code, among: table.knownSectorNames) ?? "codes are those of sectors.csv")
                }
                guard let d = try by.double(code) else { continue }
                try by.check(d, as: "inventory_days", what: "inventory days for \(code)", at: by.table[code]?.position ?? by.table.position)
                for index in indices { list[index] = d }
            }
            try by.rejectUnknownKeys()
            days = list
            source += " with \(by.table.keys.count) sector override\(by.table.keys.count == 1 ? "" : "s")"
        }
        if let days {
            model.inventoryDays = days
            model.inventorySource = source
        }
    }

    /// A dynamic model without inventory days from the table or the scenario cannot run.
    static func parseDynamicDefaults(into model: inout ModelSpec, table: IOTable, tableName: String, path: String) throws(InputError) {
        throw InputError(file: path, line: 1, "the dynamic model needs the days of stock each sector holds, and the table \(tableName) has no inventory_days.csv",
                         hint: "add inventory_days = 30 to [model] (every sector), or add inventory_days.csv with `ioshock import inventories ../shared/data/pichler-2022/desired_stock_NACE64.csv --table \(tableName)`")
    }

    /// One `[[shock]]`. `horizonDays` is the model's horizon when it has a time axis: the shock
    /// must then start on one of its days, 0 … horizon − 1.
    static func parseShock(_ s: inout TOMLFields, table: IOTable, path: String) throws(InputError) -> Shock {
        let line = s.table.position.line
        // One shock is one kind: two sizes (cut and loss, say) are named together, at the second,
        // instead of the second being "unknown" for the kind the first implies.
        let sizes = ["cut": "an import cut", "loss": "a capacity loss", "change": "a change of final demand or value added", "price_change": "an import price change"]
        let given = sizes.keys.filter { s.table[$0] != nil }.sorted { (s.table.keyPosition($0)?.line ?? 0, s.table.keyPosition($0)?.column ?? 0) < (s.table.keyPosition($1)?.line ?? 0, s.table.keyPosition($1)?.column ?? 0) }
        if given.count > 1 {
            let p = s.table.keyPosition(given[1]) ?? s.table.position
            throw InputError(file: path, line: p.line, column: p.column,
                             "one shock has both \(given[0]) (\(sizes[given[0]]!)) and \(given[1]) (\(sizes[given[1]]!)); a shock is of one kind",
                             hint: "split it into two [[shock]] tables, one with \(given[0]) and one with \(given[1])")
        }
        let kindName = try s.string("kind") ?? (s.table["loss"] != nil ? "capacity" : s.table["change"] != nil ? "final-demand" : s.table["price_change"] != nil ? "import-price" : "import")
        guard let kind = Shock.Kind(rawValue: kindName) else {
            throw s.error("kind", "unknown shock kind \"\(kindName)\"", hint: Suggestions.didYouMean(kindName, among: Shock.Kind.allCases.map(\.rawValue)) ?? "use import, capacity, final-demand, import-price or value-added")
        }
        let sectors = try parseRegions(&s, kind: kind, sectors: try parseSectors(&s, table: table, path: path, line: line), table: table, path: path, line: line)
        var shock: Shock
        switch kind {
        case .imports:
            let cut = try parseCut(&s, path: path, line: line)
            if table.tradesBetweenRegions {
                // A multi-regional system: the origin is a set of the table's regions (RegionOrigins.swift).
                let (origin, destinations, name) = try parseRegionOrigin(&s, table: table, path: path, line: line)
                let kept = sectors.filter { origin.contains(table.sectors[$0].region) }
                guard !kept.isEmpty else {
                    throw InputError(file: path, line: line, "the shock's products are produced in none of its origin regions (\(name))",
                                     hint: "name products by their code alone (every region) when origin names regions")
                }
                shock = Shock(kind: .imports, sectors: kept, origins: [], originName: name, size: cut, line: line)
                shock.originRegions = origin
                shock.destinationRegions = destinations
                if s.has("users") {
                    throw s.error("users", "users is not available on a multi-regional table's import shocks, whose destination is a set of regions",
                                  hint: "name the regions whose users lose the deliveries with to = [\"\(destinations[0])\"]")
                }
            } else {
                if s.has("to") {
                    throw s.error("to", "to names destination regions of an import shock on a multi-regional table without imports.csv; \(table.metadata.name) \(table.isMultiRegional ? "books its imports in imports.csv" : "has one region")",
                                  hint: "remove to; \(table.isMultiRegional ? "origin names the columns of import_origin.csv here" : "every user of the table's imports is cut")")
                }
                let (columns, originName) = try parseOrigin(&s, table: table)
                shock = Shock(kind: .imports, sectors: sectors, origins: columns, originName: originName, size: cut, line: line)
            }
        case .capacity:
            guard let loss = try s.number("loss") else {
                throw s.missing("loss", valid: shockKeys, orElse: InputError(file: path, line: line, "a capacity shock needs \"loss\"", hint: "add loss = 0.3 for a 30 % loss of capacity"))
            }
            shock = Shock(kind: .capacity, sectors: sectors, size: loss, line: line)
        case .importPrice:
            guard let change = try s.number("price_change") else {
                throw s.missing("price_change", valid: shockKeys, orElse: InputError(file: path, line: line, "an import-price shock needs \"price_change\"", hint: "add price_change = 3.0 for a rise of 300 % (the price × 4)"))
            }
            guard table.imports != nil || table.importsRestOfCountry != nil else {
                throw s.error("kind", "the table \(table.metadata.name) has no imports.csv, so no imported input can change price", hint: "use a table with imports.csv, or a value-added shock")
            }
            let (columns, originName) = try parseOrigin(&s, table: table)
            shock = Shock(kind: .importPrice, sectors: sectors, origins: columns, originName: originName, size: change, line: line)
        case .valueAdded:
            guard let change = try s.number("change", entry: "change (value-added)") else {
                throw s.missing("change", valid: shockKeys, orElse: InputError(file: path, line: line, "a value-added shock needs \"change\"", hint: "add change = 0.1 for primary inputs per unit of output +10 %"))
            }
            shock = Shock(kind: .valueAdded, sectors: sectors, size: change, line: line)
        case .finalDemand:
            guard let change = try s.number("change") else {
                throw s.missing("change", valid: shockKeys, orElse: InputError(file: path, line: line, "a final-demand shock needs \"change\"", hint: "add change = -0.1 for a 10 % fall"))
            }
            shock = Shock(kind: .finalDemand, sectors: sectors, size: change, line: line)
        }
        shock.users = try parseUsers(&s, kind: kind, table: table, path: path)
        try parseTiming(&s, into: &shock)
        return shock
    }

    /// `regions = ["reg1", …]` on a capacity or final-demand shock of a multi-regional table: keeps
    /// the named products of those producing regions only (the rows of Z and of final demand), so
    /// `regions = ["reg1"]`, `products = ["food"]` shocks reg1's food wherever it is bought.
    static func parseRegions(_ s: inout TOMLFields, kind: Shock.Kind, sectors: [Int], table: IOTable, path: String, line: Int) throws(InputError) -> [Int] {
        guard s.table["regions"] != nil else { return sectors }
        guard let list = try s.strings("regions") else { return sectors }
        guard table.isMultiRegional else {
            throw s.error("regions", "the table \(table.metadata.name) has one region, so a shock cannot select producing regions",
                          hint: "remove regions, or use a multi-regional table (docs/table-format.md, \"Multi-regional tables\")")
        }
        guard kind == .capacity || kind == .finalDemand else {
            throw s.error("regions", "regions selects the producing region of capacity and final-demand shocks, not of \(kind.rawValue) shocks",
                          hint: kind == .imports && table.tradesBetweenRegions ? "an import shock's producing regions are its origin: origin = [\"\(table.regions[0])\"], and to = [...] its destinations"
                                : "remove regions, or name one region's sectors as products = [\"region:code\"]")
        }
        guard !list.isEmpty else { throw s.error("regions", "regions is an empty list", hint: "name at least one region, e.g. regions = [\"\(table.regions[0])\"]") }
        var chosen: Set<String> = []
        for (region, position) in list {
            guard table.regions.contains(region) else {
                throw InputError(file: path, line: position.line, column: position.column, "unknown region \"\(region)\" in table \(table.metadata.name)",
                                 hint: Suggestions.didYouMean(region, among: table.regions) ?? "the table's regions: \(table.regions.prefix(12).joined(separator: ", "))\(table.regions.count > 12 ? ", …" : "")")
            }
            chosen.insert(region)
        }
        let kept = sectors.filter { chosen.contains(table.sectors[$0].region) }
        guard !kept.isEmpty else {
            throw InputError(file: path, line: line, "the shock's products are produced in none of its regions (\(list.map(\.0).joined(separator: ", ")))",
                             hint: "name products by their code alone (every region) when you select regions")
        }
        return kept
    }

    /// Every key a `[[shock]]` table may hold (docs/scenarios.md): a missing required key is
    /// reported as a misspelling of it when the table holds an unknown key that looks like it.
    static let shockKeys: Set<String> = ["kind", "products", "product", "sectors", "sections", "goods", "goods_file", "origin", "to", "users",
                                         "regions", "dependent_only", "cut", "loss", "change", "price_change", "start_day", "duration_days", "label"]

    /// The `cut` of an import shock (ScenarioKeys: [0, 1]).
    static func parseCut(_ s: inout TOMLFields, path: String, line: Int) throws(InputError) -> Double {
        guard let cut = try s.double("cut") else {
            throw s.missing("cut", valid: shockKeys, orElse: InputError(file: path, line: line, "an import shock needs \"cut\"", hint: "add cut = 0.5 for a 50 % cut (between 0 and 1)"))
        }
        if cut > 1, cut <= 100 {
            throw s.error("cut", "cut must be \(NumericRange.closed(0, 1).phrase), found \(CheckedInteger.wholeText(cut))", hint: "write a share: \(cut / 100) for \(cut) %")
        }
        try s.check(cut, as: "cut", what: "cut", at: s.table["cut"]!.position)
        return cut
    }

    /// A shock's `start_day` and `duration_days` (ScenarioKeys ranges).
    static func parseTiming(_ s: inout TOMLFields, into shock: inout Shock) throws(InputError) {
        if let start = try s.number("start_day") { shock.startDay = start }
        if let duration = try s.number("duration_days") { shock.durationDays = duration }
    }

    /// `origin = "non-EU"` (default "all"): the import_origin.csv columns it covers, and its name.
    /// An empty list stands for every foreign import of a table without import_origin.csv.
    static func parseOrigin(_ s: inout TOMLFields, table: IOTable) throws(InputError) -> (columns: [String], name: String) {
        let originName = try s.string("origin") ?? "all"
        guard let origin = Scenario.origins.first(where: { $0.name.lowercased() == originName.lowercased() }) else {
            throw s.error("origin", "unknown origin \"\(originName)\"", hint: Suggestions.didYouMean(originName, among: Scenario.origins.map(\.name)) ?? "use one of \(Scenario.origins.map(\.name).joined(separator: ", "))")
        }
        let available = table.importOrigin?.labels ?? []
        var columns = origin.columns
        if origin.name == "all" {
            columns = available
            if columns.isEmpty, table.imports == nil {
                throw s.error("origin", "the table has no imports to cut", hint: "use a table with imports.csv, or a capacity shock")
            }
        } else {
            guard table.importOrigin != nil else {
                throw s.error("origin", "the table has no import_origin.csv, so imports cannot be cut by origin \"\(originName)\"", hint: "use origin = \"all\", or a table with import_origin.csv")
            }
            if let missing = columns.first(where: { !available.contains($0) }) {
                throw s.error("origin", "the table has no origin \"\(originName)\" (no column \(missing) in import_origin.csv; it has \(available.joined(separator: ", ")))",
                              hint: "use an origin the table has: " + Scenario.origins.filter { o in o.name == "all" || o.columns.allSatisfy(available.contains) }.map(\.name).joined(separator: ", "))
            }
        }
        return (columns, origin.name)
    }

    /// `products = ["20", …]` (or `product = "20"`), or `sections = ["C"]` (NACE sections of sectors.csv).
    static func parseSectors(_ s: inout TOMLFields, table: IOTable, path: String, line: Int) throws(InputError) -> [Int] {
        var chosen: [Int] = []
        var named: [(String, SourcePosition)] = []
        if let list = try s.strings("products") { named += list }
        if let single = try s.strings("product") { named += single }
        if let list = try s.strings("sectors") { named += list }
        for (code, position) in named {
            // In a multi-regional table a product code names that product in every region.
            let indices = table.indices(named: code)
            guard !indices.isEmpty else {
                let known = table.knownSectorNames
                throw InputError(file: path, line: position.line, column: position.column, "unknown product code \"\(code)\" in table \(table.metadata.name)",
                                 hint: Suggestions.didYouMean(code, among: known) ?? "codes are those of sectors.csv: \(table.codes.prefix(12).joined(separator: ", "))…")
            }
            chosen += indices
        }
        if let sections = try s.strings("sections") {
            guard table.sectorAttributeNames.contains("nace_section") else {
                throw s.error("sections", "the table's sectors.csv has no nace_section column", hint: "list product codes with products = [...]")
            }
            let known = Set(table.sectors.compactMap { $0.attributes["nace_section"] }).sorted()
            for (section, position) in sections {
                let members = table.sectors.indices.filter { table.sectors[$0].attributes["nace_section"] == section }
                guard !members.isEmpty else {
                    throw InputError(file: path, line: position.line, column: position.column, "unknown NACE section \"\(section)\"",
                                     hint: Suggestions.didYouMean(section, among: known) ?? "sections of this table: \(known.joined(separator: ", "))")
                }
                chosen += members
            }
        }
        guard !chosen.isEmpty else {
            // A misspelt products or sections (prodcts = […]) is named as an unknown key first.
            let none = InputError(file: path, line: line, "the shock names no products", hint: "add products = [\"20\"] (codes of sectors.csv) or sections = [\"C\"]")
            throw s.missing("products", valid: shockKeys, orElse: s.missing("sections", valid: shockKeys, orElse: none))
        }
        var seen = Set<Int>()
        return chosen.filter { seen.insert($0).inserted }
    }
}
