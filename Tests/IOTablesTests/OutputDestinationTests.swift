import Foundation
import IOTables
import TestSupport
import Testing

/// The shared output mechanism on its own: staging, swapping, refusals (issue 10, §2).
@Suite("OutputDestination")
struct OutputDestinationTests {
    /// A kind for the tests: marked by a file `mark` holding "ours"; writes `mark`, `a`, `b`.
    static let kind = OutputDirectoryKind(name: "test output", fileNames: ["mark", "a", "b"], markerDescription: "a mark file",
                                          isMarked: { (try? String(contentsOfFile: $0 + "/mark", encoding: .utf8)) == "ours" })

    static func build(_ a: String) -> (String) throws -> Void {
        { dir in
            try AtomicFile.write("ours", to: dir + "/mark")
            try AtomicFile.write(a, to: dir + "/a")
        }
    }

    struct Injected: Error {}

    @Test func aFailingBuildLeavesTheOldDirectoryAndNoStaging() throws {
        let parent = Fixtures.temporaryDirectory()
        try OutputDestination.writeDirectory(parent + "/out", kind: Self.kind, Self.build("first"))
        #expect(throws: Injected.self) {
            try OutputDestination.writeDirectory(parent + "/out", kind: Self.kind) { dir in
                try Self.build("second")(dir)
                throw Injected()
            }
        }
        #expect(try String(contentsOfFile: parent + "/out/a", encoding: .utf8) == "first")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["out"])
    }

    @Test func aCompleteBuildReplacesTheOldDirectory() throws {
        let parent = Fixtures.temporaryDirectory()
        try OutputDestination.writeDirectory(parent + "/out", kind: Self.kind, Self.build("first"))
        try OutputDestination.writeDirectory(parent + "/out", kind: Self.kind, Self.build("second"))
        #expect(try String(contentsOfFile: parent + "/out/a", encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["out"])
    }

    @Test func missingParentsAreCreatedAndRemovedAgainOnFailure() throws {
        let parent = Fixtures.temporaryDirectory()
        #expect(throws: Injected.self) {
            try OutputDestination.writeDirectory(parent + "/x/y/out", kind: Self.kind) { _ in throw Injected() }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
        try OutputDestination.writeDirectory(parent + "/x/y/out", kind: Self.kind, Self.build("first"))
        #expect(FileManager.default.fileExists(atPath: parent + "/x/y/out/a"))
    }

    @Test func aFileTheKindDoesNotListIsRefusedWhenStaged() throws {
        let parent = Fixtures.temporaryDirectory()
        #expect(throws: InputError.self) {
            try OutputDestination.writeDirectory(parent + "/out", kind: Self.kind) { dir in try AtomicFile.write("x", to: dir + "/unlisted") }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    @Test func unmarkedOrMixedDirectoriesAreNeverReplaced() throws {
        let parent = Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: parent + "/foreign", withIntermediateDirectories: false)
        try "theirs".write(toFile: parent + "/foreign/a", atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try OutputDestination.writeDirectory(parent + "/foreign", kind: Self.kind, Self.build("x")) }
        try "ours".write(toFile: parent + "/foreign/mark", atomically: true, encoding: .utf8)
        try "keep".write(toFile: parent + "/foreign/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try OutputDestination.writeDirectory(parent + "/foreign", kind: Self.kind, Self.build("x")) }
        #expect(try String(contentsOfFile: parent + "/foreign/a", encoding: .utf8) == "theirs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["foreign"])
    }

    /// A listed name is not enough: a directory (or link) where the kind writes a file is refused,
    /// and so is a subdirectory of the kind that is not itself a clean directory of its own kind
    /// (before 2026-12-06 both were replaced with what they held: a batch run deleted notes
    /// put inside one of its run directories, and a run deleted a directory named totals.csv).
    @Test func listedNamesMustBeWhatTheKindWrites() throws {
        let parent = Fixtures.temporaryDirectory()
        try OutputDestination.writeDirectory(parent + "/out", kind: Self.kind, Self.build("first"))
        try FileManager.default.createDirectory(atPath: parent + "/out/b", withIntermediateDirectories: false)
        try "keep".write(toFile: parent + "/out/b/data.txt", atomically: true, encoding: .utf8)
        #expect { try OutputDestination.writeDirectory(parent + "/out", kind: Self.kind, Self.build("x")) } throws: {
            ($0 as? InputError)?.message.contains("its b is a directory, where ioshock writes a file") == true
        }
        #expect(FileManager.default.fileExists(atPath: parent + "/out/b/data.txt"))

        let outer = OutputDirectoryKind(name: "outer", fileNames: ["mark"], markerDescription: "a mark file", subdirectories: ["inner": Self.kind],
                                        isMarked: { (try? String(contentsOfFile: $0 + "/mark", encoding: .utf8)) == "ours" })
        func buildOuter(_ dir: String) throws {
            try AtomicFile.write("ours", to: dir + "/mark")
            try FileManager.default.createDirectory(atPath: dir + "/inner", withIntermediateDirectories: false)
            try Self.build("inner")(dir + "/inner")
        }
        try OutputDestination.writeDirectory(parent + "/outer", kind: outer, buildOuter)
        try OutputDestination.writeDirectory(parent + "/outer", kind: outer, buildOuter)  // its own earlier output: replaced
        try "keep".write(toFile: parent + "/outer/inner/notes.txt", atomically: true, encoding: .utf8)
        #expect { try OutputDestination.writeDirectory(parent + "/outer", kind: outer, buildOuter) } throws: {
            ($0 as? InputError)?.message.contains("holds files ioshock does not write there (notes.txt)") == true
        }
        try FileManager.default.removeItem(atPath: parent + "/outer/inner")
        try "a file".write(toFile: parent + "/outer/inner", atomically: true, encoding: .utf8)
        #expect { try OutputDestination.writeDirectory(parent + "/outer", kind: outer, buildOuter) } throws: {
            ($0 as? InputError)?.message.contains("its inner is not the test output ioshock writes there (it is a file)") == true
        }
        #expect(try String(contentsOfFile: parent + "/outer/inner", encoding: .utf8) == "a file")
    }

    @Test func filesOfOneOutputAreWrittenTogetherOrNotAtAll() throws {
        let parent = Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: parent + "/m.csv.provenance.json", withIntermediateDirectories: false)
        #expect(throws: InputError.self) {
            try OutputDestination.writeFiles([(parent + "/m.csv", Data("x".utf8)), (parent + "/m.csv.provenance.json", Data("{}".utf8))])
        }
        #expect(!FileManager.default.fileExists(atPath: parent + "/m.csv"))
        try FileManager.default.removeItem(atPath: parent + "/m.csv.provenance.json")
        // An earlier output of ioshock (its sidecar names the tool) is replaced, both files together.
        let provenance = Data("{\n  \"tool\": \"ioshock\"\n}\n".utf8)
        try OutputDestination.writeFiles([(parent + "/m.csv", Data("1".utf8)), (parent + "/m.csv.provenance.json", provenance)])
        try OutputDestination.writeFiles([(parent + "/m.csv", Data("2".utf8)), (parent + "/m.csv.provenance.json", provenance)])
        #expect(try String(contentsOfFile: parent + "/m.csv", encoding: .utf8) == "2")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == ["m.csv", "m.csv.provenance.json"])
        // A file whose sidecar is not ioshock's is not: neither file changes.
        try Data("{}".utf8).write(to: URL(fileURLWithPath: parent + "/m.csv.provenance.json"))
        #expect(throws: InputError.self) {
            try OutputDestination.writeFiles([(parent + "/m.csv", Data("3".utf8)), (parent + "/m.csv.provenance.json", provenance)])
        }
        #expect(try String(contentsOfFile: parent + "/m.csv", encoding: .utf8) == "2")
    }

    @Test func aFileBelowAFileIsRefusedInWords() throws {
        let parent = Fixtures.temporaryDirectory()
        try "x".write(toFile: parent + "/f", atomically: true, encoding: .utf8)
        do {
            try AtomicFile.write("y", to: parent + "/f/g.csv")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.file == parent + "/f/g.csv")
            #expect(error.message.contains("is a file, so nothing can be written inside it"))
        }
    }

    @Test("the root, the home and the working directory are refused before anything is written",
          arguments: ["/", NSHomeDirectory(), FileManager.default.currentDirectoryPath, ".", ""])
    func neverTheseDirectories(path: String) throws {
        #expect(throws: InputError.self) { try OutputDestination.checkDirectory(path, kind: Self.kind) }
        #expect(throws: InputError.self) { try OutputDestination.checkDirectory(path, kind: .tableBundle) }
    }

    @Test func theCommittedBundlesCarryTheMarkOfTheirWriter() throws {
        for name in ["belgium-2015", "flanders-2015", "germany-1995"] {
            #expect(OutputDirectoryKind.tableBundle.isMarked(Fixtures.repositoryPath("matrices/" + name)), "\(name): re-run make data")
        }
    }
}
