import Foundation

/// Writes one file so that a failure never leaves a partial one: a temporary name in the same
/// directory, then a rename over the target (atomic on POSIX file systems). The checks and the
/// staging are `OutputDestination.writeFiles`; directories are `OutputDestination.writeDirectory`.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(InputError) {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws(InputError) {
        try OutputDestination.writeFiles([(path, data)])
    }
}
