// swift-tools-version: 6.1
// ioshock — supply-shock propagation through input–output tables.
import PackageDescription

let package = Package(
    name: "ioshock",
    products: [
        .executable(name: "ioshock", targets: ["ioshock"]),
        .executable(name: "ioshock-mpi", targets: ["ioshock-mpi"]),
        .library(name: "IOShockKit", targets: ["LinearAlgebra", "IOTables", "Trade", "IOModels", "Scenarios", "Reports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: C boundary — OpenBLAS (CBLAS) and LAPACKE; only LinearAlgebra imports it.
        .systemLibrary(
            name: "CLapack",
            pkgConfig: nil,
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "liblapack-dev"])]
        ),

        // MARK: C boundary — Open MPI (Debian: libopenmpi-dev); only ioshock-mpi imports it.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]
        ),

        // MARK: Numerics
        .target(name: "LinearAlgebra", dependencies: ["CLapack"]),

        // MARK: Data — file formats and IO table bundles
        .target(name: "IOTables", dependencies: ["LinearAlgebra", .product(name: "Crypto", package: "swift-crypto")]),

        // MARK: Trade data — BACI and Comext readers, dependency screenings, the HS6 → table bridge
        .target(name: "Trade", dependencies: ["IOTables"]),

        // MARK: Economics — the models of MODELS.md
        .target(name: "IOModels", dependencies: ["LinearAlgebra", "IOTables"]),

        // MARK: Scenario files and runs
        .target(name: "Scenarios", dependencies: ["LinearAlgebra", "IOTables", "IOModels", "Trade"]),

        // MARK: Output — impact tables, provenance, run directories, spreadsheets
        .target(
            name: "Reports",
            dependencies: ["IOTables", "IOModels", "Scenarios", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),

        // MARK: Command line — `run` and its options, shared by ioshock and ioshock-mpi
        .target(
            name: "IOShockCLI",
            dependencies: [
                "LinearAlgebra", "IOTables", "IOModels", "Scenarios", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ioshock",
            dependencies: [
                "IOShockCLI", "LinearAlgebra", "IOTables", "IOModels", "Scenarios", "Reports", "Trade",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `ioshock-mpi run`: the draws of a Monte Carlo run or sweep split across MPI ranks (docs/hpc.md).
        .executableTarget(
            name: "ioshock-mpi",
            dependencies: [
                "IOShockCLI", "CMPI", "Scenarios", "Reports", "IOTables",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tests
        .testTarget(
            name: "LinearAlgebraTests",
            dependencies: [
                "LinearAlgebra",
                .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "IOTablesTests", dependencies: ["IOTables", "LinearAlgebra", "TestSupport"]),
        .testTarget(
            name: "IOModelsTests",
            dependencies: [
                "IOModels", "IOTables", "LinearAlgebra", "TestSupport",
                .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ScenariosTests",
            dependencies: ["Scenarios", "Reports", "IOModels", "IOTables", "LinearAlgebra", "TestSupport",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "CommandLineTests", dependencies: ["TestSupport"]),
        .testTarget(name: "TradeTests", dependencies: ["Trade", "IOTables", "TestSupport"]),
        .target(name: "TestSupport", dependencies: ["IOTables", "LinearAlgebra"], path: "Tests/TestSupport"),
    ]
)
