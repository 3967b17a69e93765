import LinearAlgebra

/// How well a table satisfies its accounting identities: the largest gap of each, absolute and
/// relative to the sector's output.
public struct BalanceReport: Sendable {
    public struct Gap: Sendable {
        /// Which identity, e.g. "rows: Z·1 + F·1 = x".
        public var identity: String
        public var largestAbsolute: Double
        public var largestRelative: Double
        /// The sector with the largest relative gap.
        public var sector: String?
    }

    public var gaps: [Gap]
    /// Identities that could not be checked and why.
    public var unchecked: [String]

    public var largestRelative: Double { gaps.map(\.largestRelative).max() ?? 0 }

    /// Checks what the table's files allow.
    public init(table t: IOTable) {
        var gaps: [Gap] = []
        var unchecked: [String] = []
        let x = t.output
        func gap(_ identity: String, _ lhs: [Double]) -> Gap {
            Self.largestGap(identity, lhs, x, codes: t.sectorLabels)
        }
        if t.outputGiven {
            // A regional table sells to the rest of the country through its final demand (exports),
            // so the row identity is the national one; purchases from the rest enter the columns.
            let rows = zip(t.intermediate.rowSums(), t.totalFinalDemand).map(+)
            gaps.append(gap("rows: Z·1 + F·1 = x", rows))
        } else {
            unchecked.append("rows: no output.csv, so output is defined as Z·1 + F·1")
        }
        let missingPrimary = t.metadata.primaryInputs.filter { t.valueAdded.index(of: $0) == nil }
        if missingPrimary.isEmpty {
            var columns = t.intermediate.columnSums()
            var identity = "columns: 1ᵀZ"
            if let m = t.imports {
                columns = zip(columns, m.columnSums()).map(+)
                identity += " + 1ᵀM"
            }
            if let r = t.importsRestOfCountry {
                columns = zip(columns, r.columnSums()).map(+)
                identity += " + 1ᵀM(rest of country)"
            }
            for name in t.metadata.primaryInputs {
                let row = t.valueAdded.values.row(t.valueAdded.index(of: name)!)
                columns = zip(columns, row).map(+)
                identity += " + \(name)"
            }
            gaps.append(gap(identity + " = x", columns))
        } else {
            unchecked.append("columns: value_added.csv lacks \(missingPrimary.joined(separator: ", ")) named in primary_inputs")
        }
        if let origin = t.importOrigin {
            if let m = t.imports {
                var total = m.rowSums()
                var identity = "imports: Σ origins = M·1 + imported final use"
                if let mf = t.importFinal { total = zip(total, mf.values.rowSums()).map(+) }
                if let r = t.importsRestOfCountry {
                    total = zip(total, r.rowSums()).map(+)
                    identity += " + M(rest of country)·1"
                }
                if let rf = t.importFinalRestOfCountry {
                    total = zip(total, rf.values.rowSums()).map(+)
                    identity += " + final use from the rest of country"
                }
                gaps.append(Self.largestGap(identity, origin.values.rowSums(), total, codes: t.sectorLabels))
            } else {
                unchecked.append("imports by origin: no imports.csv to compare with")
            }
        }
        self.gaps = gaps
        self.unchecked = unchecked
    }

    /// The largest |lhs − rhs|, and the largest |lhs − rhs| / |rhs| with its sector
    /// (infinite where rhs is zero and lhs is not).
    static func largestGap(_ identity: String, _ lhs: [Double], _ rhs: [Double], codes: [String]) -> Gap {
        var absMax = 0.0, relMax = 0.0
        var worst: String? = nil
        for i in lhs.indices {
            let d = abs(lhs[i] - rhs[i])
            absMax = max(absMax, d)
            let rel = rhs[i] == 0 ? (d == 0 ? 0 : Double.infinity) : d / abs(rhs[i])
            if rel > relMax { relMax = rel; worst = codes[i] }
        }
        return Gap(identity: identity, largestAbsolute: absMax, largestRelative: relMax, sector: worst)
    }
}
