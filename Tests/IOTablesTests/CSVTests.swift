import Foundation
@testable import IOTables
import Testing
import TestSupport

@Suite("CSV reading")
struct CSVTests {
    @Test func quotesCRLFAndBOM() throws {
        let text = "\u{FEFF}code,name\r\n01,\"Crops, \"\"fresh\"\"\"\r\n\r\n02,\"two\nlines\"\n"
        let csv = try CSVFile(path: "t.csv", text: text)
        #expect(csv.rows.count == 3)
        #expect(csv.strings(row: 0) == ["code", "name"])
        #expect(csv.strings(row: 1) == ["01", "Crops, \"fresh\""])
        #expect(csv.strings(row: 2) == ["02", "two\nlines"])
        #expect(csv.rows[2].line == 4)
    }

    @Test func unclosedQuoteNamesItsLine() {
        #expect {
            try CSVFile(path: "bad.csv", text: "a,b\n1,\"open\n")
        } throws: { error in
            let e = error as! InputError
            return e.file == "bad.csv" && e.line == 2 && e.message.contains("never closed")
        }
    }

    @Test(arguments: ["0", "-0", "1", "1.5", "-2.25e-3", "3.14159265358979", "1e22", "1e23", "123456789012345678901",
                      "0.1", "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "0.000000000000000000001", "+7", " 8 ",
                      "692.685933617785", "3.73505278399797e-05", "9007199254740993",
                      // eight digits at a time (SWAR): runs of 8 and 16, around the 19-digit limit, zeros inside
                      "12345678", "1234567890123456", "0.0000000012345678", "00000000123456789", "1234567812345678.5",
                      "9999999999999999999", "99999999999.99999999", "10000000000000000001", "0.0", "-0.0", "1000000010000000.0"])
    func numbersParseExactlyLikeTheStandardLibrary(text: String) throws {
        let csv = try CSVFile(path: "n.csv", text: "v\n\(text)\n")
        let expected = Double(text.trimmingCharacters(in: .whitespaces))!
        #expect(try csv.number(row: 1, field: 0).bitPattern == expected.bitPattern)
    }

    @Test func randomDecimalsRoundCorrectly() throws {
        var rng = SplitMix64(seed: 42)
        var lines = ["v"]
        for _ in 0..<5000 {
            let digits = Int.random(in: 1...19, using: &rng)
            var mantissa = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            let point = Int.random(in: 0...digits, using: &rng)
            mantissa.insert(".", at: mantissa.index(mantissa.startIndex, offsetBy: point))
            if mantissa.hasPrefix(".") { mantissa = "0" + mantissa }
            if mantissa.hasSuffix(".") { mantissa += "0" }
            let exponent = Int.random(in: -30...30, using: &rng)
            lines.append(Bool.random(using: &rng) ? mantissa : "\(mantissa)e\(exponent)")
        }
        let csv = try CSVFile(path: "r.csv", text: lines.joined(separator: "\n"))
        for r in 1..<lines.count {
            #expect(try csv.number(row: r, field: 0).bitPattern == Double(lines[r])!.bitPattern, "\(lines[r])")
        }
    }

    @Test(arguments: [("", "empty cell"), ("abc", "is not a number"), ("1,5", "is not a number"), ("NaN", "NaN"), ("inf", "infinite"), ("-Infinity", "infinite"),
                      // Double(String) and strtod read these as 25, ∞ or NaN; only decimal numbers are valid.
                      ("0x19", "hexadecimal"), ("0x1.9p4", "hexadecimal"), ("-0X1P-3", "hexadecimal"), ("infinity", "infinite"), ("+inf", "infinite"),
                      ("nan", "NaN"), ("-nan", "NaN"), ("nan(1)", "NaN"), (".", "is not a number"), ("1e", "is not a number"), ("e5", "is not a number"),
                      ("1e400", "too large"), ("-1e309", "too large")])
    func badNumbersAreNamed(cell: String, message: String) throws {
        let csv = try CSVFile(path: "m.csv", text: "a,b\nx,\"\(cell)\"\n")
        #expect {
            try csv.number(row: 1, field: 1)
        } throws: { error in
            let e = error as! InputError
            return e.line == 2 && e.column == 2 && e.message.contains(message)
        }
    }

    @Test func writerRoundTripsText() throws {
        let fields = ["plain", "with,comma", "with \"quote\"", "multi\nline", " padded "]
        let csv = try CSVFile(path: "w.csv", text: CSVWriter.line(fields))
        #expect(csv.strings(row: 0) == fields)
    }

    @Test func writerRoundTripsNumbersExactly() throws {
        let values: [Double] = [0, 1, -3, 0.1, 1.0 / 3, 6.02214076e23, -2.5e-310, 123456789.125, 1e15, 1e16]
        let csv = try CSVFile(path: "w.csv", text: values.map(CSVWriter.number).joined(separator: "\n"))
        for (k, v) in values.enumerated() { #expect(try csv.number(row: k, field: 0) == v) }
    }
}

@Suite("SHA-256")
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    /// Pieces of any size, and files read in chunks, hash like the whole at once.
    @Test func piecesAndFilesHashLikeTheWhole() throws {
        var rng = SplitMix64(seed: 3)
        let bytes = (0..<(1 << 20) + 1234).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let whole = SHA256.hex(bytes)
        var hasher = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 0, 127, 1000, 4096] + [Int](repeating: 70_001, count: 20) where offset < bytes.count {
            let end = min(bytes.count, offset + size)
            hasher.update(bytes[offset..<end])
            offset = end
        }
        hasher.update(bytes[offset...])
        #expect(hasher.finalize() == whole)
        let path = NSTemporaryDirectory() + "sha-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(SHA256.hex(ofFile: path) == whole)
    }

    /// Files against the system's `sha256sum` (coreutils, an independent implementation), and a
    /// bundle's directory digest against the one the hand-written SHA-256 recorded before
    /// swift-crypto replaced it (`ioshock multipliers matrices/germany-1995 --format json`).
    @Test func filesAndBundlesKeepTheirDigests() throws {
        for name in ["matrices/germany-1995/Z.csv", "matrices/flanders-2015/table.toml", "scenarios/chemicals-non-eu-50.toml"] {
            let path = Fixtures.repositoryPath(name)
            let sum = try Fixtures.runProgram("/usr/bin/sha256sum", [path])
            #expect(sum.status == 0)
            #expect(SHA256.hex(ofFile: path) == String(sum.stdout.prefix(64)), "\(name)")
        }
        // The directory digest, rebuilt from sha256sum: "name  digest\n" per file in name order, hashed.
        let bundle = Fixtures.repositoryPath("matrices/germany-1995")
        var lines = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: bundle).sorted() where !name.hasPrefix(".") {
            lines += "\(name)  \(try Fixtures.runProgram("/usr/bin/sha256sum", [bundle + "/" + name]).stdout.prefix(64))\n"
        }
        let listing = NSTemporaryDirectory() + "sha-listing-\(UUID().uuidString)"
        try lines.write(toFile: listing, atomically: true, encoding: .utf8)
        #expect(SHA256.hex(ofDirectory: bundle) == String(try Fixtures.runProgram("/usr/bin/sha256sum", [listing]).stdout.prefix(64)))
        var hasher = SHA256()
        hasher.update(Array("ab".utf8))
        hasher.update(Array("c".utf8))
        #expect(hasher.finalize() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func millionAs() {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
