import Foundation

/// What ioshock writes as one directory (a run, a bundle, the Leontief matrices) and how to
/// recognise one it wrote earlier: only such a directory is ever replaced.
public struct OutputDirectoryKind: Sendable {
    /// For messages: "run directory", "table bundle"…
    public var name: String
    /// Every file name ioshock may write into this kind of directory. An existing directory
    /// holding anything else is never replaced, and a writer that stages a file not listed here
    /// is refused (so the list cannot fall behind the writers).
    public var fileNames: Set<String>
    /// The marker, in words, for messages: "a run.json written by ioshock run".
    public var markerDescription: String
    /// Whether the existing directory carries the marker.
    public var isMarked: @Sendable (String) -> Bool
    /// What to tell a user whose directory lacks the marker, besides choosing another path.
    public var unmarkedHint: String?
    /// The directories ioshock writes inside this kind (a batch's run directories), each of its
    /// own kind. An existing entry of one of these names must be a directory of that kind, checked
    /// as the outer one is; every other entry must be a regular file named in `fileNames`.
    public var subdirectories: [String: OutputDirectoryKind]

    public init(name: String, fileNames: Set<String>, markerDescription: String, unmarkedHint: String? = nil,
                subdirectories: [String: OutputDirectoryKind] = [:], isMarked: @escaping @Sendable (String) -> Bool) {
        self.name = name
        self.fileNames = fileNames
        self.markerDescription = markerDescription
        self.unmarkedHint = unmarkedHint
        self.subdirectories = subdirectories
        self.isMarked = isMarked
    }

    /// A marker test for a JSON file in the directory whose provenance object (the file itself,
    /// or its member `member`) has `"tool": "ioshock"` and one of `commands`.
    public static func provenanceMarker(file: String, member: String?, commands: Set<String>) -> @Sendable (String) -> Bool {
        { directory in
            guard let data = FileManager.default.contents(atPath: directory + "/" + file),
                  var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return false }
            if let member {
                guard let inner = object[member] as? [String: Any] else { return false }
                object = inner
            }
            return object["tool"] as? String == "ioshock" && commands.contains(object["command"] as? String ?? "")
        }
    }
}

/// Checks and writes every `--out` of every command, so that ioshock never deletes or
/// overwrites anything it did not write and every output appears whole or not at all.
///
/// Rules (README, "Where outputs go"):
/// - A directory output (`run --out DIR`, `leontief --out DIR`, the bundle writers) is written
///   into a fresh hidden sibling and swapped in only when complete. An existing directory is
///   replaced only when it is empty or of the same kind written by ioshock (`OutputDirectoryKind`:
///   its marker, and no file ioshock does not write there); the old one is removed only after
///   the new one is in place.
/// - File outputs of one command (`FILE` and `FILE.provenance.json`) are staged under temporary
///   names and renamed together; an existing regular file is replaced only when ioshock wrote
///   it (`writtenByIoshock`), anything else there is refused.
/// - Refused whatever the kind: an empty path, `/`, the working directory or one containing it,
///   the home directory or one containing it, a path that is, contains or lies inside one of the
///   command's inputs (scenario, table bundle, run directory…), a path below a regular file, a
///   symbolic link as a directory output.
///
/// Every refusal and every file-system failure is an `InputError` naming the path, what is
/// wrong and what would fix it; no Foundation error reaches the user.
public enum OutputDestination {
    // MARK: Directories

