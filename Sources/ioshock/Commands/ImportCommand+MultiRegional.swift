import ArgumentParser
import Foundation
import IOTables
import Reports

extension ImportCommand {
    struct Pymrio: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pymrio",
            abstract: "Convert a multi-regional IOSystem saved by pymrio's save_all into a table bundle.",
            discussion: """
            Reads Z, Y (and x when saved) and the extensions of a pymrio system in its text format \
            (file_parameters.json, Z.txt, Y.txt, factor_inputs/F.txt, …): every database pymrio parses \
            (EXIOBASE, WIOD, OECD ICIO, Eora, GLORIA) reaches ioshock this way. The extension factor_inputs \
            becomes value_added.csv, employment rows employment.csv; other extensions are listed in the \
            notes of table.toml (docs/data.md, "pymrio systems").
            Example: ioshock import pymrio Tests/Fixtures/pymrio-test --out /tmp/pymrio-test-bundle
            """
        )

        @Argument(help: "The directory written by pymrio's save_all.")
        var directory: String

        @Option(help: "The bundle directory to write (replaced only when it is a bundle ioshock wrote).")
        var out: String

        func run() throws {
            try OutputDestination.checkDirectory(out, kind: .tableBundle, protecting: [directory])
            var table = try PymrioImporter.convert(directory: directory)
            table.metadata.source += " \(ToolInfo.version)"
            try table.write(bundle: out, protecting: [directory], readingBackFrom: directory)
            FileHandle.standardError.write(Data("wrote \(out) (\(table.regions.count) regions, \(table.count) sectors)\n".utf8))
        }
    }
}

extension ImportCommand {
    struct Figaro: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "figaro",
            abstract: "Convert Eurostat's FIGARO inter-country input–output table (product by product, flat file) into a table bundle.",
            discussion: """
            Reads the flat CSV (one line per cell: refArea,rowPi,counterpartArea,colPi,obsValue; other \
            columns ignored): CPA_ rows and columns are Z, the final-use columns (P3_S13, P3_S14, P3_S15, \
            P51G, P5M) final demand by area, the other rows (D1, D21X31, D29X39, B2A3G, OP_RES, OP_NRES) \
            value added (docs/data.md, "FIGARO").
            Example: ioshock import figaro Tests/Fixtures/figaro-sample.csv --out /tmp/figaro-sample
            """
        )

        @Argument(help: "The FIGARO flat file (CSV).")
        var file: String

        @Option(help: "The bundle directory to write (replaced only when it is a bundle ioshock wrote).")
        var out: String

        func run() throws {
            try OutputDestination.checkDirectory(out, kind: .tableBundle, protecting: [file])
            var table = try FigaroImporter.convert(path: file)
            table.metadata.source += " \(ToolInfo.version)"
            try table.write(bundle: out, protecting: [file], readingBackFrom: file)
            FileHandle.standardError.write(Data("wrote \(out) (\(table.regions.count) areas, \(table.count) sectors)\n".utf8))
        }
    }
}
