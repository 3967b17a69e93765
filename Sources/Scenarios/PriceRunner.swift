import IOModels
import IOTables
import LinearAlgebra

/// What a price scenario gives: the price of every product and the cost of final use.
public struct PriceOutcome: Sendable {
    public var result: PriceResult
    /// `household_consumption`, `exports` and `final_demand`: the value of the basket at baseline
    /// prices and the change of its cost, for the scenario's period (annual × days / 365 with
    /// `duration_days`, else per year).
    public var costs: [Impacts.Total]
    /// The final-demand columns counted as exports.
    public var exportColumns: [String]
    /// The origins of import prices (`PriceModel.origins`).
    public var origins: [String]
}

/// Runs `kind = "price"` (docs/models.md, "Leontief price model").
enum PriceRunner {
    static let note = "Leontief price model (Miller & Blair 2009 §2.6): prices are unit costs at fixed quantities and input coefficients; no substitution, no change in margins or in demand."

    static func run(_ scenario: Scenario, leontief: LeontiefModel) throws(ModelError) -> PriceOutcome {
        let table = scenario.table
        let n = table.count
        let model = try PriceModel(table: table, leontief: leontief)
        var importFactor = Matrix(rows: n, columns: model.origins.count, repeating: 1)
        var valueAddedFactor = [Double](repeating: 1, count: n)
        for shock in scenario.shocks {
            switch shock.kind {
            case .importPrice:
                let columns = shock.origins.isEmpty ? Array(model.origins.indices) : shock.origins.compactMap { model.origins.firstIndex(of: $0) }
                for p in shock.sectors { for o in columns { importFactor[p, o] *= 1 + shock.size } }
            case .valueAdded:
                for j in shock.sectors { valueAddedFactor[j] *= 1 + shock.size }
            case .imports, .capacity, .finalDemand:
                continue
            }
        }
        var change = importFactor
        for k in change.storage.indices { change.storage[k] -= 1 }
        let result = try model.solve(importPriceChange: change, valueAddedChange: valueAddedFactor.map { $0 - 1 })
        let k = scenario.periodDays.map { $0 / 365 } ?? 1
        func column(_ block: LabeledBlock?, _ labels: [String]) -> [Double]? {
            guard let block else { return nil }
            let columns = labels.compactMap { block.index(of: $0) }
            guard !columns.isEmpty else { return nil }
            return (0..<n).map { i in columns.reduce(0) { $0 + block.values[i, $1] } }
        }
        func total(_ name: String, _ labels: [String]) -> Impacts.Total? {
            guard let domestic = column(table.finalDemand, labels) else { return nil }
            let cost = result.cost(domestic: domestic, imported: column(table.importFinal, labels), restOfCountry: column(table.importFinalRestOfCountry, labels))
            return Impacts.Total(quantity: name, baseline: cost.baseline * k, change: cost.change * k)
        }
        let exports = table.finalDemand.labels.filter { $0.hasPrefix("exports") }
        var costs: [Impacts.Total] = []
        if let household = table.metadata.householdConsumption, let t = total("household_consumption", [household]) { costs.append(t) }
        if let t = total("exports", exports) { costs.append(t) }
        if let t = total("final_demand", table.finalDemand.labels) { costs.append(t) }
        // A price change of 1e307 solves to inf or NaN (inf − inf): refused, as an output that
        // leaves double precision is in the quantity models, rather than printed.
        let vectors = [("price index", result.priceIndex), ("cost push", result.costPush), ("import price index", result.importPriceIndex),
                       ("rest-of-country price index", result.restOfCountryPriceIndex)]
        for (name, values) in vectors {
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw .invalidInput("the price model produced a non-finite \(name) for \(bad < n ? table.sectorLabels[bad] : "product \(bad)"); refusing to report it. A price left the range of double precision: use price changes and value-added changes of a sensible size (a change of 1 doubles a price)")
            }
        }
        if let bad = costs.first(where: { !$0.baseline.isFinite || !$0.change.isFinite }) {
            throw .invalidInput("the price model produced a non-finite cost of \(bad.quantity); refusing to report it. A price left the range of double precision: use price changes and value-added changes of a sensible size (a change of 1 doubles a price)")
        }
        return PriceOutcome(result: result, costs: costs, exportColumns: exports, origins: model.origins)
    }
}
