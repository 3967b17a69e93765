import Foundation
import IOTables
import ZIPFoundation

/// Writes result tables as one Office Open XML workbook (`impacts.xlsx`, ECMA-376 SpreadsheetML):
/// one sheet per table, the header row in bold and frozen, text cells as inline strings (so codes
/// such as `05-09` and `01` stay text in Excel and LibreOffice) and numbers as numbers. The ZIP
/// container is written by ZIPFoundation (deflate); entries carry a fixed date so the same tables
/// give the same bytes.
public enum XLSXWriter {
    /// A sheet: its name (made valid for Excel: at most 31 characters, none of `[]:*?/\`, unique)
    /// and its table.
    public typealias Sheet = (name: String, table: ResultTable)

    public enum Failure: Error, CustomStringConvertible {
        case noSheets
        case zip(String)
        public var description: String {
            switch self {
            case .noSheets: return "a workbook needs at least one sheet"
            case let .zip(reason): return "cannot build the workbook: \(reason)"
            }
        }
    }

    /// The workbook's bytes.
    public static func workbook(_ sheets: [Sheet]) throws(Failure) -> Data {
        guard !sheets.isEmpty else { throw .noSheets }
        let names = sheetNames(sheets.map(\.name))
        var parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", contentTypes(count: sheets.count)),
            ("_rels/.rels", rootRelationships),
            ("docProps/app.xml", appProperties),
            ("xl/workbook.xml", workbookXML(names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(count: sheets.count)),
            ("xl/styles.xml", styles),
        ].map { ($0.0, Array($0.1.utf8)) }
        for (k, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(k + 1).xml", worksheetBytes(sheet.table))) }
        do {
            let archive = try Archive(accessMode: .create)
            let date = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01: a fixed entry date
            for (path, bytes) in parts {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                                     compressionMethod: .deflate) { position, size in
                    Data(bytes[Int(position)..<Int(position) + size])
                }
            }
            guard let bytes = archive.data else { throw Failure.zip("the in-memory archive has no data") }
            return bytes
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .zip("\(error)")
        }
    }

    /// Writes the workbook to a file, atomically (through `AtomicFile`, like every other output).
    public static func write(_ sheets: [Sheet], to path: String) throws {
        try write(Result { () throws(Failure) in try workbook(sheets) }, to: path)
    }

    /// Writes a workbook built beforehand (e.g. on another thread while other files were
    /// formatted), or reports why it could not be built.
    public static func write(_ built: Result<Data, Failure>, to path: String) throws {
        switch built {
        case let .success(data): try AtomicFile.write(data, to: path)
        case let .failure(failure): throw InputError(file: path, failure.description)
        }
    }

    // MARK: Parts

