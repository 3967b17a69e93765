import ArgumentParser
import Foundation
import IOTables

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic productive table bundle, for tests and benchmarks.",
        discussion: "Example: ioshock generate --sectors 400 --density 0.3 --seed 1 --out /tmp/synthetic-400"
    )

    @Option(help: "Number of sectors, 1 to \(MemoryBudget.maximumSectors).")
    var sectors: Int

    @Option(help: "Probability that an off-diagonal flow is non-zero, in [0, 1].")
    var density: Double = 0.3

    @Option(help: "Random seed, 0 to \(UInt64.max); the same seed gives the same table.")
    var seed: UInt64 = 1

    @Option(help: "The bundle directory to write (replaced only when it is a bundle ioshock wrote).")
    var out: String

    func validate() throws {
        guard (1...MemoryBudget.maximumSectors).contains(sectors) else {
            throw ValidationError("--sectors must be between 1 and \(MemoryBudget.maximumSectors), found \(sectors) (an n × n matrix of 15,000 sectors is 1.8 GB, and generate holds five of them)")
        }
        guard (0...1).contains(density) else { throw ValidationError("--density must be between 0 and 1, found \(density)") }
    }

    func run() throws {
        try OutputDestination.checkDirectory(out, kind: .tableBundle)
        let table = try SyntheticTable.make(sectors: sectors, density: density, seed: seed)
        try table.write(bundle: out)
        FileHandle.standardError.write(Data("wrote \(out)\n".utf8))
    }
}
