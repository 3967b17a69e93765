/// The tool's identity, printed with every result.
public enum ToolInfo {
    public static let name = "ioshock"
    public static let version = "0.1.0"
}
