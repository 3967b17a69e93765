import Foundation
import IOTables
@testable import Reports
import Scenarios
import Testing
import TestSupport
import ZIPFoundation

/// impacts.xlsx: the parts of the workbook, text cells for codes, numbers as numbers; and, where
/// Python's openpyxl is installed, the workbook as a spreadsheet program reads it.
@Suite("Spreadsheet (impacts.xlsx)")
struct SpreadsheetTests {
    static func parts(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }

    @Test func workbookPartsCodesAsTextNumbersAsNumbers() throws {
        var table = ResultTable(columns: ["code", "name", "output_change"])
        table.append([.text("05-09"), .text("Mining & <quarrying>"), .number(-1234.5, digits: 1)])
        table.append([.text("01"), .text(" padded "), .number(.nan, digits: 1)])
        var other = ResultTable(columns: ["quantity", "change"])
        other.append([.text("output"), .number(3e-7, digits: 3)])
        let data = try XLSXWriter.workbook([("impacts", table), ("a/very:long*name[that]is?over thirty-one", other)])
        let parts = try Self.parts(data)
        #expect(Set(parts.keys) == ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                    "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<c r=\"A2\" t=\"inlineStr\"><is><t>05-09</t></is></c>"))
        #expect(sheet.contains("<c r=\"A3\" t=\"inlineStr\"><is><t>01</t></is></c>"))
        #expect(sheet.contains("<c r=\"B2\" t=\"inlineStr\"><is><t>Mining &amp; &lt;quarrying&gt;</t></is></c>"))
        #expect(sheet.contains("<t xml:space=\"preserve\"> padded </t>"))
        #expect(sheet.contains("<c r=\"C2\"><v>-1234.5</v></c>"))
        #expect(!sheet.contains("C3"))   // a non-finite number is an empty cell
        #expect(sheet.contains("<c r=\"A1\" t=\"inlineStr\" s=\"1\"><is><t>code</t></is></c>"))
        #expect(sheet.contains("state=\"frozen\""))
        let workbook = try #require(parts["xl/workbook.xml"])
        #expect(workbook.contains("<sheet name=\"impacts\" sheetId=\"1\" r:id=\"rId1\"/>"))
        #expect(workbook.contains("<sheet name=\"a_very_long_name_that_is_over t\" sheetId=\"2\" r:id=\"rId2\"/>"))
        #expect(try #require(parts["xl/worksheets/sheet2.xml"]).contains("<v>3e-07</v>") || parts["xl/worksheets/sheet2.xml"]!.contains("<v>3.0e-07</v>"))
        #expect(try #require(parts["[Content_Types].xml"]).contains("/xl/worksheets/sheet2.xml"))
        // The same tables give the same bytes (fixed entry dates).
        #expect(try XLSXWriter.workbook([("impacts", table), ("a/very:long*name[that]is?over thirty-one", other)]) == data)
    }

    /// Numbers as Markdown and the column widths show them: fixed decimals (C's %.*f, which
    /// rounds the binary value half to even: 1234.5 → 1234, 0.125 → 0.12), commas every three
    /// integer digits, no sign on a value that rounds to zero.
    @Test(arguments: [
        (1_234_567.891, 1, "1,234,567.9"), (-1234.5, 0, "-1,234"), (999.96, 1, "1,000.0"), (-0.04, 1, "0.0"),
        (0.125, 2, "0.12"), (12, 3, "12.000"), (100, 0, "100"), (1000, 0, "1,000"), (-123_456, 1, "-123,456.0"),
        (1e20, 0, "100,000,000,000,000,000,000"), (Double.infinity, 1, "inf"), (-Double.infinity, 1, "-inf"), (Double.nan, 1, "nan"),
    ])
    func groupedNumbers(value: Double, digits: Int, text: String) {
        #expect(ResultTable.Cell.grouped(value, digits: digits) == text)
        // The column widths count these bytes without building the text.
        #expect(ResultTable.Cell.groupedWidth(value, digits: digits) == text.utf8.count)
    }

    /// Text cells the byte-level sheet writer must not take its ASCII shortcut for, each with the
    /// XML written by hand from ECMA-376's inline strings: white space at either end (a
    /// no-break space or a tab counts) keeps `xml:space="preserve"`; non-ASCII text is written as
    /// UTF-8; `&<>"'` are escaped; a control character other than tab and newline (not allowed in
    /// XML 1.0) becomes a space; an empty text is no cell at all. Column widths: the longest text
    /// in characters (not bytes; a `|` counts twice, as Markdown's `\|`) plus 2, at most 60; a
    /// number's width is that of its grouped text.
    @Test func worksheetTextCellsAndWidths() {
        var table = ResultTable(columns: ["code", "v"])
        let texts = ["\u{00A0}lead", "Brüssel-Hoofdstad", "a|b", "", "x\u{01}y", "tab\t", "plain-ASCII_1", "O'Brien & <Co>"]
        for (r, text) in texts.enumerated() { table.append([.text(text), .number(r == 0 ? -1_234_567.5 : Double(r), digits: 1)]) }
        let sheet = XLSXWriter.worksheet(table)
        // "Brüssel-Hoofdstad" is 17 characters (18 bytes): 19. "-1,234,567.5" is 12: 14.
        #expect(sheet.contains("<cols><col min=\"1\" max=\"1\" width=\"19\" customWidth=\"1\"/><col min=\"2\" max=\"2\" width=\"14\" customWidth=\"1\"/></cols>"))
        #expect(sheet.contains("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\u{00A0}lead</t></is></c><c r=\"B2\"><v>-1234567.5</v></c></row>"))
        #expect(sheet.contains("<c r=\"A3\" t=\"inlineStr\"><is><t>Brüssel-Hoofdstad</t></is></c>"))
        #expect(sheet.contains("<c r=\"A4\" t=\"inlineStr\"><is><t>a|b</t></is></c>"))
        #expect(sheet.contains("<row r=\"5\"><c r=\"B5\"><v>3</v></c></row>"))   // whole numbers as integers (CSVWriter.number)
        #expect(sheet.contains("<c r=\"A6\" t=\"inlineStr\"><is><t>x y</t></is></c>"))
        #expect(sheet.contains("<c r=\"A7\" t=\"inlineStr\"><is><t xml:space=\"preserve\">tab\t</t></is></c>"))
        #expect(sheet.contains("<c r=\"A8\" t=\"inlineStr\"><is><t>plain-ASCII_1</t></is></c>"))
        #expect(sheet.contains("<c r=\"A9\" t=\"inlineStr\"><is><t>O&#39;Brien &amp; &lt;Co&gt;</t></is></c>"))
        #expect(sheet.hasSuffix("</row></sheetData></worksheet>"))
        // A long text is capped at 60.
        var wide = ResultTable(columns: ["name"])
        wide.append([.text(String(repeating: "w", count: 80))])
        #expect(XLSXWriter.worksheet(wide).contains("<col min=\"1\" max=\"1\" width=\"60\" customWidth=\"1\"/>"))
    }

