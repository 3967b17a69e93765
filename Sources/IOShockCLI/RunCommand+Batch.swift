import Foundation
import IOTables
import Reports
import Scenarios

extension RunCommand {
    /// The scenario as this command runs it: `--groups` replaces `[output] groups`, `--lang`
    /// renames the sectors.
    func prepared(_ scenario: Scenario) throws -> Scenario {
        var s = scenario
        if let groups { s.output.groups = try SectorGroups(path: groups, codes: s.table.codes, labels: s.table.sectorLabels) }
        return try s.named(in: lang)
    }

    /// `ioshock run a.toml b.toml …`: every scenario (any kind), then a summary table. With --out
    /// DIR, DIR/<file name>/ holds each run's files and DIR/summary.csv (and summary.md) the
    /// summary, batch.json its provenance; the whole directory appears at once, or not at all,
    /// and replaces only an earlier batch directory (`OutputDirectoryKind.batchDirectory`).
    func runBatch() throws {
        guard draws == nil, seed == nil else {
            throw CommandFailure("--draws and --seed apply to one scenario; give them in each file's [uncertainty] table for a batch")
        }
        let threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        var names: [String] = []
        for path in scenarios {
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            var name = stem, k = 2
            // A run directory never takes the name of a file the batch writes beside it.
            while names.contains(name) || ["summary", "batch", "summary.csv", "summary.md", "summary.xlsx", "batch.json"].contains(name) { name = "\(stem)-\(k)"; k += 1 }
            names.append(name)
        }
        var inputs = scenarios + (groups.map { [$0] } ?? [])
        for path in scenarios { inputs.append(try Scenario.tablePath(of: try TOMLDocument(path: path))) }
        if let out { try OutputDestination.checkDirectory(out, kind: .batchDirectory(runs: names, replacing: out), protecting: inputs) }
        var runs: [(directory: String, run: AnyRun)] = []
        for (path, name) in zip(scenarios, names) {
            FileHandle.standardError.write(Data("running \(path)\n".utf8))
            runs.append((name, try located(path) { try AnyRun.run(path, threads: threads, prepare: prepared) }))
        }
        let summary = BatchSummary.table(runs.map { ($0.directory, $0.run.compared) })
        var provenance = Provenance(command: "run")
        for (k, path) in scenarios.enumerated() {
            provenance.addFile(role: "scenario \(runs[k].directory)", path)
            provenance.addTable(runs[k].run.tablePath)
        }
        let markdown = provenance.markdown() + "\n# Batch of \(runs.count) scenarios\n\n" + summary.markdown()
        if let out {
            let batchJSON = JSONValue.object([("provenance", provenance.json()), ("runs", .array(names.map { .string($0) })), ("summary", summary.json())])
            try OutputDestination.writeDirectory(out, kind: .batchDirectory(runs: names, replacing: out), protecting: inputs) { dir in
                for (name, run) in runs { try run.write(to: dir + "/" + name) }
                try AtomicFile.write(summary.csv(), to: dir + "/summary.csv")
                try AtomicFile.write(markdown, to: dir + "/summary.md")
                try XLSXWriter.write([("summary", summary)], to: dir + "/summary.xlsx")
                try AtomicFile.write(batchJSON.rendered() + "\n", to: dir + "/batch.json")
            }
            FileHandle.standardError.write(Data("wrote \(out)/summary.csv, summary.md, summary.xlsx and \(runs.count) run directories (\(runs.map(\.directory).joined(separator: ", ")))\n".utf8))
        }
        switch format {
        case .markdown: print(markdown, terminator: "")
        case .csv: print(summary.csv(), terminator: "")
        case .json: print(JSONValue.object([("provenance", provenance.json()), ("runs", summary.json())]).rendered())
        }
    }
}
