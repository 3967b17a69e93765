/// Building a document from a parsed one with some values replaced, keeping every position, so
/// that a file whose values are substituted (one Monte Carlo draw of a scenario) is checked and
/// reported against the lines the user wrote.
extension TOMLDocument {
    /// A document from an already-built root table (`path` names it in messages).
    public init(path: String, root: TOMLTable) {
        self.path = path
        self.root = root
    }
}

extension TOMLTable {
    /// Replaces the value of an existing key, keeping the key's and the value's positions.
    /// Does nothing when the key is absent.
    public mutating func replaceValue(_ key: String, with value: TOMLValue) {
        guard let node = self[key], let keyPosition = keyPosition(key) else { return }
        set(key, TOMLNode(value: value, position: node.position), keyPosition: keyPosition)
    }

    /// Removes a key (for sections that a later reader must not see, e.g. `[uncertainty]`).
    public func removing(_ key: String) -> TOMLTable {
        var copy = TOMLTable(position: position)
        copy.origin = origin
        copy.arraysOfTables = arraysOfTables.subtracting([key])
        for k in keys where k != key {
            copy.set(k, self[k]!, keyPosition: keyPosition(k)!)
        }
        return copy
    }
}
