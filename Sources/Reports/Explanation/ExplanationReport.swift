import Foundation
import IOTables
import Scenarios

/// The files, JSON and printed lines that explain a supply-constrained run (docs/report.md,
/// "Explaining a run"): `supply.csv`, `supply_by_product.csv`, `chains.csv`,
/// `decomposition.csv`, `criticality_drivers.csv`, and the `explanation` member of run.json.
public struct ExplanationReport {
    public let explanation: RunExplanation

    public init(_ explanation: RunExplanation) { self.explanation = explanation }

    var table: IOTable { explanation.result.scenario.table }
    var codes: [String] { table.sectorLabels }
    var unit: String { table.metadata.unit }

    /// supply.csv: `product,origin,user,baseline,delivered,lost`.
    public func supplyTable() -> ResultTable {
        var t = ResultTable(columns: ["product", "origin", "user", "baseline", "delivered", "lost"])
        for f in explanation.supply.flows {
            t.append([.text(codes[f.product]), .text(f.origin), .text(f.user), .number(f.baseline, digits: 2), .number(f.delivered, digits: 2), .number(f.lost, digits: 2)])
        }
        return t
    }

    /// supply_by_product.csv: each shocked product's imports, what was lost, and the share of its
    /// total supply (domestic output plus imports) lost.
    public func supplyByProductTable() -> ResultTable {
        var t = ResultTable(columns: ["product", "name", "imports", "lost", "imports_lost_pct", "domestic_output", "total_supply", "total_supply_lost_pct"])
        for p in explanation.supply.products {
            t.append([.text(codes[p.product]), .text(table.sectors[p.product].name), .number(p.imports, digits: 1), .number(p.lost, digits: 1),
                      .number(100 * p.shareOfImportsLost, digits: 2), .number(p.domesticOutput, digits: 1),
                      .number(p.domesticOutput + p.imports, digits: 1), .number(100 * p.shareOfTotalSupplyLost, digits: 2)])
        }
        return t
    }

    static func kind(_ link: ChainLink) -> String {
        switch link {
        case .domesticInput: "domestic_input"
        case .importedInput: "imported_input"
        case .capacity: "capacity"
        case .finalDemand: "final_demand"
        case .sales: "sales"
        }
    }

    func ends(_ link: ChainLink) -> (input: String, user: String) {
        switch link {
        case let .domesticInput(i, u): (codes[i], codes[u])
        case let .importedInput(p, u): (codes[p], codes[u])
        case let .capacity(j): ("", codes[j])
        case let .finalDemand(j): ("", codes[j])
        case let .sales(j, c): (codes[j], codes[c])
        }
    }

    /// chains.csv: one row per link of every sector's chain, with what relaxing it gives back.
    public func chainsTable() -> ResultTable {
        var t = ResultTable(columns: ["code", "step", "link", "kind", "input", "user", "ratio", "amount", "sector_output_regained", "total_output_regained"])
        func optional(_ v: Double?) -> ResultTable.Cell { v.map { .number($0, digits: 2) } ?? .text("") }
        for s in explanation.sectors {
            for (step, l) in s.links.enumerated() {
                let (input, user) = ends(l.link)
                t.append([.text(codes[s.index]), .number(Double(step + 1), digits: 0), .text(l.text), .text(Self.kind(l.link)), .text(input), .text(user),
                          .number(l.ratio, digits: 4), optional(l.amount), optional(l.sectorGain), optional(l.totalGain)])
            }
        }
        return t
    }

    /// decomposition.csv: `component,output_change,value_added_change`, the parts and their total.
    public func decompositionTable() -> ResultTable {
        var t = ResultTable(columns: ["component", "output_change", "value_added_change"])
        for c in explanation.components { t.append([.text(c.name), .number(c.outputChange, digits: 1), .number(c.valueAddedChange, digits: 1)]) }
        t.append([.text("total"), .number(explanation.components.reduce(0) { $0 + $1.outputChange }, digits: 1),
                  .number(explanation.components.reduce(0) { $0 + $1.valueAddedChange }, digits: 1)])
        return t
    }

    /// criticality_drivers.csv: the criticality entries whose relaxation gives back most output.
    public func driversTable() -> ResultTable {
        var t = ResultTable(columns: ["rank", "input", "user", "weight", "output_regained", "output_regained_pct_of_loss", "value_added_regained"])
        let loss = -explanation.outputChange
        for (r, d) in explanation.drivers.enumerated() {
            t.append([.number(Double(r + 1), digits: 0), .text(codes[d.input]), .text(d.user.map { codes[$0] } ?? "*"), d.user == nil ? .text("") : .number(d.weight, digits: 2),
                      .number(d.outputGain, digits: 1), .number(loss > 0 ? 100 * d.outputGain / loss : 0, digits: 2), .number(d.valueAddedGain, digits: 1)])
        }
        return t
    }

    /// The sectors grouped by chain, largest loss first: chain, sectors, output change.
    public func chainGroups() -> [(chain: String, sectors: [Int], outputChange: Double)] {
        var groups: [String: (sectors: [Int], change: Double)] = [:]
        for s in explanation.sectors where !s.chain.isEmpty {
            let dx = explanation.impacts.rows[s.index].outputChange
            groups[s.chain, default: ([], 0)].sectors.append(s.index)
            groups[s.chain, default: ([], 0)].change += dx
        }
        return groups.map { (chain: $0.key, sectors: $0.value.sectors.sorted { explanation.impacts.rows[$0].outputChange < explanation.impacts.rows[$1].outputChange }, outputChange: $0.value.change) }
            .sorted { $0.outputChange != $1.outputChange ? $0.outputChange < $1.outputChange : $0.chain < $1.chain }
    }

