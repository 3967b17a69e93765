// libFuzzer target: the streaming numeric-grid reader (`CSVNumericGrid`, used for Z.csv and the
// other sector grids). It reads files, so each input is written to one scratch file first. Any
// input must give a grid whose size matches its labels, or an InputError with a line and column
// (only "the file is empty" has no line).
import Foundation
@testable import IOTables

/// One scratch file per process, in memory when /dev/shm exists.
let scratch = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory())
    + "ioshock-fuzz-grid-\(getpid()).csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVGrid(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fd = open(scratch, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fatalError("cannot write \(scratch)") }
    var written = 0
    while written < size {
        let n = write(fd, data + written, size - written)
        guard n > 0 else { fatalError("cannot write \(scratch)") }
        written += n
    }
    close(fd)
    do {
        let grid = try CSVNumericGrid(path: scratch, expectedRows: 4, emptyHint: "the first line is the header code,…") { _, _ throws(InputError) in }
        let rows = grid.rowCount, columns = grid.columnCount
        let (values, r, c) = grid.matrix()
        if r != rows || c != columns || values.count != r * c { fatalError("grid of \(r) × \(c) with \(values.count) values") }
        if values.contains(where: { !$0.isFinite }) { fatalError("a non-finite value was accepted") }
    } catch {
        if (error.line == nil || error.column == nil) && error.message != "the file is empty" {
            fatalError("an error without a position: \(error)")
        }
    }
    return 0
}
