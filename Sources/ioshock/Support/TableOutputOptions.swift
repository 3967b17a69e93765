import ArgumentParser
import Foundation
import IOTables
import Reports

/// The `--format` and `--out` options of commands that print one table, and how they write it.
struct TableOutputOptions: ParsableArguments {
    @Option(help: "Output format: markdown, csv or json.")
    var format: OutputFormat = .markdown

    @Option(help: "Write to this file instead of standard output (atomically; an earlier file is replaced, a directory or an input is refused); with csv, FILE.provenance.json is written beside it.")
    var out: String?

    /// Renders a table with its provenance and notes (caveats): Markdown with the provenance and
    /// notes quoted above the table; CSV alone (provenance in a sidecar file when written to a
    /// file); JSON with `provenance`, `notes` and the rows under `key`.
    /// - Parameter inputs: the command's inputs (its table bundle), which `--out` must not be or lie in.
    func write(_ table: ResultTable, provenance: Provenance, key: String, notes: [String] = [], protecting inputs: [String] = []) throws {
        let text: String
        var sidecars: [(suffix: String, text: String)] = []
        switch format {
        case .markdown:
            text = provenance.markdown() + notes.map { "> \($0)\n" }.joined() + "\n" + table.markdown()
        case .csv:
            text = table.csv()
            sidecars = [(".provenance.json", provenance.json().rendered() + "\n")]
        case .json:
            var object: [(String, JSONValue)] = [("provenance", provenance.json())]
            if !notes.isEmpty { object.append(("notes", .array(notes.map { .string($0) }))) }
            object.append((key, table.json()))
            text = JSONValue.object(object).rendered() + "\n"
        }
        try emit(text, to: out, protecting: inputs, sidecars: sidecars)
    }
}
