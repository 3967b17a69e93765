import ArgumentParser
import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Reports

struct MultipliersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "multipliers",
        abstract: "Print Type I output, value-added and employment multipliers, one row per sector.",
        discussion: """
        Multipliers are column sums of weighted Leontief inverses, computed by transposed solves \
        on one LU factorisation (no inverse). CSV columns: code,name,output,value_added,\
        employment_<measure> for each employment measure of the bundle (region,code,name,… in a \
        table with more than one region). When table.toml names \
        household_consumption and compensation, Type II columns follow (households made \
        endogenous): output_type_ii, value_added_type_ii, employment_<measure>_type_ii.
        Example: ioshock multipliers matrices/germany-1995 --format csv --out multipliers.csv
        """
    )

    @Argument(help: "The table bundle directory.")
    var bundle: String

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        // Whole-process time (issue 15 §4): OpenBLAS's workers, spinning since the library loaded,
        // are released while the bundle is read; the bundle's digest (every file) is computed on a
        // second thread meanwhile; of the optional files only employment.csv is parsed, since the
        // multipliers use nothing else (the digest still covers them all).
        BLASThreads.releaseIdleWorkers()
        let digest = BundleDigest(bundle)
        let table = try IOTable(bundle: bundle, reading: [.employment])
        let model = try LeontiefModel(table: table)
        let multipliers = Multipliers(model: model, table: table)
        var provenance = Provenance(command: "multipliers")
        provenance.addTable(bundle, digest: digest)
        provenance.model = "leontief (Type I)"
        provenance.parameters = [("reciprocal_condition", String(format: "%.3e", model.reciprocalCondition))]
        let typeII = TypeIIMultipliers.isAvailable(for: table) ? try TypeIIMultipliers(model: model, table: table, typeI: multipliers) : nil
        var columns = ResultTable.sectorColumns(table) + ["output", "value_added"] + multipliers.employment.map { "employment_\($0.measure)" }
        if let typeII {
            provenance.model = "leontief (Type I; Type II with households endogenous)"
            provenance.parameters.append(("household_consumption", table.metadata.householdConsumption ?? ""))
            provenance.parameters.append(("compensation", table.metadata.compensation ?? ""))
            provenance.parameters.append(("household_income", String(format: "%.6g", typeII.householdIncome)))
            columns += ["output_type_ii"] + (typeII.valueAdded == nil ? [] : ["value_added_type_ii"])
                + typeII.employment.map { "employment_\($0.measure)_type_ii" }
        }
        BLASThreads.releaseIdleWorkers()  // done with BLAS: no spinning while the result is written
        var result = ResultTable(columns: columns)
        for i in 0..<table.count {
            var row: [ResultTable.Cell] = ResultTable.sectorCells(table, i) + [
                                           .number(multipliers.output[i], digits: 4), .number(multipliers.valueAdded[i], digits: 4)]
                + multipliers.employment.map { .number($0.values[i], digits: 6) }
            if let typeII {
                row.append(.number(typeII.output[i], digits: 4))
                if let va = typeII.valueAdded { row.append(.number(va[i], digits: 4)) }
                row += typeII.employment.map { .number($0.values[i], digits: 6) }
            }
            result.append(row)
        }
        try output.write(result, provenance: provenance, key: "multipliers", notes: [], protecting: [bundle])
    }
}
