import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import IOTables

/// The streaming numeric reader (`CSVNumericGrid`, behind `IOTable(bundle:)`) against independent
/// oracles: Swift's own `Double(String)` for every number, the general `CSVFile` splitter for
/// every value and every error (file, line, column, message, hint), and the synthetic table that
/// wrote the bundle.
@Suite struct CSVNumericGridTests {
    /// The reference: a grid read the simple way — split the whole file with `CSVFile`, then check
    /// the header, each row's field count and each number in turn.
    static func referenceGrid(_ path: String, corner: String) throws(InputError) -> (header: [String], labels: [String], lines: [Int], values: [Double]) {
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else { throw InputError(file: path, "the file is empty", hint: "the first line is the header \(corner),…") }
        let header = csv.strings(row: 0)
        guard header.first == corner else {
            throw InputError(file: path, line: csv.rows[0].line, column: 1, "the header must start with \"\(corner)\", found \"\(header.first ?? "")\"")
        }
        var labels: [String] = [], lines: [Int] = [], values: [Double] = []
        for r in 1..<csv.rows.count {
            let row = csv.rows[r]
            guard row.count == header.count else {
                throw InputError(file: path, line: row.line, column: min(row.count, header.count) + 1,
                                 "row has \(row.count) fields, the header \(header.count)", hint: "a ragged row: add or remove cells so every row matches the header")
            }
            labels.append(csv.string(row: r, field: 0).trimmingCharacters(in: .whitespaces))
            lines.append(row.line)
            for k in 1..<row.count { values.append(try csv.number(row: r, field: k)) }
        }
        return (header, labels, lines, values)
    }

    /// `splitAbove: 1` reads every file of more than the 1 MiB buffer in two halves on two threads.
    static func streamed(_ path: String, corner: String, splitAbove: Int = CSVNumericGrid.splitThreshold) throws(InputError) -> (header: [String], labels: [String], lines: [Int], values: [Double]) {
        let grid = try CSVNumericGrid(path: path, expectedRows: 3, emptyHint: "the first line is the header \(corner),…", splitAbove: splitAbove) { (header, line) throws(InputError) in
            guard header.first == corner else {
                throw InputError(file: path, line: line, column: 1, "the header must start with \"\(corner)\", found \"\(header.first ?? "")\"")
            }
        }
        return (grid.header, grid.rowLabels, grid.rowLines, grid.rowMajor)
    }

