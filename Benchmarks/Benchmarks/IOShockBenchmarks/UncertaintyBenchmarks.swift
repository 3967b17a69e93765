// Benchmarks of Monte Carlo runs (issue 7, docs/performance.md): 10,000 draws of the uncertain
// headline scenario (supply-constrained, IHS criticality) on the 64-product Flemish table.
// Target: under 2 s on 2 cores. And 10,000 draws of the dynamic headline over 365 days
// (chemicals-non-eu-50-dynamic-uncertain.toml, issue 15); target under 10 s on 2 cores.
import Benchmark
import Foundation
import IOTables
import Scenarios

func uncertaintyBenchmarks() {
    func plan(draws: Int) throws -> UncertaintyPlan {
        let document = try TOMLDocument(path: repositoryRoot + "/scenarios/chemicals-non-eu-uncertain.toml")
        return try UncertaintyPlan.detect(document)!.overriding(draws: draws, seed: 2024)
    }
    for threads in [1, 2] {
        Benchmark("Monte Carlo 10,000 draws (flanders-2015, uncertain headline) threads=\(threads)", configuration: scenarioConfiguration(true)) { (benchmark, p: UncertaintyPlan) in
            for _ in benchmark.scaledIterations { blackHole(try! UncertaintyRun(plan: p, threads: threads)) }
        } setup: {
            try plan(draws: 10_000)
        }
    }
    for threads in [1, 2] {
        Benchmark("Dynamic Monte Carlo 10,000 draws x 365 days (flanders-2015, uncertain dynamic headline) threads=\(threads)", configuration: scenarioConfiguration(true)) { (benchmark, p: UncertaintyPlan) in
            for _ in benchmark.scaledIterations { blackHole(try! UncertaintyRun(plan: p, threads: threads)) }
        } setup: {
            try UncertaintyPlan.detect(try TOMLDocument(path: repositoryRoot + "/scenarios/chemicals-non-eu-50-dynamic-uncertain.toml"))!
        }
    }
}
