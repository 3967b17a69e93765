import IOTables
import LinearAlgebra

/// Estimates a regional table from a national one with Flegg's location quotient
/// (MODELS.md §7; Flegg & Webber 1997), using employment by group of sectors (e.g. NACE
/// sections) for the region and the nation.
///
/// With s_j = E_jᴿ / E_jᴺ the region's share of the employment of sector j's group, ρ = Eᴿ/Eᴺ its
/// share of all employment, SLQ_j = s_j / ρ:
/// - output xᴿ_j = s_j x_j; every column keeps the national input structure, so imports from
///   abroad, taxes, value-added components and employment of column j are the national ones × s_j;
/// - intermediate inputs: zᴿ_ij = r_ij xᴿ_j with r_ij = a_ij min(1, FLQ_ij) bought in the region,
///   (a_ij − r_ij) xᴿ_j bought from the rest of the country;
/// - final demand of the region's residents, per domestic category k (not an export), is ρ F_ik
///   for Belgian product i, of which ρ F_ik min(1, λ SLQ_i) is bought in the region and the rest
///   from the rest of the country (final demand treated as a purchaser with SLQ 1); their imports
///   from abroad are ρ × the national imported final use;
/// - exports abroad of product i, and re-exports of imports, are s_i × the national ones;
/// - exports to the rest of the country close each row:
///   xᴿ_i − Σ_j zᴿ_ij − Σ_k fᴿ_ik (a balancing item, documented as such);
/// - imports from abroad by origin are split with the national origin shares of each product.
/// Rows and columns therefore balance by construction, and Aᴿ ≤ A elementwise gives ρ(Aᴿ) ≤ ρ(A) < 1.
public struct FLQRegionalisation: Sendable {
    /// The employment of each sector's group: `regional[g]`, `national[g]` for group g.
    public struct Employment: Sendable {
        public var groupOfSector: [String]
        public var regional: [String: Double]
        public var national: [String: Double]

        public init(groupOfSector: [String], regional: [String: Double], national: [String: Double]) {
            self.groupOfSector = groupOfSector
            self.regional = regional
            self.national = national
        }
    }

    public let delta: Double
    /// λ = [log₂(1 + Eᴿ/Eᴺ)]^δ.
    public let lambda: Double
    /// ρ = Eᴿ/Eᴺ.
    public let regionalShare: Double
    /// s_j per sector.
    public let shares: [Double]
    /// SLQ_j per sector.
    public let slq: [Double]
    /// FLQ_ij.
    public let flq: Matrix
    /// The estimated regional table.
    public let table: IOTable
    /// The name of the category of exports to the rest of the country.
    public static let exportsRestOfCountry = "exports_rest_of_country"
    public static let restOfCountry = "rest_of_country"

