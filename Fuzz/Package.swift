// swift-tools-version: 6.1
// libFuzzer targets for ioshock's readers (Fuzz/README.md). A separate package so that
// `swift build` and `make test` of the main package never build them; run with `make fuzz`.
// Build with `swift build --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing`
// (what `make fuzz` does). --sanitize=fuzzer makes SwiftPM link libFuzzer's `main` instead of
// one of Swift's; each target only defines `LLVMFuzzerTestOneInput`. The -Xswiftc flag comes
// after SwiftPM's own on every command line, and swiftc keeps only the last -sanitize flag:
// SwiftPM's --sanitize=fuzzer --sanitize=address would pass two and leave the code without
// coverage instrumentation. -enable-testing lets the targets `@testable import IOTables`.
import PackageDescription

let package = Package(
    name: "ioshock-fuzz",
    dependencies: [
        .package(name: "ioshock", path: ".."),
    ],
    targets: [
        // TOMLDocument(path:text:): any bytes, as the reader sees a file.
        .executableTarget(name: "FuzzTOML", dependencies: [.product(name: "IOShockKit", package: "ioshock")]),
        // CSVFile(path:bytes:): the general CSV reader (sectors.csv, criticality.csv, …).
        .executableTarget(name: "FuzzCSV", dependencies: [.product(name: "IOShockKit", package: "ioshock")]),
        // CSVNumericGrid: the streaming reader of Z.csv and the other numeric grids.
        .executableTarget(name: "FuzzCSVGrid", dependencies: [.product(name: "IOShockKit", package: "ioshock")]),
        // Scenario(document:table:tablePath:): scenario validation against matrices/flanders-2015.
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "IOShockKit", package: "ioshock")]),
    ]
)
