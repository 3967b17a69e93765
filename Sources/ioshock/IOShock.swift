import ArgumentParser
import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Reports

/// The `ioshock` command.
struct IOShock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ioshock",
        abstract: "Propagate supply shocks through input–output tables.",
        discussion: """
        Tables are bundles (directories) described in docs/table-format.md.
        Example: ioshock inspect matrices/germany-1995
        """,
        version: "\(ToolInfo.name) \(ToolInfo.version)",
        subcommands: [RunCommand.self, CheckCommand.self, ReportCommand.self, ExplainCommand.self, CompareCommand.self, InspectCommand.self, MultipliersCommand.self, LeontiefCommand.self, ExtractCommand.self, LinkagesCommand.self, ImportCommand.self, RegionaliseCommand.self, GenerateCommand.self]
    )
}

@main
enum Main {
    static func main() {
        do {
            var command = try IOShock.parseAsRoot()
            try command.run()
        } catch let error as InputError {
            fail(error.description)
        } catch let error as ModelError {
            fail("error: \(error)")
        } catch let error as LinearAlgebraError {
            fail("error: \(error)")
        } catch let error as CommandFailure {
            fail("error: \(error.message)")
        } catch {
            IOShock.exit(withError: error)
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(1)
    }
}

/// An error of the command line itself (bad combination of options…), printed without a trace.
struct CommandFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Writes a command's result to a file (atomically) or to standard output.
func emit(_ text: String, to path: String?) throws {
    if let path {
        try AtomicFile.write(text, to: path)
        FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension OutputFormat: ExpressibleByArgument {}
