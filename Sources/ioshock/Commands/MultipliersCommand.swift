import ArgumentParser
import Foundation
import IOModels
import IOTables
import Reports

struct MultipliersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "multipliers",
        abstract: "Print Type I output, value-added and employment multipliers, one row per sector.",
        discussion: """
        Multipliers are column sums of weighted Leontief inverses, computed by transposed solves
        on one LU factorisation (no inverse). CSV columns: code,name,output,value_added,
        employment_<measure> for each employment measure of the bundle.
        Example: ioshock multipliers matrices/germany-1995 --format csv --out multipliers.csv
        """
    )

    @Argument(help: "The table bundle directory.")
    var bundle: String

    @Option(help: "Output format: markdown, csv or json.")
    var format: OutputFormat = .markdown

    @Option(help: "Write to this file instead of standard output (atomically).")
    var out: String?

    func run() throws {
        let table = try IOTable(bundle: bundle)
        let model = try LeontiefModel(table: table)
        let multipliers = Multipliers(model: model, table: table)
        var provenance = Provenance(command: "multipliers")
        provenance.addTable(bundle)
        provenance.model = "leontief (Type I)"
        provenance.parameters = [("reciprocal_condition", String(format: "%.3e", model.reciprocalCondition))]
        var result = ResultTable(columns: ["code", "name", "output", "value_added"] + multipliers.employment.map { "employment_\($0.measure)" })
        for i in 0..<table.count {
            result.append([.text(table.codes[i]), .text(table.sectors[i].name),
                           .number(multipliers.output[i], digits: 4), .number(multipliers.valueAdded[i], digits: 4)]
                          + multipliers.employment.map { .number($0.values[i], digits: 6) })
        }
        let text: String
        switch format {
        case .markdown: text = provenance.markdown() + "\n" + result.markdown()
        case .csv:
            text = result.csv()
            if let out { try AtomicFile.write(provenance.json().rendered() + "\n", to: out + ".provenance.json") }
        case .json: text = JSONValue.object([("provenance", provenance.json()), ("multipliers", result.json())]).rendered() + "\n"
        }
        try emit(text, to: out)
    }
}
