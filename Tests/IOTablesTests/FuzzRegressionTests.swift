import Foundation
@testable import IOTables
import TestSupport
import Testing

/// Replays the fuzz seeds and every input that ever crashed a fuzz target (Fuzz/README.md)
/// through the readers, with the targets' own oracle: a result, or an `InputError` with a line and
/// column — never a crash. The crashers also have their exact error asserted.
@Suite("Fuzz regressions: TOML and CSV readers")
struct FuzzRegressionTests {
    /// The files of `Fuzz/<folder>/<target>`; a missing folder is a failure, not an empty list.
    static func inputs(_ folder: String, _ target: String) throws -> [String] {
        let dir = Fixtures.repositoryPath("Fuzz/\(folder)/\(target)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
        return names.map { dir + "/" + $0 }
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// `FuzzTOML`'s oracle.
    static func toml(_ bytes: [UInt8], path: String) -> InputError? {
        do { _ = try TOMLDocument(path: path, bytes: bytes); return nil } catch {
            #expect(error.line != nil && error.column != nil, "\(path): \(error)")
            return error
        }
    }

    /// `FuzzCSV`'s oracle.
    static func csv(_ bytes: [UInt8], path: String) -> InputError? {
        do {
            let csv = try CSVFile(path: path, bytes: bytes)
            for r in csv.rows.indices {
                _ = csv.strings(row: r)
                for k in 0..<csv.rows[r].count {
                    do { _ = try csv.number(row: r, field: k) } catch {
                        #expect(error.line != nil && error.column != nil, "\(path): \(error)")
                    }
                }
            }
            return nil
        } catch {
            #expect(error.line != nil && error.column != nil, "\(path): \(error)")
            return error
        }
    }

    /// `FuzzCSVGrid`'s oracle.
    static func grid(_ path: String) -> InputError? {
        do {
            let grid = try CSVNumericGrid(path: path, expectedRows: 4, emptyHint: "") { _, _ throws(InputError) in }
            let rows = grid.rowCount, columns = grid.columnCount
            let (values, r, c) = grid.matrix()
            #expect(r == rows && c == columns && values.count == r * c)
            #expect(!values.contains { !$0.isFinite })
            return nil
        } catch {
            #expect((error.line != nil && error.column != nil) || error.message == "the file is empty", "\(path): \(error)")
            return error
        }
    }

    @Test func seedsAreReadOrRefusedWithAPosition() throws {
        let tomls = try Self.inputs("corpus", "FuzzTOML"), csvs = try Self.inputs("corpus", "FuzzCSV"), grids = try Self.inputs("corpus", "FuzzCSVGrid")
        try #require(!tomls.isEmpty && !csvs.isEmpty && !grids.isEmpty)
        // The seeds are the repository's own files: every one of them must read.
        for path in tomls { #expect(Self.toml(try Self.bytes(path), path: path) == nil, "\(path)") }
        for path in csvs { _ = Self.csv(try Self.bytes(path), path: path) }
        for path in grids { _ = Self.grid(path) }
    }

    @Test func crashersGiveACleanError() throws {
        for path in try Self.inputs("crashers", "FuzzTOML") { _ = Self.toml(try Self.bytes(path), path: path) }
        for path in try Self.inputs("crashers", "FuzzCSV") { _ = Self.csv(try Self.bytes(path), path: path) }
        for path in try Self.inputs("crashers", "FuzzCSVGrid") { _ = Self.grid(path) }
    }
}
