// Generates a BACI-sized year of trade (docs/performance.md, "Dependency screening") and times
// reading and screening it for one reporter, as `ioshock dependencies` does.
//
//   swift run -c release trade-screening [rows] [directory]
//
// rows defaults to 10_000_000 (about 400 MB of CSV, the size of a BACI HS17 year); the files
// are written once into directory (default /tmp/ioshock-trade-bench) and reused.
import Foundation
import IOTables
import Trade

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let arguments = CommandLine.arguments
let rows = arguments.count > 1 ? Int(arguments[1])! : 10_000_000
let directory = arguments.count > 2 ? arguments[2] : "/tmp/ioshock-trade-bench"
let countries = 230, products = 5_400
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
let tradePath = directory + "/BACI_HS17_Y2022_generated_\(rows).csv"
let codesPath = directory + "/country_codes_generated.csv"
// BACI-like numeric codes: 4, 8, …, with Belgium 56 and China 156 among them.
let codes = (1...countries).map { $0 * 4 }
var codesText = "country_code,country_name,country_iso2,country_iso3\n"
for (k, code) in codes.enumerated() {
    let iso3 = code == 56 ? "BEL" : code == 156 ? "CHN" : code == 276 ? "DEU" : String(format: "Q%02d", k % 100) + (k >= 100 ? String(UnicodeScalar(UInt8(65 + k / 100))) : "")
    codesText += "\(code),Country \(code),\(String(iso3.prefix(2))),\(iso3)\n"
}
try codesText.write(toFile: codesPath, atomically: true, encoding: .utf8)
let hsCodes = (0..<products).map { 10_000 + $0 * 181 }  // 10000 … 987,000: some with five digits, as BACI writes them

if !FileManager.default.fileExists(atPath: tradePath) {
    let started = Date()
    var rng = SplitMix64(state: 1)
    _ = FileManager.default.createFile(atPath: tradePath, contents: nil)
    let handle = FileHandle(forWritingAtPath: tradePath)!
    var buffer = "t,i,j,k,v,q\n"
    buffer.reserveCapacity(1 << 22)
    for r in 0..<rows {
        let i = codes[rng.below(countries)]
        var j = codes[rng.below(countries)]
        if j == i { j = codes[(codes.firstIndex(of: i)! + 1) % countries] }
        // One row in 40 is an import of Belgium, as in BACI (about 250 k of 10 M rows).
        if r % 40 == 0 { j = 56; if i == 56 { continue } }
        let k = hsCodes[rng.below(products)]
        let v = Double(rng.below(10_000_000)) / 1000
        let q = Double(rng.below(1_000_000)) / 1000
        buffer += "2022,\(i),\(j),\(k),\(String(format: "%.3f", v)),\(r % 7 == 0 ? "NA" : String(format: "%.3f", q))\n"
        if buffer.utf8.count > 1 << 22 {
            handle.write(Data(buffer.utf8))
            buffer.removeAll(keepingCapacity: true)
        }
    }
    handle.write(Data(buffer.utf8))
    try handle.close()
    print("generated \(tradePath) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
}
let size = (try FileManager.default.attributesOfItem(atPath: tradePath)[.size] as? Int) ?? 0
print("file: \(tradePath), \(size / 1_000_000) MB, \(rows) rows")

var times: [Double] = []
for run in 1...3 {
    let started = Date()
    let countryCodes = try CountryCodes(path: codesPath)
    var data = TradeAggregates(countries: countryCodes, reporter: countryCodes.index(iso3: "BEL")!, years: [2022])
    try BACIReader.read(tradePath, into: &data)
    let read = Date().timeIntervalSince(started)
    var geodep = GeoDep()
    geodep.window = 1
    geodep.minYears = 1
    let screening = try geodep.screen(data, year: 2022, source: tradePath)
    let ec = try EC2021().screen(data, year: 2022, source: tradePath)
    let total = Date().timeIntervalSince(started)
    times.append(total)
    print("run \(run): read \(String(format: "%.2f", read)) s (\(String(format: "%.0f", Double(size) / read / 1e6)) MB/s), read + both screenings \(String(format: "%.2f", total)) s; \(screening.goods.count) goods, \(screening.goods.filter(\.dependent).count) geodep-dependent, \(ec.goods.filter(\.dependent).count) ec2021-dependent")
}
let hashStart = Date()
_ = SHA256.hex(ofFile: tradePath)
print("sha256 of the file (provenance): \(String(format: "%.2f", Date().timeIntervalSince(hashStart))) s")
print("minimum read + screen: \(String(format: "%.2f", times.min()!)) s")
