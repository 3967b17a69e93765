import Foundation
import IOTables
import Scenarios

/// Renders a scenario's impacts as the tables users put in reports, and writes a run directory.
public struct ImpactReport {
    public let result: ScenarioResult
    public let impacts: Impacts
    public let provenance: Provenance
    /// The groups of impacts_by_group.csv (the scenario's `[output] groups`, or `--groups`).
    public var groups: SectorGroups? { result.scenario.output.groups }
    /// Why the run lost what it lost (supply-constrained runs; `RunExplanation`): adds supply.csv,
    /// chains.csv, decomposition.csv … to the run directory and a "Why" section to the Markdown.
    public var explanation: RunExplanation?

    public init(result: ScenarioResult, explanation: RunExplanation? = nil) {
        self.result = result
        self.impacts = Impacts(result: result)
        self.explanation = explanation
        var p = Provenance(command: "run")
        p.addFile(role: "scenario", result.scenario.path)
        p.addTable(result.scenario.tablePath)
        if let groups = result.scenario.output.groups { p.addFile(role: "groups", groups.path) }
        p.model = result.scenario.model.kind.rawValue
        p.parameters = result.scenario.model.parameters
        self.provenance = p
    }

    var unit: String { result.scenario.table.metadata.unit }

    /// The scenario file and the table bundle, which `--out` must not be, contain or lie in.
    public var inputPaths: [String] { [result.scenario.path, result.scenario.tablePath] + (groups.map { [$0.path] } ?? []) }

    /// impacts.csv: one row per sector.
    public func sectorTable(limit: Int? = nil, forDisplay: Bool = false) -> ResultTable {
        if let prices = result.prices { return Self.priceTable(prices, table: result.scenario.table, limit: limit, forDisplay: forDisplay) }
        let regional = result.scenario.table.isMultiRegional
        var columns = (regional ? ["region"] : []) + ["code", "name", "baseline_output", "output", "output_change", "output_change_pct", "value_added_change"]
        columns += impacts.employmentMeasures.map { "\($0)_change" }
        columns += ["rank", "binding", "chain"]
        var table = ResultTable(columns: columns)
        var rows = impacts.rows
        if forDisplay { rows.sort { $0.rank < $1.rank } }
        if let limit { rows = Array(rows.prefix(limit)) }
        for row in rows {
            var cells: [ResultTable.Cell] = (regional ? [.text(row.region)] : []) + [.text(row.code), .text(row.name), .number(row.baselineOutput, digits: 1), .number(row.output, digits: 1),
                                             .number(row.outputChange, digits: 1), .number(row.outputChangePercent, digits: 2), .number(row.valueAddedChange, digits: 1)]
            cells += row.employmentChange.map { .number($0, digits: 2) }
            cells.append(.number(Double(row.rank), digits: 0))
            cells += [.text(row.binding), .text(row.chain)]
            table.append(cells)
        }
        return table
    }

