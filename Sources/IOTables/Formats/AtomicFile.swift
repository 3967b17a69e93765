import Foundation

/// Writes files so that a failure never leaves a partial one: write to a temporary name in the
/// same directory, then rename over the target (atomic on POSIX file systems).
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(InputError) {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws(InputError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: directory) {
            throw InputError(file: path, "the directory \(directory) does not exist", hint: "create it first")
        }
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw InputError(file: path, "cannot write the file", hint: "check that the directory is writable")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw InputError(file: path, "cannot replace the file: \(reason)")
        }
    }

    /// Builds a directory of files in a temporary sibling, then moves it into place, replacing
    /// an existing directory only once the new one is complete.
    public static func writeDirectory(_ path: String, _ build: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let temporary = parent + "/." + url.lastPathComponent + ".tmp-" + suffix
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        do {
            try build(temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        var old: String? = nil
        if FileManager.default.fileExists(atPath: url.path) {
            old = parent + "/." + url.lastPathComponent + ".old-" + suffix
            try FileManager.default.moveItem(atPath: url.path, toPath: old!)
        }
        do {
            try FileManager.default.moveItem(atPath: temporary, toPath: url.path)
        } catch {
            if let old { try? FileManager.default.moveItem(atPath: old, toPath: url.path) }
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        if let old { try? FileManager.default.removeItem(atPath: old) }
    }
}
