import ArgumentParser
import Foundation
import IOModels
import IOTables
import Reports

struct LeontiefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leontief",
        abstract: "Write the coefficient matrix A and the Leontief inverse L explicitly.",
        discussion: """
        Writes A.csv and L.csv in the layout of Z.csv, plus provenance.json. L is formed only
        here; every other command solves with the LU factorisation instead.
        Example: ioshock leontief matrices/germany-1995 --out out/germany-L
        """
    )

    @Argument(help: "The table bundle directory.")
    var bundle: String

    @Option(help: "Directory to write A.csv and L.csv into (created; replaced atomically).")
    var out: String

    func run() throws {
        let table = try IOTable(bundle: bundle)
        let model = try LeontiefModel(table: table)
        let l = model.leontiefInverse()
        var provenance = Provenance(command: "leontief")
        provenance.addTable(bundle)
        provenance.model = "leontief"
        provenance.parameters = [("reciprocal_condition", String(format: "%.3e", model.reciprocalCondition))]
        try AtomicFile.writeDirectory(out) { dir in
            try AtomicFile.write(IOTable.squareCSV(model.coefficients, codes: table.codes), to: dir + "/A.csv")
            try AtomicFile.write(IOTable.squareCSV(l, codes: table.codes), to: dir + "/L.csv")
            try AtomicFile.write(provenance.json().rendered() + "\n", to: dir + "/provenance.json")
        }
        FileHandle.standardError.write(Data("wrote \(out)/A.csv, \(out)/L.csv\n".utf8))
    }
}
