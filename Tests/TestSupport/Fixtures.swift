import Foundation
import IOTables

/// Paths and helpers shared by the test targets.
public enum Fixtures {
    /// The repository root (the directory holding Package.swift).
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `../shared` beside the repository: published data and validation cases.
    public static let shared: String = {
        let candidate = URL(fileURLWithPath: repositoryRoot).deletingLastPathComponent().appendingPathComponent("shared").path
        return ProcessInfo.processInfo.environment["IOSHOCK_SHARED"] ?? candidate
    }()

    public static func sharedPath(_ relative: String) -> String { shared + "/" + relative }
    public static func repositoryPath(_ relative: String) -> String { repositoryRoot + "/" + relative }

    /// A fresh empty directory, removed by the OS eventually (tests may also remove it).
    public static func temporaryDirectory(_ label: String = "ioshock-test") -> String {
        let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes files into a new directory and returns its path, for bad-input tests.
    public static func directory(with files: [String: String]) -> String {
        let dir = temporaryDirectory()
        for (name, text) in files {
            let path = dir + "/" + name
            try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try! text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// The Germany 1995 table of Beutel (2008), converted from the shared validation folder.
    public static func germany1995() throws -> IOTable {
        try EurostatManualConverter.convert(path: sharedPath("validation/beutel-2008-germany-1995/table.csv"))
    }

    /// The built `ioshock` binary (debug build of the test run).
    public static var ioshockBinary: String {
        let candidates = [".build/debug/ioshock", ".build/x86_64-unknown-linux-gnu/debug/ioshock", ".build/release/ioshock"]
        for c in candidates where FileManager.default.isExecutableFile(atPath: repositoryPath(c)) { return repositoryPath(c) }
        return repositoryPath(candidates[0])
    }

    /// The built `ioshock-mpi` binary (debug build of the test run), beside `ioshock`.
    public static var ioshockMPIBinary: String {
        URL(fileURLWithPath: ioshockBinary).deletingLastPathComponent().appendingPathComponent("ioshock-mpi").path
    }

    /// The first executable called `name` on PATH, nil when there is none.
    public static func executableOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `ioshock` with arguments; returns exit status, standard output and standard error.
    public static func run(_ arguments: [String], currentDirectory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProgram(ioshockBinary, arguments, currentDirectory: currentDirectory ?? repositoryRoot)
    }

    /// Runs any program to completion, with no standard input; returns its status and output.
    public static func runProgram(_ executable: String, _ arguments: [String], currentDirectory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        // Capture into files rather than pipes, so a large output can never block the child.
        let dir = temporaryDirectory("ioshock-run")
        _ = FileManager.default.createFile(atPath: dir + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: dir + "/err", contents: nil)
        let out = FileHandle(forWritingAtPath: dir + "/out")!, err = FileHandle(forWritingAtPath: dir + "/err")!
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let outData = FileManager.default.contents(atPath: dir + "/out") ?? Data()
        let errData = FileManager.default.contents(atPath: dir + "/err") ?? Data()
        try? FileManager.default.removeItem(atPath: dir)
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

/// A seeded random productive table for property tests (see `SyntheticTable`).
public func randomTable(sectors: Int, seed: UInt64, density: Double = 0.4) -> IOTable {
    try! SyntheticTable.make(sectors: sectors, density: density, seed: seed)
}
