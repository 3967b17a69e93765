import Foundation
import IOTables

/// `ioshock explain`: a run's explanation in words, read back from its directory (impacts.csv,
/// chains.csv and, when present, supply_by_product.csv, decomposition.csv, criticality_drivers.csv).
public struct RunExplanationText {
    public let run: RunDirectory
    public let chains: RunDirectory.Table

    public init(path: String) throws(InputError) {
        run = try RunDirectory(path: path)
        let chainsPath = path + "/chains.csv"
        guard FileManager.default.fileExists(atPath: chainsPath) else {
            throw InputError(file: chainsPath, "the run has no chains.csv, so there is nothing to explain",
                             hint: "explanations are written for supply-constrained scenarios: re-run it with `ioshock run <scenario> --out \(path)`")
        }
        chains = try RunDirectory.Table(path: chainsPath)
        for column in ["code", "step", "link", "kind", "input", "user", "ratio"] where !chains.has(column) {
            throw InputError(file: chainsPath, line: 1, "chains.csv has no column \"\(column)\"", hint: "re-run the scenario to rewrite it")
        }
    }

    var unit: String { run.string("table", "unit") ?? "" }
    var period: String { run.number("period_days").map { "over \(ImpactReport.days($0)) days" } ?? "per year" }
    static func n(_ v: Double, _ digits: Int = 1) -> String { ResultTable.Cell.grouped(v, digits: digits) }
    static func pct(_ v: Double) -> String { n(100 * v, 1) + " %" }

    func optionalTable(_ name: String) throws(InputError) -> RunDirectory.Table? {
        let path = run.path + "/" + name
        return FileManager.default.fileExists(atPath: path) ? try RunDirectory.Table(path: path) : nil
    }

    /// A row's sector as chains.csv names it: `region:code` in a table of more than one region
    /// (impacts.csv then has a region column), else the code.
    func sectorLabel(_ row: Int) -> String {
        let impacts = run.impacts
        let code = impacts.text(row, "code")
        guard impacts.has("region") else { return code }
        let region = impacts.text(row, "region")
        return region.isEmpty ? code : region + ":" + code
    }

    var codes: [String] { run.impacts.rows.indices.map(sectorLabel) }

    func name(_ code: String) -> String {
        run.impacts.rows.indices.first { sectorLabel($0) == code }.map { run.impacts.text($0, "name") } ?? ""
    }

    func label(_ code: String) -> String {
        let name = name(code)
        return name.isEmpty ? code : "\(code) (\(name))"
    }

    /// One sector in words: its loss, what bound it, its chain link by link.
    public func sector(_ code: String) throws(InputError) -> String {
        let impacts = run.impacts
        // A product code alone names its sector when only one region has it (one-region tables).
        let regions = impacts.has("region") ? impacts.rows.indices.filter { impacts.text($0, "code") == code && !impacts.text($0, "region").isEmpty } : []
        if regions.count > 1, !code.contains(":") {
            throw InputError(file: impacts.path, "\"\(code)\" is a product of \(regions.count) regions in this run",
                             hint: "name one as region:code, e.g. \(regions.prefix(3).map(sectorLabel).joined(separator: ", "))")
        }
        let wanted = regions.count == 1 ? sectorLabel(regions[0]) : code
        guard let row = impacts.rows.indices.first(where: { sectorLabel($0) == wanted }) else {
            throw InputError(file: impacts.path, "no sector \"\(code)\" in this run",
                             hint: Suggestions.didYouMean(code, among: codes) ?? "the codes are those of impacts.csv, e.g. \(codes.prefix(3).joined(separator: ", "))")
        }
        let code = wanted
        let change = try impacts.number(row, "output_change")
        var s = "\(label(code)): output \(Self.n(change)) \(unit) \(period)"
        if let pct = impacts.optionalNumber(row, "output_change_pct") { s += " (\(Self.n(pct, 2)) %)" }
        if let va = impacts.optionalNumber(row, "value_added_change") { s += ", value added \(Self.n(va))" }
        s += ".\n"
        let binding = impacts.text(row, "binding")
        guard !binding.isEmpty else {
            return s + "It is not below its baseline: no constraint binds it.\n"
        }
        s += "Bound by \(bindingWords(binding)).\n"
        let links = chains.rows.indices.filter { chains.text($0, "code") == code }
        guard !links.isEmpty else { return s }
        s += "Chain from the sector back to the shock (chain \(impacts.text(row, "chain"))):\n"
        for (k, r) in links.enumerated() {
            s += "  \(k + 1). " + (try linkWords(r, sector: code, loss: change)) + "\n"
        }
        if let last = links.last, !["imported_input", "capacity", "final_demand"].contains(chains.text(last, "kind")) {
            s += "  The chain stops on a sector it already passed (a loop of mutual dependence).\n"
        }
        return s
    }

    func bindingWords(_ binding: String) -> String {
        if binding.hasPrefix("input ") { let c = String(binding.dropFirst(6)); return "its domestic input \(label(c))" }
        if binding.hasPrefix("imported ") { let c = String(binding.dropFirst(9)); return "its imports of \(label(c))" }
        if binding == "capacity" { return "its own capacity, which the scenario cuts" }
        if binding == "demand" { return "demand: its customers buy less" }
        return binding
    }