    /// Valid, unique sheet names: forbidden characters become `_`, names are cut to 31 characters.
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used = Set<String>()
        return wanted.map { name in
            var base = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 })
            if base.isEmpty { base = "sheet" }
            base = String(base.prefix(31))
            var candidate = base, k = 2
            while used.contains(candidate.lowercased()) {
                let suffix = "-\(k)"
                candidate = String(base.prefix(31 - suffix.count)) + suffix
                k += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// Column letters: 0 → A, 25 → Z, 26 → AA.
    static func column(_ k: Int) -> String {
        var k = k + 1, s = ""
        while k > 0 { let r = (k - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; k = (k - 1) / 26 }
        return s
    }

    /// Excel's and LibreOffice's limit: 1,048,576 rows a sheet, the header included.
    public static let maximumRows = 1_048_576

    /// The rows a sheet holds: all of them when they fit with the header under `maximumRows`;
    /// else the first `maximumRows` − 2 and a last row saying how many more the CSV file holds,
    /// so that no workbook is cut off without saying so.
    static func sheetRows(_ table: ResultTable, maximumRows: Int = maximumRows) -> [[ResultTable.Cell]] {
        guard table.rows.count > maximumRows - 1, !table.columns.isEmpty else { return table.rows }
        let kept = maximumRows - 2
        var note = [ResultTable.Cell](repeating: .text(""), count: table.columns.count)
        note[0] = .text("\(table.rows.count - kept) more rows: a sheet holds at most \(maximumRows) rows; the CSV file of this table has them all")
        return Array(table.rows.prefix(kept)) + [note]
    }

    /// A sheet's XML as text (for tests; the workbook uses `worksheetBytes`).
    static func worksheet(_ table: ResultTable, maximumRows: Int = maximumRows) -> String {
        String(decoding: worksheetBytes(table, maximumRows: maximumRows), as: UTF8.self)
    }

    /// A sheet's XML, built as bytes: a sheet of a daily run holds a million rows (137 MB of XML
    /// at FIGARO size), and appending bytes costs a fraction of appending strings. ASCII text
    /// takes byte-level paths; any other text goes through the `String` functions below, so the
    /// bytes are those of `textCell` and `width` in every case.
    static func worksheetBytes(_ table: ResultTable, maximumRows: Int = maximumRows) -> [UInt8] {
        let rows = sheetRows(table, maximumRows: maximumRows)
        var widths = table.columns.map { Double(width($0)) }
        for row in rows {
            for (k, cell) in row.enumerated() { widths[k] = max(widths[k], Double(prettyWidth(cell))) }
        }
        var s: [UInt8] = []
        s.reserveCapacity(256 + rows.count * (16 + 28 * table.columns.count))
        func put(_ text: String) { s.append(contentsOf: text.utf8) }
        put("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        put("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        put("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>")
        put("<cols>")
        for (k, w) in widths.enumerated() { put("<col min=\"\(k + 1)\" max=\"\(k + 1)\" width=\"\(Int(min(60, w + 2)))\" customWidth=\"1\"/>") }
        put("</cols><sheetData>")
        put("<row r=\"1\">")
        for (k, name) in table.columns.enumerated() { put(textCell("\(column(k))1", name, style: 1)) }
        put("</row>")
        let letters = table.columns.indices.map { Array(column($0).utf8) }
        let rowOpen = Array("<row r=\"".utf8), cellOpen = Array("<c r=\"".utf8)
        let textOpen = Array("\" t=\"inlineStr\"><is><t>".utf8), textClose = Array("</t></is></c>".utf8)
        let numberOpen = Array("\"><v>".utf8), numberClose = Array("</v></c>".utf8)
        for (r, row) in rows.enumerated() {
            let line = Array(String(r + 2).utf8)
            s += rowOpen; s += line; s.append(contentsOf: "\">".utf8)
            for (k, cell) in row.enumerated() {
                switch cell {
                case let .text(text):
                    if let body = plainASCII(text) {
                        s += cellOpen; s += letters[k]; s += line; s += textOpen
                        s.append(contentsOf: body)
                        s += textClose
                    } else {
                        put(textCell(String(decoding: letters[k] + line, as: UTF8.self), text, style: 0))
                    }
                case let .number(v, _):
                    if v.isFinite {
                        s += cellOpen; s += letters[k]; s += line; s += numberOpen
                        put(CSVWriter.number(v))
                        s += numberClose
                    }
                }
            }
            s.append(contentsOf: "</row>".utf8)
        }
        put("</sheetData></worksheet>")
        return s
    }

    /// The bytes of a non-empty ASCII text that needs neither escaping nor `xml:space`: no
    /// control character, none of `&<>"'`, no white space (U+0009…U+000D, U+0020) at either end.
    /// For such a text `textCell` writes the bytes as they are. Nil for any other text.
    @inline(__always)
    static func plainASCII(_ text: String) -> String.UTF8View? {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else { return nil }
        for b in bytes where b >= 0x80 || needsEscape(b) { return nil }
        return bytes
    }

    /// `width(cell.pretty)` without building the text of a number: the length of what
    /// `ResultTable.Cell.grouped` prints (all ASCII).
    static func prettyWidth(_ cell: ResultTable.Cell) -> Int {
        switch cell {
        case let .text(text): return text.utf8.contains(UInt8(ascii: "|")) ? width(cell.pretty) : width(text)
        case let .number(v, digits): return ResultTable.Cell.groupedWidth(v, digits: digits)
        }
    }

    /// The width of a cell's text in characters (`String.count`; the byte count when the text
    /// is ASCII without a carriage return, which is the same number without the grapheme scan).
    static func width(_ text: String) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != 13 } ? text.utf8.count : text.count
    }

    static func textCell(_ ref: String, _ text: String, style: Int) -> String {
        guard let first = text.first, let last = text.last else { return style == 0 ? "" : "<c r=\"\(ref)\" s=\"\(style)\"/>" }
        let preserve = first.isWhitespace || last.isWhitespace ? " xml:space=\"preserve\"" : ""
        var s = "<c r=\""
        s += ref
        s += style == 0 ? "\" t=\"inlineStr\"><is><t" : "\" t=\"inlineStr\" s=\"\(style)\"><is><t"
        s += preserve
        s += ">"
        s += xmlEscape(text)
        s += "</t></is></c>"
        return s
    }

    /// Escapes text for XML (the escaping of the HTML report, which also keeps out the control
    /// characters XML 1.0 does not allow).
    static func xmlEscape(_ text: String) -> String { htmlEscape(text) }

    static func contentTypes(count: Int) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        s += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        s += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        s += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        for k in 1...count {
            s += "<Override PartName=\"/xl/worksheets/sheet\(k).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return s + "</Types>"
    }

    static let rootRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>
    """

    static let appProperties = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>\(ToolInfo.name) \(ToolInfo.version)</Application></Properties>
    """

    static func workbookXML(_ names: [String]) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        s += "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        for (k, name) in names.enumerated() { s += "<sheet name=\"\(xmlEscape(name))\" sheetId=\"\(k + 1)\" r:id=\"rId\(k + 1)\"/>" }
        return s + "</sheets></workbook>"
    }

    static func workbookRelationships(count: Int) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for k in 1...count {
            s += "<Relationship Id=\"rId\(k)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(k).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return s + "</Relationships>"
    }

    /// Two cell formats: 0 the default, 1 bold (the header row).
    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
    """
}
