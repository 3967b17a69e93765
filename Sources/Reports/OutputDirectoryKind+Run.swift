import IOTables

extension OutputDirectoryKind {
    /// The directory `ioshock run --out DIR` writes (docs/scenarios.md, "Outputs"): recognised by
    /// a run.json whose provenance says `"tool": "ioshock"`, `"command": "run"`. Every writer of
    /// run files (`ImpactReport`, `DynamicReport`, `UncertaintyReport`) stages its files through
    /// this kind, so a file missing from `fileNames` is refused the first time it is written.
    public static let runDirectory = OutputDirectoryKind(
        name: "run directory",
        fileNames: (["impacts.csv", "impacts_by_section.csv", "impacts_by_group.csv", "impacts_by_region.csv", "totals.csv", "impacts.json", "run.json", "impacts.xlsx",
                     "timeseries.csv", "daily_totals.csv", "stockouts.csv", "sweep.csv", "output.svg",
                     "impacts_summary.csv", "impacts_summary_by_section.csv", "impacts_summary_by_group.csv", "draws.csv", "sensitivity.csv", "sensitivity.md", "interdependency.csv",
                     "timeseries_bands.csv"] as Set<String>).union(ExplanationReport.fileNames),
        markerDescription: "run.json written by ioshock run",
        isMarked: provenanceMarker(file: "run.json", member: "provenance", commands: ["run"]))
}
