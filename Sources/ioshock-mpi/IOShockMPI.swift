import ArgumentParser
import Foundation
import IOShockCLI
import Reports
import Scenarios

/// The `ioshock-mpi` command: `ioshock run` with the draws of a Monte Carlo run or sweep split
/// across the ranks of an MPI job (docs/hpc.md).
struct IOShockMPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ioshock-mpi",
        abstract: "Run a scenario with uncertain values on the ranks of an MPI job.",
        discussion: """
        The same `run` subcommand and options as ioshock. Every rank reads and checks the scenario \
        and the table and solves its block of the draws; rank 0 gathers them and writes the run \
        directory and the printed table, byte for byte as `ioshock run` (run.json aside: wall time, \
        threads and ranks). A scenario without uncertain values, or a batch, runs on rank 0 alone.
        Set --threads to the cores of each rank, and OPENBLAS_NUM_THREADS=1.
        Example: mpirun -np 4 ioshock-mpi run scenarios/chemicals-non-eu-uncertain.toml --draws 100000 --threads 8 --out out/mc
        """,
        version: "\(ToolInfo.name) \(ToolInfo.version)",
        subcommands: [RunCommand.self]
    )
}

@main
enum Main {
    static func main() {
        let exchange: MPIExchange
        do { exchange = try MPIExchange() } catch {
            fail("error: \(error); ioshock-mpi needs Open MPI (docs/hpc.md)", status: 1)
        }
        var command: any ParsableCommand
        do { command = try IOShockMPI.parseAsRoot() } catch {
            // Every rank parses the same arguments: rank 0 prints usage, help or the error once,
            // as `exit(withError:)` would (help on standard output), before any rank exits.
            let status = IOShockMPI.exitCode(for: error)
            if exchange.rank == 0 {
                write(IOShockMPI.fullMessage(for: error), to: status == .success ? .standardOutput : .standardError)
            }
            exchange.finalize()
            Foundation.exit(status.rawValue)
        }
        let subject = (command as? NamesItsInput)?.inputNamedInErrors ?? "ioshock-mpi"
        do {
            if let run = command as? RunCommand { try run.run(exchange: exchange) } else if exchange.rank == 0 { try command.run() }
            try exchange.finish()
        } catch {
            var own: (text: String, status: Int32)? = nil
            if !(error is PeerFailure) {
                if let message = errorMessage(for: error, subject: subject) {
                    own = (message, 1)
                } else if let error = error as? MPIFailure {
                    own = ("error: \(error.message)", 1)
                } else {
                    own = (IOShockMPI.fullMessage(for: error), IOShockMPI.exitCode(for: error).rawValue)
                }
            }
            let agreed = exchange.agreeOnFailure(message: own)
            // Printed before `finalize`'s barrier: mpirun aborts the job as soon as one rank exits
            // non-zero, so a message printed after it could be lost when another rank exits first.
            if let text = agreed.text, !text.isEmpty { write(text, to: .standardError) }
            exchange.finalize()
            Foundation.exit(agreed.status)
        }
        exchange.finalize()
        Foundation.exit(0)
    }

    static func fail(_ message: String, status: Int32) -> Never {
        write(message, to: .standardError)
        Foundation.exit(status)
    }

    /// `text` and a newline, unbuffered (one `write(2)`), so it has left the process when this returns.
    static func write(_ text: String, to handle: FileHandle) {
        guard !text.isEmpty else { return }
        handle.write(Data((text + "\n").utf8))
    }
}