    /// - Parameters:
    ///   - national: the national table; needs output, and uses imports, imported final use and
    ///     imports by origin when present.
    ///   - exportCategories: the final-demand categories that are exports abroad (default: those
    ///     whose name starts with "exports").
    /// - Throws: `ModelError.invalidInput` for δ outside [0, 1), a group without national
    ///   employment, or regional employment above the national one.
    /// - Complexity: O(n²).
    public init(national t: IOTable, employment e: Employment, delta: Double, metadata: TableMetadata,
                exportCategories: Set<String>? = nil) throws(ModelError) {
        let n = t.count
        guard e.groupOfSector.count == n else { throw .invalidInput("\(e.groupOfSector.count) groups for \(n) sectors") }
        let er = e.regional.values.reduce(0, +), en = e.national.values.reduce(0, +)
        self.delta = delta
        self.lambda = try LocationQuotients.lambda(regionalTotal: er, nationalTotal: en, delta: delta)
        self.regionalShare = er / en
        var shares = [Double](repeating: 0, count: n)
        for (j, g) in e.groupOfSector.enumerated() {
            guard let nat = e.national[g], nat > 0 else { throw .invalidInput("no national employment for \(g), the group of sector \(t.codes[j])") }
            let reg = e.regional[g] ?? 0
            guard reg >= 0, reg <= nat else { throw .invalidInput("regional employment \(reg) of \(g) is not between 0 and the national \(nat)") }
            shares[j] = reg / nat
        }
        self.shares = shares
        let rho = regionalShare
        let slq = LocationQuotients.simple(regional: e.groupOfSector.map { e.regional[$0] ?? 0 },
                                           national: e.groupOfSector.map { e.national[$0]! },
                                           regionalTotal: er, nationalTotal: en)
        self.slq = slq
        let flq = LocationQuotients.flegg(slq, lambda: lambda)
        self.flq = flq

        let x = t.output
        let xr = zip(shares, x).map(*)
        let a = IOMath.technicalCoefficients(t.intermediate, output: x)
        let r = LocationQuotients.regionalCoefficients(a, quotients: flq)
        var z = Matrix(rows: n, columns: n), fromRest = Matrix(rows: n, columns: n)
        for j in 0..<n {
            for i in 0..<n {
                z[i, j] = r[i, j] * xr[j]
                fromRest[i, j] = (a[i, j] - r[i, j]) * xr[j]
            }
        }
        func scaledColumns(_ m: Matrix) -> Matrix {
            var out = m
            for j in 0..<m.columns { for i in 0..<m.rows { out[i, j] = m[i, j] * shares[j] } }
            return out
        }

        let exports = exportCategories ?? Set(t.finalDemand.labels.filter { $0.hasPrefix("exports") })
        let labels = t.finalDemand.labels + [Self.exportsRestOfCountry]
        let k = labels.count
        var f = Matrix(rows: n, columns: k), fRest = Matrix(rows: n, columns: k), mf = Matrix(rows: n, columns: k)
        let zRowSums = z.rowSums()
        for i in 0..<n {
            let local = min(1, lambda * slq[i])
            var sold = zRowSums[i]
            for (c, label) in t.finalDemand.labels.enumerated() {
                let national = t.finalDemand.values[i, c]
                let importedNational = t.importFinal?.values[i, c] ?? 0
                if exports.contains(label) {
                    f[i, c] = shares[i] * national
                    mf[i, c] = shares[i] * importedNational
                } else {
                    f[i, c] = rho * national * local
                    fRest[i, c] = rho * national * (1 - local)
                    mf[i, c] = rho * importedNational
                }
                sold += f[i, c]
            }
            f[i, k - 1] = xr[i] - sold
        }

        var va = t.valueAdded
        for j in 0..<n { for c in 0..<va.values.rows { va.values[c, j] *= shares[j] } }
        let imports = t.imports.map(scaledColumns)
        var employment = t.employment
        if var block = employment {
            for j in 0..<n { for c in 0..<block.values.columns { block.values[j, c] *= shares[j] } }
            employment = block
        }

        var origin: LabeledBlock? = nil
        if let national = t.importOrigin {
            let foreign = zip(imports?.rowSums() ?? [Double](repeating: 0, count: n), mf.rowSums()).map(+)
            let rest = zip(fromRest.rowSums(), fRest.rowSums()).map(+)
            let nationalSums = national.values.rowSums()
            var values = Matrix(rows: n, columns: national.labels.count + 1)
            for i in 0..<n {
                for o in 0..<national.labels.count where nationalSums[i] != 0 {
                    values[i, o] = national.values[i, o] / nationalSums[i] * foreign[i]
                }
                values[i, national.labels.count] = rest[i]
            }
            origin = LabeledBlock(labels: national.labels + [Self.restOfCountry], values: values)
        }

        self.table = IOTable(
            metadata: metadata, sectors: t.sectors, sectorAttributeNames: t.sectorAttributeNames,
            intermediate: z, finalDemand: LabeledBlock(labels: labels, values: f), valueAdded: va,
            output: xr, imports: imports,
            importFinal: t.importFinal == nil ? nil : LabeledBlock(labels: labels, values: mf),
            importOrigin: origin, importsRestOfCountry: fromRest,
            importFinalRestOfCountry: LabeledBlock(labels: labels, values: fRest),
            employment: employment, inputCriticality: t.inputCriticality, inventoryDays: t.inventoryDays)
    }
}
