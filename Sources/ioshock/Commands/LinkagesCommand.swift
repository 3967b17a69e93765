import ArgumentParser
import Foundation
import IOModels
import IOTables
import Reports

struct LinkagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linkages",
        abstract: "Print Rasmussen backward and forward linkages and classify key sectors.",
        discussion: """
        Backward linkages are column sums of the Leontief inverse L, forward linkages row sums of \
        the Ghosh inverse G (row sums of L are shown too, as forward_leontief); normalised values \
        (power and sensitivity of dispersion) average 1. A key sector has both above 1; backward \
        or forward means only that one is; weak means neither. Direct linkages are column sums \
        of A and row sums of B.
        Example: ioshock linkages matrices/germany-1995 --format csv --out linkages.csv
        """
    )

    @Argument(help: "The table bundle directory.")
    var bundle: String

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        let table = try IOTable(bundle: bundle)
        let model = try LeontiefModel(table: table)
        let linkages = Linkages(model: model)
        var provenance = Provenance(command: "linkages")
        provenance.addTable(bundle)
        provenance.model = "Rasmussen linkages (backward: Leontief L; forward: Ghosh G)"
        provenance.parameters = [("reciprocal_condition", String(format: "%.3e", model.reciprocalCondition))]
        var result = ResultTable(columns: ResultTable.sectorColumns(table) + ["backward_direct", "forward_direct", "backward_total", "forward_total",
                                           "backward_normalised", "forward_normalised", "forward_leontief_normalised", "class"])
        for i in 0..<table.count {
            result.append(ResultTable.sectorCells(table, i) + [
                           .number(linkages.backwardDirect[i], digits: 4), .number(linkages.forwardDirect[i], digits: 4),
                           .number(linkages.backwardTotal[i], digits: 4), .number(linkages.forwardTotal[i], digits: 4),
                           .number(linkages.backwardNormalised[i], digits: 4), .number(linkages.forwardNormalised[i], digits: 4),
                           .number(linkages.forwardNormalisedLeontief[i], digits: 4), .text(linkages.classification[i].rawValue)])
        }
        try output.write(result, provenance: provenance, key: "linkages", notes: [GhoshModel.caveat], protecting: [bundle])
    }
}
