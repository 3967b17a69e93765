// Hypothetical extraction of every sector (issue 5, docs/performance.md): Sherman–Morrison–
// Woodbury updates on the one LU against a fresh factorisation per sector. Refactoring every
// sector of a 3000-sector table would take about half an hour, so the refactoring benchmark
// extracts `refactorSample` sectors and the per-sector time is extrapolated (× n) in the docs.
import Benchmark
import Foundation
import IOModels
import IOTables
import LinearAlgebra

let refactorSample = 10

func extractionConfiguration(_ n: Int) -> Benchmark.Configuration {
    .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
          timeUnits: .milliseconds, warmupIterations: 0,
          maxDuration: .seconds(n >= 1000 ? 60 : 10), maxIterations: n >= 1000 ? 2 : 5)
}

func extractionBenchmarks() {
    for n in [400, 3000] {
        Benchmark("Extraction, every sector, backward, Woodbury updates n=\(n)", configuration: extractionConfiguration(n)) { (benchmark, hem: HypotheticalExtraction) in
            for _ in benchmark.scaledIterations { blackHole(try! hem.extractEach(kind: .backward)) }
        } setup: {
            let t = try table(n)
            return try HypotheticalExtraction(model: try LeontiefModel(table: t), table: t)
        }

        Benchmark("Extraction, \(refactorSample) sectors, backward, refactoring each n=\(n)", configuration: extractionConfiguration(n)) { (benchmark, state: (HypotheticalExtraction, [Double])) in
            let (hem, f) = state
            for _ in benchmark.scaledIterations {
                for j in 0..<refactorSample {
                    let a = hem.extractedCoefficients([j * (n / refactorSample)], kind: .backward)
                    var m = -1.0 * a
                    for i in 0..<n { m[i, i] += 1 }
                    blackHole(try! LU(factoring: m).solve(f))
                }
            }
        } setup: {
            let t = try table(n)
            return (try HypotheticalExtraction(model: try LeontiefModel(table: t), table: t), t.totalFinalDemand)
        }
    }
}
