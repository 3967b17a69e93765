// libFuzzer target: the TOML reader. Any input must give a document or an InputError with a
// line and column — never a crash, a hang or an error without a position.
@testable import IOTables

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTOML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        _ = try TOMLDocument(path: "fuzz.toml", bytes: bytes)
    } catch {
        if error.line == nil || error.column == nil { fatalError("an error without a position: \(error)") }
    }
    return 0
}
