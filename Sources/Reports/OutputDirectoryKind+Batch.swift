import Foundation
import IOTables

extension OutputDirectoryKind {
    /// The directory of a batch run (`ioshock run a.toml b.toml … --out DIR`): one run directory
    /// per scenario, `summary.csv`, `summary.md`, `summary.xlsx` and `batch.json` (provenance and
    /// the run directories' names), recognised by its batch.json. An earlier batch in the same
    /// place may be replaced, its run directories included (those batch.json names), each only if
    /// it is itself a run directory ioshock wrote, holding nothing else (`runDirectory`).
    public static func batchDirectory(runs: [String], replacing path: String) -> OutputDirectoryKind {
        var runNames = Set(runs)
        if let data = FileManager.default.contents(atPath: path + "/batch.json"),
           let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
           let earlier = object["runs"] as? [String] {
            runNames.formUnion(earlier)
        }
        return OutputDirectoryKind(name: "batch directory", fileNames: ["summary.csv", "summary.md", "summary.xlsx", "batch.json"],
                                   markerDescription: "batch.json written by ioshock run",
                                   subdirectories: Dictionary(uniqueKeysWithValues: runNames.map { ($0, OutputDirectoryKind.runDirectory) }),
                                   isMarked: provenanceMarker(file: "batch.json", member: "provenance", commands: ["run"]))
    }
}
