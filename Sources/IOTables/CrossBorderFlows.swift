import LinearAlgebra

/// Trade between the regions of a multi-regional input–output system, seen as imports
/// (docs/models.md, "Import cuts on multi-regional tables").
///
/// In a multi-regional system such as pymrio's or FIGARO's, what region d buys from region o is
/// part of Z and of final demand: the rows of o's sectors, the columns of d's sectors and final
/// users. An import shock that cuts o's deliveries to d needs them as an outside supply of d's
/// users, which is what the supply-constrained and dynamic models ration. `bookingAsImports`
/// moves exactly those flows out of Z and final demand into `imports` and `importFinal`, and
/// books the origin's sales along them as one final-demand column of their own, so that every
/// row and column of the table still adds up to its output.
extension IOTable {
    /// The final-demand column of a multi-regional table that holds, after `bookingAsImports`, the
    /// origin sectors' sales along the flows booked as imports.
    public static let exportsOnCutFlows = "exports_on_cut_flows"

    /// Whether the table is a multi-regional system in which the regions trade through Z and
    /// final demand, with no imports.csv: its import shocks name origin regions.
    public var tradesBetweenRegions: Bool { isMultiRegional && imports == nil && importsRestOfCountry == nil }

    /// The region of a final-demand column labelled `region:category`, or nil.
    public func region(ofFinalDemandColumn label: String) -> String? {
        guard let cut = label.firstIndex(of: Character(Self.regionSeparator)) else { return nil }
        let region = String(label[..<cut])
        return regions.contains(region) ? region : nil
    }

    /// The table with the deliveries of each sector `i` in `destinations` to the sectors and final
    /// users of the regions `destinations[i]` booked as imports of those users (rows of
    /// `imports` and `importFinal` keep the origin sector's index), and the origin's sales along
    /// them as the final-demand column `exportsOnCutFlows`. Output, value added and every other
    /// part of the table are unchanged; row i of Z and of final demand loses what the column gains.
    /// - Returns: the table, and E_i: the sales of each sector along the moved flows (0 elsewhere).
    /// - Complexity: O(n²).
    public func bookingAsImports(_ destinations: [Int: Set<String>]) -> (table: IOTable, moved: [Double]) {
        let n = count
        var z = intermediate
        var m = Matrix(rows: n, columns: n)
        let k = finalDemand.labels.count
        let finalRegions = finalDemand.labels.map { region(ofFinalDemandColumn: $0) }
        var f = Matrix(rows: n, columns: k + 1)
        var mf = Matrix(rows: n, columns: k + 1)
        for c in 0..<k { for i in 0..<n { f[i, c] = finalDemand.values[i, c] } }
        var moved = [Double](repeating: 0, count: n)
        let columnRegions = sectors.map(\.region)
        for (i, regions) in destinations.sorted(by: { $0.key < $1.key }) {
            var sum = 0.0
            for j in 0..<n where regions.contains(columnRegions[j]) {
                m[i, j] = z[i, j]
                sum += z[i, j]
                z[i, j] = 0
            }
            for c in 0..<k where finalRegions[c].map(regions.contains) ?? false {
                mf[i, c] = f[i, c]
                sum += f[i, c]
                f[i, c] = 0
            }
            f[i, k] = sum
            moved[i] = sum
        }
        let labels = finalDemand.labels + [Self.exportsOnCutFlows]
        var view = IOTable(metadata: metadata, sectors: sectors, sectorAttributeNames: sectorAttributeNames,
                           intermediate: z, finalDemand: LabeledBlock(labels: labels, values: f), valueAdded: valueAdded,
                           output: output, imports: m, importFinal: LabeledBlock(labels: labels, values: mf),
                           employment: employment, inputCriticality: inputCriticality, inventoryDays: inventoryDays)
        view.outputGiven = outputGiven
        return (view, moved)
    }
}
