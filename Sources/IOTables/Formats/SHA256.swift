import Crypto
import Foundation

/// SHA-256 (FIPS 180-4), for the checksums that every output records: one hex digest per input
/// file, and a digest of a bundle directory.
///
/// The hashing itself is swift-crypto's (`Crypto.SHA256`: BoringSSL's on Linux, CryptoKit on
/// Apple platforms). Why a library rather than our own: it is a reviewed implementation with the
/// processor's SHA and vector instructions where there are any, where the hand-written one it
/// replaces spent most of `ioshock multipliers`' time on a 2000-sector bundle hashing its inputs
/// (issue 15, §4). This type keeps the interface and the digests callers had.
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    public init() {}

    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if done == nil { let copy = Array(bytes); copy.withUnsafeBytes { update(buffer: $0) } }
    }

    /// Hashes raw bytes.
    /// - Complexity: O(bytes), no copy.
    public mutating func update(buffer: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: buffer)
    }

    /// The lowercase hex digest of everything hashed so far.
    public mutating func finalize() -> String {
        let digest = hasher.finalize()
        hasher = Crypto.SHA256()
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The hex digest of some bytes.
    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var s = SHA256()
        s.update(bytes)
        return s.finalize()
    }

    /// The hex digest of a file, read in 1 MiB chunks, or nil when it cannot be read.
    public static func hex(ofFile path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { return nil }
            guard let chunk, !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { hasher.update(buffer: $0) }
        }
        return hasher.finalize()
    }

    /// The digest of a directory's regular files: SHA-256 over "name  sha256(file)\n" lines in
    /// sorted name order, so it changes when any file is added, removed, renamed or edited.
    public static func hex(ofDirectory path: String) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        var lines = ""
        for name in names.sorted() where !name.hasPrefix(".") {
            let full = (path as NSString).appendingPathComponent(name)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                  let digest = hex(ofFile: full) else { continue }
            lines += "\(name)  \(digest)\n"
        }
        return hex(Array(lines.utf8))
    }
}
