import Foundation
import IOTables

/// Where a result came from: tool version, inputs with checksums, model and parameters.
public struct Provenance: Sendable {
    public struct Input: Sendable {
        public var role: String
        public var path: String
        public var sha256: String
    }

    public var command: String
    public var inputs: [Input] = []
    public var model: String?
    /// Every parameter after defaults, in a stable order.
    public var parameters: [(String, String)] = []

    public init(command: String) { self.command = command }

    /// Records a table bundle (directory digest, see `SHA256.hex(ofDirectory:)`).
    public mutating func addTable(_ path: String) {
        inputs.append(Input(role: "table", path: Self.display(path), sha256: SHA256.hex(ofDirectory: path) ?? "unreadable"))
    }

    public mutating func addFile(role: String, _ path: String) {
        inputs.append(Input(role: role, path: Self.display(path), sha256: SHA256.hex(ofFile: path) ?? "unreadable"))
    }

    /// A path as recorded: relative to the working directory when it lies below it, so that
    /// outputs do not depend on where the repository was cloned.
    public static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return absolute.hasPrefix(cwd + "/") ? String(absolute.dropFirst(cwd.count + 1)) : path
    }

    /// Markdown lines, as a block quote above a table.
    public func markdown() -> String {
        var lines = ["> \(ToolInfo.name) \(ToolInfo.version) · `\(command)`"]
        for input in inputs { lines.append("> \(input.role): `\(input.path)` (sha256 \(input.sha256.prefix(16))…)") }
        if let model { lines.append("> model: \(model)") }
        if !parameters.isEmpty { lines.append("> parameters: " + parameters.map { "\($0.0) = \($0.1)" }.joined(separator: ", ")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A JSON object.
    public func json() -> JSONValue {
        var object: [(String, JSONValue)] = [
            ("tool", .string(ToolInfo.name)), ("version", .string(ToolInfo.version)), ("command", .string(command)),
            ("inputs", .array(inputs.map { .object([("role", .string($0.role)), ("path", .string($0.path)), ("sha256", .string($0.sha256))]) })),
        ]
        if let model { object.append(("model", .string(model))) }
        object.append(("parameters", .object(parameters.map { ($0.0, .string($0.1)) })))
        return .object(object)
    }
}