    /// impacts.csv of a price run: `code,name,price_index,price_change_pct,cost_push_pct,rank`
    /// (rank 1 = the largest price rise).
    static func priceTable(_ prices: PriceOutcome, table ioTable: IOTable, limit: Int?, forDisplay: Bool) -> ResultTable {
        var table = ResultTable(columns: ResultTable.sectorColumns(ioTable) + ["price_index", "price_change_pct", "cost_push_pct", "rank"])
        let p = prices.result.priceIndex
        let order = p.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }
        var rank = [Int](repeating: 0, count: p.count)
        for (position, i) in order.enumerated() { rank[i] = position + 1 }
        var rows = forDisplay ? order : Array(p.indices)
        if let limit { rows = Array(rows.prefix(limit)) }
        for i in rows {
            table.append(ResultTable.sectorCells(ioTable, i) + [.number(p[i], digits: 6), .number(100 * (p[i] - 1), digits: 3),
                          .number(100 * prices.result.costPush[i], digits: 3), .number(Double(rank[i]), digits: 0)])
        }
        return table
    }

    /// impacts_by_section.csv: the sectors summed by NACE section (none for a price run).
    public func sectionTable() -> ResultTable {
        summed(key: "section", result.prices == nil ? GroupTable.sections(of: result.scenario.table) : [])
    }

    /// impacts_by_group.csv: the sectors summed by the run's groups (nil without groups).
    public func groupTable() -> ResultTable? {
        guard result.prices == nil else { return nil }
        return groups.map { summed(key: "group", GroupTable.groups($0)) }
    }

    func summed(key: String, _ groups: [GroupTable.Group]) -> ResultTable {
        let rows = impacts.rows
        return GroupTable.table(key: key, groups: groups, measures: impacts.employmentMeasures, baselineOutput: rows.map(\.baselineOutput),
                                outputChange: rows.map(\.outputChange), valueAddedChange: rows.map(\.valueAddedChange)) { members, m in
            members.reduce(0) { $0 + rows[$1].employmentChange[m] }
        }
    }

    public func totalsTable() -> ResultTable { Self.totalsTable(result.prices?.costs ?? impacts.totals) }

    /// interdependency.csv (demand-side inoperability runs): the dependency indices of Setola et
    /// al. (2009), `code,name,dependency,influence,overall_dependency,overall_influence`.
    public func interdependencyTable() -> ResultTable? {
        guard let d = result.interdependency else { return nil }
        let ioTable = result.scenario.table
        var table = ResultTable(columns: ResultTable.sectorColumns(ioTable) + ["dependency", "influence", "overall_dependency", "overall_influence"])
        for i in d.codes.indices {
            table.append(ResultTable.sectorCells(ioTable, i) + [.number(d.dependency[i], digits: 6), .number(d.influence[i], digits: 6),
                          .number(d.overallDependency[i], digits: 6), .number(d.overallInfluence[i], digits: 6)])
        }
        return table
    }

    /// totals.csv: `quantity,baseline,change,change_pct`, for static and dynamic runs alike.
    public static func totalsTable(_ totals: [Impacts.Total]) -> ResultTable {
        var table = ResultTable(columns: ["quantity", "baseline", "change", "change_pct"])
        for t in totals {
            table.append([.text(t.quantity), .number(t.baseline, digits: 1), .number(t.change, digits: 1), .number(t.changePercent, digits: 3)])
        }
        return table
    }

    /// The scenario, table and shocks as run.json records them (every kind of run).
    public static func scenarioJSON(_ s: Scenario, extraTableFields: [(String, JSONValue)] = []) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("scenario", .object([("title", .string(s.title)), ("description", .string(s.description))])),
            ("table", .object([("name", .string(s.table.metadata.name)), ("unit", .string(s.table.metadata.unit)),
                               ("year", s.table.metadata.year.map { .number(Double($0)) } ?? .null),
                               ("source", .string(s.table.metadata.source))] + extraTableFields)),
            ("shocks", .array(s.shocks.map { shock in
                .object([("kind", .string(shock.kind.rawValue)), ("products", .array(shock.sectors.map { .string(s.table.sectorLabels[$0]) })),
                         ("origin", shock.kind == .imports ? .string(shock.originName) : .null),
                         ("size", .number(shock.size)), ("start_day", .number(shock.startDay)),
                         ("duration_days", shock.durationDays.map { .number($0) } ?? .null), ("line", .number(Double(shock.line)))]
                        + (shock.users.map { [("users", .array($0.map { .string(s.table.codes[$0]) }))] } ?? [])
                        + (shock.originRegions.map { [("origin_regions", .array($0.map { .string($0) }))] } ?? [])
                        + (shock.destinationRegions.map { [("destination_regions", .array($0.map { .string($0) }))] } ?? []))
            })),
        ]
        if let cuts = s.crossBorder {
            // Import cuts on a multi-regional system: which deliveries were booked as imports.
            members.append(("cross_border_flows", .object([
                ("booked_as_imports", .number(cuts.moved.reduce(0, +))),
                ("final_demand_column", .string(IOTable.exportsOnCutFlows)),
                ("origin_sectors", .array(cuts.destinations.keys.sorted().map { i in
                    .object([("sector", .string(s.table.sectorLabels[i])), ("to", .array(cuts.destinations[i]!.sorted().map { .string($0) })),
                             ("sales_along_flows", .number(cuts.moved[i])), ("share_of_final_demand", .number(cuts.exportShare[i]))])
                })),
            ])))
        }
        if let trade = s.trade {
            members.append(("trade", .object([("data", .array(trade.data.map { .string(Provenance.display($0)) })), ("format", .string(trade.format)),
                                              ("country_codes", .string(Provenance.display(trade.countryCodes))),
                                              ("correspondence", .string(Provenance.display(trade.correspondence))),
                                              ("reporter", .string(trade.reporter)), ("year", .number(Double(trade.year))),
                                              ("non_eu_membership_year", .number(Double(trade.membershipYear)))])))
        }
        if !s.goodsTranslation.isEmpty {
            members.append(("goods_translation", .array(s.goodsTranslation.map { g in
                .object([("product", g.product.map { .string(s.table.codes[$0]) } ?? .null), ("origin", .string(g.origin)),
                         ("cut", .number(g.cut)), ("goods_cut", .number(g.goodsCut)), ("goods_value", .number(g.goodsValue)),
                         ("product_value", .number(g.productValue)), ("goods", .array(g.goods.map { .string($0) })), ("goods_values", .array(g.goodValues.map { .number($0) })),
                         ("reason", g.reason.map { .string($0) } ?? .null), ("line", .number(Double(g.line)))])
            })))
        }
        return members
    }

    /// The run's diagnostics and settings, for run.json.
    public func runJSON() -> JSONValue {
        let s = result.scenario
        var object: [(String, JSONValue)] = [("provenance", provenance.json())]
        object += Self.scenarioJSON(s)
        object.append(("period_days", s.periodDays.map { .number($0) } ?? .null))
        object.append(("diagnostics", .object([
            ("iterations", result.iterations.map { .number(Double($0)) } ?? .null),
            ("last_change", result.change.map { .number($0) } ?? .null),
            ("residual", .number(result.residual)),
            ("non_critical_input_shortfall", .number(result.nonCriticalShortfall)),
            ("converged", .bool(result.converged)),
            ("reciprocal_condition", .number(result.reciprocalCondition)),
            ("wall_time_seconds", .number(result.wallTime)),
        ])))
        if let prices = result.prices {
            object.append(("price_model", .object([
                ("origins", .array(prices.origins.map { .string($0) })),
                ("household_consumption", s.table.metadata.householdConsumption.map { .string($0) } ?? .null),
                ("export_columns", .array(prices.exportColumns.map { .string($0) })),
            ])))
        }
        object.append(("notes", .array(result.notes.map { .string($0) })))
        if let explanation { object.append(("explanation", ExplanationReport(explanation).json())) }
        return .object(object)
    }

    /// The Markdown printed to standard output: provenance, totals, the largest losses.
    public func markdown(top: Int) -> String {
        let s = result.scenario
        var text = Self.markdownHeader(provenance, s)
        let period = s.periodDays.map { "over \(Self.days($0)) days (annual flows × \(Self.days($0))/365)" } ?? "per year"
        if result.prices != nil {
            text += "Table **\(s.table.metadata.name)** (\(unit)), model **price**: price indices (baseline 1); costs of final use at baseline quantities \(period).\n"
        } else {
            text += "Table **\(s.table.metadata.name)** (\(unit)), model **\(s.model.kind.rawValue)**, impacts \(period).\n"
        }
        if let iterations = result.iterations {
            text += "Converged: \(result.converged ? "yes" : "NO") after \(iterations) iterations; residual \(String(format: "%.1e", result.residual)); "
            text += "inputs not delivered to users they do not bind: \(ResultTable.Cell.grouped(result.nonCriticalShortfall * impacts.periodFactor, digits: 1)) \(unit).\n"
        }
        for note in result.notes { text += "\n> **Note.** \(note)\n" }
        let shown = min(top, impacts.rows.count)
        if result.prices != nil {
            text += "\n## Totals: cost of final use\n\n" + totalsTable().markdown()
            text += "\n## Products, largest price rise first (\(shown) of \(impacts.rows.count); all in impacts.csv)\n\n"
            return text + sectorTable(limit: shown, forDisplay: true).markdown()
        }
        text += "\n## Totals\n\n" + totalsTable().markdown()
        if let grouped = groupTable() { text += "\n## By group (\(URL(fileURLWithPath: groups!.path).lastPathComponent))\n\n" + grouped.markdown() }
        text += "\n## Sectors, largest output loss first (\(shown) of \(impacts.rows.count); all in impacts.csv)\n\n"
        text += sectorTable(limit: shown, forDisplay: true).markdown()
        if let explanation { text += ExplanationReport(explanation).markdown() }
        return text
    }

    /// Provenance, title and description: the top of every run's Markdown.
    static func markdownHeader(_ provenance: Provenance, _ s: Scenario) -> String {
        provenance.markdown() + "\n# \(s.title)\n\n" + (s.description.isEmpty ? "" : s.description + "\n\n")
    }

    static func days(_ d: Double) -> String { CheckedInteger.wholeText(d) }

    /// Writes impacts.csv, impacts_by_section.csv, totals.csv, impacts.json and run.json into a
    /// directory, atomically (a failure leaves the previous directory, or none).
    /// - Parameters:
    ///   - runJSONExtra: members appended to run.json (e.g. the uncertainty settings).
    ///   - extraFiles: more files for the same directory, (name, contents).
    ///   - extraTables: more tables, written as `NAME.csv` and as sheets of impacts.xlsx.
    public func write(to directory: String, runJSONExtra: [(String, JSONValue)] = [], extraFiles: [(String, String)] = [],
                      extraTables: [(String, ResultTable)] = []) throws {
        let sectors = sectorTable()
        let sections = sectionTable()
        let totals = totalsTable()
        let grouped = groupTable()
        var impactsMembers: [(String, JSONValue)] = [("provenance", provenance.json()), ("unit", .string(unit)),
                                                     ("period_days", result.scenario.periodDays.map { .number($0) } ?? .null),
                                                     ("totals", totals.json()), ("sectors", sectors.json()), ("sections", sections.json())]
        if let grouped { impactsMembers.append(("groups", grouped.json())) }
        var tables: [(String, ResultTable)] = [("impacts", sectors)]
        if !sections.rows.isEmpty { tables.append(("impacts_by_section", sections)) }
        if let grouped { tables.append(("impacts_by_group", grouped)) }
        if let regional = regionTable() { tables.append(("impacts_by_region", regional)) }
        tables.append(("totals", totals))
        if let indices = interdependencyTable() { tables.append(("interdependency", indices)) }
        tables += extraTables
        if let explanation { tables += ExplanationReport(explanation).tables() }
        // The workbook (the longest to build on a large table: the supply account's sheet) is built
        // on a second thread while this one formats the CSV files and impacts.json.
        let sheets = tables
        let workbook = BackgroundValue { Result { () throws(XLSXWriter.Failure) in try XLSXWriter.workbook(sheets) } }
        let csvFiles = tables.map { (name: $0.0, text: $0.1.csv()) }
        let impactsJSON = JSONValue.object(impactsMembers).rendered() + "\n"
        let built = workbook.wait()
        try OutputDestination.writeDirectory(directory, kind: .runDirectory, protecting: inputPaths) { dir in
            for file in csvFiles { try AtomicFile.write(file.text, to: dir + "/\(file.name).csv") }
            try XLSXWriter.write(built, to: dir + "/impacts.xlsx")
            try AtomicFile.write(impactsJSON, to: dir + "/impacts.json")
            var run = runJSON()
            if case let .object(members) = run, !runJSONExtra.isEmpty { run = .object(members + runJSONExtra) }
            try AtomicFile.write(run.rendered() + "\n", to: dir + "/run.json")
            for (name, text) in extraFiles { try AtomicFile.write(text, to: dir + "/" + name) }
        }
    }
}