    func linkWords(_ r: Int, sector code: String, loss: Double) throws(InputError) -> String {
        let input = chains.text(r, "input"), user = chains.text(r, "user")
        let ratio = try chains.number(r, "ratio")
        let amount = chains.optionalNumber(r, "amount")
        var s: String
        var relaxed: String
        switch chains.text(r, "kind") {
        case "domestic_input":
            s = "\(user) <- \(label(input)): the shock leaves \(input) able to supply \(Self.pct(ratio)) of its baseline"
            relaxed = "\(input) not critical for \(user)"
        case "imported_input":
            s = "\(user) <- \(chains.text(r, "link")): \(user) receives \(Self.pct(ratio)) of its baseline purchases of \(input) from outside"
            if let amount { s += " (\(Self.n(amount)) \(unit) missing)" }
            relaxed = "\(input) not critical for \(user)"
        case "capacity":
            s = "capacity of \(user) cut to \(Self.pct(ratio)) of its baseline"
            relaxed = "capacity back to baseline"
        case "final_demand":
            s = "final demand for \(user) at \(Self.pct(ratio)) of its baseline"
            relaxed = "final demand back to baseline"
        case "sales":
            s = "\(input) sells less to \(label(user)), which produces \(Self.pct(ratio)) of its baseline"
            if let amount { s += " (\(Self.n(amount)) \(unit) of sales)" }
            return s + "; this follows from \(user)'s own constraint."
        default:
            s = chains.text(r, "link")
            relaxed = "relaxed"
        }
        if let sectorGain = chains.optionalNumber(r, "sector_output_regained"), let totalGain = chains.optionalNumber(r, "total_output_regained") {
            let own = loss < 0 ? " (\(Self.pct(sectorGain / -loss)) of its loss)" : ""
            s += ". Relaxed (\(relaxed)): \(code) regains \(Self.n(sectorGain)) \(unit)\(own), the economy \(Self.n(totalGain))"
            if let total = totalOutputChange(), total < 0 { s += " (\(Self.pct(totalGain / -total)) of the total loss)" }
            s += "."
            if loss < 0, sectorGain < -loss / 2 { s += " Other constraints almost as tight then hold \(code)." }
        } else {
            s += "."
        }
        return s
    }

    func totalOutputChange() -> Double? {
        guard let totals = run.totals else { return nil }
        return totals.rows.indices.first { totals.text($0, "quantity") == "output" }.flatMap { totals.optionalNumber($0, "change") }
    }

    /// The run in words: supply lost, the largest losers and their chains, the decomposition and drivers.
    public func overview(top: Int) throws(InputError) -> String {
        var s = "# \(run.string("scenario", "title") ?? run.path)\n\n"
        if let total = totalOutputChange() { s += "Output \(Self.n(total)) \(unit) \(period).\n" }
        if let supply = try optionalTable("supply_by_product.csv") {
            for r in supply.rows.indices {
                let p = supply.text(r, "product")
                s += "Imports of \(label(p)) lost: \(Self.n(try supply.number(r, "lost"))) \(unit), \(Self.n(try supply.number(r, "imports_lost_pct"))) % of its imports and \(Self.n(try supply.number(r, "total_supply_lost_pct"))) % of its total supply.\n"
            }
        }
        if let ratios = run.json("explanation", "loss_per_unit_of_missing_imports") as? [String: Any] {
            let order = ["output", "value_added"] + ratios.keys.filter { $0 != "output" && $0 != "value_added" }.sorted()
            s += "Lost per \(unit) of missing imports: " + order.compactMap { k in (ratios[k] as? NSNumber).map { "\(Self.n($0.doubleValue, 2)) \(k)" } }.joined(separator: ", ") + ".\n"
        }
        if let outside = run.number("explanation", "share_of_loss_outside_own_sectors") {
            s += "Outside the shocked products' own sectors: \(Self.pct(outside)) of the output change.\n"
        }
        let impacts = run.impacts
        var losers: [(row: Int, change: Double)] = []
        for r in impacts.rows.indices { losers.append((r, try impacts.number(r, "output_change"))) }
        losers.sort { $0.change != $1.change ? $0.change < $1.change : $0.row < $1.row }
        s += "\nLargest losers, with what bound them and the chain back to the shock:\n"
        for l in losers.prefix(top) where l.change < 0 {
            s += "- \(label(sectorLabel(l.row))): \(Self.n(l.change)); \(impacts.text(l.row, "binding")); \(impacts.text(l.row, "chain"))\n"
        }
        if let d = try optionalTable("decomposition.csv") {
            s += "\nDecomposition (\(unit)):\n"
            for r in d.rows.indices { s += "- \(d.text(r, "component")): output \(Self.n(try d.number(r, "output_change"))), value added \(Self.n(try d.number(r, "value_added_change")))\n" }
        }
        if let drivers = try optionalTable("criticality_drivers.csv"), !drivers.rows.isEmpty {
            s += "\nCriticality entries whose relaxation gives back most output:\n"
            for r in drivers.rows.indices.prefix(top) {
                let user = drivers.text(r, "user")
                s += "- \(drivers.text(r, "input")) critical for \(user == "*" ? "any user" : user): \(Self.n(try drivers.number(r, "output_regained"))) \(unit) (\(Self.n(try drivers.number(r, "output_regained_pct_of_loss"))) % of the loss)\n"
            }
        }
        s += "\nOne sector in detail: ioshock explain \(run.path) --sector CODE\n"
        return s
    }
}
