#if canImport(Glibc)
import Glibc
#endif

/// Large arrays (n × n matrices, whole CSV grids) on transparent huge pages where the kernel
/// offers them on request (`/sys/kernel/mm/transparent_hugepage/enabled` = `madvise`, Debian's
/// default; with `always` they are huge anyway, with `never` nothing changes).
///
/// The first touch of each 4 KiB page of a fresh allocation is a page fault; on the project's
/// virtual machine one costs about 3 µs, so the 35,000 faults of `ioshock multipliers` on a
/// 2000-sector bundle were about a quarter of its CPU time. A 2 MiB page is one fault for 512.
/// The advice only changes how memory is mapped: no value, and no result, depends on it.
public enum LargeMemory {
    /// Allocations below this get no advice (a huge page would be mostly unused).
    public static let threshold = 4 << 20

    /// Asks for huge pages over the whole 2 MiB-aligned part of `[start, start + byteCount)`,
    /// before it is first written. Harmless when the kernel declines (the call's result is
    /// ignored: the pages are then ordinary ones).
    public static func adviseHugePages(_ start: UnsafeMutableRawPointer?, byteCount: Int) {
        #if os(Linux)
        guard let start, byteCount >= threshold else { return }
        let huge = 2 << 20
        let first = (Int(bitPattern: start) + huge - 1) & ~(huge - 1)
        let last = (Int(bitPattern: start) + byteCount) & ~(huge - 1)
        guard last > first, let base = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(base, last - first, MADV_HUGEPAGE)
        #endif
    }

    /// `[Double](repeating: value, count: count)`, with huge pages asked for first when large.
    public static func array(repeating value: Double, count: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawPointer(buffer.baseAddress), byteCount: count * MemoryLayout<Double>.stride)
            buffer.initialize(repeating: value)
            initialized = count
        }
    }
}
