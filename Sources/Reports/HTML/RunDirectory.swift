import Foundation
import IOTables

/// The files of a run directory written by `ioshock run --out DIR`, read back for `ioshock report`.
/// `run.json` and `impacts.csv` are required; the others are shown when present.
public struct RunDirectory {
    /// A CSV file as a header and rows of text, with access by column name.
    public struct Table {
        public var path: String
        public var header: [String]
        public var rows: [[String]]
        /// The line of each row in the file, for messages.
        public var lines: [Int]

        public init(path: String) throws(InputError) {
            let csv = try CSVFile(path: path)
            guard !csv.rows.isEmpty else { throw InputError(file: path, "the file is empty", hint: "re-run `ioshock run … --out DIR`") }
            self.path = path
            header = csv.strings(row: 0)
            rows = (1..<csv.rows.count).map { csv.strings(row: $0) }
            lines = (1..<csv.rows.count).map { csv.rows[$0].line }
        }

        public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

        public func has(_ name: String) -> Bool { column(name) != nil }

        /// The text of a named cell ("" when the column is missing).
        public func text(_ row: Int, _ name: String) -> String {
            guard let k = column(name), k < rows[row].count else { return "" }
            return rows[row][k]
        }

        /// A named cell as a finite number; an error names the file, line and column.
        public func number(_ row: Int, _ name: String) throws(InputError) -> Double {
            guard let k = column(name) else {
                throw InputError(file: path, line: 1, "no column \"\(name)\"", hint: "the file was not written by this version of ioshock run; re-run the scenario")
            }
            let text = k < rows[row].count ? rows[row][k] : ""
            guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw InputError(file: path, line: lines[row], column: k + 1, "\"\(text)\" is not a number in column \(name)", hint: "re-run the scenario to rewrite the file")
            }
            return v
        }

        /// A named cell as a number, or nil when the cell is empty or the column missing.
        public func optionalNumber(_ row: Int, _ name: String) -> Double? {
            Double(text(row, name).trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
        }
    }

    public var path: String
    /// run.json, parsed.
    public var run: [String: Any]
    public var impacts: Table
    public var sections: Table?
    public var totals: Table?
    public var summary: Table?
    public var sensitivity: Table?
    /// Dynamic runs: one row per day and sector.
    public var timeseries: Table?
    /// Dynamic runs: the economy per day.
    public var dailyTotals: Table?
    /// impacts_by_group.csv (runs with groups).
    public var groups: Table?
    /// Dynamic runs: sweep.csv (the cost of a disruption of N days) and stockouts.csv.
    public var sweep: Table?
    public var stockouts: Table?

    /// Reads a run directory; a directory that is not a run is an error naming what is missing.
    public init(path: String) throws(InputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, "no such directory", hint: "give the directory written by `ioshock run <scenario> --out DIR`")
        }
        guard isDirectory.boolValue else {
            throw InputError(file: path, "not a directory", hint: "give the directory written by `ioshock run <scenario> --out DIR`, not a file in it")
        }
        let required = ["run.json", "impacts.csv"]
        let missing = required.filter { !FileManager.default.fileExists(atPath: path + "/" + $0) }
        if !missing.isEmpty {
            throw InputError(file: path, "not a run directory: \(missing.joined(separator: " and ")) \(missing.count == 1 ? "is" : "are") missing",
                             hint: "give the directory written by `ioshock run <scenario> --out DIR` (it holds run.json, impacts.csv, totals.csv …)")
        }
        self.path = path
        let runPath = path + "/run.json"
        guard let data = FileManager.default.contents(atPath: runPath) else { throw InputError(file: runPath, "cannot read the file") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw InputError(file: runPath, "not valid JSON (\(error.localizedDescription))", hint: "re-run the scenario to rewrite run.json")
        }
        guard let object = parsed as? [String: Any] else {
            throw InputError(file: runPath, "run.json must hold a JSON object", hint: "re-run the scenario to rewrite run.json")
        }
        run = object
        impacts = try Table(path: path + "/impacts.csv")
        for name in ["code", "name", "output_change"] where !impacts.has(name) {
            throw InputError(file: impacts.path, line: 1, "impacts.csv has no column \"\(name)\"", hint: "re-run the scenario to rewrite impacts.csv")
        }
        func optional(_ name: String) throws(InputError) -> Table? {
            FileManager.default.fileExists(atPath: path + "/" + name) ? try Table(path: path + "/" + name) : nil
        }
        sections = try optional("impacts_by_section.csv")
        totals = try optional("totals.csv")
        summary = try optional("impacts_summary.csv")
        sensitivity = try optional("sensitivity.csv")
        timeseries = try optional("timeseries.csv")
        dailyTotals = try optional("daily_totals.csv")
        groups = try optional("impacts_by_group.csv")
        sweep = try optional("sweep.csv")
        stockouts = try optional("stockouts.csv")
    }

    // MARK: run.json access

    /// The value at a path of object keys ("scenario", "title").
    public func json(_ keys: String...) -> Any? {
        var value: Any? = run
        for key in keys { value = (value as? [String: Any])?[key] }
        return value
    }

    public func string(_ keys: String...) -> String? {
        var value: Any? = run
        for key in keys { value = (value as? [String: Any])?[key] }
        return value as? String
    }

    public func number(_ keys: String...) -> Double? {
        var value: Any? = run
        for key in keys { value = (value as? [String: Any])?[key] }
        return (value as? NSNumber)?.doubleValue
    }
}