    /// A table longer than a sheet can hold keeps its first rows and ends with a row that says how
    /// many more the CSV file has (a limit of 5 rows: header, 3 data rows, the note); one that
    /// fits exactly (header and 4 rows) is written whole.
    @Test func tablesLongerThanASheetSayWhatIsLeftOut() {
        func table(_ rows: Int) -> ResultTable {
            var t = ResultTable(columns: ["code", "value"])
            for r in 0..<rows { t.append([.text("c\(r)"), .number(Double(r), digits: 0)]) }
            return t
        }
        let long = XLSXWriter.worksheet(table(7), maximumRows: 5)
        #expect(long.contains("<row r=\"4\">") && long.contains("c2") && !long.contains(">c3<"))
        #expect(long.contains("<row r=\"5\">") && long.contains("4 more rows: a sheet holds at most 5 rows") && !long.contains("<row r=\"6\">"))
        let fits = XLSXWriter.worksheet(table(4), maximumRows: 5)
        #expect(fits.contains(">c3<") && fits.contains("<row r=\"5\">") && !fits.contains("more rows"))
        #expect(XLSXWriter.maximumRows == 1_048_576)
    }

    @Test func sheetNamesAreValidAndUnique() {
        #expect(XLSXWriter.sheetNames(["impacts", "Impacts", "", String(repeating: "x", count: 40), String(repeating: "x", count: 40)])
                == ["impacts", "Impacts-2", "sheet", String(repeating: "x", count: 31), String(repeating: "x", count: 29) + "-2"])
        #expect(XLSXWriter.column(0) == "A" && XLSXWriter.column(25) == "Z" && XLSXWriter.column(26) == "AA" && XLSXWriter.column(701) == "ZZ" && XLSXWriter.column(702) == "AAA")
    }

    /// Whether `python3 -c "import openpyxl"` works here.
    static let hasOpenpyxl: Bool = (try? Fixtures.runProgram("/usr/bin/env", ["python3", "-c", "import openpyxl"]).status) == 0

    /// The headline run's impacts.xlsx read by openpyxl: one sheet per CSV, every code a string
    /// equal to impacts.csv's, every number a number equal to the CSV's.
    @Test(.enabled(if: hasOpenpyxl, "needs Python's openpyxl (pip install openpyxl)"))
    func openpyxlReadsTheRunsWorkbook() throws {
        let dir = Fixtures.temporaryDirectory() + "/run"
        let scenario = try Scenario(path: Fixtures.repositoryPath("scenarios/chemicals-non-eu-50.toml"))
        try ImpactReport(result: try ScenarioRunner.run(scenario)).write(to: dir)
        let script = """
        import csv, sys, openpyxl
        d = sys.argv[1]
        wb = openpyxl.load_workbook(d + "/impacts.xlsx")
        assert wb.sheetnames == ["impacts", "impacts_by_section", "totals"], wb.sheetnames
        for name in wb.sheetnames:
            rows = list(csv.reader(open(d + "/" + name + ".csv", newline="")))
            cells = list(wb[name].iter_rows(values_only=True))
            assert len(cells) == len(rows), (name, len(cells), len(rows))
            assert list(cells[0]) == rows[0], name
            header = rows[0]
            for got, want in zip(cells[1:], rows[1:]):
                for k, (g, w) in enumerate(zip(got, want)):
                    if header[k] in ("code", "name", "section", "quantity", "binding", "chain"):
                        # an empty text cell (a sector at baseline has no binding or chain) reads as None
                        assert (g is None and w == "") or (isinstance(g, str) and g == w), (name, header[k], g, w)
                    else:
                        assert isinstance(g, (int, float)) and not isinstance(g, bool) and g == float(w), (name, header[k], g, w)
        codes = [r[0] for r in list(wb["impacts"].iter_rows(values_only=True))[1:]]
        assert "01" in codes and "05-09" in codes and all(isinstance(c, str) for c in codes), codes[:5]
        print("ok", len(codes))
        """
        let run = try Fixtures.runProgram("/usr/bin/env", ["python3", "-c", script, dir])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("ok 64"))
    }
}
