import IOTables

/// One scenario value that the file gives as a set of values or a distribution instead of a
/// number: `cut = [0.3, 0.5, 0.7]`, `cut = { from = 0.3, to = 0.7, steps = 5 }` or
/// `cut = { distribution = "triangular", min = 0.3, mode = 0.5, max = 0.8 }`.
public struct UncertainParameter: Sendable {
    public enum Spec: Sendable, Equatable {
        /// A list of values (written as a list, or as a range with steps).
        case grid([Double])
        case distribution(Distribution)
    }

    /// Where the value sits: the keys and array indices from the document's root.
    public enum PathElement: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    /// A readable name: `model.substitution`, `shock[1].cut` (1-based), or the user's `label`.
    public var name: String
    public var path: [PathElement]
    public var spec: Spec
    /// Where the value is written in the scenario file.
    public var position: SourcePosition
    /// The range the scenario format allows for this key (`ScenarioKeys`; any finite number for
    /// keys it does not know, which the parser then refuses as unknown).
    public var validRange: NumericRange
    /// Whether the grid values are all integers (substituted as TOML integers).
    public var integerGrid: Bool = false

    /// The key the value belongs to (`cut`, `substitution`…).
    public var key: String {
        if case let .key(k)? = path.last { return k }
        return name
    }

    /// The dotted path with 1-based indices: `shock[1].cut`.
    public static func dottedName(_ path: [PathElement]) -> String {
        var text = ""
        for element in path {
            switch element {
            case let .key(k): text += text.isEmpty ? k : ".\(k)"
            case let .index(i): text += "[\(i + 1)]"
            }
        }
        return text
    }

    /// Keys whose value is a list of numbers in the scenario format itself (not a sweep).
    public static let listValuedKeys: Set<String> = ["sweep_duration_days"]
}
