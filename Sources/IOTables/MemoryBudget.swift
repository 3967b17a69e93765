import Foundation

/// Sizes checked before allocating: every buffer whose size comes from an input number (sectors,
/// draws, days) is estimated first and refused, with the limit named, when it would not fit.
///
/// The machines ioshock runs on have 24 GiB; one command plans for at most `bytes` (16 GiB) and
/// leaves the rest to the system, the page cache and the text of its outputs. Without these
/// checks `generate --sectors 300000` asked for 720 GB and was killed.
public enum MemoryBudget {
    /// What one command may plan to hold at once: 16 GiB.
    public static let bytes = 16 << 30

    /// The most sectors a table may have (sectors.csv, `generate --sectors`): 15,000. One n × n
    /// matrix of doubles is then 1.8 GB; the Leontief model holds about four of them and
    /// `generate` about five plus the text of Z.csv.
    public static let maximumSectors = 15_000

    /// The product of `factors` times `size` bytes, or nil when it overflows an `Int`.
    public static func bytes(_ factors: [Int], each size: Int) -> Int? {
        var total = size
        for f in factors {
            let (product, overflow) = total.multipliedReportingOverflow(by: max(f, 0))
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// The sum of byte counts, nil when one is nil or the sum overflows.
    public static func sum(_ parts: [Int?]) -> Int? {
        var total = 0
        for part in parts {
            guard let part else { return nil }
            let (s, overflow) = total.addingReportingOverflow(part)
            if overflow { return nil }
            total = s
        }
        return total
    }

    /// Whether `needed` bytes fit the budget (nil, an overflow, never does).
    public static func fits(_ needed: Int?) -> Bool {
        guard let needed else { return false }
        return needed <= bytes
    }

    /// "12.3 GiB", "more than 8 EiB" for an overflow.
    public static func text(_ bytes: Int?) -> String {
        guard let bytes else { return "more than 8 EiB" }
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), k = 0
        while value >= 1024, k < units.count - 1 { value /= 1024; k += 1 }
        return k == 0 ? "\(bytes) bytes" : "\(String(format: "%.1f", value)) \(units[k])"
    }

    /// Refuses a plan that needs more than the budget: "<what> needs about 22.4 GiB of memory,
    /// more than the 16 GiB ioshock plans for".
    public static func check(_ what: String, needs needed: Int?, file: String, line: Int? = nil, column: Int? = nil, hint: String) throws(InputError) {
        guard !fits(needed) else { return }
        throw InputError(file: file, line: line, column: column,
                         "\(what) needs about \(text(needed)) of memory, more than the \(text(bytes)) ioshock plans for", hint: hint)
    }
}
