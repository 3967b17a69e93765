// swift-tools-version: 6.1
// Benchmarks for ioshock (docs/performance.md). A separate package so that `make test` and
// `swift build` of the main package never build ordo-one/benchmark; run with `make bench`.
import PackageDescription

let package = Package(
    name: "ioshock-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "ioshock", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "IOShockBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "IOShockKit", package: "ioshock"),
            ],
            path: "Benchmarks/IOShockBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a benchmark target: interleaved timing of the 1.3× target on a shared machine.
        .executableTarget(
            name: "interleaved",
            dependencies: [.product(name: "IOShockKit", package: "ioshock")],
            path: "Tools/Interleaved"
        ),
        // Not a benchmark target: generates a BACI-sized year and times the dependency screening.
        .executableTarget(
            name: "trade-screening",
            dependencies: [.product(name: "IOShockKit", package: "ioshock")],
            path: "Tools/TradeScreening"
        ),
    ]
)
