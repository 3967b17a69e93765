import CLapack

/// OpenBLAS's own thread pool. Callers that run their own worker threads limit it to one, so
/// that a multi-right-hand-side solve in each worker does not start more threads than cores.
public enum BLASThreads {
    /// The number of threads OpenBLAS may use.
    public static var count: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// Runs `body` with OpenBLAS limited to `n` threads, then restores the previous limit.
    public static func limited<T>(to n: Int, _ body: () throws -> T) rethrows -> T {
        let previous = count
        count = n
        defer { count = previous }
        return try body()
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension BLASThreads {
    /// Ends OpenBLAS's idle worker threads now; the next threaded BLAS call starts them again.
    ///
    /// OpenBLAS's pthread pool spins (`sched_yield`) for about 2²⁸ cycles after start-up and after
    /// each threaded call before its workers sleep; `OPENBLAS_THREAD_TIMEOUT` would shorten that but
    /// is read when the library loads, before `main`. A short-lived command that is done with BLAS,
    /// or that has much reading to do before its first BLAS call, releases the workers instead, so
    /// that their spinning does not take a core from its own threads (or from other processes).
    /// Calls `blas_thread_shutdown_` (OpenBLAS's pthread build; the fork handler of the pool), looked
    /// up at run time: with another BLAS, or OpenBLAS built for OpenMP, it does nothing.
    /// Call it only while no other thread of the process is inside BLAS.
    public static func releaseIdleWorkers() {
        #if os(Linux)
        guard let symbol = Self.shutdownSymbol else { return }
        typealias Shutdown = @convention(c) () -> Int32
        _ = unsafeBitCast(symbol, to: Shutdown.self)()
        #endif
    }

    #if os(Linux)
    nonisolated(unsafe) private static let shutdownSymbol: UnsafeMutableRawPointer? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_")
    #endif
}
