// libFuzzer target: the general CSV reader (`CSVFile`). Any input must split into rows or give
// an InputError with a line and column; every field of every row must then be readable as text
// and as a number or a positioned error.
@testable import IOTables

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let csv = try CSVFile(path: "fuzz.csv", bytes: bytes)
        for r in csv.rows.indices {
            _ = csv.strings(row: r)
            for k in 0..<csv.rows[r].count {
                do { _ = try csv.number(row: r, field: k) } catch {
                    if error.line == nil || error.column == nil { fatalError("a cell error without a position: \(error)") }
                }
            }
        }
    } catch {
        if error.line == nil || error.column == nil { fatalError("an error without a position: \(error)") }
    }
    return 0
}
