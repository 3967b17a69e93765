import ArgumentParser
import Foundation
import IOTables
import Reports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page for a run directory.",
        discussion: """
        Reads the directory written by `ioshock run <scenario> --out DIR` (run.json and impacts.csv, \
        and when present impacts_by_section.csv, totals.csv, impacts_summary.csv, sensitivity.csv, \
        timeseries.csv, daily_totals.csv) and writes an HTML file with the scenario, provenance, \
        headline totals, SVG charts and the full impact table. No network, no external scripts.
        Example: ioshock report out/chemicals --out chemicals.html
        """
    )

    @Argument(help: "The run directory (written by ioshock run --out DIR).")
    var runDirectory: String

    @Option(help: "The HTML file to write (default: standard output).")
    var out: String?

    @Option(help: "Sectors in the bar chart of the largest losses, 1 or more.")
    var top: Int = 15

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, found \(top)") }
    }

    func run() throws {
        if let out { try OutputDestination.checkFile(out, protecting: OutputDirectoryKind.runDirectory.fileNames.map { runDirectory + "/" + $0 }) }
        let directory = try RunDirectory(path: runDirectory)
        let html = try HTMLReport(run: directory, top: top).html()
        try emit(html, to: out, protecting: OutputDirectoryKind.runDirectory.fileNames.map { runDirectory + "/" + $0 })
    }
}
