import ArgumentParser
import Foundation
import IOTables
import Reports

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain in words why the sectors of a run lost what they lost.",
        discussion: """
        Reads the directory written by `ioshock run <scenario> --out DIR` for a supply-constrained \
        scenario (impacts.csv, chains.csv, and supply_by_product.csv, decomposition.csv, \
        criticality_drivers.csv when present). With --sector: that sector's loss, what bound it, \
        the chain back to the shock with the size of each link, and how much of the loss would \
        go if each link were relaxed (re-solved when the run was made). Without: the supply lost, \
        the largest losers' chains, the decomposition and the criticality drivers.
        Example: ioshock explain out/chemicals --sector 62-63
        """
    )

    @Argument(help: "The run directory (written by ioshock run --out DIR).")
    var runDirectory: String

    @Option(help: "The sector to explain: its code as in impacts.csv, or region:code on a multi-regional run (e.g. Wallonia:20).")
    var sector: String?

    @Option(help: "Sectors shown without --sector.")
    var top: Int = 5

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let explanation = try RunExplanationText(path: runDirectory)
        if let sector {
            print(try explanation.sector(sector), terminator: "")
        } else {
            print(try explanation.overview(top: top), terminator: "")
        }
    }
}
