import IOTables
import LinearAlgebra

/// The Leontief price model (Miller & Blair 2009 §2.6; the cost-push reading of the Ghosh model,
/// Dietzenbacher 1997): each product's price is its unit cost,
///
///     p_j = Σ_i a_ij p_i + Σ_{p,o} m_{c,poj} p_{m,po} + v_{c,j},   i.e.   pᵀ = (m_cᵀ p_m + v_cᵀ)(I − A)⁻¹,
///
/// with A = Z x̂⁻¹ the domestic input coefficients, m_{c,poj} = M_pj s_po / x_j the imported input
/// coefficients of product p from origin o (M split by the origin shares s_po of import_origin.csv;
/// purchases from the rest of the country, in regional tables, are their own origin), p_m their
/// prices and v_{c,j} the primary inputs per unit of output (the table's `primary_inputs`: value
/// added and taxes on products). At baseline every price is 1.
///
/// A shock changes import prices by π_po (p_m = 1 + π) and primary inputs per unit by ν_j
/// (v_c ← v_c (1 + ν)). The model solves for the change,
///
///     (I − A)ᵀ Δp = Δc,   Δc_j = Σ_p (M_pj π̄_p + R_pj π^r_p) / x_j + v_{c,j} ν_j,
///
/// with π̄_p = Σ_o s_po π_po over the foreign origins and π^r_p the rest-of-country change, and
/// reports p = 1 + Δp, so a zero shock gives every price index exactly 1.
///
/// A sector with zero output has no cost structure; its unit cost is taken to be all primary
/// inputs (v_c = 1), so that its price moves with its own value-added shock only and the
/// homogeneity identity (every primary cost × (1 + k) ⇒ every price × (1 + k)) holds for it too.
public struct PriceModel: Sendable {
    public let leontief: LeontiefModel
    /// The origins whose import prices can change: the columns of import_origin.csv, or `*`
    /// (every foreign import) for a table without it, plus `rest_of_country` for regional tables.
    public let origins: [String]
    /// Primary inputs per unit of output, v_c.
    public let primaryInputCoefficients: [Double]
    let imports: Matrix?
    let importsRestOfCountry: Matrix?
    /// s_po over the foreign origins (n × foreign origins), in `origins` order.
    let foreignShares: Matrix
    let foreignOrigins: [Int]
    let restOfCountryOrigin: Int?

    /// - Throws: `ModelError.invalidInput` when value_added.csv lacks a row named in primary_inputs.
    /// - Complexity: O(n²) (the factorisation is the Leontief model's).
    public init(table: IOTable, leontief: LeontiefModel) throws(ModelError) {
        let n = table.count
        self.leontief = leontief
        let x = table.output
        var v = [Double](repeating: 0, count: n)
        for name in table.metadata.primaryInputs {
            guard let row = table.valueAdded.index(of: name) else {
                throw .invalidInput("the table \(table.metadata.name) names \"\(name)\" in primary_inputs, but value_added.csv has no such row; the price model needs every primary input per unit of output")
            }
            for j in 0..<n { v[j] += table.valueAdded.values[row, j] }
        }
        primaryInputCoefficients = (0..<n).map { x[$0] == 0 ? 1 : v[$0] / x[$0] }
        imports = table.imports
        importsRestOfCountry = table.importsRestOfCountry
        var origins: [String]
        if let block = table.importOrigin {
            origins = block.labels
        } else {
            origins = ["*"]
            if table.importsRestOfCountry != nil { origins.append("rest_of_country") }
        }
        self.origins = origins
        restOfCountryOrigin = origins.firstIndex(of: "rest_of_country")
        foreignOrigins = origins.indices.filter { origins[$0] != "rest_of_country" }
        var shares = Matrix(rows: n, columns: foreignOrigins.count)
        for p in 0..<n {
            if let block = table.importOrigin {
                let total = foreignOrigins.reduce(0.0) { $0 + block.values[p, $1] }
                if total > 0 { for (k, o) in foreignOrigins.enumerated() { shares[p, k] = block.values[p, o] / total } }
            } else {
                shares[p, 0] = 1
            }
        }
        foreignShares = shares
    }

    public var count: Int { leontief.count }

