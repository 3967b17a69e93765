/// Matching the NACE A64 industry codes of published data (`A01`, `B05-09`, `C10-12`, `L68`,
/// `T97-98`) with the product codes of the FPB tables (`01`, `05-09`, `10-12`, `68_`, `68a`, `97`).
///
/// Products are treated as the industries that make them (a product × product table's usual
/// approximation).
enum NACE64Codes {
    /// A NACE64 code without its section letter: "C10-12" → "10-12".
    static func strip(_ code: String) -> String {
        String(code.drop { $0.isLetter })
    }

    /// The (stripped) industry code for a table's product code among `industries`: the same code;
    /// for the split real-estate products `68_` and `68a`, `68`; otherwise the one industry whose
    /// range starts with the product code (`97` → `97-98`). Nil when there is none.
    static func industry(for product: String, among industries: Set<String>) -> String? {
        let stem = product.hasPrefix("68") ? "68" : product
        if industries.contains(stem) { return stem }
        let ranges = industries.filter { $0.hasPrefix(stem + "-") }
        return ranges.count == 1 ? ranges.first : nil
    }
}
