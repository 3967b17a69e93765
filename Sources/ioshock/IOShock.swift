import ArgumentParser
import Foundation
import IOShockCLI
import IOTables
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
        subcommands: [RunCommand.self, CheckCommand.self, ReportCommand.self, ExplainCommand.self, CompareCommand.self, InspectCommand.self, MultipliersCommand.self, LeontiefCommand.self, ExtractCommand.self, LinkagesCommand.self, DependenciesCommand.self, ImportCommand.self, AggregateCommand.self, RegionaliseCommand.self, GenerateCommand.self]
    )
}

@main
enum Main {
    static func main() {
        var command: any ParsableCommand
        do { command = try IOShock.parseAsRoot() } catch { IOShock.exit(withError: error) }
        // A model's refusal (non-convergence, an unproductive table…) is about the command's
        // main input: the message names that file, as every other error does.
        let subject = (command as? NamesItsInput)?.inputNamedInErrors ?? "ioshock"
        do {
            try command.run()
        } catch {
            guard let message = errorMessage(for: error, subject: subject) else { IOShock.exit(withError: error) }
            fail(message)
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(1)
    }
}

extension InspectCommand: NamesItsInput { var inputNamedInErrors: String { bundle } }
extension MultipliersCommand: NamesItsInput { var inputNamedInErrors: String { bundle } }
extension LeontiefCommand: NamesItsInput { var inputNamedInErrors: String { bundle } }
extension ExtractCommand: NamesItsInput { var inputNamedInErrors: String { bundle } }
extension LinkagesCommand: NamesItsInput { var inputNamedInErrors: String { bundle } }
extension RegionaliseCommand: NamesItsInput { var inputNamedInErrors: String { national } }

/// Writes a command's result to a file or to standard output. With a file, `sidecars`
/// (suffix, text) are written beside it (`FILE.provenance.json`), all or none of them
/// (`OutputDestination.writeFiles`); `inputs` are the command's inputs, never overwritten.
func emit(_ text: String, to path: String?, protecting inputs: [String] = [], sidecars: [(suffix: String, text: String)] = []) throws {
    if let path {
        let files = [(path, Data(text.utf8))] + sidecars.map { (path + $0.suffix, Data($0.text.utf8)) }
        try OutputDestination.writeFiles(files, protecting: inputs)
        FileHandle.standardError.write(Data("wrote \(([path] + sidecars.map { path + $0.suffix }).joined(separator: ", "))\n".utf8))
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

