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

extension BackgroundWork {
    /// Runs `body(0)` and `body(1)`, on two threads when there are two processors (the calling
    /// thread takes part), and returns when both are done; on a single processor one after the
    /// other.
    ///
    /// For work split into two disjoint parts (two ranges of columns of a matrix) whose result
    /// does not depend on the split: each element is computed by the same operations in either
    /// part, so the result is the same bit for bit on one processor or two. Handing work to a
    /// second thread costs microseconds, so callers split only large work (n × n arrays from
    /// n = 512). Dispatch's `concurrentPerform` does the waiting: the closure does not escape.
    public static func inTwo(_ body: (Int) -> Void) {
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else {
            body(0)
            body(1)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let part = UncheckedPart(run: escapable)
            DispatchQueue.concurrentPerform(iterations: 2) { part.run($0) }
        }
    }

    /// The parts as Dispatch's `@Sendable` closure. Sendable by construction of `inTwo`: the
    /// parts touch disjoint memory, and `concurrentPerform` returns only when both are done.
    private struct UncheckedPart: @unchecked Sendable {
        let run: (Int) -> Void
    }
}
