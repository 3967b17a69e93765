import ArgumentParser
import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Reports

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a table bundle and check its accounts and productivity.",
        discussion: "Example: ioshock inspect matrices/germany-1995"
    )

    @Argument(help: "The table bundle directory.")
    var bundle: String

    func run() throws {
        let table = try IOTable(bundle: bundle)
        let balance = BalanceReport(table: table)
        var provenance = Provenance(command: "inspect")
        provenance.addTable(bundle)
        let m = table.metadata
        var lines: [String] = [provenance.markdown(), "# \(m.title.isEmpty ? m.name : m.title)", ""]
        func add(_ key: String, _ value: String) { lines.append("- \(key): \(value)") }
        func money(_ v: Double) -> String { ResultTable.Cell.grouped(v, digits: 1) + " " + m.unit }
        add("name", m.name)
        add("sectors", "\(table.count)")
        if let year = m.year { add("year", "\(year)") }
        add("unit", m.unit)
        if !m.region.isEmpty { add("region", m.region) }
        if !m.source.isEmpty { add("source", m.source + (m.sourceVersion.map { " (version \($0))" } ?? "")) }
        if let e = m.estimation { add("estimation", e) }
        add("total output", money(table.output.reduce(0, +)))
        if let gva = table.grossValueAdded { add("gross value added", money(gva.reduce(0, +))) }
        add("final demand", money(table.totalFinalDemand.reduce(0, +)) + " (" + table.finalDemand.labels.joined(separator: ", ") + ")")
        if let imports = table.imports {
            var total = imports.storage.reduce(0, +)
            if let mf = table.importFinal { total += mf.values.storage.reduce(0, +) }
            add("imports", money(total) + (table.importFinal == nil ? " (intermediate)" : " (intermediate and final)"))
        }
        if let origin = table.importOrigin {
            let totals = origin.values.columnSums()
            add("imports by origin", zip(origin.labels, totals).map { "\($0) \(money($1))" }.joined(separator: "; "))
        }
        if let employment = table.employment {
            add("employment", zip(employment.labels, employment.values.columnSums()).map { "\($0) \(ResultTable.Cell.grouped($1, digits: 1))" }.joined(separator: "; "))
        }
        lines.append("")
        lines.append("## Accounting identities")
        for gap in balance.gaps {
            // A gap where the right-hand side is 0 has no relative size (BalanceReport counts it
            // as infinite): said in words rather than printed as "inf".
            let relative = gap.largestRelative.isFinite
                ? "\(String(format: "%.3g", gap.largestRelative)) relative" + (gap.sector.map { " (sector \($0))" } ?? "")
                : "no relative size: " + (gap.sector.map { "sector \($0)" } ?? "a sector") + " has a gap where the right-hand side is 0"
            lines.append("- \(gap.identity): largest gap \(String(format: "%.3g", gap.largestAbsolute)) absolute, " + relative)
        }
        for note in balance.unchecked { lines.append("- not checked: \(note)") }
        lines.append("")
        lines.append("## Leontief model")
        let a = IOMath.technicalCoefficients(table.intermediate, output: table.output)
        if let k = a.storage.firstIndex(where: { !$0.isFinite }) {
            let i = k % a.rows, j = k / a.rows
            let reason = "the coefficient a(\(table.sectorLabels[i]), \(table.sectorLabels[j])) = z / x_j = \(table.intermediate[i, j]) / \(table.output[j]) overflows double precision"
            lines.append("- coefficients: NOT finite — \(reason)")
            print(lines.joined(separator: "\n"))
            throw InputError(file: bundle, "is not usable for the Leontief model: \(reason)",
                             hint: "express the table in a unit where flows and outputs lie between about 1e-300 and 1e300")
        }
        let negative = Self.negativeCoefficients(a, codes: table.sectorLabels)
        if let largest = negative.largest {
            lines.append("- negative coefficients in A: \(negative.count), the largest in magnitude a[\(largest.row), \(largest.column)] = \(String(format: "%.6g", largest.value)) (Z.csv row \(largest.row), column \(largest.column))")
        } else {
            lines.append("- negative coefficients in A: none")
        }
        if table.count <= 1500 {
            let rho = try a.spectralRadius()
            lines.append("- spectral radius ρ(A): \(String(format: "%.6f", rho)) (eigenvalues, DGEEV)")
        } else if negative.count == 0 {
            let bounds = try a.perronBounds()
            lines.append("- spectral radius ρ(A): between \(String(format: "%.6f", bounds.lower)) and \(String(format: "%.6f", bounds.upper)) (Collatz–Wielandt bounds)")
        } else {
            lines.append("- spectral radius ρ(A): not computed (more than 1500 sectors, and the Collatz–Wielandt bounds need A ≥ 0)")
        }
        let columnSums = a.columnSums()
        lines.append("- column sums of A: \(String(format: "%.4f", columnSums.min() ?? 0)) to \(String(format: "%.4f", columnSums.max() ?? 0))")
        lines.append("- zero-output sectors: " + (table.output.indices.filter { table.output[$0] == 0 }.map { table.sectorLabels[$0] }.joined(separator: ", ").nonEmpty ?? "none"))
        do {
            let model = try LeontiefModel(table: table)
            if model.isCertifiedProductive {
                lines.append("- productive: yes (A ≥ 0 and (I − A)⁻¹·1 ≥ 1, an M-matrix certificate)")
            } else {
                lines.append("- productive: not certified — A has \(negative.count) negative coefficient\(negative.count == 1 ? "" : "s"), so the M-matrix certificate ((I − A)⁻¹·1 ≥ 1 with A ≥ 0) does not apply and was not computed; checked only: I − A is non-singular (LU) and not numerically singular (reciprocal condition ≥ 1e-13)")
            }
            lines.append("- reciprocal condition of I − A (1-norm, DGECON): \(String(format: "%.3e", model.reciprocalCondition))")
            let multipliers = Multipliers(model: model, table: table)
            func range(_ name: String, _ v: [Double]) {
                guard let lo = v.indices.min(by: { v[$0] < v[$1] }), let hi = v.indices.max(by: { v[$0] < v[$1] }) else { return }
                lines.append("- \(name) multipliers: \(String(format: "%.4f", v[lo])) (\(table.sectorLabels[lo])) to \(String(format: "%.4f", v[hi])) (\(table.sectorLabels[hi]))")
            }
            range("output", multipliers.output)
            range("value-added", multipliers.valueAdded)
            for e in multipliers.employment { range("employment (\(e.measure))", e.values) }
        } catch {
            lines.append("- productive: NO — \(error)")
            print(lines.joined(separator: "\n"))
            throw InputError(file: bundle, "is not usable for the Leontief model: \(error)")
        }
        print(lines.joined(separator: "\n"))
    }
}

extension InspectCommand {
    /// The negative entries of A: how many, and the largest in magnitude with its row and column codes.
    static func negativeCoefficients(_ a: Matrix, codes: [String]) -> (count: Int, largest: (row: String, column: String, value: Double)?) {
        var count = 0
        var worst: (i: Int, j: Int, value: Double)? = nil
        for j in 0..<a.columns {
            for i in 0..<a.rows where a[i, j] < 0 {
                count += 1
                if worst == nil || a[i, j] < worst!.value { worst = (i, j, a[i, j]) }
            }
        }
        return (count, worst.map { (codes[$0.i], codes[$0.j], $0.value) })
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