    /// Checks that `path` may receive a directory of `kind` without losing anything.
    /// - Parameter inputs: the files and directories the command reads.
    public static func checkDirectory(_ path: String, kind: OutputDirectoryKind, protecting inputs: [String] = []) throws(InputError) {
        let target = try checkCommon(path, protecting: inputs, directoryOutput: true)
        var status = stat()
        guard lstat(target, &status) == 0 else { return }
        let type = status.st_mode & S_IFMT
        if type == S_IFLNK {
            throw InputError(file: path, "is a symbolic link; ioshock does not replace a link with a \(kind.name)",
                             hint: "give the directory it points to, or a new directory")
        }
        if type == S_IFREG {
            throw InputError(file: path, "is a file, but the \(kind.name) to write is a directory",
                             hint: "give a new directory, e.g. \(suggestion(path))")
        }
        guard type == S_IFDIR else {
            throw InputError(file: path, "exists and is not a directory", hint: "give a new directory")
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: target) } catch {
            throw InputError(file: path, "cannot list the existing directory: \(reason(error))", hint: "check its permissions, or give another directory")
        }
        if entries.isEmpty { return }
        guard kind.isMarked(target) else {
            throw InputError(file: path, "is a non-empty directory that is not a \(kind.name) written by ioshock (it has no \(kind.markerDescription)); ioshock never replaces what it did not write",
                             hint: "give a new or empty directory, or move its files away first" + (kind.unmarkedHint.map { "; \($0)" } ?? ""))
        }
        let foreign = entries.filter { !kind.fileNames.contains($0) && kind.subdirectories[$0] == nil }.sorted()
        if !foreign.isEmpty {
            let shown = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", … (\(foreign.count) in all)" : "")
            throw InputError(file: path, "is a \(kind.name) written by ioshock but also holds files ioshock does not write there (\(shown)); replacing it would delete them",
                             hint: "move those files out of the directory, or give another directory")
        }
        // A name ioshock writes is not enough: a directory where it writes a file (its contents
        // would go), or a run directory of a batch that holds the user's files, is refused too.
        for entry in entries.sorted() {
            let entryPath = target + "/" + entry
            var entryStatus = stat()
            guard lstat(entryPath, &entryStatus) == 0 else { continue }
            let entryType = entryStatus.st_mode & S_IFMT
            if let inner = kind.subdirectories[entry] {
                guard entryType == S_IFDIR else {
                    throw InputError(file: path, "is a \(kind.name) written by ioshock, but its \(entry) is not the \(inner.name) ioshock writes there (it is \(entryType == S_IFLNK ? "a symbolic link" : "a file")); replacing it would delete it",
                                     hint: "move \(entry) out of the directory, or give another directory")
                }
                try checkDirectory(path + "/" + entry, kind: inner, protecting: inputs)
            } else if entryType != S_IFREG {
                throw InputError(file: path, "is a \(kind.name) written by ioshock, but its \(entry) is \(entryType == S_IFDIR ? "a directory" : entryType == S_IFLNK ? "a symbolic link" : "not a regular file"), where ioshock writes a file; replacing it would delete \(entryType == S_IFDIR ? "what it holds" : "it")",
                                 hint: "move \(entry) out of the directory, or give another directory")
            }
        }
    }

    /// Writes a directory of `kind`: `build` fills a fresh hidden sibling of `path`, which then
    /// replaces `path` (checked again with `checkDirectory` first). A failure in `build`
    /// leaves `path` as it was; a crash leaves at most a hidden `.NAME.tmp-…` sibling.
    public static func writeDirectory(_ path: String, kind: OutputDirectoryKind, protecting inputs: [String] = [],
                                      _ build: (String) throws -> Void) throws {
        try checkDirectory(path, kind: kind, protecting: inputs)
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let target = url.path
        let parent = url.deletingLastPathComponent().path
        let created = try createParents(parent, for: path)
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent + "/." + url.lastPathComponent + ".tmp-" + suffix
        func abandon() {
            try? FileManager.default.removeItem(atPath: staging)
            for dir in created.reversed() { rmdir(dir) }
        }
        guard mkdir(staging, 0o755) == 0 else {
            let why = String(cString: strerror(errno))
            abandon()
            throw InputError(file: path, "cannot create a directory beside it in \(parent): \(why)", hint: "check that \(parent) is writable")
        }
        do {
            try build(staging)
            let staged = (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []
            if let stray = staged.first(where: { !kind.fileNames.contains($0) && kind.subdirectories[$0] == nil }) {
                throw InputError(file: path, "ioshock staged \(stray), which is not in the list of files of a \(kind.name) (a bug in ioshock: add it to OutputDirectoryKind.fileNames)")
            }
            try checkDirectory(path, kind: kind, protecting: inputs)
        } catch {
            abandon()
            throw error
        }
        var old: String? = nil
        if FileManager.default.fileExists(atPath: target) {
            old = parent + "/." + url.lastPathComponent + ".old-" + suffix
            if rename(target, old!) != 0 {
                let why = String(cString: strerror(errno))
                abandon()
                throw InputError(file: path, "cannot move the previous \(kind.name) aside: \(why); it is unchanged", hint: "check that \(parent) is writable")
            }
        }
        if rename(staging, target) != 0 {
            let why = String(cString: strerror(errno))
            if let old { rename(old, target) }
            abandon()
            throw InputError(file: path, "cannot move the new \(kind.name) into place: \(why)" + (old == nil ? "" : "; the previous one is unchanged"),
                             hint: "check that \(parent) is writable")
        }
        if let old { try? FileManager.default.removeItem(atPath: old) }
    }

    // MARK: Files

    /// Checks that `path` may receive a file: not empty, not a directory, not an input.
    public static func checkFile(_ path: String, protecting inputs: [String] = []) throws(InputError) {
        let target = try checkCommon(path, protecting: inputs, directoryOutput: false)
        var status = stat()
        if stat(target, &status) == 0 {
            let type = status.st_mode & S_IFMT
            if type == S_IFDIR {
                throw InputError(file: path, "is a directory, but the output here is a file",
                                 hint: "give a file name, e.g. \(path.hasSuffix("/") ? path : path + "/")result.\((path as NSString).pathExtension.isEmpty ? "csv" : (path as NSString).pathExtension)")
            }
            if type != S_IFREG {
                throw InputError(file: path, "exists and is not a regular file", hint: "give another file name")
            }
            guard writtenByIoshock(target) else {
                throw InputError(file: path, "exists and was not written by ioshock, so it is not replaced",
                                 hint: "give another file name, or move the file away first (ioshock replaces only its own earlier outputs: a file with its FILE.provenance.json, or a Markdown, JSON or HTML result that names ioshock as its tool)")
            }
        }
        let parent = URL(fileURLWithPath: target).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) else {
            throw InputError(file: path, "the directory \(parent) does not exist", hint: "create it first (mkdir -p \(parent)) or give another path")
        }
        guard isDirectory.boolValue else {
            throw InputError(file: path, "\(parent) is a file, so nothing can be written inside it", hint: "give a path in a directory")
        }
    }

    /// Whether the existing file `target` is an earlier output of ioshock, which a new output may
    /// replace: its provenance sidecar (`FILE.provenance.json`, written beside every CSV or
    /// workbook result) says `"tool": "ioshock"`, or the file itself begins as ioshock's results
    /// do — a Markdown result with its provenance line `> ioshock …`, a JSON result or sidecar
    /// with `"tool": "ioshock"` in its first 8 KB, an HTML report with ioshock's generator line.
    /// Anything else (a user's notes, a scenario, a file of a run directory) is never replaced.
    static func writtenByIoshock(_ target: String) -> Bool {
        func head(_ path: String) -> String? {
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            let data = (try? handle.read(upToCount: 8192)) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        func namesIoshock(_ text: String) -> Bool {
            text.contains("\"tool\": \"ioshock\"") || text.contains("\"tool\":\"ioshock\"")
        }
        if let sidecar = head(target + ".provenance.json"), namesIoshock(sidecar) { return true }
        guard let text = head(target) else { return false }
        return text.hasPrefix("> ioshock ") || namesIoshock(text) || text.contains("<meta name=\"generator\" content=\"ioshock ")
    }

    /// Writes several files that belong together (a result and its provenance sidecar): all are
    /// checked first, staged under temporary names beside their targets, and renamed only when
    /// every one is written. A failed rename puts back the files already replaced.
    public static func writeFiles(_ files: [(path: String, data: Data)], protecting inputs: [String] = []) throws(InputError) {
        for file in files { try checkFile(file.path, protecting: inputs) }
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        var staged: [(temporary: String, target: String, shown: String)] = []
        func discard() { for s in staged { unlink(s.temporary) } }
        for file in files {
            let url = URL(fileURLWithPath: file.path).standardizedFileURL
            let temporary = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".tmp-" + suffix
            staged.append((temporary, url.path, file.path))
            do { try file.data.write(to: URL(fileURLWithPath: temporary)) } catch {
                discard()
                throw InputError(file: file.path, "cannot write the file: \(reason(error))", hint: "check that its directory is writable and the disk is not full")
            }
        }
        var backups: [(backup: String?, target: String)] = []
        for s in staged {
            let dir = (s.target as NSString).deletingLastPathComponent, name = (s.target as NSString).lastPathComponent
            var backup: String? = dir + "/." + name + ".old-" + suffix
            if link(s.target, backup!) != 0 { backup = nil }
            if rename(s.temporary, s.target) != 0 {
                let why = String(cString: strerror(errno))
                for b in backups.reversed() {
                    if let old = b.backup { rename(old, b.target) } else { unlink(b.target) }
                }
                if let backup { unlink(backup) }
                discard()
                throw InputError(file: s.shown, "cannot write the file: \(why); nothing was written", hint: "check that its directory is writable")
            }
            backups.append((backup, s.target))
        }
        for b in backups { if let old = b.backup { unlink(old) } }
    }

    // MARK: Shared checks

    /// The checks every output shares; returns the absolute, standardised target.
    static func checkCommon(_ path: String, protecting inputs: [String], directoryOutput: Bool) throws(InputError) -> String {
        let what = directoryOutput ? "a directory" : "a file"
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError(file: "--out", "the output path is empty", hint: "give \(what) to write, e.g. --out \(directoryOutput ? "out/run" : "result.csv")")
        }
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        let resolved = resolve(target)
        if resolved == "/" {
            throw InputError(file: path, "is the root directory; ioshock never writes over it", hint: "give a new directory, e.g. out/run")
        }
        let cwd = resolve(FileManager.default.currentDirectoryPath)
        if contains(resolved, cwd) {
            throw InputError(file: path, resolved == cwd ? "is the working directory; replacing it would delete everything in it" : "contains the working directory; replacing it would delete everything in it",
                             hint: "give a new directory below it, e.g. out/run")
        }
        let home = resolve(NSHomeDirectory())
        if home != "/", contains(resolved, home) {
            throw InputError(file: path, resolved == home ? "is the home directory" : "contains the home directory", hint: "give a new directory, e.g. out/run")
        }
        for input in inputs where !input.isEmpty {
            let source = resolve(URL(fileURLWithPath: input).standardizedFileURL.path)
            if resolved == source {
                throw InputError(file: path, "is the input \(input) of this command; writing there would destroy it", hint: "give another path for the output")
            }
            if contains(resolved, source) {
                throw InputError(file: path, "contains the input \(input) of this command; writing there would destroy it", hint: "give another path for the output")
            }
            var isDirectory: ObjCBool = false
            if contains(source, resolved), FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue {
                throw InputError(file: path, "lies inside the input directory \(input) of this command; ioshock does not write into its inputs", hint: "give a path outside \(input)")
            }
        }
        var ancestor = (resolved as NSString).deletingLastPathComponent
        while ancestor != "/" && !ancestor.isEmpty {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
                if !isDirectory.boolValue {
                    throw InputError(file: path, "\(ancestor) is a file, so nothing can be written inside it", hint: "give a path whose parent is a directory (or does not exist yet)")
                }
                break
            }
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
        return target
    }

    /// Whether `inner` is `outer` or lies below it (both absolute and standardised).
    static func contains(_ outer: String, _ inner: String) -> Bool {
        outer == inner || outer == "/" || inner.hasPrefix(outer + "/")
    }

    /// An absolute path with the symbolic links of its existing part resolved.
    static func resolve(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var existing = absolute, rest: [String] = []
        while existing != "/" && !FileManager.default.fileExists(atPath: existing) {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        var real = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let base = realpath(existing, &real) != nil ? String(cString: real) : existing
        return rest.reduce(base) { ($0 == "/" ? "" : $0) + "/" + $1 }
    }

    /// Creates the missing ancestors of a directory output; returns those it created, outermost first.
    static func createParents(_ parent: String, for path: String) throws(InputError) -> [String] {
        var missing: [String] = []
        var dir = parent
        while !dir.isEmpty && dir != "/" && !FileManager.default.fileExists(atPath: dir) {
            missing.insert(dir, at: 0)
            dir = (dir as NSString).deletingLastPathComponent
        }
        for (k, d) in missing.enumerated() where mkdir(d, 0o755) != 0 {
            let why = String(cString: strerror(errno))
            for made in missing[..<k].reversed() { rmdir(made) }
            throw InputError(file: path, "cannot create the directory \(d): \(why)", hint: "check that its parent is writable")
        }
        return missing
    }

    static func suggestion(_ path: String) -> String {
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return "out/" + (base.isEmpty ? "run" : base)
    }

    /// A Foundation error in words (its POSIX reason when it has one), without the domain and code.
    public static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
        case .fileWriteFileExists: return "a file of that name already exists"
        case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteVolumeReadOnly: return "the file system is read-only"
        default: return ns.localizedFailureReason ?? "the file system refused (\(ns.localizedDescription))"
        }
    }
}
