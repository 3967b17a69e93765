import ArgumentParser
import Foundation
import IOModels
import IOTables
import LinearAlgebra
import Reports

/// An error of the command line itself (bad combination of options…), printed without a trace.
public struct CommandFailure: Error {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// A command whose model errors concern one input: the scenario file or the table bundle.
public protocol NamesItsInput {
    var inputNamedInErrors: String { get }
}

extension RunCommand: NamesItsInput { public var inputNamedInErrors: String { scenario } }

/// Runs `body`, giving a model's refusal the file it is about (for commands with several
/// inputs, e.g. `compare`).
public func located<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ModelError {
        throw InputError(file: path, error.description)
    } catch let error as LinearAlgebraError {
        throw InputError(file: path, error.description)
    }
}

/// The one line printed for an error that a command's `run()` threw, as `file:line:column:
/// error: …` with its hint; nil for errors of the argument parser (usage, help, validation),
/// which `ParsableCommand.exit(withError:)` prints.
/// - Parameter subject: the command's main input, named by a model's refusal (non-convergence,
///   an unproductive table…), as every other error names its file.
public func errorMessage(for error: any Error, subject: String) -> String? {
    switch error {
    case let error as InputError: return error.description
    case let error as ModelError: return InputError(file: subject, error.description).description
    case let error as LinearAlgebraError: return InputError(file: subject, error.description).description
    case let error as CommandFailure: return "error: \(error.message)"
    case let error as CocoaError:
        // A file-system failure that no reader or writer turned into an InputError: still the
        // path and the reason in words, never the Foundation domain and code.
        let path = error.filePath ?? error.url?.path ?? "ioshock"
        return InputError(file: path, OutputDestination.reason(error), hint: "check the path and its permissions").description
    default: return nil
    }
}

extension OutputFormat: ExpressibleByArgument {}
