import Foundation
@testable import IOTables
import TestSupport
import Testing

/// Inputs that used to crash or to be refused without a position: nesting deep enough to overflow
/// the stack of a recursive reader, and bytes that are not UTF-8 (issue 10, sections 3 and 7).
@Suite("Reader limits: nesting depth and invalid UTF-8")
struct ReaderLimitsTests {
    static let limit = TOMLDocument.maximumNesting

    func refusal(_ text: String) -> InputError? {
        do { _ = try TOMLDocument(path: "deep.toml", text: text); return nil } catch { return error }
    }

    // MARK: Nesting

    /// `a = [[…]]`: the key is level 1 and the k-th "[" level 1 + k, at column 4 + k
    /// ("a = " fills columns 1–4). So 127 brackets are the deepest allowed, and with 8,000 the
    /// 128th bracket (column 132) is where the limit is crossed.
    @Test func deepArraysAreRefusedWhereTheLimitIsCrossed() throws {
        let ok = "a = " + String(repeating: "[", count: Self.limit - 1) + String(repeating: "]", count: Self.limit - 1) + "\n"
        var node = try #require(try TOMLDocument(path: "ok.toml", text: ok).root["a"])
        var depth = 0
        while case .array(let items) = node.value, let first = items.first { depth += 1; node = first }
        #expect(depth == Self.limit - 2)  // the innermost array is empty
        if case .array(let items) = node.value { #expect(items.isEmpty) } else { Issue.record("innermost is not an array") }

        for count in [Self.limit, 8_000] {
            let text = "a = " + String(repeating: "[", count: count) + String(repeating: "]", count: count) + "\n"
            let error = try #require(refusal(text))
            #expect(error.line == 1 && error.column == 4 + Self.limit, "\(error)")
            #expect(error.message.contains("nested more than \(Self.limit) levels"))
        }
    }

    /// `a = {b = {b = …}}`: after the j-th "{" the depth is 2j, and its key b is level 2j + 1,
    /// so the key after the 64th "{" is level 129. "a = " is 4 columns and each "{b = " 5, so the
    /// j-th "{" is at column 5 + 5(j − 1) and that key at column 5j + 1 = 321.
    @Test func deepInlineTablesAreRefused() throws {
        let text = "a = " + String(repeating: "{b = ", count: 8_000) + "1" + String(repeating: "}", count: 8_000) + "\n"
        let error = try #require(refusal(text))
        #expect(error.line == 1 && error.column == 321, "\(error)")
        #expect(error.message.contains("nested more than"))
    }

    /// Mixed arrays and inline tables: `x = [{a = [{a = …`: "[" is level 2, "{" 3, key a 4, …;
    /// each "[{a = " (6 columns) adds 3 levels, the k-th "[" at column 5 + 6(k − 1) being level 3k − 1.
    /// Level 129 is the "{" of k = 43 (3·43 = 129), at column 5 + 6·42 + 1 = 258.
    @Test func mixedNestingIsRefused() throws {
        let text = "x = " + String(repeating: "[{a = ", count: 8_000) + "1"
        let error = try #require(refusal(text))
        #expect(error.line == 1 && error.column == 258, "\(error)")
    }

    /// `a.a.a… = 1` and `[a.a.a…]`: the k-th part is level k, at column 2k − 1 (key) or 2k (header,
    /// after "["), so part 129 is at column 257 or 258. A header's depth carries over to its keys.
    @Test func longDottedKeysAndHeadersAreRefused() throws {
        let parts = Array(repeating: "a", count: 8_000).joined(separator: ".")
        let key = try #require(refusal("x = 1\n" + parts + " = 1\n"))
        #expect(key.line == 2 && key.column == 257, "\(key)")
        let header = try #require(refusal("[" + parts + "]\n"))
        #expect(header.line == 1 && header.column == 258, "\(header)")
        // 127 header parts and a 1-part key: 128 levels, allowed; a 2-part key would be 129.
        let deepHeader = "[" + Array(repeating: "t", count: Self.limit - 1).joined(separator: ".") + "]\n"
        _ = try TOMLDocument(path: "ok.toml", text: deepHeader + "k = 1\n")
        let error = try #require(refusal(deepHeader + "k.j = 1\n"))
        #expect(error.line == 2 && error.column == 3, "\(error)")
    }

    /// The same limit protects a bundle's table.toml: the error names that file and position.
    @Test func deepTableTOMLInABundleIsRefused() throws {
        let source = Fixtures.repositoryPath("matrices/germany-1995")
        let dir = Fixtures.temporaryDirectory() + "/bundle"
        try FileManager.default.copyItem(atPath: source, toPath: dir)
        let tablePath = dir + "/table.toml"
        let original = try String(contentsOfFile: tablePath, encoding: .utf8)
        let deep = "notes = " + String(repeating: "[", count: 8_000) + String(repeating: "]", count: 8_000) + "\n"
        // At the top of the file, so that the key is a root key whatever tables the file has.
        try (deep + original).write(toFile: tablePath, atomically: true, encoding: .utf8)
        do {
            _ = try IOTable(bundle: dir)
            Issue.record("a table.toml nested 8,000 deep was accepted")
        } catch {
            #expect(error.file.hasSuffix("table.toml"), "\(error)")
            // "notes = " is 8 columns; the 128th "[" (level 129) is at column 8 + 128.
            #expect(error.line == 1 && error.column == 8 + Self.limit, "\(error)")
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    // MARK: Invalid UTF-8 in TOML

    func tomlRefusal(_ bytes: [UInt8]) -> InputError? {
        do { _ = try TOMLDocument(path: "bad.toml", bytes: bytes); return nil } catch { return error }
    }

    /// `x = 1\n` is 6 bytes; on line 2 `a = "é` is 6 characters and 7 bytes (é is C3 A9), so the
    /// bad byte that follows is at offset 13, line 2, column 7.
    @Test(arguments: [
        ([0xFF], "0xFF"),                     // never valid
        ([0xC0, 0x80], "0xC0"),               // overlong NUL
        ([0xED, 0xA0, 0x80], "0xED"),         // a UTF-16 surrogate, U+D800
        ([0xF4, 0x90, 0x80, 0x80], "0xF4"),   // above U+10FFFF
        ([0xE2, 0x82, 0x22], "0xE2"),         // truncated: the closing quote comes too early
        ([0x80], "0x80"),                     // a continuation byte with no lead
    ] as [([UInt8], String)])
    func tomlInvalidUTF8IsLocated(bad: [UInt8], shown: String) throws {
        let bytes = Array("x = 1\na = \"é".utf8) + bad + Array("\"\n".utf8)
        let error = try #require(tomlRefusal(bytes))
        #expect(error.line == 2 && error.column == 7, "\(error)")
        #expect(error.message.contains("byte \(shown) at byte offset 13"), "\(error)")
        #expect(error.message.contains("not valid UTF-8"))
    }

    @Test func tomlValidUTF8AndABOMAreRead() throws {
        // A byte-order mark, a 4-byte scalar (U+1F600) and the largest scalar U+10FFFF.
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a = \"".utf8) + [0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF] + Array("\"\n".utf8)
        let document = try TOMLDocument(path: "ok.toml", bytes: bytes)
        guard case .string(let s)? = document.root["a"]?.value else { Issue.record("a"); return }
        #expect(Array(s.unicodeScalars.map(\.value)) == [0x1F600, 0x10FFFF])
        // After a BOM, the bad byte's column counts from the first character of the text.
        let error = try #require(tomlRefusal([0xEF, 0xBB, 0xBF] + Array("ab".utf8) + [0xFE]))
        #expect(error.line == 1 && error.column == 3 && error.message.contains("offset 5"), "\(error)")
    }

    @Test func tomlFileWithInvalidUTF8NamesTheFile() throws {
        let dir = Fixtures.temporaryDirectory()
        let path = dir + "/s.toml"
        FileManager.default.createFile(atPath: path, contents: Data(Array("title = \"x\"\n# caf".utf8) + [0xE9] + Array("\n".utf8)))
        #expect {
            try TOMLDocument(path: path)
        } throws: { error in
            // "# caf" is 5 characters: the Latin-1 é (E9) is column 6 of line 2, byte 12 + 5 = 17.
            let e = error as! InputError
            return e.file == path && e.line == 2 && e.column == 6 && e.message.contains("0xE9 at byte offset 17")
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    // MARK: Invalid UTF-8 in CSV

    /// `code,name\n` is 10 bytes; `01,"Cr` 6 more, so the bad byte is at offset 16, line 2,
    /// field 2, character 7.
    @Test func csvInvalidUTF8GivesLineFieldAndOffset() throws {
        let bytes = Array("code,name\n01,\"Cr".utf8) + [0xFF] + Array("ops\"\n".utf8)
        #expect {
            try CSVFile(path: "s.csv", bytes: bytes)
        } throws: { error in
            let e = error as! InputError
            return e.line == 2 && e.column == 2 && e.message.contains("0xFF at byte offset 16") && e.message.contains("character 7 of line 2")
        }
        // Inside a quoted field over two lines: the physical line of the byte, the field it is in
        // (the comma inside the quotes does not count). `a,b\n` 4 bytes, `1,"x,\n` 6, `y` 1 → offset 11.
        let multiline = Array("a,b\n1,\"x,\ny".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        #expect {
            try CSVFile(path: "m.csv", bytes: multiline)
        } throws: { error in
            let e = error as! InputError
            return e.line == 3 && e.column == 2 && e.message.contains("0xC3 at byte offset 11") && e.message.contains("character 2 of line 3")
        }
        // Valid UTF-8 passes and reads back.
        let ok = try CSVFile(path: "ok.csv", bytes: Array("code,name\n01,Café ☕\n".utf8))
        #expect(ok.strings(row: 1) == ["01", "Café ☕"])
    }

    func gridRefusal(_ bytes: [UInt8]) throws -> InputError? {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/Z.csv"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        do {
            _ = try CSVNumericGrid(path: path, expectedRows: 0, emptyHint: "") { _, _ throws(InputError) in }
            return nil
        } catch {
            #expect(error.file == path)
            return error
        }
    }

    @Test func gridInvalidUTF8GivesLineFieldAndOffset() throws {
        // In the header: `code,0` is 6 bytes, so the lone C3 at offset 6 is line 1, field 2.
        let header = try #require(try gridRefusal(Array("code,0".utf8) + [0xC3] + Array(",b\n01,1,2\n".utf8)))
        #expect(header.line == 1 && header.column == 2 && header.message.contains("0xC3 at byte offset 6"), "\(header)")
        // In a numeric cell: reported as bad UTF-8, not as "not a number". Offset 7 + 3 + 1 = 11.
        let cell = try #require(try gridRefusal(Array("code,a\n01,1".utf8) + [0xA0] + Array("\n".utf8)))
        #expect(cell.line == 2 && cell.column == 2 && cell.message.contains("0xA0 at byte offset 11"), "\(cell)")
    }

    /// Beyond the first 1 MiB buffer, the offset still counts from the start of the file: the
    /// header (7 bytes) and 400,000 rows of `r,1\n` (4 bytes) put the bad byte of line 400,002 at
    /// 7 + 1,600,000 + 2 = 1,600,009.
    @Test func gridOffsetCountsAcrossBuffers() throws {
        var bytes = Array("code,a\n".utf8)
        bytes.reserveCapacity(1_700_000)
        for _ in 0..<400_000 { bytes += Array("r,1\n".utf8) }
        bytes += Array("r,".utf8) + [0xFF] + Array("\n".utf8)
        let error = try #require(try gridRefusal(bytes))
        #expect(error.line == 400_002 && error.column == 2 && error.message.contains("offset 1600009"), "\(error)")
    }

    @Test func utf8ValidatorAgreesWithTheStandardLibrary() {
        // Every 1-, 2- and 3-byte sequence drawn from interesting bytes, judged by Swift's own decoder.
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var checked = 0
        for a in interesting {
            for b in interesting {
                for c in interesting {
                    for bytes in [[a], [a, b], [a, b, c], [a, b, c, 0x80], [0xF0, a, b, c]] {
                        let swiftValid = String(validating: bytes, as: UTF8.self) != nil
                        #expect((InvalidUTF8.firstInvalidOffset(in: bytes) == nil) == swiftValid, "\(bytes)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 5 * interesting.count * interesting.count * interesting.count)
    }
}