    /// The names of the files this report adds to a run directory.
    public static let fileNames = ["supply.csv", "supply_by_product.csv", "chains.csv", "decomposition.csv", "criticality_drivers.csv"]

    /// The files this report adds to a run directory, in the order of `fileNames`.
    public func files() -> [(String, String)] {
        tables().map { ("\($0.0).csv", $0.1.csv()) }
    }

    /// The explanation's tables by name (file name without `.csv`; also the impacts.xlsx sheets).
    public func tables() -> [(String, ResultTable)] {
        [("supply", supplyTable()), ("supply_by_product", supplyByProductTable()), ("chains", chainsTable()),
         ("decomposition", decompositionTable()), ("criticality_drivers", driversTable())]
    }

    /// The `explanation` member of run.json.
    public func json() -> JSONValue {
        let e = explanation
        var members: [(String, JSONValue)] = [
            ("missing_imports", .number(e.supply.lost)),
            ("imports_of_shocked_products", .number(e.supply.imports)),
            ("shocked_products_own_sectors", .array(e.ownSectors.map { .string(codes[$0]) })),
            ("share_of_loss_outside_own_sectors", e.shareOutsideOwnSectors.map { .number($0) } ?? .null),
            ("final_demand_unserved", .number(e.finalDemandUnserved)),
        ]
        members.append(("loss_per_unit_of_missing_imports", e.perMissingImport.map { ratios in .object(ratios.map { ($0.quantity, .number($0.value)) }) } ?? .null))
        members.append(("supply_by_product", supplyByProductTable().json()))
        members.append(("decomposition", decompositionTable().json()))
        members.append(("criticality_drivers", driversTable().json()))
        members.append(("solves", .number(Double(e.solves))))
        return .object(members)
    }

    static func n(_ v: Double, _ digits: Int = 1) -> String { ResultTable.Cell.grouped(v, digits: digits) }

    /// The lines printed under the impact table: supply lost, the ratios, the top chains, the
    /// decomposition and the criticality drivers.
    public func markdown(chains shown: Int = 3) -> String {
        let e = explanation
        var s = "\n## Why\n\n"
        if e.supply.products.isEmpty {
            s += "No imports are cut in this scenario.\n"
        } else {
            for p in e.supply.products {
                s += "- **Supply lost**: \(Self.n(p.lost)) \(unit) of imported \(codes[p.product]) (\(table.sectors[p.product].name)), "
                s += "\(Self.n(100 * p.shareOfImportsLost, 1)) % of its imports of \(Self.n(p.imports)) and \(Self.n(100 * p.shareOfTotalSupplyLost, 1)) % of its total supply (domestic output plus imports).\n"
                let users = e.supply.flows.filter { $0.product == p.product }.reduce(into: [String: Double]()) { $0[$1.user, default: 0] += $1.lost }
                let top = users.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
                if !top.isEmpty { s += "  Largest losers of the supply: " + top.map { "\($0.key) \(Self.n($0.value))" }.joined(separator: ", ") + " (all in supply.csv).\n" }
            }
        }
        if let ratios = e.perMissingImport {
            s += "- **Per \(unit) of missing imports**: " + ratios.map { "\(Self.n($0.value, 2)) of \($0.quantity)" }.joined(separator: ", ") + " lost.\n"
        }
        let sectorCodes = Set(codes)  // a flow to anything else goes to final users
        let finalImports = e.supply.flows.filter { !sectorCodes.contains($0.user) }.reduce(0.0) { $0 + $1.lost }
        if e.finalDemandUnserved < 0 || finalImports > 0 {
            s += "- **Final users go without** \(Self.n(-e.finalDemandUnserved)) \(unit) of domestic products and \(Self.n(finalImports)) \(unit) of the cut imports (re-exports included).\n"
        }
        if let outside = e.shareOutsideOwnSectors {
            s += "- **Outside the shocked products' own sectors** (\(e.ownSectors.map { codes[$0] }.joined(separator: ", "))): \(Self.n(100 * outside, 1)) % of the output change.\n"
        }
        let groups = chainGroups()
        if !groups.isEmpty {
            s += "\n### Top chains (sector <- what bound it <- … <- the shock; all in chains.csv)\n\n"
            var t = ResultTable(columns: ["chain", "sectors", "output_change", "largest"])
            for g in groups.prefix(shown) {
                t.append([.text(g.chain), .number(Double(g.sectors.count), digits: 0), .number(g.outputChange, digits: 1),
                          .text(g.sectors.prefix(3).map { codes[$0] }.joined(separator: ", "))])
            }
            s += t.markdown()
        }
        s += "\n### Decomposition (decomposition.csv)\n\n" + decompositionTable().markdown()
        if !e.drivers.isEmpty {
            s += "\n### Criticality entries that carry the loss (criticality_drivers.csv)\n\n"
            for d in e.drivers.prefix(3) {
                let entry = d.user.map { "\(codes[d.input]) critical for \(codes[$0]) (weight \(Self.n(d.weight, 2)))" } ?? "\(codes[d.input]) critical for any user"
                s += "- \(entry): relaxing it gives back \(Self.n(d.outputGain)) \(unit) of output"
                s += -e.outputChange > 0 ? " (\(Self.n(100 * d.outputGain / -e.outputChange, 1)) % of the loss).\n" : ".\n"
            }
        }
        s += "\nOne sector in words: `ioshock run … --out DIR`, then `ioshock explain DIR --sector CODE`.\n"
        return s
    }
}
