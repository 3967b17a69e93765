// libFuzzer target: scenario validation. Each input is parsed as a scenario document and
// checked against the Flanders 2015 table (matrices/flanders-2015, loaded once) that most example scenarios use, as `ioshock check`
// and `ioshock run` do. Any input must give a scenario or an InputError with (at least) a line.
import Foundation
import IOTables
import Scenarios

let tablePath: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }  // Fuzz/Sources/FuzzScenario/FuzzScenario.swift → repository
    return url.appendingPathComponent("matrices/flanders-2015").path
}()
let table: IOTable = {
    do { return try IOTable(bundle: tablePath) } catch { fatalError("cannot load \(tablePath): \(error)") }
}()
let scenarioPath = URL(fileURLWithPath: tablePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scenarios/fuzz.toml").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let document = try TOMLDocument(path: scenarioPath, bytes: bytes)
        _ = try Scenario(document: document, table: table, tablePath: tablePath)
    } catch {
        // Checks of a whole shock or of the model point at the line of its table (no column).
        if error.line == nil { fatalError("an error without a line: \(error)") }
    }
    return 0
}
