import LinearAlgebra
import Testing

/// `LargeMemory` only advises the kernel: arrays it makes hold exactly what `[Double](repeating:
/// count:)` holds, at sizes below, at and above the advice threshold (4 MiB = 524,288 doubles) and
/// at sizes that are not whole 2 MiB pages; advice over ranges without a whole huge page, a nil
/// start or an odd start address is a no-op, not a fault. Matrices made through
/// `Matrix(rows:columns:initializingWith:)` (advised) keep every element written.
@Suite("Huge-page advice")
struct LargeMemoryTests {
    @Test(arguments: [0, 1, 7, 524_287, 524_288, 524_289, 1_000_003, 3 << 20])
    func arraysHoldWhatRepeatingHolds(count: Int) {
        for value in [0.0, -1.0, 1.5] {
            let a = LargeMemory.array(repeating: value, count: count)
            #expect(a.count == count)
            #expect(a == [Double](repeating: value, count: count))
        }
    }

    @Test func adviceOnOddRangesIsHarmless() {
        LargeMemory.adviseHugePages(nil, byteCount: 64 << 20)
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: 9 << 20, alignment: 64)
        defer { bytes.deallocate() }
        // Below the threshold, an odd start, a range holding no whole aligned 2 MiB page.
        LargeMemory.adviseHugePages(bytes, byteCount: 1 << 20)
        LargeMemory.adviseHugePages(bytes + 3, byteCount: (9 << 20) - 3)
        LargeMemory.adviseHugePages(bytes + 1, byteCount: LargeMemory.threshold)
        let view = bytes.bindMemory(to: UInt8.self, capacity: 9 << 20)
        for k in stride(from: 0, to: 9 << 20, by: 4096) { view[k] = UInt8(truncatingIfNeeded: k >> 12) }
        var wrong = 0
        for k in stride(from: 0, to: 9 << 20, by: 4096) where view[k] != UInt8(truncatingIfNeeded: k >> 12) { wrong += 1 }
        #expect(wrong == 0)
    }

    @Test func advisedMatricesKeepEveryElement() {
        let n = 1100  // 9.7 MB: above the threshold
        let m = Matrix(rows: n, columns: n) { p in for k in p.indices { p[k] = Double(k % 977) - 0.25 } }
        var wrong = 0
        for j in 0..<n { for i in 0..<n where m[i, j] != Double((i + j * n) % 977) - 0.25 { wrong += 1 } }
        #expect(wrong == 0)
    }
}
