import Foundation

/// Work that overlaps with the caller's: a file read, parsed or hashed while the calling thread
/// reads another. On a machine with more than one processor `work` runs on a thread of its own
/// (1 MiB stack); on one processor it runs at once on the calling thread, since overlapping
/// would only add switching. The caller waits for the result itself (e.g. on a semaphore that
/// `work` signals).
public enum BackgroundWork {
    public static func start(_ work: @escaping @Sendable () -> Void) {
        if ProcessInfo.processInfo.activeProcessorCount > 1 {
            let thread = Thread(block: work)
            thread.stackSize = 1 << 20
            thread.start()
        } else {
            work()
        }
    }
}

/// A value computed by `BackgroundWork.start` while the caller goes on; `wait()` returns it once
/// it is ready (call it once).
public final class BackgroundValue<T: Sendable>: @unchecked Sendable {
    private var value: T?
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> T) {
        BackgroundWork.start { [self] in
            value = work()
            done.signal()
        }
    }

    public func wait() -> T {
        done.wait()
        return value!
    }
}
