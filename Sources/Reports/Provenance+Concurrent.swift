import Foundation
import IOTables

/// The digest of a table bundle computed on a thread of its own while the command reads the
/// bundle and computes, for `Provenance.addTable(_:digest:)`. The digest is the one
/// `Provenance.addTable(_:)` records (`SHA256.hex(ofDirectory:)`, every file of the directory, those
/// the command reads and those it does not); only when it is computed changes. On a single
/// processor it is computed at once, on the calling thread.
public final class BundleDigest: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var digest: String?

    public init(_ directory: String) {
        let work: @Sendable () -> Void = { [self] in
            digest = SHA256.hex(ofDirectory: directory)
            done.signal()
        }
        BackgroundWork.start(work)
    }

    /// Waits for the digest; nil when the directory could not be read.
    public func value() -> String? {
        done.wait()
        done.signal()  // a second call does not block
        return digest
    }
}

extension Provenance {
    /// Records a table bundle with a digest computed concurrently (see `BundleDigest`).
    public mutating func addTable(_ path: String, digest: BundleDigest) {
        inputs.append(Input(role: "table", path: Self.display(path), sha256: digest.value() ?? "unreadable"))
    }
}
