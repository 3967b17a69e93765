// Interleaved timing of the multipliers against their reference (one DGETRF plus the solves they
// need), for a machine shared with other work: both run alternately in one process, so load
// drifts hit both alike, and the minimum of each is compared (docs/performance.md).
//
//   cd Benchmarks && swift run -c release interleaved [n] [rounds]
import Foundation
import IOModels
import IOTables
import LinearAlgebra

let arguments = CommandLine.arguments
let n = arguments.count > 1 ? Int(arguments[1]) ?? 3000 : 3000
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 7 : 7

let table = try SyntheticTable.make(sectors: n, density: 0.3, seed: 1)
var iMinusA = Matrix(rows: n, columns: n)
for j in 0..<n {
    let s = table.output[j] == 0 ? 0 : 1 / table.output[j]
    for i in 0..<n { iMinusA[i, j] = -table.intermediate[i, j] * s }
    iMinusA[j, j] += 1
}
let va = table.grossValueAdded!
let hours = table.employment!.values.column(0)
let rhs = Matrix(columns: [[Double](repeating: 1, count: n),
                           (0..<n).map { va[$0] / table.output[$0] },
                           (0..<n).map { hours[$0] / table.output[$0] }], rows: n)
let ones = [Double](repeating: 1, count: n)

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return (ContinuousClock.now - start) / .seconds(1)
}

var reference: [Double] = [], multipliers: [Double] = []
for _ in 0..<rounds {
    reference.append(try seconds {
        var m = iMinusA
        m.storage[0] += 0  // the copy DGETRF overwrites (an O(n²) copy, inside the reference's time)
        let lu = try LU(factoring: consume m)
        _ = lu.solve(ones)
        _ = lu.reciprocalCondition()
        _ = lu.solve(rhs, transposed: true)
    })
    multipliers.append(try seconds {
        let model = try LeontiefModel(table: table)
        _ = Multipliers(model: model, table: table)
    })
}
func summary(_ xs: [Double]) -> String {
    let s = xs.sorted()
    return String(format: "min %.0f ms, median %.0f ms", s[0] * 1000, s[s.count / 2] * 1000)
}
print("n = \(n), \(rounds) interleaved rounds")
print("DGETRF + needed solves:  \(summary(reference))")
print("LeontiefModel + Multipliers: \(summary(multipliers))")
print(String(format: "ratio of minima %.3f, of medians %.3f (target ≤ 1.3)",
             multipliers.min()! / reference.min()!,
             multipliers.sorted()[rounds / 2] / reference.sorted()[rounds / 2]))
