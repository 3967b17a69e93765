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
    /// Dynamic Monte Carlo runs: percentiles of total output per day over the draws.
    public var timeseriesBands: Table?
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
        try Self.checkNesting(data, path: runPath)
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? error.localizedDescription
            throw InputError(file: runPath, "not valid JSON (\(detail))", hint: "re-run the scenario to rewrite run.json")
        }
        guard let object = parsed as? [String: Any] else {
            throw InputError(file: runPath, "run.json must hold a JSON object", hint: "re-run the scenario to rewrite run.json")
        }
        try Self.checkNumbers(object, path: runPath)
        run = object
        impacts = try Table(path: path + "/impacts.csv")
        let columns = object["price_model"] == nil ? ["code", "name", "output_change"] : ["code", "name", "price_index", "price_change_pct"]
        for name in columns where !impacts.has(name) {
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
        timeseriesBands = try optional("timeseries_bands.csv")
        groups = try optional("impacts_by_group.csv")
        sweep = try optional("sweep.csv")
        stockouts = try optional("stockouts.csv")
    }

    // MARK: Checking run.json

    /// The deepest nesting of arrays and objects run.json may have (ioshock writes 4 levels).
    public static let maximumNesting = 128

    /// Refuses JSON nested deeper than `maximumNesting`, with the line and column where it goes
    /// too deep, before any parser recurses into it.
    /// - Complexity: O(bytes), no recursion.
    static func checkNesting(_ data: Data, path: String) throws(InputError) {
        var depth = 0, line = 1, column = 0
        var inString = false, escaped = false
        for byte in data {
            column += 1
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                if byte == UInt8(ascii: "\n") { line += 1; column = 0 }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumNesting {
                    throw InputError(file: path, line: line, column: column, "arrays and objects are nested more than \(maximumNesting) deep",
                                     hint: "ioshock writes run.json 4 levels deep; re-run the scenario to rewrite it")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: "\n"): line += 1; column = 0
            default: break
            }
        }
    }

    /// What a number of run.json may be.
    enum NumberRule {
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// A finite number in the range.
        case number(ClosedRange<Double>)
    }

    /// The numbers of run.json that the report uses, with their valid ranges (docs/scenarios.md
    /// and docs/report.md). `[]` stands for every element of an array. Any other number must be
    /// finite.
    static let numberRules: [(keys: [String], rule: NumberRule)] = [
        (["table", "year"], .integer(1...9999)),
        (["period_days"], .number(Double.leastNonzeroMagnitude...3650)),
        (["shocks", "[]", "start_day"], .number(0...Double.greatestFiniteMagnitude)),
        (["shocks", "[]", "duration_days"], .number(Double.leastNonzeroMagnitude...3650)),
        (["shocks", "[]", "line"], .integer(1...Int.max)),
        (["diagnostics", "iterations"], .integer(0...Int.max)),
        (["goods_translation", "[]", "cut"], .number(0...1)),
        (["goods_translation", "[]", "goods_cut"], .number(0...1)),
        (["goods_translation", "[]", "goods_value"], .number(0...Double.greatestFiniteMagnitude)),
        (["goods_translation", "[]", "goods_values", "[]"], .number(0...Double.greatestFiniteMagnitude)),
        (["goods_translation", "[]", "product_value"], .number(0...Double.greatestFiniteMagnitude)),
        (["goods_translation", "[]", "line"], .integer(1...Int.max)),
        (["uncertainty", "draws"], .integer(1...Int.max)),
        (["uncertainty", "seed"], .number(0...Double(UInt64.max))),
        (["uncertainty", "evaluations"], .integer(1...Int.max)),
        (["uncertainty", "bootstrap"], .integer(0...Int.max)),
        (["uncertainty", "parameters", "[]", "line"], .integer(1...Int.max)),
        (["uncertainty", "parameters", "[]", "column"], .integer(1...Int.max)),
    ]

    /// Checks every number of run.json: finite everywhere, and inside its range for the keys of
    /// `numberRules`; an error names the file and the key (`shocks[1].start_day`).
    static func checkNumbers(_ object: [String: Any], path: String) throws(InputError) {
        func walk(_ value: Any, _ keys: [String], _ name: String) throws(InputError) {
            if let dictionary = value as? [String: Any] {
                for key in dictionary.keys.sorted() { try walk(dictionary[key]!, keys + [key], name.isEmpty ? key : "\(name).\(key)") }
            } else if let array = value as? [Any] {
                for (k, item) in array.enumerated() { try walk(item, keys + ["[]"], "\(name)[\(k + 1)]") }
            } else if type(of: value) != Bool.self, let number = value as? NSNumber {
                let v = number.doubleValue
                let rule = numberRules.first { $0.keys == keys }?.rule
                switch rule {
                case let .integer(range)?:
                    guard CheckedInteger.int(v, in: range) != nil else {
                        throw InputError(file: path, "\(name) must be a whole number \(CheckedInteger.describe(range)), found \(v)", hint: "re-run the scenario to rewrite run.json")
                    }
                case let .number(range)?:
                    guard v.isFinite, range.contains(v) else {
                        let text = range.upperBound == Double.greatestFiniteMagnitude ? "\(CheckedInteger.wholeText(range.lowerBound)) or more"
                            : range.lowerBound == Double.leastNonzeroMagnitude ? "above 0 and at most \(CheckedInteger.wholeText(range.upperBound))"
                            : "between \(CheckedInteger.wholeText(range.lowerBound)) and \(CheckedInteger.wholeText(range.upperBound))"
                        throw InputError(file: path, "\(name) must be a finite number \(text), found \(v)", hint: "re-run the scenario to rewrite run.json")
                    }
                case nil:
                    guard v.isFinite else { throw InputError(file: path, "\(name) must be a finite number, found \(v)", hint: "re-run the scenario to rewrite run.json") }
                }
            }
        }
        try walk(object, [], "")
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
