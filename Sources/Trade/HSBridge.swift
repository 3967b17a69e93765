import IOTables

/// The bridge from HS6 goods to the product codes of an IO table, through a correspondence file
/// `hs6,cpa` (one row per HS6 code; other columns are ignored).
///
/// - HS6 codes may be written with or without their leading zeros and with dots (`010121`,
///   `10121`, `0101.21` are the same good).
/// - CPA 2.1 codes may have any depth (`20`, `20.1`, `20.13`, `20.13.2`, `20.13.21`), with or
///   without a section letter (`C20.13`) or a `CPA_` prefix.
/// - A CPA code maps onto the table's product code that holds it: the longest table code that
///   is a prefix of it (`20` or `20.1` for `20.13.21`), else the range of divisions that
///   contains its division (`05-09` for `07.10`, `10-12` for `11.07`), else a table code that is
///   the division with a suffix (`68_`) when only one such code exists. A good whose code
///   matches none, or two codes equally well, is unmapped, with the reason.
public struct HSBridge: Sendable {
    /// Why a good has no table product.
    public enum Unmapped: Error, Sendable, Equatable {
        case notInCorrespondence
        case noTableProduct(cpa: String)
        case ambiguous(cpa: String, candidates: [String])

        public var reason: String {
            switch self {
            case .notInCorrespondence: return "not in the correspondence file"
            case let .noTableProduct(cpa): return "CPA \(cpa) falls in no product of the table"
            case let .ambiguous(cpa, candidates): return "CPA \(cpa) could be any of \(candidates.joined(separator: ", "))"
            }
        }
    }

    public let path: String
    /// HS6 (six digits) → CPA code as written in the correspondence.
    public private(set) var cpaOfGood: [String: String] = [:]
    /// HS6 → the line of its row, for messages.
    public private(set) var lineOfGood: [String: Int] = [:]
    let tableCodes: [String]

    public init(correspondence path: String, tableCodes: [String]) throws(InputError) {
        self.path = path
        self.tableCodes = tableCodes
        let csv = try CSVFile(path: path)
        guard !csv.rows.isEmpty else { throw InputError(file: path, "the file is empty", hint: "give a CSV with the header hs6,cpa and one row per HS6 code") }
        let header = csv.strings(row: 0).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let hsColumn = header.firstIndex(of: "hs6"), let cpaColumn = header.firstIndex(of: "cpa") else {
            throw InputError(file: path, line: csv.rows[0].line, column: 1, "the header \"\(header.joined(separator: ","))\" has no hs6 and cpa columns",
                             hint: "the correspondence is a CSV with the header hs6,cpa, e.g. 850511,27.11.62")
        }
        for r in 1..<csv.rows.count {
            let row = csv.rows[r]
            guard row.count > max(hsColumn, cpaColumn) else {
                throw InputError(file: path, line: row.line, column: row.count + 1, "row has \(row.count) fields, the header \(header.count)", hint: "each row is hs6,cpa")
            }
            let hsText = csv.string(row: r, field: hsColumn)
            guard let hs6 = Self.hs6(hsText) else {
                throw InputError(file: path, line: row.line, column: hsColumn + 1, "\"\(hsText)\" is not an HS6 code",
                                 hint: "write six digits (leading zeros may be dropped), e.g. 850511 or 010121")
            }
            let cpaText = csv.string(row: r, field: cpaColumn).trimmingCharacters(in: .whitespaces)
            guard Self.cpaDigits(cpaText) != nil else {
                throw InputError(file: path, line: row.line, column: cpaColumn + 1, "\"\(cpaText)\" is not a CPA 2.1 code",
                                 hint: "write a CPA code of any depth starting with its two-digit division, e.g. 20, 20.13 or 20.13.21")
            }
            if let earlier = cpaOfGood[hs6], earlier != cpaText {
                throw InputError(file: path, line: row.line, column: hsColumn + 1, "HS6 \(hs6) is mapped to \(earlier) on line \(lineOfGood[hs6]!) and to \(cpaText) here",
                                 hint: "keep one CPA code per HS6 good (the product it mostly belongs to)")
            }
            cpaOfGood[hs6] = cpaText
            lineOfGood[hs6] = row.line
        }
    }

    /// Six digits, or nil: `10121` → `010121`, `0101.21` → `010121`.
    public static func hs6(_ text: String) -> String? {
        let digits = text.trimmingCharacters(in: .whitespaces).filter { $0 != "." && $0 != " " }
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// The digits of a CPA code (`C20.13.21` → `201321`), or nil when it does not start with a
    /// two-digit division.
    static func cpaDigits(_ code: String) -> String? {
        var s = Substring(code.trimmingCharacters(in: .whitespaces))
        if s.uppercased().hasPrefix("CPA_") { s = s.dropFirst(4) }
        if let first = s.first, first.isLetter, s.dropFirst().first?.isNumber == true { s = s.dropFirst() }
        let digits = s.filter { $0 != "." }
        guard digits.count >= 2, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(digits)
    }

    /// The table product (index into the table codes) of a CPA code, or why there is none.
    public func product(ofCPA cpa: String) -> Result<Int, Unmapped> {
        guard let digits = Self.cpaDigits(cpa) else { return .failure(.noTableProduct(cpa: cpa)) }
        let division = Int(digits.prefix(2))!
        var prefixMatches: [(Int, Int)] = []  // (index, length)
        var rangeMatches: [Int] = []
        var suffixMatches: [Int] = []
        for (k, raw) in tableCodes.enumerated() {
            var code = Substring(raw.trimmingCharacters(in: .whitespaces))
            if code.uppercased().hasPrefix("CPA_") { code = code.dropFirst(4) }
            if let first = code.first, first.isLetter, code.dropFirst().first?.isNumber == true { code = code.dropFirst() }
            let parts = code.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), parts[0].count == 2, parts[1].count == 2 {
                if a <= division && division <= b { rangeMatches.append(k) }
                continue
            }
            let codeDigits = code.filter { $0 != "." }
            if codeDigits.count >= 2, codeDigits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                if digits.hasPrefix(codeDigits) { prefixMatches.append((k, codeDigits.count)) }
                continue
            }
            if code.count > 2, let d = Int(code.prefix(2)), code.prefix(2).allSatisfy(\.isNumber), d == division { suffixMatches.append(k) }
        }
        if let longest = prefixMatches.map(\.1).max() {
            let best = prefixMatches.filter { $0.1 == longest }.map(\.0)
            return best.count == 1 ? .success(best[0]) : .failure(.ambiguous(cpa: cpa, candidates: best.map { tableCodes[$0] }))
        }
        if !rangeMatches.isEmpty {
            return rangeMatches.count == 1 ? .success(rangeMatches[0]) : .failure(.ambiguous(cpa: cpa, candidates: rangeMatches.map { tableCodes[$0] }))
        }
        if !suffixMatches.isEmpty {
            return suffixMatches.count == 1 ? .success(suffixMatches[0]) : .failure(.ambiguous(cpa: cpa, candidates: suffixMatches.map { tableCodes[$0] }))
        }
        return .failure(.noTableProduct(cpa: cpa))
    }

    /// The table product of an HS6 good, or why there is none.
    public func product(ofGood hs6: String) -> Result<Int, Unmapped> {
        guard let cpa = cpaOfGood[hs6] else { return .failure(.notInCorrespondence) }
        return product(ofCPA: cpa)
    }
}