    /// Same values or the same error, whichever the reference gives.
    static func expectSame(_ text: String, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let dir = Fixtures.temporaryDirectory("csv-grid")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/Z.csv"
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        let expected = Result { () throws(InputError) in try referenceGrid(path, corner: "code") }
        for split in [CSVNumericGrid.splitThreshold, 1] {
            let got = Result { () throws(InputError) in try streamed(path, corner: "code", splitAbove: split) }
            switch (expected, got) {
            case let (.success(e), .success(g)):
                #expect(e.header == g.header && e.labels == g.labels && e.lines == g.lines, comment, sourceLocation: sourceLocation)
                #expect(e.values.map(\.bitPattern) == g.values.map(\.bitPattern), comment, sourceLocation: sourceLocation)
            case let (.failure(e), .failure(g)):
                #expect(e == g, comment, sourceLocation: sourceLocation)
            default:
                Issue.record("reference \(expected), streamed \(got) for \(text.prefix(200).debugDescription)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func numbersAgreeWithSwiftDoubleParsing() throws {
        var rng = SplitMix64(seed: 2024)
        var cells: [String] = []
        for _ in 0..<200_000 {
            let digits = Int.random(in: 1...22, using: &rng)
            var s = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            if Bool.random(using: &rng) { s.insert(".", at: s.index(s.startIndex, offsetBy: Int.random(in: 0...digits, using: &rng))) }
            if Int.random(in: 0..<4, using: &rng) == 0 { s += "e\(Int.random(in: -25...25, using: &rng))" }
            if Bool.random(using: &rng) { s = "-" + s }
            if s.first == "." || s.hasPrefix("-.") { s = s.replacingOccurrences(of: ".", with: "0.") }
            if s.last == "." { s += "5" }
            cells.append(s)
        }
        // Shortest round-trip texts, as the bundle writer prints them.
        for _ in 0..<100_000 {
            cells.append("\(Double.random(in: 0..<1, using: &rng) * pow(10, Double(Int.random(in: -8...12, using: &rng))))")
        }
        let columns = 100
        var text = "code," + (1...columns).map { "c\($0)" }.joined(separator: ",") + "\n"
        for r in 0..<(cells.count / columns) {
            text += "r\(r)," + cells[(r * columns)..<((r + 1) * columns)].joined(separator: ",") + "\n"
        }
        let dir = Fixtures.temporaryDirectory("csv-numbers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try text.write(toFile: dir + "/Z.csv", atomically: true, encoding: .utf8)
        let grid = try Self.streamed(dir + "/Z.csv", corner: "code")
        #expect(grid.values.count == cells.count)
        var mismatches: [String] = []
        for (cell, value) in zip(cells, grid.values) where Double(cell)!.bitPattern != value.bitPattern {
            mismatches.append("\(cell): \(value) vs \(Double(cell)!)")
        }
        let count = mismatches.count
        #expect(count == 0, "first mismatches: \(mismatches.prefix(5))")
    }

    /// `NumberParser.parse` against Swift's `Double(String)` (correctly rounded) where the
    /// Eisel–Lemire step decides: 16–19 significant digits with exponents over the whole table,
    /// near the subnormal and overflow edges (which go to strtod), and exact halfway points
    /// between two doubles (m + ½) · 2^k written out in full decimal, which must round to even,
    /// with their neighbours one unit in the last decimal place away.
    @Test func eiselLemireAgreesWithSwiftDoubleParsing() {
        var rng = SplitMix64(seed: 77)
        var texts: [String] = []
        for _ in 0..<100_000 {
            let digits = Int.random(in: 16...19, using: &rng)
            let m = String(UInt64.random(in: 1_000_000_000_000_000_000...9_999_999_999_999_999_999, using: &rng)).prefix(digits)
            texts.append("\(m)e\(Int.random(in: -345...310, using: &rng))")
        }
        for e in [-342, -330, -325, -324, -323, -310, -308, -307, 290, 305, 307, 308, 309] {
            for _ in 0..<200 { texts.append("\(UInt64.random(in: 1...UInt64.max / 2, using: &rng))e\(e - 18)") }
        }
        // Halfway points: (2m + 1) · 2^(k − 1) with m of 53 bits; k ≥ 1 is an integer, k < 1 a
        // terminating decimal of 1 − k fractional digits. Kept when its digits fit 19.
        var halfway = 0
        while halfway < 3000 {
            let m = UInt64.random(in: (1 << 52)...((1 << 53) - 1), using: &rng)
            let k = Int.random(in: -8...11, using: &rng)  // odd · 2^(k−1) < 2⁶⁴ needs k ≤ 11
            let odd = 2 * m + 1
            var text: String
            if k >= 1 {
                let (v, overflow) = odd.multipliedReportingOverflow(by: 1 << UInt64(k - 1))
                guard !overflow else { continue }
                // Trailing zeros go to the exponent (1234000 → 1234e3), so that decimal
                // exponents above 0 are tried too.
                var digits = String(v), zeros = 0
                while digits.hasSuffix("0") { digits.removeLast(); zeros += 1 }
                text = zeros > 0 ? digits + "e\(zeros)" : digits
            } else {
                // odd / 2^(1 − k) = odd · 5^(1 − k) / 10^(1 − k)
                var (v, overflow) = (odd, false)
                for _ in 0..<(1 - k) where !overflow { (v, overflow) = v.multipliedReportingOverflow(by: 5) }
                guard !overflow else { continue }
                text = String(v) + "e-\(1 - k)"
            }
            guard let mantissa = UInt64(text.prefix { $0 != "e" }), mantissa > 1, mantissa < 10_000_000_000_000_000_000 else { continue }
            let exponent = text.contains("e") ? "e" + text.split(separator: "e")[1] : ""
            texts.append(text)
            texts.append(String(mantissa + 1) + exponent)
            texts.append(String(mantissa - 1) + exponent)
            halfway += 1
        }
        var mismatches: [String] = []
        for text in texts {
            let bytes = Array(text.utf8)
            let got = bytes.withUnsafeBufferPointer { NumberParser.parse($0, 0..<$0.count) }
            let expected = Double(text)!
            if got?.bitPattern != expected.bitPattern { mismatches.append("\(text): \(String(describing: got)) vs \(expected)") }
        }
        let count = mismatches.count
        #expect(count == 0, "\(count) of \(texts.count); first: \(mismatches.prefix(5))")
    }

    @Test func valuesAndLinesMatchTheGeneralReader() {
        Self.expectSame("code,a,b\nx,1,2\ny,3.5,-4e2\n")
        Self.expectSame("\u{FEFF}code,a,b\r\nx,1,2\r\n\r\ny, 3 ,\"4\"\r\n")
        Self.expectSame("code,\"a,1\",\"b\"\"\"\n\"x\ny\",1,2\nz,3,4")
        Self.expectSame("code,a\n\n\nx,1\n\n")
        Self.expectSame("code,a,b\nx,1,2\ry,3,4\r")
        Self.expectSame("code,a,b\nx,\t1.5\t,2\n")  // tabs: only Double(String) reads it
    }

    @Test func errorsMatchTheGeneralReader() {
        let cases = [
            "",
            "\n\n",
            "sector,a\nx,1\n",
            "code,a,b\nx,1\n",
            "code,a,b\nx,1,2,3\n",
            "code,a,b\nx,1,\n",
            "code,a,b\nx,1,2\ny,1,",
            "code,a,b\nx,1,abc\n",
            "code,a,b\nx,,2\n",
            "code,a,b\nx,nan,2\n",
            "code,a,b\nx,1e400,2\n",
            "code,a,b\nx,inf,2\n",
            "code,a,b\nx,1,2 3\n",
            "code,a,b\nx,\"1\"2,3\n",
            "code,a,b\nx,\"1,2\n",
            "code,a,b\nx,\"multi\nline\",2\ny,oops,3\n",
            "code,a,b\r\nx,1,2\r\ny,3,x\r\n",
            "code,\"a\"b,c\nx,1,2\n",
            "code,a,b\nx,1,2\nx,1,2,3,4,5\n",
            "code,a,b\nx,1,1,000\n",
            "code,a,b\nx,\"\",2\n",
            "code,a,b\nx,0x19,2\n",
            "code,a,b\nx,1,0x1.9p4\n",
            "code,a,b\nx,1,\tinfinity\n",
            "code,a,b\nx,NAN,2\n",
        ]
        for text in cases { Self.expectSame(text, Comment(rawValue: text.debugDescription)) }
    }

    /// Files of several MiB: rows, quotes and CRLF cross the 1 MiB buffer boundary, and a line
    /// number far into the file is still right.
    @Test func largeFilesCrossTheBufferBoundaries() {
        var rng = SplitMix64(seed: 7)
        let columns = 700
        var rows: [String] = ["code," + (1...columns).map { "\"c\($0)\"" }.joined(separator: ",")]
        for r in 0..<700 {
            let cells = (0..<columns).map { _ -> String in
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<6: return "0"
                case 6: return "\"\(Double.random(in: 0..<1000, using: &rng))\""
                default: return "\(Double.random(in: 0..<1e6, using: &rng))"
                }
            }
            rows.append("\"s\(r)\"," + cells.joined(separator: ","))
        }
        let good = rows.joined(separator: "\r\n") + "\r\n"
        #expect(good.utf8.count > 3 << 20)
        Self.expectSame(good, "valid")
        var bad = rows
        bad[650] = bad[650].replacingOccurrences(of: ",0,", with: ",0x,")
        Self.expectSame(bad.joined(separator: "\n"), "bad number near the end")
        bad = rows
        bad[400] += ",1"
        Self.expectSame(bad.joined(separator: "\n"), "ragged row")
        bad = rows
        bad[699] = "\"s699," + bad[699]
        Self.expectSame(bad.joined(separator: "\n"), "unclosed quote")
        // Read in two halves (splitAbove 1): errors in the first half, in the second, and a quoted
        // field with line feeds across the middle, where the split must not cut.
        bad = rows
        bad[100] = bad[100].replacingOccurrences(of: ",0,", with: ",0x,")
        bad[600] += ",1"
        Self.expectSame(bad.joined(separator: "\n"), "errors in both halves: the first one's")
        bad = rows
        bad[360] = bad[360].replacingOccurrences(of: ",0,", with: ",\"1\n2\",")
        Self.expectSame(bad.joined(separator: "\n"), "a line feed inside quotes near the middle")
        bad = rows
        for r in 300..<420 { bad[r] = "\"s\(r)\n\"" + bad[r].drop(while: { $0 != "," }) }
        Self.expectSame(bad.joined(separator: "\n"), "labels with line feeds around the middle")
        bad = rows
        bad[350] += "\n\n"
        bad[500] = bad[500].replacingOccurrences(of: ",0,", with: ",\u{FF},")
        Self.expectSame(bad.joined(separator: "\n"), "blank lines, then a non-number in the second half")
        let long = "code," + (1...60_000).map { "c\($0)" }.joined(separator: ",") + "\nx," + (1...60_000).map { _ in "12345678.912345678" }.joined(separator: ",") + "\n"
        #expect(long.utf8.count > 1 << 20)
        Self.expectSame(long, "one row longer than the buffer")
    }

    @Test func bundleReadsBackTheTableThatWroteIt() throws {
        let table = try SyntheticTable.make(sectors: 120, density: 0.3, seed: 3)
        let dir = Fixtures.temporaryDirectory("bundle-roundtrip") + "/t"
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        try table.write(bundle: dir)
        let read = try IOTable(bundle: dir)
        #expect(read == table)
    }

    /// Square blocks from 512 rows split their tile rows between two threads (RowMajor.parallelOrder).
    @Test func inPlaceTransposeIsATranspose() {
        for (rows, columns) in [(1, 1), (1, 5), (5, 1), (3, 7), (7, 3), (33, 33), (70, 70), (64, 65),
                                 (512, 512), (600, 600), (1001, 1001)] {
            var values = (0..<(rows * columns)).map(Double.init)
            RowMajor.transpose(&values, rows: rows, columns: columns)
            let m = Matrix(rows: rows, columns: columns, columnMajor: values)
            var ok = true
            for r in 0..<rows { for c in 0..<columns where m[r, c] != Double(r * columns + c) { ok = false } }
            #expect(ok, "\(rows) × \(columns)")
        }
    }
}
