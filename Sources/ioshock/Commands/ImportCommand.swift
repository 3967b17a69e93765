import ArgumentParser
import Foundation
import IOTables

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert published tables into table bundles.",
        subcommands: [EurostatManual.self, FPB.self, Pymrio.self, Figaro.self, Criticality.self, Inventories.self]
    )

    struct EurostatManual: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eurostat-manual",
            abstract: "Convert the Germany 1995 example of the Eurostat manual (Beutel 2008, Table 15.4).",
            discussion: "Example: ioshock import eurostat-manual ../shared/validation/beutel-2008-germany-1995/table.csv --out matrices/germany-1995"
        )

        @Argument(help: "The wide CSV of the example table.")
        var file: String

        @Option(help: "The bundle directory to write (replaced only when it is a bundle ioshock wrote).")
        var out: String

        func run() throws {
            try OutputDestination.checkDirectory(out, kind: .tableBundle, protecting: [file])
            let table = try EurostatManualConverter.convert(path: file)
            try table.write(bundle: out, protecting: [file])
            FileHandle.standardError.write(Data("wrote \(out)\n".utf8))
        }
    }

    struct FPB: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fpb",
            abstract: "Convert the Belgian 2015 input–output tables of the Federal Planning Bureau (64 products).",
            discussion: """
            Reads the sheets tbl_8, tbl_9, tbl_10 and class_pro of vR64_nl_20191213.xlsx, exported as CSV, the \
            NACE section of each product and persons employed by A64 industry (see docs/data.md).
            Example: ioshock import fpb ../shared/data/fpb-siot-2015/sheets --out matrices/belgium-2015
            """
        )

        @Argument(help: "The directory holding the sheets as NAME.csv (tbl_8.csv, tbl_9.csv, tbl_10.csv, class_pro.csv).")
        var sheets: String

        @Option(help: "The NACE64 × section matrix (default: <sheets>/../../nace/conversion_matrix_NACE64_NACE21.csv).")
        var nace: String?

        @Option(help: "Persons employed by A64 industry, `sector,total_employed` (default: <sheets>/../../nbb-employment-2019/employment_NACE64_2019.csv).")
        var persons: String?

        @Option(help: "The bundle directory to write (replaced only when it is a bundle ioshock wrote).")
        var out: String

        func run() throws {
            let inputs = [sheets] + [nace, persons].compactMap { $0 }
            try OutputDestination.checkDirectory(out, kind: .tableBundle, protecting: inputs)
            let table = try FPBConverter.convert(.init(sheets: sheets, naceConversion: nace, persons: persons))
            try table.write(bundle: out, protecting: inputs)
            FileHandle.standardError.write(Data("wrote \(out)\n".utf8))
        }
    }

    /// Reads a bundle, lets a converter add one file's worth of data to it, and rewrites the
    /// bundle atomically; only a bundle ioshock wrote is rewritten (`OutputDirectoryKind.tableBundle`).
    static func add(_ name: String, from file: String, to table: String,
                    _ apply: (String, inout IOTable) throws(InputError) -> Void) throws {
        try OutputDestination.checkDirectory(table, kind: .tableBundle, protecting: [file])
        var bundle = try IOTable(bundle: table)
        try apply(file, &bundle)
        try bundle.write(bundle: table, protecting: [file])
        FileHandle.standardError.write(Data("wrote \(table)/\(name)\n".utf8))
    }

    struct Criticality: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "criticality",
            abstract: "Add the IHS Markit input-criticality survey to a NACE64 table bundle (criticality.csv).",
            discussion: """
            Maps the survey's NACE64 industries onto the bundle's product codes and rewrites the \
            bundle with criticality.csv and criticality_source in table.toml, so scenarios can use \
            criticality = "ihs".
            Example: ioshock import criticality ../shared/data/pichler-2022/IHS_critical_NACE64.csv --table matrices/belgium-2015
            """
        )

        @Argument(help: "The survey CSV (rows: inputs, columns: using industries; 1, 0.5 or 0).")
        var file: String

        @Option(help: "The table bundle to add criticality.csv to (rewritten atomically).")
        var table: String

        func run() throws {
            try ImportCommand.add(BundleFile.criticality, from: file, to: table, CriticalityConverter.apply)
        }
    }

    struct Inventories: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inventories",
            abstract: "Add the desired input stocks of Pichler et al. (2022) to a NACE64 table bundle (inventory_days.csv).",
            discussion: """
            Maps the NACE64 industries' days of production covered by stocks onto the bundle's \
            product codes and rewrites the bundle with inventory_days.csv and inventory_source in \
            table.toml, so dynamic scenarios take their stock targets from it.
            Example: ioshock import inventories ../shared/data/pichler-2022/desired_stock_NACE64.csv --table matrices/flanders-2015
            """
        )

        @Argument(help: "The CSV of desired stocks (economic_activity,Desired stock (days); NACE64 codes such as C20).")
        var file: String

        @Option(help: "The table bundle to add inventory_days.csv to (rewritten atomically).")
        var table: String

        func run() throws {
            try ImportCommand.add(BundleFile.inventoryDays, from: file, to: table, InventoryConverter.apply)
        }
    }
}
