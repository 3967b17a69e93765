import ArgumentParser
import Foundation
import IOTables

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert published tables into table bundles.",
        subcommands: [EurostatManual.self]
    )

    struct EurostatManual: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eurostat-manual",
            abstract: "Convert the Germany 1995 example of the Eurostat manual (Beutel 2008, Table 15.4).",
            discussion: "Example: ioshock import eurostat-manual ../shared/validation/beutel-2008-germany-1995/table.csv --out matrices/germany-1995"
        )

        @Argument(help: "The wide CSV of the example table.")
        var file: String

        @Option(help: "The bundle directory to write.")
        var out: String

        func run() throws {
            let table = try EurostatManualConverter.convert(path: file)
            try table.write(bundle: out)
            FileHandle.standardError.write(Data("wrote \(out)\n".utf8))
        }
    }
}
