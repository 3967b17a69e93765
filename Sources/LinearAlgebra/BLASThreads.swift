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
