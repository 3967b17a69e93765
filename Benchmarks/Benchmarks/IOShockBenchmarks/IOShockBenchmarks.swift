// Benchmarks of the Leontief core and the bundle reader on synthetic tables (docs/performance.md).
//
// For each n in `sizes`: the LU factorisation of I − A (DGETRF), one solve (DGETRS), the
// factorisation plus exactly the solves that the multipliers need (the reference for the 1.3×
// target), all multipliers (`LeontiefModel` + `Multipliers`) and reading the bundle written by
// `IOTable.write(bundle:)` (which is what `ioshock generate` writes).
//
// Run: `make bench` (or `cd Benchmarks && swift package --allow-writing-to-package-directory benchmark`).
// Restrict: `... benchmark --filter 'n=3000'`.
import Benchmark
import Foundation
import IOModels
import IOTables
import LinearAlgebra

/// The table sizes of issue 2.
let sizes = [64, 400, 3000]
let density = 0.3
let seed: UInt64 = 1

/// A synthetic table, built once per process and size (each benchmark runs in its own process).
func table(_ n: Int) throws -> IOTable {
    try SyntheticTable.make(sectors: n, density: density, seed: seed)
}

/// I − A of the synthetic table, built directly (not by the code under test).
func leontiefMatrix(_ t: IOTable) -> Matrix {
    let n = t.count
    var m = Matrix(rows: n, columns: n)
    for j in 0..<n {
        let s = t.output[j] == 0 ? 0 : 1 / t.output[j]
        for i in 0..<n { m.storage[i + j * n] = -t.intermediate.storage[i + j * n] * s }
        m.storage[j + j * n] += 1
    }
    return m
}

/// The right-hand sides of the multipliers: 1, v x̂⁻¹ and e x̂⁻¹ (columns).
func multiplierRightHandSides(_ t: IOTable) -> Matrix {
    let n = t.count
    let va = t.grossValueAdded ?? [Double](repeating: 0, count: n)
    var columns: [[Double]] = [[Double](repeating: 1, count: n)]
    columns.append((0..<n).map { t.output[$0] == 0 ? 0 : va[$0] / t.output[$0] })
    if let e = t.employment {
        for k in 0..<e.labels.count { columns.append((0..<n).map { t.output[$0] == 0 ? 0 : e.values[$0, k] / t.output[$0] }) }
    }
    return Matrix(columns: columns, rows: n)
}

/// Bytes of the CSV files of a bundle, for a read rate in MB/s.
func bundleBytes(_ directory: String) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".csv") }.reduce(0) { total, name in
        let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
        return total + ((attributes?[.size] as? Int) ?? 0)
    }
}

/// The CSV read rate of a bundle read: bytes of all its CSV files / wall-clock time, in MB/s (10⁶ bytes).
let readRate = BenchmarkMetric.custom("CSV read rate (MB/s)", polarity: .prefersLarger, useScalingFactor: false)
/// Bytes of the bundle's CSV files.
let csvBytes = BenchmarkMetric.custom("CSV bytes", polarity: .prefersSmaller, useScalingFactor: false)

func configuration(_ n: Int, extra: [BenchmarkMetric] = []) -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .peakMemoryResidentDelta, .mallocCountTotal] + extra,
        timeUnits: n >= 1000 ? .milliseconds : .microseconds,
        warmupIterations: n >= 1000 ? 1 : 3,
        maxDuration: .seconds(n >= 1000 ? 20 : 3),
        maxIterations: n >= 1000 ? 10 : 1000
    )
}

struct SolveState {
    var lu: LU
    var f: [Double]
}

struct ReferenceState {
    var matrix: Matrix
    var ones: [Double]
    var rhs: Matrix
}

let benchmarks: @Sendable () -> Void = {
    scenarioBenchmarks()
    uncertaintyBenchmarks()
    extractionBenchmarks()
    for n in sizes {
        let config = configuration(n)

        Benchmark("LU (dgetrf) n=\(n)", configuration: config) { (benchmark, base: Matrix) in
            for _ in benchmark.scaledIterations {
                var m = base
                m.storage[0] += 0  // the copy that LU overwrites, outside the measurement
                benchmark.startMeasurement()
                blackHole(try! LU(factoring: consume m))
                benchmark.stopMeasurement()
            }
        } setup: {
            leontiefMatrix(try table(n))
        }

        Benchmark("Solve (dgetrs, 1 rhs) n=\(n)", configuration: config) { (benchmark, state: SolveState) in
            for _ in benchmark.scaledIterations {
                blackHole(state.lu.solve(state.f))
            }
        } setup: {
            let t = try table(n)
            return SolveState(lu: try LU(factoring: leontiefMatrix(t)), f: t.totalFinalDemand)
        }

        // The reference of the 1.3× target: one DGETRF and the solves the multipliers need
        // (the productivity certificate's solve, DGECON, one transposed solve for all multipliers).
        Benchmark("LU + needed solves n=\(n)", configuration: config) { (benchmark, state: ReferenceState) in
            for _ in benchmark.scaledIterations {
                var m = state.matrix
                m.storage[0] += 0
                benchmark.startMeasurement()
                let lu = try! LU(factoring: consume m)
                blackHole(lu.solve(state.ones))
                blackHole(lu.reciprocalCondition())
                blackHole(lu.solve(state.rhs, transposed: true))
                benchmark.stopMeasurement()
            }
        } setup: {
            let t = try table(n)
            return ReferenceState(matrix: leontiefMatrix(t), ones: [Double](repeating: 1, count: n), rhs: multiplierRightHandSides(t))
        }

        Benchmark("Multipliers (LeontiefModel + Multipliers) n=\(n)", configuration: config) { (benchmark, t: IOTable) in
            for _ in benchmark.scaledIterations {
                let model = try! LeontiefModel(table: t)
                blackHole(Multipliers(model: model, table: t))
            }
        } setup: {
            try table(n)
        }

        Benchmark("Read bundle (IOTable(bundle:)) n=\(n)", configuration: configuration(n, extra: [readRate, csvBytes])) { (benchmark, directory: String) in
            let bytes = bundleBytes(directory)
            for _ in benchmark.scaledIterations {
                let start = ContinuousClock.now
                blackHole(try! IOTable(bundle: directory))
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                benchmark.measurement(readRate, Int(Double(bytes) / 1e6 / seconds))
                benchmark.measurement(csvBytes, bytes)
            }
        } setup: {
            let directory = NSTemporaryDirectory() + "ioshock-bench-\(n)-\(getpid())"
            try? FileManager.default.removeItem(atPath: directory)
            try table(n).write(bundle: directory)
            return directory
        } teardown: {
            let directory = NSTemporaryDirectory() + "ioshock-bench-\(n)-\(getpid())"
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