    /// The price index of every product after a shock.
    ///
    /// - Parameters:
    ///   - importPriceChange: π_po, n × `origins.count`, each > −1 (0: unchanged; 3: +300 %).
    ///   - valueAddedChange: ν_j, the relative change of primary inputs per unit of output, each > −1.
    /// - Complexity: O(n²): two matrix–vector products and one transposed solve on the LU of I − A.
    public func solve(importPriceChange pi: Matrix, valueAddedChange nu: [Double]) throws(ModelError) -> PriceResult {
        let n = count
        guard pi.rows == n, pi.columns == origins.count, nu.count == n else {
            throw .invalidInput("the price shock has \(pi.rows) × \(pi.columns) import price changes and \(nu.count) value-added changes for \(n) products and \(origins.count) origins")
        }
        if let k = pi.storage.firstIndex(where: { !($0 > -1 && $0.isFinite) }) {
            throw .invalidInput("the import price change of product \(leontief.codes[k % n]) from \(origins[k / n]) is \(pi.storage[k]); a price change must be finite and above −1 (−1 would make the import free)")
        }
        if let j = nu.firstIndex(where: { !($0 > -1 && $0.isFinite) }) {
            throw .invalidInput("the value-added change of sector \(leontief.codes[j]) is \(nu[j]); it must be finite and above −1")
        }
        var foreign = [Double](repeating: 0, count: n)
        var rest = [Double](repeating: 0, count: n)
        for p in 0..<n {
            for (k, o) in foreignOrigins.enumerated() where pi[p, o] != 0 { foreign[p] += foreignShares[p, k] * pi[p, o] }
            if let r = restOfCountryOrigin { rest[p] = pi[p, r] }
        }
        let x = leontief.output
        var push = [Double](repeating: 0, count: n)
        func add(_ m: Matrix?, _ change: [Double]) throws(ModelError) {
            guard let m, change.contains(where: { $0 != 0 }) else { return }
            let cost: [Double]
            do { cost = try m.multiplied(by: change, transposingSelf: true) } catch { throw .invalidInput("imported input costs: \(error)") }
            for j in 0..<n where x[j] != 0 { push[j] += cost[j] / x[j] }
        }
        try add(imports, foreign)
        try add(importsRestOfCountry, rest)
        for j in 0..<n where nu[j] != 0 { push[j] += primaryInputCoefficients[j] * nu[j] }
        let dp = push.contains { $0 != 0 } ? leontief.factorization.solveTransposed(push) : [Double](repeating: 0, count: n)
        return PriceResult(codes: leontief.codes, priceIndex: dp.map { 1 + $0 }, costPush: push,
                           importPriceIndex: foreign.map { 1 + $0 }, restOfCountryPriceIndex: rest.map { 1 + $0 })
    }
}

/// Prices after a shock: every index is 1 at baseline.
public struct PriceResult: Sendable {
    public let codes: [String]
    /// p_j, the price index of domestic product j.
    public let priceIndex: [Double]
    /// Δc_j, the direct rise of j's unit cost (imported inputs and primary inputs), before it
    /// passes through the domestic inputs of other products.
    public let costPush: [Double]
    /// 1 + π̄_p: the index of product p's foreign imports (origins weighted by their shares).
    public let importPriceIndex: [Double]
    /// 1 + π^r_p: product p bought from the rest of the country (regional tables).
    public let restOfCountryPriceIndex: [Double]

    /// The cost of a basket of final use at the new prices: domestic products at p, imported ones
    /// at 1 + π̄, purchases from the rest of the country at 1 + π^r. Returns the baseline value
    /// and the change (same unit as the basket).
    public func cost(domestic: [Double], imported: [Double]? = nil, restOfCountry: [Double]? = nil) -> (baseline: Double, change: Double) {
        var baseline = 0.0, change = 0.0
        for i in codes.indices {
            baseline += domestic[i]
            change += domestic[i] * (priceIndex[i] - 1)
            if let imported {
                baseline += imported[i]
                change += imported[i] * (importPriceIndex[i] - 1)
            }
            if let restOfCountry {
                baseline += restOfCountry[i]
                change += restOfCountry[i] * (restOfCountryPriceIndex[i] - 1)
            }
        }
        return (baseline, change)
    }
}
