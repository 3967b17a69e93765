import ArgumentParser
import Foundation
import IOShockCLI
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
        // No NaN or infinity is ever printed or written: a result that overflows double precision
        // (a table whose magnitudes reach about 1e308 somewhere in the computation) is refused.
        if let bad = table.firstNonFinite() {
            func text(_ k: Int) -> String? { if case let .text(t) = table.rows[bad.row][k] { t } else { nil } }
            let where_: String
            if table.columns.first == "region", table.columns.count > 1, table.columns[1] == "code", let r = text(0), let c = text(1) { where_ = " for sector \(r):\(c)" }
            else if table.columns.first == "code", let c = text(0) { where_ = " for sector \(c)" }
            else { where_ = " in row \(bad.row + 1)" }
            throw CommandFailure("the \(bad.column) result\(where_) is \(bad.value), not a finite number: the computation overflows double precision on this table, so nothing was written. Check the table for absurd magnitudes (`ioshock inspect` reports its sums), or express it in a larger unit (e.g. million instead of EUR)")
        }
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
