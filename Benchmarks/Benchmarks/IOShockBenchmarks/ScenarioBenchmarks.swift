// Benchmarks of scenario runs (issues 4 and 6, docs/performance.md): the headline
// supply-constrained scenario on the 64-product Flemish table, and the daily dynamic model over
// 365 days on that table and on a synthetic 1000-sector table.
import Benchmark
import Foundation
import IOModels
import IOTables
import Scenarios

/// The repository root, from this file's place in Benchmarks/Benchmarks/IOShockBenchmarks/.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

func scenarioConfiguration(_ slow: Bool = false) -> Benchmark.Configuration {
    .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
          timeUnits: slow ? .milliseconds : .microseconds,
          warmupIterations: slow ? 0 : 3,
          maxDuration: .seconds(slow ? 30 : 3),
          maxIterations: slow ? 3 : 1000)
}

/// Writes a scenario next to a bundle and parses it (parsing is not measured).
func scenario(_ text: String, bundle: String) throws -> Scenario {
    let path = NSTemporaryDirectory() + "ioshock-bench-scenario-\(getpid())-\(UUID().uuidString).toml"
    try text.replacingOccurrences(of: "TABLE", with: bundle).write(toFile: path, atomically: true, encoding: .utf8)
    return try Scenario(path: path)
}

func scenarioBenchmarks() {
    // Issue 4: one scenario on the 64-sector table, compute only (model set-up, factorisation,
    // iteration), the scenario parsed and the table read beforehand. Target: under 5 ms.
    Benchmark("Scenario run (supply-constrained, flanders-2015, headline)", configuration: scenarioConfiguration()) { (benchmark, s: Scenario) in
        for _ in benchmark.scaledIterations { blackHole(try! ScenarioRunner.run(s)) }
    } setup: {
        try Scenario(path: repositoryRoot + "/scenarios/chemicals-non-eu-50.toml")
    }

    Benchmark("Scenario parse + table read (flanders-2015)", configuration: scenarioConfiguration()) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! Scenario(path: repositoryRoot + "/scenarios/chemicals-non-eu-50.toml")) }
    }

    // Issue 6: 365 days of the daily model. Targets: under 50 ms (n = 64), under 10 s (n = 1000).
    Benchmark("Dynamic 365 days (flanders-2015, headline)", configuration: scenarioConfiguration()) { (benchmark, s: Scenario) in
        for _ in benchmark.scaledIterations { blackHole(try! DynamicRunner.simulate(s)) }
    } setup: {
        try Scenario(path: repositoryRoot + "/scenarios/chemicals-non-eu-50-dynamic.toml")
    }

    Benchmark("Dynamic 365 days (synthetic n=1000)", configuration: scenarioConfiguration(true)) { (benchmark, s: Scenario) in
        for _ in benchmark.scaledIterations { blackHole(try! DynamicRunner.simulate(s)) }
    } setup: {
        let directory = NSTemporaryDirectory() + "ioshock-bench-dynamic-1000-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try SyntheticTable.make(sectors: 1000, density: 0.3, seed: 1).write(bundle: directory)
        return try scenario("""
        table = "TABLE"
        [model]
        kind = "dynamic"
        horizon_days = 365
        inventory_days = 20
        [[shock]]
        kind = "capacity"
        products = ["S0001", "S0500"]
        loss = 0.5
        start_day = 10
        duration_days = 60
        """, bundle: directory)
    }
}
