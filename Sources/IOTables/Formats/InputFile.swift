import Foundation

/// Opens the files a user names (scenarios, CSV tables, employment files…), so that every reader
/// says the same thing when the path is missing, a directory or unreadable.
public enum InputFile {
    /// Checks that `path` is a readable regular file.
    /// - Parameter notFoundHint: what would fix a missing file, for this kind of input.
    /// - Throws: `InputError` naming the path: not found, a directory where a file is expected,
    ///   not a regular file, or not readable.
    public static func checkReadable(_ path: String, notFoundHint: String? = nil) throws(InputError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw InputError(file: path, "file not found", hint: notFoundHint ?? "check the path")
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            throw InputError(file: path, "is a directory, but a file is expected here",
                             hint: "give the path of the file itself, e.g. \(path.hasSuffix("/") ? path : path + "/")<name>")
        case S_IFREG: break
        default: throw InputError(file: path, "is not a regular file", hint: "give the path of a file")
        }
        guard access(path, R_OK) == 0 else {
            throw InputError(file: path, "cannot read the file: \(String(cString: strerror(errno)))", hint: "check its permissions")
        }
    }

    /// Checks that `path` is a directory (a table bundle, the FPB sheets…).
    /// - Parameters:
    ///   - role: what the directory is, for messages ("table bundle").
    ///   - hint: what the directory must hold, as the fix for either error.
    public static func checkDirectory(_ path: String, role: String, hint: String) throws(InputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, "\(role) not found", hint: hint)
        }
        guard isDirectory.boolValue else {
            throw InputError(file: path, "is a file, but a \(role) is a directory", hint: hint)
        }
    }

    /// The bytes of a readable regular file (`checkReadable` first).
    public static func contents(_ path: String, notFoundHint: String? = nil) throws(InputError) -> Data {
        try checkReadable(path, notFoundHint: notFoundHint)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the file", hint: "check its permissions")
        }
        return data
    }
}
