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
        Writes A.csv and L.csv in the layout of Z.csv, plus provenance.json. L is formed only \
        here; every other command solves with the LU factorisation instead.
        Example: ioshock leontief matrices/germany-1995 --out out/germany-L
        """
    )

    @Argument(help: "The table bundle directory.")
    var bundle: String

    @Option(help: "Directory to write A.csv and L.csv into: created, or replaced atomically when it is an earlier leontief output; anything else is refused.")
    var out: String

    func run() throws {
        try OutputDestination.checkDirectory(out, kind: .leontiefMatrices, protecting: [bundle])
        let table = try IOTable(bundle: bundle)
        let model = try LeontiefModel(table: table)
        let l = model.leontiefInverse()
        var provenance = Provenance(command: "leontief")
        provenance.addTable(bundle)
        provenance.model = "leontief"
        provenance.parameters = [("reciprocal_condition", String(format: "%.3e", model.reciprocalCondition))]
        try OutputDestination.writeDirectory(out, kind: .leontiefMatrices, protecting: [bundle]) { dir in
            try AtomicFile.write(IOTable.squareCSV(model.coefficients, codes: table.sectorLabels), to: dir + "/A.csv")
            try AtomicFile.write(IOTable.squareCSV(l, codes: table.sectorLabels), to: dir + "/L.csv")
            try AtomicFile.write(provenance.json().rendered() + "\n", to: dir + "/provenance.json")
        }
        FileHandle.standardError.write(Data("wrote \(out)/A.csv, \(out)/L.csv\n".utf8))
    }
}

extension OutputDirectoryKind {
    /// The directory `ioshock leontief --out DIR` writes: recognised by its provenance.json
    /// (`"tool": "ioshock"`, `"command": "leontief"`).
    static let leontiefMatrices = OutputDirectoryKind(
        name: "leontief output directory", fileNames: ["A.csv", "L.csv", "provenance.json"],
        markerDescription: "provenance.json written by ioshock leontief",
        isMarked: provenanceMarker(file: "provenance.json", member: nil, commands: ["leontief"]))
}
