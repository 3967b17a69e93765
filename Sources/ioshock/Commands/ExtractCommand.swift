import ArgumentParser
import Foundation
import IOShockCLI
import IOModels
import IOTables
import Reports

extension ExtractionKind: ExpressibleByArgument {}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Hypothetically extract sectors and report the output and value added the economy loses.",
        discussion: """
        Without --sectors every sector is extracted on its own, one row each (output_loss is the \
        economy's loss, own_output_loss the extracted sector's own). With --sectors the named \
        sectors are extracted together and every sector's loss is listed. backward zeroes the \
        sectors' columns of A (Leontief, final demand fixed), forward their rows of B (Ghosh, \
        primary inputs fixed), total both (Leontief). Each extraction is a low-rank \
        (Sherman–Morrison–Woodbury) update of one LU factorisation. Percentages are of total \
        baseline output and value added.
        Example: ioshock extract matrices/germany-1995 --kind total --sectors construction,trade_group
        """
    )

    @Argument(help: "The table bundle directory.")
    var bundle: String

    @Option(help: "Comma-separated sector codes to extract together (default: every sector on its own).")
    var sectors: String?

    @Option(help: "backward, forward or total.")
    var kind: ExtractionKind = .backward

    @Flag(help: "Keep the extracted sectors' purchases from each other (a_jj, or the block A_SS of a set).")
    var keepOwn = false

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        let table = try IOTable(bundle: bundle)
        let model = try LeontiefModel(table: table)
        let extraction = try HypotheticalExtraction(model: model, table: table)
        var provenance = Provenance(command: "extract")
        provenance.addTable(bundle)
        provenance.model = "hypothetical extraction (\(kind.rawValue); \(kind == .forward ? "Ghosh, primary inputs fixed" : "Leontief, final demand fixed"))"
        provenance.parameters = [("kind", kind.rawValue), ("keep_own_flows", keepOwn ? "true" : "false"),
                                 ("unit", table.metadata.unit)]
        let hasVA = extraction.valueAddedCoefficients != nil
        var result: ResultTable
        if let sectors {
            let codes = sectors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let set = try SectorSelection.indices(of: codes, in: table.sectorLabels, context: "--sectors")
            let r = try extraction.extract(set, kind: kind, keepsOwnFlows: keepOwn)
            provenance.parameters.insert(("sectors", set.map { table.sectorLabels[$0] }.joined(separator: ",")), at: 0)
            provenance.parameters.append(("output_loss_total", String(format: "%.6g", r.totalOutputLoss)))
            provenance.parameters.append(("output_loss_pct", String(format: "%.4f", 100 * r.totalRelativeOutputLoss)))
            if let va = r.totalValueAddedLoss, let rel = r.totalRelativeValueAddedLoss {
                provenance.parameters.append(("value_added_loss_total", String(format: "%.6g", va)))
                provenance.parameters.append(("value_added_loss_pct", String(format: "%.4f", 100 * rel)))
            }
            result = ResultTable(columns: ResultTable.sectorColumns(table) + ["extracted", "baseline_output", "extracted_output", "output_loss", "output_loss_pct"]
                                 + (hasVA ? ["value_added_loss"] : []))
            let inSet = Set(set)
            let xbar = r.extractedOutput, rel = r.relativeOutputLoss
            for i in 0..<table.count {
                result.append(ResultTable.sectorCells(table, i) + [.text(inSet.contains(i) ? "yes" : "no"),
                               .number(r.baselineOutput[i], digits: 1), .number(xbar[i], digits: 1),
                               .number(r.outputLoss[i], digits: 1), .number(100 * rel[i], digits: 3)]
                              + (r.valueAddedLoss.map { [.number($0[i], digits: 1)] } ?? []))
            }
        } else {
            let sweep = try extraction.extractEach(kind: kind, keepsOwnFlows: keepOwn)
            result = ResultTable(columns: ResultTable.sectorColumns(table) + ["output_loss", "output_loss_pct", "own_output_loss", "own_output_loss_pct"]
                                 + (hasVA ? ["value_added_loss", "value_added_loss_pct"] : []))
            for j in 0..<table.count {
                result.append(ResultTable.sectorCells(table, j) + [
                               .number(sweep.outputLoss[j], digits: 1), .number(100 * sweep.relativeOutputLoss[j], digits: 3),
                               .number(sweep.ownOutputLoss[j], digits: 1), .number(100 * sweep.ownRelativeOutputLoss[j], digits: 3)]
                              + (hasVA ? [.number(sweep.valueAddedLoss[j], digits: 1), .number(100 * sweep.relativeValueAddedLoss[j], digits: 3)] : []))
            }
        }
        try output.write(result, provenance: provenance, key: "extraction", notes: kind == .forward ? [GhoshModel.caveat] : [], protecting: [bundle])
    }
}
