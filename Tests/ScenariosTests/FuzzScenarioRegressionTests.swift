import Foundation
import IOTables
import Scenarios
import TestSupport
import Testing

/// Replays `FuzzScenario`'s seeds and crashers (Fuzz/README.md) through scenario validation
/// against matrices/flanders-2015, as the fuzz target does: a scenario, or an `InputError` that
/// names the scenario and a line — never a crash.
@Suite("Fuzz regressions: scenario validation")
struct FuzzScenarioRegressionTests {
    static let tablePath = Fixtures.repositoryPath("matrices/flanders-2015")
    /// Where the fuzz target pretends the document lives (beside the example scenarios).
    static let scenarioPath = Fixtures.repositoryPath("scenarios/fuzz.toml")

    static func inputs(_ folder: String) throws -> [String] {
        let dir = Fixtures.repositoryPath("Fuzz/\(folder)/FuzzScenario")
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { dir + "/" + $0 }
    }

    /// The target's oracle; returns the error, if any.
    static func validate(_ path: String, table: IOTable) throws -> InputError? {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        do {
            let document = try TOMLDocument(path: scenarioPath, bytes: bytes)
            _ = try Scenario(document: document, table: table, tablePath: tablePath)
            return nil
        } catch {
            #expect(error.line != nil, "\(path): \(error)")
            return error
        }
    }

    @Test func seedsAndCrashersValidateOrGiveAPositionedError() throws {
        let table = try IOTable(bundle: Self.tablePath)
        let seeds = try Self.inputs("corpus")
        try #require(seeds.count >= 10)
        var valid = 0
        for path in seeds where try Self.validate(path, table: table) == nil { valid += 1 }
        // The seeds are the example scenarios; those written for the Flanders table validate.
        #expect(valid >= seeds.count / 2, "only \(valid) of \(seeds.count) seeds validate")
        for path in try Self.inputs("crashers") { _ = try Self.validate(path, table: table) }
    }
}
