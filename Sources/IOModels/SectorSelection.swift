import IOTables

/// Resolves sector codes named by a user (a command option, a scenario) to table indices.
public enum SectorSelection {
    /// The indices of `requested` codes in `codes`, in the order given.
    ///
    /// - Throws: `ModelError.invalidInput` for an empty list, an unknown code (with the closest
    ///   codes as a "did you mean"), or a code named twice. `context` says where the list came from
    ///   (e.g. "--sectors").
    public static func indices(of requested: [String], in codes: [String], context: String) throws(ModelError) -> [Int] {
        guard !requested.isEmpty else {
            throw .invalidInput("\(context): no sector codes given; name at least one of the table's \(codes.count) codes")
        }
        var lookup: [String: Int] = [:]
        for (k, code) in codes.enumerated() { lookup[code] = k }
        var seen = Set<Int>()
        var result: [Int] = []
        for code in requested {
            guard let k = lookup[code] else {
                let hint = Suggestions.didYouMean(code, among: codes)
                    ?? "the table's codes are \(codes.prefix(8).joined(separator: ", "))\(codes.count > 8 ? ", …" : "")"
                throw .invalidInput("\(context): unknown sector code \"\(code)\"; \(hint)")
            }
            guard seen.insert(k).inserted else {
                throw .invalidInput("\(context): sector code \"\(code)\" is named twice; name each sector once")
            }
            result.append(k)
        }
        return result
    }
}
